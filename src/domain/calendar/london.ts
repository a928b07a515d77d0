/**
 * Europe/London time, using the built-in Intl time-zone data (no library).
 *
 * Appointments and office hours are agreed in UK wall-clock time, but stored as instants. These
 * helpers convert between the two and handle the clock changes (last Sunday of March, clocks go
 * forward at 1am GMT; last Sunday of October, clocks go back at 2am BST).
 */
import {
  MS_PER_DAY,
  MS_PER_MINUTE,
  addDays,
  epochDay,
  formatLocalTime,
  fromEpochDay,
  parseIsoDate,
  parseLocalTime,
  requireIsoDate,
  requireLocalTime,
  toIsoDate,
  type IsoDate,
  type IsoWeekday,
  type LocalTime,
} from './isoDate';

export const LONDON_TIME_ZONE = 'Europe/London';

export const WEEKDAY_NAMES = [
  'Monday',
  'Tuesday',
  'Wednesday',
  'Thursday',
  'Friday',
  'Saturday',
  'Sunday',
] as const;

export type WeekdayName = (typeof WEEKDAY_NAMES)[number];

export interface LondonDateTime {
  readonly date: IsoDate;
  /** Wall-clock time, truncated to the minute. */
  readonly time: LocalTime;
  readonly weekday: IsoWeekday;
  readonly weekdayName: WeekdayName;
  /** Minutes ahead of UTC: 0 in winter (GMT), 60 in summer (BST). */
  readonly offsetMinutes: number;
}

export type LondonLocalResult =
  | { readonly ok: true; readonly value: Date; readonly ambiguous: boolean }
  | {
      readonly ok: false;
      readonly reason: 'invalid-date' | 'invalid-time' | 'nonexistent-time';
      readonly message: string;
    };

