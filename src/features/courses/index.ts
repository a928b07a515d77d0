export { allocate, currentCourseOf, endCourse, whenAttendanceRecorded } from './courses.service';
