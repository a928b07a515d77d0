import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { formatLondonDateTime } from '../../domain/calendar';
import { and, eq } from 'drizzle-orm';
import {
  appointments,
  assessments,
  auditEvents,
  letters,
  measureResponses,
  onwardReferrals,
  outboxMessages,
  patientMessages,
  patients,
  referrals,
  riskAlerts,
  treatmentCourses,
  users,
} from '../../db/schema';
import { insertLocation, insertRoom } from '../../../tests/fixtures/diary-world';
import { TestClient, textOf } from '../../../tests/support/client';
import {
  DAY_MS,
  insertPatient,
  insertReferral,
  insertReferralMeasure,
  insertReferralRiskAlert,
  measureForm,
} from '../../../tests/support/fixtures';
import {
  createTestApp,
  createUser,
  TEST_PASSWORD,
  type TestApp,
} from '../../../tests/support/test-app';

let t: TestApp;
let therapistId: string;
let otherTherapistId: string;
const NOW = new Date('2026-11-25T10:00:00Z');
const daysAgo = (n: number) => new Date(NOW.getTime() - n * DAY_MS);

async function signedIn(email: string) {
  const c = new TestClient(t.app);
  const res = await c.signIn(email, TEST_PASSWORD);
  expect(res.statusCode).toBe(303);
  return c;
}

const db = () => t.database.db;
const referralRow = async (id: string) =>
  (await db().select().from(referrals).where(eq(referrals.id, id)))[0]!;
const patientRow = async (id: string) =>
  (await db().select().from(patients).where(eq(patients.id, id)))[0]!;
const appointmentRow = async (id: string) =>
  (await db().select().from(appointments).where(eq(appointments.id, id)))[0]!;
/** By key; an assessment letter's, under its appointment's notices, by the part after that. */
const outboxFor = async (key: string) =>
  (await db().select().from(outboxMessages)).filter((m) =>
    m.idempotencyKey.replace(/^notice:appt:[0-9a-f-]+:/, '').startsWith(key),
  );

beforeAll(async () => {
  t = await createTestApp({ now: NOW.toISOString() });
  therapistId = (await createUser(t, 'terry@example.nhs.uk', ['therapist'], 'Terry Therapist')).id;
  otherTherapistId = (await createUser(t, 'tess@example.nhs.uk', ['therapist'], 'Tess Other')).id;
  await createUser(t, 'sue@example.nhs.uk', ['supervisor'], 'Sue Supervisor');
  await createUser(t, 'max@example.nhs.uk', ['service_manager'], 'Max Manager');
  await createUser(t, 'mo@example.nhs.uk', ['moderator'], 'Mo Moderator');
  await createUser(t, 'cam@example.com', ['community_member'], 'Cam Member');
  await createUser(t, 'pat@example.com', ['patient'], 'Pat Patient');
});
afterAll(async () => t.close());
// Some tests move the clock to an assessment's start; every test starts from NOW.
afterEach(() => {
  t.clock.set(NOW);
});

describe('access to staff pages', () => {
  it('lets clinical roles in, refuses patients, moderators and community members with 403', async () => {
    const r = await insertReferral(t);
    const pages = [
      '/staff/referrals',
      `/staff/referrals/${r.id}`,
      '/staff/waiting-list',
      '/staff/risk',
    ];
    for (const email of ['pat@example.com', 'mo@example.nhs.uk', 'cam@example.com']) {
      const c = await signedIn(email);
      for (const url of pages) expect((await c.get(url)).statusCode, `${email} ${url}`).toBe(403);
      await c.get('/home');
      const post = await c.post(`/staff/referrals/${r.id}/create-patient`, {});
      expect(post.statusCode).toBe(403);
    }
    for (const email of ['terry@example.nhs.uk', 'sue@example.nhs.uk', 'max@example.nhs.uk']) {
      const c = await signedIn(email);
      for (const url of pages) expect((await c.get(url)).statusCode, `${email} ${url}`).toBe(200);
    }
    const anonymous = await t.app.inject({ url: '/staff/referrals' });
    expect(anonymous.statusCode).toBe(303);
    expect(anonymous.headers.location).toContain('/sign-in?next=');
  });

  it('shows clinical staff the Referrals, Waiting list and Risk alerts links', async () => {
    const c = await signedIn('terry@example.nhs.uk');
    const home = await c.get('/home');
    for (const href of ['/staff/referrals', '/staff/waiting-list', '/staff/risk'])
      expect(home.body).toContain(`href="${href}"`);
    const patient = await signedIn('pat@example.com');
    expect((await patient.get('/home')).body).not.toContain('href="/staff/referrals"');
  });
});

describe('the referral queue', () => {
  it('lists urgent first, then longest waiting, with London calendar days waiting', async () => {
    await db().delete(referrals);
    const routineNewer = await insertReferral(t, {
      familyName: 'RoutineNewer',
      receivedAt: daysAgo(10),
    });
    const urgentNewer = await insertReferral(t, {
      familyName: 'UrgentNewer',
      urgent: true,
      receivedAt: daysAgo(2),
    });
    // 23:30 UTC on 24 October is 00:30 on 25 October in London (BST): 31 London days, not 32.
    const routineOlder = await insertReferral(t, {
      familyName: 'RoutineOlder',
      receivedAt: new Date('2026-10-24T23:30:00Z'),
    });
    const urgentOlder = await insertReferral(t, {
      familyName: 'UrgentOlder',
      urgent: true,
      receivedAt: daysAgo(5),
    });
    const closed = await insertReferral(t, { familyName: 'ClosedOne', status: 'closed' });

    const c = await signedIn('terry@example.nhs.uk');
    const res = await c.get('/staff/referrals');
    expect(res.statusCode).toBe(200);
    const text = textOf(res.body);
    const order = ['UrgentOlder', 'UrgentNewer', 'RoutineOlder', 'RoutineNewer'].map((n) =>
      text.indexOf(n),
    );
    expect(order.every((i) => i > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(text).not.toContain('ClosedOne');
    expect(text).toMatch(/UrgentOlder RAP-\S+ 20 November 2026 5 days Urgent/);
    expect(text).toMatch(/RoutineOlder RAP-\S+ 25 October 2026 31 days Routine/);
    expect(res.body).toContain('<caption');

    const onlyClosed = await c.get('/staff/referrals?status=closed');
    expect(textOf(onlyClosed.body)).toContain('ClosedOne');
    expect(textOf(onlyClosed.body)).not.toContain('UrgentOlder');
    expect(onlyClosed.body).toMatch(/<option value="closed" selected="">/);
    const all = textOf((await c.get('/staff/referrals?status=all')).body);
    expect(all).toContain('ClosedOne');
    expect(all).toContain('RoutineNewer');
    // A filter we do not know falls back to the default rather than failing.
    expect((await c.get('/staff/referrals?status=%3Cscript%3E')).statusCode).toBe(200);
    for (const r of [routineNewer, urgentNewer, routineOlder, urgentOlder, closed])
      expect(r.id).toBeTruthy();
  });

  it('counts days waiting only while the person is still waiting, else shows the status', async () => {
    const received = daysAgo(182);
    const still = await insertReferral(t, {
      familyName: 'StillWaiting',
      status: 'ipt_waiting',
      receivedAt: received,
    });
    const ended = [
      await insertReferral(t, {
        familyName: 'EndedDischarged',
        status: 'discharged',
        receivedAt: received,
      }),
      await insertReferral(t, {
        familyName: 'EndedClosed',
        status: 'closed',
        receivedAt: received,
      }),
      await insertReferral(t, {
        familyName: 'EndedTreated',
        status: 'in_treatment',
        receivedAt: received,
      }),
    ];
    const c = await signedIn('terry@example.nhs.uk');
    const all = textOf((await c.get('/staff/referrals?status=all')).body);
    expect(all).toMatch(/StillWaiting RAP-\S+ 27 May 2026 182 days Routine/);
    expect(all).toMatch(/EndedDischarged RAP-\S+ 27 May 2026 Discharged Routine/);
    expect(all).toMatch(/EndedClosed RAP-\S+ 27 May 2026 Closed Routine/);
    expect(all).toMatch(/EndedTreated RAP-\S+ 27 May 2026 In treatment Routine/);

    const stillPage = textOf((await c.get(`/staff/referrals/${still.id}`)).body);
    expect(stillPage).toContain('27 May 2026 (182 days waiting)');
    const endedPage = textOf((await c.get(`/staff/referrals/${ended[0]!.id}`)).body);
    expect(endedPage).toContain('27 May 2026 (Discharged)');
    expect(endedPage).not.toContain('days waiting');
  });
});

describe('opening a referral', () => {
  it('shows every answer as text, the scores with bands, the risk answers, and audits the read', async () => {
    const r = await insertReferral(t, {
      givenName: 'Olive',
      familyName: 'Opener',
      urgent: true,
      answers: {
        troubling: '<script>alert("x")</script> I cannot sleep',
        risk: { thoughtsOfEndingLife: true },
      },
    });
    await insertReferralMeasure(t, r.id, 'phq9', {
      ...measureFormNumbers('phq9', 9, 1),
      phq9_9: 2,
    });
    await insertReferralMeasure(t, r.id, 'gad7', { ...measureFormNumbers('gad7', 7, 2) });
    const alert = await insertReferralRiskAlert(t, r.id);

    const c = await signedIn('sue@example.nhs.uk');
    const res = await c.get(`/staff/referrals/${r.id}`);
    expect(res.statusCode).toBe(200);
    const text = textOf(res.body);
    expect(res.body).not.toContain('<script>alert');
    expect(res.body).toContain('&lt;script&gt;');
    expect(text).toContain('What is troubling them');
    expect(text).toContain('Safety: Thoughts of ending their life Yes');
    expect(text).toContain('GP: Practice name Park Surgery');
    expect(text).toContain('Address 1 High Street, Leeds');
    expect(text).toContain('Mobile phone 07700 900982');
    expect(text).toMatch(/Risk This referral is marked urgent/);
    expect(text).toContain('Self-referral: said yes to thoughts of ending their life');
    expect(res.body).toContain(`href="/staff/risk/${alert.id}"`);
    expect(text).toMatch(/PHQ-9 Self-referral, 25 November 2026 10 out of 27 Moderate/);
    expect(text).toMatch(/GAD-7 Self-referral, 25 November 2026 14 out of 21 Moderate/);
    expect(text).toContain('PHQ-9 question 9 answered above 0');

    const audits = await db()
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'referral.read'), eq(auditEvents.recordId, r.id)));
    expect(audits.map((a) => a.outcome)).toContain('success');

    const missing = '00000000-0000-4000-8000-000000000000';
    expect((await c.get(`/staff/referrals/${missing}`)).statusCode).toBe(404);
    expect((await c.get('/staff/referrals/not-a-uuid')).statusCode).toBe(404);
    const denied = await db()
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'referral.read'), eq(auditEvents.outcome, 'denied')));
    // A malformed id is refused at the edge (404) before any record is looked up: nothing to audit.
    expect(denied.map((a) => a.recordId)).toEqual(expect.arrayContaining([missing]));
  });
});

function measureFormNumbers(prefix: 'phq9' | 'gad7' | 'wsas', count: number, value: number) {
  const out: Record<string, number> = {};
  for (let i = 1; i <= count; i++) out[`${prefix}_${i}`] = value;
  return out;
}

