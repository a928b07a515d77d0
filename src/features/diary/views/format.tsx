import { Tag } from 'nhsuk-react-components';
import type { AppointmentStatus } from '../../../db/schema';
import { formatLongDate, utcToLondon } from '../../../domain/calendar';
import {
  APPOINTMENT_KIND_LABELS,
  MEETING_MODE_LABELS,
  formatTimeRange,
  minutesBetween,
} from '../../../domain/diary';
import type { AppointmentDetail } from '../diary.repository';

export const STATUS_LABELS: Record<AppointmentStatus, string> = {
  booked: 'Booked',
  attended: 'Attended',
  arrived_late: 'Arrived late',
  did_not_attend: 'Did not attend',
  cancelled: 'Cancelled',
};

const STATUS_COLOURS: Record<AppointmentStatus, 'blue' | 'green' | 'yellow' | 'red' | 'grey'> = {
  booked: 'blue',
  attended: 'green',
  arrived_late: 'yellow',
  did_not_attend: 'red',
  cancelled: 'grey',
};

/**
 * The same, as the patient reads it about their own appointments: what happened, with no staff
 * shorthand and no alarm colour for a missed one.
 */
export const PATIENT_STATUS_LABELS: Record<AppointmentStatus, string> = {
  booked: 'Booked',
  attended: 'You came',
  arrived_late: 'You came',
  did_not_attend: 'Missed',
  cancelled: 'Cancelled',
};

/** A sentence for the patient's own appointment page, once it is no longer just booked. */
export const PATIENT_STATUS_SENTENCES: Record<AppointmentStatus, string> = {
  booked: 'This appointment is booked.',
  attended: 'You came to this appointment.',
  arrived_late: 'You came to this appointment.',
  did_not_attend: 'We missed you at this appointment.',
  cancelled: 'This appointment is cancelled.',
};

const PATIENT_STATUS_COLOURS: Record<AppointmentStatus, 'blue' | 'green' | 'grey'> = {
  booked: 'blue',
  attended: 'green',
  arrived_late: 'green',
  did_not_attend: 'grey',
  cancelled: 'grey',
};

export function StatusTag({
  status,
  forPatient = false,
}: {
  status: AppointmentStatus;
  /** On the patient's own pages. */
  forPatient?: boolean;
}) {
  return forPatient ? (
    <Tag modifier={PATIENT_STATUS_COLOURS[status]}>{PATIENT_STATUS_LABELS[status]}</Tag>
  ) : (
    <Tag modifier={STATUS_COLOURS[status]}>{STATUS_LABELS[status]}</Tag>
  );
}

/** "Wednesday 2 December 2026" */
export function dayOf(instant: Date): string {
  return formatLongDate(utcToLondon(instant).date);
}

/** "Wednesday 2 December 2026, 10am to 10:50am" */
export function whenText(startsAt: Date, endsAt: Date): string {
  return `${dayOf(startsAt)}, ${formatTimeRange(startsAt, endsAt)}`;
}

export function lengthText(startsAt: Date, endsAt: Date): string {
  return `${minutesBetween(startsAt, endsAt)} minutes`;
}

export function kindText(d: AppointmentDetail): string {
  const label = APPOINTMENT_KIND_LABELS[d.appointment.type];
  return d.appointment.sessionNumber ? `${label} ${d.appointment.sessionNumber}` : label;
}

/** "Video call", "Phone call" or "Face to face: Room 2, Leeds Central". */
export function whereText(d: Pick<AppointmentDetail, 'appointment' | 'location' | 'room'>): string {
  const mode = MEETING_MODE_LABELS[d.appointment.mode];
  if (d.appointment.mode !== 'face_to_face') return mode;
  return `${mode}: ${d.room?.name ?? 'room not set'}, ${d.location?.name ?? 'location not set'}`;
}

export function patientName(d: Pick<AppointmentDetail, 'patient'>): string {
  return `${d.patient.givenName} ${d.patient.familyName}`;
}
