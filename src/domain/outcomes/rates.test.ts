import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  courseOutcome,
  outcomeRates,
  rate,
  type CourseOutcome,
  type OutcomeForRates,
} from './index';

function c(
  phq9: [number, number],
  gad7: [number, number],
  attendedTreatmentContacts = 6,
  discharged = true,
): CourseOutcome {
  const result = courseOutcome({
    attendedTreatmentContacts,
    discharged,
    phq9: { first: phq9[0], last: phq9[1] },
    anxiety: { first: gad7[0], last: gad7[1] },
  });
  if (!result.ok) throw new Error('bad test course');
  return result;
}

const reliablyRecovered = c([18, 6], [12, 4]);
const recoveredNotReliable = c([11, 9], [9, 7]);
const notRecoveredImproved = c([22, 14], [15, 10]);
const notAtCasenessImproved = c([9, 2], [7, 1]);
const notAtCasenessNoChange = c([5, 5], [4, 4]);
const deteriorated = c([10, 17], [8, 13]);
const oneSession = c([20, 2], [15, 1], 1, true);
const notDischarged = c([20, 2], [15, 1], 10, false);

describe('rate', () => {
  it('divides, and is null for a zero denominator', () => {
    expect(rate(1, 4)).toEqual({ numerator: 1, denominator: 4, rate: 0.25 });
    expect(rate(0, 0)).toEqual({ numerator: 0, denominator: 0, rate: null });
    expect(rate(0, 3).rate).toBe(0);
  });
});

describe('outcomeRates', () => {
  it('uses the clinical.md denominators', () => {
    const rates = outcomeRates([
      reliablyRecovered,
      recoveredNotReliable,
      notRecoveredImproved,
      notAtCasenessImproved,
      notAtCasenessNoChange,
      deteriorated,
      oneSession,
      notDischarged,
    ]);
    expect(rates.counts).toEqual({
      courses: 8,
      finished: 6,
      atCasenessAtStart: 4,
      notAtCasenessAtStart: 2,
      recovered: 2,
      reliableImprovement: 3,
      reliableDeterioration: 1,
      noReliableChange: 2,
      reliableRecovery: 1,
    });
    // recovered ÷ (finished − not at caseness at start) = 2 ÷ (6 − 2)
    expect(rates.recoveryRate).toEqual({ numerator: 2, denominator: 4, rate: 0.5 });
    // improved ÷ finished = 3 ÷ 6
    expect(rates.reliableImprovementRate).toEqual({ numerator: 3, denominator: 6, rate: 0.5 });
    expect(rates.reliableDeteriorationRate).toEqual({ numerator: 1, denominator: 6, rate: 1 / 6 });
    // reliable recovery has the recovery denominator
    expect(rates.reliableRecoveryRate).toEqual({ numerator: 1, denominator: 4, rate: 0.25 });
  });

  it('gives null rates, not 0 or NaN, for zero denominators', () => {
    const empty = outcomeRates([]);
    expect(empty.recoveryRate).toEqual({ numerator: 0, denominator: 0, rate: null });
    expect(empty.reliableImprovementRate.rate).toBeNull();
    expect(empty.reliableRecoveryRate.rate).toBeNull();
    expect(empty.reliableDeteriorationRate.rate).toBeNull();
    expect(empty.counts.courses).toBe(0);

    // Nobody finished: every rate is null.
    const unfinished = outcomeRates([oneSession, notDischarged]);
    expect(unfinished.counts).toMatchObject({ courses: 2, finished: 0 });
    expect(unfinished.reliableImprovementRate.rate).toBeNull();
    expect(unfinished.recoveryRate.rate).toBeNull();

    // Everyone finished but nobody was at caseness: recovery rates null, improvement defined.
    const noCaseness = outcomeRates([notAtCasenessImproved, notAtCasenessNoChange]);
    expect(noCaseness.recoveryRate).toEqual({ numerator: 0, denominator: 0, rate: null });
    expect(noCaseness.reliableRecoveryRate).toEqual({ numerator: 0, denominator: 0, rate: null });
    expect(noCaseness.reliableImprovementRate).toEqual({ numerator: 1, denominator: 2, rate: 0.5 });
  });

  it('counts only finished courses even if given inconsistent flags', () => {
    const odd: OutcomeForRates = {
      finishedTreatment: false,
      casenessAtStart: true,
      recovered: true,
      reliableImprovement: true,
      reliableDeterioration: false,
      noReliableChange: false,
      reliableRecovery: true,
    };
    const rates = outcomeRates([odd, reliablyRecovered]);
    expect(rates.recoveryRate).toEqual({ numerator: 1, denominator: 1, rate: 1 });
    expect(rates.reliableImprovementRate).toEqual({ numerator: 1, denominator: 1, rate: 1 });
  });

  it('keeps rates between 0 and 1 and counts consistent for any set of courses', () => {
    const courseArb = fc
      .record({
        contacts: fc.integer({ min: 0, max: 20 }),
        discharged: fc.boolean(),
        p: fc.tuple(fc.integer({ min: 0, max: 27 }), fc.integer({ min: 0, max: 27 })),
        a: fc.tuple(fc.integer({ min: 0, max: 21 }), fc.integer({ min: 0, max: 21 })),
      })
      .map(({ contacts, discharged, p, a }) => c(p, a, contacts, discharged));
    fc.assert(
      fc.property(fc.array(courseArb, { maxLength: 60 }), (list) => {
        const rates = outcomeRates(list);
        const { counts } = rates;
        expect(counts.finished).toBe(list.filter((x) => x.finishedTreatment).length);
        expect(counts.atCasenessAtStart + counts.notAtCasenessAtStart).toBe(counts.finished);
        expect(
          counts.reliableImprovement + counts.reliableDeterioration + counts.noReliableChange,
        ).toBe(counts.finished);
        expect(counts.reliableRecovery).toBeLessThanOrEqual(counts.recovered);
        expect(counts.reliableRecovery).toBeLessThanOrEqual(counts.reliableImprovement);
        expect(rates.recoveryRate.denominator).toBe(counts.finished - counts.notAtCasenessAtStart);
        for (const r of [
          rates.recoveryRate,
          rates.reliableImprovementRate,
          rates.reliableRecoveryRate,
          rates.reliableDeteriorationRate,
        ]) {
          if (r.denominator === 0) expect(r.rate).toBeNull();
          else {
            expect(r.rate).toBe(r.numerator / r.denominator);
            expect(r.rate).toBeGreaterThanOrEqual(0);
            expect(r.rate).toBeLessThanOrEqual(1);
          }
        }
      }),
    );
  });
});
