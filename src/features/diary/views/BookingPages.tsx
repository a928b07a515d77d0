import type { ReactNode } from 'react';
import { Button, Table } from 'nhsuk-react-components';
import {
  APPOINTMENT_KIND_LABELS,
  MEETING_MODE_LABELS,
  bookableKinds,
  meetingModesFor,
  type AppointmentKind,
} from '../../../domain/diary';
import { accessNeedsInWords, needsStepFree } from '../../../domain/appointments';
import { formatDate } from '../../../domain/calendar';
import { CsrfField, ErrorSummaryBox, errorFor, type FieldError } from '../../../ui/forms';
import { DateTimeFields, ModeField, RoomField } from '../../../ui/appointment-fields';
import { RadiosField, SelectField, TextField, fieldHref } from '../../../ui/fields';
import { SWITCH_TYPE_FIELD, type BookingFormValues } from '../diary.forms';
import type { CourseSummary } from '../diary.service';
import { OutsideHoursField } from './OutsideHours';

export interface RoomOption {
  id: string;
  name: string;
  locationId: string;
  locationName: string;
}

export interface LocationOption {
  id: string;
  name: string;
}

const MODE_HINTS: Record<string, string> = {
  video: 'The patient joins from a link we send them',
  face_to_face: 'Choose the location and room below',
  phone: 'We call the patient',
};

/**
 * Date, time, length, how and where: shared by booking and rearranging. How it happens offers
 * only the ways this kind of appointment may be held: never a phone call for an IPT session.
 */
export function WhenWhereFields({
  kind,
  values,
  errors,
  locations,
  rooms,
}: {
  kind: AppointmentKind;
  values: BookingFormValues;
  errors?: FieldError[];
  locations: LocationOption[];
  rooms: RoomOption[];
}) {
  const form = { values, errors };
  return (
    <>
      <DateTimeFields
        form={form}
        dateHint="For example, 2 12 2026"
        timeHint="UK time. For example, 10:00 or 2:30pm"
      />
      <TextField
        form={form}
        name="duration"
        label="Length in minutes"
        hint="IPT sessions are 50 minutes or less"
        width={3}
        inputMode="numeric"
      />
      <ModeField
        form={form}
        name="mode"
        legend="How will the appointment happen?"
        hint={
          kind === 'ipt_session'
            ? 'IPT sessions are by video call or face to face, never by phone'
            : undefined
        }
        choices={meetingModesFor(kind).map((m) => ({
          mode: m,
          label: MEETING_MODE_LABELS[m],
          hint: MODE_HINTS[m],
        }))}
      />
      <SelectField form={form} name="locationId" label="Location (face to face only)">
        <option value="">No location</option>
        {locations.map((l) => (
          <option key={l.id} value={l.id}>
            {l.name}
          </option>
        ))}
      </SelectField>
      <RoomField
        form={form}
        rooms={rooms}
        locations={locations}
        label="Room (face to face only)"
        hint="Choose a room at the location above"
        emptyOption="No room"
      />
    </>
  );
}

export interface BookingPageProps {
  csrfToken: string;
  /**
   * `accessNeeds`: the record's communication and access need codes (H30); `accessNeedsOther`:
   * what "Something else" is, in the person's words.
   */
  patient: {
    id: string;
    name: string;
    accessNeeds: readonly string[];
    accessNeedsOther?: string | null;
  };
  course: CourseSummary | null;
  therapists: { id: string; name: string }[] | null;
  fixedTherapist: { id: string; name: string } | null;
  values: BookingFormValues;
  errors?: FieldError[];
  locations: LocationOption[];
  rooms: RoomOption[];
  /** The week of free times above the form; choosing one fills the date and time. */
  freeTimes?: ReactNode;
}

