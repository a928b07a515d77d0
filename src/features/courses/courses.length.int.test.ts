import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { auditEvents, referrals, treatmentCourses } from '../../db/schema';
import { TestClient, textOf } from '../../../tests/support/client';
import { insertSession } from '../../../tests/support/fixtures';
import { createTestApp, TEST_PASSWORD, type TestApp } from '../../../tests/support/test-app';
import {
  bookingForm,
  insertWaitingPatient,
  seedDiaryWorld,
  type DiaryWorld,
} from '../../../tests/fixtures/diary-world';

// Issue 9 items 6 (course length may vary, with a recorded reason) and 19 (allocation shows the
// patient's preference and each therapist's caseload size).
let t: TestApp;
let w: DiaryWorld;

async function signedIn(email: string) {
  const c = new TestClient(t.app);
  expect((await c.signIn(email, TEST_PASSWORD)).statusCode).toBe(303);
  return c;
}

async function waitingWithPreference(givenName: string, sessions: Record<string, unknown>) {
  const p = await insertWaitingPatient(t, {
    givenName,
    familyName: 'Waiting',
    email: null,
    mobile: null,
    allowEmail: false,
    allowSms: false,
    withAccount: false,
  });
  await t.database.db
    .update(referrals)
    .set({ answers: { sessions } })
    .where(eq(referrals.id, p.referralId));
  return p;
}

beforeAll(async () => {
  t = await createTestApp();
  w = await seedDiaryWorld(t);
});
afterAll(async () => t.close());

describe('allocation', () => {
  it('prefills the patient’s stated preference and shows each therapist’s caseload size', async () => {
    const p = await waitingWithPreference('Fern', {
      mode: 'face_to_face',
      modeLabel: 'Face to face',
      locationId: w.leedsId,
      locationName: 'Leeds Central',
    });
    const m = await signedIn('manager@example.nhs.uk');
    const before = textOf((await m.get(`/courses/allocate/${p.referralId}`)).body);
    expect(before).toContain('How they would like to meet Face to face');
    expect(before).toContain('Where, face to face Leeds Central');
    expect(before).toContain('Sam Okafor (0 active courses)');
    const page = (await m.get(`/courses/allocate/${p.referralId}`)).body;
    const checked = /<input[^>]*name="modePreference"[^>]*>/g;
    expect(page.match(checked)?.filter((i) => i.includes('checked'))).toEqual([
      expect.stringContaining('value="face_to_face"'),
    ]);

    const res = await m.post(`/courses/allocate/${p.referralId}`, {
      therapistId: w.samId,
      plannedSessions: '16',
      sessionMinutes: '50',
      lengthReason: '',
      modePreference: 'face_to_face',
    });
    expect(res.statusCode).toBe(303);
    const next = await waitingWithPreference('Gus', { mode: 'no_preference' });
    const after = textOf((await m.get(`/courses/allocate/${next.referralId}`)).body);
    expect(after).toContain('Sam Okafor (1 active course)');
    expect(after).toContain('How they would like to meet No preference given');
  });
});

