import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { BatchedPglite } from './pglite-batched';
import { describeInEmbeddedRun } from '../../tests/support/runs';

let pglite: PGlite;
let batched: BatchedPglite;

beforeAll(async () => {
  pglite = await PGlite.create('memory://');
  batched = new BatchedPglite(pglite);
  await pglite.exec(`
    create table t (
      id serial primary key, name text, at timestamptz, ok boolean, doc jsonb, tags text[],
      bytes bytea, n int unique
    );
  `);
});

afterAll(async () => {
  await pglite.close();
});

const row = {
  name: 'Ada',
  at: new Date('2026-03-01T09:30:00.000Z'),
  ok: true,
  doc: { mood: 'better', list: [1, 2] },
  tags: ['a', 'b "quoted"', 'c,d'],
  bytes: new Uint8Array([0, 255, 16]),
};
const insert =
  'insert into t (name, at, ok, doc, tags, bytes, n) values ($1, $2, $3, $4, $5, $6, $7)';
const select = 'select name, at, ok, doc, tags, bytes, n from t where n = $1';

describeInEmbeddedRun('BatchedPglite', () => {
  it('gives what PGlite’s own query gives, for every kind of value, run after run', async () => {
    const values = [row.name, row.at, row.ok, row.doc, row.tags, row.bytes];
    await pglite.query(insert, [...values, 1]);
    await batched.query(insert, [...values, 2]);
    await batched.query(insert, [...values, 3]); // the second run uses the remembered types
    const theirs = await pglite.query(select, [1]);
    for (const n of [2, 3]) {
      const ours = await batched.query<Record<string, unknown>>(select, [n]);
      expect({ ...ours.rows[0], n: 1 }).toEqual(theirs.rows[0]);
      expect(ours.fields).toEqual(theirs.fields);
    }
    expect(theirs.rows[0]).toMatchObject({ ...row, n: 1 });
    const nulls = await batched.query<{ name: string | null }>(
      'select $1::text as name, $2::int as n',
      [null, undefined],
    );
    expect(nulls.rows).toEqual([{ name: null, n: null }]);
    const arrays = await batched.query('select * from t where n = any($1) order by n', [[1, 3]], {
      rowMode: 'array',
    });
    expect(arrays.rows.map((r) => (r as unknown[]).at(-1))).toEqual([1, 3]);
  });

  it('reports a failed query as PGlite does and carries on', async () => {
    const failed = await batched
      .query('select * from missing where x = $1', [1])
      .catch((e: unknown) => e);
    expect(failed).toMatchObject({ code: '42P01', query: 'select * from missing where x = $1' });
    const duplicate = await batched
      .query(insert, [null, null, null, null, null, null, 1])
      .catch((e: unknown) => e);
    expect(duplicate).toMatchObject({ code: '23505' });
    expect((await batched.query('select $1::int + 1 as two', [1])).rows).toEqual([{ two: 2 }]);
  });

  it('exec runs several statements and returns each result', async () => {
    const results = await batched.exec('select 1 as one; select 2 as two');
    expect(results.map((r) => r.rows)).toEqual([[{ one: 1 }], [{ two: 2 }]]);
  });

  it('commits a transaction with the statements queued for commit, in order', async () => {
    await batched.transactionWith(
      "begin; select set_config('app.x', 'y', true)",
      () => "insert into t (name, n) values ('queued', 20)",
      async (tx) => {
        const setting = await tx.query<{ x: string }>("select current_setting('app.x') as x");
        expect(setting.rows).toEqual([{ x: 'y' }]);
        await tx.query('insert into t (name, n) values ($1, $2)', ['in tx', 21]);
      },
    );
    const kept = await batched.query('select name from t where n in (20, 21) order by n');
    expect(kept.rows).toEqual([{ name: 'queued' }, { name: 'in tx' }]);
    // Transaction-local settings end with the transaction.
    const after = await batched.query("select current_setting('app.x', true) as x");
    expect(after.rows).toEqual([{ x: '' }]);
  });

  it('keeps nothing when the callback, a queued statement or COMMIT fails', async () => {
    const thrown = batched.transaction(async (tx) => {
      await tx.query('insert into t (name, n) values ($1, $2)', ['thrown', 30]);
      throw new Error('handler failed');
    });
    await expect(thrown).rejects.toThrow('handler failed');
    const queuedFails = batched.transactionWith(
      'begin',
      () => 'insert into t (name, n) values (null, 1)',
      async (tx) => {
        await tx.query('insert into t (name, n) values ($1, $2)', ['before a bad queue', 31]);
      },
    );
    await expect(queuedFails).rejects.toMatchObject({ code: '23505' });
    // An error swallowed inside leaves the transaction aborted: COMMIT answers ROLLBACK.
    const swallowed = batched.transaction(async (tx) => {
      await tx.query('insert into t (name, n) values ($1, $2)', ['swallowed', 32]);
      await tx.query('insert into t (name, n) values ($1, $2)', ['dup', 1]).catch(() => undefined);
    });
    await expect(swallowed).rejects.toMatchObject({ code: '25P02' });
    const none = await batched.query('select count(*)::int as c from t where n in (30, 31, 32)');
    expect(none.rows).toEqual([{ c: 0 }]);
    // And the connection is usable afterwards, outside any transaction.
    expect((await batched.query('select 1 as one')).rows).toEqual([{ one: 1 }]);
  });

  it('runs concurrent transactions and queries one after another, never interleaved', async () => {
    const order: string[] = [];
    const a = batched.transaction(async (tx) => {
      order.push('a begins');
      await tx.query('insert into t (name, n) values ($1, $2)', ['a', 40]);
      await new Promise((resolve) => setImmediate(resolve));
      await tx.query('insert into t (name, n) values ($1, $2)', ['a', 41]);
      order.push('a ends');
    });
    const outside = batched
      .query('select count(*)::int as c from t where n in (40, 41)')
      .then((r) => {
        order.push('query');
        return r.rows;
      });
    await a;
    expect(await outside).toEqual([{ c: 2 }]);
    expect(order).toEqual(['a begins', 'a ends', 'query']);
  });

  it('prepares each text once, and again when its table changes shape', async () => {
    await pglite.exec('create table shape (id int); insert into shape values (1)');
    const star = 'select * from shape where id = $1';
    expect((await batched.query(star, [1])).rows).toEqual([{ id: 1 }]);
    await pglite.exec("alter table shape add column note text default 'new'");
    expect((await batched.query(star, [1])).rows).toEqual([{ id: 1, note: 'new' }]);
  });

  it('keeps working past the number of statements it keeps, closing the oldest', async () => {
    const texts = Array.from({ length: 520 }, (_, i) => `select $1::int + ${i} as v`);
    for (const [i, text] of texts.entries())
      expect((await batched.query(text, [1])).rows).toEqual([{ v: 1 + i }]);
    // The first ones were closed: they are prepared again.
    expect((await batched.query(texts[0]!, [2])).rows).toEqual([{ v: 2 }]);
    const kept = await pglite.query<{ n: number }>(
      'select count(*)::int as n from pg_prepared_statements',
    );
    expect(kept.rows[0]!.n).toBeLessThanOrEqual(501);
  });
});
