import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, asc, eq, gt, like, sql } from 'drizzle-orm';
import type { Pool } from 'pg';
import {
  appointments,
  auditEvents,
  outboxMessages,
  patientMessages,
  patients,
  locations,
  rooms,
  services,
  treatmentCourses,
} from '../../db/schema';
import { formatLondonDateTime, utcToLondon } from '../../domain/calendar';
import { TestClient, textOf } from '../../../tests/support/client';
import { createTestApp, TEST_PASSWORD, type TestApp } from '../../../tests/support/test-app';
import {
  bookingForm,
  insertWaitingPatient,
  seedDiaryWorld,
  startCourse,
  type DiaryWorld,
} from '../../../tests/fixtures/diary-world';
import { createUseCase } from '../../platform/use-case';
import { bookAppointments } from './diary.service';

let t: TestApp;
let w: DiaryWorld;
let taylorCourse: string;
const sam = () => signedIn('sam@example.nhs.uk');
const manager = () => signedIn('manager@example.nhs.uk');

async function signedIn(email: string) {
  const c = new TestClient(t.app);
  const res = await c.signIn(email, TEST_PASSWORD);
  expect(res.statusCode).toBe(303);
  return c;
}

async function appointmentsOf(patientId: string) {
  return t.database.db
    .select()
    .from(appointments)
    .where(and(eq(appointments.serviceId, t.service.id), eq(appointments.patientId, patientId)))
    .orderBy(asc(appointments.startsAt));
}

async function outboxFor(patientId: string) {
  return t.database.db
    .select()
    .from(outboxMessages)
    .where(and(eq(outboxMessages.serviceId, t.service.id), eq(outboxMessages.patientId, patientId)))
    .orderBy(asc(outboxMessages.notBefore), asc(outboxMessages.idempotencyKey));
}

function idFrom(location: string | string[] | undefined): string {
  const m = /\/diary\/appointments\/([0-9a-f-]{36})/.exec(String(location));
  if (!m) throw new Error(`no appointment id in ${String(location)}`);
  return m[1]!;
}

/** Posts the booking form from the booking page, as a browser would. */
async function book(c: TestClient, form: Record<string, string>) {
  await c.get(
    form.courseId ? `/diary/book?course=${form.courseId}` : `/diary/book?patient=${form.patientId}`,
  );
  return c.post('/diary/book', form);
}

beforeAll(async () => {
  t = await createTestApp();
  w = await seedDiaryWorld(t);
  taylorCourse = await startCourse(t, w.taylor.patientId, w.samId, 16);
});
afterAll(async () => t.close());

describe('booking one appointment', () => {
  let apptId: string;

  it('books an IPT session by video and queues the confirmation and reminders on allowed channels', async () => {
    const c = await sam();
    const page = await c.get(`/diary/book?course=${taylorCourse}`);
    expect(page.statusCode).toBe(200);
    expect(textOf(page.body)).toContain('Course of IPT with Sam Okafor: 0 of 16 sessions attended');
    const res = await c.post(
      '/diary/book',
      bookingForm({ patientId: w.taylor.patientId, courseId: taylorCourse, therapistId: w.samId }),
    );
    expect(res.statusCode).toBe(303);
    apptId = idFrom(res.headers.location);
    const [row] = await appointmentsOf(w.taylor.patientId);
    expect(row!.startsAt.toISOString()).toBe('2026-12-02T10:00:00.000Z');
    expect(row!.endsAt.toISOString()).toBe('2026-12-02T10:50:00.000Z');
    expect(row!.type).toBe('ipt_session');

    const messages = await outboxFor(w.taylor.patientId);
    const summary = messages.map((m) => [m.template, m.channel, m.notBefore.toISOString()]);
    expect(summary).toEqual([
      ['appointment-booked', 'email', '2026-11-25T10:00:00.000Z'],
      ['appointment-booked', 'sms', '2026-11-25T10:00:00.000Z'],
      ['appointment-questionnaire', 'email', '2026-11-29T09:00:00.000Z'],
      ['appointment-questionnaire', 'sms', '2026-11-29T09:00:00.000Z'],
      ['appointment-reminder', 'email', '2026-11-30T10:00:00.000Z'],
      ['appointment-reminder', 'sms', '2026-11-30T10:00:00.000Z'],
      ['appointment-reminder', 'email', '2026-12-02T08:00:00.000Z'],
      ['appointment-reminder', 'sms', '2026-12-02T08:00:00.000Z'],
    ]);
    const sms = messages.find((m) => m.template === 'appointment-booked' && m.channel === 'sms')!;
    expect(sms.recipient).toBe('+447700900001');
    expect(sms.body).toContain(
      'Your appointment with NHS Talking Therapies is on Wednesday 2 December 2026 at 10am',
    );
    expect(sms.body).toContain(`http://localhost:3000/appointments/${apptId}/video`);
    const questionnaire = messages.find((m) => m.template === 'appointment-questionnaire')!;
    expect(questionnaire.body).toContain('http://localhost:3000/home');
    for (const m of messages) expect(m.body).not.toMatch(/depress|therapy|\bIPT\b|interpersonal/i);
    for (const m of messages.filter((x) => x.template !== 'appointment-booked'))
      expect(m.idempotencyKey.startsWith(`appt:${apptId}:`)).toBe(true);

    // Only the confirmation goes now; reminders wait for their time.
    await t.outbox.runOnce();
    const sent = t.notifier.sent.filter((m) => m.body.includes(apptId));
    expect(sent.map((m) => m.channel).sort()).toEqual(['email', 'sms']);
  });

  it('shows the appointment in the therapist’s diary, week and day, and audits who was seen', async () => {
    const c = await sam();
    const week = await c.get('/diary?date=2026-12-02');
    expect(week.statusCode).toBe(200);
    const text = textOf(week.body);
    expect(text).toContain('Week beginning Monday 30 November 2026');
    expect(text).toContain('10am to 10:50am');
    expect(text).toContain('Taylor Green, IPT session, Video call');
    expect(week.body).toContain('<caption class="nhsuk-table__caption">');
    expect(week.body).toContain('scope="row"');
    const day = await c.get('/diary?view=day&date=2026-12-02');
    expect(textOf(day.body)).toContain('Wednesday 2 December 2026');
    expect(textOf(day.body)).toContain('Taylor Green');
    const jump = await c.get('/diary?view=day&go-day=2&go-month=12&go-year=2026');
    expect(textOf(jump.body)).toContain('Taylor Green');
    const audits = await t.database.db
      .select()
      .from(auditEvents)
      .where(
        and(eq(auditEvents.action, 'diary.view'), eq(auditEvents.patientId, w.taylor.patientId)),
      );
    expect(audits.length).toBeGreaterThan(0);
  });

  it('keeps another therapist out of the diary and the appointment (404, audited)', async () => {
    const alex = await signedIn('alex@example.nhs.uk');
    expect((await alex.get(`/diary?therapist=${w.samId}`)).statusCode).toBe(404);
    expect((await alex.get(`/diary/appointments/${apptId}`)).statusCode).toBe(404);
    const denied = await t.database.db
      .select()
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.action, 'appointment.read'),
          eq(auditEvents.recordId, apptId),
          eq(auditEvents.outcome, 'denied'),
        ),
      );
    expect(denied).toHaveLength(1);
    expect(denied[0]!.patientId).toBe(w.taylor.patientId);

    // Nor can they change it, or book for a patient who is not theirs.
    await alex.get('/diary');
    const cancel = await alex.post(`/diary/appointments/${apptId}/cancel`, {
      cancelledBy: 'service',
      reason: 'not mine',
    });
    expect(cancel.statusCode).toBe(404);
    const [row] = await t.database.db
      .select()
      .from(appointments)
      .where(eq(appointments.id, apptId));
    expect(row!.status).toBe('booked');
    expect((await alex.get(`/diary/book?patient=${w.taylor.patientId}`)).statusCode).toBe(404);
    expect((await alex.get(`/diary/book?course=${taylorCourse}`)).statusCode).toBe(404);
    await alex.get('/diary');
    const booking = await alex.post(
      '/diary/book',
      bookingForm({
        patientId: w.taylor.patientId,
        type: 'review',
        therapistId: w.alexId,
        duration: '30',
        'date-day': '10',
      }),
    );
    expect(booking.statusCode).toBe(404);
  });

  it('lets the manager see all diaries and rooms, and the supervisor their trainee’s diary', async () => {
    const m = await manager();
    const all = await m.get('/diary/all?date=2026-12-02');
    expect(all.statusCode).toBe(200);
    expect(textOf(all.body)).toContain('Sam Okafor');
    const rooms = await m.get('/diary/rooms?date=2026-12-02');
    expect(rooms.statusCode).toBe(200);
    expect(textOf(rooms.body)).toContain('Leeds Central: Wednesday 2 December 2026');
    expect(textOf(rooms.body)).toContain('Garden Room');
    const redirect = await m.get('/diary');
    expect(redirect.headers.location).toBe('/diary/all');
    const priya = await signedIn('priya@example.nhs.uk');
    expect((await priya.get(`/diary?therapist=${w.joId}`)).statusCode).toBe(200);
    expect((await priya.get(`/diary?therapist=${w.samId}`)).statusCode).toBe(404);
  });

  it('sends only on the channels the patient allowed', async () => {
    const m = await manager();
    const res = await book(
      m,
      bookingForm({
        patientId: w.robin.patientId,
        type: 'assessment',
        therapistId: w.alexId,
        duration: '60',
        mode: 'phone',
        'date-day': '3',
      }),
    );
    expect(res.statusCode).toBe(303);
    const channels = new Set((await outboxFor(w.robin.patientId)).map((x) => x.channel));
    expect([...channels]).toEqual(['email']);
    const messages = await outboxFor(w.robin.patientId);
    // No questionnaire reminder for an assessment.
    expect(messages.map((x) => x.template)).not.toContain('appointment-questionnaire');
    expect(messages.find((x) => x.template === 'appointment-booked')!.body).toContain(
      'It is a phone call. We will call you.',
    );
  });
});

