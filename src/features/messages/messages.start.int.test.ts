import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import {
  auditEvents,
  messageThreads,
  outboxMessages,
  riskAlerts,
  therapistProfiles,
  threadMessages,
} from '../../db/schema';
import { TestClient, textOf } from '../../../tests/support/client';
import { insertPatient, insertTherapistProfile } from '../../../tests/support/fixtures';
import {
  createTestApp,
  createUser,
  TEST_PASSWORD,
  type TestApp,
} from '../../../tests/support/test-app';
import { escalateUnansweredQuestions } from './index';

/** A clinician writes to a patient first, from their record (H18). */
let t: TestApp;
let tess: { id: string };
let sam: { id: string };
let manager: { id: string };
let aliceRecord: { id: string };
let noAccountRecord: { id: string };
let noClinicianRecord: { id: string };
const SUBJECT = 'Bring your notebook';
const NOTE = 'Could you bring your notebook next week? We will look at the closeness circle.';

const START = '2026-11-25T10:00:00Z'; // a Wednesday

async function signedIn(email: string) {
  const client = new TestClient(t.app);
  expect((await client.signIn(email, TEST_PASSWORD)).statusCode).toBe(303);
  return client;
}

/** The form's one-time key, as a browser would send it back (ADR 0039). */
async function onceOf(client: TestClient, url: string): Promise<string> {
  const page = await client.get(url);
  expect(page.statusCode).toBe(200);
  const once = /name="_once" value="([^"]+)"/.exec(page.body)?.[1];
  if (!once) throw new Error(`${url} has no one-time key`);
  return once;
}

async function write(client: TestClient, patientId: string, subject: string, message = NOTE) {
  const once = await onceOf(client, `/patients/${patientId}/message`);
  const res = await client.post(`/patients/${patientId}/message`, {
    subject,
    message,
    _once: once,
  });
  expect(res.statusCode).toBe(303);
  const location = String(res.headers.location);
  // The writer lands on the conversation, with the way back to the record.
  const threadId = /^\/questions\/([0-9a-f-]{36})\?from=record$/.exec(location)?.[1];
  if (!threadId) throw new Error(`unexpected landing page ${location}`);
  return threadId;
}

/** The patient replies in the conversation. */
async function patientReplies(email: string, threadId: string, message: string) {
  const patient = await signedIn(email);
  await patient.get(`/messages/questions/${threadId}`);
  const res = await patient.post(`/messages/questions/${threadId}`, { message });
  expect(res.statusCode).toBe(303);
  return patient;
}

/** Who has been emailed that a reply in this conversation waits, one row per email. */
async function toldOfWaiting(threadId: string) {
  return (await t.database.db.select().from(outboxMessages)).filter(
    (m) => m.template === 'question-waiting' && m.body.includes(`/questions/${threadId}`),
  );
}

/** The home page's list of questions waiting more than a working day, as text. */
async function waitingOnHome(email: string) {
  const home = textOf((await (await signedIn(email)).get('/home')).body);
  const start = home.indexOf('Questions waiting for an answer');
  return start === -1 ? '' : home.slice(start, start + 2000);
}

const threadRow = async (id: string) =>
  (await t.database.db.select().from(messageThreads).where(eq(messageThreads.id, id)))[0]!;

/** The "new message" notices of the staff messages in a thread. */
async function noticesOf(threadId: string) {
  const messages = await t.database.db
    .select()
    .from(threadMessages)
    .where(eq(threadMessages.threadId, threadId));
  const keys = messages.map((m) => `question-reply:${m.id}:`);
  return (await t.database.db.select().from(outboxMessages)).filter((o) =>
    keys.some((k) => o.idempotencyKey.startsWith(k)),
  );
}

