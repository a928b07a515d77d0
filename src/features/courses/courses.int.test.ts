import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, like } from 'drizzle-orm';
import {
  appointments,
  auditEvents,
  outboxMessages,
  patientMessages,
  patients,
  referrals,
  treatmentCourses,
  users,
} from '../../db/schema';
import { TestClient, textOf } from '../../../tests/support/client';
import { createTestApp, TEST_PASSWORD, type TestApp } from '../../../tests/support/test-app';
import { isActiveCourseClash } from '../../platform/db-errors';
import { bookingForm, seedDiaryWorld, type DiaryWorld } from '../../../tests/fixtures/diary-world';

let t: TestApp;
let w: DiaryWorld;
let courseId: string;

async function signedIn(email: string) {
  const c = new TestClient(t.app);
  expect((await c.signIn(email, TEST_PASSWORD)).statusCode).toBe(303);
  return c;
}

const form = (over: Record<string, string> = {}) => ({
  therapistId: '',
  plannedSessions: '16',
  modePreference: 'video',
  ...over,
});

beforeAll(async () => {
  t = await createTestApp();
  w = await seedDiaryWorld(t);
});
afterAll(async () => t.close());

describe('allocation from the IPT waiting list', () => {
  it('lists waiting referrals that have a patient record', async () => {
    const m = await signedIn('manager@example.nhs.uk');
    const res = await m.get('/courses/allocate');
    expect(res.statusCode).toBe(200);
    expect(textOf(res.body)).toContain('Taylor Green');
    expect(textOf(res.body)).toContain('Robin Hart');
    expect(res.body).toContain(`/courses/allocate/${w.taylor.referralId}`);
    const sam = await signedIn('sam@example.nhs.uk');
    expect((await sam.get('/courses/allocate')).statusCode).toBe(403);
  });

  it('refuses a therapist without IPT training, a bad plan and phone sessions, keeping the answers', async () => {
    const m = await signedIn('manager@example.nhs.uk');
    const url = `/courses/allocate/${w.taylor.referralId}`;
    const page = await m.get(url);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('value="16"'); // the service's default
    expect(textOf(page.body)).toContain('Alex Byrne (0 active courses) (not able to deliver IPT)');
    const alex = await m.post(url, form({ therapistId: w.alexId }));
    expect(alex.statusCode).toBe(400);
    expect(textOf(alex.body)).toContain(
      'Alex Byrne cannot be allocated an IPT course. To deliver IPT, a practitioner must be trained in IPT or be an IPT trainee with a supervisor',
    );
    const bad = await m.post(
      url,
      form({ therapistId: w.samId, plannedSessions: '20', modePreference: 'phone' }),
    );
    expect(bad.statusCode).toBe(400);
    expect(textOf(bad.body)).toContain(
      'Enter why this course is different from the usual: 20 sessions is outside the usual 12 to 16',
    );
    expect(textOf(bad.body)).toContain('IPT is not offered by phone');
    expect(bad.body).toContain('value="20"');
    const [course] = await t.database.db.select().from(treatmentCourses);
    expect(course).toBeUndefined();
  });

  it('neither offers nor accepts a therapist who has not accepted their invitation (H2)', async () => {
    const m = await signedIn('manager@example.nhs.uk');
    const url = `/courses/allocate/${w.taylor.referralId}`;
    const [sam] = await t.database.db.select().from(users).where(eq(users.id, w.samId));
    // Sam, trained in IPT, as if only invited: no password and no single sign-on.
    await t.database.db.update(users).set({ passwordHash: null }).where(eq(users.id, w.samId));
    try {
      const page = await m.get(url);
      expect(page.body).not.toContain(`value="${w.samId}"`);
      const tampered = await m.post(url, form({ therapistId: w.samId }));
      expect(tampered.statusCode).toBe(400);
      expect(textOf(tampered.body)).toContain('has not accepted their invitation yet');
      expect(await t.database.db.select().from(treatmentCourses)).toEqual([]);
    } finally {
      await t.database.db
        .update(users)
        .set({ passwordHash: sam!.passwordHash })
        .where(eq(users.id, w.samId));
    }
  });

  it('allocates to a supervised trainee: starts the course, moves the referral, sets the clinician', async () => {
    const m = await signedIn('manager@example.nhs.uk');
    const url = `/courses/allocate/${w.taylor.referralId}`;
    await m.get(url);
    const res = await m.post(url, form({ therapistId: w.joId, plannedSessions: '14' }));
    expect(res.statusCode).toBe(303);
    courseId = /\/courses\/([0-9a-f-]{36})/.exec(String(res.headers.location))![1]!;
    const [course] = await t.database.db
      .select()
      .from(treatmentCourses)
      .where(eq(treatmentCourses.id, courseId));
    expect(course).toMatchObject({
      patientId: w.taylor.patientId,
      therapistId: w.joId,
      plannedSessions: 14,
      modePreference: 'video',
      status: 'active',
      attendedSessions: 0,
      therapy: 'ipt',
    });
    const [referral] = await t.database.db
      .select()
      .from(referrals)
      .where(eq(referrals.id, w.taylor.referralId));
    expect(referral!.status).toBe('in_treatment');
    const [patient] = await t.database.db
      .select()
      .from(patients)
      .where(eq(patients.id, w.taylor.patientId));
    expect(patient!.responsibleClinicianId).toBe(w.joId);
    // Gone from the waiting list.
    expect(textOf((await m.get('/courses/allocate')).body)).not.toContain('Taylor Green');
  });

  it('allocates a referral only once, and a patient has one active IPT course', async () => {
    const m = await signedIn('manager@example.nhs.uk');
    const url = `/courses/allocate/${w.taylor.referralId}`;
    expect((await m.get(url)).statusCode).toBe(404);
    await m.get(`/courses/allocate/${w.robin.referralId}`);
    const twice = await m.post(url, form({ therapistId: w.samId }));
    expect(twice.statusCode).toBe(400);
    expect(textOf(twice.body)).toContain('This referral is no longer on the IPT waiting list');

    // A second referral for the same person, also waiting: refused, one active course each.
    const [second] = await t.database.db
      .insert(referrals)
      .values({
        serviceId: t.service.id,
        reference: 'RAP-SECOND',
        status: 'ipt_waiting',
        receivedAt: t.clock.now(),
        givenName: 'Taylor',
        familyName: 'Green',
        dateOfBirth: '1988-04-12',
        postcode: 'LS1 4AP',
        answers: {},
        submissionKey: 'second-referral',
        patientId: w.taylor.patientId,
        updatedAt: t.clock.now(),
      })
      .returning();
    await m.get(`/courses/allocate/${second!.id}`);
    const again = await m.post(`/courses/allocate/${second!.id}`, form({ therapistId: w.samId }));
    expect(again.statusCode).toBe(400);
    expect(textOf(again.body)).toContain('Taylor Green already has an active IPT course');

    // The partial unique index holds even if the check is bypassed.
    let caught: unknown;
    try {
      await t.database.db.insert(treatmentCourses).values({
        serviceId: t.service.id,
        patientId: w.taylor.patientId,
        therapistId: w.samId,
        plannedSessions: 16,
        modePreference: 'video',
        startedAt: t.clock.now(),
      });
    } catch (err) {
      caught = err;
    }
    expect(isActiveCourseClash(caught)).toBe(true);
  });
});

