/**
 * Weekly hours: a location's opening hours and a therapist's working pattern. Each ISO weekday
 * (1 = Monday) maps to an opening and a closing wall-clock time; a missing day is closed.
 */
import {
  parseLocalTime,
  requireLocalTime,
  type IsoWeekday,
  type LocalTime,
} from '../calendar/isoDate';
import { formatTime, utcToLondon, WEEKDAY_NAMES } from '../calendar/london';
import { parseTimeInput } from './inputs';

export interface DayHours {
  readonly opens: LocalTime;
  readonly closes: LocalTime;
}

/** Same shape as the `WeeklyHours` JSON column: keys '1'…'7'. */
export type WeeklyHoursMap = { readonly [isoWeekday: string]: DayHours | undefined };

export const ISO_WEEKDAYS: readonly IsoWeekday[] = [1, 2, 3, 4, 5, 6, 7];

export interface WeeklyHoursFields {
  /** Keyed by ISO weekday '1'…'7'; empty strings for a day not worked or closed. */
  readonly [isoWeekday: string]: { readonly opens: string; readonly closes: string } | undefined;
}

export interface WeeklyHoursIssue {
  readonly day: IsoWeekday;
  readonly part: 'opens' | 'closes';
  readonly message: string;
}

/**
 * Reads the seven pairs of time boxes. A day with both boxes empty is closed; one box alone, a
 * time that is not real, or a closing time not after the opening time is an error for that day.
 */
export function parseWeeklyHours(
  fields: WeeklyHoursFields,
  words: { opens: string; closes: string } = { opens: 'start time', closes: 'finish time' },
): { value: WeeklyHoursMap; issues: WeeklyHoursIssue[] } {
  const value: Record<string, DayHours> = {};
  const issues: WeeklyHoursIssue[] = [];
  for (const day of ISO_WEEKDAYS) {
    const name = WEEKDAY_NAMES[day - 1] ?? String(day);
    const pair = fields[String(day)] ?? { opens: '', closes: '' };
    const opensText = pair.opens.trim();
    const closesText = pair.closes.trim();
    if (opensText === '' && closesText === '') continue;
    if (opensText === '') {
      issues.push({ day, part: 'opens', message: `Enter the ${words.opens} for ${name}` });
      continue;
    }
    if (closesText === '') {
      issues.push({ day, part: 'closes', message: `Enter the ${words.closes} for ${name}` });
      continue;
    }
    const opens = parseTimeInput(opensText, `${name} ${words.opens}`);
    const closes = parseTimeInput(closesText, `${name} ${words.closes}`);
    if (!opens.ok) issues.push({ day, part: 'opens', message: opens.message });
    if (!closes.ok) issues.push({ day, part: 'closes', message: closes.message });
    if (!opens.ok || !closes.ok) continue;
    if (requireLocalTime(closes.value) <= requireLocalTime(opens.value)) {
      issues.push({
        day,
        part: 'closes',
        message: `${name} ${words.closes} must be after the ${words.opens}`,
      });
      continue;
    }
    value[String(day)] = { opens: opens.value, closes: closes.value };
  }
  return { value, issues };
}

/** Lines such as "Monday: 9am to 5pm", in weekday order; closed days left out. */
export function describeWeeklyHours(hours: WeeklyHoursMap): string[] {
  return ISO_WEEKDAYS.flatMap((day) => {
    const h = hours[String(day)];
    return h
      ? [`${WEEKDAY_NAMES[day - 1]}: ${formatTime(h.opens)} to ${formatTime(h.closes)}`]
      : [];
  });
}

/** True when the whole of [startsAt, endsAt) falls within that London day's hours. */
export function isWithinWeeklyHours(hours: WeeklyHoursMap, startsAt: Date, endsAt: Date): boolean {
  const start = utcToLondon(startsAt);
  const end = utcToLondon(new Date(endsAt.getTime() - 1));
  if (start.date !== end.date) return false;
  const day = hours[String(start.weekday)];
  if (!day) return false;
  const from = parseLocalTime(start.time);
  const lastMinute = parseLocalTime(end.time);
  const opens = parseLocalTime(day.opens);
  const closes = parseLocalTime(day.closes);
  // An unreadable time in the stored hours admits nothing.
  if (from === undefined || lastMinute === undefined || opens === undefined) return false;
  if (closes === undefined) return false;
  return from >= opens && lastMinute < closes;
}
