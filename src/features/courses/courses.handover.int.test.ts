import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, asc, eq } from 'drizzle-orm';
import {
  appointments,
  auditEvents,
  patientMessages,
  patients,
  riskAlerts,
  therapistLocations,
  therapistProfiles,
  treatmentCourses,
  users,
} from '../../db/schema';
import { TestClient, textOf } from '../../../tests/support/client';
import { insertSession } from '../../../tests/support/fixtures';
import { createTestApp, TEST_PASSWORD, type TestApp } from '../../../tests/support/test-app';
import {
  insertWaitingPatient,
  seedDiaryWorld,
  startCourse,
  type DiaryWorld,
} from '../../../tests/fixtures/diary-world';

/** A course handed over to another therapist: the course, its booked sessions, the alerts. */
let t: TestApp;
let w: DiaryWorld;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

async function signedIn(email: string) {
  const c = new TestClient(t.app);
  expect((await c.signIn(email, TEST_PASSWORD)).statusCode).toBe(303);
  return c;
}

beforeAll(async () => {
  t = await createTestApp({ now: '2026-11-25T10:00:00Z' });
  w = await seedDiaryWorld(t);
});
afterAll(async () => t.close());

describe('handing a course over to another therapist', () => {
  it('moves the course, its booked sessions, the patient and their open alerts, and tells the patient', async () => {
    const courseId = await startCourse(t, w.taylor.patientId, w.samId);
    const course = { id: courseId, patientId: w.taylor.patientId, therapistId: w.samId };
    const now = t.clock.now().getTime();
    const past = await insertSession(t, course, new Date(now - 7 * DAY), { status: 'attended' });
    const next = await insertSession(t, course, new Date(now + 6 * DAY));
    const later = await insertSession(t, course, new Date(now + 13 * DAY));
    await t.database.db.insert(riskAlerts).values({
      serviceId: t.service.id,
      source: 'referral',
      reason: 'Said they had thoughts of ending their life',
      patientId: w.taylor.patientId,
      responsibleClinicianId: w.samId,
      raisedAt: new Date(now - DAY),
    });
    // Priya is busy at the time of the later session.
    await insertSession(
      t,
      { id: courseId, patientId: w.robin.patientId, therapistId: w.priyaId },
      new Date(now + 13 * DAY + 10 * 60_000),
      { courseId: null, type: 'review' },
    );
    const url = `/courses/${courseId}/therapist`;

    // A therapist cannot hand over their own course; the course page offers it to a manager.
    const sam = await signedIn('sam@example.nhs.uk');
    expect((await sam.get(url)).statusCode).toBe(403);
    expect((await sam.get(`/courses/${courseId}`)).body).not.toContain(`href="${url}"`);
    const m = await signedIn('manager@example.nhs.uk');
    expect((await m.get(`/courses/${courseId}`)).body).toContain(`href="${url}"`);

    const page = await m.get(url);
    expect(page.statusCode).toBe(200);
    const text = textOf(page.body);
    expect(text).toContain('Their therapist now is Sam Okafor.');
    expect(text).toContain('Their 2 booked sessions move to the new therapist at the same times.');
    expect(page.body).not.toContain(`value="${w.samId}"`);

    // Nothing chosen: both questions asked, answers kept.
    const empty = await m.post(url, { therapistId: '', reason: 'Sam is leaving' });
    expect(empty.statusCode).toBe(400);
    expect(textOf(empty.body)).toContain('Select the new therapist');
    expect(empty.body).toContain('Sam is leaving');

    // Someone who cannot deliver IPT, or who is busy at a session's time: nothing moves.
    const cbt = await m.post(url, { therapistId: w.alexId, reason: 'Sam is leaving' });
    expect(cbt.statusCode).toBe(400);
    expect(textOf(cbt.body)).toContain('Alex Byrne cannot take on an IPT course.');
    await m.get(url);
    const busy = await m.post(url, { therapistId: w.priyaId, reason: 'Sam is leaving' });
    expect(busy.statusCode).toBe(400);
    expect(textOf(busy.body)).toContain(
      'Dr Priya Shah already has an appointment at the time of a booked session',
    );
    const courseRow = async () =>
      (
        await t.database.db.select().from(treatmentCourses).where(eq(treatmentCourses.id, courseId))
      )[0]!;
    expect((await courseRow()).therapistId).toBe(w.samId);

    // Sessions on a day the new therapist does not work: nothing moves.
    const joPattern = async (pattern: Record<string, { opens: string; closes: string }>) =>
      t.database.db
        .update(therapistProfiles)
        .set({ workingPattern: pattern })
        .where(eq(therapistProfiles.userId, w.joId));
    await joPattern({ '1': { opens: '09:00', closes: '17:00' } });
    await m.get(url);
    const offDay = await m.post(url, { therapistId: w.joId, reason: 'Sam is leaving' });
    expect(offDay.statusCode).toBe(400);
    expect(textOf(offDay.body)).toContain(
      'Jo Evans does not work at the time of 2 booked sessions',
    );
    expect((await courseRow()).therapistId).toBe(w.samId);
    await joPattern(
      Object.fromEntries(
        ['1', '2', '3', '4', '5'].map((d) => [d, { opens: '09:00', closes: '17:00' }]),
      ),
    );

    // Jo, an IPT trainee with a supervisor, takes it on.
    await m.get(url);
    const done = await m.post(url, { therapistId: w.joId, reason: 'Sam is leaving the service' });
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe(`/courses/${courseId}`);
    expect((await courseRow()).therapistId).toBe(w.joId);
    // A second click changes nothing and tells the patient nothing more.
    const twice = await m.post(url, { therapistId: w.joId, reason: 'Sam is leaving the service' });
    expect(twice.statusCode).toBe(303);
    expect(twice.headers.location).toBe(`/courses/${courseId}`);
    const sessions = await t.database.db
      .select()
      .from(appointments)
      .where(eq(appointments.courseId, courseId))
      .orderBy(asc(appointments.startsAt));
    expect(sessions.map((a) => [a.id, a.therapistId])).toEqual([
      [past.id, w.samId],
      [next.id, w.joId],
      [later.id, w.joId],
    ]);
    const [patient] = await t.database.db
      .select()
      .from(patients)
      .where(eq(patients.id, w.taylor.patientId));
    expect(patient!.responsibleClinicianId).toBe(w.joId);
    const alerts = await t.database.db
      .select()
      .from(riskAlerts)
      .where(eq(riskAlerts.patientId, w.taylor.patientId));
    expect(alerts.map((a) => a.responsibleClinicianId)).toEqual([w.joId]);
    const messages = await t.database.db
      .select()
      .from(patientMessages)
      .where(eq(patientMessages.patientId, w.taylor.patientId));
    expect(messages.filter((msg) => msg.subject === 'Your therapist has changed')).toHaveLength(1);
    const told = messages.find((msg) => msg.subject === 'Your therapist has changed');
    expect(told?.body).toContain('From today, Jo Evans is your therapist');
    expect(told?.body).toContain('Your 2 booked sessions stay at the same times, now with them.');
    expect(told?.body).not.toContain('leaving');
    const [audit] = await t.database.db
      .select()
      .from(auditEvents)
      .where(
        and(eq(auditEvents.action, 'course.change_therapist'), eq(auditEvents.recordId, courseId)),
      );
    expect(audit).toMatchObject({
      patientId: w.taylor.patientId,
      reason: 'Sam is leaving the service',
      details: { from: w.samId, to: w.joId, movedSessions: 2 },
    });
    expect(textOf((await m.get(`/courses/${courseId}`)).body)).toContain('Therapist Jo Evans');
  });

  it('names, on the manager’s home and the course, a course whose therapist’s access was removed', async () => {
    const courseId = await startCourse(t, w.robin.patientId, w.samId);
    const course = { id: courseId, patientId: w.robin.patientId, therapistId: w.samId };
    const next = new Date(t.clock.now().getTime() + 2 * DAY);
    await insertSession(t, course, next);
    await insertSession(t, course, new Date(next.getTime() + 7 * DAY));
    const m = await signedIn('manager@example.nhs.uk');
    const before = await m.get('/home');
    expect(before.body).not.toContain('id="courses-to-hand-over"');

    await t.database.db.update(users).set({ active: false }).where(eq(users.id, w.samId));
    try {
      const home = await m.get('/home');
      expect(home.body).toContain(`href="/courses/${courseId}"`);
      const text = textOf(home.body);
      expect(text).toContain('Courses to hand over');
      expect(text).toMatch(/Robin \S+ ?, with Sam Okafor: next session .+, 2 booked/);
      const page = textOf((await m.get(`/courses/${courseId}`)).body);
      expect(page).toContain('Their therapist no longer has access');
      expect(page).toContain('nobody will hold the 2 sessions still booked');
      expect(page).toContain('Sam Okafor (no longer has access)');
      const listed = await t.database.db
        .select()
        .from(auditEvents)
        .where(
          and(eq(auditEvents.action, 'course.list'), eq(auditEvents.patientId, w.robin.patientId)),
        );
      expect(listed.length).toBeGreaterThan(0);

      // Handed over, it leaves the list.
      const url = `/courses/${courseId}/therapist`;
      await m.get(url);
      const done = await m.post(url, { therapistId: w.joId, reason: 'Sam has left' });
      expect(done.statusCode).toBe(303);
      expect((await m.get('/home')).body).not.toContain('id="courses-to-hand-over"');
      expect(textOf((await m.get(`/courses/${courseId}`)).body)).not.toContain(
        'no longer has access',
      );
    } finally {
      await t.database.db.update(users).set({ active: true }).where(eq(users.id, w.samId));
    }
  });
});

