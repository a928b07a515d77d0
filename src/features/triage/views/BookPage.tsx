import type { ReactNode } from 'react';
import { Button } from 'nhsuk-react-components';
import { ASSESSMENT_MODES } from '../../../db/schema';
import { formatLondonDateTime } from '../../../domain/calendar';
import { DateTimeFields, ModeField, RoomField } from '../../../ui/appointment-fields';
import { SelectField } from '../../../ui/fields';
import { CsrfField, ErrorSummaryBox, type FieldError } from '../../../ui/forms';
import { MODE_LABELS } from '../referral-labels';
import type { BookingValues } from '../triage.forms';
import type { Recipient } from '../triage.messages';
import type { AssessmentRow, ReferralRow } from '../triage.repository';
import { RecipientsText } from './ClosePage';
import { OutsideHoursField } from '../../diary';

export interface BookPageProps {
  referral: ReferralRow;
  clinicians: { id: string; displayName: string }[];
  /** Rooms in use, for face to face (grouped by location on the form). */
  rooms: { id: string; name: string; locationId: string; locationName: string }[];
  current: AssessmentRow | null;
  values: BookingValues;
  recipients: Recipient[];
  csrfToken: string;
  errors?: FieldError[];
  /** The week of free times above the form; choosing one fills the clinician, date and time. */
  freeTimes?: ReactNode;
}

const MODE_HINTS: Record<string, string> = {
  video: 'We will send them a link to join.',
  phone: 'The clinician phones them at this time.',
  face_to_face: 'At one of the service’s locations. Choose the room, and we tell them where.',
};

export function BookPage(props: BookPageProps) {
  const { referral, clinicians, rooms, current, values, recipients, csrfToken, errors } = props;
  const form = { values, errors };
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <ErrorSummaryBox errors={errors} />
        <span className="nhsuk-caption-l">
          {referral.givenName} {referral.familyName}, {referral.reference}
        </span>
        <h1>{current ? 'Change the assessment booking' : 'Book the wellbeing assessment'}</h1>
        {current ? (
          <p>
            {current.startsAt
              ? `Booked now for ${formatLondonDateTime(current.startsAt)}.`
              : 'Booked now.'}{' '}
            A new booking replaces it.
          </p>
        ) : null}
        {clinicians.length > 0 ? props.freeTimes : null}
        {clinicians.length === 0 ? (
          <p>There are no therapists to book with. Ask a service manager to invite one.</p>
        ) : (
          <form method="post" action={`/staff/referrals/${referral.id}/book`} noValidate>
            <CsrfField token={csrfToken} />
            <SelectField
              form={form}
              name="clinicianId"
              label="Clinician"
              hint="If nobody is responsible for this patient yet, this clinician will be."
            >
              <option value="">Choose a clinician</option>
              {clinicians.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.displayName}
                </option>
              ))}
            </SelectField>
            <DateTimeFields
              form={form}
              dateHint="UK time. For example, 27 3 2027"
              timeLabel="Time"
              timeHint="UK time, for example 09:30 or 2:30pm. It takes an hour in the clinician’s diary."
            />
            <ModeField
              form={form}
              name="mode"
              legend="How will the assessment happen?"
              choices={ASSESSMENT_MODES.map((m) => ({
                mode: m,
                label: MODE_LABELS[m],
                hint: MODE_HINTS[m],
                conditional:
                  m === 'face_to_face' ? (
                    <RoomField
                      form={form}
                      rooms={rooms}
                      label="Room"
                      hint="The room is in the diary, so nobody else can book it at that time"
                      emptyOption="Choose a room"
                      noRooms="There are no rooms to book. Ask a service manager to add a location with rooms, or choose video or phone."
                    />
                  ) : undefined,
              }))}
            />
            <OutsideHoursField form={form} />
            <RecipientsText recipients={recipients} />
            <p className="nhsuk-body-s">
              The message gives the date, time and how it will happen, and nothing about their
              health.
            </p>
            <Button type="submit">Book assessment</Button>
          </form>
        )}
      </div>
    </div>
  );
}