describe('booking from the patient rather than the course (walk 6)', () => {
  it('opens on the patient’s active course and files a review on it', async () => {
    const c = await sam();
    const page = await c.get(`/diary/book?patient=${w.taylor.patientId}`);
    expect(page.statusCode).toBe(200);
    const text = textOf(page.body);
    expect(text).toContain('Course of IPT with Sam Okafor');
    expect(page.body).toContain(`name="courseId" value="${taylorCourse}"`);
    // An IPT session is what a patient on a course is most often booked for.
    expect(text).toContain('Type of appointment: IPT session');
    expect(page.body).toContain('name="type" value="ipt_session"');

    // A form posted without the course (an older page, or another route) still files it there.
    const res = await c.post(
      '/diary/book',
      bookingForm({
        patientId: w.taylor.patientId,
        type: 'review',
        therapistId: w.samId,
        'date-day': '16',
        time: '15:00',
        duration: '30',
      }),
    );
    expect(res.statusCode).toBe(303);
    const review = (await appointmentsOf(w.taylor.patientId)).find((a) => a.type === 'review');
    expect(review?.courseId).toBe(taylorCourse);
    // Shown on the course, where the clinician looks for it.
    expect(textOf((await c.get(`/courses/${taylorCourse}`)).body)).toContain('Review');
  });

  it('opens on the patient alone when they have no active course, as a wellbeing assessment', async () => {
    const m = await manager();
    const page = await m.get(`/diary/book?patient=${w.robin.patientId}`);
    expect(page.statusCode).toBe(200);
    expect(textOf(page.body)).not.toContain('Course of IPT');
    expect(page.body).not.toContain('name="courseId"');
    expect(textOf(page.body)).toContain('Type of appointment: Wellbeing assessment');
    expect(page.body).toContain('name="type" value="assessment"');
    // No course, so no IPT session to switch to.
    expect(textOf(page.body)).not.toContain('Book an IPT session instead');
  });
});

/** The "Book … instead" buttons of a booking page: the types they ask for. */
function switchButtons(body: string): (string | undefined)[] {
  return [...body.matchAll(/<button[^>]*name="switchType"[^>]*>/g)].map(
    (m) => /value="([a-z_]+)"/.exec(m[0])?.[1],
  );
}

describe('an IPT session is offered only by video call or face to face (H7)', () => {
  const modesOn = (body: string) =>
    [...body.matchAll(/name="mode"[^>]*value="([a-z_]+)"|value="([a-z_]+)"[^>]*name="mode"/g)].map(
      (m) => m[1] ?? m[2],
    );

  it('books an IPT session with no phone choice; an assessment or review may be by phone', async () => {
    const c = await sam();
    const ipt = await c.get(`/diary/book?course=${taylorCourse}`);
    expect(textOf(ipt.body)).toContain(
      'IPT sessions are by video call or face to face, never by phone',
    );
    expect(modesOn(ipt.body)).toEqual(['video', 'face_to_face']);
    // The other types are a button of the form away (which keeps the course); there, phone is
    // offered. The page can still be opened for a type.
    expect(switchButtons(ipt.body)).toEqual(['assessment', 'review']);
    const review = await c.get(`/diary/book?course=${taylorCourse}&type=review`);
    expect(textOf(review.body)).toContain('Type of appointment: Review');
    expect(review.body).toContain('name="type" value="review"');
    expect(review.body).toContain('name="duration" value="30"');
    expect(modesOn(review.body)).toEqual(['video', 'face_to_face', 'phone']);
    const m = await manager();
    const assessment = await m.get(`/diary/book?patient=${w.robin.patientId}`);
    expect(modesOn(assessment.body)).toEqual(['video', 'face_to_face', 'phone']);
    // An IPT session cannot be asked for without a course.
    const noCourse = await m.get(`/diary/book?patient=${w.robin.patientId}&type=ipt_session`);
    expect(noCourse.body).toContain('name="type" value="assessment"');
  });

  it('refuses a posted phone IPT session: 400, the summary, answers kept, nothing saved', async () => {
    const c = await sam();
    const before = (await appointmentsOf(w.taylor.patientId)).length;
    const res = await book(
      c,
      bookingForm({
        patientId: w.taylor.patientId,
        courseId: taylorCourse,
        therapistId: w.samId,
        mode: 'phone',
        'date-day': '9',
        time: '11:30',
      }),
    );
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('nhsuk-error-summary');
    expect(textOf(res.body)).toContain(
      'IPT is not offered by phone. Select a video call or a face-to-face session',
    );
    // The summary's link lands on the first of the choices offered, still without phone.
    expect(res.body).toContain('href="#mode-1"');
    expect(res.body).toContain('id="mode-1"');
    expect(modesOn(res.body)).toEqual(['video', 'face_to_face']);
    expect(res.body).toContain('name="date-day" value="9"');
    expect(res.body).toContain('value="11:30"');
    expect((await appointmentsOf(w.taylor.patientId)).length).toBe(before);
  });

  it('rearranges an IPT session with no phone choice, and refuses a posted phone', async () => {
    const c = await sam();
    const res = await book(
      c,
      bookingForm({
        patientId: w.taylor.patientId,
        courseId: taylorCourse,
        therapistId: w.samId,
        'date-day': '10',
        time: '14:00',
      }),
    );
    expect(res.statusCode).toBe(303);
    const id = idFrom(res.headers.location);
    const page = await c.get(`/diary/appointments/${id}/rearrange`);
    expect(modesOn(page.body)).toEqual(['video', 'face_to_face']);
    const phone = await c.post(`/diary/appointments/${id}/rearrange`, {
      'date-day': '11',
      'date-month': '12',
      'date-year': '2026',
      time: '15:00',
      duration: '50',
      mode: 'phone',
    });
    expect(phone.statusCode).toBe(400);
    expect(textOf(phone.body)).toContain('IPT is not offered by phone');
    expect(phone.body).toContain('name="date-day" value="11"');
    expect(modesOn(phone.body)).toEqual(['video', 'face_to_face']);
    const [row] = await t.database.db.select().from(appointments).where(eq(appointments.id, id));
    expect(row!.mode).toBe('video');
    expect(row!.startsAt.toISOString()).toBe('2026-12-10T14:00:00.000Z');
  });
});

