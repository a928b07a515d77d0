/**
 * The Wall under load (issue 14): two app instances on one PostgreSQL, N members' sockets spread
 * across them from worker threads, posts at a fixed rate through one instance, and every post's
 * delivery to every socket timed. Prints, for each N, connected sockets, deliveries a second,
 * delivery latency p50/p99, and lost and duplicated deliveries.
 * Usage: node --import tsx bench/wall.ts [--clients 500,1000,2500,5000] [--rate 5] [--seconds 10]
 *   (PostgreSQL at BENCH_DATABASE_URL, default postgres://rapport:rapport@127.0.0.1:5432/postgres)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import pg from 'pg';
import WebSocket from 'ws';
import { eq, sql } from 'drizzle-orm';
import { openDatabase } from '../src/db/client';
import { communityMembers, services, sessions, users, wallSequences } from '../src/db/schema';
import { ensureDefaultService } from '../src/platform/instance';
import { newToken, hashToken } from '../src/platform/tokens';

const { values } = parseArgs({
  options: {
    clients: { type: 'string', default: '500,1000,2500,5000' },
    rate: { type: 'string', default: '5' },
    seconds: { type: 'string', default: '10' },
    workers: { type: 'string', default: '4' },
  },
});
const counts = values.clients.split(',').map(Number);
const rate = Number(values.rate);
const seconds = Number(values.seconds);
const workerCount = Number(values.workers);
const adminUrl =
  process.env.BENCH_DATABASE_URL ?? 'postgres://rapport:rapport@127.0.0.1:5432/postgres';
const COOKIE = 'rapport-session';

/** The i-th item, which the bench's own arithmetic guarantees exists. */
function at<T>(items: readonly T[], i: number): T {
  const item = items[i];
  if (item === undefined) throw new Error(`no item ${String(i)}`);
  return item;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
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

async function startInstance(databaseUrl: string): Promise<{ port: number; child: ChildProcess }> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/wall-instance.ts'], {
    env: { ...process.env, DATABASE_URL: databaseUrl, PORT: String(port), NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      if (d.toString().includes('ready')) resolve();
    });
    child.once('exit', (code) => {
      reject(new Error(`instance exited with ${String(code)}`));
    });
  });
  return { port, child };
}

