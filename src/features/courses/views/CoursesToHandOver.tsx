import { WarningCallout } from 'nhsuk-react-components';
import { formatLondonDateTime } from '../../../domain/calendar';
import type { CourseToHandOver } from '../courses.service';

/** On a service manager's home: courses left with a therapist who can no longer sign in. */
export function CoursesToHandOver({ courses }: { courses: readonly CourseToHandOver[] }) {
  if (courses.length === 0) return null;
  return (
    <WarningCallout id="courses-to-hand-over">
      <WarningCallout.Heading headingLevel="h2">Courses to hand over</WarningCallout.Heading>
      <p>
        {courses.length === 1
          ? 'This course’s therapist no longer has access, so nobody will hold its booked sessions.'
          : 'These courses’ therapists no longer have access, so nobody will hold their booked sessions.'}{' '}
        Open each one and hand it over to another therapist: the sessions move with it and the
        patient is told who their therapist is now.
      </p>
      <ul>
        {courses.map((c) => (
          <li key={c.courseId}>
            <a href={`/courses/${c.courseId}`}>{c.patientName}</a>, with {c.therapistName}:{' '}
            {c.nextAppointment
              ? `next session ${formatLondonDateTime(c.nextAppointment)}, ${c.bookedSessions} booked`
              : 'no session booked'}
          </li>
        ))}
      </ul>
    </WarningCallout>
  );
}
