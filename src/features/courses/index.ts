export { allocate, currentCourseOf, endCourse, whenAttendanceRecorded } from './courses.service';
export { communityInviteChoice, dischargeCourse, type DischargeInput } from './courses.discharge';
