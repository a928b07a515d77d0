import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { auditEvents, riskAlerts } from '../../db/schema';
import { TestClient, textOf } from '../../../tests/support/client';
import {
  insertPatient,
  insertReferral,
  insertReferralRiskAlert,
} from '../../../tests/support/fixtures';
import {
  createTestApp,
  createUser,
  TEST_PASSWORD,
  type TestApp,
} from '../../../tests/support/test-app';

let t: TestApp;
let therapistId: string;

async function signedIn(email: string) {
  const c = new TestClient(t.app);
  expect((await c.signIn(email, TEST_PASSWORD)).statusCode).toBe(303);
  return c;
}

const alertRow = async (id: string) =>
  (await t.database.db.select().from(riskAlerts).where(eq(riskAlerts.id, id)))[0]!;

beforeAll(async () => {
  t = await createTestApp();
  therapistId = (await createUser(t, 'terry@example.nhs.uk', ['therapist'], 'Terry Therapist')).id;
  await createUser(t, 'tess@example.nhs.uk', ['therapist'], 'Tess Other');
  await createUser(t, 'max@example.nhs.uk', ['service_manager'], 'Max Manager');
  await createUser(t, 'pat@example.com', ['patient'], 'Pat Patient');
});
afterAll(async () => t.close());

