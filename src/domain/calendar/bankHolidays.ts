/**
 * Bank holidays in England and Wales, computed from the rules rather than copied from a list,
 * so the service keeps working in years nobody has typed in yet.
 *
 * Source: the Banking and Financial Dealings Act 1971 and the dates published on GOV.UK
 * (https://www.gov.uk/bank-holidays). Clinical reference: "Office hours" in clinical.md.
 * One-off changes made by royal proclamation cannot be computed, so they sit in
 * `PROCLAMATIONS` below: add new ones there when they are announced.
 */
import {
  addDays,
  epochDay,
  fromEpochDay,
  isoWeekday,
  isWeekend,
  parseIsoDate,
  toIsoDate,
  type IsoDate,
} from './isoDate';

export interface BankHoliday {
  readonly date: IsoDate;
  readonly name: string;
  /** True when this is a substitute weekday for a holiday that fell on a weekend. */
  readonly substitute: boolean;
}

/**
 * The early May bank holiday began in 1978, so earlier years would be wrong; refuse them rather
 * than answer wrongly.
 */
export const FIRST_BANK_HOLIDAY_YEAR = 1978;
export const LAST_BANK_HOLIDAY_YEAR = 9999;

export const BANK_HOLIDAY_NAMES = {
  newYear: "New Year's Day",
  goodFriday: 'Good Friday',
  easterMonday: 'Easter Monday',
  earlyMay: 'Early May bank holiday',
  spring: 'Spring bank holiday',
  summer: 'Summer bank holiday',
  christmas: 'Christmas Day',
  boxing: 'Boxing Day',
} as const;

interface Proclamation {
  readonly year: number;
  /** A usual holiday moved to another day: it keeps its name. */
  readonly moves: readonly { readonly from: IsoDate; readonly to: IsoDate }[];
  /** Extra one-off holidays. */
  readonly extra: readonly { readonly date: IsoDate; readonly name: string }[];
}

/** One-off changes by royal proclamation (England and Wales). */
const PROCLAMATIONS: readonly Proclamation[] = [
  // Royal wedding of the Prince of Wales and Lady Diana Spencer.
  { year: 1981, moves: [], extra: [{ date: '1981-07-29', name: 'Royal wedding' }] },
  // 50th anniversary of VE Day: early May bank holiday moved from Monday 1 May.
  { year: 1995, moves: [{ from: '1995-05-01', to: '1995-05-08' }], extra: [] },
  // Millennium celebrations.
  { year: 1999, moves: [], extra: [{ date: '1999-12-31', name: 'Millennium celebrations' }] },
  // Golden Jubilee: spring bank holiday moved from Monday 27 May, plus an extra day.
  {
    year: 2002,
    moves: [{ from: '2002-05-27', to: '2002-06-04' }],
    extra: [{ date: '2002-06-03', name: 'Golden Jubilee bank holiday' }],
  },
  // Royal wedding of Prince William and Catherine Middleton.
  { year: 2011, moves: [], extra: [{ date: '2011-04-29', name: 'Royal wedding' }] },
  // Diamond Jubilee: spring bank holiday moved from Monday 28 May to Monday 4 June, plus Tuesday 5 June.
  {
    year: 2012,
    moves: [{ from: '2012-05-28', to: '2012-06-04' }],
    extra: [{ date: '2012-06-05', name: "Queen's Diamond Jubilee" }],
  },
  // 75th anniversary of VE Day: early May bank holiday moved from Monday 4 May to Friday 8 May.
  { year: 2020, moves: [{ from: '2020-05-04', to: '2020-05-08' }], extra: [] },
  // Platinum Jubilee: spring bank holiday moved from Monday 30 May to Thursday 2 June, plus
  // Friday 3 June; and the State Funeral of Queen Elizabeth II on Monday 19 September.
  {
    year: 2022,
    moves: [{ from: '2022-05-30', to: '2022-06-02' }],
    extra: [
      { date: '2022-06-03', name: 'Platinum Jubilee bank holiday' },
      { date: '2022-09-19', name: 'Bank holiday for the State Funeral of Queen Elizabeth II' },
    ],
  },
  // Coronation of King Charles III.
  {
    year: 2023,
    moves: [],
    extra: [{ date: '2023-05-08', name: 'Bank holiday for the coronation of King Charles III' }],
  },
];

/**
 * Easter Sunday by the anonymous Gregorian algorithm (Meeus/Jones/Butcher), valid for every
 * Gregorian year.
 */
export function easterSunday(year: number): IsoDate {
  assertYear(year, 1583, LAST_BANK_HOLIDAY_YEAR);
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return toIsoDate({ year, month, day });
}

