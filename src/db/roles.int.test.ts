import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { openTestDatabase } from '../../tests/support/test-app';
import { rows } from './audit-chain';
import { becomeServerRole, withTenant, type Database } from './client';
import { ensureDefaultService } from '../platform/instance';

let database: Database;
let drop: () => Promise<void>;
beforeAll(async () => {
  ({ database, drop } = await openTestDatabase());
});
afterAll(async () => drop());

const refusal = (statement: string) =>
  database.root.execute(sql.raw(statement)).then(
    () => null,
    (err: unknown) => {
      const e = err as Error & { cause?: Error };
      return e.cause?.message ?? e.message;
    },
  );

describe.runIf(!inject('postgresUrl'))('PGlite after start-up', () => {
  it('is no longer the owner: the audit table cannot be altered or changed, requests still work', async () => {
    const service = await ensureDefaultService(database.root, 'Roles test');
    await becomeServerRole(database);
    const [who] = await rows<{ u: string }>(database.root, sql`select current_user as u`);
    expect(who?.u).toBe('rapport_server');
    for (const statement of [
      'ALTER TABLE audit_events DISABLE TRIGGER USER',
      'UPDATE audit_events SET reason = NULL',
      'DELETE FROM audit_events',
      'TRUNCATE audit_events',
      'DROP TABLE audit_checkpoints',
    ])
      expect(await refusal(statement), statement).toMatch(/permission denied|must be owner/);
    // Work across services (host lookup, workers) and a tenant request still work.
    expect((await ensureDefaultService(database.root, 'Roles test')).id).toBe(service.id);
    const [seen] = await withTenant(database, service.id, () =>
      rows<{ u: string }>(database.db, sql`select current_user as u`),
    );
    expect(seen?.u).toBe('rapport_app');
  });
});
