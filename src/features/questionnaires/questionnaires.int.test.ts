import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import {
  appointments,
  auditEvents,
  measureResponses,
  outboxMessages,
  questionnaireDrafts,
  riskAlerts,
} from '../../db/schema';
import { riskSeverity } from '../../domain/risk';
import { escalateOverdueAlerts } from '../risk';
import { OTHER_IDLE_MS } from '../../platform/session';
import { TestClient, textOf } from '../../../tests/support/client';
import {
  insertCourse,
  insertPatient,
  insertSession,
  insertTherapistProfile,
} from '../../../tests/support/fixtures';
import {
  createTestApp,
  createUser,
  TEST_PASSWORD,
  type TestApp,
} from '../../../tests/support/test-app';

let t: TestApp;
let samId: string;
let joId: string;
let priyaId: string;
let maxId: string;
let moId: string;

/** Monday 30 November 2026, midday: the questionnaires for Tuesday's sessions are open. */
const MONDAY_NOON = '2026-11-30T12:00:00Z';
/**
 * Each test's session gets its own hour on Wednesday 2 or Thursday 3 December 2026 (GMT), so no
 * two overlap in the diary; the questionnaires for all of them are open on Monday at midday.
 */
let slot = 0;
const nextSlot = () => {
  const day = 2 + Math.floor(slot / 12);
  const hour = 8 + (slot++ % 12);
  return `2026-12-0${day}T${String(hour).padStart(2, '0')}:00:00Z`;
};

const HEALTH_WORDS = /depression|suicid|phq/i;

async function signedIn(email: string) {
  const c = new TestClient(t.app);
  expect((await c.signIn(email, TEST_PASSWORD)).statusCode).toBe(303);
  return c;
}

let people = 0;
/** A patient with an account, an IPT course with the therapist, and one session. */
async function patientWithSession(therapistId: string, startsAt = nextSlot()) {
  people += 1;
  const email = `patient${people}@example.com`;
  const user = await createUser(t, email, ['patient'], `Patient ${people}`);
  const patient = await insertPatient(t, {
    givenName: 'Patient',
    familyName: `Number${people}`,
    userId: user.id,
    email,
  });
  const course = await insertCourse(t, patient.id, therapistId);
  const session = await insertSession(t, course, startsAt);
  return { email, userId: user.id, patient, course, session };
}

/** Every question of a measure answered with the same value, with overrides. */
function answers(prefix: string, count: number, value: string, over: Record<string, string> = {}) {
  const form: Record<string, string> = {};
  for (let i = 1; i <= count; i++) form[`${prefix}_${i}`] = value;
  return { ...form, ...over };
}
const COMPLETE: Record<string, Record<string, string>> = {
  phq9: answers('phq9', 9, '1', { phq9_9: '0' }),
  gad7: answers('gad7', 7, '1'),
  wsas: answers('wsas', 5, '2'),
  iapt_phobia: answers('iapt_phobia', 3, '0'),
};
const COUNTS: Record<string, number> = { phq9: 9, gad7: 7, wsas: 5, iapt_phobia: 3 };

const alertsFor = (patientId: string) =>
  t.database.db.select().from(riskAlerts).where(eq(riskAlerts.patientId, patientId));

const responsesFor = (appointmentId: string, measureId?: string) =>
  t.database.db
    .select()
    .from(measureResponses)
    .where(
      and(
        eq(measureResponses.appointmentId, appointmentId),
        measureId ? eq(measureResponses.measureId, measureId) : undefined,
      ),
    );

const auditFor = (action: string, patientId: string) =>
  t.database.db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.action, action), eq(auditEvents.patientId, patientId)));

beforeAll(async () => {
  t = await createTestApp();
  samId = (await createUser(t, 'sam@example.nhs.uk', ['therapist'], 'Sam Okafor')).id;
  joId = (await createUser(t, 'jo@example.nhs.uk', ['therapist'], 'Jo Evans')).id;
  priyaId = (
    await createUser(t, 'priya@example.nhs.uk', ['supervisor', 'therapist'], 'Dr Priya Shah')
  ).id;
  await createUser(t, 'tess@example.nhs.uk', ['therapist'], 'Tess Other');
  maxId = (await createUser(t, 'max@example.nhs.uk', ['service_manager'], 'Max Manager')).id;
  moId = (await createUser(t, 'mo@example.nhs.uk', ['service_manager'], 'Mo Manager')).id;
  await insertTherapistProfile(t, priyaId, { jobTitle: 'IPT supervisor' });
  await insertTherapistProfile(t, joId, { trainee: true, supervisorId: priyaId });
});
afterAll(async () => t.close());

