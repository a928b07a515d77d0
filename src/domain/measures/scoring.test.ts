import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  GAD7,
  IAPT_PHOBIA,
  MEASURES,
  NOT_APPLICABLE,
  PEQ_TREATMENT,
  PHQ9,
  bandFor,
  classifyChange,
  describeChangeForPatient,
  isCaseness,
  getMeasure,
  isItemCaseness,
  maxTotalOf,
  optionsFor,
  reliableChange,
  riskInAnswersSoFar,
  scoreQuestionnaire,
  type Measure,
  type MeasureId,
  type ScoreResult,
  type ScoreSuccess,
} from './index';

// Expected bands written out again from clinical.md, independent of the thresholds module.
const EXPECTED_BANDS: Partial<Record<MeasureId, readonly (readonly [number, number, string])[]>> = {
  phq9: [
    [0, 4, 'minimal'],
    [5, 9, 'mild'],
    [10, 14, 'moderate'],
    [15, 19, 'moderately-severe'],
    [20, 27, 'severe'],
  ],
  gad7: [
    [0, 4, 'minimal'],
    [5, 9, 'mild'],
    [10, 14, 'moderate'],
    [15, 21, 'severe'],
  ],
  wsas: [
    [0, 9, 'subclinical'],
    [10, 20, 'significant'],
    [21, 40, 'moderately-severe-or-worse'],
  ],
};
const EXPECTED_CASENESS: Partial<Record<MeasureId, number>> = { phq9: 10, gad7: 8 };

function expectedBand(id: MeasureId, total: number): string | null {
  const row = EXPECTED_BANDS[id]?.find(([min, max]) => total >= min && total <= max);
  return row ? row[2] : null;
}

function itemRange(measure: Measure, itemIndex: number): { min: number; max: number } {
  const item = measure.items[itemIndex];
  if (!item) throw new Error('no such item');
  const values = optionsFor(measure, item).map((o) => o.value);
  return { min: Math.min(...values), max: Math.max(...values) };
}

/** Every in-range answer set for a measure (numbers only). */
function validAnswers(measure: Measure): fc.Arbitrary<Record<string, number>> {
  const shape: Record<string, fc.Arbitrary<number>> = {};
  measure.items.forEach((item, index) => {
    const { min, max } = itemRange(measure, index);
    shape[item.id] = fc.integer({ min, max });
  });
  return fc.record(shape);
}

function expectOk(result: ScoreResult): ScoreSuccess {
  if (!result.ok) throw new Error(`expected ok, got ${JSON.stringify(result.errors)}`);
  return result.value;
}

function answersOf(measure: Measure, values: readonly number[]): Record<string, number> {
  return Object.fromEntries(measure.items.map((item, i) => [item.id, values[i] ?? 0]));
}

const ALL_MEASURES = Object.values(MEASURES);
const measureArb = fc.constantFrom(...ALL_MEASURES);

