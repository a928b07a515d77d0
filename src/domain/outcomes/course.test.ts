import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  GAD7_ANXIETY_RULE,
  courseOutcome,
  type AnxietyMeasureRule,
  type CourseOutcome,
  type CourseOutcomeInput,
  type CourseOutcomeResult,
} from './index';

function outcome(result: CourseOutcomeResult): CourseOutcome {
  if (!result.ok) throw new Error(`expected ok, got ${JSON.stringify(result.errors)}`);
  return result;
}

const finished = { attendedTreatmentContacts: 8, discharged: true } as const;

function course(
  phq9: [number, number],
  gad7: [number, number],
  extra: Partial<CourseOutcomeInput> = {},
): CourseOutcomeInput {
  return {
    ...finished,
    phq9: { first: phq9[0], last: phq9[1] },
    anxiety: { first: gad7[0], last: gad7[1] },
    ...extra,
  };
}

type Expected = Pick<
  CourseOutcome,
  | 'casenessAtStart'
  | 'recovered'
  | 'reliableImprovement'
  | 'reliableDeterioration'
  | 'noReliableChange'
  | 'reliableRecovery'
>;

function exp(
  casenessAtStart: boolean,
  recovered: boolean | null,
  reliableImprovement: boolean,
  reliableDeterioration: boolean,
  noReliableChange: boolean,
  reliableRecovery: boolean | null,
): Expected {
  return {
    casenessAtStart,
    recovered,
    reliableImprovement,
    reliableDeterioration,
    noReliableChange,
    reliableRecovery,
  };
}

describe('courseOutcome: finished courses, boundaries', () => {
  // name, PHQ-9 [first, last], GAD-7 [first, last], expected
  const table: readonly (readonly [string, [number, number], [number, number], Expected])[] = [
    // Caseness at the start: PHQ-9 9/10, GAD-7 7/8.
    [
      'PHQ-9 9 and GAD-7 7 at start: not at caseness',
      [9, 9],
      [7, 7],
      exp(false, null, false, false, true, null),
    ],
    ['PHQ-9 10 at start: caseness', [10, 9], [7, 7], exp(true, true, false, false, true, false)],
    ['GAD-7 8 at start: caseness', [9, 9], [8, 7], exp(true, true, false, false, true, false)],
    // Recovery needs both below caseness at the end.
    [
      'PHQ-9 ends at 10: not recovered',
      [20, 10],
      [5, 5],
      exp(true, false, true, false, false, false),
    ],
    [
      'GAD-7 ends at 8: not recovered',
      [20, 9],
      [8, 8],
      exp(true, false, true, false, false, false),
    ],
    [
      'both end below: recovered and reliable',
      [20, 9],
      [12, 7],
      exp(true, true, true, false, false, true),
    ],
    // Reliable change sizes: PHQ-9 5 vs 6, GAD-7 3 vs 4.
    [
      'PHQ-9 down 5: recovered, not reliable',
      [14, 9],
      [7, 7],
      exp(true, true, false, false, true, false),
    ],
    ['PHQ-9 down 6: reliable recovery', [15, 9], [7, 7], exp(true, true, true, false, false, true)],
    [
      'GAD-7 down 3: recovered, not reliable',
      [5, 5],
      [10, 7],
      exp(true, true, false, false, true, false),
    ],
    ['GAD-7 down 4: reliable recovery', [5, 5], [11, 7], exp(true, true, true, false, false, true)],
    [
      'PHQ-9 up 5: no reliable change',
      [12, 17],
      [9, 9],
      exp(true, false, false, false, true, false),
    ],
    [
      'PHQ-9 up 6: reliable deterioration',
      [12, 18],
      [9, 9],
      exp(true, false, false, true, false, false),
    ],
    ['GAD-7 up 3: no reliable change', [5, 5], [4, 7], exp(false, null, false, false, true, null)],
    [
      'GAD-7 up 4: reliable deterioration',
      [5, 5],
      [4, 8],
      exp(false, null, false, true, false, null),
    ],
    // Improvement without caseness at the start still counts as reliable improvement.
    [
      'not at caseness, PHQ-9 down 6: improved, recovery n/a',
      [9, 3],
      [7, 2],
      exp(false, null, true, false, false, null),
    ],
    // Mixed: one improves, the other deteriorates.
    [
      'PHQ-9 down 6, GAD-7 up 4: no reliable change',
      [15, 9],
      [2, 6],
      exp(true, true, false, false, true, false),
    ],
    [
      'PHQ-9 up 6, GAD-7 down 4: no reliable change',
      [3, 9],
      [12, 8],
      exp(true, false, false, false, true, false),
    ],
    ['both deteriorate', [10, 16], [8, 12], exp(true, false, false, true, false, false)],
    ['extremes: 27/21 to 0/0', [27, 0], [21, 0], exp(true, true, true, false, false, true)],
    ['extremes: 0/0 to 27/21', [0, 27], [0, 21], exp(false, null, false, true, false, null)],
  ];

  it.each(table)('%s', (_name, phq9, gad7, expected) => {
    const result = outcome(courseOutcome(course(phq9, gad7)));
    expect(result).toMatchObject({
      finishedTreatment: true,
      anxietyMeasureId: 'gad7',
      ...expected,
    });
  });
});

