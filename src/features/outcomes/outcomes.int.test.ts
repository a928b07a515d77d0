import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import {
  auditEvents,
  courseOutcomes,
  measureResponses,
  patients,
  type AppointmentStatus,
} from '../../db/schema';
import { courseSessions, currentResponses } from './outcomes.repository';
import { TestClient, textOf } from '../../../tests/support/client';
import { tableRows } from '../../../tests/support/tables';
import {
  createTestApp,
  createUser,
  TEST_PASSWORD,
  type TestApp,
} from '../../../tests/support/test-app';
import { seedDiaryWorld, type DiaryWorld } from '../../../tests/fixtures/diary-world';
import {
  pairedScores,
  seedCourse,
  type ScoreSpec,
  type SeededCourse,
} from '../../../tests/fixtures/outcomes';

let t: TestApp;
let w: DiaryWorld;

async function signedIn(email: string) {
  const c = new TestClient(t.app);
  expect((await c.signIn(email, TEST_PASSWORD)).statusCode).toBe(303);
  return c;
}

let nextSlot = 0;
/** Each course gets its own hour, so no two sessions overlap in Sam's diary. */
function firstSessionAt(): Date {
  nextSlot += 1;
  return new Date(Date.UTC(2026, 0, 5, 0) + nextSlot * 3_600_000);
}

async function endThroughThePage(courseId: string, email = 'sam@example.nhs.uk') {
  const c = await signedIn(email);
  expect((await c.get(`/courses/${courseId}/discharge`)).statusCode).toBe(200);
  const res = await c.post(`/courses/${courseId}/discharge`, {
    reason: 'completed',
    note: 'Finished treatment',
    communityInvite: 'no',
  });
  expect(res.statusCode).toBe(303);
  const [row] = await t.database.db
    .select()
    .from(courseOutcomes)
    .where(and(eq(courseOutcomes.serviceId, t.service.id), eq(courseOutcomes.courseId, courseId)));
  return row!;
}

beforeAll(async () => {
  t = await createTestApp();
  w = await seedDiaryWorld(t);
});
afterAll(async () => t.close());

const TWO: AppointmentStatus[] = ['attended', 'attended'];

interface Case {
  name: string;
  sessions: AppointmentStatus[];
  scores: ScoreSpec[];
  expected: Partial<typeof courseOutcomes.$inferSelect>;
}

const flags = (
  casenessAtStart: boolean,
  recovered: boolean | null,
  reliableImprovement: boolean,
  reliableDeterioration: boolean,
  noReliableChange: boolean,
  reliableRecovery: boolean | null,
) => ({
  status: 'computed' as const,
  finishedTreatment: true,
  casenessAtStart,
  recovered,
  reliableImprovement,
  reliableDeterioration,
  noReliableChange,
  reliableRecovery,
});