describe('scoreQuestionnaire: valid answers', () => {
  it.each(ALL_MEASURES.map((m) => [m.id, m] as const))(
    '%s: any in-range answers give the right total, band, caseness and risk flag',
    (_id, measure) => {
      fc.assert(
        fc.property(validAnswers(measure), (answers) => {
          const result = expectOk(scoreQuestionnaire(measure.id, answers));
          const sum = Object.values(answers).reduce((a, b) => a + b, 0);
          expect(result.measureId).toBe(measure.id);
          expect(result.answers).toEqual(answers);
          expect(result.partialTotal).toBe(false);
          expect(result.notApplicableItemIds).toEqual([]);
          if (measure.totalRange) {
            expect(result.total).toBe(sum);
            expect(result.maxTotal).toBe(measure.totalRange.max);
            expect(result.band?.id ?? null).toBe(expectedBand(measure.id, sum));
          } else {
            expect(result.total).toBeNull();
            expect(result.band).toBeNull();
          }
          const threshold = EXPECTED_CASENESS[measure.id];
          if (threshold !== undefined) expect(result.caseness).toBe(sum >= threshold);
          if (measure.id === 'iapt_phobia') {
            const values = Object.values(answers);
            expect(result.itemCaseness.map((c) => c.caseness)).toEqual(values.map((v) => v >= 4));
            expect(result.caseness).toBe(values.some((v) => v >= 4));
          } else {
            expect(result.itemCaseness).toEqual([]);
          }
          if (measure.id === 'wsas' || measure.id === 'peq_treatment') {
            expect(result.caseness).toBeNull();
          }
          expect(result.riskFlag).toBe(measure.id === 'phq9' && (answers['phq9_9'] ?? 0) > 0);
        }),
        { numRuns: 500 },
      );
    },
  );

  it('bands every possible PHQ-9 answer combination correctly (all 4^9)', () => {
    // Exhaustive, not sampled: 262,144 combinations.
    const values = new Array<number>(9).fill(0);
    let checked = 0;
    for (let code = 0; code < 4 ** 9; code++) {
      let rest = code;
      for (let i = 0; i < 9; i++) {
        values[i] = rest % 4;
        rest = Math.floor(rest / 4);
      }
      const scored = scoreQuestionnaire('phq9', answersOf(PHQ9, values));
      if (!scored.ok) throw new Error('refused valid answers');
      const result = scored.value;
      const sum = values.reduce((a, b) => a + b, 0);
      if (result.total !== sum || result.band?.id !== expectedBand('phq9', sum)) {
        throw new Error(`wrong score for ${values.join(',')}`);
      }
      if (result.caseness !== sum >= 10 || result.riskFlag !== (values[8] ?? 0) > 0) {
        throw new Error(`wrong caseness or risk for ${values.join(',')}`);
      }
      checked++;
    }
    expect(checked).toBe(262_144);
    // A quarter of a million scorings: on a loaded 2-core machine this takes more than 5 s.
  }, 60_000);

  it('bands every possible GAD-7 answer combination correctly (all 4^7)', () => {
    const values = new Array<number>(7).fill(0);
    for (let code = 0; code < 4 ** 7; code++) {
      let rest = code;
      for (let i = 0; i < 7; i++) {
        values[i] = rest % 4;
        rest = Math.floor(rest / 4);
      }
      const result = expectOk(scoreQuestionnaire('gad7', answersOf(GAD7, values)));
      const sum = values.reduce((a, b) => a + b, 0);
      expect(result.total).toBe(sum);
      expect(result.band?.id).toBe(expectedBand('gad7', sum));
      expect(result.caseness).toBe(sum >= 8);
      expect(result.riskFlag).toBe(false);
    }
    // As for the PHQ-9 above: on a loaded 2-core machine it took over 5 s (ci82).
  }, 60_000);

  it.each([
    ['phq9', [1, 1, 1, 1, 1, 1, 1, 2, 0], 9, 'mild', false, false],
    ['phq9', [1, 1, 1, 1, 1, 1, 1, 2, 1], 10, 'moderate', true, true],
    ['phq9', [0, 0, 0, 0, 0, 0, 0, 0, 0], 0, 'minimal', false, false],
    ['phq9', [3, 3, 3, 3, 3, 3, 3, 3, 3], 27, 'severe', true, true],
    ['phq9', [0, 0, 0, 0, 0, 0, 0, 0, 1], 1, 'minimal', false, true],
    ['phq9', [3, 3, 3, 3, 2, 0, 0, 0, 0], 14, 'moderate', true, false],
    ['phq9', [3, 3, 3, 3, 3, 0, 0, 0, 0], 15, 'moderately-severe', true, false],
    ['phq9', [3, 3, 3, 3, 3, 3, 1, 0, 0], 19, 'moderately-severe', true, false],
    ['phq9', [3, 3, 3, 3, 3, 3, 2, 0, 0], 20, 'severe', true, false],
    ['gad7', [1, 1, 1, 1, 1, 1, 1], 7, 'mild', false, false],
    ['gad7', [2, 1, 1, 1, 1, 1, 1], 8, 'mild', true, false],
    ['gad7', [1, 1, 1, 1, 0, 0, 0], 4, 'minimal', false, false],
    ['gad7', [1, 1, 1, 1, 1, 0, 0], 5, 'mild', false, false],
    ['gad7', [3, 3, 3, 3, 3, 0, 0], 15, 'severe', true, false],
    ['gad7', [3, 3, 3, 3, 2, 0, 0], 14, 'moderate', true, false],
    ['gad7', [3, 3, 3, 3, 3, 3, 3], 21, 'severe', true, false],
  ] as const)(
    '%s %j → total %i, %s, caseness %s, risk %s',
    (id, values, total, band, caseness, risk) => {
      const result = expectOk(scoreQuestionnaire(id, answersOf(MEASURES[id], values)));
      expect(result.total).toBe(total);
      expect(result.band?.id).toBe(band);
      expect(result.caseness).toBe(caseness);
      expect(result.riskFlag).toBe(risk);
    },
  );

  it('accepts answers in any key order and stores -0 as 0', () => {
    const reversed = Object.fromEntries(
      PHQ9.items.map((item): [string, number] => [item.id, 0]).reverse(),
    );
    reversed['phq9_1'] = -0;
    const result = expectOk(scoreQuestionnaire('phq9', reversed));
    expect(Object.is(result.answers['phq9_1'], 0)).toBe(true);
    expect(Object.keys(result.answers)).toEqual(PHQ9.items.map((item) => item.id));
  });

  it('accepts an object without a prototype', () => {
    const answers = Object.assign(Object.create(null) as Record<string, number>, {
      iapt_phobia_1: 0,
      iapt_phobia_2: 0,
      iapt_phobia_3: 0,
    });
    expect(scoreQuestionnaire('iapt_phobia', answers).ok).toBe(true);
  });
});

