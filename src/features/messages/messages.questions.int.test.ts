import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import {
  auditEvents,
  messageThreads,
  outboxMessages,
  referrals,
  riskAlerts,
  services,
  treatmentCourses,
} from '../../db/schema';
import { TestClient, textOf } from '../../../tests/support/client';
import { insertCourse, insertPatient, insertReferral } from '../../../tests/support/fixtures';
import {
  createTestApp,
  createUser,
  TEST_PASSWORD,
  type TestApp,
} from '../../../tests/support/test-app';
import { escalateUnansweredQuestions } from './index';

let t: TestApp;
let tess: { id: string };
let manager: { id: string };
let aliceRecord: { id: string };
const QUESTION = 'I have been feeling worse since our last session about my mother.';
const ANSWER = 'Thank you for telling me. Let us talk about your mother on Thursday.';

const START = '2026-11-25T10:00:00Z'; // a Wednesday

async function signedIn(email: string) {
  const client = new TestClient(t.app);
  const res = await client.signIn(email, TEST_PASSWORD);
  expect(res.statusCode).toBe(303);
  return client;
}

async function ask(client: TestClient, to: string, subject: string) {
  await client.get('/messages/ask');
  const res = await client.post('/messages/ask', { to, subject, message: QUESTION });
  expect(res.statusCode).toBe(303);
  const location = String(res.headers.location);
  expect(location).toMatch(/^\/messages\/questions\/[0-9a-f-]{36}$/);
  return location.split('/').pop()!;
}

const outboxFor = async (template: string) =>
  (await t.database.db.select().from(outboxMessages)).filter((m) => m.template === template);

beforeAll(async () => {
  t = await createTestApp({ now: START });
  tess = await createUser(t, 'tess@example.nhs.uk', ['therapist'], 'Tess Therapist');
  await createUser(t, 'otto@example.nhs.uk', ['therapist'], 'Otto Other');
  manager = await createUser(t, 'mia@example.nhs.uk', ['service_manager'], 'Mia Manager');
  const alice = await createUser(t, 'alice@example.com', ['patient'], 'Alice');
  aliceRecord = await insertPatient(t, {
    givenName: 'Alice',
    familyName: 'Ames',
    userId: alice.id,
    responsibleClinicianId: tess.id,
    email: 'alice@example.com',
    mobile: '07700900001',
    allowEmail: true,
    allowSms: true,
  });
  const bob = await createUser(t, 'bob@example.com', ['patient'], 'Bob');
  await insertPatient(t, { givenName: 'Bob', userId: bob.id });
});
afterAll(async () => t.close());

