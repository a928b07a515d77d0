import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { auditEvents, noOtherSessionDecisions, treatmentCourses } from '../../db/schema';
import { TestClient, textOf } from '../../../tests/support/client';
import { createTestApp, TEST_PASSWORD, type TestApp } from '../../../tests/support/test-app';
import {
  bookingForm,
  insertWaitingPatient,
  seedDiaryWorld,
  startCourse,
  type DiaryWorld,
} from '../../../tests/fixtures/diary-world';

// H29: a session the patient cancels themselves is listed for their therapist to offer another,
// until one is booked or the course ends; the patient is told that is what happens.

let t: TestApp;
let w: DiaryWorld;
let course: string;

const HEADING = 'Cancelled by the patient: offer another session';

async function signedIn(email: string) {
  const c = new TestClient(t.app);
  expect((await c.signIn(email, TEST_PASSWORD)).statusCode).toBe(303);
  return c;
}

async function bookAs(email: string, form: Record<string, string>) {
  const c = await signedIn(email);
  await c.get(
    form.courseId ? `/diary/book?course=${form.courseId}` : `/diary/book?patient=${form.patientId}`,
  );
  const res = await c.post('/diary/book', form);
  expect(res.statusCode).toBe(303);
  return /\/diary\/appointments\/([0-9a-f-]{36})/.exec(String(res.headers.location))![1]!;
}

const taylorsSession = (day: string) =>
  bookingForm({
    patientId: w.taylor.patientId,
    courseId: course,
    therapistId: w.samId,
    'date-day': day,
  });

async function taylorCancels(appointmentId: string, reason: string) {
  const taylor = await signedIn('taylor@example.com');
  await taylor.get(`/appointments/${appointmentId}/cancel`);
  const res = await taylor.post(`/appointments/${appointmentId}/cancel`, { reason });
  expect(res.statusCode).toBe(303);
  return { taylor, location: String(res.headers.location) };
}

beforeAll(async () => {
  t = await createTestApp();
  w = await seedDiaryWorld(t);
  course = await startCourse(t, w.taylor.patientId, w.samId, 16);
});
afterAll(async () => t.close());

describe('a session the patient cancels (H29)', () => {
  it('is listed for their therapist with the reason, not for another, until another is booked', async () => {
    const first = await bookAs('sam@example.nhs.uk', taylorsSession('2'));
    t.clock.advanceMinutes(5);
    const { taylor, location } = await taylorCancels(first, 'My mum is unwell this week');

    // The patient is told what happens next.
    expect(location).toBe('/appointments?done=cancelled-offer');
    const list = textOf((await taylor.get(location)).body);
    expect(list).toContain(
      'Your appointment has been cancelled. We have sent you a confirmation. Your therapist will be in touch to offer you another time.',
    );

    // Their therapist sees it on the diary, with the name, date, reason and a way to book.
    const sam = await signedIn('sam@example.nhs.uk');
    const diary = await sam.get('/diary');
    const text = textOf(diary.body);
    expect(text).toContain(HEADING);
    expect(text).toContain('Book another session for Taylor Green');
    expect(text).toContain('Wednesday 2 December 2026 at 10am');
    expect(text).toContain('My mum is unwell this week');
    expect(diary.body).toContain(`href="/diary/book?course=${course}&amp;type=ipt_session"`);
    // Seeing them is audited, in plain words, against the patient and the session.
    const seen = await t.database.db
      .select()
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.action, 'appointment.patient_cancelled_list'),
          eq(auditEvents.recordId, first),
        ),
      );
    expect(seen.length).toBeGreaterThan(0);
    expect(seen[0]!.patientId).toBe(w.taylor.patientId);

    // Another therapist does not see it.
    const alex = await signedIn('alex@example.nhs.uk');
    expect(textOf((await alex.get('/diary')).body)).not.toContain(HEADING);

    // Booked since the cancellation: it leaves the list.
    t.clock.advanceMinutes(5);
    await bookAs('sam@example.nhs.uk', taylorsSession('9'));
    expect(textOf((await sam.get('/diary')).body)).not.toContain(HEADING);
  });

  it('leaves the list when the course ends', async () => {
    t.clock.advanceMinutes(5);
    const another = await bookAs('sam@example.nhs.uk', taylorsSession('16'));
    t.clock.advanceMinutes(5);
    await taylorCancels(another, 'Work has changed my shifts');
    const sam = await signedIn('sam@example.nhs.uk');
    expect(textOf((await sam.get('/diary')).body)).toContain('Work has changed my shifts');
    await t.database.db
      .update(treatmentCourses)
      .set({ status: 'ended', endedAt: t.clock.now() })
      .where(and(eq(treatmentCourses.serviceId, t.service.id), eq(treatmentCourses.id, course)));
    expect(textOf((await sam.get('/diary')).body)).not.toContain(HEADING);
  });

  it('an assessment the patient cancels says we will arrange another; it is not on the list', async () => {
    const assessment = await bookAs(
      'manager@example.nhs.uk',
      bookingForm({
        patientId: w.robin.patientId,
        type: 'assessment',
        therapistId: w.alexId,
        duration: '60',
        'date-day': '3',
      }),
    );
    const robin = await signedIn('robin@example.com');
    await robin.get(`/appointments/${assessment}/cancel`);
    const res = await robin.post(`/appointments/${assessment}/cancel`, { reason: 'I am away' });
    expect(res.headers.location).toBe('/appointments?done=cancelled-assessment');
    expect(textOf((await robin.get(String(res.headers.location))).body)).toContain(
      'We will be in touch to arrange another time for your assessment.',
    );
    const alex = await signedIn('alex@example.nhs.uk');
    expect(textOf((await alex.get('/diary')).body)).not.toContain(HEADING);
  });
});

