/**
 * How fast could a signed-in `/home` be if Rapport itself took no time? The statements one real
 * page sends to PostgreSQL are recorded, then replayed with no HTTP, React or drizzle, as
 * node-postgres sends them: the database's own ceiling for this page, with and without the audit
 * row. Each is printed against a bare Fastify route serving the same bytes, and beside the page
 * itself, all in the same run.
 */
import Fastify from 'fastify';
import pg from 'pg';
import { loadBareThenHome, signInStaff, startApp } from './support';

interface Recorded {
  text: string;
  name?: string;
  values: unknown[];
}

export interface DbCeilingResult {
  statements: number;
  baseline: { rps: number };
  page: { rps: number };
  /** The recorded statements replayed one at a time on a pool of `connections`. */
  oneByOne: { rps: number; p50: number; p99: number };
  /**
   * The same without the audit row (its message replaced by a bare COMMIT): what the audit
   * chain's per-service lock, held to commit (ADR 0010), costs the database.
   */
  withoutAudit: { rps: number; p50: number; p99: number };
}

/** Where queries are recorded while one request runs (the bench app runs no workers). */
let recording: Recorded[] | null = null;

/** Records every query sent while `recording` is set, whatever the pool: the app's pg is this pg. */
function recordQueries(): () => void {
  const proto = pg.Client.prototype as unknown as {
    query: (this: pg.Client, ...args: unknown[]) => unknown;
  };
  const original = proto.query;
  proto.query = function (this: pg.Client, ...args: unknown[]) {
    const into = recording;
    const [first, second] = args;
    if (into && typeof first === 'string')
      into.push({ text: first, values: Array.isArray(second) ? second : [] });
    else if (into && first && typeof first === 'object' && 'text' in first) {
      const q = first as { text: string; name?: string; values?: unknown[] };
      into.push({
        text: q.text,
        name: q.name,
        values: q.values ?? (Array.isArray(second) ? second : []),
      });
    }
    return original.apply(this, args);
  };
  return () => {
    proto.query = original;
  };
}

async function timed(
  connections: number,
  seconds: number,
  pool: pg.Pool,
  one: (client: pg.PoolClient) => Promise<void>,
): Promise<{ rps: number; p50: number; p99: number }> {
  const latencies: number[] = [];
  const end = Date.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (Date.now() < end) {
        const start = process.hrtime.bigint();
        const client = await pool.connect();
        try {
          await one(client);
        } finally {
          client.release();
        }
        latencies.push(Number(process.hrtime.bigint() - start) / 1e6);
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  const at = (q: number) => Number((latencies[Math.floor(latencies.length * q)] ?? NaN).toFixed(2));
  return { rps: latencies.length / seconds, p50: at(0.5), p99: at(0.99) };
}

export async function dbCeiling(options: {
  seconds: number;
  connections: number;
  port: number;
}): Promise<DbCeilingResult> {
  const stopRecording = recordQueries();
  const app = await startApp('postgres', options.port);
  const bare = Fastify();
  const pool = new pg.Pool({ connectionString: app.bench.url ?? '', max: options.connections });
  try {
    const { cookie } = await signInStaff(app, 'bench@example.nhs.uk', ['therapist']);
    const host = new URL(app.base).host;
    const statements: Recorded[] = [];
    recording = statements;
    const first = await app.app.inject({ method: 'GET', url: '/home', headers: { cookie, host } });
    recording = null;
    stopRecording();
    if (first.statusCode !== 200) throw new Error(`/home answered ${first.statusCode}`);
    bare.get('/home', (_req, reply) => reply.type('text/html; charset=utf-8').send(first.body));
    await bare.listen({ port: options.port + 1, host: '127.0.0.1' });

    const { seconds, connections } = options;
    const { baseline, page } = await loadBareThenHome({ ...options, cookie });
    const replay = (list: Recorded[]) =>
      timed(connections, seconds, pool, async (client) => {
        for (const s of list)
          await client.query(s.name ? { name: s.name, text: s.text, values: s.values } : s);
      });
    const oneByOne = await replay(statements);
    const withoutAudit = await replay(
      statements.map((s) =>
        /^\s*insert into "?audit_events"?/i.test(s.text) ? { text: 'commit', values: [] } : s,
      ),
    );
    return {
      statements: statements.length,
      baseline: { rps: baseline.requests.average },
      page: { rps: page.requests.average },
      oneByOne,
      withoutAudit,
    };
  } finally {
    stopRecording();
    await pool.end();
    await bare.close();
    await app.close();
  }
}

export function describeDbCeiling(r: DbCeilingResult): string[] {
  const ratio = (rps: number) => (rps / r.baseline.rps).toFixed(3);
  return [
    `db-ceiling (postgres): ${r.statements} messages to PostgreSQL per signed-in /home`,
    `  baseline (bare route):            ${r.baseline.rps.toFixed(0)} req/s`,
    `  the page:                         ${r.page.rps.toFixed(0)} req/s, ratio ${ratio(r.page.rps)}`,
    `  its statements alone, one by one: ${r.oneByOne.rps.toFixed(0)}/s, ratio ${ratio(r.oneByOne.rps)}, p50 ${r.oneByOne.p50} ms, p99 ${r.oneByOne.p99} ms`,
    `  the same without the audit row:   ${r.withoutAudit.rps.toFixed(0)}/s, ratio ${ratio(r.withoutAudit.rps)}, p50 ${r.withoutAudit.p50} ms, p99 ${r.withoutAudit.p99} ms`,
  ];
}