describe('bad input: a specific message, status 400, answers kept, nothing saved', () => {
  const cases: [string, () => Record<string, string>, string, 'sam' | 'manager'][] = [
    [
      'a time in the past',
      () =>
        bookingForm({
          patientId: w.taylor.patientId,
          courseId: taylorCourse,
          therapistId: w.samId,
          'date-day': '20',
          'date-month': '11',
        }),
      'The appointment must be in the future. Enter a date and time after now',
      'sam',
    ],
    [
      'an IPT session over 50 minutes',
      () =>
        bookingForm({
          patientId: w.taylor.patientId,
          courseId: taylorCourse,
          therapistId: w.samId,
          duration: '60',
          'date-day': '4',
        }),
      'An IPT session must be 50 minutes or less',
      'sam',
    ],
    [
      'an IPT session by phone',
      () =>
        bookingForm({
          patientId: w.taylor.patientId,
          courseId: taylorCourse,
          therapistId: w.samId,
          mode: 'phone',
          'date-day': '4',
        }),
      'IPT is not offered by phone. Select a video call or a face-to-face session',
      'sam',
    ],
    [
      'a room at another location',
      () =>
        bookingForm({
          patientId: w.taylor.patientId,
          courseId: taylorCourse,
          therapistId: w.samId,
          mode: 'face_to_face',
          locationId: w.leedsId,
          roomId: w.gardenRoomId,
          'date-day': '4',
        }),
      'Garden Room is not at Leeds Central. Select a room at Leeds Central',
      'sam',
    ],
    [
      'a therapist without IPT training',
      () =>
        bookingForm({
          patientId: w.taylor.patientId,
          courseId: taylorCourse,
          therapistId: w.alexId,
          'date-day': '4',
        }),
      'Alex Byrne cannot deliver IPT sessions. To deliver IPT, a practitioner must be trained in IPT or be an IPT trainee with a supervisor',
      'manager',
    ],
    [
      'an overlapping booking for the therapist',
      () =>
        bookingForm({
          patientId: w.taylor.patientId,
          courseId: taylorCourse,
          therapistId: w.samId,
          time: '10:30',
        }),
      'Sam Okafor already has an appointment at that time',
      'sam',
    ],
    [
      'an overlapping booking for the patient',
      () =>
        bookingForm({
          patientId: w.robin.patientId,
          type: 'review',
          therapistId: w.samId,
          duration: '30',
          'date-day': '3',
          time: '10:15',
        }),
      'Robin Hart already has an appointment at that time',
      'manager',
    ],
    [
      'a date that is not real',
      () =>
        bookingForm({
          patientId: w.taylor.patientId,
          courseId: taylorCourse,
          therapistId: w.samId,
          'date-day': '31',
          'date-month': '2',
        }),
      'Appointment date must be a real date',
      'sam',
    ],
    [
      'a bank holiday',
      () =>
        bookingForm({
          patientId: w.taylor.patientId,
          courseId: taylorCourse,
          therapistId: w.samId,
          'date-day': '25',
        }),
      'Friday 25 December 2026 is a bank holiday (Christmas Day). Choose another date',
      'sam',
    ],
    // Ids from a list that are not ids at all (a tampered form): the form's message, never a 500.
    ...(
      [
        ['roomId', 'Select a room from the list', 'sam'],
        ['locationId', 'Select a location from the list', 'sam'],
        ['therapistId', 'Select a therapist', 'manager'],
      ] as const
    ).map(([field, message, who]): (typeof cases)[number] => [
      `a ${field} that is not one of the list`,
      () => ({
        ...bookingForm({
          patientId: w.taylor.patientId,
          courseId: taylorCourse,
          therapistId: w.samId,
          mode: 'face_to_face',
          locationId: w.leedsId,
          roomId: w.room1Id,
          'date-day': '4',
        }),
        [field]: 'zzz',
      }),
      message,
      who,
    ]),
  ];

  it.each(cases)('refuses %s', async (_name, form, message, who) => {
    const c = who === 'sam' ? await sam() : await manager();
    const values = form();
    const before = await t.database.db.select().from(appointments);
    const outboxBefore = await t.database.db.select().from(outboxMessages);
    const res = await book(c, values);
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('nhsuk-error-summary');
    expect(res.body).toContain('<title>Error: Book an appointment');
    expect(textOf(res.body)).toContain(message);
    expect(res.body).toContain(`value="${values.time}"`);
    expect(res.body).toContain(`name="date-day" value="${values['date-day']}"`);
    expect((await t.database.db.select().from(appointments)).length).toBe(before.length);
    expect((await t.database.db.select().from(outboxMessages)).length).toBe(outboxBefore.length);
  });

  it('refuses a course beyond its planned sessions', async () => {
    const sky = await insertWaitingPatient(t, {
      givenName: 'Sky',
      familyName: 'Patel',
      email: 'sky@example.com',
      mobile: null,
      allowEmail: true,
      allowSms: false,
    });
    const course = await startCourse(t, sky.patientId, w.samId, 12);
    const c = await sam();
    // The rest of the course, weekly from Friday 18 December: Christmas Day and New Year's Day
    // are bank holidays, so the series skips them and runs on.
    const series = await book(
      c,
      bookingForm({
        patientId: sky.patientId,
        courseId: course,
        therapistId: w.samId,
        'date-day': '18',
        time: '14:00',
        repeat: 'weekly',
      }),
    );
    expect(series.statusCode).toBe(303);
    expect(series.headers.location).toContain('done=series&count=12');
    const rows = await appointmentsOf(sky.patientId);
    const dates = rows.map((r) => utcToLondon(r.startsAt).date);
    expect(dates).toHaveLength(12);
    expect(dates.slice(0, 3)).toEqual(['2026-12-18', '2027-01-08', '2027-01-15']);
    expect(dates).not.toContain('2026-12-25');
    expect(dates).not.toContain('2027-01-01');
    for (const r of rows) expect(utcToLondon(r.startsAt).time).toBe('14:00');
    expect(new Set(rows.map((r) => r.seriesId)).size).toBe(1);
    // One confirmation for the whole series, listing the dates.
    const booked = (await outboxFor(sky.patientId)).filter(
      (m) => m.template === 'appointment-booked',
    );
    expect(booked).toHaveLength(1);
    expect(booked[0]!.body).toContain('You have 12 weekly appointments');
    expect(booked[0]!.body).toContain('- Friday 8 January 2027 at 2pm');

    const more = await book(
      c,
      bookingForm({
        patientId: sky.patientId,
        courseId: course,
        therapistId: w.samId,
        'date-day': '21',
        'date-month': '12',
      }),
    );
    expect(more.statusCode).toBe(400);
    expect(textOf(more.body)).toContain(
      'This course has 12 planned sessions and all 12 are attended or booked. To book more, use “Change the course length” on the course page',
    );
    expect(await appointmentsOf(sky.patientId)).toHaveLength(12);
  });

  it('keeps someone who needs step-free access out of a room up steps, booking or moving (H30)', async () => {
    const wyn = await insertWaitingPatient(t, {
      givenName: 'Wyn',
      familyName: 'Wheels',
      email: null,
      mobile: '+447700900321',
      allowEmail: false,
      allowSms: true,
    });
    await t.database.db
      .update(patients)
      .set({ accessNeeds: ['large_print', 'step_free_access'] })
      .where(eq(patients.id, wyn.patientId));
    const course = await startCourse(t, wyn.patientId, w.samId, 12);
    const c = await sam();
    expect(textOf((await c.get(`/diary/book?course=${course}`)).body)).toContain(
      'Their communication and access needs: Large print, Step-free access. Rooms without step-free access cannot be booked for them.',
    );
    const record = textOf((await c.get(`/patients/${wyn.patientId}`)).body);
    expect(record).toContain('Communication and access needs Large print, Step-free access');
    const upstairs = bookingForm({
      patientId: wyn.patientId,
      courseId: course,
      therapistId: w.samId,
      mode: 'face_to_face',
      locationId: w.bradfordId,
      roomId: w.gardenRoomId,
      'date-day': '12',
      'date-month': '1',
      'date-year': '2027',
      time: '15:00',
    });
    const refused = await book(c, upstairs);
    expect(refused.statusCode).toBe(400);
    expect(textOf(refused.body)).toContain(
      'Wyn Wheels told us they need step-free access, and Garden Room at Bradford Hub has none.',
    );
    expect(refused.body).toContain('href="#roomId"');
    expect(await appointmentsOf(wyn.patientId)).toHaveLength(0);

    const booked = await book(c, { ...upstairs, locationId: w.leedsId, roomId: w.room1Id });
    expect(booked.statusCode).toBe(303);
    const [appt] = await appointmentsOf(wyn.patientId);
    const url = `/diary/appointments/${appt!.id}/rearrange`;
    await c.get(url);
    const moved = await c.post(url, {
      'date-day': '13',
      'date-month': '1',
      'date-year': '2027',
      time: '15:00',
      duration: '50',
      mode: 'face_to_face',
      locationId: w.bradfordId,
      roomId: w.gardenRoomId,
    });
    expect(moved.statusCode).toBe(400);
    expect(textOf(moved.body)).toContain('Garden Room at Bradford Hub has none');
  });
});

describe('a room chosen without its location', () => {
  it('takes the location from the room, booking or moving face to face', async () => {
    const c = await sam();
    const form = bookingForm({
      patientId: w.taylor.patientId,
      courseId: taylorCourse,
      therapistId: w.samId,
      mode: 'face_to_face',
      roomId: w.room1Id,
      'date-day': '8',
      time: '11:00',
    });
    const res = await book(c, form);
    expect(res.statusCode).toBe(303);
    const id = idFrom(res.headers.location);
    const row = async () =>
      (await t.database.db.select().from(appointments).where(eq(appointments.id, id)))[0]!;
    expect(await row()).toMatchObject({ locationId: w.leedsId, roomId: w.room1Id });
    expect(textOf((await c.get(`/diary/appointments/${id}`)).body)).toContain('Leeds Central');

    // A room at a place Sam does not work: that rule speaks, not "Select a location".
    const move = (roomId: string) =>
      c.post(`/diary/appointments/${id}/rearrange`, {
        'date-day': '8',
        'date-month': '12',
        'date-year': '2026',
        time: '11:00',
        duration: '50',
        mode: 'face_to_face',
        locationId: '',
        roomId,
      });
    await c.get(`/diary/appointments/${id}/rearrange`);
    // A room that is not an id at all (a tampered form): the form's message, never a 500.
    const tampered = await move('zzz');
    expect(tampered.statusCode).toBe(400);
    expect(tampered.body).toContain('href="#roomId"');
    expect(textOf(tampered.body)).toContain('Select a room from the list');
    expect(tampered.body).toContain('value="11:00"');
    const away = await move(w.gardenRoomId);
    expect(away.statusCode).toBe(400);
    expect(textOf(away.body)).toContain('Sam Okafor does not work at Bradford Hub');
    expect(textOf(away.body)).not.toContain('Select a location');
    const moved = await move(w.room2Id);
    expect(moved.statusCode).toBe(303);
    expect(await row()).toMatchObject({ locationId: w.leedsId, roomId: w.room2Id });
  });
});