describe('matching a referral to a patient record', () => {
  it('finds a record by NHS number, links it, and moves the risk alerts and scores to the patient', async () => {
    const existing = await insertPatient(t, {
      givenName: 'Nina',
      familyName: 'Number',
      dateOfBirth: '1975-06-06',
      nhsNumber: '9434765919',
      postcode: 'M1 1AA',
    });
    const decoy = await insertPatient(t, { givenName: 'Dee', familyName: 'Coy' });
    // Different name and postcode on the referral: the NHS number alone finds the record.
    const r = await insertReferral(t, {
      givenName: 'Nina',
      familyName: 'Numbers-Married',
      nhsNumber: '9434765919',
      postcode: 'LS2 9JT',
    });
    const alert = await insertReferralRiskAlert(t, r.id);
    const phq = await insertReferralMeasure(t, r.id, 'phq9', measureFormNumbers('phq9', 9, 0));

    const c = await signedIn('terry@example.nhs.uk');
    const page = await c.get(`/staff/referrals/${r.id}`);
    expect(textOf(page.body)).toContain('Is this the same person as an existing patient?');
    expect(textOf(page.body)).toContain('Nina Number');
    expect(textOf(page.body)).toContain('NHS number 943 476 5919');
    expect(page.body).not.toContain(decoy.id);

    const wrong = await c.post(`/staff/referrals/${r.id}/match`, { patientId: decoy.id });
    expect(wrong.statusCode).toBe(400);
    expect(textOf(wrong.body)).toContain('Select the patient record that is the same person');
    expect((await referralRow(r.id)).patientId).toBeNull();

    const ok = await c.post(`/staff/referrals/${r.id}/match`, { patientId: existing.id });
    expect(ok.statusCode).toBe(303);
    expect(ok.headers.location).toBe(`/staff/referrals/${r.id}?done=matched`);
    expect((await referralRow(r.id)).patientId).toBe(existing.id);
    const movedAlert = (await db().select().from(riskAlerts).where(eq(riskAlerts.id, alert.id)))[0];
    expect(movedAlert?.patientId).toBe(existing.id);
    const movedScore = (
      await db().select().from(measureResponses).where(eq(measureResponses.id, phq.id))
    )[0];
    expect(movedScore?.patientId).toBe(existing.id);
    const after = await c.get(ok.headers.location as string);
    expect(textOf(after.body)).toContain('Referral linked to the patient record');

    const again = await c.post(`/staff/referrals/${r.id}/match`, { patientId: existing.id });
    expect(again.statusCode).toBe(409);
    expect(textOf(again.body)).toContain('already linked to a patient record');
    const audit = await db()
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'referral.match_patient'), eq(auditEvents.recordId, r.id)));
    expect(audit[0]?.patientId).toBe(existing.id);
  });

  it('finds a record by name, date of birth and postcode, ignoring case and spaces', async () => {
    const existing = await insertPatient(t, {
      givenName: 'Bea',
      familyName: 'Baker',
      dateOfBirth: '1985-05-05',
      postcode: 'LS1 4AP',
    });
    await insertPatient(t, {
      givenName: 'Bea',
      familyName: 'Baker',
      dateOfBirth: '1985-05-06',
      postcode: 'LS1 4AP',
    });
    const r = await insertReferral(t, {
      givenName: 'bea',
      familyName: 'BAKER',
      dateOfBirth: '1985-05-05',
      postcode: 'ls14ap',
    });
    const c = await signedIn('terry@example.nhs.uk');
    const page = await c.get(`/staff/referrals/${r.id}`);
    expect(page.body).toContain(`value="${existing.id}"`);
    expect(page.body.match(/name="patientId"/g)?.length).toBe(1);
    const candidateAudit = await db()
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'patient.read'), eq(auditEvents.patientId, existing.id)));
    expect(candidateAudit.length).toBeGreaterThan(0);
    const ok = await c.post(`/staff/referrals/${r.id}/match`, { patientId: existing.id });
    expect(ok.statusCode).toBe(303);
    expect((await referralRow(r.id)).patientId).toBe(existing.id);
  });

  it('creates the patient record from the referral answers', async () => {
    const r = await insertReferral(t, {
      givenName: 'Cara',
      familyName: 'Create',
      dateOfBirth: '1992-02-29',
      postcode: 'LS6 2AB',
      nhsNumber: '4010232137',
      email: 'cara@example.com',
      mobile: '+447700900123',
      answers: { permissions: { email: true, texts: false, voicemail: true } },
    });
    const alert = await insertReferralRiskAlert(t, r.id);
    const c = await signedIn('terry@example.nhs.uk');
    await c.get(`/staff/referrals/${r.id}`);
    const res = await c.post(`/staff/referrals/${r.id}/create-patient`, {});
    expect(res.statusCode).toBe(303);
    const patientId = (await referralRow(r.id)).patientId!;
    expect(patientId).toBeTruthy();
    const p = await patientRow(patientId);
    expect(p).toMatchObject({
      givenName: 'Cara',
      familyName: 'Create',
      dateOfBirth: '1992-02-29',
      postcode: 'LS6 2AB',
      nhsNumber: '4010232137',
      email: 'cara@example.com',
      mobile: '+447700900123',
      address: '1 High Street\nLeeds',
      gpPractice: 'Park Surgery, Park Road, Leeds',
      allowEmail: true,
      allowSms: false,
      allowVoicemail: true,
      userId: null,
    });
    const movedAlert = (await db().select().from(riskAlerts).where(eq(riskAlerts.id, alert.id)))[0];
    expect(movedAlert?.patientId).toBe(patientId);
    // A second press does not make a second record.
    const again = await c.post(`/staff/referrals/${r.id}/create-patient`, {});
    expect(again.statusCode).toBe(409);
    expect(
      (await db().select().from(patients).where(eq(patients.familyName, 'Create'))).length,
    ).toBe(1);
  });
});

describe('closing a referral', () => {
  it('needs a reason, a note and a message, and writes only on the channels the person allowed', async () => {
    const r = await insertReferral(t, {
      familyName: 'Closer',
      email: 'closer@example.com',
      answers: { permissions: { email: true, texts: false } },
    });
    const c = await signedIn('terry@example.nhs.uk');
    const form = await c.get(`/staff/referrals/${r.id}/close`);
    expect(form.statusCode).toBe(200);
    expect(textOf(form.body)).toContain('We will tell them by email that there is a new message');
    expect(textOf(form.body)).toContain('closing it creates one');
    const bad = await c.post(`/staff/referrals/${r.id}/close`, {
      reason: 'bored',
      note: '',
      message: '',
    });
    expect(bad.statusCode).toBe(400);
    const badText = textOf(bad.body);
    expect(badText).toContain('Select why the referral is closing');
    expect(badText).toContain('Enter a note for the record');
    expect(badText).toContain('Enter the message to send to the person');
    const long = await c.post(`/staff/referrals/${r.id}/close`, {
      reason: 'not_eligible',
      note: 'kept note',
      message: 'x'.repeat(1001),
    });
    expect(long.statusCode).toBe(400);
    expect(textOf(long.body)).toContain('Message must be 1,000 characters or fewer');
    expect(long.body).toContain('kept note');
    expect(long.body).toMatch(/checked="" value="not_eligible"/);

    const ok = await c.post(`/staff/referrals/${r.id}/close`, {
      reason: 'withdrawn',
      note: 'Phoned to say they are getting help elsewhere.',
      message:
        'We have closed your referral as you asked. You can refer yourself again at any time.',
    });
    expect(ok.statusCode).toBe(303);
    expect(ok.headers.location).toContain('done=closed');
    const row = await referralRow(r.id);
    expect(row).toMatchObject({
      status: 'closed',
      closedReason: 'withdrawn',
      closedNote: 'Phoned to say they are getting help elsewhere.',
    });
    expect(row.closedAt).toBeTruthy();
    // The words wait behind sign-in (H13); the email only says a message is waiting.
    expect(row.patientId).not.toBeNull();
    const [stored] = await db()
      .select()
      .from(patientMessages)
      .where(eq(patientMessages.sourceKey, `referral-closed:${r.id}`));
    expect(stored!.patientId).toBe(row.patientId);
    expect(stored!.body).toContain('We have closed your referral as you asked.');
    const queued = await outboxFor(`new-message:${stored!.id}:`);
    expect(queued.map((m) => [m.channel, m.recipient])).toEqual([['email', 'closer@example.com']]);
    expect(queued[0]!.body).not.toContain('We have closed your referral');
    expect(queued[0]!.body).toContain('You have a new message from');
    expect(await outboxFor(`referral-closed:${r.id}`)).toEqual([]);
    await t.outbox.runOnce();
    expect(t.notifier.sent.some((m) => m.recipient === 'closer@example.com')).toBe(true);
    const page = textOf((await c.get(ok.headers.location as string)).body);
    expect(page).toContain('Referral closed');
    expect(page).toContain(
      'The message is in their account. We told them by email that it is waiting.',
    );
    // Closed: no more actions, and a second close is refused.
    expect(
      (await c.post(`/staff/referrals/${r.id}/close`, { reason: 'duplicate' })).statusCode,
    ).toBe(409);
  });

  it('sends nothing when the person allowed neither email nor texts', async () => {
    const r = await insertReferral(t, {
      familyName: 'Quiet',
      answers: { permissions: { email: false, texts: false, voicemail: true } },
    });
    const c = await signedIn('terry@example.nhs.uk');
    const form = await c.get(`/staff/referrals/${r.id}/close`);
    expect(textOf(form.body)).toContain('so we cannot tell them a message is waiting');
    const ok = await c.post(`/staff/referrals/${r.id}/close`, {
      reason: 'withdrawn',
      note: 'Asked us to close it.',
      message: 'We have closed this referral.',
    });
    expect(ok.statusCode).toBe(303);
    const { patientId } = await referralRow(r.id);
    const [stored] = await db()
      .select()
      .from(patientMessages)
      .where(eq(patientMessages.sourceKey, `referral-closed:${r.id}`));
    expect(stored!.patientId).toBe(patientId);
    expect(stored!.body).toContain('We have closed this referral.');
    expect(
      (await db().select().from(outboxMessages)).filter((m) => m.patientId === patientId),
    ).toEqual([]);
    expect(textOf((await c.get(ok.headers.location as string)).body)).toContain(
      'No notice was sent',
    );
  });

  it('keeps the words in the inbox and sends neither text nor email carrying them (H13)', async () => {
    const words =
      'Thank you for speaking with Dr Okafor about your panic attacks. We have closed this referral.';
    const r = await insertReferral(t, {
      familyName: 'Inboxed',
      email: 'inboxed@example.com',
      mobile: '+447700900555',
      answers: { permissions: { email: true, texts: true } },
    });
    const c = await signedIn('terry@example.nhs.uk');
    const ok = await c.post(`/staff/referrals/${r.id}/close`, {
      reason: 'withdrawn',
      note: 'Asked us to close it.',
      message: words,
    });
    expect(ok.statusCode).toBe(303);
    const { patientId } = await referralRow(r.id);
    const patient = await patientRow(patientId!);
    expect(patient).toMatchObject({ familyName: 'Inboxed', email: 'inboxed@example.com' });
    // No account yet, email allowed: they are invited, and the notices say how to get access.
    expect(patient.userId).not.toBeNull();
    const inbox = await db()
      .select()
      .from(patientMessages)
      .where(eq(patientMessages.patientId, patientId!));
    expect(inbox.map((m) => m.body)).toEqual([expect.stringContaining(words)]);
    const forPatient = (await db().select().from(outboxMessages)).filter(
      (m) => m.patientId === patientId,
    );
    // Everything queued for them: the two notices and the account invitation, nothing else.
    expect(forPatient.map((m) => m.template).sort()).toEqual([
      'new-message',
      'new-message',
      'patient-account-invitation',
    ]);
    const outbox = forPatient.filter((m) => m.template === 'new-message');
    expect(outbox.map((m) => m.channel).sort()).toEqual(['email', 'sms']);
    const invitation = forPatient.filter((m) => m.template === 'patient-account-invitation');
    expect(invitation).toHaveLength(1);
    for (const m of [...outbox, ...invitation]) {
      const sent = `${m.subject ?? ''}\n${m.body}`;
      expect(sent).not.toContain('panic');
      expect(sent).not.toContain('Okafor');
      expect(sent).not.toContain('closed this referral');
    }
    for (const m of outbox) expect(m.body).toContain('set up your account');
    const closeAudit = await db()
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'referral.close'), eq(auditEvents.recordId, r.id)));
    expect(closeAudit[0]!.patientId).toBe(patientId);
  });

  it('asks for the referral to be matched first when a patient record may already be theirs', async () => {
    const existing = await insertPatient(t, {
      givenName: 'Morgan',
      familyName: 'Maybe',
      dateOfBirth: '1985-02-03',
      postcode: 'LS2 9JT',
    });
    const r = await insertReferral(t, {
      givenName: 'Morgan',
      familyName: 'Maybe',
      dateOfBirth: '1985-02-03',
      postcode: 'LS2 9JT',
    });
    const c = await signedIn('terry@example.nhs.uk');
    const form = await c.get(`/staff/referrals/${r.id}/close`);
    expect(form.statusCode).toBe(409);
    expect(textOf(form.body)).toContain('link it to the right patient record');
    const refused = await c.post(`/staff/referrals/${r.id}/close`, {
      reason: 'withdrawn',
      note: 'Same person.',
      message: 'We have closed this referral.',
    });
    expect(refused.statusCode).toBe(409);
    expect(await referralRow(r.id)).toMatchObject({ status: 'new', patientId: null });
    expect(
      await db().select().from(patientMessages).where(eq(patientMessages.patientId, existing.id)),
    ).toEqual([]);
  });

  it('refuses while a risk alert is open for the referral or its patient, keeping the answers (H2)', async () => {
    const r = await insertReferral(t, { givenName: 'Rhian', familyName: 'Riskopen' });
    const alert = await insertReferralRiskAlert(t, r.id, 'Self-referral: plans to end their life');
    const c = await signedIn('terry@example.nhs.uk');
    const form = await c.get(`/staff/referrals/${r.id}/close`);
    expect(form.statusCode).toBe(200);
    expect(textOf(form.body)).toContain('There is an open risk alert for this person');
    expect(form.body).toContain(`href="/staff/risk/${alert.id}"`);
    const answers = {
      reason: 'not_eligible',
      note: 'Lives outside our area.',
      message: 'We have closed this referral.',
    };
    const refused = await c.post(`/staff/referrals/${r.id}/close`, answers);
    expect(refused.statusCode).toBe(400);
    const text = textOf(refused.body);
    expect(text).toContain('There is a problem');
    expect(text).toContain(
      'There is an open risk alert for this person. Record what you did about it, and close it, before closing their referral',
    );
    expect(refused.body).toContain('href="#open-risk-alerts"');
    expect(refused.body).toContain(`href="/staff/risk/${alert.id}"`);
    expect(refused.body).toContain('Lives outside our area.');
    expect(refused.body).toMatch(/checked="" value="not_eligible"/);
    // Nothing changed: still open, no patient record made, no message.
    expect(await referralRow(r.id)).toMatchObject({ status: 'new', patientId: null });

    // Once the alert is closed with what was done, the referral closes.
    await db()
      .update(riskAlerts)
      .set({
        actionTaken: 'Called them; safety plan made.',
        actionedAt: NOW,
        actionedBy: therapistId,
      })
      .where(eq(riskAlerts.id, alert.id));
    const ok = await c.post(`/staff/referrals/${r.id}/close`, answers);
    expect(ok.statusCode).toBe(303);
    expect((await referralRow(r.id)).status).toBe('closed');
  });

  it("refuses while an alert is open for the referral's patient, raised elsewhere (H2)", async () => {
    const { patient, referral } = await linkedReferral({ familyName: 'Patientalert' });
    await db().insert(riskAlerts).values({
      serviceId: t.service.id,
      source: 'questionnaire',
      reason: "PHQ-9 question 9 answered 'Nearly every day'",
      patientId: patient.id,
      raisedAt: NOW,
    });
    const c = await signedIn('terry@example.nhs.uk');
    await c.get(`/staff/referrals/${referral.id}/close`);
    const refused = await c.post(`/staff/referrals/${referral.id}/close`, {
      reason: 'withdrawn',
      note: 'Asked us to close it.',
      message: 'We have closed this referral.',
    });
    expect(refused.statusCode).toBe(400);
    expect(textOf(refused.body)).toContain('Nearly every day');
    expect((await referralRow(referral.id)).status).not.toBe('closed');
  });
});

