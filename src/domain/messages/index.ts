export {
  ESCALATE_AFTER_WORKING_DAYS,
  SHOW_ON_HOME_AFTER_WORKING_DAYS,
  addWorkingDays,
  unansweredLevel,
  type Unanswered,
} from './unanswered';