const CASES: Case[] = [
  // Finished a course of treatment: 2 attended (or arrived late) sessions, not 1.
  {
    name: 'two attended sessions: finished, reliably recovered',
    sessions: TWO,
    scores: pairedScores([15, 9], [7, 7]),
    expected: { attendedSessions: 2, ...flags(true, true, true, false, false, true) },
  },
  {
    name: 'attended and arrived late count; did not attend and cancelled do not',
    sessions: ['attended', 'did_not_attend', 'cancelled', 'arrived_late'],
    scores: pairedScores([15, 9], [7, 7], 4),
    expected: { attendedSessions: 2, finishedTreatment: true },
  },
  {
    name: 'one attended session: not finished, every flag not applicable',
    sessions: ['attended', 'did_not_attend'],
    scores: [
      { measureId: 'phq9', total: 18, context: 'assessment' },
      { measureId: 'gad7', total: 12, context: 'assessment' },
      ...pairedScores([15, 15], [10, 10]).slice(0, 2),
    ],
    expected: {
      status: 'computed',
      attendedSessions: 1,
      finishedTreatment: false,
      phq9First: 18,
      phq9FirstContext: 'assessment',
      phq9Last: 15,
      casenessAtStart: true,
      recovered: null,
      reliableImprovement: null,
      reliableDeterioration: null,
      noReliableChange: null,
      reliableRecovery: null,
    },
  },
  // Caseness at the start: PHQ-9 9/10, GAD-7 7/8.
  {
    name: 'PHQ-9 9 and GAD-7 7 at the start: not at caseness',
    sessions: TWO,
    scores: pairedScores([9, 9], [7, 7]),
    expected: flags(false, null, false, false, true, null),
  },
  {
    name: 'PHQ-9 10 at the start: at caseness',
    sessions: TWO,
    scores: pairedScores([10, 9], [7, 7]),
    expected: flags(true, true, false, false, true, false),
  },
  {
    name: 'GAD-7 8 at the start: at caseness',
    sessions: TWO,
    scores: pairedScores([9, 9], [8, 7]),
    expected: flags(true, true, false, false, true, false),
  },
  // Recovery needs both measures below caseness at the end.
  {
    name: 'PHQ-9 ends at 10: not recovered though reliably improved',
    sessions: TWO,
    scores: pairedScores([20, 10], [5, 5]),
    expected: flags(true, false, true, false, false, false),
  },
  {
    name: 'GAD-7 ends at 8: not recovered',
    sessions: TWO,
    scores: pairedScores([12, 9], [8, 8]),
    expected: flags(true, false, false, false, true, false),
  },
  // Reliable change: PHQ-9 5/6, GAD-7 3/4, both ways.
  {
    name: 'PHQ-9 down 5: recovered, not reliably',
    sessions: TWO,
    scores: pairedScores([14, 9], [7, 7]),
    expected: flags(true, true, false, false, true, false),
  },
  {
    name: 'GAD-7 down 3: no reliable change',
    sessions: TWO,
    scores: pairedScores([5, 5], [10, 7]),
    expected: flags(true, true, false, false, true, false),
  },
  {
    name: 'GAD-7 down 4: reliable recovery',
    sessions: TWO,
    scores: pairedScores([5, 5], [11, 7]),
    expected: flags(true, true, true, false, false, true),
  },
  {
    name: 'PHQ-9 up 5: no reliable change',
    sessions: TWO,
    scores: pairedScores([12, 17], [9, 9]),
    expected: flags(true, false, false, false, true, false),
  },
  {
    name: 'PHQ-9 up 6: reliable deterioration',
    sessions: TWO,
    scores: pairedScores([12, 18], [9, 9]),
    expected: flags(true, false, false, true, false, false),
  },
  {
    name: 'GAD-7 up 3: no reliable change',
    sessions: TWO,
    scores: pairedScores([5, 5], [4, 7]),
    expected: flags(false, null, false, false, true, null),
  },
  {
    name: 'GAD-7 up 4: reliable deterioration',
    sessions: TWO,
    scores: pairedScores([5, 5], [4, 8]),
    expected: flags(false, null, false, true, false, null),
  },
  // Which scores pair up.
  {
    name: 'a superseded score is ignored: its correction is used',
    sessions: TWO,
    scores: [
      { measureId: 'phq9', total: 27, context: 'session', session: 1, correctedTo: 16 },
      { measureId: 'gad7', total: 9, context: 'session', session: 1 },
      { measureId: 'phq9', total: 26, context: 'session', session: 2, correctedTo: 9 },
      { measureId: 'gad7', total: 6, context: 'session', session: 2 },
    ],
    expected: { phq9First: 16, phq9Last: 9, ...flags(true, true, true, false, false, true) },
  },
  {
    name: 'no session score at the start: the assessment score is the first',
    sessions: ['attended', 'attended', 'attended'],
    scores: [
      { measureId: 'phq9', total: 20, context: 'referral' },
      { measureId: 'phq9', total: 18, context: 'assessment' },
      { measureId: 'gad7', total: 12, context: 'assessment' },
      { measureId: 'phq9', total: 8, context: 'session', session: 3 },
      { measureId: 'gad7', total: 6, context: 'session', session: 3 },
    ],
    expected: {
      phq9First: 18,
      phq9FirstContext: 'assessment',
      gad7FirstContext: 'assessment',
      phq9Last: 8,
      ...flags(true, true, true, false, false, true),
    },
  },
  {
    name: 'no session or assessment score at the start: the referral score is the first',
    sessions: TWO,
    scores: [
      { measureId: 'phq9', total: 19, context: 'referral' },
      { measureId: 'gad7', total: 14, context: 'referral' },
      { measureId: 'phq9', total: 12, context: 'session', session: 2 },
      { measureId: 'gad7', total: 8, context: 'session', session: 2 },
    ],
    expected: {
      phq9First: 19,
      phq9FirstContext: 'referral',
      gad7First: 14,
      gad7FirstContext: 'referral',
      ...flags(true, false, true, false, false, false),
    },
  },
  // Missing scores: stored as such, never guessed.
  {
    name: 'no GAD-7 at all: not enough scores',
    sessions: TWO,
    scores: pairedScores([15, 9], [7, 7]).filter((s) => s.measureId === 'phq9'),
    expected: {
      status: 'insufficient_scores',
      finishedTreatment: true,
      phq9First: 15,
      phq9Last: 9,
      gad7First: null,
      gad7Last: null,
      casenessAtStart: null,
      recovered: null,
      reliableImprovement: null,
      reliableDeterioration: null,
      noReliableChange: null,
      reliableRecovery: null,
    },
  },
  {
    name: 'one session score of each and nothing earlier: not enough scores',
    sessions: TWO,
    scores: pairedScores([15, 9], [10, 7]).slice(2),
    expected: {
      status: 'insufficient_scores',
      phq9First: null,
      phq9Last: 9,
      gad7First: null,
      gad7Last: 7,
      reliableRecovery: null,
    },
  },
  {
    name: 'no scores at all: not enough scores',
    sessions: TWO,
    scores: [],
    expected: { status: 'insufficient_scores', phq9First: null, phq9Last: null },
  },
];

