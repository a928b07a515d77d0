/**
 * The Wall under load (issue 14): two app instances on one PostgreSQL, N members' sockets spread
 * across them from worker threads, posts at a fixed rate through one instance, and every post's
 * delivery to every socket timed. Prints, for each N, connected sockets, deliveries a second,
 * delivery latency p50/p99, lost and duplicated deliveries, and the change from the smallest N.
 * Usage: node --import tsx bench/wall.ts [--clients 500,1000,2500,5000] [--rate 5] [--seconds 10]
 *   [--workers 4] [--connect-rate 1000] [--profile DIR]   (PostgreSQL at BENCH_DATABASE_URL, else TEST_DATABASE_URL, else
 *   postgres://rapport:rapport@127.0.0.1:5432/postgres)
 * Every wait has a time limit, and the instances and workers are stopped however it ends.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import pg from 'pg';
import WebSocket from 'ws';
import { eq, sql } from 'drizzle-orm';
import { loadConfig } from '../src/config';
import { openDatabase, type Database } from '../src/db/client';
import { communityMembers, services, sessions, users, wallSequences } from '../src/db/schema';
import { ensureDefaultService } from '../src/platform/instance';
import { sessionCookieName } from '../src/platform/session';
import { newToken, hashToken } from '../src/platform/tokens';
import { POSTGRES_URL } from './support';
import type { WallClientsEvent, WallClientsInput } from './wall-clients';

const ORIGIN = 'http://localhost:3000';
// The instances' cookie name, by the app's own rule (localhost counts as secure: `__Host-`).
const COOKIE = sessionCookieName({
  secure: loadConfig({ LOG_LEVEL: 'silent', PUBLIC_URL: ORIGIN }).secureCookies,
});
/** The Wall's limit is 5 messages a minute per member: each poster sends at most 4 per round. */
const POSTS_PER_POSTER = 4;

export interface WallBenchOptions {
  clients: number[];
  rate: number;
  seconds: number;
  workers: number;
  /** Sockets opened a second, over all workers (1,000 unless given). */
  connectRate?: number;
  databaseUrl?: string;
  /** A directory for the instances' CPU profiles (`--cpu-prof`); none when unset. */
  profileDir?: string;
  log?: (line: string) => void;
}

export interface WallRound {
  clients: number;
  connected: number;
  failed: number;
  /** Sockets that were reset or dropped before catching up and connected again after a back-off. */
  retried: number;
  posted: number;
  refused: number;
  deliveriesPerSecond: number;
  /** Instances' CPU time per socket connected and caught up (ms), both instances together. */
  serverCpuPerConnectMs: number;
  /** Instances' CPU time per delivery while posting (µs), everything they did meanwhile included. */
  serverCpuPerDeliveryUs: number;
  /** The client workers' CPU time per delivery (µs): it shares the cores with the instances. */
  clientCpuPerDeliveryUs: number;
  p50Ms: number;
  p99Ms: number;
  lost: number;
  duplicated: number;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

/** Rejects, saying what it waited for, when `promise` takes longer than `ms`. */
async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(new Error(`timed out after ${String(ms / 1000)} s waiting for ${what}`));
    }, ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** Children to stop however the bench ends (an error, Ctrl-C, a timeout). */
const children = new Set<ChildProcess>();

/** CPU time (user + system, ms) the instances have used so far, asked over their IPC channel. */
async function instancesCpuMs(): Promise<number> {
  const usages = await within(
    Promise.all(
      [...children].map(
        (child) =>
          new Promise<NodeJS.CpuUsage>((resolve) => {
            const answer = (m: { type?: string; usage?: NodeJS.CpuUsage }) => {
              if (m.type !== 'cpu' || !m.usage) return;
              child.off('message', answer);
              resolve(m.usage);
            };
            child.on('message', answer);
            child.send({ type: 'cpu' });
          }),
      ),
    ),
    10_000,
    'the instances to say their CPU time',
  );
  return usages.reduce((sum, u) => sum + (u.user + u.system) / 1000, 0);
}

