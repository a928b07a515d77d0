/** Age in whole years, and minimum-age checks for referral. */
import { isLeapYear, requireIsoDate, toIsoDate, type DateParts, type IsoDate } from '../calendar';

/**
 * The month and day on which someone born on 29 February has their birthday in a non-leap year.
 * England and Wales: taken as 1 March, the generally accepted position (a person attains an age
 * at the start of the anniversary of their birth: Family Law Reform Act 1969, s.9; Scotland
 * states 1 March outright in the Age of Legal Capacity (Scotland) Act 1991, s.6(2)). Recalled
 * rather than quoted: change it here if the service's legal advice differs.
 */
export const LEAP_DAY_BIRTHDAY_IN_COMMON_YEARS = { month: 3, day: 1 } as const;

/** The date of someone's birthday in a given year. */
function birthdayIn(year: number, birth: DateParts): DateParts {
  if (birth.month === 2 && birth.day === 29 && !isLeapYear(year)) {
    return { year, ...LEAP_DAY_BIRTHDAY_IN_COMMON_YEARS };
  }
  return { year, month: birth.month, day: birth.day };
}

function onOrAfter(a: DateParts, b: DateParts): boolean {
  return a.month > b.month || (a.month === b.month && a.day >= b.day);
}

/**
 * Age in whole years on a date. The age goes up on the birthday itself.
 * Throws a RangeError for malformed dates or when `onDate` is before the date of birth.
 */
export function ageOn(dateOfBirth: IsoDate, onDate: IsoDate): number {
  const birth = requireIsoDate(dateOfBirth);
  const on = requireIsoDate(onDate);
  if (onDate < dateOfBirth) throw new RangeError('The date is before the date of birth');
  const years = on.year - birth.year;
  return onOrAfter(on, birthdayIn(on.year, birth)) ? years : years - 1;
}

/** The date on which someone reaches an age (their birthday that year). */
export function dateOfReachingAge(dateOfBirth: IsoDate, age: number): IsoDate {
  if (!Number.isInteger(age) || age < 0)
    throw new RangeError('Age must be a whole number of 0 or more');
  const birth = requireIsoDate(dateOfBirth);
  return toIsoDate(birthdayIn(birth.year + age, birth));
}

export type MinimumAgeResult =
  | { readonly ok: true; readonly age: number }
  | {
      readonly ok: false;
      readonly reason: 'too-young';
      readonly age: number;
      /** The first date on which they will be old enough. */
      readonly oldEnoughOn: IsoDate;
      readonly message: string;
    };

/** Whether someone is at least `minimumAge` on `today` (both dates 'YYYY-MM-DD'). */
export function checkMinimumAge(
  dateOfBirth: IsoDate,
  today: IsoDate,
  minimumAge: number,
): MinimumAgeResult {
  if (!Number.isInteger(minimumAge) || minimumAge < 0) {
    throw new RangeError('Minimum age must be a whole number of 0 or more');
  }
  const age = ageOn(dateOfBirth, today);
  if (age >= minimumAge) return { ok: true, age };
  return {
    ok: false,
    reason: 'too-young',
    age,
    oldEnoughOn: dateOfReachingAge(dateOfBirth, minimumAge),
    message: `You must be ${minimumAge} or older to use this service`,
  };
}