describe('scoreQuestionnaire: WSAS work item not applicable', () => {
  it('leaves the work item out: total over the 4 other items, maximum 32, flagged', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 8 }), { minLength: 4, maxLength: 4 }),
        (rest) => {
          const answers = {
            wsas_1: NOT_APPLICABLE,
            ...Object.fromEntries(rest.map((v, i) => [`wsas_${i + 2}`, v])),
          };
          const result = expectOk(scoreQuestionnaire('wsas', answers));
          const sum = rest.reduce((a, b) => a + b, 0);
          expect(result.total).toBe(sum);
          expect(result.maxTotal).toBe(32);
          // Worked out again from the stored answers, as pages showing the score do.
          expect(maxTotalOf(getMeasure('wsas')!, result.answers)).toBe(32);
          expect(maxTotalOf(getMeasure('wsas')!, { ...result.answers, wsas_1: 3 })).toBe(40);
          expect(result.partialTotal).toBe(true);
          expect(result.notApplicableItemIds).toEqual(['wsas_1']);
          expect(result.answers['wsas_1']).toBe(NOT_APPLICABLE);
          expect(result.band?.id).toBe(expectedBand('wsas', sum));
        },
      ),
    );
  });

  it('bands the partial total on the same ranges (9 subclinical, 10 significant, 21 worse)', () => {
    const score = (values: number[]) =>
      expectOk(
        scoreQuestionnaire('wsas', {
          wsas_1: NOT_APPLICABLE,
          wsas_2: values[0],
          wsas_3: values[1],
          wsas_4: values[2],
          wsas_5: values[3],
        }),
      );
    expect(score([3, 3, 3, 0]).band?.id).toBe('subclinical');
    expect(score([3, 3, 3, 1]).band?.id).toBe('significant');
    expect(score([8, 8, 4, 0]).band?.id).toBe('significant');
    expect(score([8, 8, 5, 0]).band?.id).toBe('moderately-severe-or-worse');
  });

  it('accepts odd WSAS values (1, 3, 5, 7) as on the real scale', () => {
    const result = expectOk(
      scoreQuestionnaire('wsas', { wsas_1: 1, wsas_2: 3, wsas_3: 5, wsas_4: 7, wsas_5: 8 }),
    );
    expect(result.total).toBe(24);
    expect(result.partialTotal).toBe(false);
  });

  it('refuses "not applicable" on any other item, and on other measures', () => {
    const result = scoreQuestionnaire('wsas', {
      wsas_1: 2,
      wsas_2: NOT_APPLICABLE,
      wsas_3: 2,
      wsas_4: 2,
      wsas_5: 2,
    });
    expect(result).toEqual({
      ok: false,
      errors: [
        {
          itemId: 'wsas_2',
          code: 'not-applicable-not-allowed',
          message: 'Select an answer from 0 to 8 for question 2',
        },
      ],
    });
    const phq = scoreQuestionnaire('phq9', { ...answersOf(PHQ9, []), phq9_9: NOT_APPLICABLE });
    expect(phq.ok).toBe(false);
    if (!phq.ok)
      expect(phq.errors.map((e) => [e.itemId, e.code])).toEqual([
        ['phq9_9', 'not-applicable-not-allowed'],
      ]);
  });
});

