import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { openTestDatabase } from '../../tests/support/test-app';
import { rows } from './audit-chain';
import { withTenant, type Database, type Db } from './client';
import { ensureDefaultService } from '../platform/instance';

let database: Database;
let drop: () => Promise<void>;
let serviceId: string;
beforeAll(async () => {
  ({ database, drop } = await openTestDatabase());
  serviceId = (await ensureDefaultService(database.root, 'Prepared test')).id;
});
afterAll(async () => drop());

const probe = sql`select s.name from services s where s.id = ${'00000000-0000-0000-0000-000000000000'}::uuid or s.name = ${'Prepared test'}`;

describe('queries in a tenant transaction', () => {
  it('are prepared once on the connection and then run by name, with the same answers', async () => {
    const answers: unknown[] = [];
    const kept = await withTenant(database, serviceId, async (tx) => {
      for (let i = 0; i < 3; i++) answers.push(await rows(tx, probe));
      return rows<{ n: number }>(
        tx,
        sql`select count(*)::int as n from pg_prepared_statements where statement like 'select s.name from services s where s.id = $1%'`,
      );
    });
    expect(answers).toEqual([
      [{ name: 'Prepared test' }],
      [{ name: 'Prepared test' }],
      [{ name: 'Prepared test' }],
    ]);
    expect(kept[0]?.n).toBe(1);
  });

  it('still work after a table they read changes shape (a migration while running)', async () => {
    await database.root.execute(sql`create table prepared_shape (id int, service_id uuid)`);
    await database.root.execute(sql`grant select on prepared_shape to rapport_app`);
    await database.root.execute(sql`insert into prepared_shape values (1, ${serviceId}::uuid)`);
    const star = () =>
      withTenant(database, serviceId, (tx) =>
        rows(tx, sql`select * from prepared_shape where id = ${1}`),
      );
    // Enough runs for each pooled connection to keep the statement.
    for (let i = 0; i < 12; i++) expect(await star()).toEqual([{ id: 1, service_id: serviceId }]);
    await database.root.execute(sql`alter table prepared_shape add column note text default 'new'`);
    const after: unknown[] = [];
    for (let i = 0; i < 12; i++) after.push(await star().catch(() => 'failed'));
    // PostgreSQL refuses a kept statement whose columns changed, once per connection at most:
    // that connection is then replaced, so the rest succeed.
    expect(after.at(-1)).toEqual([{ id: 1, service_id: serviceId, note: 'new' }]);
    expect(after.filter((a) => a === 'failed').length).toBeLessThanOrEqual(10);
  });
});

describe('statements started together in one transaction', () => {
  // node-postgres queues a statement sent while another runs, and warns that pg 9 will not: each
  // transaction must send them one at a time itself. Seen at the driver, on PostgreSQL.
  const overlapping = async (run: () => Promise<unknown>) => {
    const proto = pg.Client.prototype as unknown as { query: (...a: unknown[]) => unknown };
    const original = proto.query;
    let overlaps = 0;
    proto.query = function (this: { _queryQueue?: unknown[]; _activeQuery?: unknown }, ...a) {
      if ((this._queryQueue?.length ?? 0) > 0 || this._activeQuery) overlaps += 1;
      return original.apply(this, a);
    };
    try {
      await run();
    } finally {
      proto.query = original;
    }
    return overlaps;
  };
  const together = (db: Db) =>
    Promise.all([1, 2, 3, 4].map((n) => rows(db, sql`select ${n}::int as n, pg_sleep(0.01)`)));
  const postgresUrl = inject('postgresUrl');

  it.runIf(postgresUrl)('go one at a time, in a tenant transaction and on the root', async () => {
    const inTenant = await overlapping(() => withTenant(database, serviceId, (tx) => together(tx)));
    const onRoot = await overlapping(() => database.db.transaction((tx) => together(tx)));
    expect([inTenant, onRoot]).toEqual([0, 0]);
    // The probe sees overlaps where there are some: four at once on a bare connection.
    const bare = await overlapping(async () => {
      const client = new pg.Client({ connectionString: postgresUrl });
      await client.connect();
      try {
        await Promise.all([1, 2, 3, 4].map((n) => client.query('select $1::int', [n])));
      } finally {
        await client.end();
      }
    });
    expect(bare).toBeGreaterThan(0);
  });
});