describe('ending a course stores its outcome', () => {
  const seeded = new Map<string, SeededCourse>();

  it.each(CASES)('$name', async ({ name, sessions, scores, expected }) => {
    const course = await seedCourse(t, {
      givenName: 'Case',
      familyName: name.slice(0, 40),
      therapistId: w.samId,
      sessions,
      firstSessionAt: firstSessionAt(),
      scores,
    });
    seeded.set(name, course);
    const row = await endThroughThePage(course.courseId);
    expect(row).toMatchObject({
      patientId: course.patientId,
      anxietyMeasureId: 'gad7',
      computedAt: t.clock.now(),
      ...expected,
    });
  });

  it('records which responses the scores came from, and audits it', async () => {
    const course = seeded.get('a superseded score is ignored: its correction is used')!;
    const [row] = await t.database.db
      .select()
      .from(courseOutcomes)
      .where(eq(courseOutcomes.courseId, course.courseId));
    // responseIds are in the order of the scores: PHQ-9 s1, GAD-7 s1, PHQ-9 s2, GAD-7 s2.
    expect(row).toMatchObject({
      phq9FirstResponseId: course.responseIds[0],
      gad7FirstResponseId: course.responseIds[1],
      phq9LastResponseId: course.responseIds[2],
      gad7LastResponseId: course.responseIds[3],
      phq9FirstContext: 'session',
    });
    expect(row?.referralReceivedAt).toBeInstanceOf(Date);
    expect(row?.firstTreatmentAt).toBeInstanceOf(Date);
    expect(course.supersededIds).not.toContain(row!.phq9FirstResponseId);
    const events = await t.database.db
      .select()
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.action, 'course.outcome_record'),
          eq(auditEvents.recordId, course.courseId),
        ),
      );
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      patientId: course.patientId,
      details: { status: 'computed', reliableRecovery: true },
    });
  });

  it('shows the outcome on the course page and on the patient record', async () => {
    const sam = await signedIn('sam@example.nhs.uk');
    const recovered = seeded.get('two attended sessions: finished, reliably recovered')!;
    const page = textOf((await sam.get(`/courses/${recovered.courseId}`)).body);
    expect(page).toContain('Outcomes');
    expect(page).toContain('Finished a course of treatment Yes (2 attended treatment sessions)');
    expect(page).toContain('PHQ-9 15 (first treatment session) to 9 (last treatment session)');
    expect(page).toContain('Reliable recovery Yes');

    const notCaseness = seeded.get('PHQ-9 9 and GAD-7 7 at the start: not at caseness')!;
    const record = await sam.get(`/patients/${notCaseness.patientId}`);
    expect(record.statusCode).toBe(200);
    const text = textOf(record.body);
    expect(text).toContain('Outcomes');
    expect(text).toContain('Caseness at the start No');
    expect(text).toContain('Recovery Not applicable: not at caseness at the start');
    expect(text).toContain('Reliable recovery Not applicable: not at caseness at the start');
    expect(text).toContain('No reliable change Yes');

    const oneSession = seeded.get('one attended session: not finished, every flag not applicable')!;
    const one = textOf((await sam.get(`/patients/${oneSession.patientId}`)).body);
    expect(one).toContain('No (1 attended treatment session; at least 2 are needed)');
    expect(one).toContain(
      'Reliable improvement Not applicable: did not finish a course of treatment',
    );
    expect(one).toContain('PHQ-9 18 (assessment) to 15 (last treatment session)');

    const missing = seeded.get('no GAD-7 at all: not enough scores')!;
    const none = textOf((await sam.get(`/patients/${missing.patientId}`)).body);
    expect(none).toContain('GAD-7 Not enough scores to work this out: no GAD-7 scores');
    expect(none).toContain('Outcome Not enough scores to work this out');
    expect(none).not.toContain('Reliable recovery');
  });

  it('keeps outcomes off the patient’s own view of their record', async () => {
    const db = t.database.db;
    const course = seeded.get('two attended sessions: finished, reliably recovered')!;
    const user = await createUser(t, 'case-patient@example.com', ['patient'], 'Case');
    await db.update(patients).set({ userId: user.id }).where(eq(patients.id, course.patientId));
    const me = await signedIn('case-patient@example.com');
    const res = await me.get(`/patients/${course.patientId}`);
    expect(res.statusCode).toBe(200);
    expect(textOf(res.body)).not.toContain('Reliable recovery');
  });

  it('an active course shows no outcome, and an ended course is not worked out twice', async () => {
    const course = await seedCourse(t, {
      givenName: 'Still',
      familyName: 'Going',
      therapistId: w.samId,
      sessions: TWO,
      firstSessionAt: firstSessionAt(),
      scores: pairedScores([15, 9], [7, 7]),
    });
    const sam = await signedIn('sam@example.nhs.uk');
    const page = textOf((await sam.get(`/courses/${course.courseId}`)).body);
    expect(page).not.toContain('Reliable recovery');
    await endThroughThePage(course.courseId);
    // A second discharge of an ended course changes nothing: it goes back to the course.
    const again = await sam.post(`/courses/${course.courseId}/discharge`, {
      reason: 'completed',
      note: 'Again',
      communityInvite: 'no',
    });
    expect(again.headers.location).toBe(`/courses/${course.courseId}`);
    const rows = await t.database.db
      .select()
      .from(courseOutcomes)
      .where(eq(courseOutcomes.courseId, course.courseId));
    expect(rows).toHaveLength(1);
  });
});

