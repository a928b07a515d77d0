/** Issue 9 item 18: the clinician's and the room's free times on the assessment booking page. */
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
let referralId: string;

async function signedIn(email: string) {
  const c = new TestClient(t.app);
  expect((await c.signIn(email, TEST_PASSWORD)).statusCode).toBe(303);
  return c;
}

/** The free times offered on one day, as "HH:MM", from the links' data attribute. */
function slotsOn(html: string, date: string): string[] {
  return [...html.matchAll(/data-free-slot="([^"]+)"/g)]
    .map((m) => m[1] ?? '')
    .filter((s) => s.startsWith(date))
    .map((s) => s.slice(11));
}

beforeAll(async () => {
  t = await createTestApp();
  w = await seedDiaryWorld(t);
  // A new referral with a patient record: its assessment can be booked.
  referralId = (
    await insertWaitingPatient(t, {
      givenName: 'Casey',
      familyName: 'Moor',
      email: 'casey@example.com',
      mobile: null,
      allowEmail: true,
      allowSms: false,
      status: 'new',
    })
  ).referralId;
  // Sam is busy on Tuesday 1 December from 10:00 to 10:50 with another patient.
  const course = await startCourse(t, w.taylor.patientId, w.samId, 16);
  const sam = await signedIn('sam@example.nhs.uk');
  await sam.get(`/diary/book?course=${course}`);
  const busy = await sam.post(
    '/diary/book',
    bookingForm({
      patientId: w.taylor.patientId,
      courseId: course,
      therapistId: w.samId,
      'date-day': '1',
      time: '10:00',
    }),
  );
  expect(busy.statusCode).toBe(303);
});
afterAll(async () => t.close());

describe('free times on the assessment booking page', () => {
  it('shows the chosen clinician’s week of free hours: not their busy time, not the weekend', async () => {
    const c = await signedIn('priya@example.nhs.uk');
    const none = await c.get(`/staff/referrals/${referralId}/book`);
    expect(none.statusCode).toBe(200);
    // Priya is a clinician herself, so her own week shows first.
    expect(textOf(none.body)).toContain('Free times');
    const page = await c.get(
      `/staff/referrals/${referralId}/book?clinician=${w.samId}&week=2026-11-30`,
    );
    expect(page.statusCode).toBe(200);
    expect(textOf(page.body)).toContain('Sam Okafor, week beginning Monday 30 November 2026');
    // An hour's assessment on a half-hour grid: 9:30 would run into the 10:00 appointment.
    const tuesday = slotsOn(page.body, '2026-12-01');
    expect(tuesday[0]).toBe('09:00');
    expect(tuesday).not.toContain('09:30');
    expect(tuesday).not.toContain('10:00');
    expect(tuesday).not.toContain('10:30');
    expect(tuesday).toContain('11:00');
    expect(tuesday.at(-1)).toBe('16:00');
    // Saturday is not a working day.
    expect(slotsOn(page.body, '2026-12-05')).toEqual([]);
    expect(slotsOn(page.body, '2026-12-04')).toContain('09:00');
    // Week navigation stays on this page, for this clinician.
    expect(page.body).toContain(
      `/staff/referrals/${referralId}/book?clinician=${w.samId}&amp;week=2026-12-07`,
    );
    expect(page.body).toContain('week=2026-11-23');
  });

  it('opens on the next week with free times when this one is full', async () => {
    const before = t.clock.now();
    t.clock.set('2026-11-27T16:30:00Z'); // Friday: no hour is left this week
    try {
      const c = await signedIn('priya@example.nhs.uk');
      const page = textOf(
        (await c.get(`/staff/referrals/${referralId}/book?clinician=${w.samId}`)).body,
      );
      expect(page).toContain('Sam Okafor, week beginning Monday 30 November 2026');
      expect(page).toContain('There are no free times in the week beginning Monday 23 November');
    } finally {
      t.clock.set(before);
    }
  });

  it('with a room, leaves out the room’s booked times too', async () => {
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
    const base = `/staff/referrals/${referralId}/book?clinician=${w.samId}&week=2026-11-30`;
    const withRoom = await priya.get(`${base}&room=${w.room1Id}`);
    expect(textOf(withRoom.body)).toContain('Sam Okafor and Room 1 at Leeds Central');
    expect(slotsOn(withRoom.body, '2026-12-03')).not.toContain('14:00');
    expect(slotsOn(withRoom.body, '2026-12-03')).toContain('15:00');
    const without = await priya.get(base);
    expect(slotsOn(without.body, '2026-12-03')).toContain('14:00');
  });

  it('choosing a free time fills the form, and the booking then succeeds', async () => {
    const c = await signedIn('priya@example.nhs.uk');
    const page = await c.get(
      `/staff/referrals/${referralId}/book?clinician=${w.samId}&week=2026-11-30&room=${w.room2Id}&date=2026-12-01&time=11:00`,
    );
    expect(page.statusCode).toBe(200);
    expect(page.body).toMatch(/id="date-day"[^>]*value="1"/);
    expect(page.body).toMatch(/id="date-month"[^>]*value="12"/);
    expect(page.body).toMatch(/id="date-year"[^>]*value="2026"/);
    expect(page.body).toMatch(/id="time"[^>]*value="11:00"/);
    expect(page.body).toMatch(new RegExp(`<option[^>]*value="${w.samId}"[^>]*selected`));
    expect(page.body).toMatch(/<input[^>]*name="mode" checked=""[^>]*value="face_to_face"/);
    expect(page.body).toMatch(new RegExp(`<option[^>]*value="${w.room2Id}"[^>]*selected`));
    const booked = await c.post(`/staff/referrals/${referralId}/book`, {
      clinicianId: w.samId,
      'date-day': '1',
      'date-month': '12',
      'date-year': '2026',
      time: '11:00',
      mode: 'face_to_face',
      roomId: w.room2Id,
    });
    expect(booked.statusCode).toBe(303);
    // Sam's diary now has 11:00 taken for anyone else...
    const sam = await signedIn('sam@example.nhs.uk');
    const diary = await sam.get(`/diary/book?patient=${w.taylor.patientId}&week=2026-11-30`);
    expect(slotsOn(diary.body, '2026-12-01')).not.toContain('11:00');
    // ...but re-booking this assessment replaces it, so its own time is still offered.
    const again = await c.get(
      `/staff/referrals/${referralId}/book?clinician=${w.samId}&week=2026-11-30`,
    );
    expect(slotsOn(again.body, '2026-12-01')).toContain('11:00');
  });
});
