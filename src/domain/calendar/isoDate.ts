/**
 * Plain calendar dates ('YYYY-MM-DD') and wall-clock times ('HH:MM').
 *
 * Dates are handled as whole-day numbers rather than JavaScript `Date`s so that adding a day
 * never depends on the computer's time zone or on clock changes.
 */

/** A calendar date written 'YYYY-MM-DD', with no time and no time zone. */
export type IsoDate = string;

/** A 24-hour wall-clock time written 'HH:MM'. */
export type LocalTime = string;

/** ISO weekday number: 1 = Monday … 7 = Sunday. */
export type IsoWeekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

export interface DateParts {
  readonly year: number;
  /** 1 = January … 12 = December. */
  readonly month: number;
  readonly day: number;
}

// Four-digit years only, so that string order is date order.
const MIN_YEAR = 1;
const MAX_YEAR = 9999;

const ISO_DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const LOCAL_TIME_PATTERN = /^(\d{2}):(\d{2})$/;

export const MS_PER_DAY = 86_400_000;
export const MS_PER_MINUTE = 60_000;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** True when the numbers make a real date between years 0001 and 9999. */
export function isRealDate(year: number, month: number, day: number): boolean {
  return (
    Number.isInteger(year) &&
    Number.isInteger(month) &&
    Number.isInteger(day) &&
    year >= MIN_YEAR &&
    year <= MAX_YEAR &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month)
  );
}

/** Parses a strict 'YYYY-MM-DD' string; undefined if malformed or not a real date. */
export function parseIsoDate(value: string): DateParts | undefined {
  const match = ISO_DATE_PATTERN.exec(value);
  if (!match) return undefined;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  return isRealDate(year, month, day) ? { year, month, day } : undefined;
}

export function isIsoDate(value: string): boolean {
  return parseIsoDate(value) !== undefined;
}

/** Parses an ISO date or throws: for values that should already have been validated. */
export function requireIsoDate(value: string): DateParts {
  const parts = parseIsoDate(value);
  if (!parts) throw new RangeError(`Expected a real date as YYYY-MM-DD, got "${value}"`);
  return parts;
}

export function toIsoDate({ year, month, day }: DateParts): IsoDate {
  if (!isRealDate(year, month, day)) {
    throw new RangeError(`Not a real date: ${year}-${month}-${day}`);
  }
  return `${String(year).padStart(4, '0')}-${pad2(month)}-${pad2(day)}`;
}

/** Minutes since midnight for a strict 'HH:MM' (00:00–23:59); undefined if malformed. */
export function parseLocalTime(value: string): number | undefined {
  const match = LOCAL_TIME_PATTERN.exec(value);
  if (!match) return undefined;
  const hours = Number(match[1]);
  const minutes = Number(match[2]);
  if (hours > 23 || minutes > 59) return undefined;
  return hours * 60 + minutes;
}

export function isLocalTime(value: string): boolean {
  return parseLocalTime(value) !== undefined;
}

export function requireLocalTime(value: string): number {
  const minutes = parseLocalTime(value);
  if (minutes === undefined) throw new RangeError(`Expected a time as HH:MM, got "${value}"`);
  return minutes;
}

export function formatLocalTime(minutesSinceMidnight: number): LocalTime {
  return `${pad2(Math.floor(minutesSinceMidnight / 60))}:${pad2(minutesSinceMidnight % 60)}`;
}

/**
 * Days since 1970-01-01 (proleptic Gregorian). Howard Hinnant's days_from_civil: exact integer
 * arithmetic, so no time zone or `Date` quirks (such as years below 100) can creep in.
 */
export function epochDay({ year, month, day }: DateParts): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const shiftedMonth = (month + 9) % 12; // March = 0, so the leap day falls at the end
  const dayOfYear = Math.floor((153 * shiftedMonth + 2) / 5) + day - 1;
  const dayOfEra =
    yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

/** Inverse of `epochDay`. */
export function fromEpochDay(days: number): DateParts {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra -
      Math.floor(dayOfEra / 1460) +
      Math.floor(dayOfEra / 36_524) -
      Math.floor(dayOfEra / 146_096)) /
      365,
  );
  const dayOfYear =
    dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const shiftedMonth = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * shiftedMonth + 2) / 5) + 1;
  const month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9;
  return { year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

/** Adds whole calendar days (negative to go back). */
export function addDays(date: IsoDate, days: number): IsoDate {
  if (!Number.isInteger(days)) throw new RangeError(`Days must be a whole number, got ${days}`);
  return toIsoDate(fromEpochDay(epochDay(requireIsoDate(date)) + days));
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return epochDay(requireIsoDate(to)) - epochDay(requireIsoDate(from));
}

export function isoWeekday(date: IsoDate): IsoWeekday {
  // 1970-01-01 was a Thursday (ISO weekday 4).
  const days = epochDay(requireIsoDate(date));
  return (((((days + 3) % 7) + 7) % 7) + 1) as IsoWeekday;
}

export function isWeekend(date: IsoDate): boolean {
  return isoWeekday(date) >= 6;
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}
