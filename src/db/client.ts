import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';
import { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzleNodePg } from 'drizzle-orm/node-postgres';
import { NodePgSession, NodePgTransaction } from 'drizzle-orm/node-postgres/session';
import { migrate as migrateNodePg } from 'drizzle-orm/node-postgres/migrator';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { PgliteSession, PgliteTransaction } from 'drizzle-orm/pglite/session';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import { BatchedPglite, isStalePlan } from './pglite-batched';
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
  /**
   * An embedded database already open, used instead of opening one (the tests keep one per worker
   * and empty it between files: loading the template took half of their time).
   */
  pglite?: PGlite;
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
    pgPools.set(root, pool);
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
  const client = options.pglite ?? (await openPglite(dataDir, options.loadDataDir));
  const batched = new BatchedPglite(client);
  const root = drizzlePglite(batched as unknown as PGlite, { schema }) as unknown as Db;
  pgliteClients.set(root, batched);
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

/** Opens an embedded database, from a data directory dump when one is given. */
export function openPglite(dataDir: string, loadDataDir?: Blob | File): Promise<PGlite> {
  // btree_gist backs the diary's exclusion constraints (no double-booking); PostgreSQL ships it
  // in contrib, PGlite needs the extension bundle loaded on every open.
  return PGlite.create(dataDir, {
    extensions: { btree_gist },
    ...(loadDataDir ? { loadDataDir } : {}),
  });
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
  /**
   * Plain SQL statements (audit rows) sent with the COMMIT in the same round trip: they commit with
   * the transaction, and the audit chain's per-service lock is held only while the database runs
   * them, not across a network round trip (docs/adr/0015).
   */
  atCommit: string[];
}

/** The pools behind PostgreSQL root connections: tenant transactions take a client from them. */
const pgPools = new WeakMap<object, pg.Pool>();
/** The batching PGlite clients behind embedded root connections (docs/adr/0030). */
const pgliteClients = new WeakMap<object, BatchedPglite>();
/**
 * The scoped Db proxies and the root each stands for, so `deferUntilCommit` knows a caller means
 * "the current transaction" and `connectionOf` can see through one.
 */
const scopedProxies = new WeakMap<object, Db>();

const scope = new AsyncLocalStorage<TenantScope>();

/** A Db that is the current tenant transaction when there is one, else the root connection. */
function scopedDb(root: Db): Db {
  // A transaction on the root (outside any tenant transaction: operator tools, the demo seed) runs
  // its statements one after another as a tenant transaction does, so code that starts several
  // at once (`Promise.all`) never has node-postgres queue them itself, which pg 9 will refuse.
  const rootTransaction: Db['transaction'] = (fn, config) =>
    root.transaction(async (tx) => {
      const restore = queueQueries(tx);
      try {
        return await fn(tx);
      } finally {
        restore();
      }
    }, config);
  const proxy = new Proxy(root, {
    get(target, property) {
      const tx = scope.getStore()?.tx;
      if (!tx && property === 'transaction') return rootTransaction;
      const current = tx ?? target;
      const value: unknown = Reflect.get(current, property, current);
      return typeof value === 'function'
        ? (value as (...a: unknown[]) => unknown).bind(current)
        : value;
    },
  });
  scopedProxies.set(proxy, root);
  return proxy;
}

/**
 * Queues a plain SQL statement to run just before the current tenant transaction commits, in the
 * same round trip. Only when `db` is that transaction itself (or `database.db` inside it): work in
 * a nested transaction (a savepoint) must roll back with it, so it runs at once instead.
 * Returns false when there is no such transaction; the caller then runs the statement itself.
 */
export function deferUntilCommit(db: Db, statement: string): boolean {
  const store = scope.getStore();
  if (!store?.tx) return false;
  if (db !== store.tx && !scopedProxies.has(db)) return false;
  store.atCommit.push(statement);
  return true;
}

/**
 * The drizzle object a Db handle runs on now: for `database.db` that is the current tenant
 * transaction, or the root outside one; any other handle (a transaction, a savepoint, a root) is
 * itself. Statements built once (`./statement`) run on its driver connection.
 */