describe('the call to action on the patient’s home page', () => {
  it('appears only while the questionnaires are open', async () => {
    const p = await patientWithSession(samId, '2026-12-01T10:00:00Z');
    const prompt = 'Answer your questions before your session on Tuesday 1 December at 10am';

    t.clock.set('2026-11-27T23:59:00Z');
    let c = await signedIn(p.email);
    expect(textOf((await c.get('/home')).body)).toContain('Hello, Patient');
    expect(textOf((await c.get('/home')).body)).not.toContain('Answer your questions');
    const early = await c.get(`/questionnaires/${p.session.id}`);
    expect(textOf(early.body)).toContain('These questions are not open yet');
    expect(textOf(early.body)).toContain('open on Saturday 28 November 2026 at midnight');

    t.clock.set('2026-11-28T00:00:00Z');
    c = await signedIn(p.email);
    const open = await c.get('/home');
    expect(textOf(open.body)).toContain(prompt);
    expect(open.body).toContain(`href="/questionnaires/${p.session.id}"`);

    t.clock.set('2026-12-01T10:49:00Z');
    c = await signedIn(p.email);
    expect(textOf((await c.get('/home')).body)).toContain(prompt);

    t.clock.set('2026-12-01T10:50:00Z');
    expect(textOf((await c.get('/home')).body)).toContain('Hello, Patient');
    expect(textOf((await c.get('/home')).body)).not.toContain('Answer your questions');
    const closed = await c.get(`/questionnaires/${p.session.id}/phq9`);
    expect(textOf(closed.body)).toContain('These questions have closed');
    expect(closed.body).not.toContain('name="phq9_1"');
    expect(textOf(closed.body)).not.toContain('answer these questions first');

    expect((await auditFor('questionnaire.prompt', p.patient.id)).length).toBeGreaterThan(0);
  });

  it('is not shown for a cancelled session', async () => {
    const p = await patientWithSession(samId);
    await t.database.db
      .update(appointments)
      .set({ status: 'cancelled', cancelledBy: 'service', cancellationReason: 'Therapist ill' })
      .where(eq(appointments.id, p.session.id));
    t.clock.set(MONDAY_NOON);
    const c = await signedIn(p.email);
    const home = textOf((await c.get('/home')).body);
    expect(home).toContain('Hello, Patient');
    expect(home).not.toContain('Answer your questions');
  });

  it('says plainly, from the link, that a cancelled session was cancelled (walk 13)', async () => {
    // Its own time, outside the slots the other tests share out (Tuesday 5pm).
    const p = await patientWithSession(samId, '2026-12-01T17:00:00Z');
    await t.database.db
      .update(appointments)
      .set({ status: 'cancelled', cancelledBy: 'service', cancellationReason: 'Therapist ill' })
      .where(eq(appointments.id, p.session.id));
    t.clock.set(MONDAY_NOON);
    const c = await signedIn(p.email);
    for (const path of [
      `/questionnaires/${p.session.id}`,
      `/questionnaires/${p.session.id}/phq9`,
    ]) {
      const res = await c.get(path);
      expect(res.statusCode).toBe(200);
      const text = textOf(res.body);
      expect(text).toContain('This session was cancelled');
      expect(text).toContain('Your session on Tuesday 1 December at 5pm was cancelled');
      expect(text).toContain('you do not need to answer any questions for it');
      // Not "closed", which reads as if the session still goes ahead with the therapist.
      expect(text).not.toContain('These questions have closed');
      expect(text).not.toContain('your therapist can go through them');
      expect(res.body).not.toContain('name="phq9_1"');
      expect(res.body).toContain('href="/appointments"');
      // Help now, as on every patient page.
      expect(res.body).toContain('href="/urgent-help"');
    }
  });
});

