import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, like } from 'drizzle-orm';
import { appointments, auditEvents, outboxMessages, riskAlerts } from '../../db/schema';
import { TestClient, textOf } from '../../../tests/support/client';
import {
  createTestApp,
  createUser,
  TEST_PASSWORD,
  type TestApp,
} from '../../../tests/support/test-app';
import {
  insertCourse,
  insertPatient,
  insertReferral,
  insertSession,
} from '../../../tests/support/fixtures';
import {
  bookingForm,
  seedDiaryWorld,
  startCourse,
  type DiaryWorld,
} from '../../../tests/fixtures/diary-world';

let t: TestApp;
let w: DiaryWorld;
let videoId: string;
let roomId: string;
let robinsId: string;
let taylorsCourse: string;

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

beforeAll(async () => {
  t = await createTestApp();
  w = await seedDiaryWorld(t);
  const course = await startCourse(t, w.taylor.patientId, w.samId, 16);
  taylorsCourse = course;
  videoId = await bookAs(
    'sam@example.nhs.uk',
    bookingForm({ patientId: w.taylor.patientId, courseId: course, therapistId: w.samId }),
  );
  roomId = await bookAs(
    'sam@example.nhs.uk',
    bookingForm({
      patientId: w.taylor.patientId,
      courseId: course,
      therapistId: w.samId,
      'date-day': '9',
      mode: 'face_to_face',
      locationId: w.leedsId,
      roomId: w.room2Id,
    }),
  );
  robinsId = await bookAs(
    'manager@example.nhs.uk',
    bookingForm({
      patientId: w.robin.patientId,
      type: 'assessment',
      therapistId: w.alexId,
      duration: '60',
      'date-day': '3',
    }),
  );
});
afterAll(async () => t.close());