export function connectionOf(db: Db): Db {
  const root = scopedProxies.get(db);
  if (!root) return db;
  return scope.getStore()?.tx ?? root;
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
  const store: TenantScope = { tx: null, serviceId, atCommit: [] };
  const pool = pgPools.get(database.root);
  const embedded = pgliteClients.get(database.root);
  try {
    if (pool) return await pgTenantTransaction(database.root, pool, store, fn);
    if (embedded) return await pgliteTenantTransaction(database.root, embedded, store, fn);
    return await database.root.transaction(async (tx) => {
      await enterTenant(tx, serviceId);
      store.tx = tx;
      const restore = queueQueries(tx);
      try {
        const result = await scope.run(store, () => fn(tx as unknown as Db));
        store.tx = null;
        if (store.atCommit.length > 0) await execRaw(tx, store.atCommit.join(';\n'));
        return result;
      } finally {
        restore();
      }
    });
  } finally {
    store.tx = null;
  }
}

/**
 * A tenant transaction on PGlite in the fewest calls: BEGIN with the tenant settings as one, the
 * statements queued for commit (audit rows) with COMMIT as another, as on PostgreSQL.
 */
async function pgliteTenantTransaction<T>(
  root: Db,
  embedded: BatchedPglite,
  store: TenantScope,
  fn: (tx: Db) => Promise<T>,
): Promise<T> {
  const { dialect, options } = (root as unknown as PgliteInternals).session;
  return embedded.transactionWith(
    `begin; ${tenantStatement(store.serviceId)}`,
    () => store.atCommit.join(';\n'),
    async (client) => {
      const session = new PgliteSession(client as unknown as PGlite, dialect, undefined, options);
      const tx = withoutRelationalQueries(new PgliteTransaction(dialect, session, undefined));
      store.tx = tx;
      try {
        return await scope.run(store, () => fn(tx));
      } finally {
        store.tx = null;
      }
    },
  );
}

/**
 * A request's transaction is built without drizzle's relational query helpers: building them
 * for every table was 2% of a signed-in page's CPU, and the app's SQL is all query builder
 * (`select().from()`). Using `tx.query.*` says so plainly rather than failing somewhere deeper.
 */
const NO_RELATIONAL_QUERIES = new Proxy(
  {},
  {
    get(_target, table) {
      if (typeof table === 'symbol') return undefined;
      throw new Error(
        `tx.query.${table}: relational queries are not available in a tenant transaction; use select()`,
      );
    },
  },
);

type NestedTransaction = (
  fn: (inner: object) => Promise<unknown>,
  config?: unknown,
) => Promise<unknown>;

function withoutRelationalQueries(tx: object): Db {
  const t = tx as { query: unknown; transaction: NestedTransaction };
  t.query = NO_RELATIONAL_QUERIES;
  // A savepoint is a new drizzle transaction object: it says the same, not a bare TypeError.
  const savepoint = t.transaction.bind(tx);
  t.transaction = (fn, config) => savepoint((inner) => fn(withoutRelationalQueries(inner)), config);
  return tx as Db;
}

interface PgliteInternals {
  session: {
    dialect: ConstructorParameters<typeof PgliteSession>[1];
    schema: ConstructorParameters<typeof PgliteSession>[2];
    options: ConstructorParameters<typeof PgliteSession>[3];
  };
}

interface DrizzleInternals {
  session: {
    dialect: ConstructorParameters<typeof NodePgSession>[1];
    schema: ConstructorParameters<typeof NodePgSession>[2];
    options: ConstructorParameters<typeof NodePgSession>[3];
  };
}

/**
 * A tenant transaction on PostgreSQL in as few round trips as the protocol allows: BEGIN and the
 * tenant settings go as one simple-protocol message, the statements queued for commit (audit
 * rows) and COMMIT as another. In between it is an ordinary drizzle transaction on one client, so
 * nested `transaction()` calls are savepoints as before.
 */