// H29: a session that needs no other (the patient does not want one, the course is ending) can
// be taken off the list with a reason, kept with who said so; otherwise the list never empties.
describe('no other session needed (H29)', () => {
  let jamie: { patientId: string; userId: string };
  let jamiesCourse: string;
  const onceOf = (body: string) => /name="_once" value="([^"]+)"/.exec(body)?.[1] ?? '';

  beforeAll(async () => {
    jamie = await insertWaitingPatient(t, {
      givenName: 'Jamie',
      familyName: 'Lee',
      email: 'jamie@example.com',
      mobile: null,
      allowEmail: true,
      allowSms: false,
    });
    // A trainee's course: their supervisor may see (and act on) the trainee's diary too.
    jamiesCourse = await startCourse(t, jamie.patientId, w.joId, 16);
  });

  async function jamieCancels(day: string, reason: string) {
    t.clock.advanceMinutes(5);
    const id = await bookAs(
      'jo@example.nhs.uk',
      bookingForm({
        patientId: jamie.patientId,
        courseId: jamiesCourse,
        therapistId: w.joId,
        'date-day': day,
        time: '14:00',
      }),
    );
    t.clock.advanceMinutes(5);
    const c = await signedIn('jamie@example.com');
    await c.get(`/appointments/${id}/cancel`);
    expect((await c.post(`/appointments/${id}/cancel`, { reason })).statusCode).toBe(303);
    return id;
  }

  const decisionsOf = (appointmentId: string) =>
    t.database.db
      .select()
      .from(noOtherSessionDecisions)
      .where(
        and(
          eq(noOtherSessionDecisions.serviceId, t.service.id),
          eq(noOtherSessionDecisions.appointmentId, appointmentId),
        ),
      );
  const auditsOf = (appointmentId: string, outcome: 'success' | 'denied') =>
    t.database.db
      .select()
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.action, 'appointment.no_other_session'),
          eq(auditEvents.recordId, appointmentId),
          eq(auditEvents.outcome, outcome),
        ),
      );

  it('takes the session off the list with a chosen reason, checked, once, kept with who said so', async () => {
    const id = await jamieCancels('3', 'I am moving to Scotland');
    const form = `/diary/appointments/${id}/no-other-session`;
    const jo = await signedIn('jo@example.nhs.uk');
    const diary = await jo.get('/diary');
    expect(textOf(diary.body)).toContain(HEADING);
    expect(diary.body).toContain(`href="${form}"`);
    expect(textOf(diary.body)).toContain('No other session needed for Jamie Lee');

    // Another therapist, not seeing Jo's diary, is told it does not exist, and it is audited.
    const sam = await signedIn('sam@example.nhs.uk');
    expect((await sam.get(form)).statusCode).toBe(404);
    expect((await sam.post(form, { why: 'course_ending' })).statusCode).toBe(404);
    expect(await decisionsOf(id)).toHaveLength(0);
    expect((await auditsOf(id, 'denied')).length).toBeGreaterThan(0);

    // The form: the session, the patient's reason, the choices.
    const page = await jo.get(form);
    expect(page.statusCode).toBe(200);
    const text = textOf(page.body);
    expect(text).toContain('No other session needed');
    expect(text).toContain('Jamie Lee cancelled their session on');
    expect(text).toContain('I am moving to Scotland');
    for (const label of [
      'The patient does not want another session',
      'The course is ending',
      'We offered another session and they said no',
      'Another reason',
    ])
      expect(text).toContain(label);

    // No choice: 400, the summary links to the first option, nothing kept, still listed.
    const none = await jo.post(form, {});
    expect(none.statusCode).toBe(400);
    expect(textOf(none.body)).toContain('There is a problem');
    expect(none.body).toContain('href="#why-1"');
    expect(textOf(none.body)).toContain('Select why no other session is needed');
    // "Another reason" with no words: 400, the choice kept.
    const empty = await jo.post(form, { why: 'other', whyOther: '  ' });
    expect(empty.statusCode).toBe(400);
    expect(textOf(empty.body)).toContain('Enter why no other session is needed');
    expect(empty.body).toMatch(/value="other"[^>]*checked|checked[^>]*value="other"/);
    // Not one of the choices, or too long: 400, what was typed kept.
    expect((await jo.post(form, { why: 'bored' })).statusCode).toBe(400);
    const long = await jo.post(form, { why: 'other', whyOther: `Moving ${'a'.repeat(600)}` });
    expect(long.statusCode).toBe(400);
    expect(long.body).toContain(`Moving ${'a'.repeat(600)}`);
    expect(await decisionsOf(id)).toHaveLength(0);
    expect(textOf((await jo.get('/diary')).body)).toContain(HEADING);

    // Saved: back to the diary. Pressed again (the same page, the same answers): where the
    // first went, nothing added (ADR 0039).
    const once = onceOf((await jo.get(form)).body);
    const answers = {
      why: 'other',
      whyOther: 'Moving away; we referred them locally',
      _once: once,
      _csrf: jo.csrf!,
    };
    const saved = await jo.post(form, answers);
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe('/diary?done=no-other-session');
    const again = await jo.post(form, answers);
    expect(again.statusCode).toBe(303);
    expect(again.headers.location).toBe('/diary?done=no-other-session');
    // The diary says so, and the session has left the list.
    const after = textOf((await jo.get(String(saved.headers.location))).body);
    expect(after).toContain('Saved: no other session is needed');
    expect(after).not.toContain(HEADING);

    // Another tab's different answers: the session is no longer listed, so to its page instead.
    const other = await jo.post(form, { why: 'course_ending' });
    expect(other.statusCode).toBe(303);
    expect(other.headers.location).toBe(`/diary/appointments/${id}`);
    expect((await jo.get(form)).headers.location).toBe(`/diary/appointments/${id}`);
    const kept = await decisionsOf(id);
    expect(kept).toHaveLength(1);
    expect(kept[0]).toMatchObject({
      reason: 'other',
      detail: 'Moving away; we referred them locally',
      decidedBy: w.joId,
    });
    const audited = await auditsOf(id, 'success');
    expect(audited).toHaveLength(1);
    expect(audited[0]!.patientId).toBe(jamie.patientId);
    expect(audited[0]!.userId).toBe(w.joId);

    // Who decided and why stays on the appointment's page.
    const appt = textOf((await jo.get(`/diary/appointments/${id}`)).body);
    expect(appt).toContain('Not needed. Why: Moving away; we referred them locally');
    expect(appt).toContain('Recorded by Jo Evans on');
  });

  it('may be recorded by whoever sees that diary (the trainee’s supervisor), and not undone by a later cancellation', async () => {
    const id = await jamieCancels('10', 'I feel better and want to stop');
    const priya = await signedIn('priya@example.nhs.uk');
    const theirs = `/diary?therapist=${w.joId}`;
    expect(textOf((await priya.get(theirs)).body)).toContain('I feel better and want to stop');
    const form = `/diary/appointments/${id}/no-other-session`;
    expect((await priya.get(form)).statusCode).toBe(200);
    const saved = await priya.post(form, { why: 'patient_does_not_want', whyOther: 'ignored' });
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe(`${theirs}&done=no-other-session`);
    expect(await decisionsOf(id)).toMatchObject([
      { reason: 'patient_does_not_want', detail: null, decidedBy: w.priyaId },
    ]);
    expect(textOf((await priya.get(theirs)).body)).not.toContain(HEADING);
    expect(textOf((await priya.get(`/diary/appointments/${id}`)).body)).toContain(
      'Not needed. Why: The patient does not want another session',
    );

    // A later session the patient cancels is listed again: the decision was about that one.
    const next = await jamieCancels('17', 'Changed my mind about stopping, but not this week');
    const listed = textOf((await priya.get(theirs)).body);
    expect(listed).toContain(HEADING);
    expect(listed).toContain('Changed my mind about stopping, but not this week');
    expect(listed).not.toContain('I feel better and want to stop');
    expect(await decisionsOf(next)).toHaveLength(0);
  });
});
