import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';
import { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzleNodePg } from 'drizzle-orm/node-postgres';
import { migrate as migrateNodePg } from 'drizzle-orm/node-postgres/migrator';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import * as schema from './schema';

export type Schema = typeof schema;
/** Both drivers give the same query builder; repositories take this type (a transaction is one too). */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

export const MIGRATIONS_FOLDER = resolve(
  fileURLToPath(new URL('../../db/migrations', import.meta.url)),
);

export interface Database {
  /**
   * The database features use: inside `withTenant` (every request handler runs in one) it is that
   * transaction, running as rapport_app under row-level security; elsewhere it is `root`.
   */
  db: Db;
  /** The owner's connection: migrations, the CLI and background workers. Not tenant-limited. */
  root: Db;
  kind: 'pglite' | 'postgres';
  migrate(): Promise<void>;
  ping(): Promise<boolean>;
  close(): Promise<void>;
  /**
   * Calls `onNotify` with the payload of every NOTIFY on `channel` (sent by any process on the
   * database, delivered after its transaction commits). On PostgreSQL a dedicated connection
   * listens and reconnects after a drop, calling `onReconnect` so the caller can catch up on what
   * it may have missed. Resolves to a function that stops listening.
   */
  listen(
    channel: string,
    onNotify: (payload: string) => void,
    onReconnect?: () => void,
  ): Promise<() => Promise<void>>;
}

export interface OpenOptions {
  databaseUrl?: string;
  /** PGlite data directory; 'memory://' for a throwaway database. */
  dataDir?: string;
  /** A PGlite data directory dump to start from (tests load a migrated template). */
  loadDataDir?: Blob | File;
  poolSize?: number;
}

export async function openDatabase(options: OpenOptions): Promise<Database> {
  if (options.databaseUrl) {
    const databaseUrl = options.databaseUrl;
    const pool = new pg.Pool({
      connectionString: databaseUrl,
      max: options.poolSize ?? 10,
    });
    // An idle client error (server restart) must not crash the process; the next query reconnects.
    pool.on('error', () => undefined);
    const root = drizzleNodePg(pool, { schema }) as unknown as Db;
    const db = scopedDb(root);
    return {
      db,
      root,
      kind: 'postgres',
      migrate: () =>
        migrateNodePg(drizzleNodePg(pool, { schema }), { migrationsFolder: MIGRATIONS_FOLDER }),
      ping: () => ping(db),
      close: () => pool.end(),
      listen: (channel, onNotify, onReconnect) =>
        listenOnPostgres(databaseUrl, channel, onNotify, onReconnect),
    };
  }
  const dataDir = options.dataDir ?? 'memory://';
  if (!dataDir.startsWith('memory://')) mkdirSync(dataDir, { recursive: true });
  // btree_gist backs the diary's exclusion constraints (no double-booking); PostgreSQL ships it
  // in contrib, PGlite needs the extension bundle loaded on every open.
  const client = await PGlite.create(dataDir, {
    extensions: { btree_gist },
    ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
  });
  const root = drizzlePglite(client, { schema }) as unknown as Db;
  const db = scopedDb(root);
  return {
    db,
    root,
    kind: 'pglite',
    migrate: () =>
      migratePglite(drizzlePglite(client, { schema }), { migrationsFolder: MIGRATIONS_FOLDER }),
    ping: () => ping(db),
    close: () => client.close(),
    // One process holds the embedded database: its notifications are in-process.
    listen: async (channel, onNotify) => {
      const unlisten = await client.listen(channel, onNotify);
      return unlisten;
    },
    // Exposed for the test template: dump a migrated database once, load it per test file.
    ...{ pglite: client },
  };
}

/** The role tenant transactions switch to; created by migration 0009 and owning nothing. */
export const APP_ROLE = 'rapport_app';

/**
 * The role the embedded database's connection becomes once migrated (docs/adr/0011): it owns
 * nothing, so it cannot alter tables, disable triggers or change audit rows; it has rapport_app's
 * grants plus BYPASSRLS for work across services (host lookup, workers), and reads the instance
 * secrets. Requests still switch to rapport_app. PostgreSQL deployments make their own login role.
 */
export const PGLITE_SERVER_ROLE = 'rapport_server';

/**
 * PGlite only: stop being the owner. PGlite's one session stays a superuser session underneath,
 * so this guards against mistakes (a bug running as the owner), not against code that can
 * already run any SQL; the hash chain and logged checkpoints are what reveal tampering there.
 */
export async function becomeServerRole(database: Database): Promise<void> {
  if (database.kind !== 'pglite') return;
  await database.root.execute(
    sql.raw(`DO $$ BEGIN
      IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${PGLITE_SERVER_ROLE}') THEN
        CREATE ROLE ${PGLITE_SERVER_ROLE} NOLOGIN BYPASSRLS;
      END IF;
    END $$`),
  );
  await database.root.execute(sql.raw(`GRANT ${APP_ROLE} TO ${PGLITE_SERVER_ROLE}`));
  await database.root.execute(
    sql.raw(`GRANT SELECT, INSERT ON instance_secrets TO ${PGLITE_SERVER_ROLE}`),
  );
  await database.root.execute(sql.raw(`SET SESSION AUTHORIZATION ${PGLITE_SERVER_ROLE}`));
}

