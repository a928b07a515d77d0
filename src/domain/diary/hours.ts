/**
 * Whether a booking falls within the hours the service works: the therapist's working pattern,
 * the location's opening hours (face to face) and the service's closures (bank holidays in
 * England and Wales and the extra closures in the diary settings).
 *
 * Booking outside them is refused with a message saying what and why, unless the booker records
 * a reason (an evening session the patient asked for): every issue here can be overridden that
 * way, unlike the rules in `checkBooking` (phone IPT, double booking) which cannot.
 * Hazard H10 in docs/clinical-safety/hazard-log.md.
 */
import {
  addDays,
  formatLocalTime,
  isoWeekday,
  parseLocalTime,
  type IsoDate,
  type LocalTime,
} from '../calendar/isoDate';
import { formatTime, londonLocalToUtc, utcToLondon, WEEKDAY_NAMES } from '../calendar/london';
import { closureOn, type Slot } from './schedule';
import { ISO_WEEKDAYS, isWithinWeeklyHours, type WeeklyHoursMap } from './weeklyHours';

export type HoursIssueCode =
  'closed' | 'outside-working-pattern' | 'outside-opening-hours' | 'not-work-location';

export interface HoursIssue {
  readonly field: 'date' | 'time' | 'locationId';
  readonly code: HoursIssueCode;
  readonly message: string;
}

export interface HoursFacts {
  /** The therapist and their working pattern; null or empty when none is recorded (not checked). */
  readonly therapist: {
    readonly name: string;
    readonly workingPattern: WeeklyHoursMap | null;
    /** The locations they work at; null or empty when none are recorded (not checked). */
    readonly workLocations?: readonly { readonly id: string; readonly name: string }[] | null;
  };
  /** Face to face only: where, and its opening hours (empty: not recorded, not checked). */
  readonly location: {
    /** Checked against the therapist's locations when given. */
    readonly id?: string;
    readonly name: string;
    readonly openingHours: WeeklyHoursMap;
  } | null;
  readonly extraClosures: readonly IsoDate[];
}

/** The codes a recorded reason lets through. */
export const OVERRIDABLE_CODES: ReadonlySet<string> = new Set<HoursIssueCode>([
  'closed',
  'outside-working-pattern',
  'outside-opening-hours',
  'not-work-location',
]);

const SUFFIX = ', or give a reason';

function recorded(hours: WeeklyHoursMap | null | undefined): hours is WeeklyHoursMap {
  return !!hours && ISO_WEEKDAYS.some((d) => hours[String(d)]);
}

function plural(weekday: number): string {
  return `${WEEKDAY_NAMES[weekday - 1] ?? ''}s`;
}

/**
 * The hours in words for "Choose a time …": "between 9am and 5pm, Monday to Friday" when every
 * day has the same hours and the days run on; otherwise each day ("on Monday 9am to 5pm, …").
 */
export function describeHoursForChoice(hours: WeeklyHoursMap): string {
  const days = ISO_WEEKDAYS.flatMap((d) => {
    const h = hours[String(d)];
    return h ? [{ day: d, opens: h.opens, closes: h.closes }] : [];
  });
  const first = days[0];
  const last = days.at(-1);
  if (!first || !last) return 'when they are open';
  const same = days.every((d) => d.opens === first.opens && d.closes === first.closes);
  const consecutive = days.every((d, i) => d.day === first.day + i);
  if (same) {
    const range = `between ${formatTime(first.opens)} and ${formatTime(first.closes)}`;
    const name = (d: number) => WEEKDAY_NAMES[d - 1] ?? '';
    if (days.length === 1) return `${range} on ${plural(first.day)}`;
    if (consecutive && days.length > 2) return `${range}, ${name(first.day)} to ${name(last.day)}`;
    const names = days.map((d) => name(d.day));
    return `${range} on ${names.slice(0, -1).join(', ')} and ${names.at(-1) ?? ''}`;
  }
  return `on ${days
    .map(
      (d) => `${WEEKDAY_NAMES[d.day - 1] ?? ''} ${formatTime(d.opens)} to ${formatTime(d.closes)}`,
    )
    .join(', ')}`;
}

/**
 * A service's office hours in words, "between 9am and 5pm, Monday to Friday": for when messages
 * are read and the phone is answered.
 */
export function officeHoursInWords(hours: {
  days: readonly number[];
  opens: string;
  closes: string;
}): string {
  return describeHoursForChoice(
    Object.fromEntries(
      hours.days.map((d) => [String(d), { opens: hours.opens, closes: hours.closes }]),
    ),
  );
}

