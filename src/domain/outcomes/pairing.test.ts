import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  firstScore,
  lastTreatmentScore,
  pairScores,
  sessionScoresCount,
  type ScoreCandidate,
} from './index';

let n = 0;
function score(
  context: ScoreCandidate['context'],
  total: number | null,
  day: number,
  extra: Partial<ScoreCandidate> = {},
): ScoreCandidate {
  n += 1;
  return {
    id: `r${String(n).padStart(3, '0')}`,
    measureId: 'phq9',
    context,
    total,
    completedAt: new Date(Date.UTC(2026, 0, day, 9)),
    ...extra,
  };
}

describe('pairScores', () => {
  it('pairs the first and last treatment-session scores', () => {
    const list = [score('referral', 20, 1), score('assessment', 18, 5), score('session', 16, 10)];
    list.push(score('session', 12, 17), score('session', 8, 24));
    const pair = pairScores(list, 'phq9');
    expect(pair).toMatchObject({
      paired: true,
      first: { context: 'session', total: 16 },
      last: { context: 'session', total: 8 },
    });
  });

  it.each([
    [
      'assessment when there is no session score before the last',
      [score('referral', 20, 1), score('assessment', 18, 5)],
      { context: 'assessment', total: 18 },
    ],
    ['referral when there is no assessment', [score('referral', 20, 1)], { context: 'referral' }],
  ])('first score falls back to the %s', (_name, earlier, expected) => {
    // With no session scores at all there is no pair, but the first is still reported.
    expect(firstScore(earlier, 'phq9')).toMatchObject(expected);
    expect(pairScores(earlier, 'phq9').paired).toBe(false);
  });

  it('pairs the assessment with a single session score (the session score is the last)', () => {
    const list = [score('assessment', 18, 5), score('session', 9, 12)];
    expect(pairScores(list, 'phq9')).toMatchObject({
      paired: true,
      first: { context: 'assessment', total: 18 },
      last: { context: 'session', total: 9 },
    });
  });

  it('one session score alone is not a pair', () => {
    const pair = pairScores([score('session', 15, 10)], 'phq9');
    expect(pair).toMatchObject({ paired: false, first: null, last: { total: 15 } });
  });

  it('ignores superseded scores, scores without a total and other measures', () => {
    const list = [
      score('session', 27, 10, { supersededAt: new Date(Date.UTC(2026, 0, 10, 12)) }),
      score('session', 15, 10),
      score('session', null, 17),
      score('session', 3, 24, { measureId: 'gad7' }),
      score('session', 9, 20),
    ];
    expect(pairScores(list, 'phq9')).toMatchObject({
      paired: true,
      first: { total: 15 },
      last: { total: 9 },
    });
  });

  it('uses only scores at or before discharge', () => {
    const list = [score('session', 15, 10), score('session', 9, 17), score('session', 2, 30)];
    const discharged = new Date(Date.UTC(2026, 0, 17, 9));
    expect(pairScores(list, 'phq9', discharged).last?.total).toBe(9);
    expect(lastTreatmentScore(list, 'phq9')?.total).toBe(2);
  });

  it('breaks ties on time by response id, whatever the input order', () => {
    const at = new Date(Date.UTC(2026, 0, 10, 9));
    const a = { ...score('session', 10, 10), id: 'a', completedAt: at };
    const b = { ...score('session', 20, 10), id: 'b', completedAt: at };
    expect(pairScores([b, a], 'phq9')).toMatchObject({
      first: { responseId: 'a' },
      last: { responseId: 'b' },
    });
    expect(pairScores([a, b], 'phq9')).toMatchObject({
      first: { responseId: 'a' },
      last: { responseId: 'b' },
    });
  });

  it('has nothing to pair with no scores', () => {
    expect(pairScores([], 'phq9')).toEqual({ first: null, last: null, paired: false });
  });
});

describe('pairScores, picked in one pass', () => {
  // The rule as clinical.md states it, written step by step from the public helpers: the pair
  // must agree with it for any scores, including ties, corrections, gaps and a discharge date.
  function pairedByTheRule(
    candidates: readonly ScoreCandidate[],
    measureId: string,
    dischargedAt?: Date,
  ) {
    const before = dischargedAt
      ? candidates.filter((c) => c.completedAt.getTime() <= dischargedAt.getTime())
      : candidates;
    const last = lastTreatmentScore(before, measureId);
    if (!last) return { first: firstScore(before, measureId), last: null, paired: false };
    const first = firstScore(
      before.filter((c) => c.id !== last.responseId),
      measureId,
    );
    return { first, last, paired: first !== null };
  }

  const candidate = fc.record({
    id: fc.uuid(),
    measureId: fc.constantFrom('phq9', 'gad7'),
    context: fc.constantFrom('referral', 'assessment', 'session'),
    total: fc.option(fc.integer({ min: 0, max: 27 }), { nil: null }),
    // Few distinct days, so ties on the time completed are common.
    completedAt: fc.integer({ min: 1, max: 6 }).map((d) => new Date(Date.UTC(2026, 0, d, 9))),
    supersededAt: fc.option(fc.constant(new Date(Date.UTC(2026, 1, 1))), { nil: null }),
  });

  it('agrees with the rule written step by step', () => {
    fc.assert(
      fc.property(
        fc.array(candidate, { maxLength: 12 }),
        fc.option(fc.integer({ min: 1, max: 7 }), { nil: undefined }),
        (candidates, dischargeDay) => {
          const dischargedAt =
            dischargeDay === undefined ? undefined : new Date(Date.UTC(2026, 0, dischargeDay, 9));
          for (const measureId of ['phq9', 'gad7'])
            expect(pairScores(candidates, measureId, dischargedAt)).toEqual(
              pairedByTheRule(candidates, measureId, dischargedAt),
            );
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('sessionScoresCount', () => {
  it('counts sessions held or still to come, not those cancelled or missed', () => {
    for (const status of ['booked', 'attended', 'arrived_late'])
      expect(sessionScoresCount(status)).toBe(true);
    for (const status of ['cancelled', 'did_not_attend'])
      expect(sessionScoresCount(status)).toBe(false);
  });
});