describe('a patient’s appointments', () => {
  it('lists date, time, length, how to join and where to go', async () => {
    const taylor = await signedIn('taylor@example.com');
    const res = await taylor.get('/appointments');
    expect(res.statusCode).toBe(200);
    const text = textOf(res.body);
    expect(text).toContain('Wednesday 2 December 2026 at 10am');
    expect(text).toContain('10am to 10:50am (50 minutes)');
    expect(res.body).toContain(`href="/appointments/${videoId}/video"`);
    expect(text).toContain('Wednesday 9 December 2026 at 10am');
    expect(text).toContain('Room 2');
    expect(text).toContain('1 Park Row');
    expect(text).toContain('LS1 5AB');
    expect(text).toContain('There is step-free access to the room.');
    expect(text).toContain('Lift to all floors. Hearing loop at reception.');
    expect(res.body).toContain(`href="/therapists/${w.samId}"`);
    expect(res.body).toContain(`href="/appointments/${videoId}/calendar.ics"`);
    expect(text).not.toContain('Robin');
    const audit = await t.database.db
      .select()
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.action, 'appointment.list_own'),
          eq(auditEvents.patientId, w.taylor.patientId),
        ),
      );
    expect(audit).toHaveLength(1);
  });

  it('says what happened at a past appointment in the patient’s words, a missed one kindly', async () => {
    // Now is Wednesday 25 November 2026 10:00: a session last week, recorded as missed.
    const [appt] = await t.database.db
      .select()
      .from(appointments)
      .where(eq(appointments.id, videoId));
    const [missed] = await t.database.db
      .insert(appointments)
      .values({
        ...appt!,
        id: undefined,
        sessionNumber: null,
        startsAt: new Date('2026-11-18T10:00:00Z'),
        endsAt: new Date('2026-11-18T10:50:00Z'),
        status: 'did_not_attend',
      })
      .returning();
    const taylor = await signedIn('taylor@example.com');
    const list = textOf((await taylor.get('/appointments')).body);
    expect(list).toMatch(/Wednesday 18 November 2026 at 10am .*Missed/);
    expect(list).not.toContain('Did not attend');
    const page = textOf((await taylor.get(`/appointments/${missed!.id}`)).body);
    expect(page).toContain('We missed you at this appointment.');
    expect(page).not.toContain('is did not attend');
    // Over: nothing to join, add to a calendar, change or cancel.
    expect(page).not.toContain('How to join');
    expect(page).not.toContain('Add to your calendar');
    expect(page).not.toContain('Cancel this appointment');
    const video = await taylor.get(`/appointments/${missed!.id}/video`);
    expect(video.statusCode).toBe(200);
    expect(textOf(video.body)).toContain('The video room for this appointment has closed');
    expect(textOf(video.body)).not.toContain('change or cancel the appointment');
  });

  it('answers 404 for another patient’s appointment, and audits the attempt', async () => {
    const taylor = await signedIn('taylor@example.com');
    for (const path of ['', '/calendar.ics', '/video', '/cancel', '/rearrange'])
      expect((await taylor.get(`/appointments/${robinsId}${path}`)).statusCode).toBe(404);
    await taylor.get(`/appointments/${videoId}/cancel`);
    const post = await taylor.post(`/appointments/${robinsId}/cancel`, { reason: 'not mine' });
    expect(post.statusCode).toBe(404);
    const [row] = await t.database.db
      .select()
      .from(appointments)
      .where(eq(appointments.id, robinsId));
    expect(row!.status).toBe('booked');
    const denied = await t.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.recordId, robinsId), eq(auditEvents.outcome, 'denied')));
    expect(denied.length).toBeGreaterThanOrEqual(5);
    expect(denied.every((d) => d.patientId === w.robin.patientId)).toBe(true);
    expect((await taylor.get('/appointments/not-an-id')).statusCode).toBe(404);
    const sam = await signedIn('sam@example.nhs.uk');
    expect((await sam.get('/appointments')).statusCode).toBe(403);
  });

  it('downloads a calendar file (RFC 5545) with no health detail', async () => {
    const taylor = await signedIn('taylor@example.com');
    const res = await taylor.get(`/appointments/${roomId}/calendar.ics`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/calendar; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(
      'attachment; filename="appointment-2026-12-09.ics"',
    );
    const ics = res.body;
    expect(ics.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
    expect(ics.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(ics.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    for (const line of ics.split('\r\n'))
      expect(new TextEncoder().encode(line).length).toBeLessThanOrEqual(75);
    const unfolded = ics.replace(/\r\n /g, '');
    expect(unfolded).toContain(`UID:${roomId}@localhost:3000`);
    expect(unfolded).toContain('DTSTAMP:20261125T100000Z');
    expect(unfolded).toContain('DTSTART:20261209T100000Z');
    expect(unfolded).toContain('DTEND:20261209T105000Z');
    expect(unfolded).toContain('SUMMARY:Appointment with NHS Talking Therapies');
    expect(unfolded).toContain('LOCATION:Leeds Central\\, 1 Park Row\\, Leeds\\, LS1 5AB (Room 2)');
    expect(unfolded).not.toMatch(/depress|therapy|\bIPT\b|interpersonal/i);
    const video = await taylor.get(`/appointments/${videoId}/calendar.ics`);
    expect(video.body.replace(/\r\n /g, '')).toContain(
      `LOCATION:Video call: http://localhost:3000/appointments/${videoId}/video`,
    );
  });

  it('shows the video page to the patient and their therapist, saying when the room opens', async () => {
    const taylor = await signedIn('taylor@example.com');
    const res = await taylor.get(`/appointments/${videoId}/video`);
    expect(res.statusCode).toBe(200);
    expect(textOf(res.body)).toContain(
      'The video room opens at 9:45am on Wednesday 2 December 2026',
    );
    expect(textOf(res.body)).toContain('a private space where you will not be interrupted');
    // A therapist who is late: the waiting room says when to call us, and how (walk 11).
    expect(textOf(res.body)).toContain(
      'If you have not been let in by 10:10am (10 minutes after your appointment was due to start), stay on this page and contact NHS Talking Therapies',
    );
    // When the call ends: where the next appointments are, not a promise to be contacted.
    expect(textOf(res.body)).toContain('You can see your next appointments on your appointments');
    expect(textOf(res.body)).toContain(
      'If the call ended before you expected, contact NHS Talking Therapies',
    );
    expect(textOf(res.body)).not.toContain('Your therapist will contact you about your next');
    const sam = await signedIn('sam@example.nhs.uk');
    const samsPage = await sam.get(`/appointments/${videoId}/video`);
    expect(samsPage.statusCode).toBe(200);
    expect(textOf(samsPage.body)).not.toContain('If you have not been let in');
    const alex = await signedIn('alex@example.nhs.uk');
    expect((await alex.get(`/appointments/${videoId}/video`)).statusCode).toBe(404);
    // A face-to-face appointment has no video page.
    expect((await taylor.get(`/appointments/${roomId}/video`)).statusCode).toBe(404);
  });

  it('asks to rearrange with a reason; the therapist sees the request', async () => {
    const taylor = await signedIn('taylor@example.com');
    await taylor.get(`/appointments/${roomId}/rearrange`);
    const empty = await taylor.post(`/appointments/${roomId}/rearrange`, { reason: '' });
    expect(empty.statusCode).toBe(400);
    expect(textOf(empty.body)).toContain('Enter why you need to change your appointment');
    const ok = await taylor.post(`/appointments/${roomId}/rearrange`, {
      reason: 'I have a hospital appointment that morning. Afternoons suit me.',
    });
    expect(ok.statusCode).toBe(303);
    expect(ok.headers.location).toBe('/appointments?done=requested');
    const list = await taylor.get('/appointments?done=requested');
    expect(textOf(list.body)).toContain('You asked to change this appointment');
    const [row] = await t.database.db
      .select()
      .from(appointments)
      .where(eq(appointments.id, roomId));
    expect(row!.status).toBe('booked');
    expect(row!.rearrangeRequestReason).toContain('Afternoons suit me');
    const [mail] = await t.database.db
      .select()
      .from(outboxMessages)
      .where(eq(outboxMessages.template, 'appointment-rearrange-request'));
    expect(mail!.recipient).toBe('sam@example.nhs.uk');
    expect(mail!.body).not.toContain('Taylor');
    expect(mail!.body).toContain(`http://localhost:3000/diary/appointments/${roomId}`);
    const sam = await signedIn('sam@example.nhs.uk');
    const diary = await sam.get('/diary?date=2026-12-09');
    expect(textOf(diary.body)).toContain('Requests to rearrange');
    expect(textOf(diary.body)).toContain('Asked to rearrange');
    const page = await sam.get(`/diary/appointments/${roomId}`);
    expect(textOf(page.body)).toContain('Afternoons suit me');
  });

  it('shows the open request on the appointment; a further reason is added, dated, with no second email (walk 9)', async () => {
    const taylor = await signedIn('taylor@example.com');
    const requestMails = async () =>
      (await t.database.db.select().from(outboxMessages)).filter(
        (m) =>
          m.template === 'appointment-rearrange-request' &&
          m.body.includes(`/appointments/${roomId}`),
      );
    expect(await requestMails()).toHaveLength(1);
    const page = await taylor.get(`/appointments/${roomId}`);
    const text = textOf(page.body);
    expect(text).toContain(
      'You asked to change this appointment on Wednesday 25 November 2026 at 10am. We will contact you.',
    );
    expect(text).toContain('Afternoons suit me');
    // Not offered the request form again: they may add to it.
    expect(text).toContain('Add something to your request');
    expect(text).not.toContain('Ask to change the time');
    const form = await taylor.get(`/appointments/${roomId}/rearrange`);
    expect(textOf(form.body)).toContain('Add to your request');
    expect(textOf(form.body)).toContain('What would you like to add?');

    t.clock.set('2026-11-26T15:30:00Z');
    try {
      const later = await signedIn('taylor@example.com');
      await later.get(`/appointments/${roomId}/rearrange`);
      const added = await later.post(`/appointments/${roomId}/rearrange`, {
        reason: 'Thursday afternoons are best.',
      });
      expect(added.statusCode).toBe(303);
      expect(added.headers.location).toBe('/appointments?done=added');
    } finally {
      t.clock.set('2026-11-25T10:00:00Z');
    }
    const [row] = await t.database.db
      .select()
      .from(appointments)
      .where(eq(appointments.id, roomId));
    // Every reason kept; the request still dates from the first.
    expect(row!.rearrangeRequestReason).toBe(
      'I have a hospital appointment that morning. Afternoons suit me.\n\n' +
        'Added on Thursday 26 November 2026 at 3:30pm: Thursday afternoons are best.',
    );
    expect(row!.rearrangeRequestedAt!.toISOString()).toBe('2026-11-25T10:00:00.000Z');
    expect(await requestMails()).toHaveLength(1);
    const added = await t.database.db
      .select()
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.action, 'appointment.rearrange_request'),
          eq(auditEvents.recordId, roomId),
        ),
      );
    expect(added.map((a) => a.details)).toContainEqual({ added: true });

    // A further reason is checked for words of crisis too (H18).
    const crisis = await taylor.post(`/appointments/${roomId}/rearrange`, {
      reason: 'Honestly I want to die',
    });
    expect(crisis.headers.location).toBe('/appointments?done=added&help=now#help-now');
    const alerts = await t.database.db
      .select()
      .from(riskAlerts)
      .where(eq(riskAlerts.sourceRecordId, roomId));
    expect(alerts).toHaveLength(1);
    expect(await requestMails()).toHaveLength(1);

    const sam = await signedIn('sam@example.nhs.uk');
    const staffPage = textOf((await sam.get(`/diary/appointments/${roomId}`)).body);
    expect(staffPage).toContain('Afternoons suit me');
    expect(staffPage).toContain(
      'Added on Thursday 26 November 2026 at 3:30pm: Thursday afternoons are best.',
    );
    expect(staffPage).toContain('Honestly I want to die');
  });

  it('moving to the same time says nothing changed; keeping the time closes the request and tells the patient (walk 9)', async () => {
    const sam = await signedIn('sam@example.nhs.uk');
    const url = `/diary/appointments/${roomId}/rearrange`;
    await sam.get(url);
    const same = await sam.post(url, {
      'date-day': '9',
      'date-month': '12',
      'date-year': '2026',
      time: '10:00',
      duration: '50',
      mode: 'face_to_face',
      locationId: w.leedsId,
      roomId: w.room2Id,
    });
    expect(same.statusCode).toBe(303);
    expect(same.headers.location).toBe(`/diary/appointments/${roomId}?done=unchanged`);
    const after = textOf((await sam.get(String(same.headers.location))).body);
    expect(after).toContain('Nothing changed');
    expect(after).not.toContain('Appointment moved');
    expect(after).not.toContain('has been told');
    expect(after).toContain('Keep the time and tell the patient');
    const noticesOf = async (template: string) =>
      (await t.database.db.select().from(outboxMessages)).filter(
        (m) => m.template === template && m.idempotencyKey.includes(roomId),
      );
    expect(await noticesOf('appointment-changed')).toHaveLength(0);
    const rowOf = async () =>
      (await t.database.db.select().from(appointments).where(eq(appointments.id, roomId)))[0]!;
    expect((await rowOf()).rearrangeRequestedAt).not.toBeNull();

    // Someone else's appointment: 404, nothing changes.
    const alex = await signedIn('alex@example.nhs.uk');
    await alex.get('/diary');
    expect((await alex.post(`/diary/appointments/${roomId}/keep-time`, {})).statusCode).toBe(404);
    expect((await rowOf()).rearrangeRequestedAt).not.toBeNull();

    await sam.get(`/diary/appointments/${roomId}`);
    const kept = await sam.post(`/diary/appointments/${roomId}/keep-time`, {});
    expect(kept.statusCode).toBe(303);
    expect(kept.headers.location).toBe(`/diary/appointments/${roomId}?done=time_kept`);
    const row = await rowOf();
    expect(row.rearrangeRequestedAt).toBeNull();
    expect(row.rearrangeRequestReason).toBeNull();
    expect(row.startsAt.toISOString()).toBe('2026-12-09T10:00:00.000Z');
    const told = await noticesOf('appointment-time-kept');
    expect(told.map((m) => m.channel).sort()).toEqual(['email', 'sms']);
    for (const m of told) {
      expect(m.body).toContain(
        'We could not change your appointment with NHS Talking Therapies on Wednesday 9 December 2026 at 10am.',
      );
      expect(m.body).toContain('Please contact us if you cannot come');
      expect(m.body).not.toMatch(/hospital|afternoons|want to die/i);
    }
    const [audit] = await t.database.db
      .select()
      .from(auditEvents)
      .where(
        and(eq(auditEvents.action, 'appointment.keep_time'), eq(auditEvents.recordId, roomId)),
      );
    expect(audit!.patientId).toBe(w.taylor.patientId);
    const diary = textOf((await sam.get('/diary?date=2026-12-09')).body);
    expect(diary).not.toContain('Requests to rearrange');
    // Nothing left to keep: a second press is refused with a message, and nothing more is sent.
    const again = await sam.post(`/diary/appointments/${roomId}/keep-time`, {});
    expect(again.statusCode).toBe(400);
    expect(textOf(again.body)).toContain('There is no open request to change this appointment');
    expect(await noticesOf('appointment-time-kept')).toHaveLength(2);
    // The patient may ask again.
    const taylor = await signedIn('taylor@example.com');
    expect(textOf((await taylor.get(`/appointments/${roomId}`)).body)).toContain(
      'Ask to change the time',
    );
  });

  it('cancels with a reason: the appointment, its reminders, and a confirmation', async () => {
    const taylor = await signedIn('taylor@example.com');
    const form = await taylor.get(`/appointments/${videoId}/cancel`);
    expect(form.statusCode).toBe(200);
    const empty = await taylor.post(`/appointments/${videoId}/cancel`, { reason: ' ' });
    expect(empty.statusCode).toBe(400);
    expect(textOf(empty.body)).toContain('Enter why you need to cancel');
    const ok = await taylor.post(`/appointments/${videoId}/cancel`, { reason: 'Family emergency' });
    expect(ok.statusCode).toBe(303);
    const [row] = await t.database.db
      .select()
      .from(appointments)
      .where(eq(appointments.id, videoId));
    expect(row!.status).toBe('cancelled');
    expect(row!.cancelledBy).toBe('patient');
    expect(row!.cancellationReason).toBe('Family emergency');
    const reminders = await t.database.db
      .select()
      .from(outboxMessages)
      .where(like(outboxMessages.idempotencyKey, `appt:${videoId}:%`));
    expect(reminders.every((m) => m.status === 'cancelled')).toBe(true);
    const notices = await t.database.db
      .select()
      .from(outboxMessages)
      .where(eq(outboxMessages.idempotencyKey, `notice:appt:${videoId}:cancelled:sms`));
    expect(notices[0]!.body).toMatch(/^You cancelled your appointment with NHS Talking Therapies/);

    // Nothing goes out for the cancelled appointment, even when its reminder times come.
    t.clock.set('2026-12-02T09:00:00Z');
    try {
      await t.outbox.runOnce(100);
      const sentAbout = t.notifier.sent.filter((m) =>
        m.body.includes(`/appointments/${videoId}/video`),
      );
      expect(sentAbout.every((m) => !m.body.startsWith('Reminder'))).toBe(true);
    } finally {
      t.clock.set('2026-11-25T10:00:00Z');
    }
    const list = await taylor.get('/appointments');
    expect(textOf(list.body)).toContain('Past and cancelled appointments');
    expect((await taylor.get(`/appointments/${videoId}/cancel`)).statusCode).toBe(303);
  });

  it('the video page of a cancelled appointment offers nothing to join: no checklist, no device check, a way back (walk 11)', async () => {
    // Runs after the cancellation above: the reminder sent before it still links to this page.
    const taylor = await signedIn('taylor@example.com');
    const res = await taylor.get(`/appointments/${videoId}/video`);
    expect(res.statusCode).toBe(200);
    const text = textOf(res.body);
    expect(text).toContain('This appointment has been cancelled, so there is no video room.');
    expect(res.body).toContain('href="/appointments"');
    for (const offer of ['Before you join', 'Video calls need JavaScript', 'waiting room'])
      expect(text).not.toContain(offer);
    // Without the call's element and script, the browser is never asked for the camera.
    expect(res.body).not.toContain('id="video-app"');
    expect(res.body).not.toContain('/static/client/video.js');
  });

  it('words of crisis in a reason: saved as asked, help now, and a risk alert quoting them (H18)', async () => {
    const alertsFor = () =>
      t.database.db.select().from(riskAlerts).where(eq(riskAlerts.patientId, w.taylor.patientId));
    const before = (await alertsFor()).length;
    // More of Taylor's sessions, a week apart (Wednesdays).
    const extra = (day: string, month = '12', year = '2026') =>
      bookAs(
        'sam@example.nhs.uk',
        bookingForm({
          patientId: w.taylor.patientId,
          courseId: taylorsCourse,
          therapistId: w.samId,
          'date-day': day,
          'date-month': month,
          'date-year': year,
        }),
      );
    const taylor = await signedIn('taylor@example.com');

    // Asking to change: the request is saved and the therapist hears, as always.
    const changeId = await extra('16');
    await taylor.get(`/appointments/${changeId}/rearrange`);
    const asked = await taylor.post(`/appointments/${changeId}/rearrange`, {
      reason: 'I am not coping and want to die',
    });
    expect(asked.statusCode).toBe(303);
    expect(asked.headers.location).toBe('/appointments?done=requested&help=now#help-now');
    const [changed] = await t.database.db
      .select()
      .from(appointments)
      .where(eq(appointments.id, changeId));
    expect(changed!.rearrangeRequestReason).toBe('I am not coping and want to die');
    const page = await taylor.get('/appointments?done=requested&help=now');
    expect(textOf(page.body)).toContain('Please do not wait for us to contact you');
    expect(page.body).toContain('href="/urgent-help"');
    const raised = (await alertsFor()).slice(before);
    expect(raised).toHaveLength(1);
    expect(raised[0]).toMatchObject({
      source: 'appointment',
      sourceRecordId: changeId,
      actionedAt: null,
      reason: 'Used words of crisis when asking to change an appointment: “want to die”',
    });
    // The clinician is emailed about the alert, with none of the words.
    const alertMail = (await t.database.db.select().from(outboxMessages)).filter((m) =>
      m.body.includes(`/staff/risk/${raised[0]!.id}`),
    );
    expect(alertMail.length).toBeGreaterThan(0);
    expect(alertMail.every((m) => !m.body.includes('want to die'))).toBe(true);
    const sam = await signedIn('sam@example.nhs.uk');
    const alertPage = textOf((await sam.get(`/staff/risk/${raised[0]!.id}`)).body);
    expect(alertPage).toContain('Source: Patient’s appointment request');
    expect(alertPage).toContain('How urgent: Thoughts of ending their life');

    // Cancelling: cancelled as asked, with help and an alert too.
    const cancelId = await extra('6', '1', '2027');
    await taylor.get(`/appointments/${cancelId}/cancel`);
    const cancelled = await taylor.post(`/appointments/${cancelId}/cancel`, {
      reason: "I can't go on",
    });
    expect(cancelled.headers.location).toBe('/appointments?done=cancelled-offer&help=now#help-now');
    const [row] = await t.database.db
      .select()
      .from(appointments)
      .where(eq(appointments.id, cancelId));
    expect(row!.status).toBe('cancelled');
    expect((await alertsFor()).slice(before)).toHaveLength(2);

    // An ordinary reason: no help card, no alert.
    const ordinaryId = await extra('13', '1', '2027');
    await taylor.get(`/appointments/${ordinaryId}/cancel`);
    const ordinary = await taylor.post(`/appointments/${ordinaryId}/cancel`, {
      reason: 'Work meeting',
    });
    expect(ordinary.headers.location).toBe('/appointments?done=cancelled-offer');
    expect(textOf((await taylor.get('/appointments?done=cancelled-offer')).body)).not.toContain(
      'Please do not wait',
    );
    expect((await alertsFor()).slice(before)).toHaveLength(2);
  });

  it('shows a patient their therapist’s profile: name, role and accreditation, nothing private', async () => {
    const taylor = await signedIn('taylor@example.com');
    const res = await taylor.get(`/therapists/${w.samId}`);
    expect(res.statusCode).toBe(200);
    const text = textOf(res.body);
    expect(text).toContain('Sam Okafor');
    expect(text).toContain('IPT therapist');
    expect(text).toContain(
      'Registered with the British Association for Counselling and Psychotherapy (BACP), registration number 123456',
    );
    expect(text).not.toContain('sam@example.nhs.uk');
    expect(text).not.toContain('9am to 5pm');
    const jo = await taylor.get(`/therapists/${w.joId}`);
    expect(textOf(jo.body)).toContain('IPT trainee, supervised by Dr Priya Shah');
    expect((await taylor.get(`/therapists/${w.managerId}`)).statusCode).toBe(404);
  });
});

