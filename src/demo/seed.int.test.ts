import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, asc, count, eq, isNull } from 'drizzle-orm';
import {
  appointments,
  assessments,
  auditEvents,
  communityInvitations,
  communityMembers,
  courseOutcomes,
  discharges,
  letters,
  locations,
  measureResponses,
  outboxMessages,
  patients,
  referrals,
  riskAlerts,
  rooms,
  therapistLocations,
  therapistProfiles,
  services,
  sessionNotes,
  sessionSummaryCorrections,
  stayingWellPlanVersions,
  treatmentCourses,
  users,
} from '../db/schema';
import { isValidNhsNumber } from '../domain/identifiers';
import { TestClient, textOf } from '../../tests/support/client';
import { createTestApp, type TestApp } from '../../tests/support/test-app';
import { DEMO_PASSWORD, DEMO_TOTP_SECRET, seedDemo } from './seed';

let t: TestApp;
let firstRun: string[];
let secondRun: string[];

const db = () => t.database.db;

/** How many rows each table the demo fills has: a second run must not change any of them. */
async function counts() {
  const tables = {
    users,
    patients,
    referrals,
    riskAlerts,
    assessments,
    appointments,
    treatmentCourses,
    measureResponses,
    outboxMessages,
    auditEvents,
    locations,
    rooms,
    therapistProfiles,
    therapistLocations,
    communityMembers,
  };
  const out: Record<string, number> = {};
  for (const [name, table] of Object.entries(tables))
    out[name] = (await db().select({ n: count() }).from(table))[0]!.n;
  return out;
}

let afterFirst: Record<string, number>;
let afterSecond: Record<string, number>;

beforeAll(async () => {
  // Wednesday 25 November 2026, 10am: the demo is laid out in weeks around it.
  t = await createTestApp();
  firstRun = [];
  await seedDemo(t.ctx, t.service.id, (m) => firstRun.push(m));
  afterFirst = await counts();
  secondRun = [];
  await seedDemo(t.ctx, t.service.id, (m) => secondRun.push(m));
  afterSecond = await counts();
}, 120_000);
afterAll(async () => t.close());