describe('a patient asks a question and gets an answer', () => {
  it('says messages are not for emergencies, with the urgent-help links', async () => {
    const alice = await signedIn('alice@example.com');
    const page = textOf((await alice.get('/messages/ask')).body);
    expect(page).toContain('Messages are not for emergencies');
    expect(page).toContain(
      'We read messages in working hours, between 9am and 5pm, Monday to Friday',
    );
    // The service's own hours, once a manager sets them.
    await t.database.db
      .update(services)
      .set({
        officeHours: { days: [1, 2, 3, 4], opens: '08:00', closes: '16:30', extraClosures: [] },
      })
      .where(eq(services.id, t.service.id));
    try {
      expect(textOf((await alice.get('/messages/ask')).body)).toContain(
        'between 8am and 4:30pm, Monday to Thursday',
      );
    } finally {
      await t.database.db
        .update(services)
        .set({
          officeHours: {
            days: [1, 2, 3, 4, 5],
            opens: '09:00',
            closes: '17:00',
            extraClosures: [],
          },
        })
        .where(eq(services.id, t.service.id));
    }
    expect(page).toContain('116 123');
    expect(page).toContain('NHS 111');
    expect((await alice.get('/messages/ask')).body).toContain('href="/urgent-help"');
  });

  it('keeps the answers of a form with problems and says what is wrong', async () => {
    const alice = await signedIn('alice@example.com');
    await alice.get('/messages/ask');
    const res = await alice.post('/messages/ask', {
      to: 'therapist',
      subject: 'Kept',
      message: '',
    });
    expect(res.statusCode).toBe(400);
    expect(textOf(res.body)).toContain('Enter your message');
    expect(res.body).toContain('value="Kept"');
  });

  it('goes to the therapist, who answers; emails and texts carry no words of either', async () => {
    const alice = await signedIn('alice@example.com');
    const threadId = await ask(alice, 'therapist', 'Since last session');
    const [toTess] = await outboxFor('question-waiting');
    expect(toTess!.recipient).toBe('tess@example.nhs.uk');
    expect(toTess!.body).not.toContain('mother');
    expect(toTess!.body).not.toContain('Alice');
    expect(toTess!.body).toContain(`/questions/${threadId}`);

    const tessClient = await signedIn('tess@example.nhs.uk');
    const list = textOf((await tessClient.get('/questions')).body);
    expect(list).toContain('Since last session');
    expect(list).toContain('Alice Ames');
    const open = await tessClient.get(`/questions/${threadId}`);
    expect(open.statusCode).toBe(200);
    expect(textOf(open.body)).toContain(QUESTION);
    expect(textOf(open.body)).toContain('Your answer');
    const answered = await tessClient.post(`/questions/${threadId}`, { message: ANSWER });
    expect(answered.statusCode).toBe(303);
    // Once answered, what staff write next is a reply in the conversation (walk 6).
    const again = textOf((await tessClient.get(`/questions/${threadId}`)).body);
    expect(again).toContain('Your reply');
    expect(again).toContain('Send reply');

    const [thread] = await t.database.db
      .select()
      .from(messageThreads)
      .where(eq(messageThreads.id, threadId));
    expect(thread!.waitingSince).toBeNull();
    const notices = (await outboxFor('new-message')).filter((m) => m.patientId === aliceRecord.id);
    expect(notices.map((m) => m.channel).sort()).toEqual(['email', 'sms']);
    for (const n of notices) {
      expect(`${n.subject ?? ''} ${n.body}`).not.toContain('mother');
      expect(n.body).toContain('/messages');
    }

    const inbox = textOf((await alice.get('/messages')).body);
    expect(inbox).toContain('Since last session New reply');
    const conversation = textOf((await alice.get(`/messages/questions/${threadId}`)).body);
    expect(conversation).toContain(ANSWER);
    // Their own therapist answered: said so, rather than "from the service" (walk 9).
    expect(conversation).toContain('Tess Therapist (your therapist)');
    expect(textOf((await alice.get('/messages')).body)).not.toContain('New reply');

    const reads = await t.database.db
      .select()
      .from(auditEvents)
      .where(
        and(eq(auditEvents.action, 'message.read_thread'), eq(auditEvents.recordId, threadId)),
      );
    expect(reads.filter((r) => r.userId === tess.id).length).toBeGreaterThan(0);
  });

  it('keeps line breaks without inline styles; links to the service only in staff answers', async () => {
    const alice = await signedIn('alice@example.com');
    await alice.get('/messages/ask');
    const asked = await alice.post('/messages/ask', {
      to: 'therapist',
      subject: 'Which sheet?',
      message: 'Is it the one at /notebook?\nOr https://evil.example/sheet',
    });
    expect(asked.statusCode).toBe(303);
    const threadId = String(asked.headers.location).split('/').pop()!;
    const tessClient = await signedIn('tess@example.nhs.uk');
    await tessClient.get(`/questions/${threadId}`);
    const site = t.config.publicUrl;
    const answered = await tessClient.post(`/questions/${threadId}`, {
      message: `It is this one:\n${site}/notebook/sheets/1.`,
    });
    expect(answered.statusCode).toBe(303);

    for (const page of [
      await alice.get(`/messages/questions/${threadId}`),
      await tessClient.get(`/questions/${threadId}`),
    ]) {
      expect(page.statusCode).toBe(200);
      expect(page.body).not.toContain('style=');
      expect(page.body).toContain(
        '<p class="rapport-pre-wrap">Is it the one at /notebook?\nOr https://evil.example/sheet</p>',
      );
      expect(page.body).toContain(
        `<p class="rapport-pre-wrap">It is this one:\n<a href="${site}/notebook/sheets/1">${site}/notebook/sheets/1</a>.</p>`,
      );
    }
  });

  it('answers 404 to another patient and to a therapist it is not for', async () => {
    const alice = await signedIn('alice@example.com');
    const threadId = await ask(alice, 'therapist', 'Private question');
    const bob = await signedIn('bob@example.com');
    expect((await bob.get(`/messages/questions/${threadId}`)).statusCode).toBe(404);
    await bob.get('/messages');
    expect(
      (await bob.post(`/messages/questions/${threadId}`, { message: 'hello' })).statusCode,
    ).toBe(404);
    expect(textOf((await bob.get('/messages')).body)).not.toContain('Private question');
    const otto = await signedIn('otto@example.nhs.uk');
    expect((await otto.get(`/questions/${threadId}`)).statusCode).toBe(404);
    expect(textOf((await otto.get('/questions')).body)).not.toContain('Private question');
    const denied = await t.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.recordId, threadId), eq(auditEvents.outcome, 'denied')));
    expect(denied.length).toBeGreaterThanOrEqual(3);
  });

  it('while waiting for IPT, sends a question to the service, not the clinician who assessed them', async () => {
    const dev = await createUser(t, 'dev@example.com', ['patient'], 'Dev');
    const record = await insertPatient(t, {
      givenName: 'Dev',
      familyName: 'Dale',
      userId: dev.id,
      // Set at the assessment: the assessor, who is not going to be their therapist.
      responsibleClinicianId: tess.id,
      email: 'dev@example.com',
    });
    const referral = await insertReferral(t, { patientId: record.id, status: 'ipt_waiting' });
    const client = await signedIn('dev@example.com');
    const waiting = await client.get('/messages/ask');
    expect(waiting.statusCode).toBe(200);
    expect(waiting.body).not.toContain('value="therapist"');
    expect(waiting.body).toContain('value="service"');
    const refused = await client.post('/messages/ask', {
      to: 'therapist',
      subject: 'When do I start?',
      message: QUESTION,
    });
    expect(refused.statusCode).toBe(400);
    // Once their course starts, their therapist is there to ask.
    await insertCourse(t, record.id, tess.id);
    await t.database.db
      .update(referrals)
      .set({ status: 'in_treatment' })
      .where(eq(referrals.id, referral.id));
    expect((await client.get('/messages/ask')).body).toContain('value="therapist"');
  });

  it('after discharge, sends a question to the service, not the therapist, and says why', async () => {
    const cara = await createUser(t, 'cara@example.com', ['patient'], 'Cara');
    const record = await insertPatient(t, {
      givenName: 'Cara',
      familyName: 'Cole',
      userId: cara.id,
      email: 'cara@example.com',
    });
    const referral = await insertReferral(t, { patientId: record.id, status: 'in_treatment' });
    const course = await insertCourse(t, record.id, tess.id);
    const client = await signedIn('cara@example.com');
    // In treatment: their therapist is there to ask.
    const during = await client.get('/messages/ask');
    expect(during.body).toContain('value="therapist"');
    expect(textOf(during.body)).not.toContain('Your treatment with us has ended');

    await t.database.db
      .update(treatmentCourses)
      .set({ status: 'ended', endedAt: t.clock.now() })
      .where(eq(treatmentCourses.id, course.id));
    await t.database.db
      .update(referrals)
      .set({ status: 'discharged' })
      .where(eq(referrals.id, referral.id));
    const after = await client.get('/messages/ask');
    expect(after.body).not.toContain('value="therapist"');
    expect(textOf(after.body)).toContain('Your treatment with us has ended');
    // A form from before the discharge asks again rather than reaching the former therapist.
    const stale = await client.post('/messages/ask', {
      to: 'therapist',
      subject: 'Still there?',
      message: QUESTION,
    });
    expect(stale.statusCode).toBe(400);
    const threadId = await ask(client, 'service', 'A question after we finished');
    const [thread] = await t.database.db
      .select()
      .from(messageThreads)
      .where(eq(messageThreads.id, threadId));
    expect(thread!.addressedTo).toBe('service');
    expect(thread!.therapistId).toBeNull();
  });
});