describe('answering the questionnaires', () => {
  it('shows each questionnaire on its own page, with an error for every unanswered question', async () => {
    const p = await patientWithSession(samId);
    t.clock.set(MONDAY_NOON);
    const c = await signedIn(p.email);
    const start = await c.get(`/questionnaires/${p.session.id}`);
    expect(start.statusCode).toBe(200);
    expect(textOf(start.body)).toContain('Questions before your session');
    expect(textOf(start.body)).toContain('There are 4 short questionnaires, one on each page.');
    // Nothing answered yet: help does not wait for them.
    expect(textOf(start.body)).toContain('you do not need to answer these questions first');

    for (const [index, [measureId, count]] of Object.entries(COUNTS).entries()) {
      const url = `/questionnaires/${p.session.id}/${measureId}`;
      const page = await c.get(url);
      expect(page.statusCode).toBe(200);
      expect(textOf(page.body)).toContain(`Questionnaire ${index + 1} of 4, before your session`);
      expect(textOf(page.body)).toContain('you do not need to answer these questions first');
      // One fieldset and legend per question; one h1; unique ids.
      expect(page.body.match(/<legend/g)).toHaveLength(count);
      expect(page.body.match(/<h1/g)).toHaveLength(1);
      const ids = [...page.body.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]);
      expect(new Set(ids).size).toBe(ids.length);

      const firstAnswer = `${measureId}_1`;
      const empty = await c.post(url, { [firstAnswer]: '1', action: 'continue' });
      expect(empty.statusCode).toBe(400);
      const text = textOf(empty.body);
      expect(text).toContain('There is a problem');
      for (let i = 2; i <= count; i++) {
        expect(text).toContain(`Select an answer for question ${i}`);
        expect(empty.body).toContain(`href="#${measureId}_${i}-1"`);
      }
      expect(text).not.toContain('Select an answer for question 1 ');
      // The answer given is kept.
      expect(empty.body).toMatch(
        new RegExp(`id="${firstAnswer}-2" type="radio" name="${firstAnswer}" checked=""`),
      );
      expect(empty.body).toContain('<title>Error:');
    }
    expect(await responsesFor(p.session.id)).toHaveLength(0);
  });

  it('keeps partial answers when the person leaves and comes back, on any device', async () => {
    const p = await patientWithSession(samId);
    t.clock.set(MONDAY_NOON);
    const c = await signedIn(p.email);
    const url = `/questionnaires/${p.session.id}/gad7`;
    await c.get(url);
    const saved = await c.post(url, { gad7_1: '2', gad7_2: '3', gad7_3: '0', action: 'save' });
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe('/home');
    expect(textOf((await c.get('/home')).body)).toContain(
      'Carry on answering your questions before your session',
    );

    const other = await signedIn(p.email);
    const again = await other.get(url);
    expect(again.body).toContain('id="gad7_1-3" type="radio" name="gad7_1" checked=""');
    expect(again.body).toContain('id="gad7_2-4" type="radio" name="gad7_2" checked=""');
    expect(again.body).toContain('id="gad7_3-1" type="radio" name="gad7_3" checked=""');
    expect(textOf((await other.get(`/questionnaires/${p.session.id}`)).body)).toMatch(
      /How anxious you have felt Started/,
    );

    // Continuing with questions missing keeps the new answers on the server too.
    await other.post(url, { gad7_1: '2', gad7_2: '3', gad7_3: '0', gad7_4: '1' });
    const [draft] = await t.database.db
      .select()
      .from(questionnaireDrafts)
      .where(
        and(
          eq(questionnaireDrafts.appointmentId, p.session.id),
          eq(questionnaireDrafts.measureId, 'gad7'),
        ),
      );
    expect(draft!.answers).toEqual({ gad7_1: '2', gad7_2: '3', gad7_3: '0', gad7_4: '1' });
    expect(await responsesFor(p.session.id)).toHaveLength(0);
    expect((await auditFor('questionnaire_draft.save', p.patient.id)).length).toBe(2);
  });

  it('alerts again when a risk answer is worse than the open alert, finished or sent again (H1)', async () => {
    const p = await patientWithSession(samId);
    t.clock.set(MONDAY_NOON);
    const c = await signedIn(p.email);
    const base = `/questionnaires/${p.session.id}`;
    const alertsNow = async () =>
      t.database.db
        .select()
        .from(riskAlerts)
        .where(eq(riskAlerts.patientId, p.patient.id))
        .orderBy(riskAlerts.raisedAt);
    await c.get(`${base}/phq9`);
    // Unfinished with "Several days": one alert at the lowest level.
    await c.post(`${base}/phq9`, { phq9_1: '1', phq9_9: '1' });
    expect(await alertsNow()).toHaveLength(1);
    // Finished with "Nearly every day": the milder alert does not stand for it.
    await c.get(`${base}/phq9`);
    const done = await c.post(`${base}/phq9`, { ...COMPLETE.phq9!, phq9_9: '3' });
    expect(done.headers.location).toBe(`${base}/urgent-help`);
    const [mild, worse] = await alertsNow();
    expect(mild!.reason).toContain("answered 'Several days'");
    expect(worse!.reason).toContain(
      "answered 'Nearly every day' by the patient before their session",
    );
    expect(riskSeverity(worse!)).toBe('frequent_thoughts');
    const [response] = await responsesFor(p.session.id, 'phq9');
    expect(worse!.sourceRecordId).toBe(response!.id);
    // The same answers sent twice raise nothing more.
    await c.post(`${base}/phq9`, { ...COMPLETE.phq9!, phq9_9: '3' });
    expect(await alertsNow()).toHaveLength(2);
  });

  it('never drops a risk answer sent again from a second tab; other answers sent again are kept out, and the patient told (H1)', async () => {
    const p = await patientWithSession(samId);
    t.clock.set(MONDAY_NOON);
    const c = await signedIn(p.email);
    const base = `/questionnaires/${p.session.id}`;
    await c.get(`${base}/phq9`);
    const first = await c.post(`${base}/phq9`, { ...COMPLETE.phq9!, phq9_9: '0' });
    expect(first.headers.location).toBe(`${base}/gad7`);
    // The second tab, other answers and no risk answer: the first answers stand, and they are told.
    const other = await c.post(`${base}/phq9`, { ...COMPLETE.phq9!, phq9_1: '3', phq9_9: '0' });
    expect(other.headers.location).toBe(`${base}?kept=phq9`);
    expect(textOf((await c.get(other.headers.location as string)).body)).toContain(
      'You had already answered “How your mood has been”, so we kept your first answers.',
    );
    expect(await alertsFor(p.patient.id)).toHaveLength(0);
    // The second tab with a risk answer: crisis help and an alert, the first answers still stand.
    const risky = await c.post(`${base}/phq9`, { ...COMPLETE.phq9!, phq9_9: '2' });
    expect(risky.headers.location).toBe(`${base}/urgent-help`);
    const [alert] = await alertsFor(p.patient.id);
    expect(alert!.reason).toContain("answered 'More than half the days'");
    expect(alert!.reason).toContain('sent again after their first answers were saved');
    expect(alert!.responsibleClinicianId).toBe(samId);
    const [kept] = await responsesFor(p.session.id, 'phq9');
    expect(kept!.answers.phq9_9).toBe(0);
    expect(await responsesFor(p.session.id, 'phq9')).toHaveLength(1);
    // Once: the same again raises nothing more.
    await c.post(`${base}/phq9`, { ...COMPLETE.phq9!, phq9_9: '2' });
    expect(await alertsFor(p.patient.id)).toHaveLength(1);
  });

  it('tells a person who sends other answers after a risk answer that their first answers were kept, with crisis help still there', async () => {
    const p = await patientWithSession(samId);
    t.clock.set(MONDAY_NOON);
    const c = await signedIn(p.email);
    const base = `/questionnaires/${p.session.id}`;
    await c.get(`${base}/phq9`);
    const first = await c.post(`${base}/phq9`, { ...COMPLETE.phq9!, phq9_9: '2' });
    expect(first.headers.location).toBe(`${base}/urgent-help`);
    expect(await alertsFor(p.patient.id)).toHaveLength(1);
    // An old tab, all answers "not at all": not the risk answer they did not just give, but that
    // the first answers stand; crisis help is still on the page.
    const zeros = Object.fromEntries(Object.keys(COMPLETE.phq9!).map((k) => [k, '0']));
    const other = await c.post(`${base}/phq9`, zeros);
    expect(other.headers.location).toBe(`${base}?kept=phq9`);
    const page = await c.get(other.headers.location as string);
    expect(textOf(page.body)).toContain('You had already answered “How your mood has been”');
    expect(page.body).toContain('<a href="/urgent-help">Find out how to get help now</a>');
    expect(page.body).toContain('<a href="/urgent-help">Get help now</a>');
    const [kept] = await responsesFor(p.session.id, 'phq9');
    expect(kept!.answers.phq9_9).toBe(2);
    expect(kept!.riskFlag).toBe(true);
    expect(await responsesFor(p.session.id, 'phq9')).toHaveLength(1);
    expect(await alertsFor(p.patient.id)).toHaveLength(1);
    // A double submit of the risk answer itself still shows crisis help again.
    expect(
      (await c.post(`${base}/phq9`, { ...COMPLETE.phq9!, phq9_9: '2' })).headers.location,
    ).toBe(`${base}/urgent-help`);
  });

  it('stores each completed set with the appointment and course, once, even if sent twice', async () => {
    const p = await patientWithSession(samId);
    t.clock.set(MONDAY_NOON);
    const c = await signedIn(p.email);
    const base = `/questionnaires/${p.session.id}`;

    await c.get(`${base}/phq9`);
    const first = await c.post(`${base}/phq9`, COMPLETE.phq9!);
    expect(first.statusCode).toBe(303);
    expect(first.headers.location).toBe(`${base}/gad7`);
    const twice = await c.post(`${base}/phq9`, COMPLETE.phq9!);
    expect(twice.statusCode).toBe(303);
    // At the same moment, too.
    await c.get(`${base}/gad7`);
    const both = await Promise.all([
      c.post(`${base}/gad7`, COMPLETE.gad7!),
      c.post(`${base}/gad7`, COMPLETE.gad7!),
    ]);
    expect(both.map((r) => r.statusCode)).toEqual([303, 303]);
    expect(await responsesFor(p.session.id, 'phq9')).toHaveLength(1);
    expect(await responsesFor(p.session.id, 'gad7')).toHaveLength(1);

    const [phq9] = await responsesFor(p.session.id, 'phq9');
    expect(phq9).toMatchObject({
      context: 'session',
      patientId: p.patient.id,
      appointmentId: p.session.id,
      courseId: p.course.id,
      enteredBy: p.userId,
      enteredByRole: 'patient',
      total: 8,
      riskFlag: false,
      supersededAt: null,
    });

    // An answered questionnaire is not asked again.
    expect((await c.get(`${base}/phq9`)).headers.location).toBe(`${base}/wsas`);

    await c.get(`${base}/wsas`);
    expect((await c.post(`${base}/wsas`, COMPLETE.wsas!)).headers.location).toBe(
      `${base}/iapt_phobia`,
    );
    expect((await c.post(`${base}/iapt_phobia`, COMPLETE.iapt_phobia!)).headers.location).toBe(
      `${base}/done`,
    );
    const done = await c.get(`${base}/done`);
    expect(textOf(done.body)).toContain('Thank you');
    // All answered: the help line no longer speaks of answering them first.
    expect(textOf(done.body)).toContain('If you need help now, do not wait for your session.');
    expect(textOf(done.body)).not.toContain('answer these questions first');
    const overview = textOf((await c.get(base)).body);
    expect(overview).toContain('You have answered all the questions');
    expect(overview).not.toContain('answer these questions first');
    expect(await responsesFor(p.session.id)).toHaveLength(4);
    expect(textOf((await c.get('/home')).body)).not.toContain('Answer your questions');
    // Cancelled after they answered: the thank-you page no longer speaks of going through the
    // answers in a session that will not happen (walk 13).
    await t.database.db
      .update(appointments)
      .set({ status: 'cancelled', cancelledBy: 'service', cancellationReason: 'Therapist ill' })
      .where(eq(appointments.id, p.session.id));
    const afterCancel = textOf((await c.get(`${base}/done`)).body);
    expect(afterCancel).toContain('This session has been cancelled');
    expect(afterCancel).toContain('We have kept your answers');
    expect(afterCancel).not.toContain('look at your answers with you in your session');
    expect(await auditFor('measure_response.create', p.patient.id)).toHaveLength(4);
  });
});

