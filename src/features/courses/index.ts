export {
  allocate,
  caseloadSizes,
  coursesToHandOver,
  currentCourseOf,
  whenAttendanceRecorded,
  type CourseToHandOver,
} from './courses.service';
export { CoursesToHandOver } from './views/CoursesToHandOver';
export { findCourse, type CourseRow } from './courses.repository';
export { communityInviteChoice, dischargeCourse, type DischargeInput } from './courses.discharge';
