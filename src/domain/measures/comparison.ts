/**
 * Whether two totals of one questionnaire may be compared (hazard H5). A total is a sum over the
 * items answered: WSAS answered "not applicable" for the work question is a sum of four items, out
 * of 32, not five out of 40. A change between a four-item and a five-item total would say as much
 * about the question left out as about the person, so it is not worked out at all: the caller
 * says the two scores are not compared, and why, instead of printing a number.
 */

/** A total with the highest total possible for the items it was answered over. */
export interface TotalOutOf {
  readonly total: number;
  /** `maxTotalOf` / `maxTotalWithout`: 32 for WSAS without the work question. */
  readonly maxTotal: number | null;
}

export type TotalsComparison =
  /** Same items, same maximum: `change` is latest − first (negative is better). */
  | { readonly comparable: true; readonly change: number }
  /** Out of different maxima (an item left out of one): no change is given. */
  | {
      readonly comparable: false;
      readonly reason: 'different-maximum';
      readonly firstOutOf: number | null;
      readonly latestOutOf: number | null;
    };

/**
 * The change from `first` to `latest` when they are out of the same maximum; otherwise that they
 * cannot be compared. A maximum that is not known (null) matches only another unknown one.
 */
export function compareTotals(first: TotalOutOf, latest: TotalOutOf): TotalsComparison {
  if (first.maxTotal !== latest.maxTotal)
    return {
      comparable: false,
      reason: 'different-maximum',
      firstOutOf: first.maxTotal,
      latestOutOf: latest.maxTotal,
    };
  return { comparable: true, change: latest.total - first.total };
}

/**
 * Why two totals of this measure are not compared, in plain words for staff ("… not compared,
 * because one of them left out the work question"). Only the WSAS work question can be answered
 * "not applicable" today; any other measure gets words that fit it too.
 */
export function whyNotCompared(measureId: string): string {
  return measureId === 'wsas'
    ? 'one of them left out the work question'
    : 'one of them left out a question';
}