describe('unanswered questions (hazard H18)', () => {
  it('show on the therapist’s home after one working day and escalate after two', async () => {
    t.clock.set('2026-11-27T11:00:00Z'); // Friday
    const alice = await signedIn('alice@example.com');
    const threadId = await ask(alice, 'therapist', 'Weekend worry');
    const links = { publicUrl: t.config.publicUrl };

    // Saturday and Sunday do not count: Monday 10:59 is still within one working day.
    t.clock.set('2026-11-30T10:59:00Z');
    let tess = await signedIn('tess@example.nhs.uk');
    expect(textOf((await tess.get('/home')).body)).not.toContain('Weekend worry');
    expect(await escalateUnansweredQuestions(t.database.db, t.clock, links)).toEqual(
      expect.not.arrayContaining([expect.objectContaining({ threadId })]),
    );

    t.clock.set('2026-11-30T11:00:00Z');
    tess = await signedIn('tess@example.nhs.uk');
    const home = textOf((await tess.get('/home')).body);
    expect(home).toContain('Questions waiting for an answer');
    expect(home).toContain('Weekend worry');
    const otto = await signedIn('otto@example.nhs.uk');
    expect((await otto.get(`/questions/${threadId}`)).statusCode).toBe(404);

    // Tuesday 11:00: two working days. The service's managers hear, with no detail.
    t.clock.set('2026-12-01T11:00:00Z');
    const escalated = await escalateUnansweredQuestions(t.database.db, t.clock, links);
    expect(escalated).toEqual(
      expect.arrayContaining([{ threadId, serviceId: t.service.id, recipientIds: [manager.id] }]),
    );
    // Once only.
    expect(
      (await escalateUnansweredQuestions(t.database.db, t.clock, links)).map((e) => e.threadId),
    ).not.toContain(threadId);
    const emails = (await outboxFor('question-escalated')).filter((e) => e.body.includes(threadId));
    expect(emails.map((e) => e.recipient)).toEqual(['mia@example.nhs.uk']);
    expect(emails[0]!.body).not.toMatch(/Weekend|Alice|mother/);

    // Now it is the service's: any clinician may answer, and the manager sees it on their home.
    const mia = await signedIn('mia@example.nhs.uk');
    expect(textOf((await mia.get('/home')).body)).toContain('Weekend worry');
    const ottoNow = await signedIn('otto@example.nhs.uk');
    const page = await ottoNow.get(`/questions/${threadId}`);
    expect(page.statusCode).toBe(200);
    expect(textOf(page.body)).toContain('Escalated to the service');
    // Otto may answer it but may not open Alice's record, so it is not linked for him.
    expect(page.body).not.toContain('href="/patients/');
    expect((await ottoNow.post(`/questions/${threadId}`, { message: ANSWER })).statusCode).toBe(
      303,
    );
    const [thread] = await t.database.db
      .select()
      .from(messageThreads)
      .where(eq(messageThreads.id, threadId));
    expect(thread!.escalatedAt).toBeNull();
    expect(thread!.waitingSince).toBeNull();
  });

  it('raises a risk alert at once for words of crisis, not waiting for an answer (H18)', async () => {
    const alertsFor = async () =>
      t.database.db.select().from(riskAlerts).where(eq(riskAlerts.patientId, aliceRecord.id));
    const before = (await alertsFor()).length;
    const alice = await signedIn('alice@example.com');
    // An ordinary question raises nothing.
    await ask(alice, 'therapist', 'About Thursday');
    expect(await alertsFor()).toHaveLength(before);

    await alice.get('/messages/ask');
    const res = await alice.post('/messages/ask', {
      to: 'therapist',
      subject: 'Tonight',
      message: 'I feel like ending it all and I have a plan.',
    });
    expect(res.statusCode).toBe(303);
    const raised = (await alertsFor()).slice(before);
    expect(raised).toHaveLength(1);
    expect(raised[0]).toMatchObject({
      source: 'message',
      responsibleClinicianId: tess.id,
      actionedAt: null,
    });
    // The clinician is emailed about the alert (no words of the message), and sees it on /home.
    const emails = (await t.database.db.select().from(outboxMessages)).filter(
      (m) =>
        m.recipient === 'tess@example.nhs.uk' && m.body.includes(`/staff/risk/${raised[0]!.id}`),
    );
    expect(emails).toHaveLength(1);
    expect(emails[0]!.body).not.toContain('ending it all');
    const tessClient = await signedIn('tess@example.nhs.uk');
    expect((await tessClient.get('/home')).body).toContain(`/staff/risk/${raised[0]!.id}`);
    // The page after sending leads with where to get help now, not when we will answer.
    const after = await alice.get(String(res.headers.location));
    expect(after.body).toContain('href="/urgent-help"');
    expect(textOf(after.body)).toContain('Please do not wait for our answer');
    // The alert is ranked with thoughts of ending life, names the words and links to the message.
    expect(raised[0]!.reason).toBe('Used words of crisis in a message to us: “ending it all”');
    const alertPage = await tessClient.get(`/staff/risk/${raised[0]!.id}`);
    expect(textOf(alertPage.body)).toContain('How urgent: Thoughts of ending their life');
    const threadUrl = String(res.headers.location).replace('/messages/questions/', '/questions/');
    expect(alertPage.body).toContain(`href="${threadUrl}"`);
    // The question links to the record of the patient the clinician may open, and leads with
    // the open alert: answering the question does not close it (walk 6).
    const staffThread = await tessClient.get(threadUrl);
    expect(staffThread.body).toContain(`href="/patients/${aliceRecord.id}"`);
    expect(textOf(staffThread.body)).toContain('A risk alert is open');
    expect(staffThread.body).toContain(`href="/staff/risk/${raised[0]!.id}"`);
    // The list marks it and puts it first among those waiting (walk 7).
    const list = textOf((await tessClient.get('/questions')).body);
    expect(list).toContain('Tonight Risk alert open');
    expect(list).not.toContain('About Thursday Risk alert open');
    expect(list.indexOf('Tonight')).toBeLessThan(list.indexOf('About Thursday'));
    // An ordinary question's page does not.
    const questions = await alice.get('/messages');
    const ordinary = /href="(\/messages\/questions\/[0-9a-f-]{36})">About Thursday/.exec(
      questions.body,
    )?.[1];
    expect(textOf((await alice.get(ordinary!)).body)).not.toContain('Please do not wait');

    // A reply in the thread is checked too.
    const threadId = String(res.headers.location).split('/').pop()!;
    await alice.get(`/messages/questions/${threadId}`);
    await alice.post(`/messages/questions/${threadId}`, { message: 'I want to die.' });
    expect((await alertsFor()).slice(before)).toHaveLength(2);
    expect(textOf((await tessClient.get(threadUrl)).body)).toContain('2 risk alerts are open');
    const ordinaryStaff = ordinary!.replace('/messages/questions/', '/questions/');
    expect(textOf((await tessClient.get(ordinaryStaff)).body)).not.toContain('risk alert');

    // Once acted on, the page says what was done instead.
    await t.database.db
      .update(riskAlerts)
      .set({ actionedAt: t.clock.now(), actionedBy: tess.id, actionTaken: 'Phoned Alice; safe.' })
      .where(eq(riskAlerts.id, raised[0]!.id));
    const later = textOf((await tessClient.get(threadUrl)).body);
    expect(later).toContain('A risk alert is open');
    expect(later).toContain('was closed on');
    expect(later).toContain('What was done: Phoned Alice; safe.');
  });
});
