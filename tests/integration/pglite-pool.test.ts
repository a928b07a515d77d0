import { describe, expect, inject, it } from 'vitest';
import type { PGlite } from '@electric-sql/pglite';
import { givePgliteBack, takePglite } from '../support/pglite-pool';

const count = async (client: PGlite, table: string) =>
  Number((await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)).rows[0]?.n);

/** The worker's embedded databases are reused between files only when they are as the template was. */
describe.runIf(!inject('postgresUrl'))('the test files’ pool of embedded databases', () => {
  it('gives a used database back empty, its sequences restarted and its session as it began', async () => {
    const template = inject('pgliteTemplatePath');
    const first = await takePglite(template);
    await first.exec(`
      INSERT INTO services (slug, name, office_hours, settings) VALUES ('pool', 'Pool test', '{}', '{}');
      SELECT nextval('audit_events_id_seq');
      SET statement_timeout = '1234ms';
      SELECT pg_advisory_lock(42);
      BEGIN;`);
    expect(await count(first, 'services')).toBe(1);
    await givePgliteBack(first);

    const second = await takePglite(template);
    expect(second).toBe(first);
    expect(await count(second, 'services')).toBe(0);
    const [seq] = (
      await second.query<{ last: string | null }>(
        `SELECT last_value AS last FROM pg_sequences WHERE sequencename = 'audit_events_id_seq'`,
      )
    ).rows;
    expect(seq?.last).toBeNull();
    const [setting] = (
      await second.query<{ t: string }>("SELECT current_setting('statement_timeout') AS t")
    ).rows;
    expect(setting?.t).toBe('0');
    const locks = await count(second, `pg_locks WHERE locktype = 'advisory'`);
    expect(locks).toBe(0);
    await givePgliteBack(second);
  });

  it('closes a database whose schema a file changed, so the next file loads the template', async () => {
    const template = inject('pgliteTemplatePath');
    const changed = await takePglite(template);
    await changed.exec('ALTER TABLE audit_events DISABLE TRIGGER USER');
    await givePgliteBack(changed);
    expect(changed.closed).toBe(true);

    const fresh = await takePglite(template);
    expect(fresh).not.toBe(changed);
    const [trigger] = (
      await fresh.query<{ enabled: string }>(
        `SELECT tgenabled AS enabled FROM pg_trigger WHERE tgname = 'audit_events_no_truncate'`,
      )
    ).rows;
    expect(trigger?.enabled).toBe('O');
    await givePgliteBack(fresh);
  });
});
