/**
 * When a patient's question counts as unanswered (hazard H18). Messages are read in working hours
 * (the service's office hours: by default Monday to Friday, 9am to 5pm London time, not on bank
 * holidays in England and Wales). The clock starts when the office is next open after the
 * patient wrote; one working day later is the same London time on the next working day.
 * Unanswered after one working day, the question shows on the therapist's home; after two, it
 * escalates to the service (its shared queue and an email to the managers).
 *
 * Rule set by the service's clinical lead with issue 11; change the two numbers here only.
 */
import {
  DEFAULT_OFFICE_HOURS,
  nextOpening,
  nextWorkingDay,
  resolveLondonLocal,
  utcToLondon,
  type OfficeHoursOptions,
} from '../calendar';

/** Working days before an unanswered question shows on the therapist's home. */
export const SHOW_ON_HOME_AFTER_WORKING_DAYS = 1;
/** Working days before an unanswered question escalates to the service. */
export const ESCALATE_AFTER_WORKING_DAYS = 2;

/**
 * The instant `days` working days after `from`: counted from the next opening at or after it,
 * keeping that London time of day on each following working day.
 */
export function addWorkingDays(
  from: Date,
  days: number,
  hours: OfficeHoursOptions = DEFAULT_OFFICE_HOURS,
): Date {
  if (!Number.isInteger(days) || days < 0) throw new RangeError('days must be a whole number ≥ 0');
  const start = nextOpening(from, hours);
  const local = utcToLondon(start);
  let date = local.date;
  for (let i = 0; i < days; i += 1) date = nextWorkingDay(date, hours);
  return resolveLondonLocal(date, local.time);
}

export type Unanswered = 'not_yet' | 'show_therapist' | 'escalate';

/** How overdue a question waiting since `waitingSince` is at `now`. */
export function unansweredLevel(
  waitingSince: Date,
  now: Date,
  hours: OfficeHoursOptions = DEFAULT_OFFICE_HOURS,
): Unanswered {
  if (now >= addWorkingDays(waitingSince, ESCALATE_AFTER_WORKING_DAYS, hours)) return 'escalate';
  if (now >= addWorkingDays(waitingSince, SHOW_ON_HOME_AFTER_WORKING_DAYS, hours))
    return 'show_therapist';
  return 'not_yet';
}

/** One message of a conversation, as the rule below needs it. */
export interface ConversationTurn {
  author: 'patient' | 'staff';
  sentAt: Date;
}

/**
 * Since when a conversation waits on staff (hazard H18): from the first thing the patient wrote
 * after staff last wrote. Null while staff wrote last, so a conversation a clinician started
 * waits on nobody (it is not an unanswered question, and never escalates) until the patient
 * replies; then their reply waits like any question. Turns are in the order they were sent.
 */
export function waitingOnStaffSince(turns: readonly ConversationTurn[]): Date | null {
  const lastStaff = turns.findLastIndex((t) => t.author === 'staff');
  return turns.slice(lastStaff + 1).find((t) => t.author === 'patient')?.sentAt ?? null;
}

/**
 * Whom a conversation waits on while the patient waits for an answer (H18): the clinician it is
 * addressed to, and whoever of staff wrote first when that is someone else (a manager, the
 * clinician's supervisor). Each is told when a wait starts and sees it on their home after a
 * working day; an answer from anyone ends the wait for all. Nobody for a question to the service
 * (the service's queue). Whether each may still answer it is the access policy's to say.
 */
export function waitsOn(thread: {
  therapistId: string | null;
  startedByUserId: string | null;
}): string[] {
  const ids = [thread.therapistId, thread.startedByUserId].filter((id) => id !== null);
  return [...new Set(ids)];
}