describe('courseOutcome: courses that did not finish', () => {
  it.each([
    ['one attended session, discharged', 1, true],
    ['no attended sessions, discharged', 0, true],
    ['still in treatment (not discharged)', 12, false],
    ['one session, not discharged', 1, false],
  ] as const)('%s: outcome flags are not applicable', (_name, contacts, discharged) => {
    const result = outcome(
      courseOutcome(course([20, 5], [15, 3], { attendedTreatmentContacts: contacts, discharged })),
    );
    expect(result).toEqual({
      ok: true,
      finishedTreatment: false,
      casenessAtStart: true,
      casenessAtEnd: false,
      anxietyMeasureId: 'gad7',
      phq9Change: 'improved',
      anxietyChange: 'improved',
      recovered: null,
      reliableImprovement: null,
      reliableDeterioration: null,
      noReliableChange: null,
      reliableRecovery: null,
    });
  });

  it('two attended sessions and discharged is finished', () => {
    const result = outcome(
      courseOutcome(course([20, 5], [15, 3], { attendedTreatmentContacts: 2, discharged: true })),
    );
    expect(result.finishedTreatment).toBe(true);
    expect(result.reliableRecovery).toBe(true);
  });
});

describe('courseOutcome: another anxiety measure', () => {
  // An illustrative disorder-specific rule; the numbers are test data, not clinical guidance.
  const custom: AnxietyMeasureRule = {
    measureId: 'example_specific',
    casenessThreshold: 20,
    reliableChangeIndex: 10,
    minScore: 0,
    maxScore: 80,
    integerScores: true,
  };

  it('uses the given caseness and reliable change instead of GAD-7', () => {
    const atCaseness = outcome(courseOutcome(course([5, 5], [20, 10], { anxietyMeasure: custom })));
    expect(atCaseness).toMatchObject({
      anxietyMeasureId: 'example_specific',
      casenessAtStart: true,
      anxietyChange: 'improved',
      recovered: true,
      reliableRecovery: true,
    });
    const below = outcome(courseOutcome(course([5, 5], [19, 10], { anxietyMeasure: custom })));
    expect(below).toMatchObject({
      casenessAtStart: false,
      anxietyChange: 'no-change',
      recovered: null,
    });
    // 40 is out of range for GAD-7 but fine here.
    expect(courseOutcome(course([5, 5], [40, 40], { anxietyMeasure: custom })).ok).toBe(true);
    expect(courseOutcome(course([5, 5], [40, 40])).ok).toBe(false);
  });

  it('accepts "gad7" by name, same as the default', () => {
    const named = courseOutcome(course([12, 4], [9, 3], { anxietyMeasure: 'gad7' }));
    expect(named).toEqual(courseOutcome(course([12, 4], [9, 3])));
    expect(GAD7_ANXIETY_RULE).toEqual({
      measureId: 'gad7',
      casenessThreshold: 8,
      reliableChangeIndex: 4,
      minScore: 0,
      maxScore: 21,
      integerScores: true,
    });
  });

  it('allows fractional scores when the rule says so', () => {
    const averaged = {
      ...custom,
      integerScores: false,
      maxScore: 4,
      casenessThreshold: 1.5,
      reliableChangeIndex: 0.5,
    };
    const result = outcome(
      courseOutcome(course([5, 5], [2.25, 1.5], { anxietyMeasure: averaged })),
    );
    expect(result).toMatchObject({
      casenessAtStart: true,
      casenessAtEnd: true,
      anxietyChange: 'improved',
    });
  });

  it('refuses a nonsensical rule', () => {
    const result = courseOutcome(
      course([5, 5], [5, 5], { anxietyMeasure: { ...custom, reliableChangeIndex: 0 } }),
    );
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.map((e) => e.field)).toEqual(['anxietyMeasure']);
  });
});

