import { resolve } from 'node:path';
import { ConfigError, configWarnings, loadConfig } from './config';
import { becomeServerRole, openDatabase } from './db/client';
import { AuditCheckpointer, checkpointKey } from './db/audit-chain';
import { MIGRATE_COMMAND, prepareSchema, SchemaNotCurrentError } from './db/migrations';
import { buildApp } from './app';
import { createLogger } from './platform/logger';
import { issueSetupTokenIfNeeded } from './features/auth/auth.service';
import { systemClock } from './platform/clock';
import { purgeExpiredSessions } from './platform/session';
import { purgeExpiredRateLimits } from './platform/rate-limit-store';
import { MessageEscalationWorker } from './features/messages';
import { UnsentRiskWorker } from './features/referral';
import { RiskEscalationWorker } from './features/risk/risk.escalation';
import { ReportSummaryWorker } from './features/reports';
import { warmLazyModules } from './platform/lazy';
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
  // The owner migrates; the server itself may connect as a role that cannot (docs/adr/0011).
  if (config.databaseUrl && config.databaseMigrationUrl) {
    const owner = await openDatabase({ databaseUrl: config.databaseMigrationUrl, poolSize: 1 });
    try {
      await owner.migrate();
      await checkpointKey(owner.root, true);
    } finally {
      await owner.close();
    }
  }
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: resolve(config.dataDir),
  });
  try {
    const applied = await prepareSchema(database);
    if (applied.length > 0) logger.info({ migrations: applied }, 'database migrated');
  } catch (err) {
    if (err instanceof SchemaNotCurrentError) {
      console.error(`Rapport cannot start: ${err.message}`);
      await database.close();
      process.exit(1);
    }
    throw err;
  }
  // Signs the audit checkpoints: readable by the owner (and a server role granted it), never by
  // the request role. Created here when this connection may, else by `rapport migrate`.
  const signingKey = await checkpointKey(database.root, true).catch(() => null);
  await becomeServerRole(database);

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

  // Room for thousands of Wall sockets arriving at once (Node's default backlog, 511, resets the
  // rest when the accept queue is full; the kernel caps this at net.core.somaxconn).
  await app.listen({ port: config.port, host: config.host, backlog: 4096 });
  // Only now: seeding has finished and the sign-in page answers.
  if (signIns) for (const line of signInLines(signIns, config.publicUrl)) console.log(line);
  outbox.start();
  // Risk alerts nobody has acted on in time go to the supervisor or the service managers.
  const escalation = new RiskEscalationWorker(database.db, systemClock, logger, {
    publicUrl: config.publicUrl,
  });
  escalation.start();
  // Risk answers on a referral left unsent reach the risk queue (hazard H14).
  const unsentRisk = new UnsentRiskWorker(database.db, systemClock, logger);
  unsentRisk.start();
  // Patients' questions unanswered for two working days go to the service (hazard H18).
  const unanswered = new MessageEscalationWorker(database.db, systemClock, logger, {
    publicUrl: config.publicUrl,
  });
  unanswered.start();
  // The dashboard's per-day summary, counted in the background (ADR 0028).
  const reportSummary = new ReportSummaryWorker(database, systemClock, logger);
  reportSummary.start();
  const housekeeping = setInterval(() => {
    void purgeExpiredSessions(database.db, systemClock).catch(() => undefined);
    void purgeExpiredRateLimits(database.db, systemClock).catch(() => undefined);
  }, 15 * 60_000);
  housekeeping.unref();
  const checkpointer = signingKey
    ? new AuditCheckpointer(
        database.root,
        signingKey,
        config.auditCheckpointMinutes * 60_000,
        logger,
      )
    : null;
  if (checkpointer) checkpointer.start();
  else
    logger.warn(
      `audit checkpoints are off: this database role may not read the signing key (instance_secrets "audit_checkpoint_key"); run \`${MIGRATE_COMMAND}\` as the owner and grant SELECT on instance_secrets to this role (docs/operations.md)`,
    );
  for (const warning of configWarnings(config)) logger.warn(warning);
  logger.info(
    {
      ms: Date.now() - started,
      database: database.kind,
      url: config.publicUrl,
      notifier: ctx.notifier.description,
    },
    'Rapport started',
  );
  // Passkeys, PDFs and the mail clients load now, in the background, not before /ready.
  void warmLazyModules();

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
    await unsentRisk.stop();
    await unanswered.stop();
    await reportSummary.stop();
    await app.close(); // stops accepting, waits for in-flight requests, stops the outbox
    await checkpointer?.stop();
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
