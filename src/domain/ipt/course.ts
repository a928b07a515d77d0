/**
 * IPT course rules as delivered in NHS Talking Therapies (clinical.md, "Interpersonal therapy"):
 * 12–16 weekly sessions of up to 50 minutes, in three phases, by video or face to face.
 * Every number a clinician might want to change is a named constant here.
 */
import { tooLongMessage } from '../result';

export const IPT_MIN_PLANNED_SESSIONS = 12;
export const IPT_MAX_PLANNED_SESSIONS = 16;
export const IPT_MAX_SESSION_MINUTES = 50;
/** Sessions 1–4 are the initial phase whatever the course length. */
export const IPT_INITIAL_PHASE_SESSIONS = 4;

export type IptPhase = 'initial' | 'middle' | 'ending';

export interface IptPhaseInfo {
  readonly id: IptPhase;
  readonly name: string;
  readonly focus: string;
}

export const IPT_PHASES: readonly IptPhaseInfo[] = Object.freeze([
  {
    id: 'initial',
    name: 'Initial phase',
    focus:
      'Symptom review and the sick role, interpersonal inventory with the closeness circle, linking the depression to its interpersonal context, choosing the focal area, formulation and agreed goals',
  },
  { id: 'middle', name: 'Middle phase', focus: 'Work on the focal area' },
  {
    id: 'ending',
    name: 'Ending phase',
    focus: 'Review, staying well and a relapse-prevention plan',
  },
] as const satisfies readonly IptPhaseInfo[]);

type Outcome<T, Reason extends string> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly reason: Reason; readonly message: string };

// ---- Planned sessions ------------------------------------------------------------------------

export type PlannedSessionsError = 'empty' | 'not-whole-number' | 'too-few' | 'too-many';

const RANGE_MESSAGE = `Planned sessions must be between ${IPT_MIN_PLANNED_SESSIONS} and ${IPT_MAX_PLANNED_SESSIONS}`;

export const PLANNED_SESSIONS_MESSAGES: Readonly<Record<PlannedSessionsError, string>> = {
  empty: 'Enter the number of planned sessions',
  'not-whole-number': 'Planned sessions must be a whole number, like 16',
  'too-few': RANGE_MESSAGE,
  'too-many': RANGE_MESSAGE,
};

/** Accepts a number or the text from a form field. */
function toWholeNumber(input: number | string): number | 'empty' | 'not-whole-number' {
  if (typeof input === 'number') return Number.isInteger(input) ? input : 'not-whole-number';
  const trimmed = input.trim();
  if (trimmed === '') return 'empty';
  return /^-?\d+$/.test(trimmed) ? Number(trimmed) : 'not-whole-number';
}

/** The service offers courses of 12 to 16 sessions. */
export function validatePlannedSessions(
  input: number | string,
): Outcome<number, PlannedSessionsError> {
  const n = toWholeNumber(input);
  const fail = (reason: PlannedSessionsError) =>
    ({ ok: false, reason, message: PLANNED_SESSIONS_MESSAGES[reason] }) as const;
  if (n === 'empty' || n === 'not-whole-number') return fail(n);
  if (n < IPT_MIN_PLANNED_SESSIONS) return fail('too-few');
  if (n > IPT_MAX_PLANNED_SESSIONS) return fail('too-many');
  return { ok: true, value: n };
}

// ---- Phases ----------------------------------------------------------------------------------

export interface PhaseRange {
  readonly first: number;
  readonly last: number;
}

/**
 * Session numbers in each phase.
 *
 * Rule (clinical.md gives initial 1–4, middle 5–12, ending 13–16 for a 16-session course): the
 * initial phase is sessions 1–4; the ending phase is the last quarter of the course, rounded
 * (Math.round(planned / 4)): 3 sessions for 12 or 13 planned, 4 for 14, 15 or 16; the middle
 * phase is everything in between (5 sessions at 12 planned, 8 at 16). A course agreed outside
 * 12–16 with a reason (`checkCourseLength`) keeps the same rule: a short course may have no
 * middle phase, and the initial phase comes first when the two would meet.
 */
export function phaseRanges(plannedSessions: number): Readonly<Record<IptPhase, PhaseRange>> {
  const planned = requirePlanned(plannedSessions);
  const initialLast = Math.min(IPT_INITIAL_PHASE_SESSIONS, planned);
  const endingLength = Math.round(planned / 4);
  const endingFirst = Math.max(initialLast + 1, planned - endingLength + 1);
  return {
    initial: { first: 1, last: initialLast },
    middle: { first: initialLast + 1, last: endingFirst - 1 },
    ending: { first: endingFirst, last: planned },
  };
}

/**
 * The phase a session belongs to (sessions numbered from 1). Throws a RangeError if the planned
 * number is outside the outer limits (1–30) or the session number is outside 1 to planned.
 */
