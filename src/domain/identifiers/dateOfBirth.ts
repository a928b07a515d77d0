/**
 * Date of birth typed into three boxes (day, month, year), checked with the specific error
 * messages of the NHS design system's date input pattern.
 */
import { daysInMonth, formatDate, isIsoDate, toIsoDate, type IsoDate } from '../calendar';
import type { ParseResult } from '../result';

export interface DateInputFields {
  readonly day: string;
  readonly month: string;
  readonly year: string;
}

export type DateField = keyof DateInputFields;

export type DateOfBirthError = 'missing' | 'year-format' | 'not-real' | 'future' | 'too-early';

export type DateOfBirthResult = ParseResult<
  IsoDate,
  {
    readonly reason: DateOfBirthError;
    readonly message: string;
    /** The boxes to highlight. */
    readonly fields: readonly DateField[];
  }
>;

export interface DateOfBirthOptions {
  /** Earliest date of birth accepted, to catch typing mistakes like 1066. Default 1900-01-01. */
  readonly earliest?: IsoDate;
}

const ALL_FIELDS: readonly DateField[] = ['day', 'month', 'year'];

// People type months as words too ("Jan", "january", "Sept"): the design system asks us to
// accept them.
const MONTH_WORDS: ReadonlyMap<string, number> = new Map(
  [
    ['january', 'jan'],
    ['february', 'feb'],
    ['march', 'mar'],
    ['april', 'apr'],
    ['may', 'may'],
    ['june', 'jun'],
    ['july', 'jul'],
    ['august', 'aug'],
    ['september', 'sep', 'sept'],
    ['october', 'oct'],
    ['november', 'nov'],
    ['december', 'dec'],
  ].flatMap((words, index) => words.map((word) => [word, index + 1] as const)),
);

function parseMonth(value: string): number | undefined {
  if (/^\d{1,2}$/.test(value)) return Number(value);
  return MONTH_WORDS.get(value.toLowerCase());
}

/**
 * Checks a date of birth against `today` ('YYYY-MM-DD', passed in so this stays pure).
 * On success the value is 'YYYY-MM-DD'.
 */
export function validateDateOfBirth(
  input: DateInputFields,
  today: IsoDate,
  options: DateOfBirthOptions = {},
): DateOfBirthResult {
  if (!isIsoDate(today)) throw new RangeError(`Today must be YYYY-MM-DD, got "${today}"`);
  const earliest = options.earliest ?? '1900-01-01';
  if (!isIsoDate(earliest)) throw new RangeError(`Earliest must be YYYY-MM-DD, got "${earliest}"`);

  const day = input.day.trim();
  const month = input.month.trim();
  const year = input.year.trim();

  const missing = ALL_FIELDS.filter((field) => ({ day, month, year })[field] === '');
  if (missing.length === ALL_FIELDS.length) {
    return { ok: false, reason: 'missing', message: 'Enter a date of birth', fields: ALL_FIELDS };
  }
  if (missing.length > 0) {
    const list = missing.length === 1 ? `a ${missing[0]}` : `a ${missing[0]} and ${missing[1]}`;
    return {
      ok: false,
      reason: 'missing',
      message: `Date of birth must include ${list}`,
      fields: missing,
    };
  }

  const monthNumber = parseMonth(month);
  const dayNumber = /^\d{1,2}$/.test(day) ? Number(day) : undefined;
  const monthOk = monthNumber !== undefined && monthNumber >= 1 && monthNumber <= 12;

  if (!/^\d{4}$/.test(year)) {
    // A bad day or month as well: say so all at once, so fixing the year is not followed by a
    // second error about the others.
    const alsoBad: DateField[] = [
      ...(dayNumber === undefined || dayNumber < 1 || dayNumber > 31 ? (['day'] as const) : []),
      ...(monthOk ? [] : (['month'] as const)),
    ];
    return alsoBad.length > 0
      ? {
          ok: false,
          reason: 'not-real',
          message: 'Date of birth must be a real date',
          fields: [...alsoBad, 'year'],
        }
      : {
          ok: false,
          reason: 'year-format',
          message: 'Year must include 4 numbers',
          fields: ['year'],
        };
  }

  const yearNumber = Number(year);
  const dayOk =
    dayNumber !== undefined &&
    dayNumber >= 1 &&
    // Without a real month, judge the day against the longest month.
    dayNumber <= (monthOk ? daysInMonth(yearNumber, monthNumber) : 31);
  if (!monthOk || !dayOk || yearNumber < 1) {
    const fields: DateField[] = [];
    if (!dayOk) fields.push('day');
    if (!monthOk) fields.push('month');
    return {
      ok: false,
      reason: 'not-real',
      message: 'Date of birth must be a real date',
      fields: fields.length > 0 ? fields : ALL_FIELDS,
    };
  }

  const value = toIsoDate({ year: yearNumber, month: monthNumber, day: dayNumber });
  if (value >= today) {
    return {
      ok: false,
      reason: 'future',
      message: 'Date of birth must be in the past',
      fields: ALL_FIELDS,
    };
  }
  if (value < earliest) {
    return {
      ok: false,
      reason: 'too-early',
      message: `Date of birth must be the same as or after ${formatDate(earliest)}`,
      fields: ALL_FIELDS,
    };
  }
  return { ok: true, value };
}