describe('a risk answer (PHQ-9 question 9 above 0)', () => {
  it('shows urgent help at once, alerts the therapist and the service, and stays until actioned', async () => {
    const p = await patientWithSession(samId);
    t.clock.set(MONDAY_NOON);
    const c = await signedIn(p.email);
    const base = `/questionnaires/${p.session.id}`;
    await c.get(`${base}/phq9`);
    const sent = await c.post(`${base}/phq9`, { ...COMPLETE.phq9!, phq9_9: '2' });
    expect(sent.statusCode).toBe(303);
    expect(sent.headers.location).toBe(`${base}/urgent-help`);

    const help = await c.get(`${base}/urgent-help`);
    const helpText = textOf(help.body);
    expect(helpText).toContain('You can get help now');
    for (const line of [
      'If your life is at risk right now, or you have seriously harmed yourself:',
      'and choose the mental health option (option 2).',
      'Samaritans – call 116 123',
      'text SHOUT to 85258',
      'This service cannot respond to emergencies.',
    ])
      expect(helpText).toContain(line);
    expect(help.body).toContain(`href="${base}/gad7"`);

    // Sending it again (back button, double click) still shows urgent help, with one alert.
    expect(
      (await c.post(`${base}/phq9`, { ...COMPLETE.phq9!, phq9_9: '2' })).headers.location,
    ).toBe(`${base}/urgent-help`);
    const [response] = await responsesFor(p.session.id, 'phq9');
    expect(response!.riskFlag).toBe(true);
    const alerts = await t.database.db
      .select()
      .from(riskAlerts)
      .where(eq(riskAlerts.patientId, p.patient.id));
    expect(alerts).toHaveLength(1);
    const alert = alerts[0]!;
    expect(alert).toMatchObject({
      source: 'questionnaire',
      sourceRecordId: response!.id,
      responsibleClinicianId: samId,
      actionedAt: null,
    });
    expect(alert.reason).toContain("PHQ-9 question 9 answered 'More than half the days'");
    // Escalates at the end of the working day (Monday, 5pm).
    expect(alert.escalateAt!.toISOString()).toBe('2026-11-30T17:00:00.000Z');

    // On the service risk queue and the therapist's home page.
    const max = await signedIn('max@example.nhs.uk');
    const queue = textOf((await max.get('/staff/risk')).body);
    expect(queue).toContain(`${p.patient.givenName} ${p.patient.familyName}`);
    expect(queue).toMatch(/Questionnaire: PHQ-9 question 9 answered/);
    const sam = await signedIn('sam@example.nhs.uk');
    const home = textOf((await sam.get('/home')).body);
    expect(home).toContain('Risk alerts for your patients');
    expect(home).toContain(`${p.patient.givenName} ${p.patient.familyName}`);

    // An email to the therapist, with no health detail.
    await t.outbox.runOnce();
    const emails = t.notifier.sent.filter(
      (m) => m.recipient === 'sam@example.nhs.uk' && m.body.includes(alert.id),
    );
    expect(emails).toHaveLength(1);
    expect(emails[0]!.body).toBe(
      `A patient on your caseload needs a follow-up. Sign in to see the alert: http://localhost:3000/staff/risk/${alert.id}`,
    );
    expect(`${emails[0]!.subject} ${emails[0]!.body}`).not.toMatch(HEALTH_WORDS);

    // The rest of the questionnaires carry on as normal.
    await c.get(`${base}/gad7`);
    expect((await c.post(`${base}/gad7`, COMPLETE.gad7!)).headers.location).toBe(`${base}/wsas`);

    // It stays open, days later, until a clinician records what they did.
    t.clock.set('2026-12-03T09:00:00Z');
    const max2 = await signedIn('max@example.nhs.uk');
    const sam2 = await signedIn('sam@example.nhs.uk');
    expect(textOf((await max2.get('/staff/risk')).body)).toContain(p.patient.familyName);
    await sam2.get(`/staff/risk/${alert.id}`);
    expect(
      (
        await sam2.post(`/staff/risk/${alert.id}`, {
          actionTaken: 'Phoned the patient. Safe; agreed a safety plan.',
          outcome: 'closed',
        })
      ).statusCode,
    ).toBe(303);
    expect(textOf((await max2.get('/staff/risk')).body)).not.toContain(p.patient.familyName);
    expect(textOf((await sam2.get('/home')).body)).not.toContain(p.patient.familyName);
  });
});