describe('who sees a course', () => {
  it('shows the course to its therapist, their supervisor and managers only', async () => {
    const jo = await signedIn('jo@example.nhs.uk');
    const own = await jo.get(`/courses/${courseId}`);
    expect(own.statusCode).toBe(200);
    expect(textOf(own.body)).toContain('0 of 14 attended, 0 booked, 14 left to book');
    expect(textOf(own.body)).toContain('Session 1: initial phase');
    expect(textOf((await jo.get('/courses')).body)).toContain('Taylor Green');

    const priya = await signedIn('priya@example.nhs.uk');
    expect((await priya.get(`/courses/${courseId}`)).statusCode).toBe(200);
    expect(textOf((await priya.get('/courses')).body)).toContain('Taylor Green');
    // The access policy gives a supervisor their trainees' patients: the record opens for Priya.
    expect((await priya.get(`/patients/${w.taylor.patientId}`)).statusCode).toBe(200);

    const sam = await signedIn('sam@example.nhs.uk');
    expect((await sam.get(`/courses/${courseId}`)).statusCode).toBe(404);
    expect(textOf((await sam.get('/courses')).body)).not.toContain('Taylor Green');
    expect((await sam.get(`/patients/${w.taylor.patientId}`)).statusCode).toBe(404);
    // Sam may not end it either: 404, and the attempt is on the audit trail.
    await sam.get('/courses');
    const refused = await sam.post(`/courses/${courseId}/discharge`, {
      reason: 'completed',
      note: 'Not mine to end',
      communityInvite: 'no',
    });
    expect(refused.statusCode).toBe(404);
    const denied = await t.database.db
      .select()
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.userId, w.samId),
          eq(auditEvents.recordId, courseId),
          eq(auditEvents.outcome, 'denied'),
        ),
      );
    // The discharge form opens the course first: the refusal is the read of it.
    expect(denied.map((d) => d.action).sort()).toEqual(['course.read', 'course.read']);
  });

  it('audits every patient a course list or the waiting list shows, one row each', async () => {
    const m = await signedIn('manager@example.nhs.uk');
    const managerRows = () =>
      t.database.db.select().from(auditEvents).where(eq(auditEvents.userId, w.managerId));
    const before = new Set((await managerRows()).map((r) => r.id));
    expect((await m.get('/courses')).statusCode).toBe(200);
    expect((await m.get('/courses/allocate')).statusCode).toBe(200);
    const recent = (await managerRows()).filter((r) => !before.has(r.id));
    const listed = recent.filter((r) => r.action === 'course.list').map((r) => r.patientId);
    const courses = await t.database.db.select().from(treatmentCourses);
    expect(listed.length).toBeGreaterThan(0);
    expect(listed.sort()).toEqual([...new Set(courses.map((c) => c.patientId))].sort());
    const waiting = recent
      .filter((r) => r.action === 'course.waiting_list_view')
      .map((r) => r.patientId);
    const onList = await t.database.db
      .select()
      .from(referrals)
      .where(eq(referrals.status, 'ipt_waiting'));
    expect(waiting.length).toBeGreaterThan(0);
    expect(waiting.sort()).toEqual(onList.map((r) => r.patientId).sort());
  });
});

