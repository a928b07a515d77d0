import {
  MONTH_NAMES,
  daysInMonth,
  formatDate,
  parseIsoDate,
  toIsoDate,
  type IsoDate,
} from '../calendar';
import type { Validation } from '../result';

/**
 * Dates on the interpersonal timeline. People often remember only the year or the month of a
 * life event, so the day and the month may be left out; what was given is kept as the
 * precision, so "2019" is never shown as "1 January 2019".
 */
export type DatePrecision = 'day' | 'month' | 'year';

export interface LifeEventDate {
  readonly occurredOn: IsoDate;
  readonly precision: DatePrecision;
}

export type LifeEventDateError =
  | 'no-year'
  | 'bad-year'
  | 'bad-month'
  | 'bad-day'
  | 'day-without-month'
  | 'future'
  | 'before-birth';

export const LIFE_EVENT_DATE_MESSAGES: Readonly<Record<LifeEventDateError, string>> = {
  'no-year': 'Enter the year it happened, even if you are not sure of the month or day',
  'bad-year': 'Year must be 4 numbers, like 2019',
  'bad-month': 'Month must be a number from 1 to 12',
  'bad-day': 'Day must be a real day of that month',
  'day-without-month': 'Enter the month as well as the day, or leave the day empty',
  future: 'The date it happened must be today or in the past',
  'before-birth': 'The date it happened must be on or after their date of birth',
};

/** Earliest year accepted: nobody's timeline starts before this. */
export const LIFE_EVENT_EARLIEST_YEAR = 1900;

const digits = (s: string) => /^\d+$/.test(s);

/**
 * `bornOn`: the date of birth on the record, when known. A life event before it is a typing slip
 * (walk 6), compared at the precision given: the year they were born is not "before".
 */
export function parseLifeEventDate(
  input: { day: string; month: string; year: string },
  today: IsoDate,
  bornOn: IsoDate | null = null,
): Validation<LifeEventDate, LifeEventDateError> {
  const fail = (reason: LifeEventDateError) =>
    ({ ok: false, reason, message: LIFE_EVENT_DATE_MESSAGES[reason] }) as const;
  const day = input.day.trim();
  const month = input.month.trim();
  const year = input.year.trim();
  const now = parseIsoDate(today);
  if (!now) throw new RangeError(`today must be an ISO date, got ${today}`);
  if (year === '') return fail('no-year');
  if (!/^\d{4}$/.test(year)) return fail('bad-year');
  const y = Number(year);
  if (y < LIFE_EVENT_EARLIEST_YEAR) return fail('bad-year');
  if (month === '' && day !== '') return fail('day-without-month');
  const m = month === '' ? 1 : Number(month);
  if (month !== '' && (!digits(month) || m < 1 || m > 12)) return fail('bad-month');
  const d = day === '' ? 1 : Number(day);
  if (day !== '' && (!digits(day) || d < 1 || d > daysInMonth(y, m))) return fail('bad-day');
  const precision: DatePrecision = day !== '' ? 'day' : month !== '' ? 'month' : 'year';
  // Compared at the precision given: "this month" or "this year" is not in the future.
  const later =
    y > now.year ||
    (precision !== 'year' && y === now.year && m > now.month) ||
    (precision === 'day' && y === now.year && m === now.month && d > now.day);
  if (later) return fail('future');
  const born = bornOn ? (parseIsoDate(bornOn) ?? null) : null;
  const earlier =
    born !== null &&
    (y < born.year ||
      (precision !== 'year' && y === born.year && m < born.month) ||
      (precision === 'day' && y === born.year && m === born.month && d < born.day));
  // Said with the date, so nobody has to look it up (walk 6).
  if (earlier && bornOn)
    return {
      ok: false,
      reason: 'before-birth',
      message: `${LIFE_EVENT_DATE_MESSAGES['before-birth']}, ${formatDate(bornOn)}`,
    } as const;
  return { ok: true, value: { occurredOn: toIsoDate({ year: y, month: m, day: d }), precision } };
}

/** "25 November 2026", "November 2026" or "2026", as much as was given. */
export function formatLifeEventDate(date: LifeEventDate): string {
  const parts = parseIsoDate(date.occurredOn);
  if (!parts) throw new RangeError(`Not an ISO date: ${date.occurredOn}`);
  if (date.precision === 'day') return formatDate(date.occurredOn);
  if (date.precision === 'month') return `${MONTH_NAMES[parts.month - 1] ?? ''} ${parts.year}`;
  return String(parts.year);
}

/** Mood at the time of an event and progress on an aim are both rated 0 to 10. */
export const RATING_MIN = 0;
export const RATING_MAX = 10;

export function parseRating(input: string): Validation<number, 'empty' | 'invalid'> {
  const s = input.trim();
  if (s === '') return { ok: false, reason: 'empty', message: 'Select a number from 0 to 10' };
  if (!/^\d{1,2}$/.test(s) || Number(s) > RATING_MAX)
    return { ok: false, reason: 'invalid', message: 'Select a number from 0 to 10' };
  return { ok: true, value: Number(s) };
}
