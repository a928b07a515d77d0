import { describe, expect, it } from 'vitest';
import {
  CONTACT_MODE_LABELS,
  IPT_PHASES,
  isIptSessionMode,
  checkCourseLength,
  phaseForSession,
  plannedBelowSessionsProblem,
  phaseRanges,
  validateAssessmentMode,
  validateIptMode,
  validatePlannedSessions,
  validateSessionLength,
  type IptPhase,
} from './course';

const phases = (planned: number): IptPhase[] =>
  Array.from({ length: planned }, (_, i) => phaseForSession(i + 1, planned));

const run = (phase: IptPhase, n: number): IptPhase[] => Array<IptPhase>(n).fill(phase);

describe('phaseForSession', () => {
  it('16 sessions: initial 1–4, middle 5–12, ending 13–16 (clinical.md)', () => {
    expect(phases(16)).toEqual([...run('initial', 4), ...run('middle', 8), ...run('ending', 4)]);
  });

  it('12 sessions: initial 1–4, middle 5–9, ending 10–12', () => {
    expect(phases(12)).toEqual([...run('initial', 4), ...run('middle', 5), ...run('ending', 3)]);
  });

  it('13 sessions: ending is the last 3', () => {
    expect(phases(13)).toEqual([...run('initial', 4), ...run('middle', 6), ...run('ending', 3)]);
  });

  it('14 and 15 sessions: ending is the last 4', () => {
    expect(phases(14)).toEqual([...run('initial', 4), ...run('middle', 6), ...run('ending', 4)]);
    expect(phases(15)).toEqual([...run('initial', 4), ...run('middle', 7), ...run('ending', 4)]);
  });

  it('boundaries', () => {
    expect(phaseForSession(4, 16)).toBe('initial');
    expect(phaseForSession(5, 16)).toBe('middle');
    expect(phaseForSession(12, 16)).toBe('middle');
    expect(phaseForSession(13, 16)).toBe('ending');
    expect(phaseForSession(9, 12)).toBe('middle');
    expect(phaseForSession(10, 12)).toBe('ending');
  });

  it('refuses session numbers outside the course', () => {
    expect(() => phaseForSession(0, 16)).toThrow(RangeError);
    expect(() => phaseForSession(17, 16)).toThrow(RangeError);
    expect(() => phaseForSession(13, 12)).toThrow(RangeError);
    expect(() => phaseForSession(2.5, 16)).toThrow(RangeError);
  });

  it('refuses planned numbers outside the outer limits (1–30)', () => {
    expect(() => phaseForSession(1, 0)).toThrow(RangeError);
    expect(() => phaseForSession(1, 31)).toThrow(/between 1 and 30/);
    expect(() => phaseForSession(1, 12.5)).toThrow(/whole number/);
  });

  it('phases a course agreed outside 12–16 by the same rule', () => {
    expect(phases(20)).toEqual([
      ...Array<string>(4).fill('initial'),
      ...Array<string>(11).fill('middle'),
      ...Array<string>(5).fill('ending'),
    ]);
    expect(phases(8)).toEqual([
      ...Array<string>(4).fill('initial'),
      ...Array<string>(2).fill('middle'),
      ...Array<string>(2).fill('ending'),
    ]);
    expect(phases(3)).toEqual(['initial', 'initial', 'initial']);
    expect(phases(5)).toEqual(['initial', 'initial', 'initial', 'initial', 'ending']);
  });
});

describe('phaseRanges', () => {
  it('gives the sessions in each phase', () => {
    expect(phaseRanges(16)).toEqual({
      initial: { first: 1, last: 4 },
      middle: { first: 5, last: 12 },
      ending: { first: 13, last: 16 },
    });
    expect(phaseRanges(12)).toEqual({
      initial: { first: 1, last: 4 },
      middle: { first: 5, last: 9 },
      ending: { first: 10, last: 12 },
    });
  });

  it('every allowed course has all three phases, back to back', () => {
    for (let planned = 12; planned <= 16; planned += 1) {
      const r = phaseRanges(planned);
      expect(r.middle.first).toBe(r.initial.last + 1);
      expect(r.ending.first).toBe(r.middle.last + 1);
      expect(r.middle.last).toBeGreaterThanOrEqual(r.middle.first);
      expect(r.ending.last - r.ending.first + 1).toBeGreaterThanOrEqual(3);
      expect(r.ending.last - r.ending.first + 1).toBeLessThanOrEqual(4);
      expect(r.ending.last).toBe(planned);
    }
  });

  it('describes each phase', () => {
    expect(IPT_PHASES.map((p) => p.id)).toEqual(['initial', 'middle', 'ending']);
    expect(IPT_PHASES[0]?.focus).toMatch(/closeness circle/);
    expect(IPT_PHASES[2]?.focus).toMatch(/relapse-prevention/);
  });
});

