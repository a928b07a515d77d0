import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { openTestDatabase } from '../../tests/support/test-app';
import { audit, auditMany, systemActor } from '../platform/audit';
import { FixedClock } from '../platform/clock';
import { createService } from '../platform/instance';
import {
  AuditCheckpointer,
  checkpointKey,
  describeProblem,
  GENESIS_HASH,
  rows,
  verifyAuditChains,
  writeCheckpoints,
} from './audit-chain';
import { withTenant, type Database } from './client';

let database: Database;
let drop: () => Promise<void>;
let key: Buffer;
const clock = new FixedClock('2026-11-25T10:00:00Z');

beforeAll(async () => {
  ({ database, drop } = await openTestDatabase());
  const k = await checkpointKey(database.root, true);
  if (!k) throw new Error('no key');
  key = k;
});
afterAll(async () => drop());

/** A fresh service with `n` audit rows written as rapport_app, one request each. */
async function serviceWithRows(n: number): Promise<string> {
  const slug = `s-${randomBytes(4).toString('hex')}`;
  const created = await createService(database.root, {
    slug,
    name: 'Chain test',
    hosts: [`${slug}.example`],
  });
  if (!created.ok) throw new Error(created.problem);
  const serviceId = created.service.id;
  for (let i = 1; i <= n; i++) {
    await withTenant(database, serviceId, () =>
      audit(database.db, clock, systemActor(serviceId, 'chain-test'), {
        action: 'outbox.view',
        reason: `row ${i}`,
        details: { i, nested: { b: [1, 2.5, 'x'], a: null } },
      }),
    );
  }
  return serviceId;
}

async function verify(serviceId: string) {
  const [result] = await verifyAuditChains(database.root, { serviceId, key });
  if (!result) throw new Error('no result');
  return result;
}

/** As the owner in SQL, with the append-only trigger out of the way: what an intruder could do. */
async function tamper(statement: string): Promise<void> {
  await database.root.execute(sql.raw('ALTER TABLE audit_events DISABLE TRIGGER USER'));
  try {
    await database.root.execute(sql.raw(statement));
  } finally {
    await database.root.execute(sql.raw('ALTER TABLE audit_events ENABLE TRIGGER USER'));
  }
}

async function idAt(serviceId: string, seq: number): Promise<number> {
  const found = await rows<{ id: string | number }>(
    database.root,
    sql`select id from audit_events where service_id = ${serviceId} and seq = ${seq}`,
  );
  return Number(found[0]?.id);
}

