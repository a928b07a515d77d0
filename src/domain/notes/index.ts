export {
  COUNTERSIGN_MESSAGES,
  NOTE_STATE_LABELS,
  canAddAddendum,
  canEditNote,
  checkCountersign,
  countersignatureNeeded,
  noteState,
  summaryReachesPatient,
  type CountersignRefusal,
  type NoteFacts,
  type NoteState,
} from './lifecycle';
export {
  ADDENDUM_MAX,
  NOTE_FIELDS,
  NOTE_FIELD_MAX,
  SUMMARY_MAX,
  checkReadyToSign,
  parseAddendum,
  parseDraft,
  type NoteContent,
  type NoteField,
} from './content';
export {
  CORRECTION_COUNTERSIGN_MESSAGES,
  CORRECTION_MAX,
  CORRECTION_STATUS_LABELS,
  canCorrectSummary,
  checkCorrectionCountersign,
  correctionCountersigned,
  correctionNeedsCountersignature,
  correctionReachesPatient,
  correctionStatus,
  parseCorrection,
  type CorrectionFacts,
  type CorrectionStatus,
} from './corrections';
export { ATTENDED_STATUSES, NOTE_DUE_WORKING_DAYS, isNoteOverdue, noteDueBy } from './overdue';
export {
  SUPERVISION_TEXT_MAX,
  parseSupervisionNote,
  parseTask,
  parseReflection,
  TASK_TEXT_MAX,
  type ReflectionInput,
  type SupervisionNoteInput,
  type TaskInput,
} from './forms';
