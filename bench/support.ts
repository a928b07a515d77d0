/**
 * Shared set-up for the benchmarks: a fresh database of either kind, the app on a port, and a
 * signed-in staff member (password and second step, as a browser does it).
 */
import autocannon from 'autocannon';
import pg from 'pg';
import type { FastifyInstance } from 'fastify';
import { buildApp, type RapportApp } from '../src/app';
import { loadConfig } from '../src/config';
import { openDatabase, type Database } from '../src/db/client';
import { insertUser } from '../src/features/auth/auth.repository';
import { hashPassword } from '../src/features/auth/passwords';
import { totpCode } from '../src/features/auth/second-factor';
import { insertFactor } from '../src/features/auth/second-factor.repository';
import type { Role } from '../src/db/schema';
import { createLogger } from '../src/platform/logger';
import { LogNotifier } from '../src/platform/notifier';

export type DbKind = 'pglite' | 'postgres';

/** PostgreSQL for the benchmarks: BENCH_DATABASE_URL, else the local server the tests use. */
export const POSTGRES_URL =
  process.env.BENCH_DATABASE_URL ??
  process.env.TEST_DATABASE_URL ??
  'postgres://rapport:rapport@127.0.0.1:5432/postgres';

/**
 * How the benchmarks reach PostgreSQL, for the record: a Unix socket takes a quarter off a single
 * page against loopback TCP (docs/performance.md), so figures must say which they used.
 */
export function postgresTransport(url: string = POSTGRES_URL): string {
  const { hostname, port } = new URL(url);
  const host = decodeURIComponent(hostname) || 'localhost';
  return host.startsWith('/') ? `Unix socket ${host}` : `TCP ${host}:${port || '5432'}`;
}

export interface BenchDatabase {
  database: Database;
  /** Drops the throwaway PostgreSQL database (PGlite's memory one just goes). */
  dispose(): Promise<void>;
  url: string | null;
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/** A new, migrated database: in memory for PGlite, a throwaway database on PostgreSQL. */
export async function openBenchDatabase(kind: DbKind): Promise<BenchDatabase> {
  if (kind === 'pglite') {
    const database = await openDatabase({ dataDir: 'memory://' });
    await database.migrate();
    return { database, url: null, dispose: () => database.close() };
  }
  const name = `rapport_bench_${process.pid}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = withDatabase(POSTGRES_URL, name);
  const database = await openDatabase({ databaseUrl: url });
  await database.migrate();
  return {
    database,
    url,
    dispose: async () => {
      await database.close();
      const drop = new pg.Client({ connectionString: POSTGRES_URL });
      await drop.connect();
      await drop.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await drop.end();
    },
  };
}

export interface BenchApp extends RapportApp {
  base: string;
  bench: BenchDatabase;
  close(): Promise<void>;
}

export async function startApp(
  kind: DbKind,
  port: number,
  env: Record<string, string> = {},
): Promise<BenchApp> {
  const logger = createLogger('silent');
  const bench = await openBenchDatabase(kind);
  const config = loadConfig({
    LOG_LEVEL: 'silent',
    PUBLIC_URL: `http://localhost:${port}`,
    PORT: String(port),
    NHS_FONTS: 'false',
    ...env,
  });
  const built = await buildApp({
    config,
    database: bench.database,
    logger,
    notifier: new LogNotifier(logger),
  });
  await built.app.listen({ port, host: '127.0.0.1' });
  return {
    ...built,
    bench,
    base: `http://localhost:${port}`,
    close: async () => {
      await built.app.close();
      await bench.dispose();
    },
  };
}

/** The `name=value` part of each cookie a response sets. */
export const cookiesOf = (response: Response) =>
  response.headers.getSetCookie().map((c) => c.split(';')[0] ?? '');

/** The sign-in form's CSRF cookie and token, as a browser gets them. */
export async function csrfFor(
  base: string,
  path = '/sign-in',
  cookie = '',
): Promise<{ cookie: string; token: string }> {
  const form = await fetch(`${base}${path}`, { headers: cookie ? { cookie } : {} });
  const token = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1];
  if (!token) throw new Error(`${path} has no CSRF token`);
  return { cookie: [cookie, ...cookiesOf(form)].filter(Boolean).join('; '), token };
}

const TOTP_SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