describe('the audit hash chain', () => {
  it('numbers each service’s rows from 1, linking each to the one before', async () => {
    const serviceId = await serviceWithRows(3);
    const chain = await rows<{ seq: string | number; prev_hash: string; hash: string }>(
      database.root,
      sql`select seq, prev_hash, hash from audit_events where service_id = ${serviceId} order by seq`,
    );
    expect(chain.map((r) => Number(r.seq))).toEqual([1, 2, 3]);
    expect(chain[0]!.prev_hash).toBe(GENESIS_HASH);
    expect(chain[1]!.prev_hash).toBe(chain[0]!.hash);
    expect(chain[2]!.prev_hash).toBe(chain[1]!.hash);
    expect(await verify(serviceId)).toMatchObject({ rows: 3, problem: null });
  });

  it('stays one unbroken chain when many transactions write at once', async () => {
    const serviceId = await serviceWithRows(0);
    const actor = systemActor(serviceId, 'concurrent');
    await Promise.all(
      Array.from({ length: 24 }, (_, i) =>
        withTenant(database, serviceId, async () => {
          await audit(database.db, clock, actor, { action: 'outbox.view', reason: `a${i}` });
          await auditMany(database.db, clock, actor, [
            { action: 'outbox.view', reason: `b${i}` },
            { action: 'outbox.view', reason: `c${i}` },
          ]);
        }),
      ),
    );
    expect(await verify(serviceId)).toMatchObject({ rows: 72, problem: null });
    // Long chains are read in batches and report progress as they go.
    const progress: number[] = [];
    const [paged] = await verifyAuditChains(database.root, {
      serviceId,
      key,
      batchSize: 5,
      progressEvery: 20,
      onProgress: (_id, n) => progress.push(n),
    });
    expect(paged).toMatchObject({ rows: 72, problem: null });
    expect(progress).toEqual([20, 40, 60]);
  });

  it('the checkpointer writes each moved head to the log as well', async () => {
    const serviceId = await serviceWithRows(2);
    const logged: object[] = [];
    const checkpointer = new AuditCheckpointer(database.root, key, 60_000, {
      info: (obj) => logged.push(obj),
      error: (obj) => {
        throw new Error(JSON.stringify(obj));
      },
    });
    await checkpointer.runOnce();
    expect(logged).toContainEqual({
      auditCheckpoint: expect.objectContaining({ serviceId, seq: 2 }) as unknown,
    });
    expect(await verify(serviceId)).toMatchObject({ checkpoints: 1, problem: null });
  });

  it('an untouched chain with checkpoints verifies', async () => {
    const serviceId = await serviceWithRows(4);
    const written = await writeCheckpoints(database.root, key, clock.now());
    expect(written.find((c) => c.serviceId === serviceId)?.seq).toBe(4);
    // Nothing new: no second checkpoint for this service.
    const again = await writeCheckpoints(database.root, key, clock.now());
    expect(again.find((c) => c.serviceId === serviceId)).toBeUndefined();
    expect(await verify(serviceId)).toMatchObject({ rows: 4, checkpoints: 1, problem: null });
  });

  it('names a row whose content was changed', async () => {
    const serviceId = await serviceWithRows(5);
    const id = await idAt(serviceId, 3);
    await tamper(
      `UPDATE audit_events SET reason = 'nothing to see' WHERE service_id = '${serviceId}' AND seq = 3`,
    );
    const result = await verify(serviceId);
    expect(result.problem).toMatchObject({ rowId: id, seq: 3 });
    expect(describeProblem(serviceId, result.problem!)).toContain(`row id ${id} (sequence 3)`);
    expect(result.problem!.message).toMatch(/content was changed/);
  });

  it('names the row after one deleted from the middle', async () => {
    const serviceId = await serviceWithRows(5);
    const id = await idAt(serviceId, 3);
    await tamper(`DELETE FROM audit_events WHERE service_id = '${serviceId}' AND seq = 2`);
    const result = await verify(serviceId);
    expect(result.problem).toMatchObject({ rowId: id, seq: 3 });
    expect(result.problem!.message).toMatch(/sequence 2 is missing/);
  });

  it('catches a deleted row even when the later sequence numbers were closed up', async () => {
    const serviceId = await serviceWithRows(5);
    const id = await idAt(serviceId, 3);
    await tamper(`DELETE FROM audit_events WHERE service_id = '${serviceId}' AND seq = 2`);
    await tamper(
      `UPDATE audit_events SET seq = seq - 1 WHERE service_id = '${serviceId}' AND seq > 2`,
    );
    const result = await verify(serviceId);
    expect(result.problem).toMatchObject({ rowId: id, seq: 2 });
  });

  it('names the first of two rows whose contents were swapped', async () => {
    const serviceId = await serviceWithRows(5);
    const id = await idAt(serviceId, 2);
    await tamper(`UPDATE audit_events a SET reason = b.reason, details = b.details
      FROM audit_events b
      WHERE a.service_id = '${serviceId}' AND b.service_id = a.service_id
        AND ((a.seq = 2 AND b.seq = 4) OR (a.seq = 4 AND b.seq = 2))`);
    const result = await verify(serviceId);
    expect(result.problem).toMatchObject({ rowId: id, seq: 2 });
  });

  it('catches rows swapped whole, chain columns and all', async () => {
    const serviceId = await serviceWithRows(5);
    const id2 = await idAt(serviceId, 2);
    const id4 = await idAt(serviceId, 4);
    // Give row 2 everything of row 4 (and back) except its id.
    await tamper(`UPDATE audit_events a SET seq = -b.seq, prev_hash = b.prev_hash, hash = b.hash,
        reason = b.reason, details = b.details
      FROM audit_events b
      WHERE a.service_id = '${serviceId}' AND b.service_id = a.service_id
        AND ((a.id = ${id2} AND b.id = ${id4}) OR (a.id = ${id4} AND b.id = ${id2}))`);
    await tamper(
      `UPDATE audit_events SET seq = -seq WHERE service_id = '${serviceId}' AND seq < 0`,
    );
    const result = await verify(serviceId);
    expect(result.problem).toMatchObject({ rowId: id4, seq: 2 });
  });

  it('a deleted tail is caught by the signed checkpoint, naming the first missing row', async () => {
    const serviceId = await serviceWithRows(5);
    await writeCheckpoints(database.root, key, clock.now());
    await tamper(`DELETE FROM audit_events WHERE service_id = '${serviceId}' AND seq >= 4`);
    const result = await verify(serviceId);
    expect(result.problem).toMatchObject({ rowId: null, seq: 4 });
    expect(describeProblem(serviceId, result.problem!)).toMatch(
      /the row at sequence 4 is missing: the chain ends at sequence 3 but checkpoint \d+ of .* recorded sequence 5/,
    );
  });

  it('a deleted tail followed by new rows is caught by the checkpoint too', async () => {
    const serviceId = await serviceWithRows(5);
    await writeCheckpoints(database.root, key, clock.now());
    await tamper(`DELETE FROM audit_events WHERE service_id = '${serviceId}' AND seq >= 4`);
    await withTenant(database, serviceId, () =>
      audit(database.db, clock, systemActor(serviceId), { action: 'outbox.view' }),
    );
    await withTenant(database, serviceId, () =>
      audit(database.db, clock, systemActor(serviceId), { action: 'outbox.view' }),
    );
    const result = await verify(serviceId);
    expect(result.problem).toMatchObject({ rowId: await idAt(serviceId, 5), seq: 5 });
    expect(result.problem!.message).toMatch(/chain was rewritten/);
  });

  it('a checkpoint whose signature does not match is reported', async () => {
    const serviceId = await serviceWithRows(2);
    await writeCheckpoints(database.root, key, clock.now());
    await withTenant(database, serviceId, () =>
      database.db.execute(
        sql`insert into audit_checkpoints (service_id, seq, head_hash, at, signature)
            values (${serviceId}, 1, 'x', now(), 'deadbeef')`,
      ),
    );
    const result = await verify(serviceId);
    expect(result.problem?.message).toMatch(/signature that does not match/);
  });

  it('the request role may add audit rows but not change, delete or empty them', async () => {
    const serviceId = await serviceWithRows(1);
    for (const statement of [
      `UPDATE audit_events SET reason = 'x'`,
      `DELETE FROM audit_events`,
      `TRUNCATE audit_events`,
      `UPDATE audit_checkpoints SET seq = 0`,
      `DELETE FROM audit_checkpoints`,
      `SELECT value FROM instance_secrets`,
    ]) {
      const error = await withTenant(database, serviceId, () =>
        database.db.execute(sql.raw(statement)),
      ).then(
        () => null,
        (err: unknown) => err as Error & { cause?: Error },
      );
      expect(error?.cause?.message ?? error?.message, statement).toMatch(/permission denied/);
    }
  });
});

