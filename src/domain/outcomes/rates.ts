/**
 * Service-level outcome rates over many courses (clinical.md "Outcome definitions").
 * Rates are fractions from 0 to 1; a rate with a zero denominator is null, never 0 or NaN.
 */
import type { CourseOutcome } from './course';

export interface Rate {
  readonly numerator: number;
  readonly denominator: number;
  /** numerator ÷ denominator, or null when the denominator is 0. */
  readonly rate: number | null;
}

export type OutcomeForRates = Pick<
  CourseOutcome,
  | 'finishedTreatment'
  | 'casenessAtStart'
  | 'recovered'
  | 'reliableImprovement'
  | 'reliableDeterioration'
  | 'noReliableChange'
  | 'reliableRecovery'
>;

export interface OutcomeRates {
  readonly counts: {
    /** Every course given, finished or not. */
    readonly courses: number;
    readonly finished: number;
    /** Among finished courses. */
    readonly atCasenessAtStart: number;
    readonly notAtCasenessAtStart: number;
    readonly recovered: number;
    readonly reliableImprovement: number;
    readonly reliableDeterioration: number;
    readonly noReliableChange: number;
    readonly reliableRecovery: number;
  };
  /** recovered ÷ (finished − not at caseness at the start). */
  readonly recoveryRate: Rate;
  /** reliably improved ÷ finished. */
  readonly reliableImprovementRate: Rate;
  /** reliably deteriorated ÷ finished. */
  readonly reliableDeteriorationRate: Rate;
  /** reliably recovered ÷ (finished − not at caseness at the start). */
  readonly reliableRecoveryRate: Rate;
}

export function rate(numerator: number, denominator: number): Rate {
  return { numerator, denominator, rate: denominator === 0 ? null : numerator / denominator };
}

/** Aggregates course outcomes. Only finished courses count towards any rate. */
export function outcomeRates(list: readonly OutcomeForRates[]): OutcomeRates {
  const finished = list.filter((course) => course.finishedTreatment);
  const atCaseness = finished.filter((course) => course.casenessAtStart);
  const count = (courses: readonly OutcomeForRates[], test: (c: OutcomeForRates) => boolean) =>
    courses.filter(test).length;

  // Recovery and reliable recovery only exist for courses at caseness at the start.
  const recovered = count(atCaseness, (c) => c.recovered === true);
  const reliableRecovery = count(atCaseness, (c) => c.reliableRecovery === true);
  const reliableImprovement = count(finished, (c) => c.reliableImprovement === true);
  const reliableDeterioration = count(finished, (c) => c.reliableDeterioration === true);
  const noReliableChange = count(finished, (c) => c.noReliableChange === true);

  return {
    counts: {
      courses: list.length,
      finished: finished.length,
      atCasenessAtStart: atCaseness.length,
      notAtCasenessAtStart: finished.length - atCaseness.length,
      recovered,
      reliableImprovement,
      reliableDeterioration,
      noReliableChange,
      reliableRecovery,
    },
    // finished − not at caseness at the start is exactly the finished courses at caseness.
    recoveryRate: rate(recovered, atCaseness.length),
    reliableImprovementRate: rate(reliableImprovement, finished.length),
    reliableDeteriorationRate: rate(reliableDeterioration, finished.length),
    reliableRecoveryRate: rate(reliableRecovery, atCaseness.length),
  };
}