/** Why one slot falls outside some weekly hours, as "does not work on Sundays"-style words. */
function outside(
  hours: WeeklyHoursMap,
  slot: { startsAt: Date; endsAt: Date },
  words: { day: string; time: string },
): { field: 'date' | 'time'; text: string } | null {
  if (isWithinWeeklyHours(hours, slot.startsAt, slot.endsAt)) return null;
  const start = utcToLondon(slot.startsAt);
  if (!hours[String(start.weekday)])
    return { field: 'date', text: `${words.day} on ${plural(start.weekday)}` };
  const end = utcToLondon(slot.endsAt);
  return {
    field: 'time',
    text: `${words.time} from ${formatTime(start.time)} to ${formatTime(end.time)} on ${plural(start.weekday)}`,
  };
}

/**
 * Every way the slots fall outside the service's hours, at most one issue of each kind, for the
 * first slot that breaks it (a weekly series shares its time, so one message covers all).
 * Closures are checked on each slot's London date; a series planned by `planWeeklySlots` has
 * already passed over them.
 */
export function checkHours(slots: readonly Slot[], facts: HoursFacts): HoursIssue[] {
  const issues: HoursIssue[] = [];
  for (const slot of slots) {
    const closed = closureOn(slot.date, facts.extraClosures);
    if (closed) {
      issues.push({
        field: 'date',
        code: 'closed',
        message: `${closed}. Choose another date${SUFFIX}`,
      });
      break;
    }
  }
  const pattern = facts.therapist.workingPattern;
  if (recorded(pattern)) {
    const name = facts.therapist.name;
    for (const slot of slots) {
      const why = outside(pattern, slot, {
        day: `${name} does not work`,
        time: `${name} does not work`,
      });
      if (why) {
        issues.push({
          field: why.field,
          code: 'outside-working-pattern',
          message: `${why.text}. Choose a time ${describeHoursForChoice(pattern)}${SUFFIX}`,
        });
        break;
      }
    }
  }
  const location = facts.location;
  const notThere = notAWorkLocation(facts);
  if (notThere) issues.push(notThere);
  if (location && recorded(location.openingHours)) {
    for (const slot of slots) {
      const why = outside(location.openingHours, slot, {
        day: `${location.name} is closed`,
        time: `${location.name} is not open`,
      });
      if (why) {
        issues.push({
          field: why.field,
          code: 'outside-opening-hours',
          message: `${why.text}. Choose a time ${describeHoursForChoice(location.openingHours)}${SUFFIX}`,
        });
        break;
      }
    }
  }
  return issues;
}

/**
 * Face to face at a location the therapist does not work at (their profile lists where they
 * work): nobody expects them there, so it needs a reason like a time outside their hours.
 * Not checked when the profile lists no locations.
 */
function notAWorkLocation(facts: HoursFacts): HoursIssue | null {
  const where = facts.location;
  const theirs = facts.therapist.workLocations ?? [];
  if (!where?.id || worksAt(theirs, where.id)) return null;
  const names = theirs.map((l) => l.name);
  const list =
    names.length === 1
      ? (names[0] ?? '')
      : `${names.slice(0, -1).join(', ')} or ${names.at(-1) ?? ''}`;
  return {
    field: 'locationId',
    code: 'not-work-location',
    message: `${facts.therapist.name} does not work at ${where.name}. Choose ${list}, where they work${SUFFIX}`,
  };
}

/** Whether someone works at a location: yes when their profile lists none (not checked). */
function worksAt(
  theirs: readonly { readonly id: string }[] | null | undefined,
  locationId: string,
): boolean {
  return !theirs || theirs.length === 0 || theirs.some((l) => l.id === locationId);
}

/**
 * The face-to-face sessions at a location the therapist does not work at (the rule booking
 * checks as 'not-work-location'; none when their profile lists no locations): sessions handed
 * over to them must be where they will be, or the patient turns up and nobody is there. Video
 * and phone sessions are not at a location and always pass.
 */
export function notAtWorkLocations<
  T extends { readonly mode: string; readonly locationId: string | null },
>(
  workLocations: readonly { readonly id: string }[] | null | undefined,
  sessions: readonly T[],
): T[] {
  return sessions.filter(
    (s) =>
      s.mode === 'face_to_face' && s.locationId !== null && !worksAt(workLocations, s.locationId),
  );
}

// ---- Free slots --------------------------------------------------------------------------------

export interface FreeSlotInput {
  /** The Monday of the week to show. */
  readonly weekStart: IsoDate;
  readonly durationMinutes: number;
  /** Slots start on this grid (minutes past the opening time). */
  readonly stepMinutes: number;
  readonly now: Date;
  /** The therapist's hours; when none are recorded, the service's office hours stand in. */
  readonly workingPattern: WeeklyHoursMap;
  /** Face to face: the location's opening hours (empty: not recorded, not limiting). */
  readonly openingHours: WeeklyHoursMap | null;
  readonly extraClosures: readonly IsoDate[];
  /** Times already taken: the therapist's, the room's and the patient's appointments. */
  readonly busy: readonly { readonly startsAt: Date; readonly endsAt: Date }[];
}

export interface FreeDay {
  readonly date: IsoDate;
  /** Why nothing can be booked this day (a bank holiday, a closure), if that is why. */
  readonly closed: string | null;
  readonly slots: readonly Slot[];
}

