/**
 * Reading dates and times as people type them into the diary's forms. Pure: no I/O, no clock.
 */
import {
  formatLocalTime,
  isRealDate,
  toIsoDate,
  type IsoDate,
  type LocalTime,
} from '../calendar/isoDate';

export type InputResult<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };

/** "Start time" → "start time" for "Enter the …", keeping names such as "the Wall" as they are. */
function lowerFirst(label: string): string {
  return label.charAt(0).toLowerCase() + label.slice(1);
}

/**
 * A wall-clock time as typed: "14:30", "9:30", "09.30", "0930", "9", "2pm", "2:30pm", "12 noon",
 * "midday". Returns 'HH:MM' (24-hour) or a message naming the field by its `label` (required: a
 * bare "Enter a time" does not say which of a form's times is meant).
 */
export function parseTimeInput(input: string, label: string): InputResult<LocalTime> {
  const raw = input.trim().toLowerCase().replace(/\s+/g, '');
  if (raw === '') return { ok: false, message: `Enter the ${lowerFirst(label)}` };
  const bad = {
    ok: false as const,
    message: `${label} must be a real time, like 09:30 or 2:15pm`,
  };
  if (raw === 'midday' || raw === 'noon' || raw === '12noon') return { ok: true, value: '12:00' };
  if (raw === 'midnight' || raw === '12midnight') return { ok: true, value: '00:00' };
  const match = /^(\d{1,2})(?:[:.]?(\d{2}))?(am|pm)?$/.exec(raw);
  if (!match) return bad;
  let hours = Number(match[1]);
  const minutes = match[2] === undefined ? 0 : Number(match[2]);
  const suffix = match[3];
  if (minutes > 59) return bad;
  if (suffix) {
    if (hours < 1 || hours > 12) return bad;
    if (suffix === 'am' && hours === 12) hours = 0;
    else if (suffix === 'pm' && hours !== 12) hours += 12;
  } else if (hours > 23) {
    return bad;
  }
  // "0930" is four digits with no separator: read as 09:30 (handled by the optional separator).
  return { ok: true, value: formatLocalTime(hours * 60 + minutes) };
}

export interface DateFields {
  readonly day: string;
  readonly month: string;
  readonly year: string;
}

export type DateBox = keyof DateFields;

/** A date from three boxes: on failure, also the boxes at fault, so the summary can link to the first. */
export type DateFieldsResult =
  | { readonly ok: true; readonly value: IsoDate }
  | { readonly ok: false; readonly message: string; readonly boxes: readonly DateBox[] };

const ALL_BOXES: readonly DateBox[] = ['day', 'month', 'year'];

/**
 * The NHS date input pattern (day, month, year boxes). Messages follow the design system and
 * name the question by its `label`: "Appointment date must include a month", "Appointment date
 * must be a real date". `boxes` names the boxes to mark, as the design system asks: only the
 * month when only the month is missing.
 */
export function parseDateFields(fields: DateFields, label: string): DateFieldsResult {
  const day = fields.day.trim();
  const month = fields.month.trim();
  const year = fields.year.trim();
  const fail = (message: string, boxes: readonly DateBox[] = ALL_BOXES): DateFieldsResult => ({
    ok: false,
    message,
    boxes,
  });
  if (!day && !month && !year) return fail(`Enter the ${lowerFirst(label)}`);
  const missing = ALL_BOXES.filter((box) => !{ day, month, year }[box]);
  if (missing.length > 0)
    return fail(`${label} must include ${missing.map((box) => `a ${box}`).join(' and ')}`, missing);
  const monthNumber = monthFromText(month);
  // The design system's own words for a short year ("26" for 2026), the commonest slip.
  if (/^\d{1,3}$/.test(year)) return fail('Year must include 4 numbers', ['year']);
  const unreadable = ALL_BOXES.filter((box) =>
    box === 'day'
      ? !/^\d{1,2}$/.test(day) || Number(day) < 1 || Number(day) > 31
      : box === 'month'
        ? monthNumber === undefined
        : !/^\d{4}$/.test(year),
  );
  if (unreadable.length > 0) return fail(`${label} must be a real date`, unreadable);
  const d = Number(day);
  const y = Number(year);
  // 31 February: each box is a possible number, only together they are not a date.
  if (!isRealDate(y, monthNumber ?? 0, d)) return fail(`${label} must be a real date`);
  return { ok: true, value: toIsoDate({ year: y, month: monthNumber ?? 0, day: d }) };
}

const MONTHS = [
  'jan',
  'feb',
  'mar',
  'apr',
  'may',
  'jun',
  'jul',
  'aug',
  'sep',
  'oct',
  'nov',
  'dec',
] as const;

/** "3", "03", "March" or "mar" → 3. */
function monthFromText(month: string): number | undefined {
  if (/^\d{1,2}$/.test(month)) {
    const n = Number(month);
    return n >= 1 && n <= 12 ? n : undefined;
  }
  const prefix = month.toLowerCase().slice(0, 3);
  const index = (MONTHS as readonly string[]).indexOf(prefix);
  return index >= 0 && month.length >= 3 ? index + 1 : undefined;
}

/**
 * A date typed on one line, for lists such as the service's extra closures: "25/12/2026",
 * "25-12-2026", "25 12 2026" or "2026-12-25". A line that is not a date is named in the message,
 * so the person can find it among the others.
 */
export function parseDateLine(input: string): InputResult<IsoDate> {
  const text = input.trim();
  const iso = /^(?<year>\d{4})-(?<month>\d{1,2})-(?<day>\d{1,2})$/.exec(text)?.groups;
  const uk = /^(?<day>\d{1,2})[/\-. ](?<month>\d{1,2}|[A-Za-z]{3,9})[/\-. ](?<year>\d{4})$/.exec(
    text,
  )?.groups;
  const parts = iso ?? uk;
  if (parts) {
    const date = parseDateFields(
      { day: parts.day ?? '', month: parts.month ?? '', year: parts.year ?? '' },
      'Date',
    );
    if (date.ok) return date;
  }
  return { ok: false, message: `“${text}” must be a real date, like 25/12/2026` };
}

/** A whole number of minutes from a form field, with an NHS-style message when it is not one. */
export function parseMinutes(input: string, label = 'Length'): InputResult<number> {
  const text = input.trim();
  if (text === '') return { ok: false, message: `Enter the ${label.toLowerCase()} in minutes` };
  if (!/^\d{1,4}$/.test(text))
    return { ok: false, message: `${label} must be a whole number of minutes, like 50` };
  const n = Number(text);
  if (n <= 0) return { ok: false, message: `${label} must be more than 0 minutes` };
  return { ok: true, value: n };
}
