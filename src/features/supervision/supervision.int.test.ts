import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { formatLondonDateTime } from '../../domain/calendar';
import {
  appointments,
  auditEvents,
  iptWorkspaces,
  measureResponses,
  patients,
  riskAlerts,
  sessionNotes,
  supervisionNotes,
  treatmentCourses,
} from '../../db/schema';
import { TestClient, textOf } from '../../../tests/support/client';
import {
  insertCourse,
  insertPatient,
  insertSession,
  insertTherapistProfile,
} from '../../../tests/support/fixtures';
import {
  createTestApp,
  createUser,
  TEST_PASSWORD,
  type TestApp,
} from '../../../tests/support/test-app';

let t: TestApp;
let ids: Record<'sup' | 'trainee' | 'other', string>;
let offCourseId = '';
let onCourseId = '';

async function signedIn(email: string) {
  const c = new TestClient(t.app);
  expect((await c.signIn(email, TEST_PASSWORD)).statusCode).toBe(303);
  return c;
}

const DAY = 86_400_000;
const PROFILE = { professionalBody: 'BACP' as const, registrationNumber: '123456' };

/** A trainee's course of 12 with `held` attended weekly sessions, each with a PHQ-9. */
async function courseWith(givenName: string, phq9: number[], hourOffset: number) {
  const now = t.clock.now().getTime();
  const patient = await insertPatient(t, {
    givenName,
    familyName: 'Case',
    responsibleClinicianId: ids.trainee,
  });
  const course = await insertCourse(t, patient.id, ids.trainee, {
    plannedSessions: 12,
    attendedSessions: phq9.length,
    // Started a week before its first session.
    startedAt: new Date(now - (phq9.length + 1) * 7 * DAY),
  });
  for (const [i, total] of phq9.entries()) {
    const at = new Date(now - (phq9.length - i) * 7 * DAY + hourOffset * 3_600_000);
    const s = await insertSession(t, course, at, { status: 'attended', sessionNumber: i + 1 });
    await t.database.db.insert(measureResponses).values({
      serviceId: t.service.id,
      measureId: 'phq9',
      context: 'session',
      patientId: patient.id,
      appointmentId: s.id,
      courseId: course.id,
      answers: {},
      total,
      completedAt: new Date(at.getTime() - 600_000),
      enteredByRole: 'patient',
    });
  }
  // One missed session.
  await insertSession(t, course, new Date(now - 2 * DAY + hourOffset * 3_600_000), {
    status: 'did_not_attend',
  });
  return course;
}

beforeAll(async () => {
  t = await createTestApp();
  ids = {
    sup: (await createUser(t, 'sup@example.nhs.uk', ['supervisor', 'therapist'], 'Dr Priya Shah'))
      .id,
    trainee: (await createUser(t, 'jo@example.nhs.uk', ['therapist'], 'Jo Evans')).id,
    other: (await createUser(t, 'alex@example.nhs.uk', ['therapist'], 'Alex Byrne')).id,
  };
  await insertTherapistProfile(t, ids.sup, PROFILE);
  await insertTherapistProfile(t, ids.other, PROFILE);
  await insertTherapistProfile(t, ids.trainee, {
    ...PROFILE,
    trainee: true,
    supervisorId: ids.sup,
  });
  // Six of twelve sessions held with PHQ-9 18 → 15: no reliable improvement by the middle.
  offCourseId = (await courseWith('Ola', [18, 17, 17, 16, 15, 15], 0)).id;
  // Six held, 18 → 10: reliably improved.
  onCourseId = (await courseWith('Nia', [18, 16, 14, 12, 11, 10], 2)).id;
});
afterAll(async () => t.close());

