import { describe, expect, it } from 'vitest';
import { outcomeRecord, scoresOfCourse, type ResponseRow } from './outcomes.compute';

const COURSE = {
  id: 'course-1',
  patientId: 'patient-1',
  referralId: 'referral-1',
  startedAt: new Date('2026-03-01T09:00:00Z'),
};

function row(over: Partial<ResponseRow> & Pick<ResponseRow, 'id' | 'context'>): ResponseRow {
  return {
    measureId: 'phq9',
    total: 10,
    completedAt: new Date('2026-03-10T09:00:00Z'),
    patientId: 'patient-1',
    referralId: null,
    appointmentId: null,
    courseId: null,
    ...over,
  };
}

describe('scoresOfCourse', () => {
  const rows = [
    row({ id: 'own-session', context: 'session', courseId: 'course-1' }),
    row({ id: 'appointment-session', context: 'session', appointmentId: 'appt-1' }),
    row({ id: 'other-course', context: 'session', courseId: 'course-2' }),
    row({ id: 'own-assessment', context: 'assessment', referralId: 'referral-1' }),
    row({ id: 'other-assessment', context: 'assessment', referralId: 'referral-2' }),
    row({ id: 'own-referral', context: 'referral', referralId: 'referral-1', patientId: null }),
  ];

  it('takes the course’s sessions and its referral’s assessment and referral scores', () => {
    expect(
      scoresOfCourse(COURSE, [{ id: 'appt-1', status: 'attended' }], rows).map((r) => r.id),
    ).toEqual(['own-session', 'appointment-session', 'own-assessment', 'own-referral']);
  });

  it('without a referral, takes the patient’s assessment scores from before the course', () => {
    const early = row({
      id: 'early',
      context: 'assessment',
      completedAt: new Date('2026-02-20T09:00:00Z'),
    });
    const late = row({ id: 'late', context: 'assessment' });
    const other = row({ id: 'other', context: 'assessment', patientId: 'patient-2' });
    expect(
      scoresOfCourse({ ...COURSE, referralId: null }, [], [early, late, other]).map((r) => r.id),
    ).toEqual(['early']);
  });
});

describe('scoresOfCourse and sessions that did not happen', () => {
  it('leaves out the scores of a session cancelled or missed, answered before it', () => {
    const rows = [
      row({ id: 'held', context: 'session', courseId: 'course-1', appointmentId: 'a1' }),
      row({ id: 'cancelled', context: 'session', courseId: 'course-1', appointmentId: 'a2' }),
      row({ id: 'missed', context: 'session', courseId: 'course-1', appointmentId: 'a3' }),
      row({ id: 'coming', context: 'session', courseId: 'course-1', appointmentId: 'a4' }),
    ];
    const sessions = [
      { id: 'a1', status: 'attended' },
      { id: 'a2', status: 'cancelled' },
      { id: 'a3', status: 'did_not_attend' },
      { id: 'a4', status: 'booked' },
    ];
    expect(scoresOfCourse(COURSE, sessions, rows).map((r) => r.id)).toEqual(['held', 'coming']);
  });
});

describe('outcomeRecord', () => {
  const at = (day: number) => new Date(Date.UTC(2026, 2, day, 9));
  const facts = {
    attendedSessions: 3,
    endedAt: at(30),
    referralReceivedAt: at(1),
    firstTreatmentAt: at(10),
  };
  const scores = [
    { id: 'p1', measureId: 'phq9', context: 'session' as const, total: 16, completedAt: at(10) },
    { id: 'g1', measureId: 'gad7', context: 'session' as const, total: 11, completedAt: at(10) },
    { id: 'p2', measureId: 'phq9', context: 'session' as const, total: 7, completedAt: at(24) },
    { id: 'g2', measureId: 'gad7', context: 'session' as const, total: 5, completedAt: at(24) },
    // After the course ended: not the last score.
    { id: 'p3', measureId: 'phq9', context: 'session' as const, total: 20, completedAt: at(31) },
  ];

  it('stores the pairs and the national flags', () => {
    expect(outcomeRecord({ ...facts, scores })).toMatchObject({
      status: 'computed',
      finishedTreatment: true,
      phq9First: 16,
      phq9FirstResponseId: 'p1',
      phq9Last: 7,
      phq9LastResponseId: 'p2',
      gad7First: 11,
      gad7Last: 5,
      casenessAtStart: true,
      casenessAtEnd: false,
      phq9Change: 'improved',
      anxietyChange: 'improved',
      recovered: true,
      reliableRecovery: true,
      referralReceivedAt: at(1),
      firstTreatmentAt: at(10),
    });
  });

  it('leaves every flag empty when a pair is missing, and says so', () => {
    const record = outcomeRecord({ ...facts, scores: scores.filter((s) => s.id !== 'g1') });
    expect(record).toMatchObject({
      status: 'insufficient_scores',
      finishedTreatment: true,
      gad7First: null,
      gad7Last: 5,
      casenessAtStart: null,
      recovered: null,
      reliableImprovement: null,
      reliableRecovery: null,
    });
  });

  it('treats an out-of-range stored total as no usable score', () => {
    const bad = scores.map((s) => (s.id === 'p1' ? { ...s, total: 40 } : s));
    expect(outcomeRecord({ ...facts, scores: bad }).status).toBe('insufficient_scores');
  });
});