// Building a formatter is slow; reuse one. hourCycle h23 avoids "24:00" at midnight.
const londonParts = new Intl.DateTimeFormat('en-GB', {
  timeZone: LONDON_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** London wall-clock reading of an instant, as milliseconds on a UTC-like scale. */
function wallClockMs(instantMs: number): number {
  let year = 0;
  let month = 0;
  let day = 0;
  let hour = 0;
  let minute = 0;
  let second = 0;
  for (const part of londonParts.formatToParts(instantMs)) {
    const n = Number(part.value);
    if (part.type === 'year') year = n;
    else if (part.type === 'month') month = n;
    else if (part.type === 'day') day = n;
    else if (part.type === 'hour') hour = n;
    else if (part.type === 'minute') minute = n;
    else if (part.type === 'second') second = n;
  }
  return epochDay({ year, month, day }) * MS_PER_DAY + ((hour * 60 + minute) * 60 + second) * 1000;
}

/** UTC offset in minutes in force in London at an instant. */
function offsetMinutesAt(instantMs: number): number {
  const wholeSecond = Math.floor(instantMs / 1000) * 1000;
  return Math.round((wallClockMs(wholeSecond) - wholeSecond) / MS_PER_MINUTE);
}

function assertValidInstant(instant: Date): number {
  const ms = instant.getTime();
  if (Number.isNaN(ms)) throw new RangeError('Invalid Date');
  return ms;
}

/** The London date, time, weekday and UTC offset of an instant. */
export function utcToLondon(instant: Date): LondonDateTime {
  const ms = assertValidInstant(instant);
  const offsetMinutes = offsetMinutesAt(ms);
  const localMinutes = Math.floor(ms / MS_PER_MINUTE) + offsetMinutes;
  const days = Math.floor(localMinutes / 1440);
  const weekday = (((((days + 3) % 7) + 7) % 7) + 1) as IsoWeekday;
  return {
    date: toIsoDate(fromEpochDay(days)),
    time: formatLocalTime(localMinutes - days * 1440),
    weekday,
    weekdayName: WEEKDAY_NAMES[weekday - 1] as WeekdayName,
    offsetMinutes,
  };
}

/**
 * Instants whose London wall-clock reading is exactly the given local date and time: none in
 * the spring-forward gap, two in the repeated autumn hour, otherwise one. Earliest first.
 */
function candidates(localMs: number): { matches: number[]; offsetBefore: number } {
  // Offsets a day either side cover both sides of any transition near this time.
  const offsetBefore = offsetMinutesAt(localMs - MS_PER_DAY);
  const offsetAfter = offsetMinutesAt(localMs + MS_PER_DAY);
  const matches = [...new Set([offsetBefore, offsetAfter])]
    .map((offset) => localMs - offset * MS_PER_MINUTE)
    .filter((utcMs) => wallClockMs(utcMs) === localMs)
    .sort((a, b) => a - b);
  return { matches, offsetBefore };
}

function localMsOf(date: IsoDate, time: LocalTime): number {
  return epochDay(requireIsoDate(date)) * MS_PER_DAY + requireLocalTime(time) * MS_PER_MINUTE;
}

/**
 * The instant when London clocks show `date` at `time`.
 *
 * - In the spring-forward gap (for example 01:30 on the last Sunday of March) the time does not
 *   exist, so this returns `{ ok: false, reason: 'nonexistent-time' }` rather than guessing.
 * - In the repeated autumn hour (for example 01:30 on the last Sunday of October) it returns the
 *   first occurrence (still BST), with `ambiguous: true`, because an appointment "at 1:30" is
 *   most naturally the first time the clock shows 1:30.
 */
export function londonLocalToUtc(date: IsoDate, time: LocalTime): LondonLocalResult {
  if (!parseIsoDate(date)) {
    return { ok: false, reason: 'invalid-date', message: 'Date must be a real date' };
  }
  if (parseLocalTime(time) === undefined) {
    return { ok: false, reason: 'invalid-time', message: 'Time must be a real time, like 09:30' };
  }
  const { matches } = candidates(localMsOf(date, time));
  const first = matches[0];
  if (first === undefined) {
    return {
      ok: false,
      reason: 'nonexistent-time',
      message: `${formatTime(time)} on ${formatLongDate(date)} does not exist in UK time because the clocks go forward. Choose a different time`,
    };
  }
  return { ok: true, value: new Date(first), ambiguous: matches.length > 1 };
}

/**
 * Like `londonLocalToUtc` but always gives an instant, for scheduling code that must not fail:
 * a time in the spring-forward gap moves forward by the gap (01:30 becomes 02:30 BST), and the
 * repeated autumn hour takes its first occurrence. This matches Temporal's 'compatible' rule.
 * Throws a RangeError only for a malformed date or time.
 */
export function resolveLondonLocal(date: IsoDate, time: LocalTime): Date {
  const localMs = localMsOf(date, time);
  const { matches, offsetBefore } = candidates(localMs);
  return new Date(matches[0] ?? localMs - offsetBefore * MS_PER_MINUTE);
}

/**
 * Adds calendar days in London.
 * - For a date ('YYYY-MM-DD') it returns the date `days` later.
 * - For an instant it keeps the London wall-clock time, so a weekly 10:00 appointment stays at
 *   10:00 across a clock change (the gap in between is 167 or 169 hours, not 168). If that time
 *   does not exist on the new day it is resolved as in `resolveLondonLocal`.
 */
export function addLondonDays(date: IsoDate, days: number): IsoDate;
export function addLondonDays(instant: Date, days: number): Date;
export function addLondonDays(value: IsoDate | Date, days: number): IsoDate | Date {
  if (typeof value === 'string') return addDays(value, days);
  const ms = assertValidInstant(value);
  const local = utcToLondon(value);
  // Keep seconds and milliseconds, which `time` (minutes) leaves out.
  const withinMinute = ((ms % MS_PER_MINUTE) + MS_PER_MINUTE) % MS_PER_MINUTE;
  return new Date(
    resolveLondonLocal(addDays(local.date, days), local.time).getTime() + withinMinute,
  );
}

// ---- UK display formatting -------------------------------------------------------------------

export const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const;

/** "25 November 2026" (NHS style: no leading zero, no comma). */
export function formatDate(date: IsoDate): string {
  const { year, month, day } = requireIsoDate(date);
  return `${day} ${MONTH_NAMES[month - 1] ?? ''} ${year}`;
}

/** The London calendar date of an instant, "25 November 2026": what people mean by "the day". */
export function formatLondonDate(instant: Date): string {
  return formatDate(utcToLondon(instant).date);
}

/** "Wednesday 25 November 2026". */
export function formatLongDate(date: IsoDate): string {
  const days = epochDay(requireIsoDate(date));
  const name = WEEKDAY_NAMES[(((days + 3) % 7) + 7) % 7] ?? '';
  return `${name} ${formatDate(date)}`;
}

/**
 * NHS style for times: "9am", "9:30am", "5:15pm", and "midday" and "midnight" rather than
 * "12pm" and "12am", which people misread.
 */
export function formatTime(time: LocalTime): string {
  const minutes = requireLocalTime(time);
  if (minutes === 0) return 'midnight';
  if (minutes === 720) return 'midday';
  const hours24 = Math.floor(minutes / 60);
  const mins = minutes % 60;
  const hours12 = hours24 % 12 === 0 ? 12 : hours24 % 12;
  const suffix = hours24 < 12 ? 'am' : 'pm';
  return mins === 0
    ? `${hours12}${suffix}`
    : `${hours12}:${String(mins).padStart(2, '0')}${suffix}`;
}

/** "Wednesday 25 November 2026 at 9:30am", in London time. */
export function formatLondonDateTime(instant: Date): string {
  const local = utcToLondon(instant);
  return `${formatLongDate(local.date)} at ${formatTime(local.time)}`;
}