beforeAll(async () => {
  t = await createTestApp({ now: START });
  tess = await createUser(t, 'tess@example.nhs.uk', ['therapist'], 'Tess Therapist');
  // Tess is a trainee: Sam supervises her (and is not a therapist himself).
  sam = await createUser(t, 'sam@example.nhs.uk', ['supervisor'], 'Sam Supervisor');
  await insertTherapistProfile(t, tess.id, { supervisorId: sam.id });
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
  noAccountRecord = await insertPatient(t, {
    givenName: 'Nina',
    familyName: 'Noakes',
    responsibleClinicianId: tess.id,
    email: 'nina@example.com',
    allowEmail: true,
  });
  const pat = await createUser(t, 'pat@example.com', ['patient'], 'Pat');
  noClinicianRecord = await insertPatient(t, {
    givenName: 'Pat',
    familyName: 'Price',
    userId: pat.id,
    responsibleClinicianId: null,
    email: 'pat@example.com',
    allowEmail: true,
  });
});
afterAll(async () => t.close());

describe('a clinician writes to a patient first', () => {
  it('links from the record of a patient they may answer, and keeps the answers of an empty message', async () => {
    const tessClient = await signedIn('tess@example.nhs.uk');
    const record = await tessClient.get(`/patients/${aliceRecord.id}`);
    expect(record.body).toContain(`href="/patients/${aliceRecord.id}/message"`);
    expect(textOf(record.body)).toContain('Send Alice Ames a message');

    await tessClient.get(`/patients/${aliceRecord.id}/message`);
    const res = await tessClient.post(`/patients/${aliceRecord.id}/message`, {
      subject: 'Kept',
      message: '',
    });
    expect(res.statusCode).toBe(400);
    expect(textOf(res.body)).toContain('There is a problem');
    expect(textOf(res.body)).toContain('Enter your message');
    expect(res.body).toContain('value="Kept"');
    expect(
      await t.database.db
        .select()
        .from(messageThreads)
        .where(eq(messageThreads.patientId, aliceRecord.id)),
    ).toHaveLength(0);
    const reads = await t.database.db
      .select()
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.action, 'message.start_form'),
          eq(auditEvents.patientId, aliceRecord.id),
          eq(auditEvents.userId, tess.id),
        ),
      );
    expect(reads.length).toBeGreaterThan(0);
  });

  it('gives a stranger clinician 404, audited; a manager may write', async () => {
    const otto = await signedIn('otto@example.nhs.uk');
    expect((await otto.get(`/patients/${aliceRecord.id}/message`)).statusCode).toBe(404);
    await otto.get('/questions');
    const posted = await otto.post(`/patients/${aliceRecord.id}/message`, {
      subject: 'Hello',
      message: NOTE,
    });
    expect(posted.statusCode).toBe(404);
    expect(
      await t.database.db
        .select()
        .from(messageThreads)
        .where(eq(messageThreads.patientId, aliceRecord.id)),
    ).toHaveLength(0);
    const denied = await t.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.recordId, aliceRecord.id), eq(auditEvents.outcome, 'denied')));
    expect(denied.map((d) => d.action)).toEqual(expect.arrayContaining(['message.start_form']));
    // A manager may, as they may answer the patient's questions.
    const mia = await signedIn('mia@example.nhs.uk');
    expect((await mia.get(`/patients/${aliceRecord.id}`)).body).toContain(
      `href="/patients/${aliceRecord.id}/message"`,
    );
    expect((await mia.get(`/patients/${aliceRecord.id}/message`)).statusCode).toBe(200);
  });

  it('makes one thread the patient sees and replies to; it waits on staff only after the reply', async () => {
    t.clock.set('2026-11-25T10:00:00Z');
    const tessClient = await signedIn('tess@example.nhs.uk');
    const once = await onceOf(tessClient, `/patients/${aliceRecord.id}/message`);
    const form = { subject: SUBJECT, message: NOTE, _once: once };
    // Pressed twice: one thread, one notice per channel, the second press where the first went.
    const first = await tessClient.post(`/patients/${aliceRecord.id}/message`, form);
    const second = await tessClient.post(`/patients/${aliceRecord.id}/message`, form);
    expect(first.statusCode).toBe(303);
    expect(second.statusCode).toBe(303);
    expect(second.headers.location).toBe(first.headers.location);
    const threads = await t.database.db
      .select()
      .from(messageThreads)
      .where(eq(messageThreads.patientId, aliceRecord.id));
    expect(threads).toHaveLength(1);
    const threadId = threads[0]!.id;
    expect(first.headers.location).toBe(`/questions/${threadId}?from=record`);
    expect(threads[0]).toMatchObject({
      startedBy: 'staff',
      startedByUserId: tess.id,
      addressedTo: 'therapist',
      therapistId: tess.id,
      waitingSince: null,
      escalatedAt: null,
      patientReadAt: null,
    });

    // The patient hears as when we answer a question: once per channel, no words of it.
    const notices = await noticesOf(threadId);
    expect(notices.map((n) => n.channel).sort()).toEqual(['email', 'sms']);
    for (const n of notices) {
      expect(n.template).toBe('new-message');
      expect(n.patientId).toBe(aliceRecord.id);
      expect(`${n.subject ?? ''} ${n.body}`).not.toMatch(/notebook|Bring|closeness/);
      expect(n.body).toContain('/messages');
    }
    const started = await t.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'message.start'), eq(auditEvents.recordId, threadId)));
    expect(started).toHaveLength(1);
    expect(started[0]).toMatchObject({ userId: tess.id, patientId: aliceRecord.id });

    // Staff see what they sent; it is not waiting on anyone.
    const staffPage = textOf((await tessClient.get(`/questions/${threadId}`)).body);
    expect(staffPage).toContain(NOTE);
    expect(staffPage).toContain('A message we sent to Alice Ames');
    expect(staffPage).toContain('Send reply');
    const list = textOf((await tessClient.get('/questions')).body);
    expect(list).toContain('No questions are waiting for an answer');
    expect(list).toContain(`${SUBJECT} Sent by us`);

    // Days later, unreplied: not on the home page, never escalated.
    t.clock.set('2026-12-01T11:00:00Z'); // the following Tuesday, over 2 working days
    const links = { publicUrl: t.config.publicUrl };
    expect(
      (await escalateUnansweredQuestions(t.database.db, t.clock, links)).map((e) => e.threadId),
    ).not.toContain(threadId);
    const home = textOf((await (await signedIn('tess@example.nhs.uk')).get('/home')).body);
    expect(home).not.toContain('Questions waiting for an answer');
    expect(home).not.toContain(SUBJECT);
    expect((await threadRow(threadId)).escalatedAt).toBeNull();

    // The patient sees it among their questions, as new, and reads it.
    const alice = await signedIn('alice@example.com');
    const inbox = textOf((await alice.get('/messages')).body);
    expect(inbox).toContain(`${SUBJECT} New message`);
    expect(inbox).toContain('A message from us');
    const conversation = textOf((await alice.get(`/messages/questions/${threadId}`)).body);
    expect(conversation).toContain(NOTE);
    expect(conversation).toContain('Tess Therapist (your therapist)');
    expect(conversation).toContain('A message from us. You can reply to it below.');
    expect(textOf((await alice.get('/messages')).body)).not.toContain('New message');

    // Their reply waits on their therapist, who is told once, with no words of it.
    t.clock.set('2026-12-01T12:00:00Z');
    const aliceLater = await signedIn('alice@example.com');
    await aliceLater.get(`/messages/questions/${threadId}`);
    const replied = await aliceLater.post(`/messages/questions/${threadId}`, {
      message: 'Yes, I will bring it.',
    });
    expect(replied.statusCode).toBe(303);
    expect((await threadRow(threadId)).waitingSince).toEqual(new Date('2026-12-01T12:00:00Z'));
    const toTess = (await t.database.db.select().from(outboxMessages)).filter(
      (m) => m.template === 'question-waiting' && m.body.includes(threadId),
    );
    expect(toTess.map((m) => m.recipient)).toEqual(['tess@example.nhs.uk']);
    expect(toTess[0]!.body).not.toContain('bring it');
    expect(textOf((await aliceLater.get(`/messages/questions/${threadId}`)).body)).toContain(
      'We have not answered yet',
    );

    // Then the usual rule: over a working day it shows on the therapist's home.
    t.clock.set('2026-12-02T12:00:00Z');
    const later = textOf((await (await signedIn('tess@example.nhs.uk')).get('/home')).body);
    expect(later).toContain('Questions waiting for an answer');
    expect(later).toContain(SUBJECT);
    t.clock.set('2026-12-03T12:00:00Z');
    expect(
      (await escalateUnansweredQuestions(t.database.db, t.clock, links)).map((e) => e.threadId),
    ).toContain(threadId);
  });

  it('does not screen what staff write, but does the patient’s reply', async () => {
    t.clock.set('2026-12-07T10:00:00Z'); // a Monday
    const alerts = async () =>
      t.database.db.select().from(riskAlerts).where(eq(riskAlerts.patientId, aliceRecord.id));
    const before = (await alerts()).length;
    const tessClient = await signedIn('tess@example.nhs.uk');
    const threadId = await write(
      tessClient,
      aliceRecord.id,
      'After Thursday',
      'You said you wanted to end it all last week. How are you now?',
    );
    expect(await alerts()).toHaveLength(before);
    const alice = await signedIn('alice@example.com');
    await alice.get(`/messages/questions/${threadId}`);
    await alice.post(`/messages/questions/${threadId}`, { message: 'I want to die.' });
    expect((await alerts()).slice(before)).toHaveLength(1);
  });

  it('tells a patient who cannot sign in to contact us, as an answer does, and invites nobody', async () => {
    const before = (await t.database.db.select().from(outboxMessages)).filter(
      (m) => m.patientId === noAccountRecord.id,
    ).length;
    const tessClient = await signedIn('tess@example.nhs.uk');
    const page = textOf((await tessClient.get(`/patients/${noAccountRecord.id}/message`)).body);
    expect(page).toContain('Nina Noakes cannot sign in yet');
    const threadId = await write(tessClient, noAccountRecord.id, 'Your appointment');
    const notices = await noticesOf(threadId);
    expect(notices.map((n) => n.channel)).toEqual(['email']);
    expect(notices[0]!.body).toContain('To read it you need an account with us');
    const sent = (await t.database.db.select().from(outboxMessages)).filter(
      (m) => m.patientId === noAccountRecord.id,
    );
    expect(sent.length - before).toBe(1);
  });
});

