import { readFileSync } from 'node:fs';
import type { PGlite } from '@electric-sql/pglite';
import { openPglite } from '../../src/db/client';

/**
 * Embedded databases kept open across the test files of one worker (its files run one after
 * another and share modules: `isolate: false`). Loading the migrated template cost 2.7 s a file on
 * two busy cores, half the PGlite run's test time; emptying a used database costs a fraction.
 *
 * A database goes back to the pool as the template was: every table emptied, every sequence
 * restarted, the session as it began. If a file changed anything else (a column, trigger, policy,
 * function or grant), the database is closed instead and the next file loads the template afresh.
 */
const idle: PGlite[] = [];
const tablesOf = new WeakMap<PGlite, string>();
let templateFingerprint: string | null = null;

/**
 * What must match the template besides the rows: the public schema's tables, columns, defaults,
 * constraints, indexes, triggers (and whether each is enabled), policies, functions and grants,
 * and the sequences' positions.
 */
const FINGERPRINT = `
  SELECT md5(string_agg(x, E'\\n' ORDER BY x)) AS fingerprint FROM (
    SELECT 'rel ' || c.relname || ' ' || c.relkind::text || ' ' || c.relrowsecurity::text || c.relforcerowsecurity::text
      || ' ' || coalesce(c.relacl::text, '') AS x
      FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace
    UNION ALL
    SELECT 'col ' || c.relname || '.' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod)
      || ' ' || a.attnotnull::text || ' ' || coalesce(pg_get_expr(d.adbin, d.adrelid), '')
      FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
      LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
      WHERE c.relnamespace = 'public'::regnamespace AND a.attnum > 0 AND NOT a.attisdropped
    UNION ALL
    SELECT 'con ' || conrelid::regclass::text || ' ' || conname || ' ' || pg_get_constraintdef(oid)
      FROM pg_constraint WHERE connamespace = 'public'::regnamespace
    UNION ALL
    SELECT 'trg ' || tgrelid::regclass::text || ' ' || tgname || ' ' || tgenabled::text
      FROM pg_trigger WHERE NOT tgisinternal
    UNION ALL
    SELECT 'pol ' || polrelid::regclass::text || ' ' || polname || ' '
      || coalesce(pg_get_expr(polqual, polrelid), '') || ' ' || coalesce(pg_get_expr(polwithcheck, polrelid), '')
      FROM pg_policy
    UNION ALL
    SELECT 'fn ' || proname || ' ' || md5(prosrc) FROM pg_proc WHERE pronamespace = 'public'::regnamespace
    UNION ALL
    SELECT 'seq ' || sequencename || ' ' || coalesce(last_value::text, 'unused')
      FROM pg_sequences WHERE schemaname = 'public'
  ) AS s`;

async function fingerprintOf(client: PGlite): Promise<string> {
  const result = await client.query<{ fingerprint: string }>(FINGERPRINT);
  const row = result.rows[0];
  if (!row) throw new Error('no fingerprint');
  return row.fingerprint;
}

/** An empty migrated embedded database: one a previous file of this worker used, or the template. */
export async function takePglite(templatePath: string): Promise<PGlite> {
  const reused = idle.pop();
  if (reused) return reused;
  const client = await openPglite('memory://', new Blob([readFileSync(templatePath)]));
  templateFingerprint ??= await fingerprintOf(client);
  return client;
}

/** Empties a database a file has finished with and keeps it for the next file, or closes it. */
export async function givePgliteBack(client: PGlite): Promise<void> {
  try {
    // A file that failed part-way may have left a transaction open; outside one this only warns.
    await client.exec('ROLLBACK');
    // The session as it began: the owner again, no settings, listeners, locks or prepared plans.
    await client.exec('DISCARD ALL');
    let tables = tablesOf.get(client);
    if (!tables) {
      const listed = await client.query<{ tables: string }>(
        `SELECT string_agg(format('%I', tablename), ', ') AS tables
           FROM pg_tables WHERE schemaname = 'public'`,
      );
      tables = listed.rows[0]?.tables ?? '';
      tablesOf.set(client, tables);
    }
    // Replica mode skips the triggers that keep audit rows from ever being truncated.
    await client.exec(`
      SET session_replication_role = replica;
      TRUNCATE ${tables} RESTART IDENTITY CASCADE;
      RESET session_replication_role;`);
    const sequences = await client.query<{ name: string }>(
      `SELECT format('%I', sequencename) AS name FROM pg_sequences
        WHERE schemaname = 'public' AND last_value IS NOT NULL`,
    );
    for (const { name } of sequences.rows) await client.exec(`ALTER SEQUENCE ${name} RESTART`);
    if ((await fingerprintOf(client)) !== templateFingerprint) {
      await client.close();
      return;
    }
    idle.push(client);
  } catch {
    // Not reusable: the next file loads the template.
    await client.close().catch(() => undefined);
  }
}
