import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClient, textOf } from '../support/client';
import { insertPatient, insertReferral, insertReferralRiskAlert } from '../support/fixtures';
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

beforeAll(async () => {
  t = await createTestApp();
  const responsible = await createUser(t, 'responsible@example.nhs.uk', ['therapist'], 'Rae');
  await createUser(t, 'colleague@example.nhs.uk', ['therapist'], 'Cole');
  await createUser(t, 'pat@example.com', ['patient'], 'Pat');
  const patient = await insertPatient(t, {
    givenName: 'Robin',
    familyName: 'Linked',
    responsibleClinicianId: responsible.id,
  });
  patientId = patient.id;
  referralId = (await insertReferral(t, { patientId, givenName: 'Robin', familyName: 'Linked' }))
    .id;
  alertId = (await insertReferralRiskAlert(t, referralId)).id;
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

  it('a page the role may not use answers 403', async () => {
    const pat = await signedIn('pat@example.com');
    expect((await pat.get(`/staff/referrals/${referralId}`)).statusCode).toBe(403);
  });
});