describe('the reply to a conversation someone other than the clinician started (H18)', () => {
  const links = () => ({ publicUrl: t.config.publicUrl });

  it('tells the manager who wrote and shows it on their home as on the clinician’s, until someone answers', async () => {
    t.clock.set('2026-12-14T10:00:00Z'); // a Monday
    const subject = 'From the service manager';
    const threadId = await write(await signedIn('mia@example.nhs.uk'), aliceRecord.id, subject);
    expect((await threadRow(threadId)).startedByUserId).toBe(manager.id);

    t.clock.set('2026-12-14T11:00:00Z');
    await patientReplies('alice@example.com', threadId, 'Thank you, that helps a lot.');
    t.clock.set('2026-12-14T11:30:00Z');
    await patientReplies('alice@example.com', threadId, 'One more thing about my sister.');
    // Each is told once for the wait, with no name and no words of it.
    const told = await toldOfWaiting(threadId);
    expect(told.map((m) => m.recipient).sort()).toEqual([
      'mia@example.nhs.uk',
      'tess@example.nhs.uk',
    ]);
    for (const m of told) {
      expect(`${m.subject ?? ''} ${m.body}`).not.toMatch(/Alice|Ames|sister|helps|service manager/);
      expect(m.body).toContain(`/questions/${threadId}`);
    }
    expect(
      (await (await signedIn('mia@example.nhs.uk')).get(`/questions/${threadId}`)).statusCode,
    ).toBe(200);

    // Over a working day: on the writer's home page, and on the clinician's.
    t.clock.set('2026-12-15T12:00:00Z');
    expect(await waitingOnHome('mia@example.nhs.uk')).toContain(subject);
    expect(await waitingOnHome('tess@example.nhs.uk')).toContain(subject);

    // The escalation rule is as it was: two working days, to the service.
    t.clock.set('2026-12-16T12:00:00Z');
    expect(
      (await escalateUnansweredQuestions(t.database.db, t.clock, links())).map((e) => e.threadId),
    ).toContain(threadId);

    // Once the clinician answers, it waits on nobody: off both home pages.
    const tessClient = await signedIn('tess@example.nhs.uk');
    await tessClient.get(`/questions/${threadId}`);
    const answered = await tessClient.post(`/questions/${threadId}`, { message: 'Thank you.' });
    expect(answered.statusCode).toBe(303);
    expect(await waitingOnHome('mia@example.nhs.uk')).not.toContain(subject);
    expect(await waitingOnHome('tess@example.nhs.uk')).not.toContain(subject);
  });

  it('tells a supervisor who wrote while they supervise the clinician; once they stop, neither tells nor lets them in', async () => {
    t.clock.set('2026-12-17T10:00:00Z'); // a Thursday
    const subject = 'From your therapist’s supervisor';
    const threadId = await write(await signedIn('sam@example.nhs.uk'), aliceRecord.id, subject);
    expect((await threadRow(threadId)).startedByUserId).toBe(sam.id);

    t.clock.set('2026-12-17T11:00:00Z');
    await patientReplies('alice@example.com', threadId, 'Thank you for writing.');
    expect((await toldOfWaiting(threadId)).map((m) => m.recipient).sort()).toEqual([
      'sam@example.nhs.uk',
      'tess@example.nhs.uk',
    ]);
    t.clock.set('2026-12-18T12:00:00Z');
    expect(await waitingOnHome('sam@example.nhs.uk')).toContain(subject);

    // Tess answers; then Sam stops supervising her, and Alice writes again.
    const tessClient = await signedIn('tess@example.nhs.uk');
    await tessClient.get(`/questions/${threadId}`);
    await tessClient.post(`/questions/${threadId}`, { message: 'Thank you.' });
    const supervision = and(
      eq(therapistProfiles.serviceId, t.service.id),
      eq(therapistProfiles.userId, tess.id),
    );
    await t.database.db.update(therapistProfiles).set({ supervisorId: null }).where(supervision);
    try {
      t.clock.set('2026-12-18T13:00:00Z');
      await patientReplies('alice@example.com', threadId, 'Can we talk about Monday?');
      // Only Tess hears of this wait: Sam may not open it any more (404), so is not told of it.
      expect((await toldOfWaiting(threadId)).map((m) => m.recipient).sort()).toEqual([
        'sam@example.nhs.uk',
        'tess@example.nhs.uk',
        'tess@example.nhs.uk',
      ]);
      expect(
        (await (await signedIn('sam@example.nhs.uk')).get(`/questions/${threadId}`)).statusCode,
      ).toBe(404);
      t.clock.set('2026-12-21T14:00:00Z'); // the Monday after, over a working day
      expect(await waitingOnHome('sam@example.nhs.uk')).not.toContain(subject);
      expect(await waitingOnHome('tess@example.nhs.uk')).toContain(subject);
    } finally {
      await t.database.db
        .update(therapistProfiles)
        .set({ supervisorId: sam.id })
        .where(supervision);
    }
  });

  it('from a manager to a patient with no clinician: the reply is the service’s, and their page names no clinician', async () => {
    t.clock.set('2026-12-22T10:00:00Z'); // a Tuesday
    const mia = await signedIn('mia@example.nhs.uk');
    const threadId = await write(mia, noClinicianRecord.id, 'A note from the team');
    expect(await threadRow(threadId)).toMatchObject({
      addressedTo: 'service',
      therapistId: null,
      startedByUserId: manager.id,
    });
    const staffPage = textOf((await mia.get(`/questions/${threadId}?from=record`)).body);
    expect(staffPage).toContain('A message we sent to Pat Price');
    expect(staffPage).toContain('their replies go to the service.');

    const pat = await signedIn('pat@example.com');
    expect(textOf((await pat.get('/messages')).body)).toContain('A message from us');
    const page = textOf((await pat.get(`/messages/questions/${threadId}`)).body);
    expect(page).toContain('Mia Manager (from the service)');
    expect(page).not.toMatch(/your therapist|clinician/i);

    // Words of crisis: the page says who has been told, truly.
    t.clock.set('2026-12-22T11:00:00Z');
    const replied = await patientReplies('pat@example.com', threadId, 'I want to die.');
    const after = textOf((await replied.get(`/messages/questions/${threadId}`)).body);
    expect(after).toContain('Please do not wait for our answer');
    expect(after).toContain('We have told the service');
    expect(after).not.toMatch(/your therapist|clinician/i);
    // The manager who wrote hears of the reply (nobody else is the patient's clinician to).
    expect((await toldOfWaiting(threadId)).map((m) => m.recipient)).toEqual(['mia@example.nhs.uk']);
  });
});

