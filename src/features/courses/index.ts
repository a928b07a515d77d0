export { allocate, currentCourseOf, endCourse, whenAttendanceRecorded } from './courses.service';
export { findCourse, type CourseRow } from './courses.repository';
