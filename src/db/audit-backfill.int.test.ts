import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import type { PGlite } from '@electric-sql/pglite';
import { GENESIS_HASH, rows, verifyAuditChains } from './audit-chain';
import { MIGRATIONS_FOLDER, openDatabase } from './client';

const dir = mkdtempSync(join(tmpdir(), 'rapport-backfill-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** The migrations folder as it was before the audit chain (up to 0009). */
function migrationsBeforeChain(): string {
  const folder = join(dir, 'migrations');
  cpSync(MIGRATIONS_FOLDER, folder, { recursive: true });
  const journalPath = join(folder, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as {
    entries: { tag: string }[];
  };
  const last = journal.entries.findIndex((e) => e.tag === '0009_row_level_security');
  journal.entries = journal.entries.slice(0, last + 1);
  writeFileSync(journalPath, JSON.stringify(journal));
  return folder;
}

// PGlite only: the SQL is the same on PostgreSQL, and the PostgreSQL run has its own template.
describe.skipIf(inject('postgresUrl'))('migration 0010 on a database with audit rows', () => {
  it('chains the existing rows of each service in the order they were written', async () => {
    const database = await openDatabase({ dataDir: 'memory://' });
    try {
      const client = (database as unknown as { pglite: PGlite }).pglite;
      await migrate(drizzle(client), { migrationsFolder: migrationsBeforeChain() });
      const a = '00000000-0000-4000-8000-00000000000a';
      const b = '00000000-0000-4000-8000-00000000000b';
      for (const [service, action, details] of [
        [a, 'auth.sign_in', '{"x": 1}'],
        [b, 'auth.sign_in', null],
        [a, 'patient.read', '{"b": [1, 2.50], "a": "ü"}'],
        [a, 'auth.sign_out', null],
        [b, 'referral.read', '{}'],
      ] as const)
        await database.root.execute(
          sql`insert into audit_events (service_id, at, action, details)
              values (${service}, now(), ${action}, ${details}::jsonb)`,
        );
      await database.migrate();
      const chained = await rows<{ service_id: string; seq: string | number; prev_hash: string }>(
        database.root,
        sql`select service_id, seq, prev_hash from audit_events order by id`,
      );
      expect(chained.map((r) => [r.service_id, Number(r.seq)])).toEqual([
        [a, 1],
        [b, 1],
        [a, 2],
        [a, 3],
        [b, 2],
      ]);
      expect(chained[0]!.prev_hash).toBe(GENESIS_HASH);
      const results = await verifyAuditChains(database.root, { key: null });
      expect(results.map((r) => [r.serviceId, r.rows, r.problem])).toEqual([
        [a, 3, null],
        [b, 2, null],
      ]);
      // New rows carry on from the backfilled head.
      await database.root.execute(
        sql`insert into audit_events (service_id, at, action) values (${a}, now(), 'auth.sign_in')`,
      );
      const [head] = await verifyAuditChains(database.root, { key: null, serviceId: a });
      expect(head).toMatchObject({ rows: 4, problem: null });
    } finally {
      await database.close();
    }
  });
});