/** A referral already linked to a fresh patient record (as after "create patient record"). */
async function linkedReferral(
  patient: Partial<typeof patients.$inferInsert> = {},
  referral: Parameters<typeof insertReferral>[1] = {},
) {
  const p = await insertPatient(t, {
    givenName: 'Ari',
    familyName: `Linked${Math.random().toString(36).slice(2, 7)}`,
    email: 'ari@example.com',
    mobile: '+447700900555',
    allowEmail: true,
    allowSms: true,
    ...patient,
  });
  const r = await insertReferral(t, {
    givenName: p.givenName,
    familyName: p.familyName,
    patientId: p.id,
    ...referral,
  });
  return { patient: p, referral: r };
}

const booking = (over: Record<string, string> = {}) => ({
  clinicianId: therapistId,
  'date-day': '2',
  'date-month': '12',
  'date-year': '2026',
  time: '2:30pm',
  mode: 'phone',
  ...over,
});

describe('booking the wellbeing assessment', () => {
  it('needs a patient record first', async () => {
    const r = await insertReferral(t);
    const c = await signedIn('terry@example.nhs.uk');
    expect((await c.get(`/staff/referrals/${r.id}/book`)).statusCode).toBe(409);
  });

  it('refuses a past time, a nonexistent clock-change time and bad input, keeping the answers', async () => {
    const { referral } = await linkedReferral();
    const c = await signedIn('terry@example.nhs.uk');
    const form = await c.get(`/staff/referrals/${referral.id}/book`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('id="date-day"');
    expect(form.body).toContain('id="time"');

    const past = await c.post(
      `/staff/referrals/${referral.id}/book`,
      booking({ 'date-day': '24', 'date-month': '11', time: '10:00' }),
    );
    expect(past.statusCode).toBe(400);
    expect(textOf(past.body)).toContain(
      'The date and time of the assessment must be in the future',
    );
    // Earlier today is the past too.
    const earlierToday = await c.post(
      `/staff/referrals/${referral.id}/book`,
      booking({ 'date-day': '25', 'date-month': '11', time: '09:59' }),
    );
    expect(earlierToday.statusCode).toBe(400);

    const gap = await c.post(
      `/staff/referrals/${referral.id}/book`,
      booking({ 'date-day': '28', 'date-month': '3', 'date-year': '2027', time: '01:30' }),
    );
    expect(gap.statusCode).toBe(400);
    expect(textOf(gap.body)).toContain(
      '1:30am on Sunday 28 March 2027 does not exist in UK time because the clocks go forward',
    );

    const bad = await c.post(`/staff/referrals/${referral.id}/book`, {
      clinicianId: '00000000-0000-4000-8000-00000000dead',
      'date-day': '31',
      'date-month': '2',
      'date-year': '2027',
      time: '25:00',
      mode: 'carrier pigeon',
    });
    expect(bad.statusCode).toBe(400);
    const text = textOf(bad.body);
    expect(text).toContain('Select the clinician who will do the assessment');
    expect(text).toContain('Date of the assessment must be a real date');
    expect(text).toContain('Time of the assessment must be a real time, like 09:30 or 2:30pm');
    expect(text).toContain('Select how the assessment will happen');
    expect(bad.body).toContain('value="25:00"');
    expect(bad.body).toMatch(/id="date-day"[^>]*value="31"/);
    expect((await referralRow(referral.id)).status).toBe('new');
  });

  it('books by phone, makes the clinician responsible and writes to the person', async () => {
    const { patient, referral } = await linkedReferral({ allowSms: false });
    const c = await signedIn('sue@example.nhs.uk');
    await c.get(`/staff/referrals/${referral.id}/book`);
    const ok = await c.post(`/staff/referrals/${referral.id}/book`, booking());
    expect(ok.statusCode).toBe(303);
    expect(ok.headers.location).toContain('done=booked');
    expect((await referralRow(referral.id)).status).toBe('assessment_booked');
    const a = (
      await db().select().from(assessments).where(eq(assessments.referralId, referral.id))
    )[0]!;
    expect(a).toMatchObject({ clinicianId: therapistId, status: 'booked' });
    // When and how live on the diary appointment only (issue 8 item 5): no copies to drift.
    expect(a).not.toHaveProperty('startsAt');
    expect(a).not.toHaveProperty('mode');
    expect((await patientRow(patient.id)).responsibleClinicianId).toBe(therapistId);
    const queued = await outboxFor(`assessment-booked:${a.id}`);
    expect(queued.map((m) => m.channel)).toEqual(['email']);
    expect(queued[0]!.body).toContain('Wednesday 2 December 2026 at 2:30pm');
    expect(queued[0]!.body).toContain('We will phone you');

    // It is in Terry's diary for an hour, with the diary's usual reminders (and no second
    // confirmation: the letter above is it).
    const appt = await appointmentRow(a.appointmentId!);
    expect(appt).toMatchObject({
      type: 'assessment',
      therapistId,
      patientId: patient.id,
      courseId: null,
      mode: 'phone',
      status: 'booked',
      locationId: null,
      roomId: null,
    });
    expect(appt.startsAt.toISOString()).toBe('2026-12-02T14:30:00.000Z');
    expect(appt.endsAt.toISOString()).toBe('2026-12-02T15:30:00.000Z');
    const reminders = await outboxFor(`appt:${appt.id}:`);
    expect(reminders.map((m) => [m.channel, m.status, m.template])).toEqual([
      ['email', 'pending', 'appointment-reminder'],
      ['email', 'pending', 'appointment-reminder'],
    ]);
    expect(await outboxFor(`notice:appt:${appt.id}:`)).toEqual([]);

    // Summer time: 10:00 in London on 1 April 2027 is 09:00 UTC. Re-booking replaces the first.
    const rebook = await c.post(
      `/staff/referrals/${referral.id}/book`,
      booking({
        clinicianId: otherTherapistId,
        'date-day': '1',
        'date-month': '4',
        'date-year': '2027',
        time: '10:00',
        mode: 'video',
      }),
    );
    expect(rebook.statusCode).toBe(303);
    const all = await db()
      .select()
      .from(assessments)
      .where(eq(assessments.referralId, referral.id));
    expect(all.map((x) => x.status).sort()).toEqual(['booked', 'cancelled']);
    const current = all.find((x) => x.status === 'booked')!;
    expect((await appointmentRow(current.appointmentId!)).startsAt.toISOString()).toBe(
      '2027-04-01T09:00:00.000Z',
    );
    // The first appointment is cancelled with its reminders; the new one is in Tess's diary.
    expect(await appointmentRow(appt.id)).toMatchObject({
      status: 'cancelled',
      cancelledBy: 'service',
      cancellationReason: 'The assessment was booked for another time',
    });
    expect((await outboxFor(`appt:${appt.id}:`)).every((m) => m.status === 'cancelled')).toBe(true);
    expect(await appointmentRow(current.appointmentId!)).toMatchObject({
      therapistId: otherTherapistId,
      mode: 'video',
      status: 'booked',
    });
    // Responsibility goes with the assessment to the clinician who will now see the person.
    expect((await patientRow(patient.id)).responsibleClinicianId).toBe(otherTherapistId);
    // The new letter says the earlier appointment is off, so nobody holds two dates.
    const [moved] = await outboxFor(`assessment-booked:${current.id}:`);
    expect(moved!.subject).toContain('has moved');
    expect(moved!.body).toContain(
      'This replaces your appointment on Wednesday 2 December 2026 at 2:30pm, which is cancelled.',
    );
  });

  it('moves a leaver’s waiting patient, and their open alerts, to the clinician the assessment is re-booked with (H2)', async () => {
    const lee = await createUser(t, 'lee@example.nhs.uk', ['therapist'], 'Lee Leaver');
    const { patient, referral } = await linkedReferral({ givenName: 'Rua' });
    const c = await signedIn('sue@example.nhs.uk');
    await c.get(`/staff/referrals/${referral.id}/book`);
    const first = await c.post(
      `/staff/referrals/${referral.id}/book`,
      booking({ clinicianId: lee.id, 'date-day': '9', time: '3pm' }),
    );
    expect(first.statusCode).toBe(303);
    expect((await patientRow(patient.id)).responsibleClinicianId).toBe(lee.id);
    const alert = await insertReferralRiskAlert(t, referral.id);
    await db()
      .update(riskAlerts)
      .set({ patientId: patient.id, responsibleClinicianId: lee.id })
      .where(eq(riskAlerts.id, alert.id));

    // Lee leaves: the access page counts Rua among the people waiting with them.
    const m = await signedIn('max@example.nhs.uk');
    const accessUrl = `/admin/users/${lee.id}/access`;
    const waitingWithLee =
      '1 person waiting for an assessment or for IPT has them as responsible clinician';
    expect(textOf((await m.get(accessUrl)).body)).toContain(waitingWithLee);
    const removed = await m.post(accessUrl, { change: 'remove', reason: 'Left the service' });
    expect(removed.statusCode).toBe(303);

    // Re-booked with Tess: she is responsible now, the alert is hers, and the change is audited.
    await c.get(`/staff/referrals/${referral.id}/book`);
    const rebooked = await c.post(
      `/staff/referrals/${referral.id}/book`,
      booking({ clinicianId: otherTherapistId, 'date-day': '9', time: '3pm' }),
    );
    expect(rebooked.statusCode).toBe(303);
    expect((await patientRow(patient.id)).responsibleClinicianId).toBe(otherTherapistId);
    const [moved] = await db().select().from(riskAlerts).where(eq(riskAlerts.id, alert.id));
    expect(moved!.responsibleClinicianId).toBe(otherTherapistId);
    const booked = await db()
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'assessment.book'), eq(auditEvents.patientId, patient.id)));
    expect(booked.map((a) => a.details)).toEqual([
      expect.objectContaining({ responsibleClinician: { from: null, to: lee.id } }),
      expect.objectContaining({
        clinicianId: otherTherapistId,
        responsibleClinician: { from: lee.id, to: otherTherapistId },
        movedRiskAlerts: [alert.id],
      }),
    ]);
    const after = textOf((await m.get(accessUrl)).body);
    expect(after).not.toContain(waitingWithLee);
    expect(after).not.toContain('open risk alert has them as responsible clinician');
  });

  it('leaves someone responsible for another reason where they are', async () => {
    const { patient, referral } = await linkedReferral({
      givenName: 'Kit',
      responsibleClinicianId: otherTherapistId,
    });
    const c = await signedIn('sue@example.nhs.uk');
    await c.get(`/staff/referrals/${referral.id}/book`);
    const ok = await c.post(
      `/staff/referrals/${referral.id}/book`,
      booking({ 'date-day': '10', time: '3pm' }),
    );
    expect(ok.statusCode).toBe(303);
    expect((await patientRow(patient.id)).responsibleClinicianId).toBe(otherTherapistId);
  });
});

