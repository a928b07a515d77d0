/**
 * The rules for booking an appointment in the diary. Pure: the caller gathers the facts (who,
 * which room, the course, what is already booked) and gets back every problem, each naming the
 * form field it belongs to and a message for the NHS error summary.
 *
 * The database enforces the most important rules again (no overlaps, IPT never by phone, at most
 * 50 minutes), so a rule missed here, or two people booking at once, still cannot double-book.
 */
import { lacksNeededStepFree } from '../appointments/access';
import { formatLondonDateTime } from '../calendar/london';
import {
  SESSION_LENGTH_MESSAGES,
  canDeliverIpt,
  validateIptMode,
  validateSessionLength,
  type IptPractitioner,
} from '../ipt';
import { checkHours, OVERRIDABLE_CODES } from './hours';
import type { Slot } from './schedule';
import type { WeeklyHoursMap } from './weeklyHours';

export const APPOINTMENT_KINDS = ['assessment', 'ipt_session', 'review'] as const;
export type AppointmentKind = (typeof APPOINTMENT_KINDS)[number];
export const MEETING_MODES = ['video', 'face_to_face', 'phone'] as const;
export type MeetingMode = (typeof MEETING_MODES)[number];

export const APPOINTMENT_KIND_LABELS: Readonly<Record<AppointmentKind, string>> = {
  assessment: 'Wellbeing assessment',
  ipt_session: 'IPT session',
  review: 'Review',
};

export const MEETING_MODE_LABELS: Readonly<Record<MeetingMode, string>> = {
  video: 'Video call',
  face_to_face: 'Face to face',
  phone: 'Phone call',
};

const IPT_MEETING_MODES: readonly MeetingMode[] = Object.freeze(
  MEETING_MODES.filter((m) => validateIptMode(m === 'face_to_face' ? 'face-to-face' : m).ok),
);

/**
 * The ways an appointment of this kind may be held, to offer on the forms that book or move it.
 * An IPT session is by video call or face to face, never by phone (hazard H7); an assessment or a
 * review may also be a phone call.
 */
export function meetingModesFor(kind: AppointmentKind): readonly MeetingMode[] {
  return kind === 'ipt_session' ? IPT_MEETING_MODES : MEETING_MODES;
}

/**
 * The kinds of appointment that may be booked for someone: an IPT session only within a course
 * of IPT; an assessment or a review for anyone.
 */
export function bookableKinds(inCourse: boolean): readonly AppointmentKind[] {
  return APPOINTMENT_KINDS.filter((k) => k !== 'ipt_session' || inCourse);
}

/** Default lengths offered on the form, in minutes. */
export const DEFAULT_MINUTES: Readonly<Record<AppointmentKind, number>> = {
  assessment: 60,
  ipt_session: 50,
  review: 30,
};

/** Assessments and reviews are not IPT sessions, but no appointment runs past 2 hours. */
export const MAX_APPOINTMENT_MINUTES = 120;

/** Shorter than this is a slip of the keyboard, not time to talk (walk 7: a 5-minute review). */
export const MIN_APPOINTMENT_MINUTES = 15;

export type BookingField =
  | 'type'
  | 'therapistId'
  | 'date'
  | 'time'
  | 'duration'
  | 'mode'
  | 'locationId'
  | 'roomId'
  | 'repeat';

export interface BookingIssue {
  readonly field: BookingField;
  readonly code: BookingIssueCode;
  readonly message: string;
}

export type BookingIssueCode =
  | 'past'
  | 'closed'
  | 'outside-working-pattern'
  | 'outside-opening-hours'
  | 'not-work-location'
  | 'too-long'
  | 'too-short'
  | 'phone-ipt'
  | 'invalid-mode'
  | 'no-location'
  | 'no-room'
  | 'room-elsewhere'
  | 'room-unavailable'
  | 'no-step-free-access'
  | 'location-unavailable'
  | 'not-ipt-practitioner'
  | 'no-course'
  | 'course-ended'
  | 'course-full'
  | 'therapist-busy'
  | 'room-busy'
  | 'patient-busy';

export interface Interval {
  readonly startsAt: Date;
  readonly endsAt: Date;
}