/** A staff member with an authenticator app, signed in through both steps; returns the cookie. */
export async function signInStaff(
  built: BenchApp,
  email: string,
  roles: Role[],
): Promise<{ cookie: string; userId: string }> {
  const db = built.bench.database.db;
  const user = await insertUser(db, {
    serviceId: built.service.id,
    email,
    displayName: 'Bench Therapist',
    roles,
    passwordHash: await hashPassword('bench walrus kettle'),
    createdAt: new Date(),
  });
  await insertFactor(db, {
    serviceId: built.service.id,
    userId: user.id,
    kind: 'totp',
    name: 'Bench authenticator',
    totpSecret: TOTP_SECRET,
    createdAt: new Date(),
  });
  const { cookie: csrfCookie, token } = await csrfFor(built.base);
  const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
  const post = (path: string, cookie: string, body: string) =>
    fetch(`${built.base}${path}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
      body,
    });
  const signIn = await post(
    '/sign-in',
    csrfCookie,
    form({ email, password: 'bench walrus kettle', _csrf: token }),
  );
  const pending = [csrfCookie, ...cookiesOf(signIn)].join('; ');
  const second = await post(
    '/sign-in/second-step',
    pending,
    form({ code: totpCode(TOTP_SECRET, new Date()), _csrf: token }),
  );
  if (second.status !== 303) throw new Error(`second step answered ${second.status}`);
  return { cookie: [csrfCookie, ...cookiesOf(second)].join('; '), userId: user.id };
}

export interface LoadOptions {
  url: string;
  seconds: number;
  connections: number;
  headers?: Record<string, string>;
  method?: 'GET' | 'POST';
  /** One request body per request, built on demand (unique referrals). */
  requests?: autocannon.Request[];
  amount?: number;
}

export function load(options: LoadOptions): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: options.url,
        headers: options.headers ?? {},
        connections: options.connections,
        // The load generator in its own thread, so it does not share the server's event loop.
        workers: options.requests ? 0 : 1,
        ...(options.amount ? { amount: options.amount } : { duration: options.seconds }),
        ...(options.requests ? { requests: options.requests } : {}),
        ...(options.method ? { method: options.method } : {}),
      },
      (err, result) => {
        if (err) reject(err as Error);
        else resolve(result);
      },
    );
  });
}

/**
 * The bare route serving the page's bytes (on `port + 1`) and the signed-in `/home` (on `port`),
 * loaded one after the other with the same connections and seconds.
 */
export async function loadBareThenHome(options: {
  port: number;
  cookie: string;
  seconds: number;
  connections: number;
}): Promise<{ baseline: autocannon.Result; page: autocannon.Result }> {
  const { port, cookie, seconds, connections } = options;
  const baseline = await load({ url: `http://127.0.0.1:${port + 1}/home`, seconds, connections });
  const page = await load({
    url: `http://127.0.0.1:${port}/home`,
    seconds,
    connections,
    headers: { cookie },
  });
  return { baseline, page };
}

/** A bare Fastify server for baselines; closed by the caller. */
export type Bare = FastifyInstance;

export interface Latencies {
  count: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  failures: number;
}

/** The value below which `p` of the sorted samples fall (nearest rank). */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}

// Runs in a worker thread, so the load does not share the server's event loop. Plain JS: a worker
// given source text is not compiled by tsx.
const LATENCY_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const { url, headers, connections, seconds, bodies, method } = workerData;
const samples = []; let failures = 0; let next = 0;
const until = Date.now() + seconds * 1000;
async function one() {
  for (;;) {
    if (bodies ? next >= bodies.length : Date.now() >= until) return;
    const i = next++;
    const h = bodies ? { ...headers, ...bodies[i].headers } : headers;
    const t = performance.now();
    try {
      const res = await fetch(url, { method, headers: h, body: bodies ? bodies[i].body : undefined, redirect: 'manual' });
      await res.arrayBuffer();
      if (res.status >= 400) failures++;
    } catch { failures++; }
    samples.push(performance.now() - t);
  }
}
const started = performance.now();
Promise.all(Array.from({ length: connections }, one)).then(() => {
  parentPort.postMessage({ samples, failures, elapsedMs: performance.now() - started });
});
`;

/**
 * Per-request latencies from `connections` concurrent loops in a worker thread: for `seconds`, or
 * once through `bodies` (one request each, e.g. distinct referrals).
 */
export async function measureLatencies(options: {
  url: string;
  connections: number;
  seconds?: number;
  headers?: Record<string, string>;
  method?: 'GET' | 'POST';
  bodies?: { body: string; headers: Record<string, string> }[];
}): Promise<Latencies> {
  const { Worker } = await import('node:worker_threads');
  const worker = new Worker(LATENCY_WORKER, {
    eval: true,
    workerData: {
      url: options.url,
      headers: options.headers ?? {},
      connections: options.connections,
      seconds: options.seconds ?? 5,
      bodies: options.bodies ?? null,
      method: options.method ?? 'GET',
    },
  });
  const result = await new Promise<{ samples: number[]; failures: number; elapsedMs: number }>(
    (resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    },
  );
  await worker.terminate();
  const sorted = [...result.samples].sort((a, b) => a - b);
  return {
    count: sorted.length,
    rps: (sorted.length / result.elapsedMs) * 1000,
    p50: percentile(sorted, 0.5),
    p95: percentile(sorted, 0.95),
    p99: percentile(sorted, 0.99),
    failures: result.failures,
  };
}
