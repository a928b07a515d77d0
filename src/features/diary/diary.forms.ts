import { CANCELLED_BY, type CancelledBy } from '../../db/schema';
import {
  APPOINTMENT_KINDS,
  DEFAULT_MINUTES,
  isNoOtherSessionReason,
  MEETING_MODES,
  NO_OTHER_SESSION_DETAIL_MAX,
  meetingModesFor,
  parseDateFields,
  parseDateLine,
  parseMinutes,
  parseTimeInput,
  type AppointmentKind,
  type MeetingMode,
  type NoOtherSessionReason,
} from '../../domain/diary';
import { validatePlannedSessions } from '../../domain/ipt';
import { dateError, fieldHref } from '../../ui/fields';
import { checkText, str, strList, type FieldError } from '../../ui/forms';
import type {
  AttendanceStatus,
  BookingInput,
  DiarySettingsInput,
  RearrangeInput,
} from './diary.service';
import { isUuid } from '../../domain/identifiers';

/** What the booking form shows back: the answers exactly as typed. */
export interface BookingFormValues {
  patientId: string;
  courseId: string;
  type: string;
  therapistId: string;
  day: string;
  month: string;
  year: string;
  time: string;
  duration: string;
  mode: string;
  locationId: string;
  roomId: string;
  repeat: string;
  /** "yes" when the booker confirms a time outside the usual hours, with the reason below. */
  outsideHours: string;
  outsideHoursReason: string;
}

export function readBookingValues(body: unknown): BookingFormValues {
  return {
    patientId: str(body, 'patientId'),
    courseId: str(body, 'courseId'),
    type: str(body, 'type'),
    therapistId: str(body, 'therapistId'),
    day: str(body, 'date-day').trim(),
    month: str(body, 'date-month').trim(),
    year: str(body, 'date-year').trim(),
    time: str(body, 'time').trim(),
    duration: str(body, 'duration').trim(),
    mode: str(body, 'mode'),
    locationId: str(body, 'locationId'),
    roomId: str(body, 'roomId'),
    repeat: str(body, 'repeat') || 'once',
    outsideHours: str(body, 'outsideHours') === 'yes' ? 'yes' : '',
    outsideHoursReason: str(body, 'outsideHoursReason').trim(),
  };
}

export const OUTSIDE_HOURS_REASON_MAX = 500;

/**
 * The reason for booking outside the usual hours: null unless the box is ticked; ticked, a
 * reason is needed (it is kept on the appointment and shown there). Hazard H10.
 */
export function parseOutsideHours(
  values: { outsideHours: string; outsideHoursReason: string },
  errors: FieldError[],
): string | null {
  if (values.outsideHours !== 'yes') return null;
  const reason = checkText(errors, 'outsideHoursReason', values.outsideHoursReason.trim(), {
    required: 'Enter why the appointment is outside the usual hours',
    label: 'The reason',
    max: OUTSIDE_HOURS_REASON_MAX,
  });
  return reason || null;
}

interface WhenWhere {
  date: string;
  time: string;
  durationMinutes: number;
  mode: MeetingMode;
  locationId: string | null;
  roomId: string | null;
  outsideHoursReason: string | null;
}

function parseWhenWhere(values: BookingFormValues, errors: FieldError[]): WhenWhere | null {
  const date = parseDateFields(
    { day: values.day, month: values.month, year: values.year },
    'Appointment date',
  );
  if (!date.ok) errors.push(dateError('date', date));
  const time = parseTimeInput(values.time, 'Start time');
  if (!time.ok) errors.push({ field: 'time', message: time.message });
  const duration = parseMinutes(values.duration, 'Length');
  if (!duration.ok) errors.push({ field: 'duration', message: duration.message });
  const mode = (MEETING_MODES as readonly string[]).includes(values.mode)
    ? (values.mode as MeetingMode)
    : null;
  if (!mode)
    errors.push({
      field: 'mode',
      href: fieldHref.choice('mode'),
      message: 'Select how the appointment will happen',
    });
  if (values.locationId && !isUuid(values.locationId))
    errors.push({ field: 'locationId', message: 'Select a location from the list' });
  if (values.roomId && !isUuid(values.roomId))
    errors.push({ field: 'roomId', message: 'Select a room from the list' });
  const outsideHoursReason = parseOutsideHours(values, errors);
  if (!date.ok || !time.ok || !duration.ok || !mode) return null;
  return {
    date: date.value,
    time: time.value,
    durationMinutes: duration.value,
    mode,
    locationId: values.locationId || null,
    roomId: values.roomId || null,
    outsideHoursReason,
  };
}

