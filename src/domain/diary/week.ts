/**
 * Laying out a diary: which London day each appointment falls on, in time order, with the days
 * the service is closed and the hours someone works. Views render this; they do no date sums.
 */
import { bankHolidayOn, FIRST_BANK_HOLIDAY_YEAR } from '../calendar/bankHolidays';
import { addDays, isIsoDate, type IsoDate } from '../calendar/isoDate';
import { formatLongDate, formatTime, utcToLondon } from '../calendar/london';
import { londonDayRange, weekStart } from './schedule';
import type { DayHours, WeeklyHoursMap } from './weeklyHours';

export interface DiaryItem {
  readonly startsAt: Date;
  readonly endsAt: Date;
}

export interface DiaryDay<T> {
  readonly date: IsoDate;
  /** "Monday 23 November 2026" */
  readonly label: string;
  /** "Bank holiday: Christmas Day" or "Service closed", when closed. */
  readonly closure: string | null;
  /** Working hours that day, when a pattern is given. */
  readonly hours: DayHours | null;
  readonly items: readonly T[];
}

export interface DiaryLayout<T> {
  readonly from: IsoDate;
  readonly to: IsoDate;
  /** The instants to query: [start of the first day, start of the day after the last). */
  readonly range: { readonly from: Date; readonly to: Date };
  readonly days: readonly DiaryDay<T>[];
  readonly previous: IsoDate;
  readonly next: IsoDate;
}

export type DiaryView = 'day' | 'week';

export interface LayoutOptions {
  readonly extraClosures?: readonly IsoDate[];
  readonly workingPattern?: WeeklyHoursMap | null;
}

/** The dates a diary view covers: one day, or Monday to Sunday of the week containing `date`. */
export function diaryDates(view: DiaryView, date: IsoDate): [IsoDate, ...IsoDate[]] {
  if (view === 'day') return [date];
  const monday = weekStart(date);
  return [monday, ...Array.from({ length: 6 }, (_, i) => addDays(monday, i + 1))];
}

function lastOf(dates: readonly [IsoDate, ...IsoDate[]]): IsoDate {
  return dates[dates.length - 1] ?? dates[0];
}

/** The query range for a view, before the appointments are known. */
export function diaryRange(view: DiaryView, date: IsoDate): { from: Date; to: Date } {
  const dates = diaryDates(view, date);
  return { from: londonDayRange(dates[0]).from, to: londonDayRange(lastOf(dates)).to };
}

/**
 * `timesOf` reads an item's start and end (so any row shape can be laid out), e.g.
 * `(row) => row.appointment`.
 */
export function layoutDiary<T>(
  view: DiaryView,
  date: IsoDate,
  items: readonly T[],
  timesOf: (item: T) => DiaryItem,
  options: LayoutOptions = {},
): DiaryLayout<T> {
  const dates = diaryDates(view, date);
  const closures = new Set(options.extraClosures ?? []);
  const byDay = new Map<IsoDate, T[]>(dates.map((d) => [d, []]));
  for (const item of items) {
    const day = byDay.get(utcToLondon(timesOf(item).startsAt).date);
    if (day) day.push(item);
  }
  const days = dates.map((d): DiaryDay<T> => {
    const holiday = bankHolidayOn(d);
    const weekday = String(utcToLondon(londonDayRange(d).from).weekday);
    return {
      date: d,
      label: formatLongDate(d),
      closure: holiday
        ? `Bank holiday: ${holiday.name}`
        : closures.has(d)
          ? 'Service closed'
          : null,
      hours: options.workingPattern?.[weekday] ?? null,
      items: [...(byDay.get(d) ?? [])].sort((x, y) => {
        const a = timesOf(x);
        const b = timesOf(y);
        return (
          a.startsAt.getTime() - b.startsAt.getTime() || a.endsAt.getTime() - b.endsAt.getTime()
        );
      }),
    };
  });
  const step = view === 'day' ? 1 : 7;
  return {
    from: dates[0],
    to: lastOf(dates),
    range: diaryRange(view, date),
    days,
    previous: addDays(view === 'day' ? date : dates[0], -step),
    next: addDays(view === 'day' ? date : dates[0], step),
  };
}

/** "10am to 10:50am" in London time. */
export function formatTimeRange(startsAt: Date, endsAt: Date): string {
  return `${formatTime(utcToLondon(startsAt).time)} to ${formatTime(utcToLondon(endsAt).time)}`;
}

/** Minutes between two instants (an appointment's length). */
export function minutesBetween(startsAt: Date, endsAt: Date): number {
  return Math.round((endsAt.getTime() - startsAt.getTime()) / 60_000);
}

/** A date from a query string, or today in London when missing or not a real date. */
export function diaryDateOrToday(value: string | undefined, now: Date): IsoDate {
  return value && isDiaryDate(value) ? value : utcToLondon(now).date;
}

/**
 * A date the diary can show: a real date whose whole week falls in the years bank holidays are
 * known for (a year after 1978 to 9998), so an edited address never reaches a date it cannot draw.
 */
export function isDiaryDate(value: string): value is IsoDate {
  if (!isIsoDate(value)) return false;
  const year = Number(value.slice(0, 4));
  return year > FIRST_BANK_HOLIDAY_YEAR && year < 9999;
}
