/** Issue 9 item 18: the therapist's and the room's free times on the booking form. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClient, textOf } from '../../../tests/support/client';
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
let course: string;
let sessionId: string;

async function signedIn(email: string) {
  const c = new TestClient(t.app);
  expect((await c.signIn(email, TEST_PASSWORD)).statusCode).toBe(303);
  return c;
}

/** The free times offered on one day, as "date T time" from the links' data attribute. */
function slotsOn(html: string, date: string): string[] {
  return [...html.matchAll(/data-free-slot="([^"]+)"/g)]
    .map((m) => m[1] ?? '')
    .filter((s) => s.startsWith(date))
    .map((s) => s.slice(11));
}

beforeAll(async () => {
  t = await createTestApp();
  w = await seedDiaryWorld(t);
  course = await startCourse(t, w.taylor.patientId, w.samId, 16);
  const sam = await signedIn('sam@example.nhs.uk');
  await sam.get(`/diary/book?course=${course}`);
  const booked = await sam.post(
    '/diary/book',
    bookingForm({
      patientId: w.taylor.patientId,
      courseId: course,
      therapistId: w.samId,
      'date-day': '1',
      time: '10:00',
    }),
  );
  expect(booked.statusCode).toBe(303);
  sessionId = /appointments\/([0-9a-f-]{36})/.exec(String(booked.headers.location))?.[1] ?? '';
  // Room 1 is taken on Thursday afternoon by another therapist's patient.
  await startCourse(t, w.robin.patientId, w.priyaId, 16);
  const priya = await signedIn('priya@example.nhs.uk');
  await priya.get(`/diary/book?patient=${w.robin.patientId}`);
  const room = await priya.post(
    '/diary/book',
    bookingForm({
      patientId: w.robin.patientId,
      therapistId: w.priyaId,
      type: 'assessment',
      duration: '60',
      'date-day': '3',
      time: '14:00',
      mode: 'face_to_face',
      locationId: w.leedsId,
      roomId: w.room1Id,
    }),
  );
  expect(room.statusCode).toBe(303);
});
afterAll(async () => t.close());

describe('free times on the booking form', () => {
  it('shows the therapist’s week: working hours only, not their booked time, nothing at the weekend', async () => {
    const c = await signedIn('sam@example.nhs.uk');
    const page = await c.get(`/diary/book?course=${course}&week=2026-11-30`);
    expect(page.statusCode).toBe(200);
    const text = textOf(page.body);
    expect(text).toContain('Free times');
    expect(text).toContain('Sam Okafor, week beginning Monday 30 November 2026');
    // 50-minute sessions on a half-hour grid from 9am; the last starts at 4pm.
    const tuesday = slotsOn(page.body, '2026-12-01');
    expect(tuesday[0]).toBe('09:00');
    expect(tuesday).not.toContain('09:30');
    expect(tuesday).not.toContain('10:00');
    expect(tuesday).not.toContain('10:30');
    expect(tuesday).toContain('11:00');
    expect(tuesday.at(-1)).toBe('16:00');
    expect(slotsOn(page.body, '2026-12-05')).toEqual([]);
    expect(page.body).toContain('week=2026-11-23');
    expect(page.body).toContain('week=2026-12-07');
  });

  it('with a room, leaves out the room’s booked times too', async () => {
    const c = await signedIn('sam@example.nhs.uk');
    const page = await c.get(`/diary/book?course=${course}&week=2026-11-30&room=${w.room1Id}`);
    expect(textOf(page.body)).toContain('Sam Okafor and Room 1 at Leeds Central');
    const thursday = slotsOn(page.body, '2026-12-03');
    expect(thursday).toContain('13:00');
    expect(thursday).not.toContain('13:30');
    expect(thursday).not.toContain('14:00');
    expect(thursday).not.toContain('14:30');
    expect(thursday).toContain('15:00');
    const without = await c.get(`/diary/book?course=${course}&week=2026-11-30`);
    expect(slotsOn(without.body, '2026-12-03')).toContain('14:00');
  });

  it('shows a bank holiday as closed, and a week in the past has nothing to offer', async () => {
    const c = await signedIn('sam@example.nhs.uk');
    const christmas = await c.get(`/diary/book?course=${course}&week=2026-12-21`);
    expect(textOf(christmas.body)).toContain(
      'Friday 25 December 2026 is a bank holiday (Christmas Day)',
    );
    expect(slotsOn(christmas.body, '2026-12-25')).toEqual([]);
    const past = await c.get(`/diary/book?course=${course}&week=2026-11-16`);
    expect(textOf(past.body)).toContain('There are no free times this week');
  });

  it('opens on the next week with free times when nobody asked for a week and this one is full', async () => {
    const before = t.clock.now();
    // Friday after work: nothing is left of this week.
    t.clock.set('2026-11-27T17:30:00Z');
    try {
      const c = await signedIn('sam@example.nhs.uk');
      const page = textOf((await c.get(`/diary/book?course=${course}`)).body);
      expect(page).toContain('Sam Okafor, week beginning Monday 30 November 2026');
      expect(page).toContain(
        'There are no free times in the week beginning Monday 23 November 2026, so this is the next week that has some',
      );
      // A week asked for is shown as it is, full or not.
      const asked = textOf((await c.get(`/diary/book?course=${course}&week=2026-11-23`)).body);
      expect(asked).toContain('week beginning Monday 23 November 2026');
      expect(asked).toContain('There are no free times this week');
    } finally {
      t.clock.set(before);
    }
  });

  it('choosing a free time fills the form’s date, time and room', async () => {
    const c = await signedIn('sam@example.nhs.uk');
    const page = await c.get(
      `/diary/book?course=${course}&week=2026-11-30&room=${w.room1Id}&date=2026-12-03&time=15:00`,
    );
    expect(page.body).toMatch(/id="date-day"[^>]*value="3"/);
    expect(page.body).toMatch(/id="date-month"[^>]*value="12"/);
    expect(page.body).toMatch(/id="date-year"[^>]*value="2026"/);
    expect(page.body).toMatch(/id="time"[^>]*value="15:00"/);
    expect(page.body).toMatch(/<input[^>]*name="mode" checked=""[^>]*value="face_to_face"/);
    expect(page.body).toMatch(new RegExp(`<option[^>]*value="${w.room1Id}"[^>]*selected`));
  });

  it('lets a manager choose whose free times to see, and refuses a therapist who cannot be booked', async () => {
    const c = await signedIn('manager@example.nhs.uk');
    // Someone with no course yet has no therapist chosen (one in a course has theirs).
    const dee = await insertWaitingPatient(t, {
      givenName: 'Dee',
      familyName: 'Waiting',
      email: null,
      mobile: null,
      allowEmail: false,
      allowSms: false,
    });
    const none = await c.get(`/diary/book?patient=${dee.patientId}`);
    expect(textOf(none.body)).toContain('Choose a therapist to see their free times');
    const alex = await c.get(
      `/diary/book?patient=${dee.patientId}&therapist=${w.alexId}&week=2026-11-30`,
    );
    expect(textOf(alex.body)).toContain('Alex Byrne, week beginning Monday 30 November 2026');
    const sam = await signedIn('sam@example.nhs.uk');
    const other = await sam.get(
      `/diary/book?course=${course}&therapist=${w.alexId}&week=2026-11-30`,
    );
    // A therapist sees only their own diary's free times.
    expect(textOf(other.body)).toContain('Sam Okafor, week beginning');
  });
});