describe('cancel, rearrange and attendance', () => {
  it('cancels with a reason, stops the reminders and tells the patient', async () => {
    const c = await sam();
    const res = await book(
      c,
      bookingForm({
        patientId: w.taylor.patientId,
        courseId: taylorCourse,
        therapistId: w.samId,
        'date-day': '9',
      }),
    );
    const id = idFrom(res.headers.location);
    await c.get(`/diary/appointments/${id}`);
    const missing = await c.post(`/diary/appointments/${id}/cancel`, {
      cancelledBy: '',
      reason: '',
    });
    expect(missing.statusCode).toBe(400);
    expect(textOf(missing.body)).toContain('Select who cancelled the appointment');
    expect(textOf(missing.body)).toContain('Enter the reason for cancelling');
    const ok = await c.post(`/diary/appointments/${id}/cancel`, {
      cancelledBy: 'service',
      reason: 'Therapist unwell',
    });
    expect(ok.statusCode).toBe(303);
    const [row] = await t.database.db.select().from(appointments).where(eq(appointments.id, id));
    expect(row!.status).toBe('cancelled');
    expect(row!.cancelledBy).toBe('service');
    const reminders = await t.database.db
      .select()
      .from(outboxMessages)
      .where(like(outboxMessages.idempotencyKey, `appt:${id}:%`));
    expect(reminders.length).toBeGreaterThan(0);
    expect(reminders.every((m) => m.status === 'cancelled')).toBe(true);
    const notice = (await outboxFor(w.taylor.patientId)).filter(
      (m) => m.template === 'appointment-cancelled',
    );
    expect(notice.map((m) => m.channel).sort()).toEqual(['email', 'sms']);
    expect(notice[0]!.body).toContain('we have had to cancel your appointment');

    // The slot is free again: the exclusion constraint ignores cancelled appointments.
    const again = await book(
      c,
      bookingForm({
        patientId: w.taylor.patientId,
        courseId: taylorCourse,
        therapistId: w.samId,
        'date-day': '9',
      }),
    );
    expect(again.statusCode).toBe(303);
  });

  it('keeps one live set of reminders when moved away and back, and does nothing when saved as it is', async () => {
    const c = await sam();
    const res = await book(
      c,
      bookingForm({
        patientId: w.taylor.patientId,
        courseId: taylorCourse,
        therapistId: w.samId,
        'date-day': '21',
        'date-month': '1',
        'date-year': '2027',
        time: '09:00',
      }),
    );
    const id = idFrom(res.headers.location);
    const url = `/diary/appointments/${id}/rearrange`;
    const move = async (day: string) => {
      await c.get(url);
      return c.post(url, {
        'date-day': day,
        'date-month': '1',
        'date-year': '2027',
        time: '09:00',
        duration: '50',
        mode: 'video',
      });
    };
    const remindersOf = async () =>
      t.database.db
        .select()
        .from(outboxMessages)
        .where(like(outboxMessages.idempotencyKey, `appt:${id}:%`));
    const notices = async () =>
      (await outboxFor(w.taylor.patientId)).filter(
        (m) => m.template === 'appointment-changed' && m.idempotencyKey.includes(id),
      );
    const at = (day: number) => new Date(Date.UTC(2027, 0, day, 9)).getTime();
    const liveFor = (rows: Awaited<ReturnType<typeof remindersOf>>, day: number) =>
      rows.filter((m) => m.status === 'pending' && m.idempotencyKey.includes(`:${at(day)}:`));
    const firstSet = liveFor(await remindersOf(), 21).length;
    expect(firstSet).toBeGreaterThan(0);

    expect((await move('22')).statusCode).toBe(303);
    expect((await move('21')).statusCode).toBe(303);
    const back = await remindersOf();
    expect(liveFor(back, 21)).toHaveLength(firstSet);
    expect(liveFor(back, 22)).toHaveLength(0);
    expect(back.filter((m) => m.status === 'pending')).toHaveLength(firstSet);

    // The same time again (a second press): nothing moves, nothing is sent or cancelled.
    const noticesBefore = (await notices()).length;
    expect((await move('21')).statusCode).toBe(303);
    expect((await notices()).length).toBe(noticesBefore);
    expect(liveFor(await remindersOf(), 21)).toHaveLength(firstSet);
  });

  it('rearranges: moves the time, replaces the reminders and sends a change notice', async () => {
    const c = await sam();
    const res = await book(
      c,
      bookingForm({
        patientId: w.taylor.patientId,
        courseId: taylorCourse,
        therapistId: w.samId,
        'date-day': '16',
      }),
    );
    const id = idFrom(res.headers.location);
    const page = await c.get(`/diary/appointments/${id}/rearrange`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<title>Rearrange the appointment: Taylor Green');
    expect(page.body).toContain('value="10:00"');
    const clash = await c.post(`/diary/appointments/${id}/rearrange`, {
      'date-day': '2',
      'date-month': '12',
      'date-year': '2026',
      time: '10:20',
      duration: '50',
      mode: 'video',
    });
    expect(clash.statusCode).toBe(400);
    expect(textOf(clash.body)).toContain('Sam Okafor already has an appointment at that time');
    const phone = await c.post(`/diary/appointments/${id}/rearrange`, {
      'date-day': '17',
      'date-month': '12',
      'date-year': '2026',
      time: '14:00',
      duration: '50',
      mode: 'phone',
    });
    expect(phone.statusCode).toBe(400);
    expect(textOf(phone.body)).toContain('IPT is not offered by phone');
    const moved = await c.post(`/diary/appointments/${id}/rearrange`, {
      'date-day': '17',
      'date-month': '12',
      'date-year': '2026',
      time: '14:00',
      duration: '45',
      mode: 'face_to_face',
      locationId: w.leedsId,
      roomId: w.room2Id,
    });
    expect(moved.statusCode).toBe(303);
    const [row] = await t.database.db.select().from(appointments).where(eq(appointments.id, id));
    expect(row!.startsAt.toISOString()).toBe('2026-12-17T14:00:00.000Z');
    expect(row!.endsAt.toISOString()).toBe('2026-12-17T14:45:00.000Z');
    expect(row!.roomId).toBe(w.room2Id);
    const reminders = await t.database.db
      .select()
      .from(outboxMessages)
      .where(like(outboxMessages.idempotencyKey, `appt:${id}:%`));
    const oldStart = new Date('2026-12-16T10:00:00Z').getTime();
    const old = reminders.filter((m) => m.idempotencyKey.includes(`:${oldStart}:`));
    const fresh = reminders.filter((m) =>
      m.idempotencyKey.includes(`:${row!.startsAt.getTime()}:`),
    );
    expect(old.length).toBeGreaterThan(0);
    expect(old.every((m) => m.status === 'cancelled')).toBe(true);
    expect(fresh.length).toBeGreaterThan(0);
    expect(fresh.every((m) => m.status === 'pending')).toBe(true);
    expect(
      fresh.find((m) => m.channel === 'sms' && m.template === 'appointment-reminder')!.body,
    ).toContain('It is face to face at Leeds Central, 1 Park Row, Leeds, LS1 5AB (Room 2).');
    const changed = (await outboxFor(w.taylor.patientId)).filter(
      (m) => m.template === 'appointment-changed' && m.idempotencyKey.includes(id),
    );
    expect(changed).toHaveLength(2);
    expect(changed[0]!.body).toContain(
      'on Wednesday 16 December 2026 at 10am has moved to Thursday 17 December 2026 at 2pm',
    );
  });

  it('records attendance; attended and arrived-late IPT sessions advance the course', async () => {
    const c = await sam();
    const [first] = await appointmentsOf(w.taylor.patientId);
    const id = first!.id; // Wednesday 2 December 10:00
    await c.get(`/diary/appointments/${id}`);
    const early = await c.post(`/diary/appointments/${id}/attendance`, { status: 'attended' });
    expect(early.statusCode).toBe(400);
    expect(textOf(early.body)).toContain(
      'You can record attendance once the appointment has started',
    );

    t.clock.set('2026-12-02T10:55:00Z');
    try {
      const c2 = await sam();
      await c2.get(`/diary/appointments/${id}`);
      const none = await c2.post(`/diary/appointments/${id}/attendance`, {});
      expect(none.statusCode).toBe(400);
      expect(textOf(none.body)).toContain('Select whether the patient attended');
      const dna = await c2.post(`/diary/appointments/${id}/attendance`, {
        status: 'did_not_attend',
      });
      expect(dna.statusCode).toBe(303);
      let [course] = await t.database.db
        .select()
        .from(treatmentCourses)
        .where(eq(treatmentCourses.id, taylorCourse));
      expect(course!.attendedSessions).toBe(0);
      // A correction: they did come, late.
      await c2.get(`/diary/appointments/${id}`);
      const late = await c2.post(`/diary/appointments/${id}/attendance`, {
        status: 'arrived_late',
      });
      expect(late.statusCode).toBe(303);
      [course] = await t.database.db
        .select()
        .from(treatmentCourses)
        .where(eq(treatmentCourses.id, taylorCourse));
      expect(course!.attendedSessions).toBe(1);
      const [row] = await t.database.db.select().from(appointments).where(eq(appointments.id, id));
      expect(row!.status).toBe('arrived_late');
      expect(row!.sessionNumber).toBe(1);
      const page = await c2.get(`/diary/appointments/${id}`);
      expect(textOf(page.body)).toContain('IPT session 1');
      const coursePage = await c2.get(`/courses/${taylorCourse}`);
      expect(textOf(coursePage.body)).toContain('1 of 16 attended');
      expect(textOf(coursePage.body)).toContain('Session 2: initial phase');
    } finally {
      t.clock.set('2026-11-25T10:00:00Z');
    }
  });

  it('records "cancelled" from the attendance form with who and why', async () => {
    const m = await manager();
    const res = await book(
      m,
      bookingForm({
        patientId: w.robin.patientId,
        type: 'review',
        therapistId: w.alexId,
        duration: '30',
        mode: 'video',
        'date-day': '26',
        'date-month': '11',
        time: '09:00',
      }),
    );
    expect(res.statusCode).toBe(303);
    const id = idFrom(res.headers.location);
    t.clock.set('2026-11-26T09:05:00Z');
    try {
      const c = await manager();
      await c.get(`/diary/appointments/${id}`);
      const bad = await c.post(`/diary/appointments/${id}/attendance`, { status: 'cancelled' });
      expect(bad.statusCode).toBe(400);
      expect(textOf(bad.body)).toContain('Select who cancelled the appointment');
      const ok = await c.post(`/diary/appointments/${id}/attendance`, {
        status: 'cancelled',
        cancelledBy: 'patient',
        reason: 'Rang at 9am: unwell',
      });
      expect(ok.statusCode).toBe(303);
      const [row] = await t.database.db.select().from(appointments).where(eq(appointments.id, id));
      expect(row!.status).toBe('cancelled');
      expect(row!.cancelledBy).toBe('patient');
    } finally {
      t.clock.set('2026-11-25T10:00:00Z');
    }
  });
});

describe('no double-booking, enforced by the database', () => {
  it('books the same slot from two requests at once and keeps exactly one', async () => {
    const a = await insertWaitingPatient(t, {
      givenName: 'Ana',
      familyName: 'Ruiz',
      email: null,
      mobile: null,
      allowEmail: false,
      allowSms: false,
      status: 'new',
    });
    const b = await insertWaitingPatient(t, {
      givenName: 'Ben',
      familyName: 'Cole',
      email: null,
      mobile: null,
      allowEmail: false,
      allowSms: false,
      status: 'new',
    });
    const managerUser = {
      serviceId: t.service.id,
      userId: w.managerId,
      email: 'manager@example.nhs.uk',
      displayName: 'Morgan Reid',
      roles: ['service_manager' as const],
      sessionTokenHash: 'x',
    };
    const actor = {
      serviceId: t.service.id,
      userId: w.managerId,
      role: 'service_manager',
      ip: null,
      requestId: null,
    };
    const input = (patientId: string) => ({
      patientId,
      courseId: null,
      kind: 'assessment' as const,
      therapistId: w.samId,
      date: '2026-12-07',
      time: '11:00',
      durationMinutes: 60,
      mode: 'video' as const,
      locationId: null,
      roomId: null,
      repeat: 'once' as const,
    });
    const links = { publicUrl: 'http://localhost:3000', serviceName: 'NHS Talking Therapies' };
    if (t.database.kind === 'postgres') {
      // Open pool connections first, so both bookings really run at once on two connections:
      // both pass the application's check, and the exclusion constraint refuses the second.
      await Promise.all(
        [1, 2, 3, 4, 5].map(() => t.database.db.execute(sql`select pg_sleep(0.05)`)),
      );
    }
    const uc = createUseCase({
      db: t.database.db,
      clock: t.clock,
      actor,
      user: managerUser,
      service: t.service,
      links,
    });
    const results = await Promise.all([
      bookAppointments(uc, input(a.patientId)),
      bookAppointments(uc, input(b.patientId)),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    const refused = results.find((r) => !r.ok);
    expect(refused && 'errors' in refused ? refused.errors[0]!.message : '').toBe(
      'Sam Okafor already has an appointment at that time',
    );
    const rows = [...(await appointmentsOf(a.patientId)), ...(await appointmentsOf(b.patientId))];
    expect(rows).toHaveLength(1);
  });

  it('refuses an overlapping row written straight to the database (exclusion constraint)', async () => {
    const [existing] = await appointmentsOf(w.taylor.patientId);
    let caught: unknown;
    try {
      await t.database.db.insert(appointments).values({
        ...existing!,
        id: undefined,
        patientId: w.robin.patientId,
        status: 'booked',
        startsAt: new Date(existing!.startsAt.getTime() + 10 * 60_000),
        endsAt: new Date(existing!.endsAt.getTime() + 10 * 60_000),
      });
    } catch (err) {
      caught = err;
    }
    const { overlapViolation } = await import('../../platform/db-errors');
    expect(overlapViolation(caught)).toBe('therapist');
  });

  it('on PostgreSQL, the second of two open transactions waits and is refused', async (ctx) => {
    // Reported as skipped, not passed: PGlite serves one connection at a time.
    ctx.skip(t.database.kind !== 'postgres', 'needs PostgreSQL: PGlite has a single connection');
    const pool = (t.database.db as unknown as { $client: Pool }).$client;
    const one = await pool.connect();
    const two = await pool.connect();
    const values = (patientId: string) => [
      t.service.id,
      patientId,
      w.alexId,
      '2026-12-08T15:00:00Z',
      '2026-12-08T15:30:00Z',
      w.managerId,
    ];
    const insertSql = `insert into appointments (service_id, patient_id, therapist_id, type, starts_at, ends_at, mode, booked_by, created_at, updated_at)
      values ($1, $2, $3, 'review', $4, $5, 'video', $6, now(), now())`;
    try {
      await one.query('begin');
      await two.query('begin');
      await one.query(insertSql, values(w.taylor.patientId));
      const second = two.query(insertSql, values(w.robin.patientId)).then(
        () => null,
        (err: unknown) => err,
      );
      await one.query('commit');
      const err = (await second) as { code?: string; constraint?: string } | null;
      expect(err?.code).toBe('23P01');
      expect(err?.constraint).toBe('appointments_therapist_no_overlap');
      await two.query('rollback');
    } finally {
      one.release();
      two.release();
    }
  });

  it('on PostgreSQL, a booking chosen as a deadlock victim is run again and refused kindly', async (ctx) => {
    ctx.skip(t.database.kind !== 'postgres', 'needs PostgreSQL: PGlite has a single connection');
    // Two overlapping inserts that each wait on the other's exclusion check: PostgreSQL breaks
    // the cycle by rolling one back (40P01). Here the other side is a plain connection that holds
    // Dana at 14:00 with Alex and then books Robin with Sam at that time, so the cycle forms every
    // time (the therapist constraint is checked before the patient one).
    const dana = await insertWaitingPatient(t, {
      givenName: 'Dana',
      familyName: 'Lowe',
      email: null,
      mobile: null,
      allowEmail: false,
      allowSms: false,
      status: 'new',
    });
    const pool = (t.database.db as unknown as { $client: Pool }).$client;
    const other = await pool.connect();
    const insertSql = `insert into appointments (service_id, patient_id, therapist_id, type, starts_at, ends_at, mode, booked_by, created_at, updated_at)
      values ($1, $2, $3, 'review', $4, $5, 'video', $6, now(), now())`;
    const at = ['2026-12-09T14:00:00Z', '2026-12-09T14:30:00Z'];
    const uc = createUseCase({
      db: t.database.db,
      clock: t.clock,
      actor: {
        serviceId: t.service.id,
        userId: w.managerId,
        role: 'service_manager',
        ip: null,
        requestId: null,
      },
      user: {
        serviceId: t.service.id,
        userId: w.managerId,
        email: 'manager@example.nhs.uk',
        displayName: 'Morgan Reid',
        roles: ['service_manager' as const],
        sessionTokenHash: 'x',
      },
      service: t.service,
      links: { publicUrl: 'http://localhost:3000', serviceName: 'NHS Talking Therapies' },
    });
    const waitingOnLocks = async () => {
      const rows = await pool.query<{ n: number }>(
        `select count(*)::int as n from pg_stat_activity where wait_event_type = 'Lock' and datname = current_database()`,
      );
      return rows.rows[0]!.n;
    };
    try {
      await other.query('begin');
      await other.query(insertSql, [t.service.id, dana.patientId, w.alexId, ...at, w.managerId]);
      const booking = bookAppointments(uc, {
        patientId: dana.patientId,
        courseId: null,
        kind: 'assessment',
        therapistId: w.samId,
        date: '2026-12-09',
        time: '14:00',
        durationMinutes: 30,
        mode: 'video',
        locationId: null,
        roomId: null,
        repeat: 'once',
      });
      // The booking has put Sam down for 14:00 and waits on Dana's uncommitted 14:00.
      await expect.poll(waitingOnLocks, { timeout: 10_000 }).toBe(1);
      // Robin with Sam at 14:00 now waits on the booking: a cycle, which PostgreSQL breaks.
      const second = other
        .query(insertSql, [t.service.id, w.robin.patientId, w.samId, ...at, w.managerId])
        .then(
          () => null,
          (err: unknown) => err,
        );
      expect(await second).toBeNull();
      await other.query('commit');
      const outcome = await booking;
      expect(outcome.ok).toBe(false);
      expect(!outcome.ok && 'errors' in outcome ? outcome.errors[0]!.message : '').toMatch(
        /already has an appointment at that time/,
      );
      const danas = await appointmentsOf(dana.patientId);
      expect(danas.map((a) => a.therapistId)).toEqual([w.alexId]);
    } finally {
      await other.query('rollback').catch(() => undefined);
      other.release();
    }
  });
});

/** The office hours every settings form carries: Monday to Friday, 9 to 5. */
const OFFICE = {
  officeDays: ['1', '2', '3', '4', '5'],
  officeOpens: '09:00',
  officeCloses: '17:00',
};

describe('service settings: office hours and the Wall’s', () => {
  it('shows the hours kept, refuses impossible ones, and saves the office’s and the Wall’s', async () => {
    const m = await manager();
    const page = await m.get('/diary/settings');
    expect(page.body).toContain('value="09:00"');
    const form = { reminderHours: '48, 2', questionnaireDays: '3', plannedIptSessions: '16' };
    const bad = await m.post('/diary/settings', {
      ...form,
      officeOpens: '5pm',
      officeCloses: '9am',
      wallDays: ['6'],
      wallOpens: 'noonish',
      wallCloses: '',
    });
    expect(bad.statusCode).toBe(400);
    const text = textOf(bad.body);
    expect(text).toContain('Select the days the service is open');
    expect(text).toContain('Time the service closes must be after the time it opens');
    expect(text).toContain('Time the Wall opens must be a real time, like 09:30 or 2:15pm');
    expect(text).toContain('Enter the time the Wall closes');
    expect(bad.body).toContain('noonish');

    const ok = await m.post('/diary/settings', {
      ...form,
      officeDays: ['1', '2', '3', '4'],
      officeOpens: '8am',
      officeCloses: '16:30',
      wallDays: ['1', '3', '5', '6'],
      wallOpens: '10:00',
      wallCloses: '8pm',
    });
    expect(ok.statusCode).toBe(303);
    const [row] = await t.database.db.select().from(services).where(eq(services.id, t.service.id));
    expect(row!.officeHours).toMatchObject({ days: [1, 2, 3, 4], opens: '08:00', closes: '16:30' });
    expect(row!.settings.wallHours).toMatchObject({
      days: [1, 3, 5, 6],
      opens: '10:00',
      closes: '20:00',
    });
    // Emptied, the Wall goes back to office hours.
    await m.get('/diary/settings');
    await m.post('/diary/settings', { ...form, ...OFFICE });
    const [after] = await t.database.db
      .select()
      .from(services)
      .where(eq(services.id, t.service.id));
    expect(after!.settings.wallHours ?? null).toBeNull();
    expect(after!.officeHours).toMatchObject({ days: [1, 2, 3, 4, 5], opens: '09:00' });
  });
});

describe('service settings: extra closures and reminders', () => {
  it('lets a manager add closures, which weekly courses then skip', async () => {
    const m = await manager();
    const page = await m.get('/diary/settings');
    expect(page.statusCode).toBe(200);
    const bad = await m.post('/diary/settings', {
      ...OFFICE,
      extraClosures: '24/12/2026\nnot a date',
      reminderHours: '48, two',
      questionnaireDays: '3',
      plannedIptSessions: '20',
    });
    expect(bad.statusCode).toBe(400);
    expect(textOf(bad.body)).toContain('“not a date” must be a real date, like 25/12/2026');
    expect(textOf(bad.body)).toContain('Enter up to 5 whole numbers of hours');
    expect(textOf(bad.body)).toContain('Planned sessions must be between 12 and 16');
    expect(bad.body).toContain('48, two');
    const ok = await m.post('/diary/settings', {
      ...OFFICE,
      extraClosures: '13/1/2027\n2026-12-30',
      reminderHours: '24',
      questionnaireDays: '2',
      plannedIptSessions: '14',
    });
    expect(ok.statusCode).toBe(303);
    const saved = await m.get('/diary/settings?saved=1');
    expect(textOf(saved.body)).toContain('Wednesday 30 December 2026');
    expect(textOf(saved.body)).toContain('Reminders now go 1 day before');

    const lee = await insertWaitingPatient(t, {
      givenName: 'Lee',
      familyName: 'Wong',
      email: 'lee@example.com',
      mobile: null,
      allowEmail: true,
      allowSms: false,
    });
    const course = await startCourse(t, lee.patientId, w.priyaId, 12);
    const priya = await signedIn('priya@example.nhs.uk');
    const res = await book(
      priya,
      bookingForm({
        patientId: lee.patientId,
        courseId: course,
        therapistId: w.priyaId,
        'date-day': '23',
        time: '16:00',
        repeat: 'weekly',
      }),
    );
    expect(res.statusCode).toBe(303);
    const dates = (await appointmentsOf(lee.patientId)).map((r) => utcToLondon(r.startsAt).date);
    expect(dates.slice(0, 4)).toEqual(['2026-12-23', '2027-01-06', '2027-01-20', '2027-01-27']);
    // Reminders follow the new setting: 1 day before, and questionnaires 2 days before.
    const first = (await outboxFor(lee.patientId)).filter((x) =>
      x.idempotencyKey.includes(':reminder:'),
    );
    expect(new Set(first.map((x) => x.idempotencyKey.split(':reminder:')[1]))).toEqual(
      new Set(['1440:email']),
    );

    // A new closure on a day a session is still booked is refused, naming the session (H10);
    // the closures already kept are not checked again.
    await m.get('/diary/settings');
    const settings = {
      ...OFFICE,
      reminderHours: '24',
      questionnaireDays: '2',
      plannedIptSessions: '14',
    };
    const stranded = await m.post('/diary/settings', {
      ...settings,
      extraClosures: '13/1/2027\n30/12/2026\n27/1/2027',
    });
    expect(stranded.statusCode).toBe(400);
    expect(textOf(stranded.body)).toContain(
      'Wednesday 27 January 2027 at 4pm, Lee Wong: booked on a day you are adding as a closure',
    );
    expect(stranded.body).toContain('27/1/2027');
    const [kept] = await t.database.db.select().from(services).where(eq(services.id, t.service.id));
    expect(kept!.officeHours.extraClosures).not.toContain('2027-01-27');
    const free = await m.post('/diary/settings', {
      ...settings,
      extraClosures: '13/1/2027\n30/12/2026\n28/1/2027',
    });
    expect(free.statusCode).toBe(303);
  });
});

describe('an edited address with a date the diary cannot draw', () => {
  it('shows today rather than failing, on every diary page (walk 4)', async () => {
    const appt = (await appointmentsOf(w.taylor.patientId)).find(
      (a) => a.status === 'booked' && a.therapistId === w.samId,
    );
    const cases: [Promise<TestClient>, string][] = [
      [sam(), '/diary?view=week&date=9999-12-31'],
      [sam(), '/diary?date=9999-12-31'],
      [sam(), '/diary?view=day&date=9999-12-31'],
      [sam(), '/diary?view=week&date=1900-01-01'],
      [sam(), '/diary?view=week&date=0001-01-01'],
      [sam(), `/diary/appointments/${appt!.id}/rearrange?week=9999-12-27`],
      [sam(), `/diary/appointments/${appt!.id}/rearrange?date=1900-01-01`],
      [manager(), '/diary/all?date=9999-12-31'],
      [manager(), '/diary/all?view=week&date=9999-12-31'],
      [manager(), '/diary/rooms?date=9999-12-31'],
    ];
    for (const [client, url] of cases)
      expect([url, (await (await client).get(url)).statusCode]).toEqual([url, 200]);
  });

  it('says why a "Go to a date" could not be read, keeping what was typed (400, walk 6)', async () => {
    // The summary links to the first box at fault: the year that is too early, the missing month.
    const cases = [
      [
        sam(),
        '/diary?go-day=1&go-month=1&go-year=1900',
        'Date to go to must be in 1979 or later',
        'go-year',
      ],
      [
        sam(),
        '/diary?view=day&go-day=31&go-month=2&go-year=2027',
        'Date to go to must be a real date',
        'go-day',
      ],
      [
        manager(),
        '/diary/all?go-day=3&go-month=&go-year=2027',
        'Date to go to must include a month',
        'go-month',
      ],
      [
        manager(),
        '/diary/rooms?go-day=x&go-month=1&go-year=2027',
        'Date to go to must be a real date',
        'go-day',
      ],
    ] as const;
    for (const [client, url, message, box] of cases) {
      const res = await (await client).get(url);
      expect([url, res.statusCode]).toEqual([url, 400]);
      const text = textOf(res.body);
      expect(text).toContain('There is a problem');
      expect(text).toContain(message);
      expect([url, /href="#(go-[a-z]+)"/.exec(res.body)?.[1]]).toEqual([url, box]);
      // Only the box at fault is outlined.
      expect([
        url,
        [...res.body.matchAll(/nhsuk-input--error[^>]*id="(go-[a-z]+)"/g)].map((m) => m[1]),
      ]).toEqual([
        url,
        box === 'go-day' && url.includes('31') ? ['go-day', 'go-month', 'go-year'] : [box],
      ]);
    }
    const kept = await (await sam()).get('/diary?view=day&go-day=31&go-month=2&go-year=2027');
    expect(kept.body).toMatch(/name="go-day"[^>]*value="31"|value="31"[^>]*name="go-day"/);
    // A good date in a week view keeps the day typed, not the week's Monday (walk 7).
    const week = await (await sam()).get('/diary?view=week&go-day=3&go-month=12&go-year=2026');
    expect(week.statusCode).toBe(200);
    expect(textOf(week.body)).toContain('Week beginning Monday 30 November 2026');
    expect(week.body).toMatch(/name="go-day"[^>]*value="3"|value="3"[^>]*name="go-day"/);
  });
});

describe('a room or location with sessions booked in it is not taken out of use', () => {
  it('refuses, saying how many sessions and from when; once they are moved, it closes', async () => {
    const ola = await insertWaitingPatient(t, {
      givenName: 'Ola',
      familyName: 'Nowak',
      email: 'ola@example.com',
      mobile: null,
      allowEmail: true,
      allowSms: false,
    });
    const course = await startCourse(t, ola.patientId, w.samId, 12);
    const c = await sam();
    const series = await book(
      c,
      bookingForm({
        patientId: ola.patientId,
        courseId: course,
        therapistId: w.samId,
        'date-day': '3',
        'date-month': '3',
        'date-year': '2027',
        time: '14:00',
        mode: 'face_to_face',
        locationId: w.leedsId,
        roomId: w.room2Id,
        repeat: 'weekly',
      }),
    );
    expect(series.statusCode).toBe(303);
    const booked = await appointmentsOf(ola.patientId);
    expect(booked).toHaveLength(12);

    // Everything still booked in Room 2 (earlier tests in this file book it too).
    const inRoom2 = and(
      eq(appointments.serviceId, t.service.id),
      eq(appointments.roomId, w.room2Id),
      eq(appointments.status, 'booked'),
      gt(appointments.endsAt, t.clock.now()),
    );
    const stillBooked = await t.database.db
      .select()
      .from(appointments)
      .where(inRoom2)
      .orderBy(asc(appointments.startsAt));
    expect(stillBooked.length).toBeGreaterThanOrEqual(12);

    const m = await manager();
    const close = `/locations/${w.leedsId}/rooms/${w.room2Id}/close`;
    await m.get(`/locations/${w.leedsId}`);
    const refused = await m.post(close, {});
    expect(refused.statusCode).toBe(400);
    expect(textOf(refused.body)).toContain(
      `Room 2 has ${stillBooked.length} sessions booked from ${formatLondonDateTime(stillBooked[0]!.startsAt)}. Move them to another room or to video first, then take Room 2 out of use`,
    );
    expect(refused.body).toContain(`href="#room-${w.room2Id}"`);
    expect(refused.body).toContain(`id="room-${w.room2Id}"`);
    const roomNow = () =>
      t.database.db.select({ active: rooms.active }).from(rooms).where(eq(rooms.id, w.room2Id));
    expect(await roomNow()).toEqual([{ active: true }]);

    // The whole location likewise, on its edit form, with the answers kept.
    const locationNow = () =>
      t.database.db
        .select({ active: locations.active })
        .from(locations)
        .where(eq(locations.id, w.leedsId));
    const leedsForm = {
      name: 'Leeds Central',
      address: '1 Park Row\nLeeds',
      postcode: 'LS1 5AB',
      stepFreeAccess: 'yes',
      accessInformation: 'Lift to all floors. Hearing loop at reception.',
      active: 'no',
      'opening-1-opens': '09:00',
      'opening-1-closes': '17:00',
    };
    await m.get(`/locations/${w.leedsId}/edit`);
    const leedsRefused = await m.post(`/locations/${w.leedsId}/edit`, leedsForm);
    expect(leedsRefused.statusCode).toBe(400);
    const leedsBooked = await t.database.db
      .select()
      .from(appointments)
      .where(
        and(
          eq(appointments.serviceId, t.service.id),
          eq(appointments.locationId, w.leedsId),
          eq(appointments.status, 'booked'),
          gt(appointments.endsAt, t.clock.now()),
        ),
      )
      .orderBy(asc(appointments.startsAt));
    expect(textOf(leedsRefused.body)).toContain(
      `Leeds Central has ${leedsBooked.length} sessions booked from ${formatLondonDateTime(leedsBooked[0]!.startsAt)}. Move them to another location or to video first, then take Leeds Central out of use`,
    );
    expect(leedsRefused.body).toContain('Hearing loop at reception.</textarea>');
    expect(leedsRefused.body).toContain('href="#active-1"');
    // Nor are its opening hours changed under a session booked there (H10): open only on another
    // weekday, the first session would fall when it is shut.
    const first = leedsBooked.find((a) => !a.outsideHoursReason)!;
    const otherDay = (utcToLondon(first.startsAt).weekday % 7) + 1;
    const shutThen = await m.post(`/locations/${w.leedsId}/edit`, {
      ...leedsForm,
      active: 'yes',
      'opening-1-opens': '',
      'opening-1-closes': '',
      [`opening-${otherDay}-opens`]: '09:00',
      [`opening-${otherDay}-closes`]: '17:00',
    });
    expect(shutThen.statusCode).toBe(400);
    expect(textOf(shutThen.body)).toContain(`${formatLondonDateTime(first.startsAt)}, `);
    expect(textOf(shutThen.body)).toContain('Leeds Central would be closed then');
    const [hoursNow] = await t.database.db
      .select({ openingHours: locations.openingHours })
      .from(locations)
      .where(eq(locations.id, w.leedsId));
    expect(hoursNow!.openingHours).toHaveProperty('1'); // Monday kept: nothing saved
    expect(await locationNow()).toEqual([{ active: true }]);

    // Moved elsewhere (here: cancelled): nothing is booked there, so it can close.
    await t.database.db
      .update(appointments)
      .set({ status: 'cancelled', cancelledBy: 'service', cancellationReason: 'Moved to video' })
      .where(inRoom2);
    await m.get(`/locations/${w.leedsId}`);
    expect((await m.post(close, {})).statusCode).toBe(303);
    expect(await roomNow()).toEqual([{ active: false }]);
    await t.database.db
      .update(appointments)
      .set({ status: 'cancelled', cancelledBy: 'service', cancellationReason: 'Moved to video' })
      .where(and(eq(appointments.serviceId, t.service.id), eq(appointments.locationId, w.leedsId)));
    await m.get(`/locations/${w.leedsId}/edit`);
    expect((await m.post(`/locations/${w.leedsId}/edit`, leedsForm)).statusCode).toBe(303);
    expect(await locationNow()).toEqual([{ active: false }]);
  });
});

describe('a missed session corrected to attended (H11, walk 9)', () => {
  it('withdraws the "we missed you" message while its notice waits; once sent, it stays and no second one goes', async () => {
    const jamie = await insertWaitingPatient(t, {
      givenName: 'Jamie',
      familyName: 'Stone',
      email: 'jamie@example.com',
      mobile: null,
      allowEmail: true,
      allowSms: false,
    });
    const m = await manager();
    const res = await book(
      m,
      bookingForm({
        patientId: jamie.patientId,
        type: 'review',
        therapistId: w.alexId,
        duration: '30',
        mode: 'video',
        'date-day': '27',
        'date-month': '11',
        time: '11:00',
      }),
    );
    expect(res.statusCode).toBe(303);
    const id = idFrom(res.headers.location);
    const inbox = () =>
      t.database.db
        .select()
        .from(patientMessages)
        .where(eq(patientMessages.patientId, jamie.patientId));
    const noticesOf = async (messageId: string) =>
      (await outboxFor(jamie.patientId)).filter((x) =>
        x.idempotencyKey.startsWith(`new-message:${messageId}:`),
      );
    t.clock.set('2026-11-27T11:40:00Z');
    try {
      const c = await manager();
      const record = async (status: string) => {
        await c.get(`/diary/appointments/${id}`);
        return c.post(`/diary/appointments/${id}/attendance`, { status });
      };
      expect((await record('did_not_attend')).headers.location).toContain('done=missed');
      const [missed] = await inbox();
      expect(missed!.subject).toBeTruthy();
      expect((await noticesOf(missed!.id)).map((x) => x.status)).toEqual(['pending']);

      // They did come after all: the message and its waiting notice are taken back.
      expect((await record('attended')).statusCode).toBe(303);
      expect(await inbox()).toHaveLength(0);
      expect((await noticesOf(missed!.id)).map((x) => x.status)).toEqual(['cancelled']);
      const [audit] = await t.database.db
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.action, 'appointment.attendance'), eq(auditEvents.recordId, id)))
        .orderBy(sql`${auditEvents.at} desc, ${auditEvents.id} desc`)
        .limit(1);
      expect(audit!.details).toMatchObject({ status: 'attended', missedMessageWithdrawn: true });

      // Missed again, and this time the notice has gone: the message stays, nothing more is sent.
      expect((await record('did_not_attend')).headers.location).toContain('done=missed');
      const [again] = await inbox();
      await t.database.db
        .update(outboxMessages)
        .set({ status: 'sent' })
        .where(like(outboxMessages.idempotencyKey, `new-message:${again!.id}:%`));
      const before = (await outboxFor(jamie.patientId)).length;
      expect((await record('attended')).statusCode).toBe(303);
      expect((await inbox()).map((x) => x.id)).toEqual([again!.id]);
      expect((await noticesOf(again!.id)).map((x) => x.status)).toEqual(['sent']);
      expect((await outboxFor(jamie.patientId)).length).toBe(before);
    } finally {
      t.clock.set('2026-11-25T10:00:00Z');
    }
  });
});

