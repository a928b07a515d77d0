/**
 * Office hours for "the Wall" and for risk escalation (clinical.md, "Office hours"):
 * Monday to Friday, 9am to 5pm Europe/London, closed on bank holidays in England and Wales and
 * on a service-editable list of extra closures.
 */
import { isBankHoliday } from './bankHolidays';
import {
  addDays,
  isIsoDate,
  isoWeekday,
  parseLocalTime,
  type IsoDate,
  type IsoWeekday,
  type LocalTime,
} from './isoDate';
import { resolveLondonLocal, utcToLondon } from './london';

export interface OfficeHoursOptions {
  /** 'HH:MM', London time; open from this minute. */
  readonly openingTime: LocalTime;
  /** 'HH:MM', London time; closed from this minute (so 17:00 means open until 16:59:59). */
  readonly closingTime: LocalTime;
  /** ISO weekdays the office opens: 1 = Monday … 7 = Sunday. */
  readonly days: readonly IsoWeekday[];
  /** Extra closed dates ('YYYY-MM-DD'), for example a staff training day. */
  readonly extraClosures: readonly IsoDate[];
}

/** The standard hours from clinical.md: Monday to Friday, 9am to 5pm. */
export const DEFAULT_OFFICE_HOURS: OfficeHoursOptions = Object.freeze({
  openingTime: '09:00',
  closingTime: '17:00',
  days: Object.freeze([1, 2, 3, 4, 5] as const),
  extraClosures: Object.freeze([] as IsoDate[]),
});

// Enough to get past any run of closures a service could plausibly enter; beyond this the
// options are wrong (for example every day closed) and looping on would hang.
const SEARCH_LIMIT_DAYS = 366 * 2;

interface CheckedHours {
  readonly open: number;
  readonly close: number;
  readonly options: OfficeHoursOptions;
}

/** Throws a RangeError for options that cannot describe real office hours. */
function checkOptions(options: OfficeHoursOptions): CheckedHours {
  const open = parseLocalTime(options.openingTime);
  const close = parseLocalTime(options.closingTime);
  if (open === undefined)
    throw new RangeError(`Opening time must be HH:MM, got "${options.openingTime}"`);
  if (close === undefined)
    throw new RangeError(`Closing time must be HH:MM, got "${options.closingTime}"`);
  if (open >= close) throw new RangeError('Opening time must be before closing time');
  if (options.days.length === 0) throw new RangeError('Office hours must include at least one day');
  for (const day of options.days) {
    if (!Number.isInteger(day) || day < 1 || day > 7) {
      throw new RangeError(`Days must be 1 (Monday) to 7 (Sunday), got ${day}`);
    }
  }
  for (const date of options.extraClosures) {
    if (!isIsoDate(date)) throw new RangeError(`Extra closure must be YYYY-MM-DD, got "${date}"`);
  }
  return { open, close, options };
}

/** True when the office opens at all on this London date. */
export function isWorkingDay(
  date: IsoDate,
  options: OfficeHoursOptions = DEFAULT_OFFICE_HOURS,
): boolean {
  checkOptions(options);
  return workingDay(date, options);
}

function workingDay(date: IsoDate, options: OfficeHoursOptions): boolean {
  return (
    options.days.includes(isoWeekday(date)) &&
    !isBankHoliday(date) &&
    !options.extraClosures.includes(date)
  );
}

export function isWithinOfficeHours(
  instant: Date,
  options: OfficeHoursOptions = DEFAULT_OFFICE_HOURS,
): boolean {
  const { open, close } = checkOptions(options);
  const local = utcToLondon(instant);
  const minutes = parseLocalTime(local.time) ?? -1;
  return workingDay(local.date, options) && minutes >= open && minutes < close;
}

/**
 * The earliest instant at or after `instant` when the office is open: `instant` itself if it is
 * open now, otherwise the next opening time on a working day.
 */
export function nextOpening(
  instant: Date,
  options: OfficeHoursOptions = DEFAULT_OFFICE_HOURS,
): Date {
  const { open, close } = checkOptions(options);
  const local = utcToLondon(instant);
  const minutes = parseLocalTime(local.time) ?? -1;
  if (workingDay(local.date, options)) {
    if (minutes < open) return resolveLondonLocal(local.date, options.openingTime);
    if (minutes < close) return instant;
  }
  const day = nextWorkingDayAfter(local.date, options);
  return resolveLondonLocal(day, options.openingTime);
}

/**
 * The end of the working day: the next closing time (17:00 by default) on a working day. If it
 * is a working day and before closing time, that is today's closing time (even before opening);
 * at or after closing, or on a closed day, it is the closing time of the next working day.
 * Risk alerts raised out of hours must be dealt with by this time.
 */
export function endOfWorkingDay(
  instant: Date,
  options: OfficeHoursOptions = DEFAULT_OFFICE_HOURS,
): Date {
  const { close } = checkOptions(options);
  const local = utcToLondon(instant);
  const minutes = parseLocalTime(local.time) ?? -1;
  if (workingDay(local.date, options) && minutes < close) {
    return resolveLondonLocal(local.date, options.closingTime);
  }
  return resolveLondonLocal(nextWorkingDayAfter(local.date, options), options.closingTime);
}

/** The first working day strictly after `date`. */
export function nextWorkingDay(
  date: IsoDate,
  options: OfficeHoursOptions = DEFAULT_OFFICE_HOURS,
): IsoDate {
  checkOptions(options);
  return nextWorkingDayAfter(date, options);
}

function nextWorkingDayAfter(date: IsoDate, options: OfficeHoursOptions): IsoDate {
  let day = date;
  for (let i = 0; i < SEARCH_LIMIT_DAYS; i += 1) {
    day = addDays(day, 1);
    if (workingDay(day, options)) return day;
  }
  throw new RangeError(`No working day within ${SEARCH_LIMIT_DAYS} days after ${date}`);
}