describe('validatePlannedSessions', () => {
  it.each([12, 13, 14, 15, 16, '12', ' 16 '])('accepts %j', (input) => {
    expect(validatePlannedSessions(input)).toEqual({ ok: true, value: Number(input) });
  });

  it.each([
    [11, 'too-few'],
    [0, 'too-few'],
    [-12, 'too-few'],
    ['11', 'too-few'],
    [17, 'too-many'],
    ['20', 'too-many'],
  ] as const)('refuses %j (%s)', (input, reason) => {
    expect(validatePlannedSessions(input)).toEqual({
      ok: false,
      reason,
      message: 'Planned sessions must be between 12 and 16',
    });
  });

  it.each([12.5, Number.NaN, Number.POSITIVE_INFINITY, '12.5', 'twelve', '1e1'])(
    'refuses %j as not a whole number',
    (input) => {
      expect(validatePlannedSessions(input)).toEqual({
        ok: false,
        reason: 'not-whole-number',
        message: 'Planned sessions must be a whole number, like 16',
      });
    },
  );

  it('asks for a number when empty', () => {
    expect(validatePlannedSessions('  ')).toMatchObject({ ok: false, reason: 'empty' });
  });
});

describe('validateSessionLength', () => {
  it.each([1, 30, 45, 50, '50'])('accepts %j minutes', (input) => {
    expect(validateSessionLength(input)).toEqual({ ok: true, value: Number(input) });
  });

  it('refuses more than 50 minutes', () => {
    expect(validateSessionLength(51)).toEqual({
      ok: false,
      reason: 'too-long',
      message: 'Session length must be 50 minutes or less',
    });
    expect(validateSessionLength(60)).toMatchObject({ ok: false, reason: 'too-long' });
  });

  it('refuses 0 or fewer minutes', () => {
    expect(validateSessionLength(0)).toMatchObject({ ok: false, reason: 'too-short' });
    expect(validateSessionLength('-5')).toMatchObject({ ok: false, reason: 'too-short' });
  });

  it('refuses fractions, words and blanks', () => {
    expect(validateSessionLength(49.5)).toMatchObject({ ok: false, reason: 'not-whole-number' });
    expect(validateSessionLength('fifty')).toMatchObject({ ok: false, reason: 'not-whole-number' });
    expect(validateSessionLength('')).toEqual({
      ok: false,
      reason: 'empty',
      message: 'Enter the session length in minutes',
    });
  });
});

describe('session modes', () => {
  it('allows video and face to face for IPT sessions', () => {
    expect(validateIptMode('video')).toEqual({ ok: true, value: 'video' });
    expect(validateIptMode('face-to-face')).toEqual({ ok: true, value: 'face-to-face' });
    expect(isIptSessionMode('video')).toBe(true);
  });

  it('never allows phone for IPT sessions, and says why', () => {
    expect(validateIptMode('phone')).toEqual({
      ok: false,
      reason: 'phone',
      message: 'IPT is not offered by phone. Select a video call or a face-to-face session',
    });
    expect(isIptSessionMode('phone')).toBe(false);
  });

  it('refuses anything else', () => {
    for (const mode of ['', 'Video', 'text', 'telephone']) {
      expect(validateIptMode(mode)).toEqual({
        ok: false,
        reason: 'invalid',
        message: 'Select a video call or a face-to-face session',
      });
    }
  });

  it('allows phone, video and face to face for assessments', () => {
    for (const mode of ['phone', 'video', 'face-to-face'] as const) {
      expect(validateAssessmentMode(mode)).toEqual({ ok: true, value: mode });
    }
    expect(validateAssessmentMode('carrier pigeon')).toMatchObject({
      ok: false,
      reason: 'invalid',
    });
  });

  it('labels each mode', () => {
    expect(CONTACT_MODE_LABELS).toEqual({
      video: 'Video call',
      'face-to-face': 'Face to face',
      phone: 'Phone call',
    });
  });
});