describe('answers sent after the patient was signed out (walk 11)', () => {
  it('are not saved, but a risk answer among them still shows help now, first (H1)', async () => {
    // Its own time, outside the numbered slots (open on Monday at midday too).
    const p = await patientWithSession(samId, '2026-12-01T18:00:00Z');
    t.clock.set(MONDAY_NOON);
    const c = await signedIn(p.email);
    const base = `/questionnaires/${p.session.id}`;
    await c.get(`${base}/phq9`);
    // A long pause over the questions: the session ends before they are sent.
    t.clock.advance(OTHER_IDLE_MS + 60_000);
    const risky = await c.post(`${base}/phq9`, { ...COMPLETE.phq9!, phq9_9: '3' });
    expect(risky.statusCode).toBe(401);
    const text = textOf(risky.body);
    expect(text).toContain('You have been signed out');
    expect(text).toContain('What you sent was not saved');
    // Help now comes before the rest of the page.
    const help = text.indexOf('You can get help now');
    expect(help).toBeGreaterThan(-1);
    expect(help).toBeLessThan(text.indexOf('What you sent was not saved'));
    expect(text).toContain('your therapist does not know about them yet');
    expect(text).toContain('Samaritans – call 116 123');
    expect(await responsesFor(p.session.id)).toEqual([]);

    // Without a risk answer, the page is the usual one.
    const calm = await c.post(`${base}/phq9`, COMPLETE.phq9!);
    expect(calm.statusCode).toBe(401);
    expect(textOf(calm.body)).not.toContain('You can get help now');
  });
});

describe('escalation of an alert nobody acts on', () => {
  const escalate = () =>
    escalateOverdueAlerts(t.database.db, t.clock, { publicUrl: 'http://localhost:3000' });

  async function raiseViaQuestionnaire(therapistId: string) {
    const p = await patientWithSession(therapistId);
    t.clock.set(MONDAY_NOON);
    const c = await signedIn(p.email);
    await c.get(`/questionnaires/${p.session.id}/phq9`);
    await c.post(`/questionnaires/${p.session.id}/phq9`, { ...COMPLETE.phq9!, phq9_9: '1' });
    const [alert] = await t.database.db
      .select()
      .from(riskAlerts)
      .where(eq(riskAlerts.patientId, p.patient.id));
    return { p, alert: alert! };
  }

  it('shows urgent help and alerts at once when question 9 is answered but the rest are not (H1)', async () => {
    const p = await patientWithSession(samId);
    t.clock.set(MONDAY_NOON);
    const c = await signedIn(p.email);
    const base = `/questionnaires/${p.session.id}`;
    await c.get(`${base}/phq9`);
    // Only question 9, then "Save and come back later".
    const later = await c.post(`${base}/phq9`, { phq9_9: '2', action: 'save' });
    expect(later.statusCode).toBe(303);
    expect(later.headers.location).toBe(`${base}/urgent-help`);
    expect(textOf((await c.get(`${base}/urgent-help`)).body)).toContain('You can get help now');
    const alertsNow = async () =>
      t.database.db.select().from(riskAlerts).where(eq(riskAlerts.patientId, p.patient.id));
    const [alert] = await alertsNow();
    expect(alert).toMatchObject({
      source: 'questionnaire',
      sourceRecordId: p.session.id,
      responsibleClinicianId: samId,
      actionedAt: null,
    });
    expect(alert!.reason).toContain(
      "PHQ-9 question 9 answered 'More than half the days' by the patient before their session",
    );
    expect(alert!.reason).toContain('before they finished the questions');

    // Continue with questions missing: crisis help again, the answers kept, still one alert.
    await c.get(`${base}/phq9`);
    const partial = await c.post(`${base}/phq9`, { phq9_1: '1', phq9_9: '2' });
    expect(partial.headers.location).toBe(`${base}/urgent-help`);
    const again = await c.get(`${base}/phq9`);
    expect(again.body).toContain('id="phq9_9-3" type="radio" name="phq9_9" checked=""');
    // Their therapist sees what they answered so far, the risk answer first (walk 6), and entering
    // the answers in the session starts from them rather than losing them.
    const sam = await signedIn('sam@example.nhs.uk');
    const history = textOf((await sam.get(`/patients/${p.patient.id}/questionnaires`)).body);
    expect(history).toContain('Started by the patient, not finished 2 of 9 questions answered');
    expect(history).toContain('Risk answer: question 9 answered ‘More than half the days’');
    const entry = await sam.get(`/patients/${p.patient.id}/questionnaires/${p.session.id}/phq9`);
    expect(textOf(entry.body)).toContain('start from those');
    expect(entry.body).toContain('id="phq9_9-3" type="radio" name="phq9_9" checked=""');
    // Finishing the questions stores the response under the same alert.
    const done = await c.post(`${base}/phq9`, { ...COMPLETE.phq9!, phq9_9: '2' });
    expect(done.headers.location).toBe(`${base}/urgent-help`);
    expect(await alertsNow()).toHaveLength(1);
    expect((await responsesFor(p.session.id, 'phq9'))[0]!.riskFlag).toBe(true);

    // Answers without a risk answer, unfinished, are kept quietly as before.
    const q = await patientWithSession(samId);
    const d = await signedIn(q.email);
    await d.get(`/questionnaires/${q.session.id}/phq9`);
    const quiet = await d.post(`/questionnaires/${q.session.id}/phq9`, {
      phq9_9: '0',
      action: 'save',
    });
    expect(quiet.headers.location).toBe('/home');
    expect(
      await t.database.db.select().from(riskAlerts).where(eq(riskAlerts.patientId, q.patient.id)),
    ).toHaveLength(0);
  });

  it('takes “Continue” on the crisis help back to the unfinished PHQ-9, at the next question (H1)', async () => {
    // A time of its own, so the later tests' sessions keep theirs.
    const p = await patientWithSession(samId, '2026-12-01T14:00:00Z');
    t.clock.set(MONDAY_NOON);
    const c = await signedIn(p.email);
    const base = `/questionnaires/${p.session.id}`;
    const continueOn = async () => {
      const help = await c.get(`${base}/urgent-help`);
      expect(textOf(help.body)).toContain('You can get help now');
      const m = /<a[^>]*href="([^"]*)"[^>]*>Continue<\/a>/.exec(help.body);
      return m?.[1]?.replaceAll('&amp;', '&');
    };
    await c.get(`${base}/phq9`);
    // Part-way: questions 1 and 2, then the risk answer.
    const partial = await c.post(`${base}/phq9`, { phq9_1: '1', phq9_2: '2', phq9_9: '1' });
    expect(partial.headers.location).toBe(`${base}/urgent-help`);
    const back = await continueOn();
    expect(back).toBe(`${base}/phq9#phq9_3-1`);
    // There: the PHQ-9 again, their answers kept, the next question where the link lands.
    const page = await c.get(back!.split('#')[0]!);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('id="phq9_3-1"');
    expect(page.body).toContain('id="phq9_2-3" type="radio" name="phq9_2" checked=""');
    expect(page.body).toContain('id="phq9_9-2" type="radio" name="phq9_9" checked=""');
    // Finished, with the risk answer: crisis help again, then on to the next questionnaire.
    const done = await c.post(`${base}/phq9`, { ...COMPLETE.phq9!, phq9_9: '1' });
    expect(done.headers.location).toBe(`${base}/urgent-help`);
    expect(await continueOn()).toBe(`${base}/gad7`);
  });

  it('goes to the therapist’s supervisor at the end of the working day, once', async () => {
    const { p, alert } = await raiseViaQuestionnaire(joId);
    expect(alert.responsibleClinicianId).toBe(joId);

    t.clock.set('2026-11-30T16:59:59Z');
    expect((await escalate()).find((e) => e.alertId === alert.id)).toBeUndefined();
    const before = await t.database.db.select().from(riskAlerts).where(eq(riskAlerts.id, alert.id));
    expect(before[0]!.escalatedAt).toBeNull();

    t.clock.set('2026-11-30T17:00:00Z');
    const done = (await escalate()).find((e) => e.alertId === alert.id);
    expect(done).toEqual({
      alertId: alert.id,
      serviceId: t.service.id,
      to: 'supervisor',
      recipientIds: [priyaId],
    });
    t.clock.set('2026-11-30T18:00:00Z');
    expect((await escalate()).find((e) => e.alertId === alert.id)).toBeUndefined();

    const [after] = await t.database.db
      .select()
      .from(riskAlerts)
      .where(eq(riskAlerts.id, alert.id));
    expect(after!.escalatedAt!.toISOString()).toBe('2026-11-30T17:00:00.000Z');
    expect(after!.actionedAt).toBeNull();

    const queued = await t.database.db
      .select()
      .from(outboxMessages)
      .where(eq(outboxMessages.template, 'risk-alert-escalated'));
    const mine = queued.filter((m) => m.body.includes(alert.id));
    expect(mine.map((m) => m.recipient)).toEqual(['priya@example.nhs.uk']);
    expect(`${mine[0]!.subject} ${mine[0]!.body}`).not.toMatch(HEALTH_WORDS);
    expect(mine[0]!.patientId).toBe(p.patient.id);

    const audit = await auditFor('risk_alert.escalate', p.patient.id);
    expect(audit).toHaveLength(1);

    // The queue shows it as escalated; it is still open.
    const max = await signedIn('max@example.nhs.uk');
    const queue = await max.get('/staff/risk');
    expect(textOf(queue.body)).toMatch(new RegExp(`${p.patient.familyName}.*Escalated`));
    expect(textOf((await max.get(`/staff/risk/${alert.id}`)).body)).toContain('Escalated');
  });

  it('goes to the service managers when the therapist has no supervisor', async () => {
    const { alert } = await raiseViaQuestionnaire(samId);
    t.clock.set('2026-11-30T17:00:00Z');
    const done = (await escalate()).find((e) => e.alertId === alert.id);
    expect(done?.to).toBe('service_manager');
    expect(new Set(done?.recipientIds)).toEqual(new Set([maxId, moId]));
    await t.outbox.runOnce();
    const sent = t.notifier.sent.filter((m) => m.body.includes(`/staff/risk/${alert.id}`));
    expect(new Set(sent.map((m) => m.recipient))).toEqual(
      new Set(['sam@example.nhs.uk', 'max@example.nhs.uk', 'mo@example.nhs.uk']),
    );
    for (const m of sent) expect(`${m.subject} ${m.body}`).not.toMatch(HEALTH_WORDS);
  });

  it('never escalates an alert someone has acted on', async () => {
    const { alert } = await raiseViaQuestionnaire(samId);
    const sam = await signedIn('sam@example.nhs.uk');
    await sam.get(`/staff/risk/${alert.id}`);
    await sam.post(`/staff/risk/${alert.id}`, {
      actionTaken: 'Spoke to them straight away.',
      outcome: 'closed',
    });
    t.clock.set('2026-12-01T09:00:00Z');
    expect((await escalate()).find((e) => e.alertId === alert.id)).toBeUndefined();
  });
});

