import { Button, DateInput, Radios, Select, TextInput } from 'nhsuk-react-components';
import { ASSESSMENT_MODES } from '../../../db/schema';
import { formatLondonDateTime } from '../../../domain/calendar';
import { CsrfField, ErrorSummaryBox, errorFor, type FieldError } from '../../../ui/forms';
import { MODE_LABELS } from '../referral-labels';
import type { BookingValues } from '../triage.forms';
import type { Recipient } from '../triage.messages';
import type { AssessmentRow, ReferralRow } from '../triage.repository';
import { RecipientsText } from './ClosePage';

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
}

const MODE_HINTS: Record<string, string> = {
  video: 'We will send them a link to join.',
  phone: 'The clinician phones them at this time.',
  face_to_face: 'At one of the service’s locations. Choose the room, and we tell them where.',
};

/** The room select for face to face: grouped by location; the room says where. */
function RoomSelect({
  rooms,
  value,
  error,
}: {
  rooms: BookPageProps['rooms'];
  value: string;
  error: string | undefined;
}) {
  const locations = [...new Map(rooms.map((r) => [r.locationId, r.locationName])).entries()];
  if (rooms.length === 0)
    return (
      <p className="nhsuk-body-s" id="roomId">
        There are no rooms to book. Ask a service manager to add a location with rooms, or choose
        video or phone.
      </p>
    );
  return (
    <Select
      id="roomId"
      name="roomId"
      label="Room"
      hint="The room is in the diary, so nobody else can book it at that time"
      defaultValue={value}
      error={error}
    >
      <Select.Option value="">Choose a room</Select.Option>
      {locations.map(([locationId, locationName]) => (
        <optgroup key={locationId} label={locationName}>
          {rooms
            .filter((r) => r.locationId === locationId)
            .map((r) => (
              <option key={r.id} value={r.id}>
                {r.name}, {locationName}
              </option>
            ))}
        </optgroup>
      ))}
    </Select>
  );
}

export function BookPage(props: BookPageProps) {
  const { referral, clinicians, rooms, current, values, recipients, csrfToken, errors } = props;
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <ErrorSummaryBox errors={errors} />
        <span className="nhsuk-caption-l">
          {referral.givenName} {referral.familyName}, {referral.reference}
        </span>
        <h1>{current ? 'Change the assessment booking' : 'Book the wellbeing assessment'}</h1>
        {current ? (
          <p>Booked now for {formatLondonDateTime(current.startsAt)}. A new booking replaces it.</p>
        ) : null}
        {clinicians.length === 0 ? (
          <p>There are no therapists to book with. Ask a service manager to invite one.</p>
        ) : (
          <form method="post" action={`/staff/referrals/${referral.id}/book`} noValidate>
            <CsrfField token={csrfToken} />
            <Select
              id="clinicianId"
              name="clinicianId"
              label="Clinician"
              hint="If nobody is responsible for this patient yet, this clinician will be."
              defaultValue={values.clinicianId}
              error={errorFor(errors, 'clinicianId')}
            >
              <Select.Option value="">Choose a clinician</Select.Option>
              {clinicians.map((c) => (
                <Select.Option key={c.id} value={c.id}>
                  {c.displayName}
                </Select.Option>
              ))}
            </Select>
            <DateInput
              id="date"
              name="date"
              legend="Date"
              legendProps={{ size: 's' }}
              hint="UK time. For example, 27 3 2027"
              error={errorFor(errors, 'date')}
            >
              <DateInput.Day defaultValue={values.day} />
              <DateInput.Month defaultValue={values.month} />
              <DateInput.Year defaultValue={values.year} />
            </DateInput>
            <TextInput
              id="time"
              name="time"
              label="Time"
              hint="UK time, for example 09:30 or 2:30pm. It takes an hour in the clinician’s diary."
              width={5}
              autoComplete="off"
              defaultValue={values.time}
              error={errorFor(errors, 'time')}
            />
            <Radios
              name="mode"
              idPrefix="mode"
              legend="How will the assessment happen?"
              legendProps={{ size: 's' }}
              error={errorFor(errors, 'mode')}
            >
              {ASSESSMENT_MODES.map((m) => (
                <Radios.Item
                  key={m}
                  value={m}
                  hint={MODE_HINTS[m]}
                  defaultChecked={values.mode === m}
                  conditional={
                    m === 'face_to_face' ? (
                      <RoomSelect
                        rooms={rooms}
                        value={values.roomId}
                        error={errorFor(errors, 'roomId')}
                      />
                    ) : undefined
                  }
                >
                  {MODE_LABELS[m]}
                </Radios.Item>
              ))}
            </Radios>
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