describe('handing over face-to-face sessions', () => {
  it('refuses while a face-to-face session is at a location the new therapist does not work at', async () => {
    const patient = await insertWaitingPatient(t, {
      givenName: 'Lee',
      familyName: 'Placed',
      email: null,
      mobile: null,
      allowEmail: false,
      allowSms: false,
      withAccount: false,
    });
    const courseId = await startCourse(t, patient.patientId, w.samId);
    const course = { id: courseId, patientId: patient.patientId, therapistId: w.samId };
    // Thursdays at 11am and 2pm, clear of the other tests' sessions.
    const base = new Date('2026-12-03T11:00:00Z').getTime();
    await insertSession(t, course, new Date(base), {
      mode: 'face_to_face',
      locationId: w.leedsId,
      roomId: w.room1Id,
    });
    await insertSession(t, course, new Date(base + 7 * DAY), {
      mode: 'face_to_face',
      locationId: w.bradfordId,
      roomId: w.gardenRoomId,
      outsideHoursReason: 'The patient lives in Bradford',
    });
    await insertSession(t, course, new Date(base + 14 * DAY + 3 * HOUR));
    const therapistOf = async () =>
      (
        await t.database.db.select().from(treatmentCourses).where(eq(treatmentCourses.id, courseId))
      )[0]!.therapistId;
    const m = await signedIn('manager@example.nhs.uk');
    const url = `/courses/${courseId}/therapist`;

    // Jo works at Leeds Central only: the Bradford session would find nobody there.
    await m.get(url);
    const refused = await m.post(url, { therapistId: w.joId, reason: 'Sam is leaving' });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('nhsuk-error-summary');
    expect(refused.body).toContain('Sam is leaving');
    const text = textOf(refused.body);
    expect(text).toContain(
      'Jo Evans does not work at Bradford Hub, the place of a booked session (Thursday 10 December 2026',
    );
    expect(text).toContain('Rearrange it first, or choose another therapist');
    expect(text).not.toContain('Leeds Central, the place');
    expect(await therapistOf()).toBe(w.samId);

    // Once Bradford Hub is one of Jo's places too, the course and all its sessions move.
    await t.database.db
      .insert(therapistLocations)
      .values({ serviceId: t.service.id, userId: w.joId, locationId: w.bradfordId });
    try {
      await m.get(url);
      const done = await m.post(url, { therapistId: w.joId, reason: 'Sam is leaving' });
      expect(done.statusCode).toBe(303);
      expect(await therapistOf()).toBe(w.joId);
      const moved = await t.database.db
        .select()
        .from(appointments)
        .where(eq(appointments.courseId, courseId));
      expect(moved.map((a) => a.therapistId)).toEqual([w.joId, w.joId, w.joId]);
    } finally {
      await t.database.db
        .delete(therapistLocations)
        .where(
          and(
            eq(therapistLocations.userId, w.joId),
            eq(therapistLocations.locationId, w.bradfordId),
          ),
        );
    }
  });
});

