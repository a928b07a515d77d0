import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import pg from 'pg';
import { buildApp, type BuildAppOptions, type RapportApp } from '../../src/app';
import { loadConfig, type Config } from '../../src/config';
import type { SQL } from 'drizzle-orm';
import { openDatabase, type Database, type Db } from '../../src/db/client';
import type { Role } from '../../src/db/schema';
import { FixedClock } from '../../src/platform/clock';
import { createLogger } from '../../src/platform/logger';
import type { DeliveryResult, Notifier, OutgoingMessage } from '../../src/platform/notifier';
import { insertUser } from '../../src/features/auth/auth.repository';
import { hashPassword } from '../../src/features/auth/passwords';
import { withDatabase } from './global-setup';
import { isStaff } from '../../src/platform/types';
import { enrolTestFactors } from './second-factor';
import { givePgliteBack, takePglite } from './pglite-pool';

/** Records what would be sent; can be told to fail, to test retries. */
export class CapturingNotifier implements Notifier {
  readonly description = 'test capture';
  sent: OutgoingMessage[] = [];
  failNext = 0;
  deliver(message: OutgoingMessage): Promise<DeliveryResult> {
    if (this.failNext > 0) {
      this.failNext--;
      return Promise.reject(new Error('provider unavailable (test)'));
    }
    this.sent.push(message);
    return Promise.resolve({ status: 'sent', reference: `test-${this.sent.length}` });
  }
}

export interface TestApp extends RapportApp {
  clock: FixedClock;
  notifier: CapturingNotifier;
  database: Database;
  config: Config;
  close(): Promise<void>;
}

export const TEST_PASSWORD = 'correct kettle walrus meadow';
let hashed: Promise<string> | null = null;

/** Opens a fresh, migrated database: PGlite from the template, or PostgreSQL when TEST_DATABASE_URL is set. */
export async function openTestDatabase(): Promise<{
  database: Database;
  drop: () => Promise<void>;
}> {
  const pgUrl = inject('postgresUrl');
  if (pgUrl) {
    const name = `rapport_test_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: pgUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${inject('postgresTemplate')}`);
    await admin.end();
    const database = await openDatabase({ databaseUrl: withDatabase(pgUrl, name), poolSize: 5 });
    return {
      database,
      drop: async () => {
        await database.close();
        const a = new pg.Client({ connectionString: pgUrl });
        await a.connect();
        await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await a.end();
      },
    };
  }
  const pglite = await takePglite(inject('pgliteTemplatePath'));
  const database = await openDatabase({ pglite });
  return { database, drop: () => givePgliteBack(pglite) };
}

export async function createTestApp(
  options: {
    now?: string;
    env?: Record<string, string>;
    /** More buildApp options: a bearer verifier, WebSocket channels and limits, API routes. */
    build?: Partial<Omit<BuildAppOptions, 'config' | 'database' | 'clock'>>;
  } = {},
): Promise<TestApp> {
  const { database, drop } = await openTestDatabase();
  // Uploaded files (community videos) go to a directory of this app's own, removed at close.
  const uploadsDir = await mkdtemp(join(tmpdir(), 'rapport-uploads-'));
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    PUBLIC_URL: 'http://localhost:3000',
    UPLOADS_DIR: uploadsDir,
    ...options.env,
  });
  const clock = new FixedClock(options.now ?? '2026-11-25T10:00:00Z');
  const notifier = new CapturingNotifier();
  const built = await buildApp({
    config,
    database,
    clock,
    notifier,
    logger: createLogger('silent'),
    ...options.build,
  });
  await built.app.ready();
  return {
    ...built,
    clock,
    notifier,
    database,
    config,
    close: async () => {
      await built.app.close();
      await drop();
      await rm(uploadsDir, { recursive: true, force: true });
    },
  };
}

export async function createUser(
  t: TestApp,
  email: string,
  roles: Role[],
  displayName = 'Test User',
) {
  hashed ??= hashPassword(TEST_PASSWORD);
  const user = await insertUser(t.database.db, {
    serviceId: t.service.id,
    email,
    displayName,
    roles,
    passwordHash: await hashed,
    createdAt: t.clock.now(),
  });
  // Staff sign in with a second factor: give them known ones the test helpers can use.
  if (isStaff(roles)) await enrolTestFactors(t.database.db, t.service.id, user.id, t.clock.now());
  return user;
}

/**
 * A raw query's result, typed as unknown: node-postgres and PGlite answer in different shapes
 * (both with `rows`), so each caller says what it reads.
 */
export async function untypedExecute(db: Db, query: SQL): Promise<unknown> {
  const result: unknown = await db.execute(query);
  return result;
}