describe('the therapist entering answers in the session', () => {
  it('stores them as entered by the therapist and says so on the record', async () => {
    const p = await patientWithSession(samId);
    // Ten minutes into the session (walk 11: answers entered the day before were said to be
    // "in the session"; the unit tests of enteredByText say before and after).
    t.clock.set(new Date(p.session.startsAt.getTime() + 10 * 60_000).toISOString());
    const sam = await signedIn('sam@example.nhs.uk');
    const history = `/patients/${p.patient.id}/questionnaires`;
    const list = await sam.get(history);
    expect(list.statusCode).toBe(200);
    expect(textOf(list.body)).toContain('Not answered');
    const enter = `${history}/${p.session.id}/gad7`;
    expect(list.body).toContain(`href="${enter}"`);

    const form = await sam.get(enter);
    expect(form.statusCode).toBe(200);
    expect(form.body.match(/<legend/g)).toHaveLength(7);
    // Answers may be entered days ahead (by phone): the page does not promise "in the session".
    expect(textOf(form.body)).toContain(
      'you entered them, and whether that was before, in or after the session',
    );
    const empty = await sam.post(enter, { gad7_1: '2' });
    expect(empty.statusCode).toBe(400);
    expect(textOf(empty.body)).toContain('Select an answer for question 7');
    expect(empty.body).toContain('id="gad7_1-3" type="radio" name="gad7_1" checked=""');

    const saved = await sam.post(enter, answers('gad7', 7, '2'));
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe(`${history}?done=entered`);
    const [row] = await responsesFor(p.session.id, 'gad7');
    expect(row).toMatchObject({
      enteredBy: samId,
      enteredByRole: 'clinician',
      appointmentId: p.session.id,
      courseId: p.course.id,
      context: 'session',
      total: 14,
    });
    const after = textOf((await sam.get(`${history}?done=entered`)).body);
    expect(after).toContain('Entered by Sam Okafor (therapist) in the session');
    expect(after).toContain('Score 14 (moderate)');

    // Entering it again does not make a second one; the patient is not asked for it either.
    expect((await sam.post(enter, answers('gad7', 7, '3'))).headers.location).toBe(
      `${history}?done=already`,
    );
    expect(await responsesFor(p.session.id, 'gad7')).toHaveLength(1);
    const patient = await signedIn(p.email);
    expect((await patient.get(`/questionnaires/${p.session.id}/gad7`)).headers.location).toBe(
      `/questionnaires/${p.session.id}/wsas`,
    );
  });

  it('keeps the answers the patient saved on their own as theirs, and shows what changed (walk 6)', async () => {
    const p = await patientWithSession(samId);
    t.clock.set(MONDAY_NOON);
    const patient = await signedIn(p.email);
    const own = `/questionnaires/${p.session.id}/gad7`;
    await patient.get(own);
    const later = await patient.post(own, { gad7_1: '2', gad7_2: '3', action: 'save' });
    expect(later.headers.location).toBe('/home');

    t.clock.set('2026-12-01T12:00:00Z');
    const sam = await signedIn('sam@example.nhs.uk');
    const history = `/patients/${p.patient.id}/questionnaires`;
    const enter = `${history}/${p.session.id}/gad7`;
    await sam.get(enter);
    expect((await sam.post(enter, answers('gad7', 7, '2'))).headers.location).toBe(
      `${history}?done=entered`,
    );
    const [row] = await responsesFor(p.session.id, 'gad7');
    expect(row).toMatchObject({
      enteredByRole: 'clinician',
      patientAnswers: { gad7_1: '2', gad7_2: '3' },
      patientSavedAt: new Date(MONDAY_NOON),
    });
    const page = textOf((await sam.get(history)).body);
    expect(page).toContain(
      'starting from 2 answers the patient saved on their own on Monday 30 November 2026 at midday.',
    );
    expect(page).toContain(
      'Question 2 changed in the session: the patient had answered ‘Nearly every day’, now ‘More than half the days’.',
    );
    expect(page).not.toContain('Question 1 changed');
    const [created] = await auditFor('measure_response.create', p.patient.id);
    expect(created!.details).toMatchObject({
      enteredByRole: 'clinician',
      answersSavedByPatient: 2,
    });

    // Answers the therapist enters with no patient draft say nothing of the patient.
    const q = await patientWithSession(samId);
    const fresh = `${history.replace(p.patient.id, q.patient.id)}/${q.session.id}/gad7`;
    await sam.get(fresh);
    await sam.post(fresh, answers('gad7', 7, '1'));
    expect((await responsesFor(q.session.id, 'gad7'))[0]!.patientAnswers).toBeNull();
  });

  it('raises an alert for a risk answer and shows the urgent help to go through', async () => {
    const p = await patientWithSession(samId);
    t.clock.set('2026-12-01T12:00:00Z');
    const sam = await signedIn('sam@example.nhs.uk');
    const enter = `/patients/${p.patient.id}/questionnaires/${p.session.id}/phq9`;
    await sam.get(enter);
    const saved = await sam.post(enter, { ...COMPLETE.phq9!, phq9_9: '3' });
    expect(saved.statusCode).toBe(303);
    const [alert] = await t.database.db
      .select()
      .from(riskAlerts)
      .where(eq(riskAlerts.patientId, p.patient.id));
    expect(alert).toMatchObject({ source: 'questionnaire', responsibleClinicianId: samId });
    expect(alert!.reason).toContain('in the session');
    expect(saved.headers.location).toBe(
      `/patients/${p.patient.id}/questionnaires/${p.session.id}/urgent-help?alert=${alert!.id}`,
    );
    const staffHelp = await sam.get(saved.headers.location as string);
    expect(staffHelp.body).toContain(
      `<a class="nhsuk-back-link" href="/patients/${p.patient.id}/questionnaires">`,
    );
    const page = textOf(staffHelp.body);
    expect(page).toContain('A risk alert has been raised');
    expect(page).toContain('Samaritans – call 116 123');
  });

  it('is only for staff who can see the patient', async () => {
    const p = await patientWithSession(samId);
    t.clock.set('2026-12-01T12:00:00Z');
    const tess = await signedIn('tess@example.nhs.uk');
    expect((await tess.get(`/patients/${p.patient.id}/questionnaires`)).statusCode).toBe(404);
    expect(
      (await tess.get(`/patients/${p.patient.id}/questionnaires/${p.session.id}/phq9`)).statusCode,
    ).toBe(404);
    // A session of another patient, under this patient's address.
    const other = await patientWithSession(samId);
    const sam = await signedIn('sam@example.nhs.uk');
    expect(
      (await sam.get(`/patients/${p.patient.id}/questionnaires/${other.session.id}/phq9`))
        .statusCode,
    ).toBe(404);
    expect(
      (await sam.get(`/patients/${p.patient.id}/questionnaires/${p.session.id}/peq_treatment`))
        .statusCode,
    ).toBe(404);
    const patient = await signedIn(p.email);
    expect((await patient.get(`/patients/${p.patient.id}/questionnaires`)).statusCode).toBe(403);
  });
});

