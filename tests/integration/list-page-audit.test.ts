import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { referrals, treatmentCourses } from '../../src/db/schema';
import { AUDIT_ACTION_LABELS } from '../../src/features/admin/audit-labels';
import type { AuditAction } from '../../src/platform/audit';
import { queueMessage } from '../../src/platform/outbox';
import { textOf } from '../support/client';
import { createTestApp, type TestApp } from '../support/test-app';
import { buildWorld, Sessions, type Persona, type World } from '../support/world';

/**
 * Issue 10: every list page records which patients it showed, so that searching the audit log by
 * patient finds the view. Each case views the page, then searches the log as a service manager.
 */
let t: TestApp;
let world: World;
let sessions: Sessions;

beforeAll(async () => {
  t = await createTestApp();
  world = await buildWorld(t);
  sessions = new Sessions(t, world);
});
afterAll(async () => t.close());

/** The actions the audit-log search lists for one patient (the manager's own searches aside). */
async function searchLogFor(patientId: string): Promise<string> {
  const manager = await sessions.as('manager');
  const res = await manager.get(`/admin/audit?patient=${patientId}`);
  expect(res.statusCode).toBe(200);
  return textOf(res.body);
}

async function expectViewFound(
  page: { url: string; as: Persona; action: AuditAction },
  patientId: () => string,
) {
  // The log shows each action in plain words, not its code.
  const words = AUDIT_ACTION_LABELS[page.action];
  expect(await searchLogFor(patientId())).not.toContain(words);
  const client = await sessions.as(page.as);
  const res = await client.get(page.url);
  expect(res.statusCode).toBe(200);
  expect(await searchLogFor(patientId())).toContain(words);
}

describe('list pages record which patients they showed', () => {
  it('/staff/risk', () =>
    expectViewFound(
      { url: '/staff/risk', as: 'therapist', action: 'risk_alert.list' },
      () => world.a.patientId,
    ));

  it('/staff/referrals', () =>
    expectViewFound(
      { url: '/staff/referrals?status=all', as: 'therapist', action: 'referral.list' },
      () => world.a.patientId,
    ));

  it('/staff/waiting-list', async () => {
    const wren = await patientOfReferral(world.a.waitingReferralId);
    await expectViewFound(
      { url: '/staff/waiting-list', as: 'therapist', action: 'waiting_list.read' },
      () => wren,
    );
  });

  it('/courses', () =>
    expectViewFound(
      { url: '/courses', as: 'therapist', action: 'course.list' },
      () => world.a.patientId,
    ));

  it('/courses/allocate', async () => {
    const wren = await patientOfReferral(world.a.waitingReferralId);
    await expectViewFound(
      { url: '/courses/allocate', as: 'manager', action: 'course.waiting_list_view' },
      () => wren,
    );
  });

  it('/admin/outcomes (the report counts each patient whose course ended)', async () => {
    await t.database.db
      .update(treatmentCourses)
      .set({ status: 'ended', endedAt: new Date(t.clock.now().getTime() - 86_400_000) })
      .where(
        and(
          eq(treatmentCourses.serviceId, world.a.service.id),
          eq(treatmentCourses.patientId, world.a.otherPatientId),
        ),
      );
    await expectViewFound(
      { url: '/admin/outcomes', as: 'manager', action: 'outcomes.report_view' },
      () => world.a.otherPatientId,
    );
  });

  it('/admin/messages (sent messages)', async () => {
    await queueMessage(t.database.db, t.clock, {
      serviceId: world.a.service.id,
      channel: 'sms',
      recipient: '07700900999',
      body: 'Reminder: your appointment',
      template: 'appointment-reminder',
      patientId: world.a.patientId,
      idempotencyKey: 'list-page-audit:1',
    });
    await expectViewFound(
      { url: '/admin/messages', as: 'manager', action: 'outbox.view' },
      () => world.a.patientId,
    );
  });
});

async function patientOfReferral(referralId: string): Promise<string> {
  const [row] = await t.database.db.select().from(referrals).where(eq(referrals.id, referralId));
  if (!row?.patientId) throw new Error('the waiting referral has a patient in the world');
  return row.patientId;
}
