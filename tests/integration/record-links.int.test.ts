import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { patients } from '../../src/db/schema';
import { TestClient, textOf } from '../support/client';
import {
  DAY_MS,
  insertCourse,
  insertPatient,
  insertReferral,
  insertReferralRiskAlert,
  insertSession,
} from '../support/fixtures';
import { createTestApp, createUser, TEST_PASSWORD, type TestApp } from '../support/test-app';

/**
 * Issue 9, item 9: a link to a patient's record shows only to someone who may open it, and
 * refusals follow the house rule: a record you may not see is 404, a page your role may not use
 * is 403.
 */
let t: TestApp;
let referralId: string;
let patientId: string;
let alertId: string;
/** A patient whose course is run by the colleague, while the responsible clinician is Rae. */
let handedId: string;
let courseId: string;
let sessionId: string;

beforeAll(async () => {
  t = await createTestApp();
  const responsible = await createUser(t, 'responsible@example.nhs.uk', ['therapist'], 'Rae');
  const colleague = await createUser(t, 'colleague@example.nhs.uk', ['therapist'], 'Cole');
  await createUser(t, 'pat@example.com', ['patient'], 'Pat');
  await createUser(t, 'manager@example.nhs.uk', ['service_manager'], 'Mo');
  const patient = await insertPatient(t, {
    givenName: 'Robin',
    familyName: 'Linked',
    responsibleClinicianId: responsible.id,
  });
  patientId = patient.id;
  referralId = (await insertReferral(t, { patientId, givenName: 'Robin', familyName: 'Linked' }))
    .id;
  alertId = (await insertReferralRiskAlert(t, referralId)).id;

  const handed = await insertPatient(t, { givenName: 'Sky', familyName: 'Handed' });
  handedId = handed.id;
  const course = await insertCourse(t, handedId, colleague.id);
  courseId = course.id;
  sessionId = (await insertSession(t, course, new Date(t.clock.now().getTime() + 2 * DAY_MS))).id;
  // The colleague runs the course, but the record stays with Rae (insertCourse hands it over).
  await t.database.db
    .update(patients)
    .set({ responsibleClinicianId: responsible.id })
    .where(and(eq(patients.serviceId, t.service.id), eq(patients.id, handedId)));
});
afterAll(async () => t.close());

async function signedIn(email: string): Promise<TestClient> {
  const c = new TestClient(t.app);
  await c.signIn(email, TEST_PASSWORD);
  return c;
}

describe('links to a patient record', () => {
  it('a clinician who may see the referral but not the record sees the name without a link', async () => {
    const colleague = await signedIn('colleague@example.nhs.uk');
    const page = await colleague.get(`/staff/referrals/${referralId}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain(`href="/patients/${patientId}"`);
    expect(textOf(page.body)).toContain('Robin Linked');
    // The record itself: not theirs, so it does not exist for them.
    expect((await colleague.get(`/patients/${patientId}`)).statusCode).toBe(404);
  });

  it('the responsible clinician gets the link, and it opens', async () => {
    const responsible = await signedIn('responsible@example.nhs.uk');
    const page = await responsible.get(`/staff/referrals/${referralId}`);
    expect(page.body).toContain(`href="/patients/${patientId}"`);
    expect((await responsible.get(`/patients/${patientId}`)).statusCode).toBe(200);
  });

  it('a clinician who may work the risk queue but not open the record sees the name without a link', async () => {
    const colleague = await signedIn('colleague@example.nhs.uk');
    const page = await colleague.get(`/staff/risk/${alertId}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain(`href="/patients/${patientId}"`);
    expect(textOf(page.body)).toContain('Robin Linked');
  });

  it('the responsible clinician gets the link from the risk alert', async () => {
    const responsible = await signedIn('responsible@example.nhs.uk');
    const page = await responsible.get(`/staff/risk/${alertId}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`href="/patients/${patientId}"`);
  });

  it('a therapist who runs the course but may not open the record sees no link to it', async () => {
    const colleague = await signedIn('colleague@example.nhs.uk');
    expect((await colleague.get(`/patients/${handedId}`)).statusCode).toBe(404);
    for (const url of [`/courses/${courseId}`, `/diary/appointments/${sessionId}`, '/caseload']) {
      const page = await colleague.get(url);
      expect(page.statusCode, url).toBe(200);
      expect(textOf(page.body), url).toContain('Sky Handed');
      expect(page.body, url).not.toContain(`href="/patients/${handedId}`);
    }
  });

  it('a service manager gets the links from the course and the appointment', async () => {
    const manager = await signedIn('manager@example.nhs.uk');
    for (const url of [`/courses/${courseId}`, `/diary/appointments/${sessionId}`]) {
      const page = await manager.get(url);
      expect(page.statusCode, url).toBe(200);
      expect(page.body, url).toContain(`href="/patients/${handedId}"`);
    }
  });

  it('a page the role may not use answers 403', async () => {
    const pat = await signedIn('pat@example.com');
    expect((await pat.get(`/staff/referrals/${referralId}`)).statusCode).toBe(403);
  });
});