describe('the risk queue', () => {
  it('keeps an alert open until a clinician records what they did; the action is required', async () => {
    const referral = await insertReferral(t, { givenName: 'Rae', familyName: 'Unmatched' });
    const alert = await insertReferralRiskAlert(t, referral.id);
    const c = await signedIn('tess@example.nhs.uk');

    const queue = await c.get('/staff/risk');
    expect(queue.statusCode).toBe(200);
    const text = textOf(queue.body);
    expect(text).toContain('Rae Unmatched');
    expect(text).toContain(referral.reference);
    expect(text).toContain(
      'Self-referral Self-referral: said yes to thoughts of ending their life',
    );
    expect(text).toContain('Wednesday 25 November 2026 at 10am');
    expect(text).toContain('Nobody yet');
    expect(queue.body).toContain('<caption');

    const page = await c.get(`/staff/risk/${alert.id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(
      '<label class="nhsuk-label nhsuk-label--m" id="actionTaken--label"',
    );

    const empty = await c.post(`/staff/risk/${alert.id}`, { actionTaken: '   ' });
    expect(empty.statusCode).toBe(400);
    expect(textOf(empty.body)).toContain('Enter what you did about this risk');
    const long = await c.post(`/staff/risk/${alert.id}`, { actionTaken: 'y'.repeat(2001) });
    expect(long.statusCode).toBe(400);
    expect(textOf(long.body)).toContain('What you did must be 2000 characters or fewer');
    expect((await alertRow(alert.id)).actionedAt).toBeNull();
    expect(textOf((await c.get('/staff/risk')).body)).toContain('Rae Unmatched');

    await c.get(`/staff/risk/${alert.id}`);
    const ok = await c.post(`/staff/risk/${alert.id}`, {
      actionTaken: 'Phoned Rae. Safe tonight; agreed a safety plan and booked an assessment.',
    });
    expect(ok.statusCode).toBe(303);
    expect(ok.headers.location).toBe('/staff/risk?done=actioned');
    const closed = await alertRow(alert.id);
    expect(closed.actionTaken).toContain('Phoned Rae');
    expect(closed.actionedAt).toBeTruthy();
    const after = textOf((await c.get('/staff/risk?done=actioned')).body);
    expect(after).toContain('Action recorded. The alert is closed.');
    expect(after).not.toContain('Rae Unmatched');

    const audit = await t.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'risk_alert.action'), eq(auditEvents.recordId, alert.id)));
    expect(audit).toHaveLength(1);
  });

  it('says so when someone tries to close an alert that is already actioned', async () => {
    const referral = await insertReferral(t, { familyName: 'Twice' });
    const alert = await insertReferralRiskAlert(t, referral.id);
    const first = await signedIn('terry@example.nhs.uk');
    const second = await signedIn('max@example.nhs.uk');
    await first.get(`/staff/risk/${alert.id}`);
    await second.get(`/staff/risk/${alert.id}`);
    expect(
      (await first.post(`/staff/risk/${alert.id}`, { actionTaken: 'Called them back.' }))
        .statusCode,
    ).toBe(303);
    const late = await second.post(`/staff/risk/${alert.id}`, { actionTaken: 'Also called.' });
    expect(late.statusCode).toBe(409);
    const text = textOf(late.body);
    expect(text).toContain('This alert has already been closed');
    expect(text).toContain('Called them back.');
    expect(text).toContain('by Terry Therapist');
    expect((await alertRow(alert.id)).actionTaken).toBe('Called them back.');
  });

  it('answers 404 for an alert that does not exist, and audits the attempt', async () => {
    const c = await signedIn('terry@example.nhs.uk');
    const missing = '00000000-0000-4000-8000-000000000001';
    expect((await c.get(`/staff/risk/${missing}`)).statusCode).toBe(404);
    expect((await c.get('/staff/risk/nonsense')).statusCode).toBe(404);
    const rows = await t.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'risk_alert.read'), eq(auditEvents.outcome, 'denied')));
    // A malformed id is refused at the edge (404) before any record is looked up: nothing to audit.
    expect(rows.map((r) => r.recordId)).toEqual(expect.arrayContaining([missing]));
  });

  it('keeps patients out', async () => {
    const c = await signedIn('pat@example.com');
    expect((await c.get('/staff/risk')).statusCode).toBe(403);
  });
});

describe('a therapist’s home page', () => {
  it('shows the open alerts for their own patients only', async () => {
    const mine = await insertPatient(t, {
      givenName: 'Mina',
      familyName: 'Mine',
      responsibleClinicianId: therapistId,
    });
    const referral = await insertReferral(t, { patientId: mine.id });
    // Raised before anyone was responsible: it follows the patient's responsible clinician,
    // whether it names the patient or only the referral that is linked to them.
    await insertReferralRiskAlert(t, referral.id, 'PHQ-9 item 9 answered');
    const named = await insertReferralRiskAlert(t, referral.id, 'Said yes to plans');
    await t.database.db
      .update(riskAlerts)
      .set({ patientId: mine.id })
      .where(eq(riskAlerts.id, named.id));
    const notMine = await insertPatient(t, { givenName: 'Nat', familyName: 'NotMine' });
    await insertReferralRiskAlert(
      t,
      (await insertReferral(t, { patientId: notMine.id })).id,
      'Someone else’s',
    );

    const terry = await signedIn('terry@example.nhs.uk');
    const home = textOf((await terry.get('/home')).body);
    expect(home).toContain('Risk alerts for your patients');
    expect(home).toContain('2 open risk alerts for your patients');
    expect(home).toMatch(/Mina Mine : PHQ-9 item 9 answered/);
    expect(home).toMatch(/Mina Mine : Said yes to plans/);
    expect(home).not.toContain('NotMine');
    const queue = textOf((await terry.get('/staff/risk')).body);
    expect(queue).toMatch(/Mina Mine .* Terry Therapist/);
    // One audit row per patient shown, however many alerts they have: home (own) and queue.
    const listed = async (patientId: string) =>
      t.database.db
        .select()
        .from(auditEvents)
        .where(
          and(eq(auditEvents.action, 'risk_alert.list'), eq(auditEvents.patientId, patientId)),
        );
    expect(await listed(mine.id)).toHaveLength(2);
    expect(await listed(notMine.id)).toHaveLength(1);

    const tess = await signedIn('tess@example.nhs.uk');
    const other = textOf((await tess.get('/home')).body);
    expect(other).toContain('There are no open risk alerts for your patients.');
    expect(other).not.toContain('Mina Mine');
  });
});
