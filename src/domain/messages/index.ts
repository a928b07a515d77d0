export {
  ESCALATE_AFTER_WORKING_DAYS,
  SHOW_ON_HOME_AFTER_WORKING_DAYS,
  addWorkingDays,
  unansweredLevel,
  waitingOnStaffSince,
  waitsOn,
  type ConversationTurn,
  type Unanswered,
} from './unanswered';