describe('courseOutcome: refuses bad input without throwing', () => {
  it.each([
    ['negative contacts', { attendedTreatmentContacts: -1 }, ['attendedTreatmentContacts']],
    ['fractional contacts', { attendedTreatmentContacts: 2.5 }, ['attendedTreatmentContacts']],
    ['NaN contacts', { attendedTreatmentContacts: Number.NaN }, ['attendedTreatmentContacts']],
    ['PHQ-9 above 27', { phq9: { first: 28, last: 0 } }, ['phq9.first']],
    ['PHQ-9 below 0', { phq9: { first: 0, last: -1 } }, ['phq9.last']],
    ['PHQ-9 fractional', { phq9: { first: 9.5, last: 0 } }, ['phq9.first']],
    ['GAD-7 above 21', { anxiety: { first: 22, last: 22 } }, ['anxiety.first', 'anxiety.last']],
    ['GAD-7 infinite', { anxiety: { first: 0, last: Infinity } }, ['anxiety.last']],
  ] as const)('%s', (_name, patch, fields) => {
    const result = courseOutcome({ ...course([12, 4], [9, 3]), ...patch });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.map((e) => e.field)).toEqual(fields);
  });

  it('never throws for any numbers', () => {
    fc.assert(
      fc.property(
        fc.double(),
        fc.boolean(),
        fc.double(),
        fc.double(),
        fc.double(),
        fc.double(),
        (contacts, discharged, p1, p2, a1, a2) => {
          expect(() =>
            courseOutcome({
              attendedTreatmentContacts: contacts,
              discharged,
              phq9: { first: p1, last: p2 },
              anxiety: { first: a1, last: a2 },
            }),
          ).not.toThrow();
        },
      ),
    );
  });
});

describe('courseOutcome: properties over every valid course', () => {
  const validCourse = fc.record({
    attendedTreatmentContacts: fc.integer({ min: 0, max: 30 }),
    discharged: fc.boolean(),
    phq9: fc.record({
      first: fc.integer({ min: 0, max: 27 }),
      last: fc.integer({ min: 0, max: 27 }),
    }),
    anxiety: fc.record({
      first: fc.integer({ min: 0, max: 21 }),
      last: fc.integer({ min: 0, max: 21 }),
    }),
  });

  it('follows the clinical.md definitions', () => {
    fc.assert(
      fc.property(validCourse, (input) => {
        const result = outcome(courseOutcome(input));
        const { phq9, anxiety } = input;
        const isFinished = input.discharged && input.attendedTreatmentContacts >= 2;
        const start = phq9.first >= 10 || anxiety.first >= 8;
        const end = phq9.last >= 10 || anxiety.last >= 8;
        const dImp = phq9.first - phq9.last >= 6;
        const dDet = phq9.last - phq9.first >= 6;
        const aImp = anxiety.first - anxiety.last >= 4;
        const aDet = anxiety.last - anxiety.first >= 4;
        expect(result.finishedTreatment).toBe(isFinished);
        expect(result.casenessAtStart).toBe(start);
        expect(result.casenessAtEnd).toBe(end);
        if (!isFinished) {
          expect(result.recovered).toBeNull();
          expect(result.reliableImprovement).toBeNull();
          expect(result.reliableRecovery).toBeNull();
          return;
        }
        const improved = (dImp || aImp) && !dDet && !aDet;
        const deteriorated = (dDet || aDet) && !dImp && !aImp;
        expect(result.reliableImprovement).toBe(improved);
        expect(result.reliableDeterioration).toBe(deteriorated);
        expect(result.noReliableChange).toBe(!improved && !deteriorated);
        expect(result.recovered).toBe(start ? !end : null);
        expect(result.reliableRecovery).toBe(start ? !end && improved : null);
      }),
      { numRuns: 2000 },
    );
  });
});