export function BookingPage(props: BookingPageProps) {
  const { values, errors, course } = props;
  const form = { values, errors };
  // A therapist books into their own diary: shown as text, so its error is shown by hand.
  const therapistError = errorFor(errors, 'therapistId');
  const left = course?.leftToBook ?? 0;
  // The type is chosen first (a button for each other type, which sends the form back with what
  // was typed), as it decides how the appointment may be held: an IPT session never by phone
  // (H7). Only a course can have IPT sessions.
  const kinds = bookableKinds(course !== null);
  const kind = kinds.find((k) => k === values.type) ?? null;
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <ErrorSummaryBox errors={errors} />
        <span className="nhsuk-caption-l">{props.patient.name}</span>
        <h1>Book an appointment</h1>
        {course ? (
          <div className="nhsuk-inset-text">
            <p>
              Course of IPT with {course.therapistName}: {course.attendedSessions} of{' '}
              {course.plannedSessions} sessions attended, {course.bookedSessions} booked, {left}{' '}
              left to book.
            </p>
          </div>
        ) : null}
        {props.patient.accessNeeds.length > 0 ? (
          <div className="nhsuk-inset-text">
            <p>
              Their communication and access needs:{' '}
              {accessNeedsInWords(props.patient.accessNeeds, props.patient.accessNeedsOther)}.
              {needsStepFree(props.patient.accessNeeds)
                ? ' Rooms without step-free access cannot be booked for them.'
                : ''}
            </p>
          </div>
        ) : null}
        {kind ? (
          <TypeChosen
            kind={kind}
            others={kinds.filter((k) => k !== kind)}
            error={errorFor(errors, 'type')}
          />
        ) : null}
        {props.freeTimes}
        <form id={BOOKING_FORM} method="post" action="/diary/book" noValidate>
          <CsrfField token={props.csrfToken} />
          <input type="hidden" name="patientId" value={props.patient.id} />
          {course ? <input type="hidden" name="courseId" value={course.id} /> : null}
          {kind ? (
            <input type="hidden" name="type" value={kind} />
          ) : (
            <RadiosField
              form={form}
              name="type"
              legend="Type of appointment"
              legendProps={{ size: 's' }}
              choices={kinds.map((k) => ({ value: k, label: APPOINTMENT_KIND_LABELS[k] }))}
            />
          )}
          {props.therapists ? (
            <SelectField form={form} name="therapistId" label="Therapist">
              <option value="">Choose a therapist</option>
              {props.therapists.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name}
                </option>
              ))}
            </SelectField>
          ) : props.fixedTherapist ? (
            <div
              className={
                therapistError ? 'nhsuk-form-group nhsuk-form-group--error' : 'nhsuk-form-group'
              }
            >
              <input type="hidden" name="therapistId" value={props.fixedTherapist.id} />
              <p id="therapistId">
                In the diary of: <strong>{props.fixedTherapist.name}</strong>
              </p>
              {therapistError ? (
                <span className="nhsuk-error-message">
                  <span className="nhsuk-u-visually-hidden">Error: </span>
                  {therapistError}
                </span>
              ) : null}
            </div>
          ) : null}
          <WhenWhereFields
            kind={kind ?? 'ipt_session'}
            values={values}
            errors={errors}
            locations={props.locations}
            rooms={props.rooms}
          />
          {course && left > 0 && (kind === null || kind === 'ipt_session') ? (
            <RadiosField
              // "Just this one" unless weekly was chosen, so the default books one session.
              form={{ values: { repeat: values.repeat === 'weekly' ? 'weekly' : 'once' }, errors }}
              name="repeat"
              legend="How many IPT sessions?"
              legendProps={{ size: 's' }}
              hint="A session that would fall on a bank holiday or a service closure is left out, and the course runs on a week longer instead. A bank holiday on another day of that week moves nothing."
              choices={[
                { value: 'once', label: 'Just this one' },
                {
                  value: 'weekly',
                  label: `This one and the rest of the course, weekly (${String(left)} in all)`,
                },
              ]}
            />
          ) : null}
          <OutsideHoursField form={form} />
          <Button type="submit">Book appointment</Button>
        </form>
      </div>
    </div>
  );
}

const KIND_IN_A_SENTENCE: Record<AppointmentKind, string> = {
  assessment: 'a wellbeing assessment',
  ipt_session: 'an IPT session',
  review: 'a review',
};

/** The booking form's id: the buttons for another type, above the free times, belong to it. */
const BOOKING_FORM = 'booking-form';

/**
 * The type being booked, with a button to book each other type instead. Each sends the booking
 * form (`form` attribute: the free times' own form lies between), which shows it again for that
 * type with everything typed kept; it books nothing. Works without JavaScript.
 */
function TypeChosen({
  kind,
  others,
  error,
}: {
  kind: AppointmentKind;
  others: readonly AppointmentKind[];
  error: string | undefined;
}) {
  return (
    // The error summary's link for the type lands here (`type-1`, as for a choice).
    <div
      id={fieldHref.choice('type')}
      tabIndex={-1}
      className={error ? 'nhsuk-form-group nhsuk-form-group--error' : 'nhsuk-form-group'}
    >
      {/*
        Enter in a box of the form presses its first button: this one, so Enter books (or shows
        what is missing), never changes the type. Hidden from sight, the tab order and readers.
      */}
      <button
        type="submit"
        form={BOOKING_FORM}
        className="nhsuk-u-visually-hidden"
        tabIndex={-1}
        aria-hidden="true"
      >
        Book appointment
      </button>
      <h2 className="nhsuk-heading-s nhsuk-u-margin-bottom-2">
        Type of appointment: {APPOINTMENT_KIND_LABELS[kind]}
      </h2>
      {error ? (
        <span className="nhsuk-error-message">
          <span className="nhsuk-u-visually-hidden">Error: </span>
          {error}
        </span>
      ) : null}
      <ul className="nhsuk-list">
        {others.map((k) => (
          <li key={k}>
            <button
              type="submit"
              form={BOOKING_FORM}
              name={SWITCH_TYPE_FIELD}
              value={k}
              className="nhsuk-link"
            >
              Book {KIND_IN_A_SENTENCE[k]} instead
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}

export function ChoosePatientPage({
  patients,
}: {
  patients: { id: string; givenName: string; familyName: string; dateOfBirth: string }[];
}) {
  return (
    <>
      <h1>Book an appointment</h1>
      <p>
        Choose who the appointment is for. For someone in a course of IPT, the appointment is added
        to their course.
      </p>
      {patients.length === 0 ? (
        <p>There are no patients on your caseload yet.</p>
      ) : (
        <Table caption="Patients" responsive>
          <Table.Head>
            <Table.Row>
              <Table.Cell>Name</Table.Cell>
              <Table.Cell>Date of birth</Table.Cell>
              <Table.Cell>Action</Table.Cell>
            </Table.Row>
          </Table.Head>
          <Table.Body>
            {patients.map((p) => (
              <Table.Row key={p.id}>
                <Table.Cell>
                  {p.givenName} {p.familyName}
                </Table.Cell>
                <Table.Cell>{formatDate(p.dateOfBirth)}</Table.Cell>
                <Table.Cell>
                  <a href={`/diary/book?patient=${p.id}`}>
                    Book
                    <span className="nhsuk-u-visually-hidden">
                      {' '}
                      for {p.givenName} {p.familyName}
                    </span>
                  </a>
                </Table.Cell>
              </Table.Row>
            ))}
          </Table.Body>
        </Table>
      )}
    </>
  );
}