describe('the demo seed', () => {
  it('reports its progress as demo: n/N, both times', () => {
    expect(firstRun).toHaveLength(15);
    expect(firstRun[0]).toBe('demo: 1/15 two locations with rooms, and how to contact the service');
    expect(firstRun).toContain('demo: 9/15 the community moderator, a member of the community');
    expect(firstRun.at(-1)).toBe('demo: 15/15 patient whose course has ended');
    for (const [i, m] of firstRun.entries()) expect(m).toMatch(new RegExp(`^demo: ${i + 1}/15 `));
    expect(secondRun).toEqual(firstRun);
  });

  it('is idempotent: a second run changes nothing', () => {
    expect(afterSecond).toEqual(afterFirst);
  });

  it('tells patients how to contact the service', async () => {
    const [service] = await t.database.db
      .select({ contact: services.contact })
      .from(services)
      .where(eq(services.id, t.service.id));
    expect(service?.contact).toMatchObject({ phone: '+441134960000', postcode: 'LS1 4AP' });
  });

  it('has the staff, four therapists with profiles and a supervised trainee', async () => {
    expect(afterFirst).toMatchObject({
      locations: 2,
      rooms: 3,
      therapistProfiles: 4,
      // 6 staff and 4 patients with accounts.
      users: 10,
    });
    const [trainee] = await db()
      .select()
      .from(users)
      .where(eq(users.email, 'trainee@demo.rapport.test'));
    const [supervisor] = await db()
      .select()
      .from(users)
      .where(eq(users.email, 'supervisor@demo.rapport.test'));
    const [profile] = await db()
      .select()
      .from(therapistProfiles)
      .where(eq(therapistProfiles.userId, trainee!.id));
    expect(profile).toMatchObject({ trainee: true, supervisorId: supervisor!.id });
    const profiles = await db().select().from(therapistProfiles);
    expect(profiles.map((p) => p.professionalBody).sort()).toEqual([
      'BABCP',
      'BACP',
      'HCPC',
      'UKCP',
    ]);
    for (const p of profiles) {
      expect(p.registrationNumber).toBeTruthy();
      expect(p.therapies).toContain('ipt');
      expect(Object.keys(p.workingPattern).length).toBeGreaterThan(0);
    }
    expect(afterFirst.therapistLocations).toBeGreaterThanOrEqual(4);
  });

  it('has patients at each point of the journey, with valid test NHS numbers', async () => {
    const all = await db().select().from(referrals).orderBy(asc(referrals.receivedAt));
    expect(all.map((r) => `${r.givenName} ${r.familyName}: ${r.status}`).sort()).toEqual([
      'Ellis Fraser: new',
      'Harriet Lowe: ipt_waiting',
      'Jamie Moss: discharged',
      'Noor Haddad: assessment_booked',
      'Robin Hart: in_treatment',
      'Taylor Green: in_treatment',
    ]);
    for (const r of all) {
      expect(r.nhsNumber).toMatch(/^999/);
      expect(isValidNhsNumber(r.nhsNumber!)).toBe(true);
    }
    // The urgent self-referral: not triaged, with an open risk alert.
    const urgent = all.find((r) => r.givenName === 'Ellis')!;
    expect(urgent).toMatchObject({ urgent: true, patientId: null });
    const alerts = await db()
      .select()
      .from(riskAlerts)
      .where(and(eq(riskAlerts.referralId, urgent.id), isNull(riskAlerts.actionedAt)));
    expect(alerts).toHaveLength(1);
    expect(afterFirst.patients).toBe(5);

    // The booked assessment is in Sam's diary, face to face, in the future.
    const noor = all.find((r) => r.givenName === 'Noor')!;
    const [booked] = await db()
      .select()
      .from(assessments)
      .where(and(eq(assessments.referralId, noor.id), eq(assessments.status, 'booked')));
    const [appt] = await db()
      .select()
      .from(appointments)
      .where(eq(appointments.id, booked!.appointmentId!));
    expect(appt).toMatchObject({ type: 'assessment', mode: 'face_to_face', status: 'booked' });
    expect(appt!.roomId).toBeTruthy();
    expect(appt!.startsAt.getTime()).toBeGreaterThan(t.clock.now().getTime());
  });

  it('has courses: two active with sessions attended and booked, one ended', async () => {
    const courses = await db().select().from(treatmentCourses);
    expect(courses.map((c) => c.status).sort()).toEqual(['active', 'active', 'ended']);
    const [taylor] = await db().select().from(patients).where(eq(patients.givenName, 'Taylor'));
    const course = courses.find((c) => c.patientId === taylor!.id)!;
    const sessions = await db()
      .select()
      .from(appointments)
      .where(eq(appointments.courseId, course.id))
      .orderBy(asc(appointments.startsAt));
    const now = t.clock.now().getTime();
    const past = sessions.filter((s) => s.startsAt.getTime() < now);
    const future = sessions.filter((s) => s.startsAt.getTime() > now);
    expect(past.length).toBeGreaterThanOrEqual(5);
    expect(past.every((s) => s.status === 'attended')).toBe(true);
    expect(future.length).toBeGreaterThan(0);
    expect(future.every((s) => s.status === 'booked')).toBe(true);
    expect(course.attendedSessions).toBe(past.length);
    expect(past.map((s) => s.sessionNumber)).toEqual(past.map((_, i) => i + 1));

    // PHQ-9 before each session goes down.
    const phq9 = await db()
      .select()
      .from(measureResponses)
      .where(and(eq(measureResponses.courseId, course.id), eq(measureResponses.measureId, 'phq9')))
      .orderBy(asc(measureResponses.completedAt));
    const totals = phq9.map((r) => r.total!);
    expect(totals.length).toBe(past.length);
    expect(totals[0]!).toBeGreaterThan(totals.at(-1)!);
    expect([...totals].sort((a, b) => b - a)).toEqual(totals);

    // Each session's note signed, but the latest one's, still to write.
    const notes = await db()
      .select()
      .from(sessionNotes)
      .where(eq(sessionNotes.courseId, course.id));
    const signed = new Set(notes.filter((n) => n.signedAt !== null).map((n) => n.appointmentId));
    expect(past.slice(0, -1).every((s) => signed.has(s.id))).toBe(true);
    expect(signed.has(past.at(-1)!.id)).toBe(false);
    // The trainee's notes are countersigned by their supervisor.
    const traineeNotes = await db()
      .select()
      .from(sessionNotes)
      .where(eq(sessionNotes.needsCountersignature, true));
    expect(traineeNotes.length).toBeGreaterThan(0);
    expect(traineeNotes.every((n) => n.countersignedAt !== null)).toBe(true);
    // A correction to a first summary: the trainee's still waiting for their supervisor (so
    // /supervision has one), the qualified therapist's shown to the patient as it stands.
    const corrections = await db().select().from(sessionSummaryCorrections);
    expect(corrections).toHaveLength(2);
    expect(corrections.filter((c) => c.needsCountersignature && !c.countersignedAt)).toHaveLength(
      1,
    );
    expect(corrections.filter((c) => !c.needsCountersignature)).toHaveLength(1);

    // The trainee's course: face to face in a room, with one missed session.
    const [jo] = await db()
      .select()
      .from(users)
      .where(eq(users.email, 'trainee@demo.rapport.test'));
    const traineeCourse = courses.find((c) => c.therapistId === jo!.id)!;
    expect(traineeCourse.status).toBe('active');
    const traineeSessions = await db()
      .select()
      .from(appointments)
      .where(eq(appointments.courseId, traineeCourse.id));
    expect(traineeSessions.every((s) => s.mode === 'face_to_face' && s.roomId)).toBe(true);
    expect(traineeSessions.some((s) => s.status === 'did_not_attend')).toBe(true);

    // The ended course: every session attended, nothing left booked.
    const ended = courses.find((c) => c.status === 'ended')!;
    expect(ended.attendedSessions).toBe(ended.plannedSessions);
    const endedSessions = await db()
      .select()
      .from(appointments)
      .where(eq(appointments.courseId, ended.id));
    expect(endedSessions.every((s) => s.status === 'attended')).toBe(true);
  });

  it('discharges the finished course as a therapist would: outcome, letters, feedback, community', async () => {
    const [ended] = await db()
      .select()
      .from(treatmentCourses)
      .where(eq(treatmentCourses.status, 'ended'));
    const [discharge] = await db()
      .select()
      .from(discharges)
      .where(eq(discharges.courseId, ended!.id));
    expect(discharge).toMatchObject({ reason: 'completed', communityInvite: true });
    const [outcome] = await db()
      .select()
      .from(courseOutcomes)
      .where(eq(courseOutcomes.courseId, ended!.id));
    expect(outcome).toMatchObject({ phq9First: 17, phq9Last: 5, recovered: true });
    const [referral] = await db()
      .select()
      .from(referrals)
      .where(eq(referrals.id, ended!.referralId!));
    expect(referral!.status).toBe('discharged');
    // The referral said yes to contacting the GP, so both letters are written.
    const kinds = await db()
      .select({ kind: letters.kind })
      .from(letters)
      .where(eq(letters.patientId, ended!.patientId));
    expect(kinds.map((l) => l.kind).sort()).toEqual(['discharge_gp', 'discharge_patient']);
    const patient = (
      await db().select().from(patients).where(eq(patients.id, ended!.patientId))
    )[0]!;
    const invitations = await db()
      .select()
      .from(communityInvitations)
      .where(eq(communityInvitations.patientId, patient.id));
    expect(invitations).toHaveLength(1);
    // The relapse prevention plan the discharge note names is in the notebook, ready.
    const plans = await db()
      .select()
      .from(stayingWellPlanVersions)
      .where(eq(stayingWellPlanVersions.courseId, ended!.id));
    expect(plans).toHaveLength(1);
    expect(plans[0]).toMatchObject({ complete: true, savedByRole: 'clinician' });
  });

  it('leaves no message from the past waiting to go out', async () => {
    const pending = await db()
      .select()
      .from(outboxMessages)
      .where(eq(outboxMessages.status, 'pending'));
    expect(pending.length).toBeGreaterThan(0); // reminders for appointments still to come
    expect(pending.every((m) => m.nextAttemptAt.getTime() > t.clock.now().getTime())).toBe(true);
  });

  it('lets the demo people sign in with the demo password (staff with the demo app key)', async () => {
    const demoClient = () => {
      const c = new TestClient(t.app);
      c.totp = { secret: DEMO_TOTP_SECRET, clock: t.clock };
      return c;
    };
    for (const email of [
      'manager@demo.rapport.test',
      'trainee@demo.rapport.test',
      'patient1@demo.rapport.test',
    ]) {
      const c = demoClient();
      expect((await c.signIn(email, DEMO_PASSWORD)).statusCode, email).toBe(303);
      expect((await c.get('/home')).statusCode, email).toBe(200);
    }
    const taylor = new TestClient(t.app);
    await taylor.signIn('patient1@demo.rapport.test', DEMO_PASSWORD);
    expect((await taylor.get('/home')).statusCode).toBe(200);
    const sam = demoClient();
    await sam.signIn('therapist1@demo.rapport.test', DEMO_PASSWORD);
    const diary = textOf((await sam.get('/diary?date=2026-12-01')).body);
    expect(diary).toContain('Taylor Green');
    expect(diary).toContain('Noor Haddad');
  });

  it('makes the community moderator a member who can moderate, as if they had accepted an invitation', async () => {
    const [moderator] = await db()
      .select()
      .from(users)
      .where(eq(users.email, 'moderator@demo.rapport.test'));
    const members = await db()
      .select()
      .from(communityMembers)
      .where(eq(communityMembers.userId, moderator!.id));
    expect(members).toHaveLength(1);
    expect(members[0]).toMatchObject({ kind: 'moderator', status: 'active', badge: 'volunteer' });
    const [invitation] = await db()
      .select()
      .from(communityInvitations)
      .where(eq(communityInvitations.userId, moderator!.id));
    expect(invitation?.acceptedAt).toBeTruthy();
    const c = new TestClient(t.app);
    c.totp = { secret: DEMO_TOTP_SECRET, clock: t.clock };
    expect((await c.signIn('moderator@demo.rapport.test', DEMO_PASSWORD)).statusCode).toBe(303);
    for (const url of ['/community', '/community/wall', '/community/moderation'])
      expect((await c.get(url)).statusCode, url).toBe(200);
  });

  it('starts without the moderator’s membership when someone removed their access', async () => {
    const [moderator] = await db()
      .select()
      .from(users)
      .where(eq(users.email, 'moderator@demo.rapport.test'));
    await db().delete(communityMembers).where(eq(communityMembers.userId, moderator!.id));
    await db().delete(communityInvitations).where(eq(communityInvitations.userId, moderator!.id));
    await db().update(users).set({ active: false }).where(eq(users.id, moderator!.id));
    const run: string[] = [];
    await seedDemo(t.ctx, t.service.id, (m) => run.push(m));
    expect(run).toContain(
      'demo: 9/15 the community moderator: not joined, as the manager’s or moderator’s access was removed',
    );
    expect(
      await db().select().from(communityMembers).where(eq(communityMembers.userId, moderator!.id)),
    ).toHaveLength(0);
  });
});