describe('where staff land after writing to a patient', () => {
  it('lands on the conversation, after the first message and after each reply, with the way back to the record', async () => {
    t.clock.set('2026-12-22T12:00:00Z');
    const tessClient = await signedIn('tess@example.nhs.uk');
    const threadId = await write(tessClient, aliceRecord.id, 'Your next session');
    const backToRecord = `<a class="nhsuk-back-link" href="/patients/${aliceRecord.id}">`;
    const landed = await tessClient.get(`/questions/${threadId}?from=record`);
    expect(landed.body).toContain(backToRecord);
    expect(textOf(landed.body)).toContain('Back to Alice Ames’s record');
    expect(landed.body).toContain(`action="/questions/${threadId}?from=record"`);

    const replied = await tessClient.post(`/questions/${threadId}?from=record`, {
      message: 'See you on Thursday at 2pm.',
    });
    expect(replied.statusCode).toBe(303);
    expect(replied.headers.location).toBe(`/questions/${threadId}?from=record`);
    const again = await tessClient.get(String(replied.headers.location));
    expect(textOf(again.body)).toContain('See you on Thursday at 2pm.');
    expect(again.body).toContain(backToRecord);

    // Opened from the list (or with anything else asked), it goes back to the list as before.
    for (const url of [`/questions/${threadId}`, `/questions/${threadId}?from=elsewhere`]) {
      const page = await tessClient.get(url);
      expect(page.body).toContain('<a class="nhsuk-back-link" href="/questions">');
      expect(page.body).not.toContain(backToRecord);
    }
  });

  it('lists, and so audits, only the questions a supervisor’s home shows, not every one they may answer', async () => {
    t.clock.set('2027-01-06T10:00:00Z'); // a Wednesday
    const zoeUser = await createUser(t, 'zoe@example.com', ['patient'], 'Zoe');
    const zoe = await insertPatient(t, {
      givenName: 'Zoe',
      familyName: 'Zeal',
      userId: zoeUser.id,
      responsibleClinicianId: tess.id,
    });
    const zoeClient = await signedIn('zoe@example.com');
    await zoeClient.get('/messages/ask');
    const asked = await zoeClient.post('/messages/ask', {
      to: 'therapist',
      subject: 'A question for Tess',
      message: 'Could we move to the afternoon?',
    });
    expect(asked.statusCode).toBe(303);
    const listedBySam = async () =>
      (
        await t.database.db
          .select()
          .from(auditEvents)
          .where(
            and(
              eq(auditEvents.action, 'message.list_questions'),
              eq(auditEvents.patientId, zoe.id),
              eq(auditEvents.userId, sam.id),
            ),
          )
      ).length;
    // Over a working day: it is on Tess's home. Sam may answer it (he supervises her) but did
    // not write it, so his home does not show it, and Zoe is not told he looked.
    t.clock.set('2027-01-07T11:00:00Z');
    expect(await waitingOnHome('tess@example.nhs.uk')).toContain('A question for Tess');
    expect(await waitingOnHome('sam@example.nhs.uk')).not.toContain('A question for Tess');
    expect(await listedBySam()).toBe(0);
    // Where he does see it, on the list of questions he may answer, the look is audited.
    await (await signedIn('sam@example.nhs.uk')).get('/questions');
    expect(await listedBySam()).toBe(1);
  });
});