describe('service outcomes page', () => {
  const ENDED_ON = '2027-03-10T12:00:00Z';

  beforeAll(async () => {
    const at = new Date(Date.UTC(2026, 6, 6, 9));
    const specs: {
      name: string;
      sessions: AppointmentStatus[];
      scores: ScoreSpec[];
      waitDays: number;
    }[] = [
      // Reliable recovery.
      { name: 'A', sessions: TWO, scores: pairedScores([16, 6], [12, 5]), waitDays: 30 },
      // Recovered, not reliably.
      { name: 'B', sessions: TWO, scores: pairedScores([12, 9], [9, 7]), waitDays: 50 },
      // Reliable deterioration.
      { name: 'C', sessions: TWO, scores: pairedScores([12, 18], [9, 9]), waitDays: 130 },
      // Not at caseness at the start, reliably improved.
      { name: 'D', sessions: TWO, scores: pairedScores([8, 2], [5, 3]), waitDays: 20 },
      // Did not finish.
      {
        name: 'E',
        sessions: ['attended'],
        scores: [
          { measureId: 'phq9', total: 18, context: 'assessment' },
          { measureId: 'gad7', total: 12, context: 'assessment' },
          ...pairedScores([10, 10], [8, 8]).slice(0, 2),
        ],
        waitDays: 10,
      },
      // Finished, no GAD-7: left out of the rates, but not the waiting times.
      {
        name: 'F',
        sessions: TWO,
        scores: pairedScores([15, 9], [7, 7]).filter((s) => s.measureId === 'phq9'),
        waitDays: 40,
      },
    ];
    t.clock.set(ENDED_ON);
    for (const [i, s] of specs.entries()) {
      const course = await seedCourse(t, {
        givenName: 'Report',
        familyName: s.name,
        therapistId: w.samId,
        sessions: s.sessions,
        firstSessionAt: new Date(at.getTime() + i * 3_600_000),
        scores: s.scores,
        waitDays: s.waitDays,
      });
      await endThroughThePage(course.courseId);
    }
    t.clock.set('2027-03-11T10:00:00Z');
  });

  const oneDay =
    '/admin/outcomes?from-day=10&from-month=3&from-year=2027&to-day=10&to-month=3&to-year=2027';

  it('gives the counts, rates, national figures and waiting times for the period', async () => {
    const m = await signedIn('manager@example.nhs.uk');
    const res = await m.get(oneDay);
    expect(res.statusCode).toBe(200);
    expect(textOf(res.body)).toContain('Courses that ended from 10 March 2027 to 10 March 2027');
    expect(tableRows(res.body, 'Courses')).toEqual([
      ['Ended', '6'],
      ['Finished a course of treatment (2 or more attended sessions)', '5'],
      ['Did not finish (fewer than 2 attended sessions)', '1'],
      ['Finished, with first and last PHQ-9 and GAD-7 scores', '4'],
      ['Finished, but not enough scores (left out of the rates)', '1'],
      ['Finished with scores, at caseness at the start', '3'],
      ['Finished with scores, not at caseness at the start', '1'],
    ]);
    // The words say what the rates are out of, as the counts above show (4, not the 5 finished).
    expect(textOf(res.body)).toContain(
      'Every rate counts only the courses that finished with first and last scores.',
    );
    expect(textOf(res.body)).not.toContain('out of all courses that finished');
    expect(tableRows(res.body, 'Outcome rates')).toEqual([
      ['Reliable recovery', '1', '3', '33.3%'],
      ['Recovery', '2', '3', '66.7%'],
      ['Reliable improvement', '2', '4', '50.0%'],
      ['Reliable deterioration', '1', '4', '25.0%'],
    ]);
    expect(tableRows(res.body, 'Reliable recovery: this service and national figures')).toEqual([
      ['This service, for the courses above', '33.3%'],
      ['England, April 2025', '48.4%'],
      ['Planning target for 2026 to 2027', '51.0%'],
      ['Planning target for 2028 to 2029', '53.0%'],
    ]);
    // Finished: A 30, B 50, C 130, D 20, F 40 days. E did not finish.
    expect(tableRows(res.body, 'Waiting time standards')).toEqual([
      ['Started within 6 weeks (42 days)', '3', '5', '60.0%', '75.0%', 'Not met'],
      ['Started within 18 weeks (126 days)', '4', '5', '80.0%', '95.0%', 'Not met'],
    ]);
    // Tables have captions and header cells for screen readers.
    expect(res.body).toContain('<th class="nhsuk-table__header" scope="row"');
  });

  it('filters by the date the course ended', async () => {
    const m = await signedIn('manager@example.nhs.uk');
    const before = await m.get('/admin/outcomes?to-day=9&to-month=3&to-year=2027');
    expect(tableRows(before.body, 'Courses')[0]).toEqual(['Ended', String(CASES.length + 1)]);
    const all = await m.get('/admin/outcomes');
    expect(textOf(all.body)).toContain('All courses that have ended');
    expect(tableRows(all.body, 'Courses')[0]).toEqual(['Ended', String(CASES.length + 7)]);
    const empty = await m.get('/admin/outcomes?from-day=1&from-month=1&from-year=2030');
    expect(tableRows(empty.body, 'Outcome rates')[0]).toEqual([
      'Reliable recovery',
      '0',
      '0',
      'No courses to measure',
    ]);
  });

  it('refuses a date that is not real, keeping what was typed', async () => {
    const m = await signedIn('manager@example.nhs.uk');
    const res = await m.get('/admin/outcomes?from-day=31&from-month=2&from-year=2027');
    expect(res.statusCode).toBe(400);
    const text = textOf(res.body);
    expect(text).toContain('There is a problem');
    expect(text).toContain('Start date must be a real date');
    expect(res.body).toContain('value="31"');
    const backwards = await m.get(oneDay.replace('to-day=10', 'to-day=9'));
    expect(backwards.statusCode).toBe(400);
    expect(textOf(backwards.body)).toContain(
      'End date must be the same as or after the start date',
    );
  });

  it('is for service managers only, and linked from their hub', async () => {
    const sam = await signedIn('sam@example.nhs.uk');
    expect((await sam.get('/admin/outcomes')).statusCode).toBe(403);
    const m = await signedIn('manager@example.nhs.uk');
    expect((await m.get('/admin')).body).toContain('href="/admin/outcomes"');
  });
});

