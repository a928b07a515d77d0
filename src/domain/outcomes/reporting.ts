/**
 * Rules for the service's reports (issue 15), in one place: the equity breakdowns' bands and
 * small-cell suppression, what counts as an attended or missed appointment, and the codes a
 * course-level export carries. Pure; the SQL in src/features/reports is generated from these.
 */

/**
 * Cells counting fewer people than this (but more than none) are not shown in equity
 * breakdowns, so nobody can be picked out (hazard H22). A service may choose a higher value.
 */
export const DEFAULT_SMALL_CELL_THRESHOLD = 5;

/** A count as shown: the number, or `null` when it is suppressed. */
export type ShownCount = number | null;

/** Primary suppression: a count from 1 to threshold − 1 is hidden; 0 is shown (it names nobody). */
export function isSmallCell(count: number, threshold: number): boolean {
  return count > 0 && count < threshold;
}

export interface BreakdownCell {
  group: string;
  /** How many courses the rate is over (its denominator). */
  denominator: number;
  numerator: number;
}

export interface SuppressedCell {
  group: string;
  denominator: ShownCount;
  numerator: ShownCount;
  /** numerator ÷ denominator, or null when either is hidden or the denominator is 0. */
  rate: number | null;
  suppressed: boolean;
}

/**
 * Suppresses a breakdown's cells. A group is hidden when its denominator, its numerator or the
 * people not in its numerator are a small cell (a rate of 3 out of 40 or 38 out of 40 both let
 * someone work out a few people). Complementary suppression: when exactly one group is hidden,
 * the total and the other groups would give it away by subtraction, so the next smallest group
 * is hidden too.
 */
export function suppressBreakdown(
  cells: readonly BreakdownCell[],
  threshold: number = DEFAULT_SMALL_CELL_THRESHOLD,
): SuppressedCell[] {
  const hidden = new Set<number>();
  cells.forEach((c, i) => {
    if (
      isSmallCell(c.denominator, threshold) ||
      isSmallCell(c.numerator, threshold) ||
      isSmallCell(c.denominator - c.numerator, threshold)
    )
      hidden.add(i);
  });
  if (hidden.size === 1) {
    const next = cells
      .map((c, i) => ({ c, i }))
      .filter(({ i, c }) => !hidden.has(i) && c.denominator > 0)
      .sort((a, b) => a.c.denominator - b.c.denominator)[0];
    if (next) hidden.add(next.i);
  }
  return cells.map((c, i) => {
    const suppressed = hidden.has(i);
    return {
      group: c.group,
      denominator: suppressed ? null : c.denominator,
      numerator: suppressed ? null : c.numerator,
      rate: suppressed || c.denominator === 0 ? null : c.numerator / c.denominator,
      suppressed,
    };
  });
}

/** Age bands at the referral date, lower bounds inclusive (the last band is open). */
export const AGE_BANDS = [
  { key: '18-25', from: 18 },
  { key: '26-35', from: 26 },
  { key: '36-45', from: 36 },
  { key: '46-55', from: 46 },
  { key: '56-64', from: 56 },
  { key: '65+', from: 65 },
] as const;
export type AgeBandKey = (typeof AGE_BANDS)[number]['key'] | 'under-18';

/** The band of an age in whole years. */
export function ageBand(age: number): AgeBandKey {
  let band: AgeBandKey = 'under-18';
  for (const b of AGE_BANDS) if (age >= b.from) band = b.key;
  return band;
}

/** Appointment statuses that are a contact (the person came, late or not). */
export const ATTENDED_STATUSES = ['attended', 'arrived_late'] as const;
/** Did not attend without telling the service. */
export const DID_NOT_ATTEND_STATUS = 'did_not_attend';

/*
 * Attendance rates count appointments that were due to happen: attended, arrived late or did not
 * attend. Cancelled (by the person or the service, before the time) and still-booked appointments
 * are left out of both. First appointments are assessments (the first contact with the service);
 * follow-up appointments are treatment sessions and reviews. (src/features/reports figures.)
 */

/**
 * Codes of the scores a course-level export carries. The SNOMED CT total-score concepts were
 * checked against NHS England's MHSDS coded assessment tool list (docs/data-export.md); a
 * clinical coder should still confirm them against the NHS Talking Therapies data set's own
 * "Coded assessment tool type" list before a national submission.
 */
export const EXPORT_SCORE_CODES = {
  phq9: { snomed: '720433000', loinc: '44261-6' },
  gad7: { snomed: '445455005', loinc: '70274-6' },
} as const;
