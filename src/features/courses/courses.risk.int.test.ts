import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, inArray } from 'drizzle-orm';
import { auditEvents, patients, riskAlerts } from '../../db/schema';
import { TestClient, textOf } from '../../../tests/support/client';
import { createTestApp, TEST_PASSWORD, type TestApp } from '../../../tests/support/test-app';
import {
  insertWaitingPatient,
  seedDiaryWorld,
  type DiaryWorld,
} from '../../../tests/fixtures/diary-world';

let t: TestApp;
let w: DiaryWorld;

async function signedIn(email: string) {
  const c = new TestClient(t.app);
  expect((await c.signIn(email, TEST_PASSWORD)).statusCode).toBe(303);
  return c;
}

beforeAll(async () => {
  t = await createTestApp();
  w = await seedDiaryWorld(t);
});
afterAll(async () => t.close());

/** A waiting patient whose responsible clinician (their assessor) is `clinicianId`. */
async function waitingWithClinician(givenName: string, clinicianId: string) {
  const person = await insertWaitingPatient(t, {
    givenName,
    familyName: 'Alerted',
    email: null,
    mobile: null,
    allowEmail: false,
    allowSms: false,
  });
  await t.database.db
    .update(patients)
    .set({ responsibleClinicianId: clinicianId })
    .where(eq(patients.id, person.patientId));
  return person;
}

async function alert(
  patientId: string,
  values: { responsibleClinicianId: string | null; actioned?: boolean },
) {
  const now = t.clock.now();
  const [row] = await t.database.db
    .insert(riskAlerts)
    .values({
      serviceId: t.service.id,
      source: 'assessment',
      reason: "PHQ-9 question 9 answered 'Several days' at the wellbeing assessment",
      patientId,
      responsibleClinicianId: values.responsibleClinicianId,
      raisedAt: now,
      ...(values.actioned
        ? { actionTaken: 'Phoned; safety plan agreed.', actionedBy: w.samId, actionedAt: now }
        : {}),
    })
    .returning();
  return row!;
}

const clinicianOf = async (ids: string[]) =>
  new Map(
    (
      await t.database.db
        .select({ id: riskAlerts.id, clinician: riskAlerts.responsibleClinicianId })
        .from(riskAlerts)
        .where(inArray(riskAlerts.id, ids))
    ).map((r) => [r.id, r.clinician]),
  );

const allocation = { plannedSessions: '16', modePreference: 'video' };

describe('risk alerts follow the patient on allocation', () => {
  it('moves the patient’s open alerts to the therapist allocated, and only those', async () => {
    const mia = await waitingWithClinician('Mia', w.samId);
    const open = await alert(mia.patientId, { responsibleClinicianId: w.samId });
    const openUnassigned = await alert(mia.patientId, { responsibleClinicianId: null });
    const actioned = await alert(mia.patientId, {
      responsibleClinicianId: w.samId,
      actioned: true,
    });
    const other = await waitingWithClinician('Otto', w.samId);
    const othersAlert = await alert(other.patientId, { responsibleClinicianId: w.samId });

    const m = await signedIn('manager@example.nhs.uk');
    const url = `/courses/allocate/${mia.referralId}`;
    await m.get(url);
    const res = await m.post(url, { therapistId: w.joId, ...allocation });
    expect(res.statusCode).toBe(303);

    const now = await clinicianOf([open.id, openUnassigned.id, actioned.id, othersAlert.id]);
    expect(now.get(open.id)).toBe(w.joId);
    expect(now.get(openUnassigned.id)).toBe(w.joId);
    // An actioned alert keeps who dealt with it; another patient's alerts stay where they were.
    expect(now.get(actioned.id)).toBe(w.samId);
    expect(now.get(othersAlert.id)).toBe(w.samId);

    const [audit] = await t.database.db
      .select()
      .from(auditEvents)
      .where(
        and(eq(auditEvents.action, 'course.allocate'), eq(auditEvents.patientId, mia.patientId)),
      );
    expect(audit!.details).toMatchObject({ previousClinicianId: w.samId });
    expect([...(audit!.details as { movedRiskAlerts: string[] }).movedRiskAlerts].sort()).toEqual(
      [open.id, openUnassigned.id].sort(),
    );

    // The risk queue names the new clinician.
    const queue = textOf((await m.get('/staff/risk')).body);
    expect(queue).toMatch(/Mia Alerted.*Jo Evans/);
  });

  it('moves nothing when the responsible clinician stays the same', async () => {
    const nell = await waitingWithClinician('Nell', w.samId);
    const open = await alert(nell.patientId, { responsibleClinicianId: null });
    const m = await signedIn('manager@example.nhs.uk');
    const url = `/courses/allocate/${nell.referralId}`;
    await m.get(url);
    expect((await m.post(url, { therapistId: w.samId, ...allocation })).statusCode).toBe(303);
    expect((await clinicianOf([open.id])).get(open.id)).toBeNull();
    const [audit] = await t.database.db
      .select()
      .from(auditEvents)
      .where(
        and(eq(auditEvents.action, 'course.allocate'), eq(auditEvents.patientId, nell.patientId)),
      );
    expect(audit!.details).toMatchObject({ movedRiskAlerts: [] });
  });
});