interface TenantScope {
  /** Cleared when the transaction ends, so late work in the same async context uses the root. */
  tx: Db | null;
  serviceId: string;
}

const scope = new AsyncLocalStorage<TenantScope>();

/** A Db that is the current tenant transaction when there is one, else the root connection. */
function scopedDb(root: Db): Db {
  return new Proxy(root, {
    get(target, property) {
      const current = scope.getStore()?.tx ?? target;
      const value: unknown = Reflect.get(current, property, current);
      return typeof value === 'function'
        ? (value as (...a: unknown[]) => unknown).bind(current)
        : value;
    },
  });
}

/** The service of the tenant transaction this code runs in, if any. */
export function currentTenant(): string | null {
  const store = scope.getStore();
  return store?.tx ? store.serviceId : null;
}

/**
 * Runs `fn` in one transaction as rapport_app with row-level security keyed to `serviceId`: it sees
 * and writes that service's rows only. `database.db` is that transaction for everything `fn` calls;
 * nested `db.transaction()` calls become savepoints. Used per request and by background work that
 * must act as one tenant.
 */
export async function withTenant<T>(
  database: Pick<Database, 'root'>,
  serviceId: string,
  fn: (tx: Db) => Promise<T>,
): Promise<T> {
  const store: TenantScope = { tx: null, serviceId };
  try {
    return await database.root.transaction(async (tx) => {
      // One round trip: both settings are transaction-local and end with it.
      await enterTenant(tx, serviceId);
      store.tx = tx;
      const restore = queueQueries(tx);
      try {
        return await scope.run(store, () => fn(tx as unknown as Db));
      } finally {
        restore();
      }
    });
  } finally {
    store.tx = null;
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The driver connection under a drizzle transaction: PGlite's and pg's both run plain SQL. */
interface RawSession {
  session?: { client?: { exec?: (q: string) => Promise<unknown>; query?: unknown } };
}

/**
 * Switches the transaction to the app role and the service. This runs on every request, so it
 * goes as one simple-protocol statement (PGlite: one call instead of a parse/bind/execute round;
 * PostgreSQL: no prepare). The values are a constant and a checked uuid, so inlining them is safe.
 */
async function enterTenant(tx: Db, serviceId: string): Promise<void> {
  if (!UUID.test(serviceId)) throw new Error('tenant service id is not a uuid');
  const statement = `select set_config('role', '${APP_ROLE}', true), set_config('rapport.service_id', '${serviceId}', true)`;
  const client = (tx as unknown as RawSession).session?.client;
  if (client && typeof client.exec === 'function') {
    await client.exec(statement);
    return;
  }
  await tx.execute(sql.raw(statement));
}

type QueryFn = (...args: unknown[]) => Promise<unknown>;

/**
 * A request's transaction is one pg client, and code may start several queries at once
 * (`Promise.all`). pg queues them itself but is dropping that in its next major version, so
 * queue them here: same order, one at a time. PGlite already runs one query at a time.
 */
function queueQueries(tx: Db): () => void {
  const client = (tx as unknown as { session?: { client?: { query?: QueryFn; exec?: unknown } } })
    .session?.client;
  if (!client || typeof client.query !== 'function' || typeof client.exec === 'function')
    return () => undefined;
  const original = client.query;
  let tail: Promise<unknown> = Promise.resolve();
  client.query = (...args: unknown[]) => {
    const run = tail.then(() => original.apply(client, args));
    tail = run.catch(() => undefined);
    return run;
  };
  return () => {
    client.query = original;
  };
}

async function ping(db: Db): Promise<boolean> {
  try {
    await db.execute(sql`select 1`);
    return true;
  } catch {
    return false;
  }
}

/** A connection of its own (a pooled one would be handed to queries) that LISTENs, reconnecting. */
async function listenOnPostgres(
  databaseUrl: string,
  channel: string,
  onNotify: (payload: string) => void,
  onReconnect?: () => void,
): Promise<() => Promise<void>> {
  if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error(`Bad channel name "${channel}"`);
  let client: pg.Client | null = null;
  let stopped = false;
  let retry: NodeJS.Timeout | null = null;
  const connect = async (): Promise<void> => {
    const next = new pg.Client({ connectionString: databaseUrl });
    next.on('notification', (n) => {
      if (n.channel === channel) onNotify(n.payload ?? '');
    });
    const lost = () => {
      if (stopped || client !== next) return;
      client = null;
      next.removeAllListeners('notification');
      void next.end().catch(() => undefined);
      retry = setTimeout(() => void reconnect(1), 500);
      retry.unref();
    };
    next.on('error', lost);
    next.on('end', lost);
    await next.connect();
    await next.query(`LISTEN ${channel}`);
    client = next;
  };
  const reconnect = async (attempt: number): Promise<void> => {
    if (stopped) return;
    try {
      await connect();
      onReconnect?.();
    } catch {
      retry = setTimeout(() => void reconnect(attempt + 1), Math.min(500 * 2 ** attempt, 10_000));
      retry.unref();
    }
  };
  await connect();
  return async () => {
    stopped = true;
    if (retry) clearTimeout(retry);
    const c = client;
    client = null;
    await c?.end().catch(() => undefined);
  };
}
