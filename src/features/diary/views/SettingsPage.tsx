import { Button } from 'nhsuk-react-components';
import { formatLongDate } from '../../../domain/calendar';
import { describeOffset } from '../../../domain/diary';
import { TextField, TextareaField } from '../../../ui/fields';
import { CsrfField, ErrorSummaryBox, type FieldError } from '../../../ui/forms';
import type { SettingsValues } from '../diary.forms';

export function SettingsPage({
  csrfToken,
  values,
  errors,
  saved,
  current,
}: {
  csrfToken: string;
  values: SettingsValues;
  errors?: FieldError[];
  saved?: boolean;
  current: { extraClosures: string[]; reminderOffsetsMinutes: number[] };
}) {
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <ErrorSummaryBox errors={errors} />
        {saved ? (
          <div className="nhsuk-inset-text">
            <p>Settings saved.</p>
          </div>
        ) : null}
        <h1>Closures and reminders</h1>
        <p>
          Bank holidays in England and Wales are worked out automatically. A weekly course leaves
          out a session that would fall on one, or on one of these extra closures, and runs a week
          longer instead.
        </p>
        {current.extraClosures.length > 0 ? (
          <>
            <h2 className="nhsuk-heading-s">Extra closures now</h2>
            <ul>
              {current.extraClosures.map((d) => (
                <li key={d}>{formatLongDate(d)}</li>
              ))}
            </ul>
          </>
        ) : null}
        <p>
          Reminders now go{' '}
          {current.reminderOffsetsMinutes.length > 0
            ? current.reminderOffsetsMinutes.map(describeOffset).join(' and ')
            : 'never'}{' '}
          before each appointment.
        </p>
        <form method="post" action="/diary/settings" noValidate>
          <CsrfField token={csrfToken} />
          <TextareaField
            form={{ values, errors }}
            name="extraClosures"
            label="Extra closure dates"
            hint="One date on each line, for example 24/12/2026. Leave empty for none."
            rows={6}
          />
          <TextField
            form={{ values, errors }}
            name="reminderHours"
            label="Send appointment reminders this many hours before"
            hint="Separate with commas. For example, 48, 2 sends a reminder 2 days and 2 hours before. Leave empty for none."
            width={10}
          />
          <TextField
            form={{ values, errors }}
            name="questionnaireDays"
            label="Remind patients to answer their questionnaires this many days before an IPT session"
            hint="Sent at 9am. 0 sends no questionnaire reminder."
            width={2}
            inputMode="numeric"
          />
          <TextField
            form={{ values, errors }}
            name="plannedIptSessions"
            label="Planned sessions for a new IPT course"
            hint="Between 12 and 16. Can be changed for each course when it is allocated."
            width={2}
            inputMode="numeric"
          />
          <Button type="submit">Save settings</Button>
        </form>
      </div>
    </div>
  );
}
