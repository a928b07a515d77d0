// Supervision (issue 11 part B) has no front door yet: nothing else calls into it.
export { supervisedCourses, type SupervisedCourse } from './supervision.service';