describe('finding the head of a chain', () => {
  // The trigger's own lookup, as a statement to explain.
  const headLookup = (serviceId: string) =>
    sql`explain select seq, hash from audit_events
        where service_id = ${serviceId}::uuid and seq is not null
        order by seq desc limit 1`;
  const planOf = async (settings: string[], serviceId: string) =>
    database.root.transaction(async (tx) => {
      for (const setting of settings) await tx.execute(sql.raw(`set local ${setting}`));
      const plan = await rows<{ 'QUERY PLAN': string }>(tx, headLookup(serviceId));
      return plan.map((r) => r['QUERY PLAN']).join('\n');
    });

  it('walks the chain index even when statistics say the table is tiny', async () => {
    const serviceId = await serviceWithRows(2);
    // Statistics taken now, while the table is small, are what made a cached plan scan it all.
    await database.root.execute(sql`analyze audit_events`);
    const config = await rows<{ proconfig: string[] | null }>(
      database.root,
      sql`select proconfig from pg_proc where proname = 'audit_events_chain'`,
    );
    expect(config[0]?.proconfig).toEqual(
      expect.arrayContaining(['enable_seqscan=off', 'enable_bitmapscan=off']),
    );
    // Under the trigger's settings the planner can only walk the index.
    expect(await planOf(['enable_seqscan = off', 'enable_bitmapscan = off'], serviceId)).toMatch(
      /Index Scan Backward using audit_events_chain_idx/,
    );
  });
});