describe('checkCourseLength (issue 9 item 6, hazard H7)', () => {
  it('accepts the default, 12–16 sessions of up to 50 minutes, with no reason', () => {
    expect(checkCourseLength({ plannedSessions: '16', sessionMinutes: '50', reason: '' })).toEqual({
      ok: true,
      value: { plannedSessions: 16, sessionMinutes: 50, reason: null, warnings: [] },
    });
    // A reason given for a default course is not stored: there is nothing to explain.
    expect(
      checkCourseLength({ plannedSessions: 12, sessionMinutes: 45, reason: 'because' }),
    ).toMatchObject({ ok: true, value: { reason: null } });
  });

  it('warns outside the default and asks for a reason', () => {
    const result = checkCourseLength({ plannedSessions: '20', sessionMinutes: '60', reason: ' ' });
    expect(result).toEqual({
      ok: false,
      warnings: [
        '20 sessions is outside the usual 12 to 16',
        '60 minutes is longer than the usual 50',
      ],
      errors: [
        {
          field: 'lengthReason',
          message:
            'Enter why this course is different from the usual: 20 sessions is outside the usual 12 to 16; 60 minutes is longer than the usual 50',
        },
      ],
    });
  });

  it('accepts going outside the default with a recorded reason', () => {
    expect(
      checkCourseLength({
        plannedSessions: '8',
        sessionMinutes: '50',
        reason: ' Agreed a shorter course before the patient moves away ',
      }),
    ).toEqual({
      ok: true,
      value: {
        plannedSessions: 8,
        sessionMinutes: 50,
        reason: 'Agreed a shorter course before the patient moves away',
        warnings: ['8 sessions is outside the usual 12 to 16'],
      },
    });
  });

  it('refuses anything past the outer limits, whatever the reason', () => {
    const reason = 'Asked for';
    expect(checkCourseLength({ plannedSessions: 31, sessionMinutes: 50, reason })).toMatchObject({
      ok: false,
      errors: [{ field: 'plannedSessions', message: 'Planned sessions must be between 1 and 30' }],
    });
    expect(checkCourseLength({ plannedSessions: 0, sessionMinutes: 50, reason })).toMatchObject({
      ok: false,
      errors: [{ field: 'plannedSessions' }],
    });
    expect(checkCourseLength({ plannedSessions: 16, sessionMinutes: 91, reason })).toMatchObject({
      ok: false,
      errors: [{ field: 'sessionMinutes', message: 'Session length must be 90 minutes or less' }],
    });
    expect(checkCourseLength({ plannedSessions: 'x', sessionMinutes: '', reason })).toMatchObject({
      ok: false,
      errors: [{ field: 'plannedSessions' }, { field: 'sessionMinutes' }],
    });
    expect(
      checkCourseLength({ plannedSessions: 20, sessionMinutes: 50, reason: 'x'.repeat(501) }),
    ).toMatchObject({ ok: false, errors: [{ field: 'lengthReason' }] });
  });

  it('lets a session run to the length agreed for its course, and no further', () => {
    expect(validateSessionLength(60, 60)).toEqual({ ok: true, value: 60 });
    expect(validateSessionLength(61, 60)).toMatchObject({
      ok: false,
      reason: 'too-long',
      message: 'Session length must be 60 minutes or less, the length agreed for this course',
    });
    expect(validateSessionLength(51)).toMatchObject({ ok: false, reason: 'too-long' });
    expect(validateSessionLength(95, 120)).toMatchObject({ ok: false, reason: 'too-long' });
  });
});

describe('plannedBelowSessionsProblem', () => {
  it('allows a plan at or above the sessions attended and booked', () => {
    expect(plannedBelowSessionsProblem(16, { attended: 7, booked: 9 })).toBeNull();
    expect(plannedBelowSessionsProblem(20, { attended: 7, booked: 9 })).toBeNull();
  });
  it('refuses a plan below them, saying to cancel sessions first', () => {
    expect(plannedBelowSessionsProblem(8, { attended: 7, booked: 9 })).toBe(
      'Planned sessions cannot be fewer than the 16 this course already has (7 attended, 9 booked): cancel sessions first',
    );
    expect(plannedBelowSessionsProblem(6, { attended: 7, booked: 0 })).toBe(
      'Planned sessions cannot be fewer than the 7 already attended',
    );
  });
});