/** An IPT session in a therapist's diary: a course and its 50-minute appointment. */
async function insertIptSession(patientId: string, clinicianId: string, startsAt: string) {
  const now = t.clock.now();
  const [course] = await db()
    .insert(treatmentCourses)
    .values({
      serviceId: t.service.id,
      patientId,
      therapistId: clinicianId,
      plannedSessions: 16,
      modePreference: 'video',
      startedAt: now,
    })
    .returning();
  const start = new Date(startsAt);
  const [session] = await db()
    .insert(appointments)
    .values({
      serviceId: t.service.id,
      patientId,
      therapistId: clinicianId,
      courseId: course!.id,
      type: 'ipt_session',
      startsAt: start,
      endsAt: new Date(start.getTime() + 50 * 60_000),
      mode: 'video',
      bookedBy: clinicianId,
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  return session!;
}

describe('texts the triage sends in the night (H10)', () => {
  const sentWhen = (rows: { channel: string; notBefore: Date }[]) =>
    Object.fromEntries(rows.map((m) => [m.channel, m.notBefore.toISOString()]));

  it('a booking letter, a "has moved" letter and a new-message notice made at 22:30 text at 08:00; emails go at once', async () => {
    t.clock.set('2026-11-25T22:30:00Z'); // 22:30 in London (GMT)
    const { referral } = await linkedReferral({ givenName: 'Nye' });
    const c = await signedIn('terry@example.nhs.uk');
    await c.get(`/staff/referrals/${referral.id}/book`);
    const booked = await c.post(
      `/staff/referrals/${referral.id}/book`,
      booking({ 'date-day': '3', time: '11:00' }),
    );
    expect(booked.statusCode).toBe(303);
    const first = (
      await db().select().from(assessments).where(eq(assessments.referralId, referral.id))
    )[0]!;
    expect(sentWhen(await outboxFor(`assessment-booked:${first.id}:`))).toEqual({
      email: '2026-11-25T22:30:00.000Z',
      sms: '2026-11-26T08:00:00.000Z',
    });

    const moved = await c.post(
      `/staff/referrals/${referral.id}/book`,
      booking({ 'date-day': '4', time: '11:00' }),
    );
    expect(moved.statusCode).toBe(303);
    const second = (
      await db()
        .select()
        .from(assessments)
        .where(and(eq(assessments.referralId, referral.id), eq(assessments.status, 'booked')))
    )[0]!;
    // The first letter's text, still waiting for 08:00, gives a time no longer true: withdrawn.
    const firstText = (await outboxFor(`assessment-booked:${first.id}:`)).find(
      (m) => m.channel === 'sms',
    );
    expect(firstText?.status).toBe('cancelled');
    const movedLetters = await outboxFor(`assessment-booked:${second.id}:`);
    expect(movedLetters[0]!.subject).toContain('has moved');
    expect(movedLetters.map((m) => m.status)).toEqual(['pending', 'pending']);
    expect(sentWhen(movedLetters)).toEqual({
      email: '2026-11-25T22:30:00.000Z',
      sms: '2026-11-26T08:00:00.000Z',
    });

    // Staff words wait behind sign-in; the text saying so waits for the morning too.
    const { referral: toClose, patient } = await linkedReferral({ givenName: 'Noor' });
    const closed = await c.post(`/staff/referrals/${toClose.id}/close`, {
      reason: 'withdrawn',
      note: 'Asked us to close it.',
      message: 'We have closed your referral as you asked.',
    });
    expect(closed.statusCode).toBe(303);
    const [stored] = await db()
      .select()
      .from(patientMessages)
      .where(eq(patientMessages.patientId, patient.id));
    expect(sentWhen(await outboxFor(`new-message:${stored!.id}:`))).toEqual({
      email: '2026-11-25T22:30:00.000Z',
      sms: '2026-11-26T08:00:00.000Z',
    });
  });

  it('texts at once at night when the assessment is that morning, so the person knows before they set off', async () => {
    t.clock.set('2026-11-25T22:30:00Z');
    const { referral } = await linkedReferral({ givenName: 'Mo' });
    const c = await signedIn('terry@example.nhs.uk');
    await c.get(`/staff/referrals/${referral.id}/book`);
    const booked = await c.post(
      `/staff/referrals/${referral.id}/book`,
      booking({ 'date-day': '26', 'date-month': '11', time: '08:30' }),
    );
    expect(booked.statusCode).toBe(303);
    const a = (
      await db().select().from(assessments).where(eq(assessments.referralId, referral.id))
    )[0]!;
    expect(sentWhen(await outboxFor(`assessment-booked:${a.id}:`))).toEqual({
      email: '2026-11-25T22:30:00.000Z',
      sms: '2026-11-25T22:30:00.000Z',
    });
  });
});

describe('the assessment in the diary', () => {
  it('refuses a time when the clinician has an IPT session, saying so, and saves nothing', async () => {
    const other = await insertPatient(t, { givenName: 'Ola', familyName: 'Ongoing' });
    // Terry's IPT session, 10:00–10:50 on Monday 14 December 2026.
    await insertIptSession(other.id, therapistId, '2026-12-14T10:00:00Z');
    const { patient, referral } = await linkedReferral();
    const c = await signedIn('sue@example.nhs.uk');
    await c.get(`/staff/referrals/${referral.id}/book`);
    const before = (await db().select().from(outboxMessages)).length;
    // 9:30–10:30 overlaps the session.
    const res = await c.post(
      `/staff/referrals/${referral.id}/book`,
      booking({ 'date-day': '14', 'date-month': '12', time: '9:30am', mode: 'video' }),
    );
    expect(res.statusCode).toBe(400);
    const text = textOf(res.body);
    expect(text).toContain('There is a problem');
    expect(text).toContain('Terry Therapist already has an appointment at that time');
    expect(res.body).toContain('href="#time"');
    // The answers are kept.
    expect(res.body).toContain('value="9:30am"');
    expect(res.body).toMatch(/checked="" value="video"/);
    // Nothing saved: no assessment, no appointment, no message, no audit, no new responsible
    // clinician, and the referral has not moved on.
    expect(
      await db().select().from(assessments).where(eq(assessments.referralId, referral.id)),
    ).toEqual([]);
    expect(
      await db().select().from(appointments).where(eq(appointments.patientId, patient.id)),
    ).toEqual([]);
    expect((await db().select().from(outboxMessages)).length).toBe(before);
    expect(
      await db()
        .select()
        .from(auditEvents)
        .where(
          and(eq(auditEvents.action, 'assessment.book'), eq(auditEvents.patientId, patient.id)),
        ),
    ).toEqual([]);
    expect((await referralRow(referral.id)).status).toBe('new');
    expect((await patientRow(patient.id)).responsibleClinicianId).toBeNull();

    // Straight after the session is fine: appointments may be back to back.
    const ok = await c.post(
      `/staff/referrals/${referral.id}/book`,
      booking({ 'date-day': '14', 'date-month': '12', time: '10:50', mode: 'video' }),
    );
    expect(ok.statusCode).toBe(303);
    expect((await referralRow(referral.id)).status).toBe('assessment_booked');
  });

  it('refuses a time when the patient already has an appointment with someone else', async () => {
    const { patient, referral } = await linkedReferral({ givenName: 'Pia', familyName: 'Busy' });
    await insertIptSession(patient.id, otherTherapistId, '2026-12-15T14:00:00Z');
    const c = await signedIn('terry@example.nhs.uk');
    await c.get(`/staff/referrals/${referral.id}/book`);
    const res = await c.post(
      `/staff/referrals/${referral.id}/book`,
      booking({ 'date-day': '15', 'date-month': '12', time: '13:30', mode: 'phone' }),
    );
    expect(res.statusCode).toBe(400);
    expect(textOf(res.body)).toContain('Pia Busy already has an appointment at that time');
    expect((await referralRow(referral.id)).status).toBe('new');
  });

  it('shows the booked assessment in the clinician’s diary', async () => {
    const { patient, referral } = await linkedReferral({ givenName: 'Dina', familyName: 'Diary' });
    const sue = await signedIn('sue@example.nhs.uk');
    await sue.get(`/staff/referrals/${referral.id}/book`);
    const res = await sue.post(
      `/staff/referrals/${referral.id}/book`,
      booking({ 'date-day': '16', 'date-month': '12', time: '11:00', mode: 'video' }),
    );
    expect(res.statusCode).toBe(303);
    const terry = await signedIn('terry@example.nhs.uk');
    const diary = await terry.get('/diary?date=2026-12-16');
    expect(diary.statusCode).toBe(200);
    const text = textOf(diary.body);
    expect(text).toContain('Dina Diary');
    expect(text).toContain('Wellbeing assessment');
    const a = (
      await db().select().from(assessments).where(eq(assessments.referralId, referral.id))
    )[0]!;
    expect(diary.body).toContain(`/diary/appointments/${a.appointmentId}`);
    const viewed = await db()
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'diary.view'), eq(auditEvents.patientId, patient.id)));
    expect(viewed.length).toBeGreaterThan(0);
    // Tess's diary does not show it.
    const tess = await signedIn('tess@example.nhs.uk');
    expect(textOf((await tess.get('/diary?date=2026-12-16')).body)).not.toContain('Dina Diary');
  });

  it('books face to face in a room, which the letter names, and keeps the room free of clashes', async () => {
    const now = t.clock.now();
    const location = await insertLocation(
      db(),
      t.service.id,
      {
        name: 'Harbour Clinic',
        address: '4 Quay Street\nLeeds',
        postcode: 'LS2 7EE',
        stepFreeAccess: true,
        accessInformation: '',
        openingHours: {},
        active: true,
      },
      now,
    );
    const room = await insertRoom(db(), t.service.id, {
      locationId: location.id,
      name: 'Room A',
      stepFreeAccess: true,
    });
    const { referral } = await linkedReferral({ givenName: 'Fay', familyName: 'Face' });
    const c = await signedIn('terry@example.nhs.uk');
    const form = await c.get(`/staff/referrals/${referral.id}/book`);
    expect(form.body).toContain('<optgroup label="Harbour Clinic">');
    expect(form.body).toContain(`<option value="${room.id}">Room A, Harbour Clinic</option>`);
    // The room select is revealed by the face-to-face answer and labelled.
    expect(form.body).toMatch(
      /id="mode-3--conditional"><div class="nhsuk-form-group"><label class="nhsuk-label" id="roomId--label" for="roomId">Room<\/label>/,
    );

    const noRoom = await c.post(
      `/staff/referrals/${referral.id}/book`,
      booking({ 'date-day': '17', 'date-month': '12', time: '10:00', mode: 'face_to_face' }),
    );
    expect(noRoom.statusCode).toBe(400);
    expect(textOf(noRoom.body)).toContain('Select the room for the face-to-face assessment');
    expect(noRoom.body).toContain('href="#roomId"');

    const ok = await c.post(
      `/staff/referrals/${referral.id}/book`,
      booking({
        'date-day': '17',
        'date-month': '12',
        time: '10:00',
        mode: 'face_to_face',
        roomId: room.id,
      }),
    );
    expect(ok.statusCode).toBe(303);
    const a = (
      await db().select().from(assessments).where(eq(assessments.referralId, referral.id))
    )[0]!;
    expect(await appointmentRow(a.appointmentId!)).toMatchObject({
      mode: 'face_to_face',
      locationId: location.id,
      roomId: room.id,
    });
    const letter = await outboxFor(`assessment-booked:${a.id}`);
    expect(letter[0]!.body).toContain(
      'It will be in person at Harbour Clinic, 4 Quay Street, Leeds, LS2 7EE (Room A).',
    );
    // The referral names the room with its location, as the letter does.
    const shown = textOf((await c.get(`/staff/referrals/${referral.id}`)).body);
    expect(shown).toContain('How Face to face');
    expect(shown).toContain('Where Room A, Harbour Clinic');

    // Tess cannot have the same room at the same time for another assessment.
    const second = await linkedReferral({ givenName: 'Gus', familyName: 'Second' });
    await c.get(`/staff/referrals/${second.referral.id}/book`);
    const clash = await c.post(
      `/staff/referrals/${second.referral.id}/book`,
      booking({
        clinicianId: otherTherapistId,
        'date-day': '17',
        'date-month': '12',
        time: '10:30',
        mode: 'face_to_face',
        roomId: room.id,
      }),
    );
    expect(clash.statusCode).toBe(400);
    expect(textOf(clash.body)).toContain('Room A at Harbour Clinic is already booked at that time');
    expect((await referralRow(second.referral.id)).status).toBe('new');
  });

  it('keeps someone who needs step-free access out of a place up steps, and says so on the referral (H30)', async () => {
    const now = t.clock.now();
    const upstairs = await insertLocation(
      db(),
      t.service.id,
      {
        name: 'Chapel Street Clinic',
        address: '1 Chapel Street\nLeeds',
        postcode: 'LS3 1AA',
        stepFreeAccess: false,
        accessInformation: '14 steps, no lift',
        openingHours: {},
        active: true,
      },
      now,
    );
    const stairs = await insertRoom(db(), t.service.id, {
      locationId: upstairs.id,
      name: 'Room 3',
      stepFreeAccess: false,
    });
    const needs = {
      communicationNeeds: {
        needs: [{ code: 'step_free_access', label: 'Step-free access' }],
        otherDetails: null,
      },
      sessions: {
        mode: 'face_to_face',
        modeLabel: 'Face to face',
        locationId: upstairs.id,
        locationName: upstairs.name,
      },
    };
    const { referral } = await linkedReferral(
      { givenName: 'Wyn', familyName: 'Wheels' },
      { answers: needs },
    );
    const c = await signedIn('terry@example.nhs.uk');
    const page = textOf((await c.get(`/staff/referrals/${referral.id}`)).body);
    expect(page).toContain(
      'They told us they need step-free access, and the place they would prefer, Chapel Street Clinic, has none.',
    );
    await c.get(`/staff/referrals/${referral.id}/book`);
    const refused = await c.post(
      `/staff/referrals/${referral.id}/book`,
      booking({
        'date-day': '18',
        'date-month': '12',
        time: '10:00',
        mode: 'face_to_face',
        roomId: stairs.id,
      }),
    );
    expect(refused.statusCode).toBe(400);
    expect(textOf(refused.body)).toContain(
      'Wyn Wheels told us they need step-free access, and Room 3 at Chapel Street Clinic has none.',
    );
    expect(refused.body).toContain('href="#roomId"');
    expect((await referralRow(referral.id)).status).toBe('new');

    // Someone who did not ask for step-free access may be booked there, and sees no warning.
    const other = await linkedReferral({ givenName: 'Sam', familyName: 'Stairs' });
    expect(textOf((await c.get(`/staff/referrals/${other.referral.id}`)).body)).not.toContain(
      'Step-free access',
    );
    await c.get(`/staff/referrals/${other.referral.id}/book`);
    const booked = await c.post(
      `/staff/referrals/${other.referral.id}/book`,
      booking({
        'date-day': '18',
        'date-month': '12',
        time: '11:00',
        mode: 'face_to_face',
        roomId: stairs.id,
      }),
    );
    expect(booked.statusCode).toBe(303);

    // The need goes onto the record made from the referral, where the diary checks it.
    const unlinked = await insertReferral(t, {
      givenName: 'Nia',
      familyName: 'Needs',
      answers: needs,
    });
    await c.get(`/staff/referrals/${unlinked.id}`);
    await c.post(`/staff/referrals/${unlinked.id}/create-patient`, {});
    const record = await patientRow((await referralRow(unlinked.id)).patientId!);
    expect(record.accessNeeds).toEqual(['step_free_access']);
  });

  it('cancels the appointment and its reminders when the referral is closed', async () => {
    const { referral, client: c } = await bookedReferral();
    const a = (
      await db().select().from(assessments).where(eq(assessments.referralId, referral.id))
    )[0]!;
    expect((await outboxFor(`appt:${a.appointmentId}:`)).length).toBeGreaterThan(0);
    await c.get(`/staff/referrals/${referral.id}/close`);
    const closed = await c.post(`/staff/referrals/${referral.id}/close`, {
      reason: 'withdrawn',
      note: 'Found help elsewhere.',
      message: 'We have closed your referral as you asked.',
    });
    expect(closed.statusCode).toBe(303);
    expect(await appointmentRow(a.appointmentId!)).toMatchObject({
      status: 'cancelled',
      cancelledBy: 'service',
      cancellationReason: 'The referral was closed',
    });
    expect(
      (await outboxFor(`appt:${a.appointmentId}:`)).every((m) => m.status === 'cancelled'),
    ).toBe(true);
    const audit = await db()
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'referral.close'), eq(auditEvents.recordId, referral.id)));
    expect(audit[0]!.details).toMatchObject({ cancelledAppointments: [a.appointmentId] });
  });

  it('shows the assessment as its appointment stands in the diary, and cancels it with the appointment', async () => {
    const { referral, client: c } = await bookedReferral();
    const a = (
      await db().select().from(assessments).where(eq(assessments.referralId, referral.id))
    )[0]!;
    await c.get(`/diary/appointments/${a.appointmentId}/rearrange`);
    const moved = await c.post(`/diary/appointments/${a.appointmentId}/rearrange`, {
      'date-day': '30',
      'date-month': '12',
      'date-year': '2026',
      time: '15:00',
      duration: '45',
      mode: 'phone',
    });
    expect(moved.statusCode).toBe(303);
    // No copy is kept in step: the referral page reads when and how from the appointment.
    const after = (await db().select().from(assessments).where(eq(assessments.id, a.id)))[0]!;
    expect(after).toMatchObject({ status: 'booked', appointmentId: a.appointmentId });
    const shown = await c.get(`/staff/referrals/${referral.id}`);
    expect(shown.body).toContain(formatLondonDateTime(new Date('2026-12-30T15:00:00.000Z')));
    expect(shown.body).toContain('Phone call');

    await c.get(`/diary/appointments/${a.appointmentId}`);
    const cancelled = await c.post(`/diary/appointments/${a.appointmentId}/cancel`, {
      cancelledBy: 'patient',
      reason: 'Phoned to say they cannot come',
    });
    expect(cancelled.statusCode).toBe(303);
    expect((await db().select().from(assessments).where(eq(assessments.id, a.id)))[0]!.status).toBe(
      'cancelled',
    );
    // The referral is ready for a new booking; there is nothing to record.
    const page = await c.get(`/staff/referrals/${referral.id}`);
    expect(page.body).toContain(`href="/staff/referrals/${referral.id}/book"`);
    expect(page.body).not.toContain(`href="/staff/referrals/${referral.id}/assessment"`);
  });
});

