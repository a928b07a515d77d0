/** Weekly appointment dates (IPT sessions are weekly: clinical.md). */
import { isBankHoliday } from './bankHolidays';
import { addDays, isIsoDate, requireIsoDate, type IsoDate } from './isoDate';

export interface WeeklyDatesOptions {
  /**
   * Return true for a date that cannot be used; that week is passed over and the series runs a
   * week longer. Defaults to bank holidays in England and Wales. Use `bankHolidaysAndClosures`
   * to add a service's extra closures.
   */
  readonly skip?: (date: IsoDate) => boolean;
}

// A series that skips this many weeks in a row is almost certainly a bad `skip` function.
const MAX_CONSECUTIVE_SKIPS = 52;

/**
 * `count` dates a week apart starting on `startDate` (included unless skipped). A skipped week
 * does not reduce the count: the series ends later instead.
 */
export function weeklyDates(
  startDate: IsoDate,
  count: number,
  options: WeeklyDatesOptions = {},
): IsoDate[] {
  requireIsoDate(startDate);
  if (!Number.isInteger(count) || count < 0) {
    throw new RangeError(`Count must be a whole number of 0 or more, got ${count}`);
  }
  const skip = options.skip ?? isBankHoliday;
  const dates: IsoDate[] = [];
  let date = startDate;
  let skippedInARow = 0;
  while (dates.length < count) {
    if (skip(date)) {
      skippedInARow += 1;
      if (skippedInARow > MAX_CONSECUTIVE_SKIPS) {
        throw new RangeError(`More than ${MAX_CONSECUTIVE_SKIPS} weeks in a row were skipped`);
      }
    } else {
      dates.push(date);
      skippedInARow = 0;
    }
    date = addDays(date, 7);
  }
  return dates;
}

/** A `skip` function for bank holidays in England and Wales plus a list of extra closures. */
export function bankHolidaysAndClosures(
  extraClosures: readonly IsoDate[],
): (date: IsoDate) => boolean {
  for (const closure of extraClosures) {
    if (!isIsoDate(closure))
      throw new RangeError(`Extra closure must be YYYY-MM-DD, got "${closure}"`);
  }
  const closed = new Set(extraClosures);
  return (date) => closed.has(date) || isBankHoliday(date);
}
