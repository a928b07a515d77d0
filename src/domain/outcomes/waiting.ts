/**
 * Waiting times in Europe/London calendar days (clinical.md "Waiting times").
 * Counting calendar days in London, not 24-hour periods, keeps a referral made late in the
 * evening or across a clock change on the day the service and the patient see.
 */
import { SECOND_APPOINTMENT_WAIT_WATCH_DAYS, WAITING_TIME_STANDARDS } from './definitions';
import { rate, type Rate } from './rates';

/**
 * A moment (Date, or an ISO 8601 timestamp with "Z" or an offset), or a London calendar date
 * written "YYYY-MM-DD". A timestamp without a zone is refused: it is ambiguous.
 */
export type DateInput = Date | string;

const CALENDAR_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const ZONED_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/i;

const LONDON_DATE = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

interface YearMonthDay {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

function utcDay({ year, month, day }: YearMonthDay): number {
  // setUTCFullYear, not Date.UTC, so years 0–99 are not shifted into the 1900s.
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  return Math.round(date.getTime() / 86_400_000);
}

function parseCalendarDate(text: string): YearMonthDay | null {
  const match = CALENDAR_DATE.exec(text);
  if (!match) return null;
  const ymd = { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
  // Round-trip to refuse dates such as 2025-02-30.
  const date = new Date(utcDay(ymd) * 86_400_000);
  const valid =
    date.getUTCFullYear() === ymd.year &&
    date.getUTCMonth() + 1 === ymd.month &&
    date.getUTCDate() === ymd.day;
  return valid ? ymd : null;
}

function londonYearMonthDay(instant: Date): YearMonthDay | null {
  if (Number.isNaN(instant.getTime())) return null;
  const parts = LONDON_DATE.formatToParts(instant);
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const ymd = { year: part('year'), month: part('month'), day: part('day') };
  return Number.isInteger(ymd.year) && Number.isInteger(ymd.month) && Number.isInteger(ymd.day)
    ? ymd
    : null;
}

function toLondonDay(input: DateInput | null | undefined): YearMonthDay | null {
  if (input instanceof Date) return londonYearMonthDay(input);
  if (typeof input !== 'string') return null;
  if (CALENDAR_DATE.test(input)) return parseCalendarDate(input);
  if (ZONED_TIMESTAMP.test(input)) return londonYearMonthDay(new Date(input));
  return null;
}

/** The Europe/London calendar date of a moment, as "YYYY-MM-DD"; null if invalid. */
export function londonCalendarDate(input: DateInput): string | null {
  const ymd = toLondonDay(input);
  if (!ymd) return null;
  const pad = (n: number, width: number) => String(n).padStart(width, '0');
  return `${pad(ymd.year, 4)}-${pad(ymd.month, 2)}-${pad(ymd.day, 2)}`;
}

/**
 * Whole Europe/London calendar days from `from` to `to` (same day = 0; negative if `to` is
 * earlier). Null when either date is missing or invalid.
 */
export function londonDaysBetween(
  from: DateInput | null | undefined,
  to: DateInput | null | undefined,
): number | null {
  const start = toLondonDay(from);
  const end = toLondonDay(to);
  return start && end ? utcDay(end) - utcDay(start) : null;
}

/** Days from referral received to first treatment appointment (clinical.md "Waiting times"). */
export function daysToFirstTreatment(
  referralReceived: DateInput | null | undefined,
  firstTreatmentAppointment: DateInput | null | undefined,
): number | null {
  return londonDaysBetween(referralReceived, firstTreatmentAppointment);
}

/**
 * Whether the wait from first to second treatment appointment reached the 90-day watch level.
 * Null when either date is missing or invalid, or the second is before the first.
 */
export function isLongWaitForSecondAppointment(
  firstTreatmentAppointment: DateInput | null | undefined,
  secondTreatmentAppointment: DateInput | null | undefined,
): boolean | null {
  const days = londonDaysBetween(firstTreatmentAppointment, secondTreatmentAppointment);
  return days === null || days < 0 ? null : days >= SECOND_APPOINTMENT_WAIT_WATCH_DAYS;
}

export interface WaitingTimeRecord {
  readonly referralReceived: DateInput | null;
  readonly firstTreatmentAppointment: DateInput | null;
  readonly finishedTreatment: boolean;
}

export interface WaitingStandardResult extends Rate {
  readonly withinDays: number;
  /** Target share as a fraction (0.75, 0.95). */
  readonly target: number;
  /** Whether the rate meets the target; null when there is nothing to measure. */
  readonly met: boolean | null;
}

export interface WaitingTimeStandardsReport {
  /** Finished courses in the list. */
  readonly finished: number;
  /** Finished courses with a usable wait: the denominator of both standards. */
  readonly measured: number;
  /**
   * Finished courses left out because a date is missing, invalid, or the first treatment is
   * before the referral. Shown so data problems are fixed rather than hidden.
   */
  readonly excludedForDataErrors: number;
  readonly within6Weeks: WaitingStandardResult;
  readonly within18Weeks: WaitingStandardResult;
}

function standard(
  waits: readonly number[],
  definition: { withinDays: number; target: number },
): WaitingStandardResult {
  const within = waits.filter((days) => days <= definition.withinDays).length;
  const share = rate(within, waits.length);
  return {
    ...share,
    withinDays: definition.withinDays,
    target: definition.target,
    met: share.rate === null ? null : share.rate >= definition.target,
  };
}

/** The 6- and 18-week standards over referrals that finished a course of treatment. */
export function waitingTimeStandards(
  list: readonly WaitingTimeRecord[],
): WaitingTimeStandardsReport {
  const finished = list.filter((record) => record.finishedTreatment);
  const waits: number[] = [];
  for (const record of finished) {
    const days = daysToFirstTreatment(record.referralReceived, record.firstTreatmentAppointment);
    if (days !== null && days >= 0) waits.push(days);
  }
  return {
    finished: finished.length,
    measured: waits.length,
    excludedForDataErrors: finished.length - waits.length,
    within6Weeks: standard(waits, WAITING_TIME_STANDARDS.sixWeeks),
    within18Weeks: standard(waits, WAITING_TIME_STANDARDS.eighteenWeeks),
  };
}
