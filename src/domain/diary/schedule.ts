/**
 * Turning "this date at this time, weekly for N sessions" into instants, in Europe/London time,
 * skipping bank holidays in England and Wales and the service's extra closures.
 */
import { bankHolidayOn } from '../calendar/bankHolidays';
import { addDays, isoWeekday, type IsoDate, type LocalTime } from '../calendar/isoDate';
import { formatLongDate, londonLocalToUtc, resolveLondonLocal } from '../calendar/london';
import { bankHolidaysAndClosures, weeklyDates } from '../calendar/schedule';

export interface Slot {
  readonly date: IsoDate;
  readonly time: LocalTime;
  readonly startsAt: Date;
  readonly endsAt: Date;
}

export type PlanResult =
  | { readonly ok: true; readonly slots: readonly Slot[] }
  | { readonly ok: false; readonly field: 'date' | 'time'; readonly message: string };

/**
 * `count` weekly slots from `startDate` at the London wall-clock `time`, each `durationMinutes`
 * long. Closed dates (bank holidays, extra closures) are passed over and the series ends a week
 * later instead. A weekly 10:00 stays at 10:00 across the clock changes: each date is converted
 * on its own, so the gap between two sessions is 167 or 169 hours when the clocks change.
 */
export function planWeeklySlots(
  startDate: IsoDate,
  time: LocalTime,
  count: number,
  durationMinutes: number,
  extraClosures: readonly IsoDate[] = [],
): PlanResult {
  const skip = bankHolidaysAndClosures(extraClosures);
  const dates = weeklyDates(startDate, count, { skip });
  const slots: Slot[] = [];
  for (const date of dates) {
    const start = londonLocalToUtc(date, time);
    if (!start.ok) return { ok: false, field: 'time', message: start.message };
    slots.push({
      date,
      time,
      startsAt: start.value,
      endsAt: new Date(start.value.getTime() + durationMinutes * 60_000),
    });
  }
  return { ok: true, slots };
}

/** One slot on one date (no skipping: a closed date is reported by `closureOn`). */
export function planSingleSlot(
  date: IsoDate,
  time: LocalTime,
  durationMinutes: number,
): PlanResult {
  const start = londonLocalToUtc(date, time);
  if (!start.ok) return { ok: false, field: 'time', message: start.message };
  return {
    ok: true,
    slots: [
      {
        date,
        time,
        startsAt: start.value,
        endsAt: new Date(start.value.getTime() + durationMinutes * 60_000),
      },
    ],
  };
}

/** Why the service is closed on a date, in words for a message; undefined when it is open. */
export function closureOn(
  date: IsoDate,
  extraClosures: readonly IsoDate[] = [],
): string | undefined {
  const holiday = bankHolidayOn(date);
  if (holiday) return `${formatLongDate(date)} is a bank holiday (${holiday.name})`;
  if (extraClosures.includes(date)) return `The service is closed on ${formatLongDate(date)}`;
  return undefined;
}

/** The Monday of the week containing `date`. */
export function weekStart(date: IsoDate): IsoDate {
  return addDays(date, 1 - isoWeekday(date));
}

/** The instants a London calendar day begins and ends: [from, to). 23 or 25 hours on change days. */
export function londonDayRange(date: IsoDate): { from: Date; to: Date } {
  return {
    from: resolveLondonLocal(date, '00:00'),
    to: resolveLondonLocal(addDays(date, 1), '00:00'),
  };
}
