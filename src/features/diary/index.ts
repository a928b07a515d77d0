// The diary owns appointments: other features book, move, cancel and record attendance only
// through these, and react to its changes by subscribing to diaryEvents.
export {
  ADDED_REASON_SEPARATOR,
  BookingOutsideHours,
  appointmentTimes,
  assessmentFreeTimes,
  bookAssessmentAppointment,
  bookedAtLocationFrom,
  futureBookedAtLocationFrom,
  bookedInRoomFrom,
  cancelAppointment,
  cancelForService,
  cancelFutureCourseSessions,
  careOf,
  diarySettings,
  findAppointment,
  handOverCourseSessions,
  listForCourse,
  listForPatient,
  mySessionsToRecord,
  queueRemindersOnChannels,
  recordAssessmentHeld,
  requestRearrange,
  type AppointmentDetail,
  type AppointmentRow,
  type AssessmentBooking,
  type Canceller,
  type FreeTimes,
  type Outcome,
  type AfterPatientCancels,
  type SessionToOffer,
  type SessionToRecord,
} from './diary.service';
// A therapist's sessions still booked, for the therapists feature through app.tsx (H10).
export { futureBookedForTherapist } from './diary.repository';
export { diaryEvents, type ChangedAppointment, type DiaryEvents } from './diary.events';
export { factsFor, noticeKeyPrefix, reminderKeyPrefix } from './diary.notifications';
export { parseOutsideHours, parsePatientReason } from './diary.forms';
// "Book outside the usual hours": the same box and reason wherever appointments are booked.
export { OutsideHoursField, type OutsideHoursValues } from './views/OutsideHours';
// A week of a therapist's (and room's) free times above a booking form, each a link that fills it.
export {
  FREE_TIMES_LOOK_AHEAD_WEEKS,
  FreeTimesPanel,
  freeTimesWeek,
  type FreeTimesProps,
} from './views/FreeTimes';
// How an appointment is shown wherever it is listed (a course page, the patient's own list).
export {
  PATIENT_STATUS_LABELS,
  PATIENT_STATUS_SENTENCES,
  STATUS_LABELS,
  StatusTag,
  dayOf,
  kindText,
  patientName,
  whenText,
  whereText,
} from './views/format';
