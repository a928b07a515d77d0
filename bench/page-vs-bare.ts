/**
 * A signed-in page (session lookup, role guard, tenant transaction, audit, React render, headers)
 * against a bare Fastify route serving the same bytes, in the same run on the same machine.
 */
import Fastify from 'fastify';
import { load, signInStaff, startApp, type DbKind } from './support';

export interface PageVsBareResult {
  db: DbKind;
  bytes: number;
  baseline: { rps: number; p99: number };
  rapport: { rps: number; p50: number; p99: number };
  ratio: number;
  /** One request at a time: the latency of a single signed-in page. */
  single: { meanMs: number; p50: number; p99: number };
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

    const { seconds, connections } = options;
    const baseline = await load({
      url: `http://127.0.0.1:${options.port + 1}/home`,
      seconds,
      connections,
    });
    const rapport = await load({
      url: `http://127.0.0.1:${options.port}/home`,
      seconds,
      connections,
      headers: { cookie },
    });
    if (rapport.non2xx > 0) throw new Error(`${rapport.non2xx} non-2xx answers from Rapport`);
    const single = await load({
      url: `http://127.0.0.1:${options.port}/home`,
      seconds: Math.max(1, Math.round(seconds / 2)),
      connections: 1,
      headers: { cookie },
    });
    return {
      db,
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
  ];
}
