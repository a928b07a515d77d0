/**
 * One Rapport instance for bench/wall.ts: the app on PostgreSQL at DATABASE_URL, listening on
 * PORT, printing "ready" once it answers. A separate process, as behind a real load balancer.
 */
import { buildApp } from '../src/app';
import { loadConfig } from '../src/config';
import { openDatabase } from '../src/db/client';
import { createLogger } from '../src/platform/logger';
import { LogNotifier } from '../src/platform/notifier';

const logger = createLogger('silent');
const database = await openDatabase({ databaseUrl: process.env.DATABASE_URL, poolSize: 10 });
const config = loadConfig({
  LOG_LEVEL: 'silent',
  PUBLIC_URL: 'http://localhost:3000',
  PORT: process.env.PORT ?? '0',
});
const { app } = await buildApp({ config, database, logger, notifier: new LogNotifier(logger) });
// As src/server.ts: a queue of connections waiting to be accepted long enough for thousands of
// members arriving at once (Node's default, 511, resets the rest; the kernel caps it at somaxconn).
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1', backlog: 4096 });
process.stdout.write('ready\n');
const stop = () => {
  void app
    .close()
    .then(() => database.close())
    .then(() => process.exit(0));
  // Sockets still open or a stuck query must not keep it running.
  setTimeout(() => process.exit(1), 10_000).unref();
};
process.on('SIGTERM', stop);
// The bench asks for this process's CPU time (µs) around each phase: a cost that the other
// work on a shared machine does not inflate, unlike latency.
process.on('message', (message: { type?: string }) => {
  if (message.type === 'cpu') process.send?.({ type: 'cpu', usage: process.cpuUsage() });
});
// The bench died without stopping this instance (its IPC channel closed): stop too.
process.on('disconnect', stop);
