import { sql } from 'drizzle-orm';
import { buildApp, type RapportApp } from '../../src/app';
import { openDatabase, type Database } from '../../src/db/client';
import { createLogger } from '../../src/platform/logger';
import { withDatabase } from './global-setup';
import { CapturingNotifier, untypedExecute, type TestApp } from './test-app';

export interface SecondInstance extends RapportApp {
  database: Database;
  notifier: CapturingNotifier;
  close(): Promise<void>;
}

/**
 * A second app instance on the same PostgreSQL database as `a`, with its own connection pool, as
 * behind a load balancer: same config and clock, its own notifier.
 */
export async function secondInstance(a: TestApp, pgUrl: string): Promise<SecondInstance> {
  const rows = await untypedExecute(a.database.db, sql`select current_database() as name`);
  const name = (rows as { rows: { name: string }[] }).rows[0]?.name ?? '';
  const database = await openDatabase({ databaseUrl: withDatabase(pgUrl, name), poolSize: 5 });
  const notifier = new CapturingNotifier();
  const built = await buildApp({
    config: a.config,
    database,
    clock: a.clock,
    notifier,
    logger: createLogger('silent'),
  });
  return {
    ...built,
    database,
    notifier,
    close: async () => {
      await built.app.close();
      await database.close();
    },
  };
}
