/**
 * Issue 9 items 1 and 10: bookings within working patterns, opening hours and closures (hazard
 * H10), reminders kept out of the night, and the weekly-series hint saying what happens.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, asc, eq } from 'drizzle-orm';
import { appointments, auditEvents, outboxMessages } from '../../db/schema';
import { utcToLondon } from '../../domain/calendar';
import { inQuietHours } from '../../domain/diary';
import { TestClient, textOf } from '../../../tests/support/client';
import { insertPatient, insertReferral } from '../../../tests/support/fixtures';
import { createTestApp, TEST_PASSWORD, type TestApp } from '../../../tests/support/test-app';
import {
  bookingForm,
  insertWaitingPatient,
  seedDiaryWorld,
  startCourse,
  type DiaryWorld,
} from '../../../tests/fixtures/diary-world';

let t: TestApp;
let w: DiaryWorld;
let taylorCourse: string;

async function sam() {
  const c = new TestClient(t.app);
  expect((await c.signIn('sam@example.nhs.uk', TEST_PASSWORD)).statusCode).toBe(303);
  return c;
}

const rowsOf = (patientId: string) =>
  t.database.db
    .select()
    .from(appointments)
    .where(and(eq(appointments.serviceId, t.service.id), eq(appointments.patientId, patientId)))
    .orderBy(asc(appointments.startsAt));

const idFrom = (location: unknown) =>
  /\/diary\/appointments\/([0-9a-f-]{36})/.exec(String(location))?.[1] ?? '';

const SUNDAY_REFUSAL =
  'Sam Okafor does not work on Sundays. Choose a time between 9am and 5pm, Monday to Friday, or give a reason';

beforeAll(async () => {
  t = await createTestApp();
  w = await seedDiaryWorld(t);
  taylorCourse = await startCourse(t, w.taylor.patientId, w.samId, 16);
});
afterAll(async () => t.close());

describe('booking outside the usual hours', () => {
  it('refuses a Sunday assessment, asks for a reason when the box is ticked, then books it with the reason kept, audited and shown', async () => {
    const c = await sam();
    const sunday = bookingForm({
      patientId: w.taylor.patientId,
      therapistId: w.samId,
      type: 'assessment',
      duration: '60',
      'date-day': '6',
    });
    await c.get(`/diary/book?patient=${w.taylor.patientId}`);
    const refused = await c.post('/diary/book', sunday);
    expect(refused.statusCode).toBe(400);
    expect(textOf(refused.body)).toContain(SUNDAY_REFUSAL);
    expect(await rowsOf(w.taylor.patientId)).toHaveLength(0);

    const noReason = await c.post('/diary/book', { ...sunday, outsideHours: 'yes' });
    expect(noReason.statusCode).toBe(400);
    expect(textOf(noReason.body)).toContain('Enter why the appointment is outside the usual hours');

    const reason = 'The patient works weekdays and asked for a Sunday';
    const booked = await c.post('/diary/book', {
      ...sunday,
      outsideHours: 'yes',
      outsideHoursReason: reason,
    });
    expect(booked.statusCode).toBe(303);
    const id = idFrom(booked.headers.location);
    const [row] = await rowsOf(w.taylor.patientId);
    expect(row?.id).toBe(id);
    expect(row?.outsideHoursReason).toBe(reason);
    const [audit] = await t.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'appointment.book'), eq(auditEvents.recordId, id)));
    expect(audit?.details).toMatchObject({ outsideHoursReason: reason });
    const page = await c.get(`/diary/appointments/${id}`);
    expect(textOf(page.body)).toContain(`Outside the usual hours ${reason}`);
  });

  it('keeps no reason on a booking within the hours, even if one was typed', async () => {
    const c = await sam();
    await c.get(`/diary/book?course=${taylorCourse}`);
    const res = await c.post(
      '/diary/book',
      bookingForm({
        patientId: w.taylor.patientId,
        courseId: taylorCourse,
        therapistId: w.samId,
        'date-day': '8',
        outsideHours: 'yes',
        outsideHoursReason: 'Not needed',
      }),
    );
    expect(res.statusCode).toBe(303);
    const row = (await rowsOf(w.taylor.patientId)).find(
      (r) => r.id === idFrom(res.headers.location),
    );
    expect(row?.outsideHoursReason).toBeNull();
  });

  it('refuses a bank holiday and says a reason can be given', async () => {
    const c = await sam();
    await c.get(`/diary/book?course=${taylorCourse}`);
    const res = await c.post(
      '/diary/book',
      bookingForm({
        patientId: w.taylor.patientId,
        courseId: taylorCourse,
        therapistId: w.samId,
        'date-day': '25',
      }),
    );
    expect(res.statusCode).toBe(400);
    expect(textOf(res.body)).toContain(
      'Friday 25 December 2026 is a bank holiday (Christmas Day). Choose another date, or give a reason',
    );
  });

  it('face to face after hours names both the therapist’s hours and the location’s', async () => {
    const c = await sam();
    await c.get(`/diary/book?course=${taylorCourse}`);
    const res = await c.post(
      '/diary/book',
      bookingForm({
        patientId: w.taylor.patientId,
        courseId: taylorCourse,
        therapistId: w.samId,
        'date-day': '9',
        time: '17:30',
        mode: 'face_to_face',
        locationId: w.leedsId,
        roomId: w.room1Id,
      }),
    );
    expect(res.statusCode).toBe(400);
    const text = textOf(res.body);
    expect(text).toContain('Sam Okafor does not work from 5:30pm to 6:20pm on Wednesdays');
    expect(text).toContain('Leeds Central is not open from 5:30pm to 6:20pm on Wednesdays');
  });

  it('refuses a weekly series at 6am; with a reason it is booked and no reminder goes at night', async () => {
    const c = await sam();
    const early = bookingForm({
      patientId: w.taylor.patientId,
      courseId: taylorCourse,
      therapistId: w.samId,
      'date-day': '15',
      time: '06:00',
      repeat: 'weekly',
    });
    await c.get(`/diary/book?course=${taylorCourse}`);
    const refused = await c.post('/diary/book', early);
    expect(refused.statusCode).toBe(400);
    expect(textOf(refused.body)).toContain(
      'Sam Okafor does not work from 6am to 6:50am on Tuesdays. Choose a time between 9am and 5pm, Monday to Friday, or give a reason',
    );
    const before = (await rowsOf(w.taylor.patientId)).filter(
      (r) => r.type === 'ipt_session',
    ).length;
    const booked = await c.post('/diary/book', {
      ...early,
      outsideHours: 'yes',
      outsideHoursReason: 'Works shifts: asked for early mornings',
    });
    expect(booked.statusCode).toBe(303);
    const series = (await rowsOf(w.taylor.patientId)).filter((r) => r.seriesId !== null);
    expect(series.length).toBe(16 - before);
    for (const r of series)
      expect(r.outsideHoursReason).toBe('Works shifts: asked for early mornings');

    const reminders = await t.database.db
      .select()
      .from(outboxMessages)
      .where(
        and(
          eq(outboxMessages.serviceId, t.service.id),
          eq(outboxMessages.patientId, w.taylor.patientId),
          eq(outboxMessages.template, 'appointment-reminder'),
        ),
      );
    expect(reminders.length).toBeGreaterThan(0);
    for (const m of reminders)
      expect(inQuietHours(m.notBefore), m.notBefore.toISOString()).toBe(false);
    // The 2-hour reminder for 6am (due 4am) goes at 7pm the evening before.
    const first = series[0];
    if (!first) throw new Error('no series');
    const evening = reminders.filter(
      (m) =>
        m.idempotencyKey.startsWith(`appt:${first.id}:`) &&
        utcToLondon(m.notBefore).time === '19:00',
    );
    expect(evening.length).toBeGreaterThan(0);
  });

  it('refuses moving an appointment to a Sunday unless a reason is given', async () => {
    const c = await sam();
    const [appt] = (await rowsOf(w.taylor.patientId)).filter(
      (r) => r.status === 'booked' && r.outsideHoursReason === null,
    );
    if (!appt) throw new Error('no appointment');
    const form = {
      'date-day': '13',
      'date-month': '12',
      'date-year': '2026',
      time: '11:00',
      duration: '50',
      mode: 'video',
      locationId: '',
      roomId: '',
    };
    await c.get(`/diary/appointments/${appt.id}/rearrange`);
    const refused = await c.post(`/diary/appointments/${appt.id}/rearrange`, form);
    expect(refused.statusCode).toBe(400);
    expect(textOf(refused.body)).toContain(SUNDAY_REFUSAL);
    const moved = await c.post(`/diary/appointments/${appt.id}/rearrange`, {
      ...form,
      outsideHours: 'yes',
      outsideHoursReason: 'Only free on Sundays this month',
    });
    expect(moved.statusCode).toBe(303);
    const [after] = (await rowsOf(w.taylor.patientId)).filter((r) => r.id === appt.id);
    expect(after?.outsideHoursReason).toBe('Only free on Sundays this month');
  });

  it('refuses a Sunday wellbeing assessment from triage, then books it with a reason', async () => {
    const patient = await insertPatient(t, { givenName: 'Ari', familyName: 'Sunday' });
    const referral = await insertReferral(t, {
      givenName: 'Ari',
      familyName: 'Sunday',
      patientId: patient.id,
    });
    const c = await sam();
    const url = `/staff/referrals/${referral.id}/book`;
    const form = {
      clinicianId: w.samId,
      'date-day': '6',
      'date-month': '12',
      'date-year': '2026',
      time: '14:00',
      mode: 'phone',
    };
    const page = await c.get(url);
    expect(textOf(page.body)).toContain('Outside the usual hours');
    const refused = await c.post(url, form);
    expect(refused.statusCode).toBe(400);
    expect(textOf(refused.body)).toContain(SUNDAY_REFUSAL);
    expect(await rowsOf(patient.id)).toHaveLength(0);
    const booked = await c.post(url, {
      ...form,
      outsideHours: 'yes',
      outsideHoursReason: 'Cares for a relative on weekdays',
    });
    expect(booked.statusCode).toBe(303);
    const [row] = await rowsOf(patient.id);
    expect(row?.type).toBe('assessment');
    expect(row?.outsideHoursReason).toBe('Cares for a relative on weekdays');
  });
});

describe('the weekly-booking hint', () => {
  it('says only a session on a closed date is left out, not the whole week', async () => {
    const c = await sam();
    // Taylor's course is fully booked by now, and a full course offers no weekly series (walk 6):
    // Robin's new course does.
    const fullPage = (await c.get(`/diary/book?course=${taylorCourse}`)).body;
    expect(textOf(fullPage)).not.toContain('How many IPT sessions?');
    // Nothing left to book: a review is the likely booking, so it is the type booked.
    expect(textOf(fullPage)).toContain('Type of appointment: Review');
    expect(fullPage).toMatch(/name="type" value="review"|value="review" name="type"/);
    const robinCourse = await startCourse(t, w.robin.patientId, w.samId, 12);
    const text = textOf((await c.get(`/diary/book?course=${robinCourse}`)).body);
    expect(text).toContain(
      'A session that would fall on a bank holiday or a service closure is left out, and the course runs on a week longer instead.',
    );
    expect(text).not.toContain('Weeks with a bank holiday');
  });
});

describe('booking at a location the therapist does not work at (H10)', () => {
  it('refuses a face-to-face session and a weekly series at Bradford for Sam, who works at Leeds, unless a reason is given', async () => {
    const kai = await insertWaitingPatient(t, {
      givenName: 'Kai',
      familyName: 'Lund',
      email: 'kai@example.com',
      mobile: null,
      allowEmail: true,
      allowSms: false,
    });
    const course = await startCourse(t, kai.patientId, w.samId, 12);
    const c = await sam();
    await c.get(`/diary/book?course=${course}`);
    const atBradford = bookingForm({
      patientId: kai.patientId,
      courseId: course,
      therapistId: w.samId,
      'date-day': '1',
      'date-month': '2',
      'date-year': '2027',
      mode: 'face_to_face',
      locationId: w.bradfordId,
      roomId: w.gardenRoomId,
    });
    const refusal =
      'Sam Okafor does not work at Bradford Hub. Choose Leeds Central, where they work, or give a reason';
    const once = await c.post('/diary/book', atBradford);
    expect(once.statusCode).toBe(400);
    expect(textOf(once.body)).toContain(refusal);
    expect(once.body).toContain('href="#locationId"');
    const weekly = await c.post('/diary/book', { ...atBradford, repeat: 'weekly' });
    expect(weekly.statusCode).toBe(400);
    expect(textOf(weekly.body)).toContain(refusal);
    expect(await rowsOf(kai.patientId)).toHaveLength(0);

    // Where they work, no reason is needed and none is kept.
    const atLeeds = await c.post('/diary/book', {
      ...atBradford,
      locationId: w.leedsId,
      roomId: w.room1Id,
    });
    expect(atLeeds.statusCode).toBe(303);
    const [first] = await rowsOf(kai.patientId);
    expect(first?.outsideHoursReason).toBeNull();

    const reason = 'Kai lives in Bradford; Sam is covering the clinic there';
    const series = await c.post('/diary/book', {
      ...atBradford,
      'date-day': '8',
      repeat: 'weekly',
      outsideHours: 'yes',
      outsideHoursReason: reason,
    });
    expect(series.statusCode).toBe(303);
    const booked = (await rowsOf(kai.patientId)).filter((r) => r.seriesId !== null);
    expect(booked).toHaveLength(11);
    for (const r of booked) expect(r.outsideHoursReason).toBe(reason);
  });
});

describe('texts about a booking made in the night (H10)', () => {
  /** A patient allowing texts and email, with a weekly series of 12 booked by Sam from `when`. */
  async function bookWeeklySeries(
    person: { givenName: string; familyName: string; email: string; mobile: string },
    when: { day: string; time: string },
  ) {
    const { patientId } = await insertWaitingPatient(t, {
      ...person,
      allowEmail: true,
      allowSms: true,
    });
    const course = await startCourse(t, patientId, w.samId, 12);
    const c = await sam();
    await c.get(`/diary/book?course=${course}`);
    const booked = await c.post(
      '/diary/book',
      bookingForm({
        patientId,
        courseId: course,
        therapistId: w.samId,
        'date-day': when.day,
        time: when.time,
        repeat: 'weekly',
      }),
    );
    expect(booked.statusCode).toBe(303);
    const outbox = () =>
      t.database.db
        .select()
        .from(outboxMessages)
        .where(eq(outboxMessages.patientId, patientId))
        .orderBy(asc(outboxMessages.createdAt), asc(outboxMessages.channel));
    return { c, patientId, rows: await rowsOf(patientId), outbox };
  }

  it('a booking at 01:17 texts at 08:00; the email goes at once', async () => {
    const quiet = await insertWaitingPatient(t, {
      givenName: 'Nia',
      familyName: 'Night',
      email: 'nia@example.com',
      mobile: '+447700900777',
      allowEmail: true,
      allowSms: true,
    });
    const course = await startCourse(t, quiet.patientId, w.samId, 12);
    const day = t.clock.now();
    t.clock.set('2026-11-26T01:17:00Z');
    try {
      const c = await sam();
      await c.get(`/diary/book?course=${course}`);
      const booked = await c.post(
        '/diary/book',
        bookingForm({
          patientId: quiet.patientId,
          courseId: course,
          therapistId: w.samId,
          'date-day': '10',
          time: '14:00',
        }),
      );
      expect(booked.statusCode).toBe(303);
      const notices = await t.database.db
        .select()
        .from(outboxMessages)
        .where(
          and(
            eq(outboxMessages.patientId, quiet.patientId),
            eq(outboxMessages.template, 'appointment-booked'),
          ),
        );
      const when = Object.fromEntries(notices.map((m) => [m.channel, m.notBefore.toISOString()]));
      expect(when).toEqual({
        email: '2026-11-26T01:17:00.000Z',
        sms: '2026-11-26T08:00:00.000Z',
      });
    } finally {
      t.clock.set(day);
    }
  });

  it('a text held for the morning is withdrawn when its appointment is moved or cancelled first: at 08:00 only what stands is sent', async () => {
    const mobile = '+447700900778';
    const owl = await insertWaitingPatient(t, {
      givenName: 'Olu',
      familyName: 'Owl',
      email: 'olu@example.com',
      mobile,
      allowEmail: true,
      allowSms: true,
    });
    const course = await startCourse(t, owl.patientId, w.samId, 12);
    const day = t.clock.now();
    t.clock.set('2026-11-26T22:30:00Z'); // 22:30 in London (GMT)
    try {
      const c = await sam();
      const book = async (date: string) => {
        await c.get(`/diary/book?course=${course}`);
        const res = await c.post(
          '/diary/book',
          bookingForm({
            patientId: owl.patientId,
            courseId: course,
            therapistId: w.samId,
            'date-day': date,
            time: '15:00',
          }),
        );
        expect(res.statusCode).toBe(303);
        return idFrom(res.headers.location);
      };
      const moving = await book('11');
      const cancelling = await book('18');
      const moveTo = async (date: string) => {
        await c.get(`/diary/appointments/${moving}/rearrange`);
        const res = await c.post(`/diary/appointments/${moving}/rearrange`, {
          'date-day': date,
          'date-month': '12',
          'date-year': '2026',
          time: '15:00',
          duration: '50',
          mode: 'video',
        });
        expect(res.statusCode).toBe(303);
      };
      t.clock.set('2026-11-26T22:40:00Z');
      await moveTo('16');
      t.clock.set('2026-11-26T22:50:00Z');
      await moveTo('17');
      t.clock.set('2026-11-26T23:00:00Z');
      await c.get(`/diary/appointments/${cancelling}/cancel`);
      const cancelled = await c.post(`/diary/appointments/${cancelling}/cancel`, {
        cancelledBy: 'service',
        reason: 'Therapist unwell',
      });
      expect(cancelled.statusCode).toBe(303);

      const texts = await t.database.db
        .select()
        .from(outboxMessages)
        .where(and(eq(outboxMessages.patientId, owl.patientId), eq(outboxMessages.channel, 'sms')))
        .orderBy(asc(outboxMessages.createdAt));
      const notices = texts
        .filter((m) => m.idempotencyKey.startsWith('notice:'))
        .map((m) => [m.template, m.status]);
      expect(notices).toEqual([
        ['appointment-booked', 'cancelled'],
        ['appointment-booked', 'cancelled'],
        ['appointment-changed', 'cancelled'],
        ['appointment-changed', 'pending'],
        ['appointment-cancelled', 'pending'],
      ]);

      t.clock.set('2026-11-27T08:00:00Z');
      while ((await t.outbox.runOnce()) > 0);
      const sent = t.notifier.sent.filter((m) => m.recipient === mobile).map((m) => m.body);
      expect(sent).toHaveLength(2);
      expect(sent.find((b) => b.includes('has moved to'))).toMatch(
        /on Wednesday 16 December 2026 at 3pm has moved to Thursday 17 December 2026 at 3pm/,
      );
      expect(sent.find((b) => b.includes('cancel'))).toContain('18 December');
      expect(sent.join(' ')).not.toContain('11 December');
    } finally {
      t.clock.set(day);
    }
  });

  it('a series confirmation held for the morning is renewed when one of the series is cancelled or moved first: at 08:00 it names only what stands', async () => {
    const mobile = '+447700900779';
    const email = 'rhea@example.com';
    const day = t.clock.now();
    t.clock.set('2026-11-26T22:30:00Z'); // 22:30 in London (GMT)
    try {
      const { c, rows, outbox } = await bookWeeklySeries(
        { givenName: 'Rhea', familyName: 'Late', email, mobile },
        { day: '8', time: '15:00' },
      );
      const [second, last] = [rows[1], rows.at(-1)];
      expect(rows.map((a) => a.startsAt.toISOString())).toHaveLength(12);
      expect([rows[0], second, last].map((a) => a?.startsAt.toISOString())).toEqual([
        '2026-12-08T15:00:00.000Z',
        '2026-12-15T15:00:00.000Z',
        '2027-02-23T15:00:00.000Z',
      ]);

      // The second is cancelled while the series' text waits for the morning.
      t.clock.set('2026-11-26T22:40:00Z');
      const cancel = () =>
        c.post(`/diary/appointments/${second!.id}/cancel`, {
          cancelledBy: 'service',
          reason: 'Therapist on leave',
        });
      await c.get(`/diary/appointments/${second!.id}/cancel`);
      expect((await cancel()).statusCode).toBe(303);
      // A second press repeats nothing.
      const before = (await outbox()).length;
      await c.get(`/diary/appointments/${second!.id}/cancel`);
      await cancel();
      expect((await outbox()).length).toBe(before);

      // The last is moved to a Wednesday at 4pm.
      t.clock.set('2026-11-26T22:50:00Z');
      await c.get(`/diary/appointments/${last!.id}/rearrange`);
      const moved = await c.post(`/diary/appointments/${last!.id}/rearrange`, {
        'date-day': '24',
        'date-month': '2',
        'date-year': '2027',
        time: '16:00',
        duration: '50',
        mode: 'video',
      });
      expect(moved.statusCode).toBe(303);

      const series = (await outbox())
        .filter((m) => m.template === 'appointment-booked')
        .map((m) => [m.channel, m.status]);
      expect(series).toEqual([
        ['email', 'cancelled'],
        ['sms', 'cancelled'],
        ['email', 'cancelled'],
        ['sms', 'cancelled'],
        ['email', 'pending'],
        ['sms', 'pending'],
      ]);

      t.clock.set('2026-11-27T08:00:00Z');
      while ((await t.outbox.runOnce()) > 0);
      const text = t.notifier.sent
        .filter((m) => m.recipient === mobile && m.body.startsWith('You have'))
        .map((m) => m.body);
      expect(text).toHaveLength(1);
      expect(text[0]).toMatch(
        /^You have 11 appointments with .*, from Tuesday 8 December 2026 at 3pm to Wednesday 24 February 2027 at 4pm, each for 50 minutes\./,
      );
      const mail = t.notifier.sent.filter(
        (m) => m.recipient === email && m.subject?.startsWith('Your appointments'),
      );
      expect(mail).toHaveLength(1);
      expect(mail[0]!.body).toContain(
        '- Tuesday 8 December 2026 at 3pm\n- Tuesday 22 December 2026 at 3pm\n',
      );
      expect(mail[0]!.body).toContain(
        '- Tuesday 16 February 2027 at 3pm\n- Wednesday 24 February 2027 at 4pm\n',
      );
      const all = t.notifier.sent
        .filter((m) => m.recipient === mobile || m.recipient === email)
        .map((m) => m.body)
        .join(' ');
      // 15 December only in the cancellation, 23 February only as the time moved from.
      expect(all.match(/15 December/g)).toHaveLength(2);
      expect(all.match(/23 February/g)).toHaveLength(2);
    } finally {
      t.clock.set(day);
    }
  });

  it('two of a held series cancelled at the same moment: the renewed confirmation names neither', async () => {
    const mobile = '+447700900781';
    const email = 'ravi@example.com';
    const day = t.clock.now();
    t.clock.set('2026-11-26T22:30:00Z'); // 22:30 in London: the text waits for the morning
    try {
      const { rows } = await bookWeeklySeries(
        { givenName: 'Ravi', familyName: 'Late', email, mobile },
        { day: '9', time: '12:00' },
      );
      expect(rows).toHaveLength(12);
      const [second, third] = [rows[1]!, rows[2]!];
      t.clock.set('2026-11-26T22:40:00Z');
      // Two clinicians' pages, sent together (on PostgreSQL each in its own transaction). The
      // audit chain's lock orders them today; the notices' own lock (noticesNaming) keeps it so.
      const [one, two] = [await sam(), await sam()];
      await one.get(`/diary/appointments/${second.id}/cancel`);
      await two.get(`/diary/appointments/${third.id}/cancel`);
      const cancelled = await Promise.all([
        one.post(`/diary/appointments/${second.id}/cancel`, {
          cancelledBy: 'service',
          reason: 'Therapist on leave',
        }),
        two.post(`/diary/appointments/${third.id}/cancel`, {
          cancelledBy: 'service',
          reason: 'Therapist on leave',
        }),
      ]);
      expect(cancelled.map((r) => r.statusCode)).toEqual([303, 303]);

      t.clock.set('2026-11-27T08:00:00Z');
      while ((await t.outbox.runOnce()) > 0);
      const text = t.notifier.sent
        .filter((m) => m.recipient === mobile && m.body.startsWith('You have'))
        .map((m) => m.body);
      expect(text).toHaveLength(1);
      expect(text[0]).toMatch(/^You have 10 weekly appointments with /);
      const mail = t.notifier.sent.filter(
        (m) => m.recipient === email && m.subject?.startsWith('Your appointments'),
      );
      expect(mail).toHaveLength(1);
      expect(mail[0]!.body).not.toContain('16 December');
      expect(mail[0]!.body).not.toContain('23 December');
    } finally {
      t.clock.set(day);
    }
  });

  it('a series confirmation already sent stays as it was when one of the series is cancelled: only the cancellation follows', async () => {
    const mobile = '+447700900780';
    const { c, patientId, outbox } = await bookWeeklySeries(
      { givenName: 'Sol', familyName: 'Early', email: 'sol@example.com', mobile },
      { day: '9', time: '11:00' },
    );
    while ((await t.outbox.runOnce()) > 0);
    const seriesBefore = (await outbox()).filter((m) => m.template === 'appointment-booked');
    expect(seriesBefore.map((m) => m.status)).toEqual(['sent', 'sent']);
    const sentBefore = t.notifier.sent.length;

    const [, second] = await rowsOf(patientId);
    await c.get(`/diary/appointments/${second!.id}/cancel`);
    const cancelled = await c.post(`/diary/appointments/${second!.id}/cancel`, {
      cancelledBy: 'service',
      reason: 'Therapist on leave',
    });
    expect(cancelled.statusCode).toBe(303);
    const seriesAfter = (await outbox()).filter((m) => m.template === 'appointment-booked');
    expect(seriesAfter).toEqual(seriesBefore);
    while ((await t.outbox.runOnce()) > 0);
    const after = t.notifier.sent
      .slice(sentBefore)
      .filter((m) => m.recipient === mobile || m.recipient === 'sol@example.com');
    expect(after.map((m) => m.body.includes('16 December 2026') && /cancel/.test(m.body))).toEqual([
      true,
      true,
    ]);
  });
});