describe('scoreQuestionnaire: phobia scales and PEQ', () => {
  it.each([
    [[3, 3, 3], [false, false, false], false],
    [[4, 0, 0], [true, false, false], true],
    [[0, 4, 0], [false, true, false], true],
    [[0, 0, 8], [false, false, true], true],
    [[8, 8, 8], [true, true, true], true],
  ] as const)('phobia %j → item caseness %j', (values, items, any) => {
    const result = expectOk(scoreQuestionnaire('iapt_phobia', answersOf(IAPT_PHOBIA, values)));
    expect(result.itemCaseness).toEqual([
      { itemId: 'iapt_phobia_1', construct: 'Social phobia', caseness: items[0] },
      { itemId: 'iapt_phobia_2', construct: 'Agoraphobia', caseness: items[1] },
      { itemId: 'iapt_phobia_3', construct: 'Specific phobia', caseness: items[2] },
    ]);
    expect(result.caseness).toBe(any);
    expect(result.total).toBeNull();
  });

  it('validates the PEQ but gives no total, band or caseness', () => {
    const result = expectOk(
      scoreQuestionnaire('peq_treatment', answersOf(PEQ_TREATMENT, [4, 4, 4, 4, 4, 4])),
    );
    expect(result).toMatchObject({
      total: null,
      maxTotal: null,
      band: null,
      caseness: null,
      riskFlag: false,
    });
    const bad = scoreQuestionnaire('peq_treatment', answersOf(PEQ_TREATMENT, [5, 0, 0, 0, 0, 0]));
    expect(bad.ok).toBe(false);
  });
});

/** Values that are not a valid option on any item, paired with the error code expected. */
const badValue: fc.Arbitrary<{ value: unknown; code: string }> = fc.oneof(
  fc.constantFrom<unknown>(undefined, null, '').map((value) => ({ value, code: 'missing' })),
  fc
    .oneof(
      fc.constant<unknown>(Number.NaN),
      fc.string().filter((s) => s !== '' && s !== NOT_APPLICABLE),
      fc.boolean(),
      fc.constant<unknown>({}),
      fc.constant<unknown>([1]),
      fc.constant<unknown>(1n),
    )
    .map((value) => ({ value, code: 'not-a-number' })),
  fc
    .double({ noNaN: true, noInteger: true, noDefaultInfinity: true, min: -100, max: 100 })
    .map((value) => ({ value, code: 'not-integer' })),
  fc
    .constantFrom<unknown>(Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY)
    .map((value) => ({ value, code: 'not-integer' })),
);