const goodAssessment = (over: Record<string, string> = {}) => ({
  presentingProblem: 'depression',
  ...measureForm('phq9', 9, 2, { phq9_9: '0' }),
  ...measureForm('gad7', 7, 1),
  ...measureForm('wsas', 5, 4, { wsas_1: 'not-applicable' }),
  riskLevel: 'low',
  riskAgreed: 'No current thoughts of harm. Knows how to get urgent help.',
  safetyPlan: '',
  decision: 'offer_ipt',
  otherTreatment: '',
  signpostedTo: '',
  decisionReason: 'Depression linked to a role transition.',
  patientMessage: 'Thank you for talking with us. We will be in touch about next steps.',
  ...over,
});

/**
 * Each booked assessment takes an hour in Terry's diary, which refuses double booking: every
 * call gets its own day, from Monday 7 December 2026 at 9am.
 */
let nextSlotDay = 0;
function freeSlot(): Record<string, string> {
  const day = new Date(Date.UTC(2026, 11, 7 + nextSlotDay++));
  return {
    'date-day': String(day.getUTCDate()),
    'date-month': String(day.getUTCMonth() + 1),
    'date-year': String(day.getUTCFullYear()),
    time: '09:00',
  };
}

/**
 * A referral with its assessment booked and, unless `started` is false, under way: the clock
 * moves to ten minutes after its start (nothing is recorded before it happens, H11).
 */
