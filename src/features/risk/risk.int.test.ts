import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, isNull } from 'drizzle-orm';
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
      'Thoughts of ending their life Wednesday 25 November 2026 at 10am Self-referral: said yes to thoughts of ending their life No action yet',
    );
    expect(text).not.toContain('Self-referral: Self-referral');
    expect(text).toContain('Wednesday 25 November 2026 at 10am');
    expect(text).toContain('Nobody yet');
    expect(queue.body).toContain('<caption');

    const page = await c.get(`/staff/risk/${alert.id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(
      '<label class="nhsuk-label nhsuk-label--s" id="actionTaken--label"',
    );
    expect(textOf(page.body)).toContain('No action has been recorded yet.');

    const empty = await c.post(`/staff/risk/${alert.id}`, {
      actionTaken: '   ',
      outcome: 'closed',
    });
    expect(empty.statusCode).toBe(400);
    expect(textOf(empty.body)).toContain('Enter what you did about this risk');
    const long = await c.post(`/staff/risk/${alert.id}`, {
      actionTaken: 'y'.repeat(2001),
      outcome: 'closed',
    });
    expect(long.statusCode).toBe(400);
    expect(textOf(long.body)).toContain('What you did must be 2,000 characters or fewer');
    // A character we cannot save: the summary names the question, and the words are kept.
    const nul = await c.post(`/staff/risk/${alert.id}`, {
      actionTaken: 'Phoned\u0000 Rae',
      outcome: 'closed',
    });
    expect(nul.statusCode).toBe(400);
    expect(textOf(nul.body)).toContain(
      '‘What did you do?’ had characters we cannot save. We removed them: check it again',
    );
    expect(nul.body).toContain('href="#actionTaken"');
    expect(nul.body).toContain('Phoned Rae');
    expect((await alertRow(alert.id)).actionedAt).toBeNull();
    expect(textOf((await c.get('/staff/risk')).body)).toContain('Rae Unmatched');

    await c.get(`/staff/risk/${alert.id}`);
    const ok = await c.post(`/staff/risk/${alert.id}`, {
      actionTaken: 'Phoned Rae. Safe tonight; agreed a safety plan and booked an assessment.',
      outcome: 'closed',
    });
    expect(ok.statusCode).toBe(303);
    expect(ok.headers.location).toBe('/staff/risk?done=closed');
    const closed = await alertRow(alert.id);
    expect(closed.actionTaken).toContain('Phoned Rae');
    expect(closed.actionedAt).toBeTruthy();
    const after = textOf((await c.get('/staff/risk?done=closed')).body);
    expect(after).toContain('Action recorded. The alert is closed.');
    expect(after).not.toContain('Rae Unmatched');

    const audit = await t.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'risk_alert.action'), eq(auditEvents.recordId, alert.id)));
    expect(audit).toHaveLength(1);
  });

  it('gives whoever works the alert the person’s numbers, though not their record (walk 4)', async () => {
    const patient = await insertPatient(t, {
      givenName: 'Cal',
      familyName: 'Covered',
      mobile: '+447700900127',
      email: 'cal@example.com',
      allowVoicemail: false,
      responsibleClinicianId: therapistId,
    });
    const [alert] = await t.database.db
      .insert(riskAlerts)
      .values({
        serviceId: t.service.id,
        source: 'questionnaire',
        reason: "PHQ-9 question 9 answered 'Nearly every day'",
        patientId: patient.id,
        responsibleClinicianId: therapistId,
        raisedAt: t.clock.now(),
      })
      .returning();
    // Tess covers the queue: she is not Cal's clinician.
    const tess = await signedIn('tess@example.nhs.uk');
    const page = await tess.get(`/staff/risk/${alert!.id}`);
    expect(page.statusCode).toBe(200);
    expect(textOf(page.body)).toContain(
      'How to contact them Mobile: 07700 900127 (no voicemail) Email: cal@example.com',
    );
    expect(page.body).toContain('href="tel:+447700900127"');
    // The tab says whose alert it is (walk 4: every alert was "Risk alert").
    expect(page.body).toContain('<title>Risk alert: Cal Covered');
    expect(page.body).not.toContain(`href="/patients/${patient.id}"`);
  });

  it('says so when someone tries to close an alert that is already actioned', async () => {
    const referral = await insertReferral(t, { familyName: 'Twice' });
    const alert = await insertReferralRiskAlert(t, referral.id);
    const first = await signedIn('terry@example.nhs.uk');
    const second = await signedIn('tess@example.nhs.uk');
    await first.get(`/staff/risk/${alert.id}`);
    await second.get(`/staff/risk/${alert.id}`);
    expect(
      (
        await first.post(`/staff/risk/${alert.id}`, {
          actionTaken: 'Called them back.',
          outcome: 'closed',
        })
      ).statusCode,
    ).toBe(303);
    const late = await second.post(`/staff/risk/${alert.id}`, {
      actionTaken: 'Also called.',
      outcome: 'closed',
    });
    expect(late.statusCode).toBe(409);
    const text = textOf(late.body);
    expect(text).toContain('This alert has already been closed');
    expect(text).toMatch(
      /Wednesday 25 November 2026 at 10am ?, Terry Therapist Closed the alert Called them back\./,
    );
    expect((await alertRow(alert.id)).actionTaken).toBe('Called them back.');
  });

  it('puts plans to end life and harm to others first, then oldest first (issue 9 item 4)', async () => {
    // Close whatever earlier tests left open, so the queue holds only these.
    await t.database.db
      .update(riskAlerts)
      .set({ actionedAt: t.clock.now(), actionTaken: 'Dealt with', actionedBy: therapistId })
      .where(isNull(riskAlerts.actionedAt));
    const raise = async (familyName: string, reason: string, hoursAgo: number) => {
      const referral = await insertReferral(t, { givenName: 'Ord', familyName });
      const alert = await insertReferralRiskAlert(t, referral.id, reason);
      await t.database.db
        .update(riskAlerts)
        .set({ raisedAt: new Date(t.clock.now().getTime() - hoursAgo * 3_600_000) })
        .where(eq(riskAlerts.id, alert.id));
    };
    await raise('OldestSeveral', "Self-referral: PHQ-9 item 9 answered 'Several days'", 72);
    await raise('NewPlans', 'Self-referral: said yes to having made plans to end their life', 1);
    await raise('Thoughts', 'Self-referral: said yes to thoughts of ending their life', 48);
    await raise('OlderOthers', 'Self-referral: said yes to thoughts of harming someone else', 2);
    const c = await signedIn('terry@example.nhs.uk');
    const text = textOf((await c.get('/staff/risk')).body);
    const order = ['OlderOthers', 'NewPlans', 'Thoughts', 'OldestSeveral'].map((n) =>
      text.indexOf(`Ord ${n}`),
    );
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(text).toContain('Ord OlderOthers');
    expect(text).toMatch(
      /Ord NewPlans : open the alert RAP-\S+ Plans to end their life or harm to others/,
    );
  });

  it('keeps an alert open with a next step, shows its history, and a clinician then closes it', async () => {
    const referral = await insertReferral(t, { givenName: 'Kay', familyName: 'Partial' });
    const alert = await insertReferralRiskAlert(t, referral.id);
    const c = await signedIn('terry@example.nhs.uk');
    await c.get(`/staff/risk/${alert.id}`);
    const noStep = await c.post(`/staff/risk/${alert.id}`, {
      actionTaken: 'Tried to call, no answer.',
      outcome: 'open',
    });
    expect(noStep.statusCode).toBe(400);
    expect(textOf(noStep.body)).toContain('Enter the next step');
    expect(textOf(noStep.body)).toContain('Enter the date of the next step');

    const partial = await c.post(`/staff/risk/${alert.id}`, {
      actionTaken: 'Tried to call, no answer. Left a voicemail.',
      outcome: 'open',
      nextStep: 'Call again',
      'date-day': '25',
      'date-month': '11',
      'date-year': '2026',
      time: '2pm',
    });
    expect(partial.statusCode).toBe(303);
    expect(partial.headers.location).toBe(`/staff/risk/${alert.id}?done=kept_open`);
    expect((await alertRow(alert.id)).actionedAt).toBeNull();
    const page = textOf((await c.get(`/staff/risk/${alert.id}?done=kept_open`)).body);
    expect(page).toContain('Action recorded. The alert stays open.');
    expect(page).toMatch(
      /Wednesday 25 November 2026 at 10am ?, Terry Therapist Kept open Tried to call, no answer\. Left a voicemail\. Next step: Call again, by Wednesday 25 November 2026 at 2pm/,
    );
    const queue = textOf((await c.get('/staff/risk')).body);
    expect(queue).toMatch(/Kay Partial .* Call again \(Wednesday 25 November 2026 at 2pm\)/);

    t.clock.advanceMinutes(240);
    const later = await signedIn('tess@example.nhs.uk');
    await later.get(`/staff/risk/${alert.id}`);
    const closed = await later.post(`/staff/risk/${alert.id}`, {
      actionTaken: 'Spoke to Kay. Safe; safety plan agreed.',
      outcome: 'closed',
    });
    expect(closed.statusCode).toBe(303);
    expect((await alertRow(alert.id)).actionedBy).not.toBeNull();
    const history = textOf((await later.get(`/staff/risk/${alert.id}`)).body);
    expect(history).toMatch(
      /Kept open Tried to call.* ?, Tess Other Closed the alert Spoke to Kay/,
    );
    expect(history).toContain('This alert is closed.');
    const audit = await t.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'risk_alert.action'), eq(auditEvents.recordId, alert.id)));
    expect(audit.map((a) => (a.details as { outcome: string }).outcome)).toEqual([
      'open',
      'closed',
    ]);
  });

  it('lets a service manager record an action but not close the alert, and says so', async () => {
    const referral = await insertReferral(t, { givenName: 'Mo', familyName: 'Managed' });
    const alert = await insertReferralRiskAlert(t, referral.id);
    const max = await signedIn('max@example.nhs.uk');
    const page = await max.get(`/staff/risk/${alert.id}`);
    const text = textOf(page.body);
    expect(text).toContain(
      'As a service manager you can record what you have done, such as asking a clinician to call, and the next step. The alert stays open: only a clinician (a therapist or a supervisor) can close it.',
    );
    expect(page.body).not.toContain('value="closed"');

    // Posting "closed" anyway does not close it: without a next step it is refused.
    const attempt = await max.post(`/staff/risk/${alert.id}`, {
      actionTaken: 'Spoke to them myself.',
      outcome: 'closed',
    });
    expect(attempt.statusCode).toBe(400);
    expect(textOf(attempt.body)).toContain('Enter the next step');
    expect((await alertRow(alert.id)).actionedAt).toBeNull();

    const kept = await max.post(`/staff/risk/${alert.id}`, {
      actionTaken: 'Asked Terry to call today.',
      outcome: 'closed',
      nextStep: 'Terry to call',
      'date-day': '25',
      'date-month': '11',
      'date-year': '2026',
      time: '16:00',
    });
    expect(kept.statusCode).toBe(303);
    expect((await alertRow(alert.id)).actionedAt).toBeNull();
    expect(textOf((await max.get('/staff/risk')).body)).toContain('Mo Managed');
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
