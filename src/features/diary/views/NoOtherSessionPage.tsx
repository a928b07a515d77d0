import { Button } from 'nhsuk-react-components';
import { formatLondonDateTime } from '../../../domain/calendar';
import {
  NO_OTHER_SESSION_REASON_LABELS,
  NO_OTHER_SESSION_REASONS,
  type NoOtherSessionReason,
} from '../../../domain/diary';
import { RadiosField, TextareaField } from '../../../ui/fields';
import { CsrfField, ErrorSummaryBox, type FieldError } from '../../../ui/forms';
import type { NoOtherSessionValues } from '../diary.forms';
import type { CancelledSession } from '../diary.service';

/** Said under an option where the label alone may not be enough. */
const HINTS: Partial<Record<NoOtherSessionReason, string>> = {
  course_ending: 'For example, this was one of the last sessions and the ending is agreed',
};

/**
 * "No other session needed": for a session the patient cancelled, why no other is needed, so it
 * leaves the diary's list of sessions to offer (H29). The reason is kept with who recorded it.
 */
export function NoOtherSessionPage({
  csrfToken,
  session,
  values,
  errors,
}: {
  csrfToken: string;
  session: CancelledSession;
  values: NoOtherSessionValues;
  errors?: FieldError[];
}) {
  const form = { values, errors };
  return (
    <>
      <ErrorSummaryBox errors={errors} />
      <span className="nhsuk-caption-l">{session.patientName}</span>
      <h1>No other session needed</h1>
      <p>
        {session.patientName} cancelled their session on {formatLondonDateTime(session.startsAt)}.
        Their reason: “{session.reason}”
      </p>
      <p>
        If they do not need another session, say why. It then leaves the list of sessions to offer
        on the diary, and the reason is kept on the appointment with your name.
      </p>
      <form
        method="post"
        action={`/diary/appointments/${session.appointmentId}/no-other-session`}
        noValidate
      >
        <CsrfField token={csrfToken} />
        <RadiosField
          form={form}
          name="why"
          legend="Why is no other session needed?"
          legendProps={{ size: 'm' }}
          choices={NO_OTHER_SESSION_REASONS.map((r) => ({
            value: r,
            label: NO_OTHER_SESSION_REASON_LABELS[r],
            hint: HINTS[r],
            conditional:
              r === 'other' ? (
                <TextareaField form={form} name="whyOther" label="What is the reason?" rows={3} />
              ) : undefined,
          }))}
        />
        <Button type="submit">Save: no other session needed</Button>
      </form>
    </>
  );
}