describe('reading a course’s sessions and scores', () => {
  it('keeps every time to the millisecond, and finds rows by patient, referral and course', async () => {
    // 999 ms past the hour: a time read back through a rounding or a time zone would show it.
    const at = new Date(firstSessionAt().getTime() + 999);
    const seeded = await seedCourse(t, {
      givenName: 'Exact',
      familyName: 'Times',
      therapistId: w.samId,
      sessions: TWO,
      firstSessionAt: at,
      scores: [
        { measureId: 'phq9', total: 12, context: 'referral' },
        { measureId: 'phq9', total: 11, context: 'session', session: 1 },
        { measureId: 'gad7', total: 9, context: 'session', session: 2 },
      ],
    });
    const db = t.database.db;
    const sessions = await courseSessions(db, t.service.id, [seeded.courseId]);
    expect(sessions.map((s) => s.startsAt.toISOString())).toEqual([
      at.toISOString(),
      new Date(at.getTime() + 7 * 86_400_000).toISOString(),
    ]);
    expect(sessions.map((s) => s.id)).toEqual(seeded.appointmentIds);

    const stored = await db
      .select({ id: measureResponses.id, completedAt: measureResponses.completedAt })
      .from(measureResponses)
      .where(eq(measureResponses.serviceId, t.service.id));
    const storedAt = new Map(stored.map((r) => [r.id, r.completedAt.getTime()]));
    const byPatient = await currentResponses(
      db,
      t.service.id,
      { patientIds: [seeded.patientId], referralIds: [] },
      ['phq9', 'gad7'],
    );
    // The referral score carries the referral only, so asking by patient leaves it out.
    expect(byPatient.map((r) => r.total)).toEqual([11, 9]);
    for (const r of byPatient) expect(r.completedAt.getTime()).toBe(storedAt.get(r.id));
    expect(byPatient[0]!.completedAt.getUTCMilliseconds()).toBe(999);
    const byReferral = await currentResponses(
      db,
      t.service.id,
      { patientIds: [], referralIds: [seeded.referralId] },
      ['phq9'],
    );
    expect(byReferral.map((r) => [r.context, r.total])).toEqual([
      ['referral', 12],
      ['session', 11],
    ]);
  });
});