export function phaseForSession(sessionNumber: number, plannedSessions: number): IptPhase {
  const ranges = phaseRanges(plannedSessions);
  if (!Number.isInteger(sessionNumber) || sessionNumber < 1 || sessionNumber > plannedSessions) {
    throw new RangeError(
      `Session number must be a whole number from 1 to ${plannedSessions}, got ${sessionNumber}`,
    );
  }
  if (sessionNumber <= ranges.initial.last) return 'initial';
  if (sessionNumber < ranges.ending.first) return 'middle';
  return 'ending';
}

function requirePlanned(plannedSessions: number): number {
  if (
    !Number.isInteger(plannedSessions) ||
    plannedSessions < IPT_LIMIT_MIN_SESSIONS ||
    plannedSessions > IPT_LIMIT_MAX_SESSIONS
  ) {
    throw new RangeError(
      `Planned sessions must be a whole number between ${IPT_LIMIT_MIN_SESSIONS} and ${IPT_LIMIT_MAX_SESSIONS}, got ${plannedSessions}`,
    );
  }
  return plannedSessions;
}

// ---- Session length --------------------------------------------------------------------------

export type SessionLengthError = 'empty' | 'not-whole-number' | 'too-short' | 'too-long';

export const SESSION_LENGTH_MESSAGES: Readonly<Record<SessionLengthError, string>> = {
  empty: 'Enter the session length in minutes',
  'not-whole-number': 'Session length must be a whole number of minutes, like 50',
  'too-short': 'Session length must be more than 0 minutes',
  'too-long': `Session length must be ${IPT_MAX_SESSION_MINUTES} minutes or less`,
};

/**
 * IPT sessions last up to 50 minutes, or up to the longer length agreed for a course with a
 * recorded reason (`checkCourseLength`), never more than IPT_LIMIT_SESSION_MINUTES.
 */
export function validateSessionLength(
  minutes: number | string,
  maxMinutes: number = IPT_MAX_SESSION_MINUTES,
): Outcome<number, SessionLengthError> {
  const n = toWholeNumber(minutes);
  const max = Math.min(Math.max(maxMinutes, 1), IPT_LIMIT_SESSION_MINUTES);
  const fail = (reason: SessionLengthError) =>
    ({
      ok: false,
      reason,
      message:
        reason === 'too-long' && max !== IPT_MAX_SESSION_MINUTES
          ? `Session length must be ${max} minutes or less, the length agreed for this course`
          : SESSION_LENGTH_MESSAGES[reason],
    }) as const;
  if (n === 'empty' || n === 'not-whole-number') return fail(n);
  if (n <= 0) return fail('too-short');
  if (n > max) return fail('too-long');
  return { ok: true, value: n };
}

// ---- Course length: the default, and going outside it with a reason ---------------------------

/**
 * Outer limits no recorded reason can pass (hazard H7): a course longer than this, or sessions
 * longer than this, would no longer be the IPT the service offers.
 */
export const IPT_LIMIT_MIN_SESSIONS = 1;
export const IPT_LIMIT_MAX_SESSIONS = 30;
export const IPT_LIMIT_SESSION_MINUTES = 90;
export const LENGTH_REASON_MAX = 500;

export type CourseLengthField = 'plannedSessions' | 'sessionMinutes' | 'lengthReason';

export interface CourseLengthInput {
  readonly plannedSessions: number | string;
  readonly sessionMinutes: number | string;
  /** Why the course goes outside 12–16 sessions or 50 minutes; needed only then. */
  readonly reason: string;
}

export interface CourseLength {
  readonly plannedSessions: number;
  readonly sessionMinutes: number;
  /** Null when the course keeps to the default; the recorded reason otherwise. */
  readonly reason: string | null;
  /** Plain words for each way the course is outside the default (the warning shown). */
  readonly warnings: readonly string[];
}

export type CourseLengthResult =
  | { readonly ok: true; readonly value: CourseLength }
  | {
      readonly ok: false;
      readonly errors: readonly { field: CourseLengthField; message: string }[];
      /** The warnings, so the form can show why a reason is asked for. */
      readonly warnings: readonly string[];
    };

/**
 * A course cannot be planned shorter than the sessions it already has: those attended and those
 * still booked (walk 6: 8 planned with 7 attended and 9 booked left sessions beyond the plan and
 * the phase in "ending"). Cancel sessions first, then shorten it. Answers the problem, or null.
 */
export function plannedBelowSessionsProblem(
  planned: number,
  sessions: { attended: number; booked: number },
): string | null {
  const { attended, booked } = sessions;
  if (planned >= attended + booked) return null;
  if (booked === 0) return `Planned sessions cannot be fewer than the ${attended} already attended`;
  return `Planned sessions cannot be fewer than the ${attended + booked} this course already has (${attended} attended, ${booked} booked): cancel sessions first`;
}