/**
 * The answers shown back with the errors. An id chosen from a list that is not an id at all (a
 * form tampered with) comes back as nothing chosen: no list could show it, and the page's free
 * times must not look it up (a 500, not the error summary). Its own message says what to do.
 */
function shownBack(values: BookingFormValues): BookingFormValues {
  const listed = (id: string) => (isUuid(id) ? id : '');
  return {
    ...values,
    therapistId: listed(values.therapistId),
    locationId: listed(values.locationId),
    roomId: listed(values.roomId),
  };
}

export function parseBooking(body: unknown): {
  values: BookingFormValues;
  input: BookingInput | null;
  errors: FieldError[];
} {
  const values = readBookingValues(body);
  const errors: FieldError[] = [];
  const kind = (APPOINTMENT_KINDS as readonly string[]).includes(values.type)
    ? (values.type as AppointmentKind)
    : null;
  if (!kind)
    errors.push({
      field: 'type',
      href: fieldHref.choice('type'),
      message: 'Select the type of appointment',
    });
  if (!isUuid(values.therapistId))
    errors.push({ field: 'therapistId', message: 'Select a therapist' });
  const whenWhere = parseWhenWhere(values, errors);
  if (values.repeat !== 'once' && values.repeat !== 'weekly')
    errors.push({
      field: 'repeat',
      href: fieldHref.choice('repeat'),
      message: 'Select how many sessions to book',
    });
  if (!kind || !whenWhere || errors.length > 0 || !isUuid(values.patientId))
    return { values: shownBack(values), input: null, errors };
  return {
    values,
    input: {
      patientId: values.patientId,
      courseId: isUuid(values.courseId) ? values.courseId : null,
      kind,
      therapistId: values.therapistId,
      ...whenWhere,
      repeat: values.repeat as 'once' | 'weekly',
    },
    errors,
  };
}

/** The button that changes the type being booked ("Book a review instead") sends this field. */
export const SWITCH_TYPE_FIELD = 'switchType';

/**
 * "Book a review instead" pressed on the booking form: the type asked for, or null when the form
 * was sent to book. A post that asks for another type never books, whatever else it carries.
 * Only a type offered for this patient (`offered`) is taken; any other is `kind: null`.
 */
export function readSwitchType(
  body: unknown,
  offered: readonly AppointmentKind[],
): { asked: true; kind: AppointmentKind | null } | { asked: false } {
  const raw = str(body, SWITCH_TYPE_FIELD);
  if (!raw) return { asked: false };
  return { asked: true, kind: offered.find((k) => k === raw) ?? null };
}

/**
 * The booking form's answers carried over to another type, so nothing typed is lost: the date,
 * time, place, therapist and the rest stay. A way of meeting the new type may not use is dropped
 * (an IPT session is never by phone, H7), a length left at the old type's usual one becomes the
 * new type's, and only an IPT session repeats weekly.
 */
export function switchBookingType(
  values: BookingFormValues,
  to: AppointmentKind | null,
): BookingFormValues {
  // A type not offered here (a form tampered with): the answers back as they were.
  if (!to) return shownBack(values);
  const from = (APPOINTMENT_KINDS as readonly string[]).includes(values.type)
    ? (values.type as AppointmentKind)
    : null;
  const usualLength =
    values.duration === '' || (from !== null && values.duration === String(DEFAULT_MINUTES[from]));
  return {
    ...shownBack(values),
    type: to,
    mode: (meetingModesFor(to) as readonly string[]).includes(values.mode) ? values.mode : '',
    duration: usualLength ? String(DEFAULT_MINUTES[to]) : values.duration,
    repeat: to === 'ipt_session' && values.repeat === 'weekly' ? 'weekly' : 'once',
  };
}

export function parseRearrange(body: unknown): {
  values: BookingFormValues;
  input: RearrangeInput | null;
  errors: FieldError[];
} {
  const values = readBookingValues(body);
  const errors: FieldError[] = [];
  const whenWhere = parseWhenWhere(values, errors);
  const input = whenWhere && errors.length === 0 ? whenWhere : null;
  return { values: input ? values : shownBack(values), input, errors };
}

