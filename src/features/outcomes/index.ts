export {
  courseSessions,
  currentResponses,
  findCourseOutcome,
  patientCourseOutcomes,
  recordCourseOutcome,
} from './outcomes.service';
export { scoresOfCourse, type ResponseRow } from './outcomes.compute';
export type { StoredOutcome } from './outcomes.labels';
// Outcome sections other pages embed (a course page, a patient record).
export {
  CourseOutcomeSummary,
  PatientOutcomesSection,
  type EndedCourseOutcome,
} from './views/OutcomePages';