export interface BookingFacts {
  readonly now: Date;
  readonly therapist: {
    readonly name: string;
    readonly practitioner: IptPractitioner | null;
    /** Days and hours they work; null or absent when none is recorded (then not checked). */
    readonly workingPattern?: WeeklyHoursMap | null;
    /** The locations they work at; null, absent or empty when none are recorded (not checked). */
    readonly workLocations?: readonly { readonly id: string; readonly name: string }[] | null;
  };
  readonly patient: {
    readonly name: string;
    /** Their access-need codes, from their referrals (a step-free need is checked, H30). */
    readonly accessNeeds?: readonly string[];
  };
  /** The chosen location and room, if any were chosen (null when none, or not found). */
  readonly location: {
    readonly id: string;
    readonly name: string;
    readonly active: boolean;
    /** Its opening hours; absent or empty when none are recorded (then not checked). */
    readonly openingHours?: WeeklyHoursMap;
    readonly stepFreeAccess?: boolean;
  } | null;
  readonly room: {
    readonly id: string;
    readonly name: string;
    readonly locationId: string;
    readonly active: boolean;
    readonly stepFreeAccess?: boolean;
  } | null;
  /** For IPT sessions: the course they belong to. */
  readonly course: {
    readonly status: 'active' | 'ended';
    readonly plannedSessions: number;
    /** The longest a session of this course may be (50, or longer agreed with a reason). */
    readonly sessionMinutes?: number;
    readonly attendedSessions: number;
    /** IPT sessions on the course still booked (not attended, not cancelled, not missed). */
    readonly bookedSessions: number;
  } | null;
  readonly extraClosures: readonly string[];
  /** Appointments already in the diary (not cancelled), leaving out the one being rearranged. */
  readonly busy: {
    readonly therapist: readonly Interval[];
    readonly room: readonly Interval[];
    readonly patient: readonly Interval[];
  };
}

export interface BookingRequest {
  readonly kind: AppointmentKind;
  readonly mode: MeetingMode;
  readonly durationMinutes: number;
  /** One slot, or the weekly series (already planned, closures skipped). */
  readonly slots: readonly Slot[];
  /** Set when the appointment already exists and is being moved: the course count is unchanged. */
  readonly rearranging?: boolean;
  /**
   * Why the booking is outside the working pattern, opening hours or closures ("The patient
   * asked for an evening session"): given, those rules let it through (hazard H10).
   */
  readonly outsideHoursReason?: string | null;
}

/** Half-open intervals: 10:00–10:50 and 10:50–11:40 do not overlap (matches tstzrange). */
export function overlaps(a: Interval, b: Interval): boolean {
  return a.startsAt.getTime() < b.endsAt.getTime() && b.startsAt.getTime() < a.endsAt.getTime();
}

/** Sessions a course can still take: planned minus attended minus booked. Never below 0. */
export function sessionsLeftToBook(course: NonNullable<BookingFacts['course']>): number {
  return Math.max(0, course.plannedSessions - course.attendedSessions - course.bookedSessions);
}

