import { roomBusyMessage } from '../domain/diary';

/**
 * Recognising the database's own refusals (PostgreSQL and PGlite report them the same way), so a
 * booking that loses a race is shown as a friendly message on the form rather than a 500.
 * drizzle wraps driver errors, so the SQLSTATE is looked for along the `cause` chain.
 */
export interface DbConstraintError {
  /** 23P01 exclusion, 23505 unique, 23514 check. */
  code: string;
  constraint: string | null;
}

/** The first driver error along the `cause` chain whose SQLSTATE matches. */
function driverError(err: unknown, code: RegExp): { code: string; constraint?: unknown } | null {
  let current: unknown = err;
  for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth++) {
    const e = current as { code?: unknown; constraint?: unknown; cause?: unknown };
    if (typeof e.code === 'string' && code.test(e.code))
      return { code: e.code, constraint: e.constraint };
    current = e.cause;
  }
  return null;
}

export function constraintError(err: unknown): DbConstraintError | null {
  const found = driverError(err, /^23/);
  if (!found) return null;
  return {
    code: found.code,
    constraint: typeof found.constraint === 'string' ? found.constraint : null,
  };
}

/**
 * PostgreSQL chose this transaction as a deadlock's victim (40P01). Two bookings that overlap,
 * inserted at the same moment, can each wait on the other while checking an exclusion
 * constraint; PostgreSQL then rolls one back. Nothing of it was saved, so it can be run again.
 */
export function isDeadlock(err: unknown): boolean {
  return driverError(err, /^40P01$/) !== null;
}

/**
 * Runs a transaction again if it was a deadlock's victim: the second attempt sees the other
 * booking (committed, or still open, when the exclusion constraint waits for it and refuses), so
 * the person gets the friendly "already has an appointment" message instead of an error page.
 * `run` must start its own transaction (or savepoint), so a retry starts clean.
 */
export async function retryAfterDeadlock<T>(run: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (err) {
      if (attempt >= attempts || !isDeadlock(err)) throw err;
    }
  }
}

export const OVERLAP_CONSTRAINTS = {
  therapist: 'appointments_therapist_no_overlap',
  room: 'appointments_room_no_overlap',
  patient: 'appointments_patient_no_overlap',
} as const;

/** Which exclusion constraint refused a booking, if that is what happened. */
export function overlapViolation(err: unknown): keyof typeof OVERLAP_CONSTRAINTS | null {
  const found = constraintError(err);
  if (!found || found.code !== '23P01') return null;
  for (const [who, name] of Object.entries(OVERLAP_CONSTRAINTS))
    if (found.constraint === name) return who as keyof typeof OVERLAP_CONSTRAINTS;
  return null;
}

/** The names the friendly overlap messages use; blanks fall back to "The therapist" and so on. */
export interface OverlapNames {
  therapist: string;
  patient: string;
  room: string;
  location: string;
}

/**
 * The message for a booking the database refused as an overlap, on the form field to fix:
 * "Casey Clinician already has an appointment at that time" (on the time), or the room's message.
 */
export function overlapMessage(
  who: keyof typeof OVERLAP_CONSTRAINTS,
  names: OverlapNames,
): { field: 'time' | 'roomId'; message: string } {
  if (who === 'room')
    return {
      field: 'roomId',
      message: roomBusyMessage(names.room || 'The room', names.location || 'this location'),
    };
  const name =
    who === 'therapist' ? names.therapist || 'The therapist' : names.patient || 'The patient';
  return { field: 'time', message: `${name} already has an appointment at that time` };
}

/** The partial unique index that allows one active course per patient and therapy. */
export function isActiveCourseClash(err: unknown): boolean {
  const found = constraintError(err);
  return found?.code === '23505' && found.constraint === 'treatment_courses_one_active_idx';
}