/** CPU time (ms) of this process: the client workers and the posters. */
const ownCpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
process.on('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});

async function startInstance(databaseUrl: string, profileDir?: string): Promise<number> {
  const port = await freePort();
  // `--profile DIR`: each instance writes a CPU profile there when it stops.
  const profile = profileDir ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : [];
  // The IPC channel ends the instance if this process dies without stopping it (see wall-instance).
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', 'bench/wall-instance.ts'], {
    env: { ...process.env, DATABASE_URL: databaseUrl, PORT: String(port), NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  children.add(child);
  child.once('exit', () => children.delete(child));
  await within(
    new Promise<void>((resolve, reject) => {
      child.stdout?.on('data', (d: Buffer) => {
        if (d.toString().includes('ready')) resolve();
      });
      child.once('exit', (code) => {
        reject(new Error(`instance exited with ${String(code)} before it was ready`));
      });
    }),
    120_000,
    'an app instance to start',
  );
  return port;
}

async function stopInstances(): Promise<void> {
  const running = [...children];
  for (const child of running) child.kill('SIGTERM');
  await within(
    Promise.all(running.filter((c) => c.exitCode === null).map((c) => once(c, 'exit'))),
    15_000,
    'the instances to stop',
  ).catch(() => {
    for (const child of running) child.kill('SIGKILL');
  });
}

/** Members with signed-in sessions, 1,000 rows an insert. */
async function seedMembers(database: Database, serviceId: string, total: number) {
  const tokens: string[] = [];
  const now = new Date();
  for (let start = 0; start < total; start += 1000) {
    const batch = Array.from({ length: Math.min(1000, total - start) }, (_, k) => start + k);
    const userRows = await database.root
      .insert(users)
      .values(
        batch.map((i) => ({
          serviceId,
          email: `bench${String(i)}@example.test`,
          emailNormalised: `bench${String(i)}@example.test`,
          displayName: `Bench ${String(i)}`,
          roles: ['community_member' as const],
          passwordHash: 'x',
          createdAt: now,
        })),
      )
      .returning({ id: users.id });
    await database.root.insert(communityMembers).values(
      userRows.map((u, k) => ({
        serviceId,
        userId: u.id,
        pseudonym: `Member${String(start + k)}`,
        pseudonymKey: `member${String(start + k)}`,
        avatar: 'circle-blue',
        kind: 'former_patient' as const,
        badge: null,
        rulesAcceptedAt: now,
        joinedAt: now,
      })),
    );
    const batchTokens = userRows.map(() => newToken(16));
    tokens.push(...batchTokens);
    await database.root.insert(sessions).values(
      userRows.map((u, k) => ({
        serviceId,
        tokenHash: hashToken(batchTokens[k] ?? ''),
        userId: u.id,
        createdAt: now,
        lastSeenAt: now,
        ip: '127.0.0.1',
      })),
    );
  }
  return tokens;
}

function startWorker(input: WallClientsInput) {
  const script = new URL('./wall-clients.ts', import.meta.url).href;
  // Workers do not inherit `--import tsx` on Node 20: the worker registers it, then loads the file.
  const worker = new Worker(
    `import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(script)}); })`,
    { eval: true, workerData: input },
  );
  const listeners = new Set<(e: WallClientsEvent) => void>();
  let failure: Error | null = null;
  const failed = new Set<(err: Error) => void>();
  worker.on('message', (e: WallClientsEvent) => {
    for (const l of listeners) l(e);
  });
  const die = (err: Error) => {
    failure = err;
    for (const f of failed) f(err);
  };
  worker.on('error', die);
  worker.on('exit', (code) => {
    die(new Error(`a client worker exited (${String(code)})`));
  });
  /** The next event of this type from the worker (or its failure). */
  const next = <T extends WallClientsEvent['type']>(type: T, ask?: string) =>
    new Promise<Extract<WallClientsEvent, { type: T }>>((resolve, reject) => {
      if (failure) {
        reject(failure);
        return;
      }
      const listener = (e: WallClientsEvent) => {
        if (e.type !== type) return;
        listeners.delete(listener);
        failed.delete(reject);
        resolve(e as Extract<WallClientsEvent, { type: T }>);
      };
      listeners.add(listener);
      failed.add(reject);
      if (ask) worker.postMessage({ type: ask });
    });
  return { worker, listeners, next };
}

/** Runs one round per client count, on one database with two instances; returns the rows. */
export async function wallBench(options: WallBenchOptions): Promise<WallRound[]> {
  const log =
    options.log ??
    ((line: string) => {
      console.log(line);
    });
  const adminUrl = options.databaseUrl ?? POSTGRES_URL;
  const name = `rapport_bench_wall_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await within(admin.connect(), 15_000, `PostgreSQL at ${adminUrl}`);
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const databaseUrl = url.toString();
  const database = await openDatabase({ databaseUrl, poolSize: 4 });
  const workers: ReturnType<typeof startWorker>[] = [];
  const posterSockets: WebSocket[] = [];
  const rounds: WallRound[] = [];
  try {
    log(`wall: database ${name}; migrating and seeding…`);
    await database.migrate();
    const service = await ensureDefaultService(database.root, 'Bench Talking Therapies');
    // Open every day, all day, so the bench runs whenever it is started (not on bank holidays).
    const [row] = await database.root.select().from(services).where(eq(services.id, service.id));
    if (!row) throw new Error('the service was not created');
    await database.root
      .update(services)
      .set({
        settings: {
          ...row.settings,
          wallHours: {
            opens: '00:00',
            closes: '23:59',
            days: [1, 2, 3, 4, 5, 6, 7],
            extraClosures: [],
          },
        },
      })
      .where(eq(services.id, service.id));

    const max = Math.max(...options.clients);
    const posts = Math.round(options.rate * options.seconds);
    const postersPerRound = Math.max(1, Math.ceil(posts / POSTS_PER_POSTER));
    // Fresh posters each round: the same ones again within a minute would be refused.
    const tokens = await seedMembers(
      database,
      service.id,
      max + postersPerRound * options.clients.length,
    );
    log(`wall: seeded ${String(tokens.length)} members; starting two instances…`);
    const ports = await Promise.all([
      startInstance(databaseUrl, options.profileDir),
      startInstance(databaseUrl, options.profileDir),
    ]);
    log(`wall: instances ready on ports ${ports.join(' and ')}`);

    for (const [index, n] of options.clients.entries()) {
      const [seqRow] = await database.root
        .select()
        .from(wallSequences)
        .where(eq(wallSequences.serviceId, service.id));
      const since = seqRow?.lastSeq ?? 0;
      const shares: WallClientsInput['clients'][] = Array.from(
        { length: Math.max(1, Math.min(options.workers, n)) },
        () => [],
      );
      for (let i = 0; i < n; i++)
        shares[i % shares.length]?.push({
          url: `ws://127.0.0.1:${String(ports[i % 2])}/community/wall/live`,
          cookie: `${COOKIE}=${tokens[i] ?? ''}`,
        });
      const round = index + 1;
      workers.push(
        ...shares.map((clients) =>
          startWorker({
            clients,
            since,
            round,
            origin: ORIGIN,
            connectPerSecond: (options.connectRate ?? 1000) / shares.length,
          }),
        ),
      );

      const connectCpu = await instancesCpuMs();
      // Connect, saying how far it has got each second.
      const connected = new Map<Worker, number>();
      const progress = (e: WallClientsEvent, w: Worker) => {
        if (e.type !== 'progress') return;
        connected.set(w, e.connected);
      };
      const tick = setInterval(() => {
        const sum = [...connected.values()].reduce((s, c) => s + c, 0);
        log(`wall: ${String(n)} clients: connected ${String(sum)}/${String(n)}…`);
      }, 2000);
      const listeners = workers.map((w) => {
        const l = (e: WallClientsEvent) => {
          progress(e, w.worker);
        };
        w.listeners.add(l);
        return () => w.listeners.delete(l);
      });
      let ready: Extract<WallClientsEvent, { type: 'ready' }>[];
      try {
        ready = await within(
          Promise.all(workers.map((w) => w.next('ready'))),
          60_000 + n * 40,
          `${String(n)} clients to connect`,
        );
      } finally {
        clearInterval(tick);
        for (const off of listeners) off();
      }
      const connectedCpu = await instancesCpuMs();
      const connectedCount = ready.reduce((s, r) => s + r.connected, 0);
      const failed = ready.reduce((s, r) => s + r.failed, 0);
      const retried = ready.reduce((s, r) => s + r.retried, 0);
      const why = [...new Set(ready.flatMap((r) => r.errors))].join('; ');
      log(
        `wall: ${String(n)} clients: connected ${String(connectedCount)}/${String(n)}` +
          (retried ? `, ${String(retried)} needed a retry` : '') +
          (failed ? `, ${String(failed)} failed` : '') +
          (why ? ` (${why})` : ''),
      );

      // Posters: their own sockets on the first instance, taking turns under the per-member limit.
      const base = max + index * postersPerRound;
      let posted = 0;
      let refused = 0;
      const refusals: string[] = [];
      const answered = new Set<(n: number) => void>();
      const sockets = await within(
        Promise.all(
          Array.from({ length: postersPerRound }, async (_, p) => {
            const ws = new WebSocket(`ws://127.0.0.1:${String(ports[0])}/community/wall/live`, {
              headers: { cookie: `${COOKIE}=${tokens[base + p] ?? ''}` },
              origin: ORIGIN,
            });
            posterSockets.push(ws);
            ws.on('message', (data) => {
              const m = JSON.parse((data as Buffer).toString()) as {
                type: string;
                message?: string;
              };
              if (m.type === 'posted') posted++;
              else if (m.type === 'refused' || m.type === 'error') {
                refused++;
                if (refusals.length < 3) refusals.push(m.message ?? m.type);
              } else return;
              for (const a of answered) a(posted + refused);
            });
            await once(ws, 'open');
            return ws;
          }),
        ),
        30_000,
        'the posters to connect',
      );
      log(
        `wall: ${String(n)} clients: posting ${String(posts)} messages at ${String(options.rate)}/s…`,
      );
      const postingCpu = await instancesCpuMs();
      const postingOwnCpu = ownCpuMs();
      const started = Date.now();
      for (let k = 0; k < posts; k++) {
        const wait = started + (k * 1000) / options.rate - Date.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        sockets[k % sockets.length]?.send(
          JSON.stringify({
            type: 'post',
            key: `bench-${String(round)}-${String(k)}-${randomBytes(4).toString('hex')}`,
            body: `bench ${String(round)} ${String(k)} ${String(Date.now())}`,
          }),
        );
      }
      await within(
        new Promise<void>((resolve) => {
          const check = (count: number) => {
            if (count < posts) return;
            answered.delete(check);
            resolve();
          };
          answered.add(check);
          check(posted + refused);
        }),
        30_000,
        'every post to be answered',
      );
      if (refused) log(`wall: ${String(refused)} posts refused: ${refusals.join('; ')}`);

      // Deliveries: wait until every connected client has every post, or nothing arrives for 5 s.
      const expected = posted * connectedCount;
      let last = -1;
      let quietSince = Date.now();
      let counts = { deliveries: 0, duplicates: 0, lastAt: 0 };
      for (;;) {
        const all = await within(
          Promise.all(workers.map((w) => w.next('counts', 'counts'))),
          30_000,
          'the workers to count deliveries',
        );
        counts = {
          deliveries: all.reduce((s, c) => s + c.deliveries, 0),
          duplicates: all.reduce((s, c) => s + c.duplicates, 0),
          lastAt: Math.max(...all.map((c) => c.lastAt)),
        };
        if (counts.deliveries >= expected) break;
        if (counts.deliveries !== last) {
          last = counts.deliveries;
          quietSince = Date.now();
        } else if (Date.now() - quietSince > 5000) break;
        await new Promise((r) => setTimeout(r, 200));
      }
      const deliveredCpu = await instancesCpuMs();
      const deliveredOwnCpu = ownCpuMs();
      const reports = await within(
        Promise.all(workers.map((w) => w.next('report', 'report'))),
        60_000,
        'the workers to report',
      );
      const latencies = reports.flatMap((r) => r.latencies).sort((x, y) => x - y);
      const deliveries = reports.reduce((s, r) => s + r.deliveries, 0);
      const stored = await database.root.execute(
        sql`select count(*)::int as n from wall_messages where seq > ${since}`,
      );
      const storedCount = (stored as { rows: { n: number }[] }).rows[0]?.n ?? 0;
      const elapsed = Math.max(1, (counts.lastAt || Date.now()) - started) / 1000;
      rounds.push({
        clients: n,
        connected: connectedCount,
        failed,
        retried,
        posted: storedCount,
        refused,
        deliveriesPerSecond: deliveries / elapsed,
        serverCpuPerConnectMs: (connectedCpu - connectCpu) / Math.max(1, connectedCount),
        serverCpuPerDeliveryUs: ((deliveredCpu - postingCpu) * 1000) / Math.max(1, deliveries),
        clientCpuPerDeliveryUs:
          ((deliveredOwnCpu - postingOwnCpu) * 1000) / Math.max(1, deliveries),
        p50Ms: percentile(latencies, 50),
        p99Ms: percentile(latencies, 99),
        lost: storedCount * connectedCount - deliveries,
        duplicated: reports.reduce((s, r) => s + r.duplicates, 0),
      });
      for (const line of describeWall(rounds).slice(-1)) log(line);

      for (const ws of sockets) ws.terminate();
      await Promise.all(workers.splice(0).map((w) => w.worker.terminate()));
    }
  } finally {
    for (const ws of posterSockets) ws.terminate();
    await Promise.all(workers.map((w) => w.worker.terminate()));
    await stopInstances();
    await database.close().catch(() => undefined);
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => undefined);
    await admin.end();
  }
  return rounds;
}