describe('correcting answers', () => {
  it('keeps the original, needs a reason, shows both and is audited', async () => {
    const p = await patientWithSession(samId);
    t.clock.set(MONDAY_NOON);
    const c = await signedIn(p.email);
    await c.get(`/questionnaires/${p.session.id}/phq9`);
    await c.post(`/questionnaires/${p.session.id}/phq9`, COMPLETE.phq9!);
    const [original] = await responsesFor(p.session.id, 'phq9');

    t.clock.set('2026-12-01T12:00:00Z');
    const sam = await signedIn('sam@example.nhs.uk');
    const history = `/patients/${p.patient.id}/questionnaires`;
    const url = `${history}/responses/${original!.id}/correct`;
    expect((await sam.get(history)).body).toContain(`href="${url}"`);
    const form = await sam.get(url);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('id="phq9_1-2" type="radio" name="phq9_1" checked=""');

    const changed = { ...COMPLETE.phq9!, phq9_3: '3' };
    const noReason = await sam.post(url, changed);
    expect(noReason.statusCode).toBe(400);
    expect(textOf(noReason.body)).toContain('Enter why you are correcting these answers');
    expect(noReason.body).toContain('id="phq9_3-4" type="radio" name="phq9_3" checked=""');
    const unchanged = await sam.post(url, { ...COMPLETE.phq9!, reason: 'Checking' });
    expect(unchanged.statusCode).toBe(400);
    expect(textOf(unchanged.body)).toContain('Change at least one answer');

    const ok = await sam.post(url, {
      ...changed,
      reason: 'Patient said they meant "nearly every day" for sleep.',
    });
    expect(ok.statusCode).toBe(303);
    expect(ok.headers.location).toBe(`${history}?done=corrected`);

    const rows = await responsesFor(p.session.id, 'phq9');
    expect(rows).toHaveLength(2);
    const old = rows.find((r) => r.id === original!.id)!;
    const fresh = rows.find((r) => r.id !== original!.id)!;
    expect(old.supersededAt!.toISOString()).toBe('2026-12-01T12:00:00.000Z');
    expect(old.answers).toEqual(original!.answers);
    expect(fresh).toMatchObject({
      supersedesId: original!.id,
      supersededAt: null,
      correctionReason: 'Patient said they meant "nearly every day" for sleep.',
      enteredBy: samId,
      enteredByRole: 'clinician',
      appointmentId: p.session.id,
      courseId: p.course.id,
      total: 10,
    });
    expect(fresh.completedAt.toISOString()).toBe(original!.completedAt.toISOString());

    const page = textOf((await sam.get(`${history}?done=corrected`)).body);
    expect(page).toContain('Correction saved');
    expect(page).toContain('Score 10 (moderate)');
    expect(page).toContain(
      'Corrected by Sam Okafor (therapist) on Tuesday 1 December 2026 at midday',
    );
    expect(page).toContain('Reason for the correction: Patient said they meant "nearly every day"');
    expect(page).toContain('Earlier answers (1)');
    expect(page).toContain('Score 8 (mild)');
    expect(page).toContain('Answered by the patient before the session');
    expect(page).toContain('Replaced by a correction on Tuesday 1 December 2026 at midday');

    const audit = await auditFor('measure_response.correct', p.patient.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      recordId: fresh.id,
      userId: samId,
      reason: 'Patient said they meant "nearly every day" for sleep.',
    });
    expect(audit[0]!.details).toMatchObject({ supersedes: original!.id });

    // The replaced version cannot be corrected again.
    expect((await sam.get(url)).statusCode).toBe(303);
    const late = await sam.post(url, { ...changed, phq9_4: '0', reason: 'Another' });
    expect(late.statusCode).toBe(409);
    expect(textOf(late.body)).toContain('These answers have already been corrected');
    expect(await responsesFor(p.session.id, 'phq9')).toHaveLength(2);
  });

  it('raises an alert when a correction shows a risk answer', async () => {
    const p = await patientWithSession(samId);
    t.clock.set(MONDAY_NOON);
    const c = await signedIn(p.email);
    await c.get(`/questionnaires/${p.session.id}/phq9`);
    await c.post(`/questionnaires/${p.session.id}/phq9`, COMPLETE.phq9!);
    const [original] = await responsesFor(p.session.id, 'phq9');
    const sam = await signedIn('sam@example.nhs.uk');
    const url = `/patients/${p.patient.id}/questionnaires/responses/${original!.id}/correct`;
    await sam.get(url);
    const ok = await sam.post(url, {
      ...COMPLETE.phq9!,
      phq9_9: '1',
      reason: 'Told me in session.',
    });
    expect(ok.headers.location).toContain('/urgent-help?alert=');
    const alerts = await t.database.db
      .select()
      .from(riskAlerts)
      .where(eq(riskAlerts.patientId, p.patient.id));
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.reason).toContain('in a correction');
  });
});