describe('after discharge (walk 13)', () => {
  it('says their time with us has ended, when, and how to refer again, not just “no appointments”', async () => {
    const user = await createUser(t, 'ended@example.com', ['patient'], 'Kit Ended');
    const patient = await insertPatient(t, {
      givenName: 'Kit',
      familyName: 'Ended',
      userId: user.id,
    });
    const referral = await insertReferral(t, { status: 'discharged', patientId: patient.id });
    const course = await insertCourse(t, patient.id, w.samId, {
      referralId: referral.id,
      status: 'ended',
      endedAt: new Date('2026-11-20T16:00:00Z'),
      endedReason: 'completed',
    });
    await insertSession(t, course, '2026-11-18T14:00:00Z', { status: 'attended' });
    const res = await (await signedIn('ended@example.com')).get('/appointments');
    expect(res.statusCode).toBe(200);
    const text = textOf(res.body);
    expect(text).toContain('Your time with our service has ended');
    expect(text).toContain(
      'Your course of therapy ended on 20 November 2026, so you have no more appointments with us.',
    );
    expect(text).not.toContain('If you are waiting for one, we will contact you');
    expect(text).toContain('If you need our help again in future, you can refer yourself again.');
    expect(res.body).toContain('href="/refer"');
    // What happened before is still there, and help now, as on every patient page.
    expect(text).toContain('Past and cancelled appointments');
    expect(res.body).toContain('href="/urgent-help"');
  });
});