const REASON_MAX = 500;

function reasonFrom(body: unknown, missing: string, errors: FieldError[]): string {
  return checkText(errors, 'reason', str(body, 'reason').trim(), {
    required: missing,
    label: 'Reason',
    max: REASON_MAX,
  });
}

export interface CancelValues {
  cancelledBy: string;
  reason: string;
}

export function parseStaffCancel(body: unknown): {
  values: CancelValues;
  input: { cancelledBy: CancelledBy; reason: string } | null;
  errors: FieldError[];
} {
  const errors: FieldError[] = [];
  const cancelledBy = str(body, 'cancelledBy');
  if (!(CANCELLED_BY as readonly string[]).includes(cancelledBy))
    errors.push({
      field: 'cancelledBy',
      href: fieldHref.choice('cancelledBy'),
      message: 'Select who cancelled the appointment',
    });
  const reason = reasonFrom(body, 'Enter the reason for cancelling', errors);
  return {
    values: { cancelledBy, reason },
    input: errors.length === 0 ? { cancelledBy: cancelledBy as CancelledBy, reason } : null,
    errors,
  };
}

export function parsePatientReason(
  body: unknown,
  missing: string,
): { reason: string; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const reason = reasonFrom(body, missing, errors);
  return { reason, errors };
}

export interface AttendanceValues {
  status: string;
  cancelledBy: string;
  reason: string;
}

export type AttendanceInput =
  | { kind: 'attendance'; status: AttendanceStatus }
  | { kind: 'cancelled'; cancelledBy: CancelledBy; reason: string };

export function parseAttendance(body: unknown): {
  values: AttendanceValues;
  input: AttendanceInput | null;
  errors: FieldError[];
} {
  const status = str(body, 'status');
  const values = {
    status,
    cancelledBy: str(body, 'cancelledBy'),
    reason: str(body, 'reason').trim(),
  };
  if (status === 'cancelled') {
    const cancel = parseStaffCancel(body);
    return {
      values,
      input: cancel.input ? { kind: 'cancelled', ...cancel.input } : null,
      errors: cancel.errors,
    };
  }
  if (status === 'attended' || status === 'arrived_late' || status === 'did_not_attend')
    return { values, input: { kind: 'attendance', status }, errors: [] };
  return {
    values,
    input: null,
    errors: [
      {
        field: 'status',
        href: fieldHref.choice('status'),
        message: 'Select whether the patient attended',
      },
    ],
  };
}

export interface SettingsValues {
  extraClosures: string;
  reminderHours: string;
  questionnaireDays: string;
  plannedIptSessions: string;
  officeDays: string[];
  officeOpens: string;
  officeCloses: string;
  wallDays: string[];
  wallOpens: string;
  wallCloses: string;
}

/** Opening days and times: the office's, or the Wall's own (`what` names them in messages). */
function parseHours(
  errors: FieldError[],
  prefix: 'office' | 'wall',
  what: string,
  values: { days: string[]; opens: string; closes: string },
): { days: number[]; opens: string; closes: string } | null {
  const days = [...new Set(values.days)]
    .filter((d) => /^[1-7]$/.test(d))
    .map(Number)
    .sort((a, b) => a - b);
  const before = errors.length;
  if (days.length === 0 || days.length !== new Set(values.days).size)
    errors.push({
      field: `${prefix}Days`,
      href: fieldHref.choice(`${prefix}Days`),
      message: `Select the days ${what} is open`,
    });
  // The office's and the Wall's boxes share their labels, so each message says whose time it is.
  const opens = parseTimeInput(values.opens, `Time ${what} opens`);
  if (!opens.ok) errors.push({ field: `${prefix}Opens`, message: opens.message });
  const closes = parseTimeInput(values.closes, `Time ${what} closes`);
  if (!closes.ok) errors.push({ field: `${prefix}Closes`, message: closes.message });
  if (opens.ok && closes.ok && closes.value <= opens.value)
    errors.push({
      field: `${prefix}Closes`,
      message: `Time ${what} closes must be after the time it opens`,
    });
  if (errors.length > before || !opens.ok || !closes.ok) return null;
  return { days, opens: opens.value, closes: closes.value };
}

