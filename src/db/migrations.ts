import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { rows } from './audit-chain';
import { APP_ROLE, MIGRATIONS_FOLDER, type Database } from './client';

/**
 * Who may migrate, and whether the schema is current (docs/adr/0011-least-privilege-roles.md).
 * The owner migrates (`rapport migrate`, DATABASE_MIGRATION_URL, or `npm start` when it connects
 * as the owner); a server connected as a least-privilege role only checks, and refuses to start
 * on an old schema with the command to run.
 */

export const MIGRATE_COMMAND = 'npm run rapport -- migrate';

export interface SchemaStatus {
  role: string;
  /** Migrations in db/migrations not yet applied to this database. */
  pending: string[];
  /** False when this role may not read drizzle.__drizzle_migrations. */
  readable: boolean;
  /** Whether this connection may run the migrations (owner or superuser; PGlite always). */
  canMigrate: boolean;
}

export class SchemaNotCurrentError extends Error {}

interface JournalEntry {
  tag: string;
  when: number;
}

function journal(): JournalEntry[] {
  const text = readFileSync(join(MIGRATIONS_FOLDER, 'meta', '_journal.json'), 'utf8');
  return (JSON.parse(text) as { entries: JournalEntry[] }).entries;
}

export async function schemaStatus(database: Database): Promise<SchemaStatus> {
  const [who] = await rows<{
    role: string;
    can_migrate: boolean;
    has_journal: boolean;
    readable: boolean;
  }>(
    database.root,
    sql`select current_user as role,
      coalesce((select rolsuper from pg_roles where rolname = current_user), false) or
        case when to_regclass('public.audit_events') is null
          then has_database_privilege(current_database(), 'CREATE')
          else pg_has_role(current_user,
            (select relowner from pg_class where oid = to_regclass('public.audit_events')), 'USAGE')
        end as can_migrate,
      to_regclass('drizzle.__drizzle_migrations') is not null as has_journal,
      coalesce(has_table_privilege(to_regclass('drizzle.__drizzle_migrations'), 'SELECT'), true) as readable`,
  );
  if (!who) throw new Error('no answer from the database');
  const entries = journal();
  let lastApplied = 0;
  if (who.has_journal && who.readable) {
    const [applied] = await rows<{ last: string | number | null }>(
      database.root,
      sql`select max(created_at) as last from drizzle.__drizzle_migrations`,
    );
    lastApplied = Number(applied?.last ?? 0);
  }
  return {
    role: who.role,
    // The rule drizzle's migrator applies: a migration is new if newer than the last applied.
    pending: who.readable ? entries.filter((e) => e.when > lastApplied).map((e) => e.tag) : [],
    readable: who.readable,
    canMigrate: database.kind === 'pglite' || who.can_migrate,
  };
}

/**
 * Migrates when there is something to apply and this connection may; otherwise throws a
 * SchemaNotCurrentError whose message says what to run. Returns what it applied.
 */
export async function prepareSchema(database: Database): Promise<string[]> {
  const status = await schemaStatus(database);
  if (status.canMigrate) {
    if (status.pending.length > 0) await database.migrate();
    return status.pending;
  }
  if (!status.readable)
    throw new SchemaNotCurrentError(
      `Rapport cannot tell whether the database schema is current: the role "${status.role}" may not read drizzle.__drizzle_migrations. ` +
        `Run \`${MIGRATE_COMMAND}\` as the database owner (it grants ${APP_ROLE} read access to it), ` +
        `make "${status.role}" a member of ${APP_ROLE}, then start Rapport again (docs/operations.md).`,
    );
  if (status.pending.length > 0)
    throw new SchemaNotCurrentError(
      `The database schema is not current: ${status.pending.length} migration(s) to apply (${status.pending.join(', ')}), ` +
        `and the role "${status.role}" may not apply them. Run \`${MIGRATE_COMMAND}\` as the database owner ` +
        `(or set DATABASE_MIGRATION_URL to the owner's connection), then start Rapport again.`,
    );
  return [];
}
