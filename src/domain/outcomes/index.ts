// Public API of the NHS Talking Therapies outcome definitions, rates and waiting times.
export {
  MIN_TREATMENT_CONTACTS_TO_FINISH,
  RELIABLE_RECOVERY_BENCHMARKS,
  SECOND_APPOINTMENT_WAIT_WATCH_DAYS,
  WAITING_TIME_STANDARDS,
  hasFinishedTreatment,
  isCasenessPair,
  isNoReliableChange,
  isRecovered,
  isReliableDeterioration,
  isReliableImprovement,
  isReliableRecovery,
} from './definitions';
export type {
  AnxietyMeasureRule,
  CourseOutcome,
  CourseOutcomeInput,
  CourseOutcomeResult,
  OutcomeInputError,
  PairedScores,
} from './course';
export { GAD7_ANXIETY_RULE, courseOutcome } from './course';
export type { OutcomeForRates, OutcomeRates, Rate } from './rates';
export { outcomeRates, rate } from './rates';
export type {
  DateInput,
  WaitingStandardResult,
  WaitingTimeRecord,
  WaitingTimeStandardsReport,
} from './waiting';
export {
  daysToFirstTreatment,
  isLongWaitForSecondAppointment,
  londonCalendarDate,
  londonDaysBetween,
  waitingTimeStandards,
} from './waiting';
export type { MeasurePair, PairedScore, ScoreCandidate, ScoreContext } from './pairing';
export {
  FIRST_SCORE_CONTEXTS,
  firstScore,
  lastTreatmentScore,
  pairScores,
  sessionScoresCount,
} from './pairing';
export type { BaselineScore } from './baseline';
export { baselineWhen, describeBaseline, describeChange } from './baseline';
export type { OffTrackInput, OffTrackReason, OffTrackResult } from './off-track';
export { OFF_TRACK_REASON_LABELS, offTrack, offTrackMidpoint } from './off-track';
export type { AgeBandKey, BreakdownCell, ShownCount, SuppressedCell } from './reporting';
export {
  AGE_BANDS,
  ATTENDED_STATUSES,
  DEFAULT_SMALL_CELL_THRESHOLD,
  DID_NOT_ATTEND_STATUS,
  EXPORT_SCORE_CODES,
  ageBand,
  isSmallCell,
  suppressBreakdown,
} from './reporting';
