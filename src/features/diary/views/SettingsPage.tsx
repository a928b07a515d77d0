import { Button } from 'nhsuk-react-components';
import { formatLongDate } from '../../../domain/calendar';
import { describeOffset } from '../../../domain/diary';
import { CheckboxesField, TextField, TextareaField } from '../../../ui/fields';
import { CsrfField, ErrorSummaryBox, type FieldError } from '../../../ui/forms';
import type { SettingsValues } from '../diary.forms';

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'].map(
  (label, i) => ({ value: String(i + 1), label }),
);

/** Opening days and times, the office's or the Wall's: read back by `parseHours`. */
function HoursFields({
  prefix,
  values,
  errors,
  withExamples = false,
}: {
  prefix: 'office' | 'wall';
  values: SettingsValues;
  errors?: FieldError[] | undefined;
  withExamples?: boolean;
}) {
  const form = { values, errors };
  return (
    <>
      <CheckboxesField form={form} name={`${prefix}Days`} legend="Open on" choices={WEEKDAYS} />
      <TextField
        form={form}
        name={`${prefix}Opens`}
        label="Opens at"
        hint={withExamples ? 'For example, 09:00 or 9am' : undefined}
        width={5}
      />
      <TextField
        form={form}
        name={`${prefix}Closes`}
        label="Closes at"
        hint={withExamples ? 'For example, 17:00 or 5pm' : undefined}
        width={5}
      />
    </>
  );
}

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
        <h1>Opening hours, closures and reminders</h1>
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
          <h2>Office hours</h2>
          <p>
            When the service is open. Risk alerts not acted on escalate at the end of the working
            day, patients&rsquo; questions count as waiting only in these hours, and pages tell
            people when we answer.
          </p>
          <HoursFields prefix="office" values={values} errors={errors} withExamples />
          <h2>When the Wall is open</h2>
          <p>
            Members can post on the Wall only when it is open. Set these to the hours your
            moderators cover: the Wall does not check that one is on duty. Leave these empty to open
            it in office hours. It is closed on bank holidays and the extra closure dates too.
          </p>
          <HoursFields prefix="wall" values={values} errors={errors} />
          <h2>Closures and reminders</h2>
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
