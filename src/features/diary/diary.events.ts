import type {
  AppointmentMode,
  AppointmentStatus,
  AppointmentType,
  CancelledBy,
} from '../../db/schema';
import { eventChannel } from '../../platform/events';

/** What a reacting feature is told about the appointment that changed. */
export interface ChangedAppointment {
  id: string;
  patientId: string;
  therapistId: string;
  courseId: string | null;
  type: AppointmentType;
  startsAt: Date;
  endsAt: Date;
  mode: AppointmentMode;
}

/**
 * The diary owns appointments; these are raised in the transaction that changed one, so a
 * feature's reaction (triage's assessment, a course's attended count) commits with it.
 */
export type DiaryEvents = {
  'appointment.cancelled': {
    appointment: ChangedAppointment;
    cancelledBy: CancelledBy;
    reason: string;
  };
  'appointment.moved': { appointment: ChangedAppointment; previousStartsAt: Date };
  'appointment.attendance_recorded': {
    appointment: ChangedAppointment;
    status: AppointmentStatus;
    /** For an IPT session: the course's attended sessions counted from the diary after this. */
    courseAttendedSessions: number | null;
  };
};

export const diaryEvents = eventChannel<DiaryEvents>();