describe('scoreQuestionnaire: refusals', () => {
  it('refuses an unknown measure without throwing', () => {
    expect(scoreQuestionnaire('phq10', {})).toEqual({
      ok: false,
      errors: [
        {
          itemId: null,
          code: 'unknown-measure',
          message: 'There is no questionnaire called "phq10"',
        },
      ],
    });
  });

  it.each([null, undefined, 3, 'answers', [0, 1, 2]])('refuses answers given as %j', (answers) => {
    const result = scoreQuestionnaire('gad7', answers);
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.errors).toEqual([
        { itemId: null, code: 'invalid-answers', message: 'Answer the questions in the GAD-7' },
      ]);
  });

  it('reports every missing item, in order, with a message naming the question', () => {
    const result = scoreQuestionnaire('gad7', {});
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual(
      GAD7.items.map((item) => ({
        itemId: item.id,
        code: 'missing',
        message: `Select an answer for question ${item.number}`,
      })),
    );
  });

  it('refuses one missing, wrong-typed, fractional or out-of-range answer with a specific error', () => {
    fc.assert(
      fc.property(
        measureArb.chain((measure) =>
          fc.integer({ min: 0, max: measure.items.length - 1 }).chain((index) => {
            const { min, max } = itemRange(measure, index);
            return fc.tuple(
              fc.constant(measure),
              validAnswers(measure),
              fc.constant(index),
              fc.oneof(
                badValue,
                fc
                  .oneof(
                    fc.integer({ min: -1000, max: min - 1 }),
                    fc.integer({ min: max + 1, max: max + 1000 }),
                  )
                  .map((value) => ({ value: value, code: 'out-of-range' })),
              ),
            );
          }),
        ),
        ([measure, answers, index, bad]) => {
          const item = measure.items[index];
          if (!item) throw new Error('no item');
          const { max } = itemRange(measure, index);
          const result = scoreQuestionnaire(measure.id, { ...answers, [item.id]: bad.value });
          expect(result.ok).toBe(false);
          if (result.ok) return;
          expect(result.errors).toHaveLength(1);
          expect(result.errors[0]).toMatchObject({ itemId: item.id, code: bad.code });
          expect(result.errors[0]?.message).toContain(`question ${item.number}`);
          if (bad.code !== 'missing') expect(result.errors[0]?.message).toContain(`${max}`);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('treats an answer key that is absent the same as undefined', () => {
    fc.assert(
      fc.property(
        measureArb.chain((m) =>
          fc.tuple(
            fc.constant(m),
            validAnswers(m),
            fc.integer({ min: 0, max: m.items.length - 1 }),
          ),
        ),
        ([measure, answers, index]) => {
          const item = measure.items[index];
          if (!item) throw new Error('no item');
          const rest = Object.fromEntries(Object.entries(answers).filter(([k]) => k !== item.id));
          const result = scoreQuestionnaire(measure.id, rest);
          expect(result).toEqual({
            ok: false,
            errors: [
              {
                itemId: item.id,
                code: 'missing',
                message: `Select an answer for question ${item.number}`,
              },
            ],
          });
        },
      ),
    );
  });

  it('refuses unknown item ids, naming each one', () => {
    fc.assert(
      fc.property(
        measureArb.chain((m) => fc.tuple(fc.constant(m), validAnswers(m))),
        fc.uniqueArray(fc.string({ minLength: 1 }), { minLength: 1, maxLength: 4 }),
        fc.anything(),
        ([measure, answers], extraKeys, extraValue) => {
          const known = new Set(measure.items.map((item) => item.id));
          const unknown = extraKeys.filter((key) => !known.has(key) && key !== '__proto__');
          fc.pre(unknown.length > 0);
          const input: Record<string, unknown> = { ...answers };
          for (const key of unknown) input[key] = extraValue;
          const result = scoreQuestionnaire(measure.id, input);
          expect(result.ok).toBe(false);
          if (result.ok) return;
          // Compared as sets: objects list integer-like keys first, whatever the insertion order.
          const reported = result.errors.map((e) => `${e.code}:${String(e.itemId)}`).sort();
          expect(reported).toEqual(unknown.map((key) => `unknown-item:${key}`).sort());
          expect(result.errors[0]?.message).toContain(measure.shortTitle);
        },
      ),
    );
  });

  it('ignores inherited properties and reports an own "__proto__" key as unknown', () => {
    const inherited = Object.assign(Object.create({ gad7_1: 0 }) as Record<string, unknown>, {
      ...answersOf(GAD7, []),
    });
    delete inherited['gad7_1'];
    const missing = scoreQuestionnaire('gad7', inherited);
    expect(missing.ok).toBe(false);
    if (!missing.ok)
      expect(missing.errors.map((e) => [e.itemId, e.code])).toEqual([['gad7_1', 'missing']]);

    // JSON.parse makes "__proto__" an own key, as a parsed request body would.
    const parsed = JSON.parse('{"__proto__": 1}') as Record<string, unknown>;
    const result = scoreQuestionnaire('gad7', Object.assign(parsed, answersOf(GAD7, [])));
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.errors.map((e) => [e.itemId, e.code])).toEqual([['__proto__', 'unknown-item']]);
  });

  it('never throws, whatever it is given', () => {
    fc.assert(
      fc.property(fc.string(), fc.anything(), (id, answers) => {
        expect(() => scoreQuestionnaire(id, answers)).not.toThrow();
      }),
    );
    fc.assert(
      fc.property(measureArb, fc.dictionary(fc.string(), fc.anything()), (measure, answers) => {
        expect(() => scoreQuestionnaire(measure.id, answers)).not.toThrow();
      }),
    );
  });

  it('reports all problems at once', () => {
    const result = scoreQuestionnaire('phq9', {
      phq9_1: 4,
      phq9_2: 1.5,
      phq9_3: '2',
      phq9_5: 0,
      phq9_6: 0,
      phq9_7: 0,
      phq9_8: -1,
      phq9_9: 0,
      phq9_10: 0,
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => [e.itemId, e.code])).toEqual([
      ['phq9_1', 'out-of-range'],
      ['phq9_2', 'not-integer'],
      ['phq9_3', 'not-a-number'],
      ['phq9_4', 'missing'],
      ['phq9_8', 'out-of-range'],
      ['phq9_10', 'unknown-item'],
    ]);
    expect(result.errors[0]?.message).toBe('The answer for question 1 must be from 0 to 3');
    expect(result.errors[1]?.message).toBe(
      'The answer for question 2 must be a whole number from 0 to 3',
    );
    expect(result.errors[2]?.message).toBe(
      'The answer for question 3 must be a number from 0 to 3',
    );
  });
});

describe('bandFor', () => {
  it.each(['phq9', 'gad7', 'wsas'] as const)(
    '%s: every total in range has its clinical.md band',
    (id) => {
      const range = MEASURES[id].totalRange;
      if (!range) throw new Error('no range');
      for (let total = range.min; total <= range.max; total++) {
        expect(bandFor(id, total)?.id).toBe(expectedBand(id, total));
        expect(bandFor(MEASURES[id], total)?.id).toBe(expectedBand(id, total));
      }
    },
  );

  it('gives null outside the range, for fractions, and for measures without bands', () => {
    expect(bandFor('phq9', -1)).toBeNull();
    expect(bandFor('phq9', 28)).toBeNull();
    expect(bandFor('phq9', 9.5)).toBeNull();
    expect(bandFor('phq9', Number.NaN)).toBeNull();
    expect(bandFor('gad7', 22)).toBeNull();
    expect(bandFor('iapt_phobia', 4)).toBeNull();
    expect(bandFor('peq_treatment', 4)).toBeNull();
  });

  it('has the boundary bands', () => {
    expect(bandFor('phq9', 9)?.label).toBe('Mild');
    expect(bandFor('phq9', 10)?.label).toBe('Moderate');
    expect(bandFor('gad7', 7)?.label).toBe('Mild');
    expect(bandFor('gad7', 8)?.label).toBe('Mild');
    expect(bandFor('wsas', 20)?.id).toBe('significant');
    expect(bandFor('wsas', 21)?.id).toBe('moderately-severe-or-worse');
  });
});

describe('isCaseness and isItemCaseness', () => {
  it.each([
    ['phq9', 9, false],
    ['phq9', 10, true],
    ['phq9', 0, false],
    ['phq9', 27, true],
    ['gad7', 7, false],
    ['gad7', 8, true],
    ['gad7', 21, true],
  ] as const)('%s total %i → %s', (id, total, expected) => {
    expect(isCaseness(id, total)).toBe(expected);
    expect(isCaseness(MEASURES[id], total)).toBe(expected);
  });

  it('is null where no total caseness is defined', () => {
    expect(isCaseness('wsas', 30)).toBeNull();
    expect(isCaseness('iapt_phobia', 8)).toBeNull();
    expect(isCaseness('peq_treatment', 4)).toBeNull();
  });

  it('reads phobia caseness per item at 4', () => {
    expect(isItemCaseness('iapt_phobia', 3)).toBe(false);
    expect(isItemCaseness('iapt_phobia', 4)).toBe(true);
    expect(isItemCaseness('phq9', 3)).toBeNull();
  });
});

describe('reliableChange', () => {
  it.each([
    ['phq9', 15, 10, 'no-change'], // down 5
    ['phq9', 15, 9, 'improved'], // down 6
    ['phq9', 15, 20, 'no-change'], // up 5
    ['phq9', 15, 21, 'deteriorated'], // up 6
    ['phq9', 12, 12, 'no-change'],
    ['phq9', 27, 0, 'improved'],
    ['phq9', 0, 27, 'deteriorated'],
    ['gad7', 10, 7, 'no-change'], // down 3
    ['gad7', 10, 6, 'improved'], // down 4
    ['gad7', 10, 13, 'no-change'], // up 3
    ['gad7', 10, 14, 'deteriorated'], // up 4
  ] as const)('%s %i → %i is %s', (id, first, last, expected) => {
    expect(reliableChange(id, first, last)).toBe(expected);
    expect(reliableChange(MEASURES[id], first, last)).toBe(expected);
  });

  it('matches the reliable change index for every pair of totals', () => {
    for (const [id, index, max] of [
      ['phq9', 6, 27],
      ['gad7', 4, 21],
    ] as const) {
      fc.assert(
        fc.property(fc.integer({ min: 0, max }), fc.integer({ min: 0, max }), (first, last) => {
          const expected =
            first - last >= index
              ? 'improved'
              : last - first >= index
                ? 'deteriorated'
                : 'no-change';
          expect(reliableChange(id, first, last)).toBe(expected);
          // Swapping first and last swaps improved and deteriorated.
          const swapped = reliableChange(id, last, first);
          const mirror = {
            improved: 'deteriorated',
            deteriorated: 'improved',
            'no-change': 'no-change',
          };
          expect(swapped).toBe(mirror[expected]);
        }),
      );
    }
  });

  it('is null for measures without a reliable change index', () => {
    expect(reliableChange('wsas', 30, 0)).toBeNull();
    expect(reliableChange('iapt_phobia', 8, 0)).toBeNull();
    expect(classifyChange(10, 20, 10)).toBe('improved');
  });

  it('has kind patient wording for each result', () => {
    expect(describeChangeForPatient('phq9', 'improved')).toBe(
      'Fewer symptoms of low mood than before.',
    );
    expect(describeChangeForPatient('gad7', 'improved')).toBe(
      'Fewer symptoms of anxiety than before.',
    );
    expect(describeChangeForPatient('gad7', 'no-change')).toMatch(/about the same/);
    expect(describeChangeForPatient('phq9', 'deteriorated')).toMatch(/therapist will talk/);
    expect(describeChangeForPatient('wsas', 'improved')).toBeNull();
  });
});

describe('riskInAnswersSoFar', () => {
  const phq9 = getMeasure('phq9')!;
  it('finds question 9 above 0 whatever else is answered, as text or a number', () => {
    expect(riskInAnswersSoFar(phq9, { phq9_9: '2' })).toEqual({ itemId: 'phq9_9', value: 2 });
    expect(riskInAnswersSoFar(phq9, { phq9_1: '0', phq9_9: 1 })).toEqual({
      itemId: 'phq9_9',
      value: 1,
    });
  });
  it('is null for "not at all", no answer, or something that is not an option', () => {
    expect(riskInAnswersSoFar(phq9, { phq9_9: '0' })).toBeNull();
    expect(riskInAnswersSoFar(phq9, { phq9_1: '3' })).toBeNull();
    expect(riskInAnswersSoFar(phq9, { phq9_9: '7' })).toBeNull();
    expect(riskInAnswersSoFar(phq9, { phq9_9: 'yes' })).toBeNull();
  });
  it('is null for a questionnaire without a risk question', () => {
    expect(riskInAnswersSoFar(getMeasure('gad7')!, { gad7_1: '3' })).toBeNull();
  });
});