/** A table row per client count, each against the smallest count's figures. */
export function describeWall(rounds: WallRound[]): string[] {
  const first = rounds[0];
  const ratio = (a: number, b: number | undefined) =>
    b && Number.isFinite(a) ? `×${(a / b).toFixed(2)}` : '–';
  return [
    'wall: clients connected retried posts deliveries/s p50 ms p99 ms lost duplicated | CPU: ms/connect µs/delivery server client | vs first: deliveries/s p50 p99',
    ...rounds.map((r) =>
      [
        'wall:',
        String(r.clients).padStart(7),
        String(r.connected).padStart(9),
        String(r.retried).padStart(7),
        String(r.posted).padStart(5),
        r.deliveriesPerSecond.toFixed(0).padStart(12),
        r.p50Ms.toFixed(0).padStart(6),
        r.p99Ms.toFixed(0).padStart(6),
        String(r.lost).padStart(4),
        String(r.duplicated).padStart(10),
        '|',
        r.serverCpuPerConnectMs.toFixed(2).padStart(14),
        r.serverCpuPerDeliveryUs.toFixed(1).padStart(19),
        r.clientCpuPerDeliveryUs.toFixed(1).padStart(6),
        '|',
        ratio(r.deliveriesPerSecond, first?.deliveriesPerSecond).padStart(9),
        ratio(r.p50Ms, first?.p50Ms).padStart(6),
        ratio(r.p99Ms, first?.p99Ms).padStart(6),
      ].join(' '),
    ),
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values } = parseArgs({
    options: {
      clients: { type: 'string', default: '500,1000,2500,5000' },
      rate: { type: 'string', default: '5' },
      seconds: { type: 'string', default: '10' },
      workers: { type: 'string', default: '4' },
      'connect-rate': { type: 'string', default: '1000' },
      profile: { type: 'string' },
    },
  });
  const stop = () => {
    // The exit handler kills the instances; the bench database (its name was printed) stays.
    process.exit(130);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  wallBench({
    clients: values.clients.split(',').map(Number),
    rate: Number(values.rate),
    seconds: Number(values.seconds),
    workers: Number(values.workers),
    connectRate: Number(values['connect-rate']),
    profileDir: values.profile,
  })
    .then((rounds) => {
      console.log(describeWall(rounds).join('\n'));
      process.exit(0);
    })
    .catch((err: unknown) => {
      console.error('bench wall failed:', err);
      process.exit(1);
    });
}
