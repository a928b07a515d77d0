export {
  allocate,
  caseloadSizes,
  currentCourseOf,
  endCourse,
  whenAttendanceRecorded,
} from './courses.service';
export { findCourse, type CourseRow } from './courses.repository';
export { communityInviteChoice, dischargeCourse, type DischargeInput } from './courses.discharge';
