import { describe, expect, it } from 'vitest';
import type { ResponseRow } from '../outcomes';
import { buildCaseload, type CaseloadCourse, type CaseloadSession } from './caseload.summary';

function course(id: string, familyName: string): CaseloadCourse {
  return {
    courseId: id,
    patientId: `p-${id}`,
    referralId: null,
    therapistId: 't',
    therapistName: 'Sam Okafor',
    plannedSessions: 16,
    startedAt: new Date('2026-05-01T09:00:00Z'),
    givenName: 'Alex',
    familyName,
  };
}

function session(
  id: string,
  courseId: string,
  startsAt: string,
  status: CaseloadSession['status'] = 'booked',
): CaseloadSession {
  return { id, courseId, status, startsAt: new Date(startsAt) };
}

function score(
  id: string,
  courseId: string,
  measureId: string,
  total: number,
  at: string,
  appointmentId: string | null = null,
): ResponseRow {
  return {
    id,
    measureId,
    context: 'session',
    total,
    completedAt: new Date(at),
    patientId: `p-${courseId}`,
    referralId: null,
    appointmentId,
    courseId,
  };
}

describe('buildCaseload', () => {
  it('orders open risk alerts first, then sessions today by time, then by surname', () => {
    const rows = buildCaseload({
      courses: [
        course('a', 'Young'),
        course('b', 'Abbott'),
        course('c', 'Moss'),
        course('d', 'Hall'),
      ],
      sessions: [
        session('s-c', 'c', '2026-06-02T13:00:00Z'),
        session('s-d', 'd', '2026-06-02T08:00:00Z'),
      ],
      responses: [],
      riskCounts: new Map([['p-a', 1]]),
      today: '2026-06-02',
    });
    expect(rows.map((r) => r.courseId)).toEqual(['a', 'd', 'c', 'b']);
  });

  it('puts more open alerts first', () => {
    const rows = buildCaseload({
      courses: [course('a', 'Abbott'), course('b', 'Young')],
      sessions: [],
      responses: [],
      riskCounts: new Map([
        ['p-a', 1],
        ['p-b', 3],
      ]),
      today: '2026-06-02',
    });
    expect(rows.map((r) => [r.courseId, r.openRiskAlerts])).toEqual([
      ['b', 3],
      ['a', 1],
    ]);
  });

  it('uses the London date for today: 23:30 UTC in summer is already the next day', () => {
    const rows = buildCaseload({
      courses: [course('a', 'Abbott')],
      sessions: [session('late', 'a', '2026-06-01T23:30:00Z')],
      responses: [],
      riskCounts: new Map(),
      today: '2026-06-02',
    });
    expect(rows[0]).toMatchObject({ questionnairesMissing: true });
    expect(rows[0]!.sessionToday?.toISOString()).toBe('2026-06-01T23:30:00.000Z');
  });

  it('a PHQ-9 for today’s session clears the flag; one for another session does not', () => {
    const build = (appointmentId: string) =>
      buildCaseload({
        courses: [course('a', 'Abbott')],
        sessions: [
          session('before', 'a', '2026-05-26T10:00:00Z', 'attended'),
          session('today', 'a', '2026-06-02T10:00:00Z'),
        ],
        responses: [score('r1', 'a', 'phq9', 12, '2026-05-26T09:50:00Z', appointmentId)],
        riskCounts: new Map(),
        today: '2026-06-02',
      })[0]!;
    expect(build('today').questionnairesMissing).toBe(false);
    expect(build('before').questionnairesMissing).toBe(true);
  });

  it('does not compare a WSAS without the work question with one that has it (hazard H5)', () => {
    const wsas = (first: string[] | null, latest: string[] | null) =>
      buildCaseload({
        courses: [course('a', 'Abbott')],
        sessions: [session('s1', 'a', '2026-05-05T10:00:00Z', 'attended')],
        responses: [
          {
            ...score('w1', 'a', 'wsas', 20, '2026-05-05T09:50:00Z', 's1'),
            notApplicableItemIds: first,
          },
          { ...score('w2', 'a', 'wsas', 14, '2026-05-12T09:50:00Z'), notApplicableItemIds: latest },
        ],
        riskCounts: new Map(),
        today: '2026-06-02',
      })[0]!.measures.wsas;
    expect(wsas(null, ['wsas_1'])).toEqual({
      latest: 14,
      latestOutOf: 32,
      latestContext: 'session',
      first: 20,
      change: null,
      notCompared: true,
      baseline: 'first score, at a treatment session, 20',
    });
    expect(wsas(['wsas_1'], null)).toMatchObject({
      latestOutOf: null,
      change: null,
      notCompared: true,
      baseline: 'first score, at a treatment session, 20 out of 32',
    });
    // Both without the work question: both out of 32, so compared.
    expect(wsas(['wsas_1'], ['wsas_1'])).toMatchObject({
      latestOutOf: 32,
      change: -6,
      notCompared: false,
      baseline: 'first score, at a treatment session, 20 out of 32',
    });
    expect(wsas(null, null)).toMatchObject({ latestOutOf: null, change: -6, notCompared: false });
  });

  it('reads change and caseness from the first and latest scores', () => {
    const [row] = buildCaseload({
      courses: [course('a', 'Abbott')],
      sessions: [session('s1', 'a', '2026-05-05T10:00:00Z', 'attended')],
      responses: [
        score('p1', 'a', 'phq9', 9, '2026-05-05T09:50:00Z'),
        score('g1', 'a', 'gad7', 5, '2026-05-05T09:50:00Z'),
        score('p2', 'a', 'phq9', 15, '2026-05-12T09:50:00Z'),
        score('g2', 'a', 'gad7', 9, '2026-05-12T09:50:00Z'),
      ],
      riskCounts: new Map(),
      today: '2026-06-02',
    });
    expect(row).toMatchObject({
      attendedSessions: 1,
      measures: {
        phq9: { first: 9, latest: 15, change: 6 },
        gad7: { first: 5, latest: 9, change: 4 },
        wsas: { first: null, latest: null, change: null },
      },
      reliableChange: 'deteriorated',
      atCaseness: true,
      sessionToday: null,
      questionnairesMissing: false,
    });
  });

  it('does not guess caseness or change from one measure that is below caseness', () => {
    const [row] = buildCaseload({
      courses: [course('a', 'Abbott')],
      sessions: [],
      responses: [score('p1', 'a', 'phq9', 5, '2026-05-05T09:50:00Z')],
      riskCounts: new Map(),
      today: '2026-06-02',
    });
    expect(row).toMatchObject({ atCaseness: null, reliableChange: null });
  });

  it('today is the whole London day and no more, in summer and in winter', () => {
    const today = (day: string, starts: string[]) =>
      buildCaseload({
        courses: starts.map((_, i) => course(`c${i}`, `F${i}`)),
        sessions: starts.map((at, i) => session(`s${i}`, `c${i}`, at)),
        responses: [],
        riskCounts: new Map(),
        today: day,
      })
        .sort((a, b) => a.courseId.localeCompare(b.courseId))
        .map((r) => r.sessionToday !== null);
    // BST: the day runs 23:00 UTC the day before to 23:00 UTC.
    expect(
      today('2026-06-02', [
        '2026-06-01T22:59:59Z',
        '2026-06-01T23:00:00Z',
        '2026-06-02T22:59:59Z',
        '2026-06-02T23:00:00Z',
      ]),
    ).toEqual([false, true, true, false]);
    // GMT, and the day the clocks go back (25 hours long).
    expect(
      today('2026-12-02', ['2026-12-01T23:59:59Z', '2026-12-02T00:00:00Z', '2026-12-03T00:00:00Z']),
    ).toEqual([false, true, false]);
    expect(
      today('2026-10-25', ['2026-10-24T22:59:59Z', '2026-10-24T23:00:00Z', '2026-10-25T23:59:59Z']),
    ).toEqual([false, true, true]);
  });

  it('finds a course’s scores by session, by course and by referral (no patient on the row)', () => {
    const referred = { ...course('a', 'Abbott'), referralId: 'ref-a' };
    const rows = buildCaseload({
      courses: [referred, course('b', 'Baker')],
      sessions: [session('s1', 'a', '2026-05-26T10:00:00Z', 'attended')],
      responses: [
        {
          ...score('r0', 'x', 'phq9', 20, '2026-05-01T08:00:00Z'),
          context: 'referral',
          courseId: null,
          patientId: null,
          referralId: 'ref-a',
        },
        { ...score('r1', 'x', 'phq9', 15, '2026-05-26T09:50:00Z', 's1'), courseId: null },
        score('r2', 'a', 'phq9', 11, '2026-06-02T09:50:00Z'),
        score('r3', 'b', 'phq9', 3, '2026-06-02T09:50:00Z'),
      ],
      riskCounts: new Map(),
      today: '2026-06-02',
    });
    const a = rows.find((r) => r.courseId === 'a')!;
    expect(a.measures.phq9).toMatchObject({ first: 15, latest: 11, change: -4 });
    expect(rows.find((r) => r.courseId === 'b')!.measures.phq9).toMatchObject({
      latest: 3,
      first: null,
    });
  });
});