async function bookedReferral(
  patient: Partial<typeof patients.$inferInsert> = {},
  referral: Parameters<typeof insertReferral>[1] = {},
  options: { started?: boolean } = {},
) {
  t.clock.set(NOW);
  const linked = await linkedReferral(patient, referral);
  const c = await signedIn('terry@example.nhs.uk');
  await c.get(`/staff/referrals/${linked.referral.id}/book`);
  const slot = freeSlot();
  const res = await c.post(
    `/staff/referrals/${linked.referral.id}/book`,
    booking({ mode: 'video', ...slot }),
  );
  expect(res.statusCode).toBe(303);
  const startsAt = new Date(
    Date.UTC(
      Number(slot['date-year']),
      Number(slot['date-month']) - 1,
      Number(slot['date-day']),
      9,
    ),
  );
  if (options.started === false) return { ...linked, client: c, startsAt };
  t.clock.set(new Date(startsAt.getTime() + 10 * 60_000));
  // Days later: the first sign-in has expired.
  return { ...linked, client: await signedIn('terry@example.nhs.uk'), startsAt };
}

describe('recording the assessment', () => {
  it('is refused before the assessment starts: nothing saved, the diary still booked (H11)', async () => {
    const { referral, startsAt } = await bookedReferral({}, {}, { started: false });
    // The day before (issue 9 item 2: a Sunday assessment recorded on the Saturday).
    t.clock.set(new Date(startsAt.getTime() - DAY_MS));
    const c = await signedIn('terry@example.nhs.uk');
    const form = await c.get(`/staff/referrals/${referral.id}/assessment`);
    expect(form.statusCode).toBe(200);
    expect(textOf(form.body)).toContain('This assessment has not happened yet');
    expect(textOf(form.body)).toContain(
      `You can record it once it has started, from ${formatLondonDateTime(startsAt)}.`,
    );
    expect(form.body).not.toContain('name="presentingProblem"');

    const early = await c.post(`/staff/referrals/${referral.id}/assessment`, goodAssessment());
    expect(early.statusCode).toBe(409);
    expect(textOf(early.body)).toContain('This assessment has not happened yet');
    expect((await referralRow(referral.id)).status).toBe('assessment_booked');
    const [a] = await db()
      .select()
      .from(assessments)
      .where(eq(assessments.referralId, referral.id));
    expect(a!.status).toBe('booked');
    expect((await appointmentRow(a!.appointmentId!)).status).toBe('booked');
    const scores = await db()
      .select()
      .from(measureResponses)
      .where(eq(measureResponses.referralId, referral.id));
    expect(scores.filter((r) => r.context === 'assessment')).toEqual([]);

    // From its start time it can be recorded.
    t.clock.set(startsAt);
    const later = await signedIn('terry@example.nhs.uk');
    await later.get(`/staff/referrals/${referral.id}/assessment`);
    const held = await later.post(`/staff/referrals/${referral.id}/assessment`, goodAssessment());
    expect(held.statusCode).toBe(303);
    expect((await appointmentRow(a!.appointmentId!)).status).toBe('attended');
  });

  it('reports each field’s error with status 400 and keeps the answers', async () => {
    const { referral, client: c } = await bookedReferral();
    const form = await c.get(`/staff/referrals/${referral.id}/assessment`);
    expect(form.statusCode).toBe(200);
    const empty = await c.post(`/staff/referrals/${referral.id}/assessment`, {});
    expect(empty.statusCode).toBe(400);
    const text = textOf(empty.body);
    for (const message of [
      'Select the presenting problem',
      'Select an answer for PHQ-9 question 1',
      'Select an answer for PHQ-9 question 9',
      'Select an answer for GAD-7 question 7',
      'Select an answer for WSAS question 5',
      'Select the level of risk',
      'Enter what was agreed about risk',
      'Select the decision',
      'Enter the reason for the decision',
      'Enter the message to send to the patient',
    ])
      expect(text).toContain(message);
    expect(empty.body).toContain('href="#phq9_1-1"');

    const partial = await c.post(
      `/staff/referrals/${referral.id}/assessment`,
      goodAssessment({
        presentingProblem: 'other',
        presentingProblemOther: '',
        phq9_4: '',
        riskLevel: 'high',
        safetyPlan: '',
        decision: 'offer_other',
        otherTreatment: 'hypnosis',
      }),
    );
    expect(partial.statusCode).toBe(400);
    const partialText = textOf(partial.body);
    expect(partialText).toContain('Describe the presenting problem');
    expect(partialText).toContain('Select an answer for PHQ-9 question 4');
    expect(partialText).not.toContain('Select an answer for PHQ-9 question 3');
    expect(partialText).toContain('Enter the safety plan');
    expect(partialText).toContain('Select the treatment offered');
    // Answers kept.
    expect(partial.body).toMatch(/id="phq9_3-3"[^>]*checked=""/);
    expect(partial.body).toMatch(/checked="" value="high"/);
    expect(partial.body).toContain('Depression linked to a role transition.');

    const signpost = await c.post(
      `/staff/referrals/${referral.id}/assessment`,
      goodAssessment({ decision: 'signpost', signpostedTo: '' }),
    );
    expect(signpost.statusCode).toBe(400);
    expect(textOf(signpost.body)).toContain('Enter the service they are signposted to');
    expect((await referralRow(referral.id)).status).toBe('assessment_booked');
  });

  it('stores the scores, raises a risk alert for PHQ-9 question 9, and moves the referral on for each decision', async () => {
    const cases = [
      { decision: { decision: 'offer_ipt' }, status: 'ipt_waiting' },
      {
        decision: {
          decision: 'offer_other',
          otherTreatment: 'guided_self_help',
          receivingService: 'Leeds Guided Self-Help',
          discussed: 'What guided self-help involves.',
          urgency: 'routine',
        },
        status: 'other_treatment',
      },
      { decision: { decision: 'signpost', signpostedTo: 'Leeds Mind' }, status: 'signposted' },
      { decision: { decision: 'discharge' }, status: 'discharged' },
    ] as const;
    for (const [i, item] of cases.entries()) {
      const { referral, patient, client: c } = await bookedReferral({ email: null });
      const res = await c.post(
        `/staff/referrals/${referral.id}/assessment`,
        goodAssessment({
          ...item.decision,
          ...(i === 0
            ? { phq9_9: '1', riskLevel: 'moderate', safetyPlan: 'Call the crisis line.' }
            : {}),
        }),
      );
      expect(res.statusCode, item.status).toBe(303);
      const row = await referralRow(referral.id);
      expect(row.status).toBe(item.status);
      expect(row.decidedAt).toBeTruthy();
      const a = (
        await db().select().from(assessments).where(eq(assessments.referralId, referral.id))
      )[0]!;
      expect(a.status).toBe('completed');
      expect(a.decision).toBe(item.decision.decision);
      // The diary shows it attended, and its reminders stop.
      expect(await appointmentRow(a.appointmentId!)).toMatchObject({ status: 'attended' });
      expect(
        (await outboxFor(`appt:${a.appointmentId}:`)).every((m) => m.status === 'cancelled'),
      ).toBe(true);
      const scores = await db()
        .select()
        .from(measureResponses)
        .where(eq(measureResponses.assessmentId, a.id));
      expect(scores.map((s) => s.measureId).sort()).toEqual(['gad7', 'phq9', 'wsas']);
      for (const s of scores) {
        expect(s.context).toBe('assessment');
        expect(s.enteredByRole).toBe('clinician');
        expect(s.patientId).toBe(patient.id);
      }
      const wsas = scores.find((s) => s.measureId === 'wsas')!;
      expect(wsas.total).toBe(16);
      const alerts = await db()
        .select()
        .from(riskAlerts)
        .where(and(eq(riskAlerts.referralId, referral.id), eq(riskAlerts.source, 'assessment')));
      if (i === 0) {
        expect(alerts).toHaveLength(1);
        expect(alerts[0]).toMatchObject({
          patientId: patient.id,
          responsibleClinicianId: therapistId,
          sourceRecordId: scores.find((s) => s.measureId === 'phq9')!.id,
        });
        expect(alerts[0]!.reason).toContain("PHQ-9 question 9 answered 'Several days'");
      } else expect(alerts).toHaveLength(0);
      // The message waits in the patient's inbox; the text only says that it is there.
      const [stored] = await db()
        .select()
        .from(patientMessages)
        .where(eq(patientMessages.sourceKey, `assessment-decision:${a.id}`));
      expect(stored!.body).toContain('Thank you for talking with us.');
      const messages = await outboxFor(`new-message:${stored!.id}:`);
      expect(messages.map((m) => m.channel)).toEqual(['sms']);
      expect(messages[0]!.body).not.toContain('Thank you for talking with us.');
      expect(messages[0]!.body).toContain('you have a new message from us');
      const decisionAudit = await db()
        .select()
        .from(auditEvents)
        .where(
          and(eq(auditEvents.action, 'referral.decision'), eq(auditEvents.recordId, referral.id)),
        );
      expect(decisionAudit).toHaveLength(1);
      const recorded = await db()
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.action, 'assessment.record'), eq(auditEvents.recordId, a.id)));
      expect(recorded).toHaveLength(1);
      // Named by the referral, so the audit log finds it by the referral's reference.
      expect(recorded[0]!.details).toMatchObject({ referralId: referral.id });
      // Recorded once: the form is gone and a second post is refused.
      expect(
        (await c.post(`/staff/referrals/${referral.id}/assessment`, goodAssessment())).statusCode,
      ).toBe(409);
    }
  });

  it('offering IPT without an email address records the decision and notes that no invitation was sent', async () => {
    const { referral, patient, client: c } = await bookedReferral({ email: null });
    const form = await c.get(`/staff/referrals/${referral.id}/assessment`);
    expect(textOf(form.body)).toContain('We do not have an email address for this patient');
    const res = await c.post(`/staff/referrals/${referral.id}/assessment`, goodAssessment());
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toContain('invite=no_email');
    expect(textOf((await c.get(res.headers.location as string)).body)).toContain(
      'No account invitation was sent because we do not have their email address',
    );
    expect((await patientRow(patient.id)).userId).toBeNull();
    const noted = await db()
      .select()
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.action, 'patient.invitation_not_sent'),
          eq(auditEvents.patientId, patient.id),
        ),
      );
    expect(noted[0]?.reason).toBe('no_email');
  });
});