describe('"Book a review instead" keeps what was typed', () => {
  const onceOf = (body: string) => /name="_once" value="([^"]+)"/.exec(body)?.[1] ?? '';
  const inputValue = (body: string, name: string) => {
    const m = new RegExp(
      `name="${name}"[^>]*value="([^"]*)"|value="([^"]*)"[^>]*name="${name}"`,
    ).exec(body);
    return m ? (m[1] ?? m[2]) : undefined;
  };
  const checkedMode = (body: string) =>
    [...body.matchAll(/<input[^>]*name="mode"[^>]*>/g)]
      .map((m) => m[0])
      .filter((tag) => /checked/.test(tag))
      .map((tag) => /value="([a-z_]+)"/.exec(tag)?.[1]);
  const selected = (body: string, id: string) =>
    new RegExp(`<option[^>]*value="${id}"[^>]*selected`).test(body) ||
    new RegExp(`<option[^>]*selected[^>]*value="${id}"`).test(body);

  it('switches to a review with the date, time, place and therapist kept, books nothing, then books the review', async () => {
    const c = await sam();
    const before = (await appointmentsOf(w.taylor.patientId)).length;
    const page = await c.get(`/diary/book?course=${taylorCourse}`);
    // The other types are buttons of the booking form, not links that would lose what is typed.
    expect(switchButtons(page.body)).toEqual(['assessment', 'review']);
    expect(page.body).not.toContain(`href="/diary/book?course=${taylorCourse}&amp;type=review"`);
    const once = onceOf(page.body);
    expect(once).not.toBe('');
    const typed = bookingForm({
      patientId: w.taylor.patientId,
      courseId: taylorCourse,
      therapistId: w.samId,
      'date-day': '18',
      'date-month': '12',
      'date-year': '2026',
      time: '15:00',
      mode: 'face_to_face',
      // Leeds Central is closed by now; Sam does not work at Bradford, so a reason is given.
      locationId: w.bradfordId,
      roomId: w.gardenRoomId,
      outsideHours: 'yes',
      outsideHoursReason: 'Closer to home',
      _once: once,
    });

    const formShown = async () =>
      (
        await t.database.db
          .select()
          .from(auditEvents)
          .where(
            and(
              eq(auditEvents.action, 'diary.book_form'),
              eq(auditEvents.patientId, w.taylor.patientId),
            ),
          )
      ).length;
    const shownBefore = await formShown();
    const switched = await c.post('/diary/book', { ...typed, switchType: 'review' });
    expect(switched.statusCode).toBe(200);
    // The form shown again is a new look at the patient's booking details, audited as the first.
    expect(await formShown()).toBe(shownBefore + 1);
    // So is the form shown back with a problem to put right.
    const { _once: _unused, ...withoutKey } = typed;
    const problem = await c.post('/diary/book', { ...withoutKey, time: '' });
    expect(problem.statusCode).toBe(400);
    expect(await formShown()).toBe(shownBefore + 2);
    expect(switched.body).not.toContain('nhsuk-error-summary');
    expect(textOf(switched.body)).toContain('Type of appointment: Review');
    expect(switchButtons(switched.body)).toEqual(['assessment', 'ipt_session']);
    expect(inputValue(switched.body, 'type')).toBe('review');
    expect(inputValue(switched.body, 'date-day')).toBe('18');
    expect(inputValue(switched.body, 'date-month')).toBe('12');
    expect(inputValue(switched.body, 'date-year')).toBe('2026');
    expect(inputValue(switched.body, 'time')).toBe('15:00');
    // The IPT session's usual 50 minutes become a review's usual 30.
    expect(inputValue(switched.body, 'duration')).toBe('30');
    expect(checkedMode(switched.body)).toEqual(['face_to_face']);
    expect(selected(switched.body, w.bradfordId)).toBe(true);
    expect(selected(switched.body, w.gardenRoomId)).toBe(true);
    expect(switched.body).toMatch(
      /<input[^>]*name="outsideHours"[^>]*checked|<input[^>]*checked[^>]*name="outsideHours"/,
    );
    expect(switched.body).toContain('>Closer to home</textarea>');
    expect(inputValue(switched.body, 'therapistId')).toBe(w.samId);
    // Only IPT sessions repeat weekly: a review is one appointment.
    expect(switched.body).not.toContain('name="repeat"');
    expect(await appointmentsOf(w.taylor.patientId)).toHaveLength(before);

    // The switch spent no one-time key: the same key books (ADR 0039), once.
    const review = { ...typed, type: 'review', duration: '30' };
    const booked = await c.post('/diary/book', review);
    expect(booked.statusCode).toBe(303);
    const after = await appointmentsOf(w.taylor.patientId);
    expect(after).toHaveLength(before + 1);
    const row = after.find((a) => a.id === idFrom(booked.headers.location));
    expect(row?.type).toBe('review');
    expect(row?.startsAt.toISOString()).toBe('2026-12-18T15:00:00.000Z');
    expect(row?.roomId).toBe(w.gardenRoomId);
    // The key the switched page carries books too: it is a new one.
    expect(onceOf(switched.body)).not.toBe(once);
    const again = await c.post('/diary/book', review);
    expect(again.statusCode).toBe(303);
    expect(again.headers.location).toBe(booked.headers.location);
    expect(await appointmentsOf(w.taylor.patientId)).toHaveLength(before + 1);
  });

  it('drops a phone call on the way to an IPT session (H7); a post asking for a type never books', async () => {
    const c = await sam();
    const before = (await appointmentsOf(w.taylor.patientId)).length;
    await c.get(`/diary/book?course=${taylorCourse}&type=review`);
    const res = await c.post(
      '/diary/book',
      bookingForm({
        patientId: w.taylor.patientId,
        courseId: taylorCourse,
        therapistId: w.samId,
        type: 'review',
        'date-day': '21',
        time: '9:30',
        duration: '40',
        mode: 'phone',
        switchType: 'ipt_session',
      }),
    );
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toContain('nhsuk-error-summary');
    expect(textOf(res.body)).toContain('Type of appointment: IPT session');
    expect(checkedMode(res.body)).toEqual([]);
    expect(inputValue(res.body, 'date-day')).toBe('21');
    expect(inputValue(res.body, 'time')).toBe('9:30');
    // A length the booker typed is theirs: kept.
    expect(inputValue(res.body, 'duration')).toBe('40');
    expect(await appointmentsOf(w.taylor.patientId)).toHaveLength(before);

    // Without the CSRF token the switch is refused like any post.
    const forged = await c.post(
      '/diary/book',
      bookingForm({ patientId: w.taylor.patientId, courseId: taylorCourse, switchType: 'review' }),
      { csrf: false },
    );
    expect(forged.statusCode).toBe(403);
  });

  it('offers no IPT session without a course: asking for one changes nothing and books nothing', async () => {
    const m = await manager();
    const before = (await appointmentsOf(w.robin.patientId)).length;
    const page = await m.get(`/diary/book?patient=${w.robin.patientId}`);
    expect(switchButtons(page.body)).toEqual(['review']);
    const res = await m.post(
      '/diary/book',
      bookingForm({
        patientId: w.robin.patientId,
        therapistId: w.samId,
        type: 'assessment',
        duration: '60',
        'date-day': '22',
        switchType: 'ipt_session',
      }),
    );
    expect(res.statusCode).toBe(200);
    expect(textOf(res.body)).toContain('Type of appointment: Wellbeing assessment');
    expect(inputValue(res.body, 'date-day')).toBe('22');
    expect(await appointmentsOf(w.robin.patientId)).toHaveLength(before);
  });
});