describe('ending a course', () => {
  it('cancels the sessions still booked, tells the patient once and stops reminders', async () => {
    const jo = await signedIn('jo@example.nhs.uk');
    await jo.get(`/diary/book?course=${courseId}`);
    const booked = await jo.post(
      '/diary/book',
      bookingForm({
        patientId: w.taylor.patientId,
        courseId,
        therapistId: w.joId,
        'date-day': '1',
        time: '13:00',
        repeat: 'weekly',
      }),
    );
    expect(booked.statusCode).toBe(303);
    expect(booked.headers.location).toContain('count=14');

    await jo.get(`/courses/${courseId}/discharge`);
    const missing = await jo.post(`/courses/${courseId}/discharge`, {
      reason: '',
      note: '',
      communityInvite: 'no',
    });
    expect(missing.statusCode).toBe(400);
    expect(textOf(missing.body)).toContain('Select why the patient is being discharged');
    const ended = await jo.post(`/courses/${courseId}/discharge`, {
      reason: 'moved_away',
      note: 'Moved out of the area',
      communityInvite: 'no',
    });
    expect(ended.statusCode).toBe(303);
    const [course] = await t.database.db
      .select()
      .from(treatmentCourses)
      .where(eq(treatmentCourses.id, courseId));
    expect(course!.status).toBe('ended');
    // The record and the patient's own details call it the last course, not the current one.
    const record = textOf((await jo.get(`/patients/${w.taylor.patientId}`)).body);
    expect(record).toMatch(/Last course ?Treatment/);
    expect(record).not.toContain('Current course');
    const taylor = await signedIn('taylor@example.com');
    const own = textOf((await taylor.get(`/patients/${w.taylor.patientId}`)).body);
    expect(own).toMatch(/Your last course of treatment ?Treatment/);
    expect(own).toMatch(/Status ?Ended/);
    const rows = await t.database.db
      .select()
      .from(appointments)
      .where(eq(appointments.courseId, courseId));
    expect(rows.every((r) => r.status === 'cancelled' && r.cancelledBy === 'service')).toBe(true);
    const pending = await t.database.db
      .select()
      .from(outboxMessages)
      .where(
        and(like(outboxMessages.idempotencyKey, 'appt:%'), eq(outboxMessages.status, 'pending')),
      );
    expect(pending).toHaveLength(0);
    const notice = await t.database.db
      .select()
      .from(outboxMessages)
      .where(eq(outboxMessages.template, 'course-ended'));
    expect(notice.map((n) => n.channel).sort()).toEqual(['email', 'sms']);
    expect(notice[0]!.body).toContain(
      'Your time with NHS Talking Therapies has come to an end, so we have cancelled your 14 remaining appointments',
    );
    // It points to the inbox, where the message it speaks of is: so that message sends no
    // notice of its own, one text at discharge and not two (walk 5), and says it too.
    expect(notice[0]!.body).toMatch(/There is a message for you when you sign in: \S+\/messages\b/);
    const [ending] = await t.database.db
      .select()
      .from(patientMessages)
      .where(
        and(
          eq(patientMessages.patientId, w.taylor.patientId),
          eq(patientMessages.subject, 'Your sessions have ended'),
        ),
      );
    expect(ending!.body).toContain(
      'We have cancelled the 14 appointments that were still booked, so you do not need to come to them.',
    );
    const ownNotice = await t.database.db
      .select()
      .from(outboxMessages)
      .where(like(outboxMessages.idempotencyKey, `new-message:${ending!.id}:%`));
    expect(ownNotice).toHaveLength(0);
    // No more bookings on an ended course.
    await jo.get(`/diary/book?course=${courseId}`);
    const more = await jo.post(
      '/diary/book',
      bookingForm({ patientId: w.taylor.patientId, courseId, therapistId: w.joId }),
    );
    expect(more.statusCode).toBe(400);
    expect(textOf(more.body)).toContain('This course of treatment has ended');
  });
});
