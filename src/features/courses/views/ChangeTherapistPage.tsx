import { Button, InsetText } from 'nhsuk-react-components';
import { TextareaField } from '../../../ui/fields';
import { CsrfField, ErrorSummaryBox, type FieldError } from '../../../ui/forms';
import type { ChangeTherapistValues } from '../courses.forms';
import { TherapistSelect, type TherapistOption } from './CoursePages';

/** A supervisor or manager hands a course over to another therapist. */
export function ChangeTherapistPage({
  courseId,
  patientName,
  therapistName,
  bookedSessions,
  therapists,
  csrfToken,
  values,
  errors,
}: {
  courseId: string;
  patientName: string;
  /** Their therapist now. */
  therapistName: string;
  /** Sessions still booked in the future, which move with the course. */
  bookedSessions: number;
  /** Everyone who could take it on, the therapist now left out. */
  therapists: TherapistOption[];
  csrfToken: string;
  values: ChangeTherapistValues;
  errors?: FieldError[];
}) {
  const form = { values, errors };
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <ErrorSummaryBox errors={errors} />
        <span className="nhsuk-caption-l">{patientName}</span>
        <h1>Change their therapist</h1>
        <p>Their therapist now is {therapistName}.</p>
        <InsetText>
          <p>
            The new therapist takes on the course and becomes {patientName}’s responsible clinician,
            so their open risk alerts go to the new therapist too.{' '}
            {bookedSessions === 0
              ? 'They have no sessions booked, so the new therapist arranges the next one.'
              : bookedSessions === 1
                ? 'Their 1 booked session moves to the new therapist at the same time.'
                : `Their ${bookedSessions} booked sessions move to the new therapist at the same times.`}{' '}
            We send {patientName} a message to tell them who their therapist is now.
          </p>
        </InsetText>
        <form method="post" action={`/courses/${courseId}/therapist`} noValidate>
          <CsrfField token={csrfToken} />
          <TherapistSelect form={form} label="New therapist" therapists={therapists} />
          <TextareaField
            form={form}
            name="reason"
            label="Why is their therapist changing?"
            hint="This is kept in the audit log. It is not sent to the patient."
            rows={3}
          />
          <Button type="submit">Change therapist</Button>
        </form>
        <p>
          <a href={`/courses/${courseId}`}>Back to the course</a>
        </p>
      </div>
    </div>
  );
}