describe('free times on the rearrange page', () => {
  it('shows the therapist’s week without their other appointments, its own time free', async () => {
    const c = await signedIn('sam@example.nhs.uk');
    await c.get(`/diary/book?course=${course}`);
    const other = await c.post(
      '/diary/book',
      bookingForm({
        patientId: w.taylor.patientId,
        courseId: course,
        therapistId: w.samId,
        'date-day': '2',
        time: '10:00',
      }),
    );
    expect(other.statusCode).toBe(303);
    const page = await c.get(`/diary/appointments/${sessionId}/rearrange?week=2026-11-30`);
    expect(page.statusCode).toBe(200);
    expect(textOf(page.body)).toContain('Sam Okafor, week beginning Monday 30 November 2026');
    // The appointment being moved does not block its own time; the other one does.
    expect(slotsOn(page.body, '2026-12-01')).toContain('10:00');
    const wednesday = slotsOn(page.body, '2026-12-02');
    expect(wednesday).not.toContain('10:00');
    expect(wednesday).toContain('11:00');
    expect(slotsOn(page.body, '2026-12-05')).toEqual([]);
    expect(page.body).toContain(`/diary/appointments/${sessionId}/rearrange?week=2026-12-07`);
    // With a room, the room's booked time is left out too.
    const room = await c.get(
      `/diary/appointments/${sessionId}/rearrange?week=2026-11-30&room=${w.room1Id}`,
    );
    expect(slotsOn(room.body, '2026-12-03')).not.toContain('14:00');
    expect(slotsOn(room.body, '2026-12-03')).toContain('15:00');
  });

  it('choosing a free time fills the form, and the move then succeeds', async () => {
    const c = await signedIn('sam@example.nhs.uk');
    const page = await c.get(
      `/diary/appointments/${sessionId}/rearrange?week=2026-11-30&room=${w.room2Id}&date=2026-12-04&time=11:00`,
    );
    expect(page.statusCode).toBe(200);
    expect(page.body).toMatch(/id="date-day"[^>]*value="4"/);
    expect(page.body).toMatch(/id="time"[^>]*value="11:00"/);
    expect(page.body).toMatch(/<input[^>]*name="mode" checked=""[^>]*value="face_to_face"/);
    expect(page.body).toMatch(new RegExp(`<option[^>]*value="${w.room2Id}"[^>]*selected`));
    const moved = await c.post(`/diary/appointments/${sessionId}/rearrange`, {
      'date-day': '4',
      'date-month': '12',
      'date-year': '2026',
      time: '11:00',
      duration: '50',
      mode: 'face_to_face',
      locationId: w.leedsId,
      roomId: w.room2Id,
    });
    expect(moved.statusCode).toBe(303);
    const after = await c.get(`/diary/book?course=${course}&week=2026-11-30`);
    expect(slotsOn(after.body, '2026-12-04')).not.toContain('11:00');
    expect(slotsOn(after.body, '2026-12-01')).toContain('10:00');
  });
});