/**
 * The course length rule (issue 9 item 6, hazard H7). IPT is usually 12–16 sessions of up to 50
 * minutes "but this may vary depending on your situation": the default needs no reason; outside
 * it the therapist must record why (the warning says what is unusual); outside the outer limits
 * (1–30 sessions, up to 90 minutes) nothing is accepted. Phone sessions are a separate rule and
 * stay refused (`validateIptMode`).
 */
export function checkCourseLength(input: CourseLengthInput): CourseLengthResult {
  const errors: { field: CourseLengthField; message: string }[] = [];
  const warnings: string[] = [];
  const planned = toWholeNumber(input.plannedSessions);
  const minutes = toWholeNumber(input.sessionMinutes);
  const reason = input.reason.trim();

  if (planned === 'empty' || planned === 'not-whole-number')
    errors.push({ field: 'plannedSessions', message: PLANNED_SESSIONS_MESSAGES[planned] });
  else if (planned < IPT_LIMIT_MIN_SESSIONS || planned > IPT_LIMIT_MAX_SESSIONS)
    errors.push({
      field: 'plannedSessions',
      message: `Planned sessions must be between ${IPT_LIMIT_MIN_SESSIONS} and ${IPT_LIMIT_MAX_SESSIONS}`,
    });
  else if (planned < IPT_MIN_PLANNED_SESSIONS || planned > IPT_MAX_PLANNED_SESSIONS)
    warnings.push(
      `${planned} sessions is outside the usual ${IPT_MIN_PLANNED_SESSIONS} to ${IPT_MAX_PLANNED_SESSIONS}`,
    );

  if (minutes === 'empty' || minutes === 'not-whole-number')
    errors.push({ field: 'sessionMinutes', message: SESSION_LENGTH_MESSAGES[minutes] });
  else if (minutes <= 0)
    errors.push({ field: 'sessionMinutes', message: SESSION_LENGTH_MESSAGES['too-short'] });
  else if (minutes > IPT_LIMIT_SESSION_MINUTES)
    errors.push({
      field: 'sessionMinutes',
      message: `Session length must be ${IPT_LIMIT_SESSION_MINUTES} minutes or less`,
    });
  else if (minutes > IPT_MAX_SESSION_MINUTES)
    warnings.push(`${minutes} minutes is longer than the usual ${IPT_MAX_SESSION_MINUTES}`);

  if (reason.length > LENGTH_REASON_MAX)
    errors.push({ field: 'lengthReason', message: tooLongMessage('Reason', LENGTH_REASON_MAX) });
  else if (warnings.length > 0 && reason === '')
    errors.push({
      field: 'lengthReason',
      message: `Enter why this course is different from the usual: ${warnings.join('; ')}`,
    });

  if (errors.length > 0 || typeof planned !== 'number' || typeof minutes !== 'number')
    return { ok: false, errors, warnings };
  return {
    ok: true,
    value: {
      plannedSessions: planned,
      sessionMinutes: minutes,
      reason: warnings.length > 0 ? reason : null,
      warnings,
    },
  };
}

// ---- How sessions are held -------------------------------------------------------------------

export type ContactMode = 'video' | 'face-to-face' | 'phone';
export type IptSessionMode = Exclude<ContactMode, 'phone'>;

export const CONTACT_MODES: readonly ContactMode[] = Object.freeze([
  'video',
  'face-to-face',
  'phone',
]);
/** IPT relies on seeing each other, so it is never delivered by phone. */
export const IPT_SESSION_MODES: readonly IptSessionMode[] = Object.freeze([
  'video',
  'face-to-face',
]);

export const CONTACT_MODE_LABELS: Readonly<Record<ContactMode, string>> = {
  video: 'Video call',
  'face-to-face': 'Face to face',
  phone: 'Phone call',
};

export type IptModeError = 'phone' | 'invalid';

export const IPT_MODE_MESSAGES: Readonly<Record<IptModeError, string>> = {
  phone: 'IPT is not offered by phone. Select a video call or a face-to-face session',
  invalid: 'Select a video call or a face-to-face session',
};

export function isIptSessionMode(mode: string): mode is IptSessionMode {
  return (IPT_SESSION_MODES as readonly string[]).includes(mode);
}

/** Checks how an IPT treatment session will be held: video or face to face, never phone. */
export function validateIptMode(mode: string): Outcome<IptSessionMode, IptModeError> {
  if (isIptSessionMode(mode)) return { ok: true, value: mode };
  const reason: IptModeError = mode === 'phone' ? 'phone' : 'invalid';
  return { ok: false, reason, message: IPT_MODE_MESSAGES[reason] };
}

export const ASSESSMENT_MODE_MESSAGE =
  'Select a phone call, a video call or a face-to-face appointment';

/** Assessments, unlike IPT sessions, may be by phone. */
export function validateAssessmentMode(mode: string): Outcome<ContactMode, 'invalid'> {
  if ((CONTACT_MODES as readonly string[]).includes(mode)) {
    return { ok: true, value: mode as ContactMode };
  }
  return { ok: false, reason: 'invalid', message: ASSESSMENT_MODE_MESSAGE };
}