describe('where a supervisor lands after allocating or handing over', () => {
  const waiting = (familyName: string) =>
    insertWaitingPatient(t, {
      givenName: 'Kim',
      familyName,
      email: null,
      mobile: null,
      allowEmail: false,
      allowSms: false,
      withAccount: false,
    });
  const allocation = (therapistId: string) => ({
    therapistId,
    plannedSessions: '16',
    modePreference: 'video',
  });

  it('goes to the course when they may see it, else to the waiting list saying who went to whom', async () => {
    const priya = await signedIn('priya@example.nhs.uk');
    // To Jo, whom Priya supervises: she may see the course, so she is taken to it.
    const own = await waiting('Supervised');
    await priya.get(`/courses/allocate/${own.referralId}`);
    const toJo = await priya.post(`/courses/allocate/${own.referralId}`, allocation(w.joId));
    expect(toJo.statusCode).toBe(303);
    const joCourse = /^\/courses\/([0-9a-f-]{36})$/.exec(String(toJo.headers.location))?.[1];
    expect(joCourse).toBeTruthy();
    expect((await priya.get(String(toJo.headers.location))).statusCode).toBe(200);

    // To Sam, whom she does not supervise: the course is not hers to open, so back to the list.
    const other = await waiting('Elsewhere');
    await priya.get(`/courses/allocate/${other.referralId}`);
    const toSam = await priya.post(`/courses/allocate/${other.referralId}`, allocation(w.samId));
    expect(toSam.statusCode).toBe(303);
    const [course] = await t.database.db
      .select()
      .from(treatmentCourses)
      .where(eq(treatmentCourses.patientId, other.patientId));
    expect(course!.therapistId).toBe(w.samId);
    expect(toSam.headers.location).toBe(`/courses/allocate?done=allocated&course=${course!.id}`);
    expect((await priya.get(`/courses/${course!.id}`)).statusCode).toBe(404);
    const landed = await priya.get(String(toSam.headers.location));
    expect(landed.statusCode).toBe(200);
    expect(textOf(landed.body)).toContain('Kim Elsewhere is allocated to Sam Okafor');

    // The banner names nobody for someone who did not make that change, or for a made-up one.
    const manager = await signedIn('manager@example.nhs.uk');
    const theirs = textOf((await manager.get(String(toSam.headers.location))).body);
    expect(theirs).not.toContain('Kim Elsewhere is allocated');
    const made = await priya.get(`/courses/allocate?done=allocated&course=${joCourse}`);
    expect(textOf(made.body)).toContain('Kim Supervised is allocated to Jo Evans');
    const handed = await priya.get(`/courses?done=handed_over&course=${course!.id}`);
    expect(textOf(handed.body)).not.toContain('is now Kim Elsewhere');
  });

  it('goes to their courses after handing a course to a therapist they do not supervise', async () => {
    const patient = await waiting('Handed');
    const courseId = await startCourse(t, patient.patientId, w.joId);
    const priya = await signedIn('priya@example.nhs.uk');
    const url = `/courses/${courseId}/therapist`;
    expect((await priya.get(url)).statusCode).toBe(200);
    const done = await priya.post(url, { therapistId: w.samId, reason: 'Jo is on long leave' });
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe(`/courses?done=handed_over&course=${courseId}`);
    expect((await priya.get(`/courses/${courseId}`)).statusCode).toBe(404);
    const landed = await priya.get(String(done.headers.location));
    expect(landed.statusCode).toBe(200);
    expect(textOf(landed.body)).toContain('Sam Okafor is now Kim Handed’s therapist');

    // Handed back to Jo by a manager, who may see every course: to the course itself.
    const manager = await signedIn('manager@example.nhs.uk');
    await manager.get(url);
    const back = await manager.post(url, { therapistId: w.joId, reason: 'Jo is back' });
    expect(back.statusCode).toBe(303);
    expect(back.headers.location).toBe(`/courses/${courseId}`);
  });
});