async function pgTenantTransaction<T>(
  root: Db,
  pool: pg.Pool,
  store: TenantScope,
  fn: (tx: Db) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query(`begin; ${tenantStatement(store.serviceId)}`);
    const { dialect, options } = (root as unknown as DrizzleInternals).session;
    const session = new NodePgSession(client, dialect, undefined, options);
    const tx = withoutRelationalQueries(new NodePgTransaction(dialect, session, undefined));
    store.tx = tx;
    const restore = queueQueries(tx, client);
    let result: T;
    try {
      result = await scope.run(store, () => fn(tx));
    } catch (err) {
      store.tx = null;
      restore();
      // A kept statement whose table changed shape fails on every run: start a fresh connection.
      if (isStalePlan(err)) broken = err as Error;
      await client.query('rollback').catch((e: unknown) => {
        broken = e as Error;
      });
      throw err;
    }
    store.tx = null;
    restore();
    const closing = [...store.atCommit, 'commit'].join(';\n');
    let answers: unknown;
    try {
      answers = await client.query(closing);
    } catch (err) {
      // A queued statement failed: the transaction is aborted and nothing of it is kept.
      await client.query('rollback').catch((e: unknown) => {
        broken = e as Error;
      });
      throw err;
    }
    const last = Array.isArray(answers) ? (answers.at(-1) as pg.QueryResult) : answers;
    // An error swallowed earlier left the transaction aborted: PostgreSQL answers COMMIT with a
    // ROLLBACK. Nothing was saved, so the request must not say it was.
    if ((last as pg.QueryResult | undefined)?.command === 'ROLLBACK')
      throw new Error(
        'the transaction was rolled back by the database (an earlier statement failed)',
      );
    return result;
  } finally {
    client.release(broken);
  }
}

/** Runs plain SQL (one or more statements, no parameters) on a transaction's connection. */
async function execRaw(tx: Db, statement: string): Promise<void> {
  const client = (tx as unknown as RawSession).session?.client;
  if (client && typeof client.exec === 'function') {
    await client.exec(statement);
    return;
  }
  await tx.execute(sql.raw(statement));
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
  await execRaw(tx, tenantStatement(serviceId));
}

function tenantStatement(serviceId: string): string {
  if (!UUID.test(serviceId)) throw new Error('tenant service id is not a uuid');
  return `select set_config('role', '${APP_ROLE}', true), set_config('rapport.service_id', '${serviceId}', true)`;
}

type QueryFn = (...args: unknown[]) => Promise<unknown>;

/**
 * A request's transaction is one pg client, and code may start several queries at once
 * (`Promise.all`). pg queues them itself but is dropping that in its next major version, so
 * queue them here: same order, one at a time. PGlite already runs one query at a time.
 */
function queueQueries(tx: Db, pgClient?: pg.PoolClient): () => void {
  const client = (tx as unknown as { session?: { client?: { query?: QueryFn; exec?: unknown } } })
    .session?.client;
  if (!client || typeof client.query !== 'function' || typeof client.exec === 'function')
    return () => undefined;
  const original = client.query;
  // Pooled connections outlive the transaction: leave them as they were, with no own `query`.
  const hadOwn = Object.hasOwn(client, 'query');
  let tail: Promise<unknown> = Promise.resolve();
  const named = pgClient ? namedOn(pgClient) : null;
  client.query = (...args: unknown[]) => {
    if (named) args[0] = withStatementName(args[0], named);
    const run = tail.then(() => original.apply(client, args));
    tail = run.catch(() => undefined);
    return run;
  };
  return () => {
    if (hadOwn) client.query = original;
    else delete (client as { query?: QueryFn }).query;
  };
}

/**
 * Statements kept prepared on one PostgreSQL connection. Each query text a request runs is parsed
 * once per connection and then run by name (PostgreSQL may keep its plan too); texts built with a
 * varying number of values would grow the set without end, so past this many new texts run
 * unnamed, as before.
 */
const PREPARED_PER_CONNECTION = 500;
const namesByConnection = new WeakMap<pg.PoolClient, Set<string>>();

function namedOn(client: pg.PoolClient): Set<string> {
  let names = namesByConnection.get(client);
  if (!names) namesByConnection.set(client, (names = new Set()));
  return names;
}

/**
 * The name a query text is prepared under on PostgreSQL: the same text always gets the same name,
 * so it is parsed once per connection whoever sends it (a request, or a statement built once).
 */
export function statementName(text: string): string {
  return `rapport_${createHash('sha1').update(text).digest('base64url')}`;
}

/** A query config with a name derived from its text, when the connection may keep one more. */
function withStatementName(config: unknown, names: Set<string>): unknown {
  if (!config || typeof config !== 'object') return config;
  const query = config as pg.QueryConfig;
  if (query.name || typeof query.text !== 'string') return config;
  const name = statementName(query.text);
  if (!names.has(name)) {
    if (names.size >= PREPARED_PER_CONNECTION) return config;
    names.add(name);
  }
  return { ...query, name };
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