async function main() {
  const name = `rapport_bench_wall_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const databaseUrl = url.toString();
  const database = await openDatabase({ databaseUrl, poolSize: 4 });
  const instances: ChildProcess[] = [];
  try {
    console.log(`bench wall: database ${name}; migrating and seeding…`);
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

    const max = Math.max(...counts);
    const posters = Math.max(1, Math.ceil((rate * seconds) / 4));
    const total = max + posters;
    const tokens: string[] = [];
    const now = new Date();
    for (let start = 0; start < total; start += 1000) {
      const batch = Array.from({ length: Math.min(1000, total - start) }, (_, k) => start + k);
      const userRows = await database.root
        .insert(users)
        .values(
          batch.map((i) => ({
            serviceId: service.id,
            email: `bench${i}@example.test`,
            emailNormalised: `bench${i}@example.test`,
            displayName: `Bench ${i}`,
            roles: ['community_member' as const],
            passwordHash: 'x',
            createdAt: now,
          })),
        )
        .returning({ id: users.id });
      await database.root.insert(communityMembers).values(
        userRows.map((u, k) => ({
          serviceId: service.id,
          userId: u.id,
          pseudonym: `Member${start + k}`,
          pseudonymKey: `member${start + k}`,
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
          serviceId: service.id,
          tokenHash: hashToken(at(batchTokens, k)),
          userId: u.id,
          createdAt: now,
          lastSeenAt: now,
          ip: '127.0.0.1',
        })),
      );
      process.stdout.write(`\r  seeded ${Math.min(start + 1000, total)} of ${total} members`);
    }
    process.stdout.write('\n');

    const [a, b] = await Promise.all([startInstance(databaseUrl), startInstance(databaseUrl)]);
    instances.push(a.child, b.child);
    const ports = [a.port, b.port];
    console.log(`  two instances on ports ${ports.join(' and ')}\n`);
    console.log('clients  connected  posts  deliveries/s  p50 ms  p99 ms  lost  duplicated');

    for (const n of counts) {
      const [seqRow] = await database.root
        .select()
        .from(wallSequences)
        .where(eq(wallSequences.serviceId, service.id));
      const since = seqRow?.lastSeq ?? 0;
      const shares: { url: string; cookie: string }[][] = Array.from(
        { length: workerCount },
        () => [],
      );
      for (let i = 0; i < n; i++)
        at(shares, i % workerCount).push({
          url: `ws://127.0.0.1:${at(ports, i % 2)}/community/wall/live`,
          cookie: `${COOKIE}=${at(tokens, i)}`,
        });
      const workers = shares.map(
        (clients) =>
          new Worker(new URL('./wall-clients.ts', import.meta.url), {
            workerData: { clients, since },
            execArgv: ['--import', 'tsx'],
          }),
      );
      await Promise.all(
        workers.map(
          (w) =>
            new Promise<void>((resolve) => {
              w.on('message', (m: { type: string }) => {
                if (m.type === 'ready') resolve();
              });
            }),
        ),
      );
      // Posters: their own sockets on the first instance, taking turns under the per-member limit.
      const posterSockets = await Promise.all(
        Array.from({ length: posters }, async (_, p) => {
          const ws = new WebSocket(`ws://127.0.0.1:${at(ports, 0)}/community/wall/live`, {
            headers: { cookie: `${COOKIE}=${at(tokens, max + p)}` },
            origin: 'http://localhost:3000',
          });
          await once(ws, 'open');
          return ws;
        }),
      );
      const posts = rate * seconds;
      const started = Date.now();
      for (let k = 0; k < posts; k++) {
        const due = started + (k * 1000) / rate;
        const wait = due - Date.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        at(posterSockets, k % posters).send(
          JSON.stringify({
            type: 'post',
            key: `bench-${n}-${k}-${randomBytes(4).toString('hex')}`,
            body: `bench ${k} ${Date.now()}`,
          }),
        );
      }
      // Let the last posts arrive.
      await new Promise((r) => setTimeout(r, 3000));
      const elapsed = (Date.now() - started) / 1000;
      const reports = await Promise.all(
        workers.map(
          (w) =>
            new Promise<{
              latencies: number[];
              deliveries: number;
              duplicates: number;
              perClient: string[][];
            }>((resolve) => {
              w.on('message', (m: { type: string } & Record<string, unknown>) => {
                if (m.type === 'report') resolve(m as never);
              });
              w.postMessage({ type: 'report' });
            }),
        ),
      );
      const latencies = reports.flatMap((r) => r.latencies).sort((x, y) => x - y);
      const deliveries = reports.reduce((s, r) => s + r.deliveries, 0);
      const duplicates = reports.reduce((s, r) => s + r.duplicates, 0);
      const posted = await database.root.execute(
        sql`select count(*)::int as n from wall_messages where seq > ${since}`,
      );
      const postedCount = (posted as { rows: { n: number }[] }).rows[0]?.n ?? 0;
      const lost = postedCount * n - deliveries;
      console.log(
        [
          String(n).padStart(7),
          String(reports.reduce((s, r) => s + r.perClient.length, 0)).padStart(10),
          String(postedCount).padStart(6),
          (deliveries / elapsed).toFixed(0).padStart(13),
          percentile(latencies, 50).toFixed(0).padStart(7),
          percentile(latencies, 99).toFixed(0).padStart(7),
          String(lost).padStart(5),
          String(duplicates).padStart(11),
        ].join(' '),
      );
      for (const ws of posterSockets) ws.terminate();
      await Promise.all(workers.map((w) => w.terminate()));
    }
  } finally {
    for (const child of instances) child.kill('SIGTERM');
    await Promise.all(instances.filter((c) => c.exitCode === null).map((c) => once(c, 'exit')));
    await database.close();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

await main();