describe('offering IPT', () => {
  it('invites the patient to make an account; they set a password and see their place on the waiting list', async () => {
    const {
      referral,
      patient,
      client: c,
    } = await bookedReferral(
      { email: 'ivy@example.com', givenName: 'Ivy', allowSms: false },
      { receivedAt: daysAgo(20) },
    );
    const form = await c.get(`/staff/referrals/${referral.id}/assessment`);
    expect(textOf(form.body)).toContain('We will also email ivy@example.com an invitation');
    const res = await c.post(`/staff/referrals/${referral.id}/assessment`, goodAssessment());
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toContain('invite=invited');

    const linked = await patientRow(patient.id);
    expect(linked.userId).toBeTruthy();
    const account = (await db().select().from(users).where(eq(users.id, linked.userId!)))[0]!;
    expect(account.roles).toEqual(['patient']);
    expect(account.passwordHash).toBeNull();

    // Deliver everything due (earlier tests queued letters too; a run sends up to 20).
    for (let handled = 1; handled > 0;) handled = await t.outbox.runOnce();
    const invitation = t.notifier.sent.find(
      (m) => m.recipient === 'ivy@example.com' && m.subject?.includes('Set up your'),
    );
    expect(invitation).toBeTruthy();
    // The words, not the link: its random token may spell "phq" or "risk" by chance.
    expect(invitation!.body.replace(/https?:\/\/\S+/g, '')).not.toMatch(
      /depress|anxi|PHQ|risk|therapy/i,
    );
    const link = /http:\/\/localhost:3000(\/account\/set-password\?token=[\w-]+)/.exec(
      invitation!.body,
    )![1]!;

    const ivy = new TestClient(t.app);
    expect((await ivy.get(link)).statusCode).toBe(200);
    const set = await ivy.post('/account/set-password', {
      token: link.split('=')[1]!,
      password: 'tangerine lighthouse harbour',
      confirm: 'tangerine lighthouse harbour',
    });
    expect(set.statusCode).toBe(303);
    const home = await ivy.get('/home');
    expect(home.statusCode).toBe(200);
    const text = textOf(home.body);
    expect(text).toContain('You are on the waiting list for interpersonal therapy');
    // Counted from the referral, 20 days before NOW, to the assessment (held days later).
    const weeks = Math.floor((t.clock.now().getTime() - daysAgo(20).getTime()) / (7 * DAY_MS));
    expect(weeks).toBeGreaterThan(2);
    expect(text).toContain(`You have been waiting ${weeks} weeks since we got your referral`);
    expect(text).toContain('What happens next');
    expect(home.body).toContain('href="/urgent-help"');
    // And a staff page is still closed to them.
    expect((await ivy.get('/staff/referrals')).statusCode).toBe(403);
  });

  it('shows a patient with an account where they are before and after booking', async () => {
    const user = await createUser(t, 'jo@example.com', ['patient'], 'Jo');
    const { referral } = await linkedReferral({ userId: user.id, givenName: 'Jo' });
    const jo = await signedIn('jo@example.com');
    expect(textOf((await jo.get('/home')).body)).toContain('We have your referral');
    const c = await signedIn('terry@example.nhs.uk');
    await c.get(`/staff/referrals/${referral.id}/book`);
    await c.post(`/staff/referrals/${referral.id}/book`, booking({ mode: 'video', time: '09:00' }));
    expect(textOf((await jo.get('/home')).body)).toContain(
      'Your assessment is on Wednesday 2 December 2026 at 9am by video call',
    );
  });
});

describe('the IPT waiting list', () => {
  it('lists people waiting for IPT, longest first, against the 6 and 18 week marks', async () => {
    await db()
      .update(referrals)
      .set({ status: 'closed' })
      .where(eq(referrals.status, 'ipt_waiting'));
    const named = async (familyName: string, days: number) =>
      insertReferral(t, { familyName, status: 'ipt_waiting', receivedAt: daysAgo(days) });
    await named('WaitFortyThree', 43);
    await named('WaitTen', 10);
    await named('WaitOneThirty', 130);
    await named('WaitFortyTwo', 42);
    await insertReferral(t, { familyName: 'NotWaiting', status: 'new', receivedAt: daysAgo(200) });
    const c = await signedIn('max@example.nhs.uk');
    const res = await c.get('/staff/waiting-list');
    expect(res.statusCode).toBe(200);
    const text = textOf(res.body);
    expect(text).not.toContain('NotWaiting');
    const order = ['WaitOneThirty', 'WaitFortyThree', 'WaitFortyTwo', 'WaitTen'].map((n) =>
      text.indexOf(n),
    );
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(text).toMatch(/WaitOneThirty RAP-\S+ .*?130 days Over 18 weeks/);
    expect(text).toMatch(/WaitFortyThree RAP-\S+ .*?43 days Over 6 weeks/);
    expect(text).toMatch(/WaitFortyTwo RAP-\S+ .*?42 days Under 6 weeks/);
    expect(text).toMatch(/WaitTen RAP-\S+ .*?10 days Under 6 weeks/);
    expect(text).toContain('4 people waiting for IPT');
  });

  it('links to allocation for service managers and supervisors, who may allocate', async () => {
    const { referral } = await linkedReferral(
      { givenName: 'Wren', familyName: 'Waiting' },
      { status: 'ipt_waiting' },
    );
    for (const email of ['max@example.nhs.uk', 'sue@example.nhs.uk']) {
      const c = await signedIn(email);
      const res = await c.get('/staff/waiting-list');
      expect(res.body, email).toContain(`href="/courses/allocate/${referral.id}"`);
      expect(textOf(res.body), email).toContain('Allocate Wren Waiting to a therapist');
      // A referral without a patient record cannot be allocated yet.
      expect(textOf(res.body), email).toContain('Needs a patient record first');
    }
    const terry = await signedIn('terry@example.nhs.uk');
    const res = await terry.get('/staff/waiting-list');
    expect(textOf(res.body)).toContain('Wren');
    expect(res.body).not.toContain('/courses/allocate/');
    expect(textOf(res.body)).not.toContain('Allocate');
  });
});

