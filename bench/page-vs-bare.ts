/**
 * A signed-in page (session lookup, role guard, tenant transaction, audit, React render, headers)
 * against a bare Fastify route serving the same bytes, in the same run on the same machine.
 */
import Fastify from 'fastify';
import { load, loadBareThenHome, signInStaff, startApp, type DbKind } from './support';

export interface PageVsBareResult {
  db: DbKind;
  bytes: number;
  baseline: { rps: number; p99: number };
  rapport: { rps: number; p50: number; p99: number };
  ratio: number;
  /** One request at a time: the latency of a single signed-in page. */
  single: { meanMs: number; p50: number; p99: number };
  /**
   * CPU time of this process per request, one at a time through `inject` (no sockets): steadier
   * than req/s on a busy machine, and it shows the app's own cost apart from waiting on the
   * database (for PostgreSQL the server's CPU is not in it).
   */
  cpu: { pageMs: number; bareMs: number };
}

/** Median CPU milliseconds per call of `one`, over five rounds after a warm-up. */
async function cpuPerRequest(one: () => Promise<void>, perRound = 200): Promise<number> {
  for (let i = 0; i < perRound; i++) await one();
  const rounds: number[] = [];
  for (let round = 0; round < 5; round++) {
    const before = process.cpuUsage();
    for (let i = 0; i < perRound; i++) await one();
    const used = process.cpuUsage(before);
    rounds.push((used.user + used.system) / 1000 / perRound);
  }
  return rounds.sort((a, b) => a - b)[2] ?? Number.NaN;
}

export async function pageVsBare(
  db: DbKind,
  options: { seconds: number; connections: number; port: number },
): Promise<PageVsBareResult> {
  const app = await startApp(db, options.port);
  const bare = Fastify();
  try {
    const { cookie } = await signInStaff(app, 'bench@example.nhs.uk', ['therapist']);
    const page = await fetch(`${app.base}/home`, { headers: { cookie }, redirect: 'manual' });
    if (page.status !== 200) throw new Error(`signed-in page answered ${page.status}`);
    const bytes = await page.text();
    bare.get('/home', (_req, reply) => reply.type('text/html; charset=utf-8').send(bytes));
    await bare.listen({ port: options.port + 1, host: '127.0.0.1' });

    const { seconds } = options;
    const { baseline, page: rapport } = await loadBareThenHome({ ...options, cookie });
    if (rapport.non2xx > 0) throw new Error(`${rapport.non2xx} non-2xx answers from Rapport`);
    const single = await load({
      url: `http://127.0.0.1:${options.port}/home`,
      seconds: Math.max(1, Math.round(seconds / 2)),
      connections: 1,
      headers: { cookie },
    });
    const host = new URL(app.base).host;
    const ok = (answer: { statusCode: number }) => {
      if (answer.statusCode !== 200) throw new Error(`/home answered ${answer.statusCode}`);
    };
    const cpu = {
      pageMs: await cpuPerRequest(async () => {
        ok(await app.app.inject({ method: 'GET', url: '/home', headers: { cookie, host } }));
      }),
      bareMs: await cpuPerRequest(async () => {
        ok(await bare.inject({ method: 'GET', url: '/home' }));
      }),
    };
    return {
      db,
      cpu,
      bytes: bytes.length,
      baseline: { rps: baseline.requests.average, p99: baseline.latency.p99 },
      rapport: {
        rps: rapport.requests.average,
        p50: rapport.latency.p50,
        p99: rapport.latency.p99,
      },
      ratio: rapport.requests.average / baseline.requests.average,
      single: { meanMs: single.latency.average, p50: single.latency.p50, p99: single.latency.p99 },
    };
  } finally {
    await bare.close();
    await app.close();
  }
}

export function describePageVsBare(r: PageVsBareResult): string[] {
  return [
    `page-vs-bare (${r.db}): page of ${r.bytes} bytes`,
    `  baseline (bare route):  ${r.baseline.rps.toFixed(0)} req/s, p99 ${r.baseline.p99} ms`,
    `  rapport (signed-in):    ${r.rapport.rps.toFixed(0)} req/s, p50 ${r.rapport.p50} ms, p99 ${r.rapport.p99} ms`,
    `  ratio rapport/baseline: ${r.ratio.toFixed(3)}`,
    `  one at a time:          ${r.single.meanMs.toFixed(2)} ms mean, p99 ${r.single.p99} ms`,
    `  CPU per request:        ${r.cpu.pageMs.toFixed(2)} ms (bare route ${r.cpu.bareMs.toFixed(3)} ms)`,
  ];
}