describe('course length', () => {
  let courseId: string;
  let patientId: string;

  it('warns outside 12–16 sessions or 50 minutes and asks why, then records the reason', async () => {
    const p = await waitingWithPreference('Hal', { mode: 'video' });
    patientId = p.patientId;
    const m = await signedIn('manager@example.nhs.uk');
    const url = `/courses/allocate/${p.referralId}`;
    await m.get(url);
    const body = {
      therapistId: w.samId,
      plannedSessions: '20',
      sessionMinutes: '60',
      lengthReason: '',
      modePreference: 'video',
    };
    const refused = await m.post(url, body);
    expect(refused.statusCode).toBe(400);
    expect(textOf(refused.body)).toContain(
      'Enter why this course is different from the usual: 20 sessions is outside the usual 12 to 16; 60 minutes is longer than the usual 50',
    );
    const reason = 'Complicated grief: agreed a longer course with their supervisor';
    const res = await m.post(url, { ...body, lengthReason: reason });
    expect(res.statusCode).toBe(303);
    courseId = /\/courses\/([0-9a-f-]{36})/.exec(String(res.headers.location))![1]!;
    const [course] = await t.database.db
      .select()
      .from(treatmentCourses)
      .where(eq(treatmentCourses.id, courseId));
    expect(course).toMatchObject({ plannedSessions: 20, sessionMinutes: 60, lengthReason: reason });
    const [audit] = await t.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'course.allocate'), eq(auditEvents.recordId, courseId)));
    expect(audit?.details).toMatchObject({
      plannedSessions: 20,
      sessionMinutes: 60,
      lengthReason: reason,
    });

    const sam = await signedIn('sam@example.nhs.uk');
    const page = textOf((await sam.get(`/courses/${courseId}`)).body);
    expect(page).toContain('20 sessions of up to 60 minutes');
    expect(page).toContain(
      `Different from the usual (12 to 16 sessions of up to 50 minutes): ${reason}`,
    );
  });

  it('lets the therapist book sessions up to the agreed length, never by phone', async () => {
    const sam = await signedIn('sam@example.nhs.uk');
    await sam.get(`/diary/book?course=${courseId}`);
    const book = (over: Record<string, string>) =>
      sam.post('/diary/book', bookingForm({ patientId, courseId, therapistId: w.samId, ...over }));
    const long = await book({ duration: '65', mode: 'video' });
    expect(long.statusCode).toBe(400);
    expect(textOf(long.body)).toContain('An IPT session on this course must be 60 minutes or less');
    const phone = await book({ duration: '60', mode: 'phone' });
    expect(phone.statusCode).toBe(400);
    expect(textOf(phone.body)).toContain('IPT is not offered by phone');
    const ok = await book({ duration: '60', mode: 'video' });
    expect(ok.statusCode).toBe(303);
  });

  it('the therapist changes the length back to the usual; the change is audited', async () => {
    const sam = await signedIn('sam@example.nhs.uk');
    await sam.get(`/courses/${courseId}`);
    const bad = await sam.post(`/courses/${courseId}/length`, {
      plannedSessions: '31',
      sessionMinutes: '50',
      lengthReason: 'More',
    });
    expect(bad.statusCode).toBe(400);
    expect(textOf(bad.body)).toContain('Planned sessions must be between 1 and 30');
    expect(bad.body).toContain('value="31"');
    // Not shorter than the sessions it already has, attended and booked (walk 6).
    const [course] = await t.database.db
      .select()
      .from(treatmentCourses)
      .where(eq(treatmentCourses.id, courseId));
    await insertSession(t, course!, '2026-12-10T10:00:00Z');
    await insertSession(t, course!, '2026-12-17T10:00:00Z');
    const tooShort = await sam.post(`/courses/${courseId}/length`, {
      plannedSessions: '1',
      sessionMinutes: '50',
      lengthReason: 'Moving away soon',
    });
    expect(tooShort.statusCode).toBe(400);
    expect(textOf(tooShort.body)).toMatch(
      /this course already has \(0 attended, \d+ booked\): cancel sessions first/,
    );
    const res = await sam.post(`/courses/${courseId}/length`, {
      plannedSessions: '16',
      sessionMinutes: '50',
      lengthReason: '',
    });
    expect(res.statusCode).toBe(303);
    const page = textOf((await sam.get(`/courses/${courseId}`)).body);
    expect(page).toContain('16 sessions of up to 50 minutes');
    expect(page).not.toContain('Different from the usual');
    const [audit] = await t.database.db
      .select()
      .from(auditEvents)
      .where(
        and(eq(auditEvents.action, 'course.length_change'), eq(auditEvents.recordId, courseId)),
      );
    expect(audit?.details).toMatchObject({
      before: { plannedSessions: 20, sessionMinutes: 60 },
      after: { plannedSessions: 16, sessionMinutes: 50, lengthReason: null },
    });
  });

  it('is not found for another therapist', async () => {
    const jo = await signedIn('jo@example.nhs.uk');
    await jo.get('/home');
    const res = await jo.post(`/courses/${courseId}/length`, {
      plannedSessions: '12',
      sessionMinutes: '50',
      lengthReason: '',
    });
    expect(res.statusCode).toBe(404);
  });
});