describe('the supervisor’s view (issue 11 part B)', () => {
  it('lists supervisees’ courses with phase, trend, missed sessions and the off-track flag first', async () => {
    const sup = await signedIn('sup@example.nhs.uk');
    const res = await sup.get('/supervision');
    expect(res.statusCode).toBe(200);
    const text = textOf(res.body);
    expect(text).toContain('Ola Case');
    expect(text).toContain('Nia Case');
    expect(text.indexOf('Ola Case')).toBeLessThan(text.indexOf('Nia Case'));
    expect(text).toContain('PHQ-9 18 to 15 (down 3)');
    expect(text).toContain('No reliable improvement in PHQ-9');
    expect(text.match(/Off track/g)?.length).toBe(1);
    expect(text).toContain('Middle phase');
  });

  it('shows the supervisor the open risk alerts of their trainees’ patients at home (walk 4)', async () => {
    const [ola] = await t.database.db.select().from(patients).where(eq(patients.givenName, 'Ola'));
    await t.database.db.insert(riskAlerts).values({
      serviceId: t.service.id,
      source: 'questionnaire',
      reason: "PHQ-9 question 9 answered 'Several days'",
      patientId: ola!.id,
      responsibleClinicianId: ids.trainee,
      raisedAt: t.clock.now(),
    });
    const home = textOf((await (await signedIn('sup@example.nhs.uk')).get('/home')).body);
    expect(home).toContain('There are no open risk alerts for your patients.');
    expect(home).toContain('1 open risk alert for your trainees’ patients.');
    expect(home).toMatch(/Ola Case ?: PHQ-9 question 9 answered 'Several days'/);
    expect(home).toContain('Jo Evans’s patient');
    // Not another therapist's home.
    expect(textOf((await (await signedIn('alex@example.nhs.uk')).get('/home')).body)).not.toContain(
      'Ola Case',
    );
  });

  it('lists the trainee’s signed notes waiting for the supervisor to countersign (walk 4)', async () => {
    const sup = await signedIn('sup@example.nhs.uk');
    expect(textOf((await sup.get('/supervision')).body)).toContain(
      'No trainee’s note is waiting for your countersignature.',
    );
    const [session] = await t.database.db
      .select()
      .from(appointments)
      .where(eq(appointments.courseId, offCourseId));
    const now = t.clock.now();
    await t.database.db.insert(sessionNotes).values({
      serviceId: t.service.id,
      appointmentId: session!.id,
      courseId: offCourseId,
      patientId: session!.patientId,
      authorId: ids.trainee,
      agenda: 'Role dispute with her sister',
      createdAt: now,
      updatedAt: now,
      signedAt: now,
      signedBy: ids.trainee,
      needsCountersignature: true,
    });
    const page = await sup.get('/supervision');
    const text = textOf(page.body);
    expect(text).toContain('1 note signed by a trainee is waiting for your countersignature.');
    expect(text).toContain('(by Jo Evans, signed');
    expect(page.body).toContain(`href="/notes/${session!.id}"`);
    // Countersigned, it leaves the list.
    await t.database.db
      .update(sessionNotes)
      .set({ countersignedAt: now, countersignedBy: ids.sup })
      .where(eq(sessionNotes.appointmentId, session!.id));
    expect(textOf((await sup.get('/supervision')).body)).toContain(
      'No trainee’s note is waiting for your countersignature.',
    );
  });

  it('shows the IPT workspace’s phase, the therapist’s override included', async () => {
    // Six of twelve held is the middle phase by count; the trainee moved Nia to the ending.
    const [nia] = await t.database.db
      .select()
      .from(iptWorkspaces)
      .where(eq(iptWorkspaces.courseId, onCourseId));
    expect(nia).toBeUndefined();
    const course = (await t.database.db.query.treatmentCourses.findFirst({
      where: (c, { eq: e }) => e(c.id, onCourseId),
    }))!;
    await t.database.db.insert(iptWorkspaces).values({
      serviceId: t.service.id,
      courseId: onCourseId,
      patientId: course.patientId,
      phaseOverride: 'ending',
      phaseOverrideReason: 'Recovered early; planning an early ending',
      phaseOverrideBy: ids.trainee,
      phaseOverrideAt: t.clock.now(),
    });
    const sup = await signedIn('sup@example.nhs.uk');
    const res = await sup.get('/supervision');
    const rows = res.body.split('<tr').filter((r) => r.includes('Case'));
    const niaRow = textOf(rows.find((r) => r.includes('Nia Case'))!);
    const olaRow = textOf(rows.find((r) => r.includes('Ola Case'))!);
    expect(niaRow).toContain('Ending phase (set by the therapist)');
    expect(olaRow).toContain('Middle phase');
    expect(olaRow).not.toContain('set by the therapist');
    await t.database.db.delete(iptWorkspaces).where(eq(iptWorkspaces.courseId, onCourseId));
  });

  it('flags the off-track course on the trainee’s caseload too', async () => {
    const jo = await signedIn('jo@example.nhs.uk');
    const text = textOf((await jo.get('/caseload')).body);
    expect(text.match(/Off track/g)?.length).toBe(1);
  });

  it('records a supervision note the supervisee reads and acknowledges', async () => {
    const sup = await signedIn('sup@example.nhs.uk');
    await sup.get(`/supervision/courses/${offCourseId}`);
    const refused = await sup.post(`/supervision/courses/${offCourseId}`, {
      'metOn-day': '30',
      'metOn-month': '11',
      'metOn-year': '2026',
      discussion: '',
      actions: '',
    });
    expect(refused.statusCode).toBe(400);
    expect(textOf(refused.body)).toContain('Enter what was discussed');
    const tooEarly = await sup.post(`/supervision/courses/${offCourseId}`, {
      'metOn-day': '1',
      'metOn-month': '1',
      'metOn-year': '1999',
      discussion: 'Scores flat',
      actions: '',
    });
    expect(tooEarly.statusCode).toBe(400);
    expect(textOf(tooEarly.body)).toContain('must be on or after the day the course started');
    const saved = await sup.post(`/supervision/courses/${offCourseId}`, {
      'metOn-day': '24',
      'metOn-month': '11',
      'metOn-year': '2026',
      discussion: 'Scores flat at the midpoint; revisit the focal area.',
      actions: 'Rate the IPT adherence scale on next week’s recording.',
    });
    expect(saved.statusCode).toBe(303);
    // The case page says who recorded each note and when, and that it awaits the trainee.
    const recordedAt = formatLondonDateTime(t.clock.now());
    const casePage = async () =>
      textOf((await sup.get(`/supervision/courses/${offCourseId}`)).body);
    const before = await casePage();
    expect(before).toContain(`Recorded by Dr Priya Shah on ${recordedAt}.`);
    expect(before).toContain('Not yet acknowledged by Jo Evans.');

    const jo = await signedIn('jo@example.nhs.uk');
    const received = await jo.get('/supervision/received');
    expect(textOf(received.body)).toContain('Scores flat at the midpoint');
    // The note leads to its case.
    expect(received.body).toContain(`href="/courses/${offCourseId}"`);
    expect((await jo.get(`/courses/${offCourseId}`)).statusCode).toBe(200);
    const [note] = await t.database.db
      .select()
      .from(supervisionNotes)
      .where(eq(supervisionNotes.courseId, offCourseId));
    // Another therapist cannot acknowledge it.
    const alex = await signedIn('alex@example.nhs.uk');
    await alex.get('/supervision/received');
    expect((await alex.post(`/supervision/notes/${note!.id}/acknowledge`, {})).statusCode).toBe(
      404,
    );
    expect((await jo.post(`/supervision/notes/${note!.id}/acknowledge`, {})).statusCode).toBe(303);
    const [after] = await t.database.db
      .select()
      .from(supervisionNotes)
      .where(eq(supervisionNotes.id, note!.id));
    expect(after?.acknowledgedAt).not.toBeNull();
    // The supervisor sees when the trainee acknowledged it.
    const acknowledged = await casePage();
    expect(acknowledged).toContain(
      `Acknowledged by Jo Evans on ${formatLondonDateTime(after!.acknowledgedAt!)}.`,
    );
    expect(acknowledged).not.toContain('Not yet acknowledged');
    // Reading and acknowledging it are audited against the patient whose case it is (walk 11).
    const [course] = await t.database.db
      .select()
      .from(treatmentCourses)
      .where(eq(treatmentCourses.id, offCourseId));
    const rows = await t.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.recordId, note!.id), eq(auditEvents.serviceId, t.service.id)));
    const byAction = (action: string, outcome = 'success') =>
      rows.filter((r) => r.action === action && r.outcome === outcome).map((r) => r.patientId);
    expect(byAction('supervision.read')).toContain(course!.patientId);
    expect(byAction('supervision.read').every((p) => p === course!.patientId)).toBe(true);
    expect(byAction('supervision.note_acknowledge')).toEqual([course!.patientId]);
    expect(byAction('supervision.note_acknowledge', 'denied')).toEqual([course!.patientId]);

    // Handed over to another therapist, the case is no longer Jo's to open: no link to a 404.
    // As changeCourseTherapist does: the course and the patient's responsible clinician move.
    const [patientBefore] = await t.database.db
      .select()
      .from(patients)
      .where(eq(patients.id, course!.patientId));
    const handOver = async (therapistId: string, responsibleClinicianId: string | null) => {
      await t.database.db
        .update(treatmentCourses)
        .set({ therapistId })
        .where(eq(treatmentCourses.id, offCourseId));
      await t.database.db
        .update(patients)
        .set({ responsibleClinicianId })
        .where(eq(patients.id, course!.patientId));
    };
    await handOver(ids.other, ids.other);
    try {
      const moved = await jo.get('/supervision/received');
      expect(moved.body).not.toContain(`href="/courses/${offCourseId}"`);
      expect(textOf(moved.body)).toContain('The course is no longer yours.');
      expect(textOf(moved.body)).toContain('Scores flat at the midpoint');
    } finally {
      await handOver(course!.therapistId, patientBefore!.responsibleClinicianId);
    }
    // The note itself cannot be changed afterwards.
    await expect(
      t.database.db
        .update(supervisionNotes)
        .set({ discussion: 'rewritten' })
        .where(eq(supervisionNotes.id, note!.id)),
    ).rejects.toThrow();
  });

  it('answers 404 to a supervisor for a course that is not their supervisee’s', async () => {
    const patient = await insertPatient(t, { givenName: 'Zed', familyName: 'Other' });
    const course = await insertCourse(t, patient.id, ids.other);
    const sup = await signedIn('sup@example.nhs.uk');
    expect((await sup.get(`/supervision/courses/${course.id}`)).statusCode).toBe(404);
    expect((await sup.get(`/supervision/courses/${onCourseId}`)).statusCode).toBe(200);
  });
});