export function parseSettings(body: unknown): {
  values: SettingsValues;
  input: DiarySettingsInput | null;
  errors: FieldError[];
} {
  const values: SettingsValues = {
    extraClosures: str(body, 'extraClosures'),
    reminderHours: str(body, 'reminderHours').trim(),
    questionnaireDays: str(body, 'questionnaireDays').trim(),
    plannedIptSessions: str(body, 'plannedIptSessions').trim(),
    officeDays: strList(body, 'officeDays'),
    officeOpens: str(body, 'officeOpens').trim(),
    officeCloses: str(body, 'officeCloses').trim(),
    wallDays: strList(body, 'wallDays'),
    wallOpens: str(body, 'wallOpens').trim(),
    wallCloses: str(body, 'wallCloses').trim(),
  };
  const errors: FieldError[] = [];
  const office = parseHours(errors, 'office', 'the service', {
    days: values.officeDays,
    opens: values.officeOpens,
    closes: values.officeCloses,
  });
  // Nothing given for the Wall: it opens in office hours.
  const wallGiven =
    values.wallDays.length > 0 || values.wallOpens !== '' || values.wallCloses !== '';
  const wall = wallGiven
    ? parseHours(errors, 'wall', 'the Wall', {
        days: values.wallDays,
        opens: values.wallOpens,
        closes: values.wallCloses,
      })
    : null;
  const closures: string[] = [];
  for (const line of values.extraClosures.split(/\r?\n|,/)) {
    if (!line.trim()) continue;
    const date = parseDateLine(line);
    if (!date.ok) {
      errors.push({ field: 'extraClosures', message: date.message });
      break;
    }
    closures.push(date.value);
  }
  const offsets: number[] = [];
  if (values.reminderHours !== '') {
    const parts = values.reminderHours.split(/[,\s]+/).filter(Boolean);
    const bad = parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) < 1 || Number(p) > 336);
    if (bad || parts.length > 5)
      errors.push({
        field: 'reminderHours',
        message:
          'Enter up to 5 whole numbers of hours from 1 to 336, separated by commas, like 48, 2',
      });
    else offsets.push(...parts.map((p) => Number(p) * 60));
  }
  const days = /^\d{1,2}$/.test(values.questionnaireDays) ? Number(values.questionnaireDays) : NaN;
  if (!(days >= 0 && days <= 14))
    errors.push({
      field: 'questionnaireDays',
      message: 'Enter a whole number of days from 0 to 14, like 3 (0 sends no reminder)',
    });
  const planned = validatePlannedSessions(values.plannedIptSessions);
  if (!planned.ok) errors.push({ field: 'plannedIptSessions', message: planned.message });
  return {
    values,
    input:
      errors.length === 0 && planned.ok && office
        ? {
            officeHours: office,
            wallHours: wall,
            extraClosures: [...new Set(closures)].sort(),
            reminderOffsetsMinutes: [...new Set(offsets)].sort((a, b) => b - a),
            questionnaireOpensDaysBefore: days,
            plannedIptSessions: planned.value,
          }
        : null,
    errors,
  };
}

/** "No other session needed": why, and for "Another reason" what it is (H29). */
export interface NoOtherSessionValues {
  why: string;
  whyOther: string;
}

export function parseNoOtherSession(body: unknown): {
  values: NoOtherSessionValues;
  input: { reason: NoOtherSessionReason; detail: string | null } | null;
  errors: FieldError[];
} {
  const errors: FieldError[] = [];
  const why = str(body, 'why');
  const values = { why, whyOther: str(body, 'whyOther').trim() };
  if (!isNoOtherSessionReason(why)) {
    errors.push({
      field: 'why',
      href: fieldHref.choice('why'),
      message: 'Select why no other session is needed',
    });
    return { values, input: null, errors };
  }
  // What was typed in the box of "Another reason" counts only when that is the choice.
  const detail =
    why === 'other'
      ? checkText(errors, 'whyOther', values.whyOther, {
          required: 'Enter why no other session is needed',
          label: 'The reason',
          max: NO_OTHER_SESSION_DETAIL_MAX,
        })
      : null;
  return { values, input: errors.length === 0 ? { reason: why, detail } : null, errors };
}
