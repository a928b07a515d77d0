/**
 * The appointment diary's rules, with no I/O: booking checks, weekly series across bank holidays
 * and clock changes, reminder timing and wording, calendar files and the diary layout.
 */
export {
  APPOINTMENT_KINDS,
  APPOINTMENT_KIND_LABELS,
  DEFAULT_MINUTES,
  MAX_APPOINTMENT_MINUTES,
  MEETING_MODES,
  MEETING_MODE_LABELS,
  bookableKinds,
  checkBooking,
  meetingModesFor,
  overlaps,
  roomBusyMessage,
  sessionsLeftToBook,
  type AppointmentKind,
  type BookingFacts,
  type BookingField,
  type BookingIssue,
  type BookingIssueCode,
  type BookingRequest,
  type Interval,
  type MeetingMode,
} from './booking';
export {
  closureOn,
  londonDayRange,
  planSingleSlot,
  planWeeklySlots,
  weekStart,
  type PlanResult,
  type Slot,
} from './schedule';
export {
  DEFAULT_QUESTIONNAIRE_DAYS_BEFORE,
  DEFAULT_REMINDER_OFFSETS_MINUTES,
  EVENING_REMINDER_TIME,
  QUIET_HOURS,
  inQuietHours,
  kindSendTime,
  noticeSendTime,
  QUESTIONNAIRE_REMINDER_TIME,
  bookedListMessage,
  bookedMessage,
  cancelledMessage,
  changedMessage,
  courseEndedMessage,
  describeOffset,
  howToAttend,
  planReminders,
  questionnaireMessage,
  rearrangeRequestMessage,
  reminderMessage,
  seriesBookedMessage,
  timeKeptMessage,
  type AppointmentFacts,
  type Channel,
  type MessageText,
  type PlannedReminder,
  type ReminderPlanInput,
} from './reminders';
export {
  ICS_CONTENT_TYPE,
  buildIcs,
  escapeText,
  foldLine,
  icsDateTime,
  type IcsEvent,
} from './ics';
export {
  diaryDateOrToday,
  diaryDates,
  isDiaryDate,
  diaryRange,
  formatTimeRange,
  layoutDiary,
  minutesBetween,
  type DiaryDay,
  type DiaryItem,
  type DiaryLayout,
  type DiaryView,
  type LayoutOptions,
} from './week';
export {
  ISO_WEEKDAYS,
  describeWeeklyHours,
  isWithinWeeklyHours,
  parseWeeklyHours,
  type DayHours,
  type WeeklyHoursFields,
  type WeeklyHoursIssue,
  type WeeklyHoursMap,
} from './weeklyHours';
export {
  parseDateFields,
  parseDateLine,
  parseMinutes,
  parseTimeInput,
  type DateFields,
  type InputResult,
} from './inputs';
export {
  OVERRIDABLE_CODES,
  checkHours,
  describeHoursForChoice,
  officeHoursInWords,
  freeSlots,
  notAtWorkLocations,
  outsideWorkingPattern,
  strandedByChange,
  type FreeDay,
  type FreeSlotInput,
  type HoursFacts,
  type HoursIssue,
  type HoursIssueCode,
  type StrandedSession,
  type WorkingArrangement,
} from './hours';
// What a patient is told in their inbox after missing a session.
export { missedMessageDecision, missedSessionMessage } from './missed';
// A session the patient cancels: what they are told next, and whether their therapist must offer
// another (H29).
export {
  afterPatientCancels,
  awaitsAnotherOffer,
  type AfterPatientCancels,
  type CancelledSessionFacts,
} from './cancelled';