const cache = new Map<number, readonly BankHoliday[]>();

/**
 * All bank holidays in England and Wales for a year, in date order.
 * Throws a RangeError for years before 1978 (see FIRST_BANK_HOLIDAY_YEAR).
 */
export function bankHolidaysEnglandWales(year: number): readonly BankHoliday[] {
  assertYear(year, FIRST_BANK_HOLIDAY_YEAR, LAST_BANK_HOLIDAY_YEAR);
  const cached = cache.get(year);
  if (cached) return cached;
  const computed = Object.freeze(computeYear(year).map((holiday) => Object.freeze(holiday)));
  cache.set(year, computed);
  return computed;
}

/** The bank holiday on a date, if there is one. */
export function bankHolidayOn(date: IsoDate): BankHoliday | undefined {
  const parts = parseIsoDate(date);
  if (!parts) throw new RangeError(`Expected a real date as YYYY-MM-DD, got "${date}"`);
  return bankHolidaysEnglandWales(parts.year).find((holiday) => holiday.date === date);
}

export function isBankHoliday(date: IsoDate): boolean {
  return bankHolidayOn(date) !== undefined;
}

function computeYear(year: number): BankHoliday[] {
  const easter = easterSunday(year);
  // Holidays that are always weekdays go in first, so substitutes can avoid them.
  const holidays: BankHoliday[] = [
    { date: addDays(easter, -2), name: BANK_HOLIDAY_NAMES.goodFriday, substitute: false },
    { date: addDays(easter, 1), name: BANK_HOLIDAY_NAMES.easterMonday, substitute: false },
    { date: nthMonday(year, 5, 1), name: BANK_HOLIDAY_NAMES.earlyMay, substitute: false },
    { date: lastMonday(year, 5), name: BANK_HOLIDAY_NAMES.spring, substitute: false },
    { date: lastMonday(year, 8), name: BANK_HOLIDAY_NAMES.summer, substitute: false },
  ];

  // Fixed-date holidays in date order. One on a weekday stays put; one on a weekend moves to
  // the next weekday that is not already a holiday. Weekday ones are placed first, so that
  // Christmas on a Sunday goes to Tuesday 27th behind Boxing Day on Monday 26th, as GOV.UK does.
  const fixed = [
    { date: toIsoDate({ year, month: 1, day: 1 }), name: BANK_HOLIDAY_NAMES.newYear },
    { date: toIsoDate({ year, month: 12, day: 25 }), name: BANK_HOLIDAY_NAMES.christmas },
    { date: toIsoDate({ year, month: 12, day: 26 }), name: BANK_HOLIDAY_NAMES.boxing },
  ];
  for (const holiday of fixed) {
    if (!isWeekend(holiday.date)) holidays.push({ ...holiday, substitute: false });
  }
  for (const holiday of fixed) {
    if (!isWeekend(holiday.date)) continue;
    let date = addDays(holiday.date, 1);
    while (isWeekend(date) || holidays.some((h) => h.date === date)) date = addDays(date, 1);
    holidays.push({ date, name: `${holiday.name} (substitute day)`, substitute: true });
  }

  applyProclamations(year, holidays);
  return holidays.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

function applyProclamations(year: number, holidays: BankHoliday[]): void {
  for (const proclamation of PROCLAMATIONS) {
    if (proclamation.year !== year) continue;
    for (const move of proclamation.moves) {
      const index = holidays.findIndex((h) => h.date === move.from);
      const moved = holidays[index];
      // A table entry that matches nothing is a mistake in the table, not a run-time condition.
      if (!moved) throw new Error(`Proclamation table: no bank holiday on ${move.from}`);
      holidays[index] = { ...moved, date: move.to };
    }
    for (const extra of proclamation.extra) holidays.push({ ...extra, substitute: false });
  }
}

function nthMonday(year: number, month: number, n: number): IsoDate {
  const first = toIsoDate({ year, month, day: 1 });
  const toMonday = (8 - isoWeekday(first)) % 7;
  return addDays(first, toMonday + 7 * (n - 1));
}

function lastMonday(year: number, month: number): IsoDate {
  const nextMonthFirst = epochDay({
    year: month === 12 ? year + 1 : year,
    month: month === 12 ? 1 : month + 1,
    day: 1,
  });
  const last = toIsoDate(fromEpochDay(nextMonthFirst - 1));
  return addDays(last, -((isoWeekday(last) - 1) % 7));
}

function assertYear(year: number, min: number, max: number): void {
  if (!Number.isInteger(year) || year < min || year > max) {
    throw new RangeError(`Year must be a whole number from ${min} to ${max}, got ${year}`);
  }
}