describe('who can open a patient’s questionnaires', () => {
  it('answers 404 to another patient, and audits the attempt', async () => {
    const mine = await patientWithSession(samId);
    const theirs = await patientWithSession(joId);
    t.clock.set(MONDAY_NOON);
    const c = await signedIn(mine.email);
    const base = `/questionnaires/${theirs.session.id}`;
    expect((await c.get(base)).statusCode).toBe(404);
    expect((await c.get(`${base}/phq9`)).statusCode).toBe(404);
    expect((await c.get(`${base}/urgent-help`)).statusCode).toBe(404);
    await c.get(`/questionnaires/${mine.session.id}/phq9`);
    expect((await c.post(`${base}/phq9`, COMPLETE.phq9!)).statusCode).toBe(404);
    expect(await responsesFor(theirs.session.id)).toHaveLength(0);
    expect((await c.get('/questionnaires/not-a-uuid')).statusCode).toBe(404);
    expect((await c.get(`/questionnaires/${mine.session.id}/peq_treatment`)).statusCode).toBe(404);

    const denied = await t.database.db
      .select()
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.action, 'questionnaire.read'),
          eq(auditEvents.outcome, 'denied'),
          eq(auditEvents.patientId, theirs.patient.id),
        ),
      );
    expect(denied.length).toBe(4);

    const sam = await signedIn('sam@example.nhs.uk');
    expect((await sam.get(base)).statusCode).toBe(403);
  });
});

describe('back links (issue 9 item 12)', () => {
  it('has a back link on every page of the patient’s questions', async () => {
    const p = await patientWithSession(samId);
    t.clock.set(MONDAY_NOON);
    const c = await signedIn(p.email);
    const base = `/questionnaires/${p.session.id}`;
    const backTo = (html: string) =>
      /<a class="nhsuk-back-link" href="([^"]+)"/.exec(html)?.[1] ?? null;
    expect(backTo((await c.get(base)).body)).toBe('/home');
    expect(backTo((await c.get(`${base}/phq9`)).body)).toBe(base);
    await c.post(`${base}/phq9`, { ...COMPLETE.phq9!, phq9_9: '1' });
    expect(backTo((await c.get(`${base}/urgent-help`)).body)).toBe(base);
    for (const id of ['gad7', 'wsas', 'iapt_phobia']) {
      await c.get(`${base}/${id}`);
      await c.post(`${base}/${id}`, COMPLETE[id]!);
    }
    const done = await c.get(`${base}/done`);
    expect(textOf(done.body)).toContain('Thank you');
    expect(backTo(done.body)).toBe('/home');

    // Questions that are not open yet.
    const later = await patientWithSession(samId, '2026-12-20T10:00:00Z');
    const early = await signedIn(later.email);
    const closed = await early.get(`/questionnaires/${later.session.id}/phq9`);
    expect(textOf(closed.body)).toContain('not open yet');
    expect(backTo(closed.body)).toBe('/home');
  });
});