describe('onward referral (an assessment that offers another treatment, H27)', () => {
  const onward = (over: Record<string, string> = {}) =>
    goodAssessment({
      decision: 'offer_other',
      otherTreatment: 'cbt',
      receivingService: 'Leeds Step 3 CBT',
      discussed: 'Talked through what CBT involves and the likely wait.',
      urgency: 'routine',
      decisionReason: 'Prefers a structured, skills-based approach.',
      ...over,
    });

  it('refuses a routine referral while a risk alert is open, saving nothing', async () => {
    const { referral, patient, client: c } = await bookedReferral();
    await db()
      .insert(riskAlerts)
      .values({
        serviceId: t.service.id,
        source: 'referral',
        reason: 'Self-referral: said yes to thoughts of ending their life',
        patientId: patient.id,
        referralId: referral.id,
        raisedAt: daysAgo(3),
      });
    const res = await c.post(`/staff/referrals/${referral.id}/assessment`, onward());
    expect(res.statusCode).toBe(400);
    expect(textOf(res.body)).toContain(
      'They have an open risk alert, so the onward referral cannot be routine: choose soon or urgent',
    );
    expect(res.body).toContain('Leeds Step 3 CBT'); // answers kept
    expect((await referralRow(referral.id)).status).toBe('assessment_booked');
    expect(
      await db().select().from(onwardReferrals).where(eq(onwardReferrals.referralId, referral.id)),
    ).toHaveLength(0);
  });

  it('records the referral on, closes the referral and writes the letter naming the open alert', async () => {
    const {
      referral,
      patient,
      client: c,
    } = await bookedReferral({
      nhsNumber: '9434765919',
      gpPractice: 'Park Surgery, Park Road, Leeds',
    });
    await db()
      .insert(riskAlerts)
      .values({
        serviceId: t.service.id,
        source: 'referral',
        reason: 'Self-referral: said yes to thoughts of ending their life',
        patientId: patient.id,
        referralId: referral.id,
        raisedAt: daysAgo(3),
      });
    const res = await c.post(
      `/staff/referrals/${referral.id}/assessment`,
      onward({ urgency: 'soon', gpEmail: 'park.surgery@nhs.net', lettersByEmail: 'yes' }),
    );
    expect(res.statusCode).toBe(303);
    const row = await referralRow(referral.id);
    expect(row.status).toBe('other_treatment');
    expect(row.closedAt).toEqual(t.clock.now());
    expect(row.closedNote).toBe(
      'Referred on to Leeds Step 3 CBT for cognitive behavioural therapy (CBT)',
    );
    const [record] = await db()
      .select()
      .from(onwardReferrals)
      .where(eq(onwardReferrals.referralId, referral.id));
    expect(record).toMatchObject({
      patientId: patient.id,
      treatment: 'cbt',
      receivingService: 'Leeds Step 3 CBT',
      reason: 'Prefers a structured, skills-based approach.',
      discussed: 'Talked through what CBT involves and the likely wait.',
      urgency: 'soon',
      createdBy: therapistId,
    });
    const [letter] = await db().select().from(letters).where(eq(letters.id, record!.letterId!));
    expect(letter!.kind).toBe('onward_referral');
    expect(letter!.patientId).toBe(patient.id);
    const content = letter!.content;
    expect(content.to).toEqual(['Leeds Step 3 CBT']);
    // The treatment keeps its acronym's capitals.
    expect(content.heading).toMatch(
      /^Referral to Leeds Step 3 CBT for cognitive behavioural therapy \(CBT\): /,
    );
    expect(content.paragraphs[0]).toContain(
      'We are referring them to you for cognitive behavioural therapy (CBT).',
    );
    expect(content.patientLines).toContain('NHS number: 943 476 5919');
    expect(content.patientLines).toContain('Urgency: Soon (within 2 weeks)');
    const body = content.paragraphs.join('\n');
    expect(body).toContain('- Self-referral: said yes to thoughts of ending their life (raised');
    expect(body).toContain('One risk alert was open at the assessment');
    expect(body).toContain(
      'What we discussed with Ari: Talked through what CBT involves and the likely wait.',
    );
    expect(body).toContain('PHQ-9 (depression) score at the assessment: 16');
    expect(body).toContain(
      'Copies of this letter go to the GP (Park Surgery, Park Road, Leeds) and',
    );
    expect(content.signOff).toContain('Terry Therapist');

    // The letter opens as a PDF for staff, and is on the referral page.
    const pdf = await c.get(`/letters/${letter!.id}/pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const page = textOf((await c.get(`/staff/referrals/${referral.id}`)).body);
    expect(page).toContain('Onward referral');
    expect(page).toContain('Leeds Step 3 CBT: Cognitive behavioural therapy (CBT)');
    expect(page).toContain('Onward referral letter (PDF)');

    // The patient's message links to their copy; the text or email says only a message waits.
    const [message] = await db()
      .select()
      .from(patientMessages)
      .where(eq(patientMessages.patientId, patient.id));
    expect(message!.body).toContain(`/letters/${letter!.id}/pdf`);
    const audit = await db()
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'onward_referral.create'));
    expect(audit.some((a) => a.recordId === record!.id && a.patientId === patient.id)).toBe(true);

    // The letter preferences agreed at the assessment, and the copies by email (by reference).
    expect(await patientRow(patient.id)).toMatchObject({
      gpEmail: 'park.surgery@nhs.net',
      allowLettersByEmail: true,
    });
    const copies = await outboxFor(`letter:${letter!.id}:`);
    expect(copies.map((m) => [m.template, m.recipient, m.attachmentLetterId]).sort()).toEqual([
      ['letter-ready', 'ari@example.com', letter!.id],
      ['letter-to-gp', 'park.surgery@nhs.net', letter!.id],
    ]);
    for (const m of copies) expect(m.body).not.toContain('Ari');
  });

  it('gives the receiving service the safety plan agreed at the assessment (H27)', async () => {
    const { referral, client: c } = await bookedReferral();
    const res = await c.post(
      `/staff/referrals/${referral.id}/assessment`,
      onward({
        urgency: 'urgent',
        riskLevel: 'high',
        riskAgreed: 'Crisis team told today; they will call tomorrow.',
        safetyPlan: 'Call sister Jo on bad nights. Tablets kept by Jo.',
      }),
    );
    expect(res.statusCode).toBe(303);
    const [record] = await db()
      .select()
      .from(onwardReferrals)
      .where(eq(onwardReferrals.referralId, referral.id));
    const [letter] = await db().select().from(letters).where(eq(letters.id, record!.letterId!));
    const paragraphs = letter!.content.paragraphs;
    const at = paragraphs.indexOf('Safety plan agreed at assessment:');
    expect(at).toBeGreaterThan(0);
    expect(paragraphs[at - 1]).toBe(
      'Risk at the assessment was judged high. What was agreed: Crisis team told today; they will call tomorrow.',
    );
    expect(paragraphs[at + 1]).toBe('Call sister Jo on bad nights. Tablets kept by Jo.');
    expect((await c.get(`/letters/${letter!.id}/pdf`)).statusCode).toBe(200);
  });

  it('keeps an onward referral on the home page until its letter is recorded as sent, once', async () => {
    const { referral, patient, client: c } = await bookedReferral({ familyName: 'Sendwell' });
    const res = await c.post(
      `/staff/referrals/${referral.id}/assessment`,
      onward({ receivingService: 'Calder Psychology', urgency: 'urgent', phq9_9: '0' }),
    );
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toContain('onward=send');
    expect(textOf((await c.get(res.headers.location as string)).body)).toContain(
      'Next, send the onward referral letter to the receiving service, then record below how you sent it.',
    );
    const [record] = await db()
      .select()
      .from(onwardReferrals)
      .where(eq(onwardReferrals.referralId, referral.id));
    expect(record!.sentAt).toBeNull();

    // On the home page of the clinician who made it, not a colleague's.
    const home = textOf((await c.get('/home')).body);
    expect(home).toContain('Onward referrals to send');
    expect(home).toContain('Ari Sendwell to Calder Psychology: urgent (within 2 working days)');
    expect((await c.get('/home')).body).toContain(`href="/staff/referrals/${referral.id}#onward"`);
    const tess = await signedIn('tess@example.nhs.uk');
    expect(textOf((await tess.get('/home')).body)).not.toContain('Ari Sendwell');
    const listed = await db()
      .select()
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.action, 'onward_referral.list_unsent'),
          eq(auditEvents.patientId, patient.id),
        ),
      );
    expect(listed.length).toBeGreaterThan(0);

    // The referral page says it is not sent, and asks how it was; no answer is a clear error.
    const page = await c.get(`/staff/referrals/${referral.id}`);
    expect(textOf(page.body)).toContain('Not recorded as sent yet');
    expect(textOf(page.body)).toContain('How did you send the letter to Calder Psychology?');
    const url = `/staff/referrals/${referral.id}/onward/${record!.id}/sent`;
    const bad = await c.post(url, {});
    expect(bad.statusCode).toBe(400);
    expect(textOf(bad.body)).toContain('There is a problem');
    expect(textOf(bad.body)).toContain('Select how you sent the letter to the receiving service');
    expect(
      (await db().select().from(onwardReferrals).where(eq(onwardReferrals.id, record!.id)))[0]!
        .sentAt,
    ).toBeNull();

    // Another referral's onward referral id is not found here.
    const other = await insertReferral(t);
    await c.get(`/staff/referrals/${other.id}`);
    expect(
      (await c.post(`/staff/referrals/${other.id}/onward/${record!.id}/sent`, { sentHow: 'post' }))
        .statusCode,
    ).toBe(404);

    await c.get(`/staff/referrals/${referral.id}`);
    const done = await c.post(url, { sentHow: 'e_referral' });
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe(`/staff/referrals/${referral.id}?done=onward_sent`);
    const [sent] = await db()
      .select()
      .from(onwardReferrals)
      .where(eq(onwardReferrals.id, record!.id));
    expect(sent).toMatchObject({
      sentAt: t.clock.now(),
      sentBy: therapistId,
      sentHow: 'e_referral',
    });
    const after = textOf((await c.get(done.headers.location as string)).body);
    expect(after).toContain('Onward referral letter recorded as sent');
    expect(after).toContain('Sent through the NHS e-Referral Service, recorded');
    expect(after).not.toContain('How did you send the letter');

    // A second click changes nothing and records nothing more.
    const again = await c.post(url, { sentHow: 'post' });
    expect(again.statusCode).toBe(303);
    const [still] = await db()
      .select()
      .from(onwardReferrals)
      .where(eq(onwardReferrals.id, record!.id));
    expect(still!.sentHow).toBe('e_referral');
    const audits = await db()
      .select()
      .from(auditEvents)
      .where(
        and(eq(auditEvents.action, 'onward_referral.sent'), eq(auditEvents.recordId, record!.id)),
      );
    expect(audits).toHaveLength(1);
    expect(audits[0]!).toMatchObject({ patientId: patient.id, userId: therapistId });
    expect(textOf((await c.get('/home')).body)).not.toContain('Ari Sendwell to Calder Psychology');
  });

  it('keeps the GP’s copy that did not reach the practice on the home page until it is emailed again or recorded sent', async () => {
    const { referral, client: c } = await bookedReferral({ familyName: 'Copywell' });
    const res = await c.post(
      `/staff/referrals/${referral.id}/assessment`,
      onward({ gpEmail: 'copywell.gp@nhs.net', phq9_9: '0' }),
    );
    expect(res.statusCode).toBe(303);
    const [record] = await db()
      .select()
      .from(onwardReferrals)
      .where(eq(onwardReferrals.referralId, referral.id));
    const letterId = record!.letterId!;
    const [gpCopy] = await outboxFor(`letter:${letterId}:gp`);
    const page = async () => textOf((await c.get(`/staff/referrals/${referral.id}`)).body);
    const home = async () => textOf((await c.get('/home')).body);
    // (It is on the onward referrals to send as well, until that letter is recorded as sent.)
    const GP_COPY_LISTED = /Ari Copywell ?: copy of an onward referral/;
    expect(await page()).toContain('GP practice: waiting to be emailed');
    expect(await home()).not.toMatch(GP_COPY_LISTED);

    // Retries ran out: on the home page, with the way to the referral, and on the referral page.
    const setGpCopy = (status: 'failed' | 'sent') =>
      db().update(outboxMessages).set({ status }).where(eq(outboxMessages.id, gpCopy!.id));
    await setGpCopy('failed');
    const listed = await c.get('/home');
    expect(textOf(listed.body)).toContain('GP letters not sent');
    expect(textOf(listed.body)).toMatch(
      /Ari Copywell ?: copy of an onward referral, written \d+ \w+ \d{4}, sending failed/,
    );
    expect(listed.body).toContain(`href="/staff/referrals/${referral.id}#onward"`);
    const failed = await page();
    expect(failed).toContain('GP practice: not emailed: sending failed. Email it again below');
    expect(failed).toContain('Email it to the practice at copywell.gp@nhs.net');

    // Emailed again, once for a double click, and sent.
    const again = `/staff/referrals/${referral.id}/letters/${letterId}/email-gp`;
    const emailed = await c.post(again, {});
    expect(emailed.statusCode).toBe(303);
    expect(emailed.headers.location).toBe(`/staff/referrals/${referral.id}#onward`);
    expect((await c.post(again, {})).statusCode).toBe(303);
    expect(await page()).toContain('GP practice: waiting to be emailed');
    expect(await home()).not.toMatch(GP_COPY_LISTED);
    const before = t.notifier.sent.length;
    await t.outbox.runOnce(50);
    expect(
      t.notifier.sent.slice(before).filter((m) => m.recipient === 'copywell.gp@nhs.net'),
    ).toHaveLength(1);

    // Failed again, then printed and posted: recorded once, and no longer shown as not sent.
    await setGpCopy('failed');
    expect(await home()).toMatch(GP_COPY_LISTED);
    const record2 = `/staff/referrals/${referral.id}/letters/${letterId}/sent-another-way`;
    expect((await c.post(record2, {})).statusCode).toBe(303);
    expect((await c.post(record2, {})).statusCode).toBe(303);
    const [letter] = await db().select().from(letters).where(eq(letters.id, letterId));
    expect(letter!.gpSentAnotherWayBy).toBe(therapistId);
    const audited = await db()
      .select()
      .from(auditEvents)
      .where(
        and(eq(auditEvents.action, 'letter.sent_another_way'), eq(auditEvents.recordId, letterId)),
      );
    expect(audited).toHaveLength(1);
    expect(await home()).not.toMatch(GP_COPY_LISTED);
    expect(await page()).toMatch(/GP practice: not emailed; sent another way \(recorded/);

    // Only this referral's letters: through another referral, it is not found.
    const other = await insertReferral(t);
    await c.get(`/staff/referrals/${other.id}`);
    expect(
      (await c.post(`/staff/referrals/${other.id}/letters/${letterId}/email-gp`, {})).statusCode,
    ).toBe(404);
  });

  it('tells the referral’s urgency from the onward one, and links a missing practice email to where it is added', async () => {
    const { referral, patient, client: c } = await bookedReferral({ gpEmail: null });
    const res = await c.post(
      `/staff/referrals/${referral.id}/assessment`,
      onward({ urgency: 'soon', phq9_9: '0' }),
    );
    expect(res.statusCode).toBe(303);
    const html = (await c.get(`/staff/referrals/${referral.id}`)).body;
    const page = textOf(html);
    expect(page).toMatch(/Referral urgency ?Routine/);
    expect(page).toMatch(/ Urgency ?Soon/);
    expect(page).toMatch(
      /GP practice: not emailed: no practice email on the record\. Add it under the patient’s contact and GP details ?, or print the letter/,
    );
    expect(html).toContain(`<a href="/patients/${patient.id}/details">contact and GP details</a>`);
  });

  it('leaves the GP out of the copies without their consent, and suggests services used before', async () => {
    const { referral, client: c } = await bookedReferral({}, { answers: { gpConsent: false } });
    const res = await c.post(
      `/staff/referrals/${referral.id}/assessment`,
      onward({ receivingService: 'Wakefield Counselling', phq9_9: '0' }),
    );
    expect(res.statusCode).toBe(303);
    const [record] = await db()
      .select()
      .from(onwardReferrals)
      .where(eq(onwardReferrals.referralId, referral.id));
    const [letter] = await db().select().from(letters).where(eq(letters.id, record!.letterId!));
    const body = letter!.content.paragraphs.join('\n');
    expect(body).not.toContain('the GP');
    expect(body).toContain('There were no open risk alerts for them at the assessment.');

    expect(await outboxFor(`letter:${letter!.id}:gp`)).toHaveLength(0);
    // Not for the practice: nothing to send it, nothing shown as not sent.
    expect(letter!.toGp).toBe(false);
    expect(textOf((await c.get(`/staff/referrals/${referral.id}`)).body)).not.toContain(
      'GP practice:',
    );
    expect(
      (await c.post(`/staff/referrals/${referral.id}/letters/${letter!.id}/email-gp`, {}))
        .statusCode,
    ).toBe(404);

    const next = await bookedReferral({ gpEmail: 'old.gp@nhs.net' });
    const form = await next.client.get(`/staff/referrals/${next.referral.id}/assessment`);
    expect(form.body).toContain('value="old.gp@nhs.net"');
    const badEmail = await next.client.post(
      `/staff/referrals/${next.referral.id}/assessment`,
      onward({ gpEmail: 'not an email', phq9_9: '0' }),
    );
    expect(badEmail.statusCode).toBe(400);
    expect(textOf(badEmail.body)).toContain("Enter the practice's secure NHS email address");
    expect(form.body).toContain('<option value="Wakefield Counselling"></option>');
    expect(form.body).toContain('list="receiving-services"');
  });
});
