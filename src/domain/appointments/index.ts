// Rules about appointments that more than one feature applies (the diary, triage).
export {
  attendanceChangeRefusal,
  hasStarted,
  mayAgreeTaskAt,
  outcomeRecordingCheck,
  taskChangeOnAttendance,
  withdrawsMissedMessage,
  withdrawsTaskWhenMissed,
  type RecordingCheck,
} from './started';
export {
  ACCESS_NEEDS,
  accessNeedsInWords,
  lacksNeededStepFree,
  needsStepFree,
  STEP_FREE_NEED,
} from './access';