/** Every problem with a booking; an empty list means it may go ahead. */
export function checkBooking(request: BookingRequest, facts: BookingFacts): BookingIssue[] {
  const issues: BookingIssue[] = [];
  const add = (field: BookingField, code: BookingIssueCode, message: string) =>
    issues.push({ field, code, message });
  const ipt = request.kind === 'ipt_session';
  const series = request.slots.length > 1;

  // How and how long.
  if (ipt) {
    const mode = validateIptMode(request.mode === 'face_to_face' ? 'face-to-face' : request.mode);
    if (!mode.ok) add('mode', mode.reason === 'phone' ? 'phone-ipt' : 'invalid-mode', mode.message);
    const agreed = facts.course?.sessionMinutes ?? 50;
    const length = validateSessionLength(request.durationMinutes, agreed);
    if (!length.ok && length.reason === 'too-long')
      add(
        'duration',
        'too-long',
        agreed === 50
          ? `An IPT session must be 50 minutes or less`
          : `An IPT session on this course must be ${agreed} minutes or less`,
      );
    else if (!length.ok) add('duration', 'too-long', SESSION_LENGTH_MESSAGES[length.reason]);
  } else if (request.durationMinutes > MAX_APPOINTMENT_MINUTES) {
    add(
      'duration',
      'too-long',
      `Appointment length must be ${MAX_APPOINTMENT_MINUTES} minutes or less`,
    );
  }
  if (request.durationMinutes < MIN_APPOINTMENT_MINUTES)
    add(
      'duration',
      'too-short',
      `Appointment length must be at least ${MIN_APPOINTMENT_MINUTES} minutes`,
    );

  // Where.
  if (request.mode === 'face_to_face') {
    if (!facts.location)
      add('locationId', 'no-location', 'Select a location for a face-to-face appointment');
    else if (!facts.location.active)
      add(
        'locationId',
        'location-unavailable',
        `${facts.location.name} is no longer in use. Select another location`,
      );
    if (!facts.room) {
      add(
        'roomId',
        'no-room',
        facts.location
          ? `Select a room at ${facts.location.name}`
          : 'Select a room for a face-to-face appointment',
      );
    } else if (facts.location && facts.room.locationId !== facts.location.id) {
      add(
        'roomId',
        'room-elsewhere',
        `${facts.room.name} is not at ${facts.location.name}. Select a room at ${facts.location.name}`,
      );
    } else if (!facts.room.active) {
      add(
        'roomId',
        'room-unavailable',
        `${facts.room.name} is no longer in use. Select another room`,
      );
    } else if (
      facts.location &&
      lacksNeededStepFree(
        facts.patient.accessNeeds ?? [],
        { stepFreeAccess: facts.location.stepFreeAccess ?? true },
        { stepFreeAccess: facts.room.stepFreeAccess ?? true },
      )
    ) {
      add(
        'roomId',
        'no-step-free-access',
        `${facts.patient.name} told us they need step-free access, and ${facts.room.name} at ${facts.location.name} has none. Select a room with step-free access, or book by video`,
      );
    }
  }

  // Who, and which course.
  if (ipt) {
    const practitioner = facts.therapist.practitioner;
    const can = practitioner ? canDeliverIpt(practitioner) : null;
    if (!can || !can.ok) {
      const why = can?.issues[0]?.message ?? 'They have no therapist profile with IPT training';
      add(
        'therapistId',
        'not-ipt-practitioner',
        `${facts.therapist.name} cannot deliver IPT sessions. ${why}`,
      );
    }
    if (!facts.course) {
      add('type', 'no-course', 'Book IPT sessions from the patient’s course of treatment');
    } else if (facts.course.status !== 'active') {
      add(
        'type',
        'course-ended',
        'This course of treatment has ended. You cannot book more sessions on it',
      );
    } else if (!request.rearranging) {
      const left = sessionsLeftToBook(facts.course);
      if (request.slots.length > left) {
        const planned = facts.course.plannedSessions;
        const used = planned - left;
        add(
          series ? 'repeat' : 'type',
          'course-full',
          left === 0
            ? `This course has ${planned} planned sessions and all ${planned} are attended or booked. To book more, use “Change the course length” on the course page`
            : `This course has ${planned} planned sessions and ${used} are attended or booked. You can book ${left} more`,
        );
      }
    }
  }

  // When.
  const first = request.slots[0];
  if (first && first.startsAt.getTime() <= facts.now.getTime()) {
    add('date', 'past', 'The appointment must be in the future. Enter a date and time after now');
  }
  if (!request.outsideHoursReason?.trim()) {
    const hours = checkHours(request.slots, {
      therapist: {
        name: facts.therapist.name,
        workingPattern: facts.therapist.workingPattern ?? null,
        workLocations: facts.therapist.workLocations ?? null,
      },
      location:
        request.mode === 'face_to_face' && facts.location
          ? {
              id: facts.location.id,
              name: facts.location.name,
              openingHours: facts.location.openingHours ?? {},
            }
          : null,
      extraClosures: facts.extraClosures,
    });
    for (const issue of hours) add(issue.field, issue.code, issue.message);
  }

  // Clashes (the database checks these again when the rows are written).
  const clash = (
    busy: readonly Interval[],
    field: BookingField,
    code: BookingIssueCode,
    who: string,
  ) => {
    const hit = request.slots.find((slot) => busy.some((b) => overlaps(slot, b)));
    if (!hit) return;
    add(field, code, series ? `${who} on ${formatLondonDateTime(hit.startsAt)}` : who);
  };
  clash(
    facts.busy.therapist,
    'time',
    'therapist-busy',
    `${facts.therapist.name} already has an appointment at that time`,
  );
  if (request.mode === 'face_to_face' && facts.room && facts.location)
    clash(
      facts.busy.room,
      'roomId',
      'room-busy',
      roomBusyMessage(facts.room.name, facts.location.name),
    );
  clash(
    facts.busy.patient,
    'time',
    'patient-busy',
    `${facts.patient.name} already has an appointment at that time`,
  );
  return dedupeByField(issues);
}

export function roomBusyMessage(room: string, location: string): string {
  return `${room} at ${location} is already booked at that time`;
}

/** One message per field in the error summary: the first problem found is the one to fix first. */
function dedupeByField(issues: BookingIssue[]): BookingIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    // Each hours rule keeps its own message: the therapist's pattern and the location's hours
    // can both be the reason a time is refused.
    const key =
      i.code === 'patient-busy'
        ? 'time:patient'
        : OVERRIDABLE_CODES.has(i.code)
          ? `hours:${i.code}`
          : i.field;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
