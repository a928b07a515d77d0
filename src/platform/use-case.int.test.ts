import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { auditEvents } from '../db/schema';
import { createTestApp, type TestApp } from '../../tests/support/test-app';
import { createUseCase, systemUseCase } from './use-case';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

const links = { publicUrl: 'http://localhost:3000', serviceName: 'Test service' };

describe('the use-case context', () => {
  it('audits as its actor, at its clock’s time', async () => {
    const uc = systemUseCase(
      { db: t.database.db, clock: t.clock, service: t.service, links },
      'use-case-test',
    );
    await uc.audit({ action: 'outbox.view', reason: 'first' });
    const rows = await t.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.reason, 'first'));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      serviceId: t.service.id,
      role: 'use-case-test',
      action: 'outbox.view',
    });
    expect(rows[0]!.at.toISOString()).toBe(t.clock.now().toISOString());
  });

  it('writes through its transaction: a failure rolls back the audit row with the change', async () => {
    const uc = createUseCase({
      db: t.database.db,
      clock: t.clock,
      actor: { serviceId: t.service.id, userId: null, role: 'x', ip: null, requestId: 'r1' },
      user: null,
      service: t.service,
      links,
    });
    await expect(
      uc.transaction(async (inTx) => {
        expect(inTx.db).not.toBe(uc.db);
        await inTx.audit({ action: 'outbox.view', reason: 'rolled back' });
        throw new Error('change failed');
      }),
    ).rejects.toThrow('change failed');
    await uc.transaction((inTx) => inTx.auditMany([{ action: 'outbox.view', reason: 'kept' }]));
    const reasons = (
      await t.database.db
        .select({ reason: auditEvents.reason })
        .from(auditEvents)
        .where(eq(auditEvents.requestId, 'r1'))
    ).map((r) => r.reason);
    expect(reasons).toEqual(['kept']);
  });
});