/**
 * The free times of one week, day by day: within the therapist's working pattern (and the
 * location's opening hours, face to face), not on a closure, not in the past, and clear of
 * everything in `busy`. Each day's times are London wall-clock times on a grid from its start,
 * so a week across a clock change still offers 9am, 9:30am… and never a time that does not exist.
 */
export function freeSlots(input: FreeSlotInput): FreeDay[] {
  const step = Math.max(5, Math.floor(input.stepMinutes));
  const length = input.durationMinutes * 60_000;
  const days: FreeDay[] = [];
  for (let i = 0; i < 7; i += 1) {
    const date = addDays(input.weekStart, i);
    const closed = closureOn(date, input.extraClosures) ?? null;
    const slots: Slot[] = [];
    const hours = input.workingPattern[String(isoWeekday(date))];
    const from = hours ? parseLocalTime(hours.opens) : undefined;
    const to = hours ? parseLocalTime(hours.closes) : undefined;
    if (!closed && from !== undefined && to !== undefined) {
      for (let m = from; m + input.durationMinutes <= to; m += step) {
        const slot = slotAt(date, formatLocalTime(m), length);
        if (!slot) continue;
        if (slot.startsAt.getTime() <= input.now.getTime()) continue;
        if (!isWithinWeeklyHours(input.workingPattern, slot.startsAt, slot.endsAt)) continue;
        if (
          recorded(input.openingHours) &&
          !isWithinWeeklyHours(input.openingHours, slot.startsAt, slot.endsAt)
        )
          continue;
        if (input.busy.some((b) => b.startsAt < slot.endsAt && slot.startsAt < b.endsAt)) continue;
        slots.push(slot);
      }
    }
    days.push({ date, closed, slots });
  }
  return days;
}

function slotAt(date: IsoDate, time: LocalTime, lengthMs: number): Slot | null {
  const start = londonLocalToUtc(date, time);
  if (!start.ok) return null;
  return { date, time, startsAt: start.value, endsAt: new Date(start.value.getTime() + lengthMs) };
}

/**
 * The sessions that fall outside a therapist's recorded working pattern (none when no pattern is
 * recorded): sessions handed over to them must be ones they will be at work for, or someone turns
 * up and nobody is there.
 */
export function outsideWorkingPattern<T extends { startsAt: Date; endsAt: Date }>(
  pattern: WeeklyHoursMap | null | undefined,
  sessions: readonly T[],
): T[] {
  if (!recorded(pattern)) return [];
  return sessions.filter((s) => !isWithinWeeklyHours(pattern, s.startsAt, s.endsAt));
}

/** How a therapist works: the hours and the places their profile records. */
export interface WorkingArrangement {
  readonly workingPattern: WeeklyHoursMap | null | undefined;
  readonly workLocations: readonly { readonly id: string }[] | null | undefined;
}

/** A booked session a change to how someone works would leave stranded, and why. */
export interface StrandedSession<T> {
  readonly session: T;
  /** 'outside-working-pattern': a time they would no longer work; 'not-work-location': a place. */
  readonly codes: readonly ('outside-working-pattern' | 'not-work-location')[];
}

/**
 * The booked sessions a change to a therapist's working pattern or locations would leave at a
 * time they no longer work, or face to face at a place they no longer work at: the rules booking
 * checks (`outsideWorkingPattern`, `notAtWorkLocations`), applied before and after the change, so
 * the change is not saved until these are rearranged (H10). A session booked outside the usual
 * hours with a recorded reason was agreed as an exception and is left alone; one the old
 * arrangement already left out on the same count is not this change's doing.
 */
export function strandedByChange<
  T extends {
    readonly startsAt: Date;
    readonly endsAt: Date;
    readonly mode: string;
    readonly locationId: string | null;
    readonly outsideHoursReason: string | null;
  },
>(
  before: WorkingArrangement,
  after: WorkingArrangement,
  sessions: readonly T[],
): StrandedSession<T>[] {
  const unexcused = sessions.filter((s) => !s.outsideHoursReason);
  const set = (list: readonly T[]) => new Set<T>(list);
  const timeBefore = set(outsideWorkingPattern(before.workingPattern, unexcused));
  const timeAfter = set(outsideWorkingPattern(after.workingPattern, unexcused));
  const placeBefore = set(notAtWorkLocations(before.workLocations, unexcused));
  const placeAfter = set(notAtWorkLocations(after.workLocations, unexcused));
  return unexcused.flatMap((session) => {
    const codes: StrandedSession<T>['codes'][number][] = [];
    if (timeAfter.has(session) && !timeBefore.has(session)) codes.push('outside-working-pattern');
    if (placeAfter.has(session) && !placeBefore.has(session)) codes.push('not-work-location');
    return codes.length > 0 ? [{ session, codes }] : [];
  });
}
