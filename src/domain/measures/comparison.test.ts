import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  NOT_APPLICABLE,
  WSAS,
  compareTotals,
  maxTotalOf,
  maxTotalWithout,
  notApplicableItems,
  scoreQuestionnaire,
  whyNotCompared,
} from './index';

describe('compareTotals (hazard H5)', () => {
  it('gives the change between two totals out of the same maximum', () => {
    expect(compareTotals({ total: 20, maxTotal: 40 }, { total: 14, maxTotal: 40 })).toEqual({
      comparable: true,
      change: -6,
    });
    // Both without the work question: four items each, so they compare.
    expect(compareTotals({ total: 10, maxTotal: 32 }, { total: 13, maxTotal: 32 })).toEqual({
      comparable: true,
      change: 3,
    });
    expect(compareTotals({ total: 9, maxTotal: 27 }, { total: 9, maxTotal: 27 })).toEqual({
      comparable: true,
      change: 0,
    });
  });

  it('does not compare a total without the work question with one that has it, either way', () => {
    expect(compareTotals({ total: 20, maxTotal: 40 }, { total: 14, maxTotal: 32 })).toEqual({
      comparable: false,
      reason: 'different-maximum',
      firstOutOf: 40,
      latestOutOf: 32,
    });
    expect(compareTotals({ total: 14, maxTotal: 32 }, { total: 20, maxTotal: 40 })).toEqual({
      comparable: false,
      reason: 'different-maximum',
      firstOutOf: 32,
      latestOutOf: 40,
    });
    // Even when the totals are equal: "no change" would be just as misleading.
    expect(compareTotals({ total: 14, maxTotal: 40 }, { total: 14, maxTotal: 32 }).comparable).toBe(
      false,
    );
  });

  it('an unknown maximum matches only another unknown one', () => {
    expect(compareTotals({ total: 3, maxTotal: null }, { total: 1, maxTotal: null })).toEqual({
      comparable: true,
      change: -2,
    });
    expect(compareTotals({ total: 3, maxTotal: null }, { total: 1, maxTotal: 40 }).comparable).toBe(
      false,
    );
  });

  it('for any two scored WSAS: compared exactly when both or neither left out the work question', () => {
    const item = fc.integer({ min: 0, max: 8 });
    const work = fc.oneof(item, fc.constant(NOT_APPLICABLE));
    const wsas = fc.tuple(work, item, item, item, item).map(([w, ...rest]) => {
      const answers = {
        wsas_1: w,
        wsas_2: rest[0],
        wsas_3: rest[1],
        wsas_4: rest[2],
        wsas_5: rest[3],
      };
      const scored = scoreQuestionnaire('wsas', answers);
      if (!scored.ok) throw new Error('valid answers refused');
      return {
        total: scored.value.total as number,
        maxTotal: scored.value.maxTotal,
        left: w === NOT_APPLICABLE,
      };
    });
    fc.assert(
      fc.property(wsas, wsas, (first, latest) => {
        const result = compareTotals(first, latest);
        expect(result.comparable).toBe(first.left === latest.left);
        if (result.comparable) expect(result.change).toBe(latest.total - first.total);
      }),
    );
  });
});

describe('maxTotalWithout', () => {
  it('agrees with maxTotalOf on the ids of the items answered "not applicable"', () => {
    expect(maxTotalWithout('wsas', [])).toBe(40);
    expect(maxTotalWithout('wsas', ['wsas_1'])).toBe(32);
    expect(maxTotalWithout(WSAS, ['wsas_1'])).toBe(maxTotalOf(WSAS, { wsas_1: NOT_APPLICABLE }));
    expect(maxTotalWithout('phq9', [])).toBe(27);
    expect(maxTotalWithout('gad7', [])).toBe(21);
  });

  it('ignores ids that are not items, or items that cannot be "not applicable"', () => {
    expect(maxTotalWithout('wsas', ['wsas_2', 'toString', 'nope'])).toBe(40);
    expect(maxTotalWithout('phq9', ['phq9_1'])).toBe(27);
  });

  it('reads only the items that may be "not applicable": the WSAS work question', () => {
    expect([...notApplicableItems()]).toEqual([['wsas', ['wsas_1']]]);
  });

  it('is null for a measure without a total', () => {
    expect(maxTotalWithout('peq_treatment', [])).toBeNull();
    expect(maxTotalWithout('iapt_phobia', [])).toBeNull();
  });
});

describe('whyNotCompared', () => {
  it('says which question was left out, in plain words', () => {
    expect(whyNotCompared('wsas')).toBe('one of them left out the work question');
    expect(whyNotCompared('phq9')).toBe('one of them left out a question');
  });
});
