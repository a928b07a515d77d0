export { allocate, endCourse, whenAttendanceRecorded } from './courses.service';
