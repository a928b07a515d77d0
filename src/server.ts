import { resolve } from 'node:path';
import { ConfigError, loadConfig } from './config';
import { openDatabase } from './db/client';
import { buildApp } from './app';
import { createLogger } from './platform/logger';
import { issueSetupTokenIfNeeded } from './features/auth/auth.service';
import { systemClock } from './platform/clock';
import { purgeExpiredSessions } from './platform/session';
import { RiskEscalationWorker } from './features/risk/risk.escalation';
import { seedDemo, type DemoSignIns } from './demo/seed';
import { demoEnvironment, signInLines } from './demo/start';

async function main(): Promise<void> {
  const demo = process.argv.includes('--demo');
  const started = Date.now();
  let config;
  try {
    const demoEnv = demo ? demoEnvironment(process.env) : null;
    for (const note of demoEnv?.notes ?? []) console.log(note);
    config = loadConfig(demoEnv?.env ?? process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
  const logger = createLogger(config.logLevel);
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: resolve(config.dataDir),
  });
  await database.migrate();

  const { app, outbox, service, ctx } = await buildApp({ config, database, logger });

  let signIns: DemoSignIns | null = null;
  if (demo) {
    signIns = await seedDemo(ctx, service.id, (msg) => {
      logger.info(msg);
    });
  } else {
    const setupToken = await issueSetupTokenIfNeeded(database.db, systemClock, service.id);
    if (setupToken) {
      console.log(
        `\nNo service manager account yet. Create one with this one-time link (valid 24 hours):\n  ${config.publicUrl}/setup?token=${setupToken}\n`,
      );
    }
  }

  await app.listen({ port: config.port, host: config.host });
  // Only now: seeding has finished and the sign-in page answers.
  if (signIns) for (const line of signInLines(signIns, config.publicUrl)) console.log(line);
  outbox.start();
  // Risk alerts nobody has acted on in time go to the supervisor or the service managers.
  const escalation = new RiskEscalationWorker(database.db, systemClock, logger, {
    publicUrl: config.publicUrl,
  });
  escalation.start();
  const housekeeping = setInterval(
    () => void purgeExpiredSessions(database.db, systemClock).catch(() => undefined),
    15 * 60_000,
  );
  housekeeping.unref();
  logger.info(
    {
      ms: Date.now() - started,
      database: database.kind,
      url: config.publicUrl,
      notifier: ctx.notifier.description,
    },
    'Rapport started',
  );

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: finishing requests in flight');
    // A stuck request must not keep the process (and the database lock) forever.
    const force = setTimeout(() => {
      logger.error('shutdown took too long; exiting');
      process.exit(1);
    }, 15_000);
    force.unref();
    clearInterval(housekeeping);
    await escalation.stop();
    await app.close(); // stops accepting, waits for in-flight requests, stops the outbox
    await ctx.notifier.close?.();
    await database.close();
    logger.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((err: unknown) => {
  console.error('Rapport failed to start:', err instanceof Error ? err.message : err);
  process.exit(1);
});
