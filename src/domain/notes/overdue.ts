/**
 * When a session note is overdue (issue 11): the session was attended and there is no signed note
 * by the end of the next working day (one working day; office hours and closures as in
 * src/domain/calendar). A note signed later still counts as late in the audit trail, but stops
 * being listed.
 */
import {
  DEFAULT_OFFICE_HOURS,
  endOfWorkingDay,
  nextWorkingDay,
  resolveLondonLocal,
  utcToLondon,
  type OfficeHoursOptions,
} from '../calendar';

export const NOTE_DUE_WORKING_DAYS = 1;

/** The instant the note of a session held at `sessionAt` is due: close of the next working day. */
export function noteDueBy(
  sessionAt: Date,
  options: OfficeHoursOptions = DEFAULT_OFFICE_HOURS,
): Date {
  let day = utcToLondon(sessionAt).date;
  for (let i = 0; i < NOTE_DUE_WORKING_DAYS; i += 1) day = nextWorkingDay(day, options);
  return endOfWorkingDay(resolveLondonLocal(day, '00:00'), options);
}

export const ATTENDED_STATUSES = ['attended', 'arrived_late'] as const;

export function isNoteOverdue(
  session: { readonly startsAt: Date; readonly status: string; readonly noteSignedAt: Date | null },
  now: Date,
  options: OfficeHoursOptions = DEFAULT_OFFICE_HOURS,
): boolean {
  if (!(ATTENDED_STATUSES as readonly string[]).includes(session.status)) return false;
  if (session.noteSignedAt !== null) return false;
  return now.getTime() > noteDueBy(session.startsAt, options).getTime();
}
