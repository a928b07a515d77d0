import type { ReactNode } from 'react';
import { Button, SummaryList } from 'nhsuk-react-components';
import { formatLondonDateTime } from '../../../domain/calendar';
import { RadiosField, TextareaField } from '../../../ui/fields';
import { CsrfField, ErrorSummaryBox, type FieldError } from '../../../ui/forms';
import type { AttendanceValues, BookingFormValues, CancelValues } from '../diary.forms';
import type { AppointmentDetail } from '../diary.repository';
import { ADDED_REASON_SEPARATOR, type StaffAppointmentDetail } from '../diary.service';
import { OutsideHoursField } from './OutsideHours';
import { WhenWhereFields, type LocationOption, type RoomOption } from './BookingPages';
import { StatusTag, kindText, lengthText, patientName, whenText, whereText } from './format';
import { messageFor } from '../../../ui/notices';
import { RaisedAlerts, type RaisedAlert } from '../../../ui/RaisedAlerts';

const DONE_MESSAGES: Record<string, string> = {
  booked:
    'Appointment booked. The patient has been sent a confirmation if they agreed to messages.',
  series: 'Appointments booked. The patient has been sent the dates if they agreed to messages.',
  rearranged: 'Appointment moved. The patient has been told about the change.',
  // Saved with the same time and place (walk 9): nothing moved and nobody was told.
  unchanged:
    'Nothing changed: the appointment is already at this time and place. The patient has not been told anything.',
  time_kept:
    'The time stays as it is. The request to change it is closed and the patient has been told, if they agreed to messages.',
  cancelled: 'Appointment cancelled. The patient has been told and their reminders stopped.',
  attendance: 'Attendance recorded.',
  // A missed session or review (H29); an assessment's follow-up is triage's.
  missed:
    'Recorded as did not attend. We have sent them a message saying we missed them, with the time of their next appointment, or how to arrange one if none is booked.',
  // No message (walk 7): say why, so the clinician can get in touch themself if they need to.
  missed_seen_since:
    'Recorded as did not attend. We have not sent them a message, because they have come to an appointment since. Contact them yourself if you need to.',
  missed_too_late:
    'Recorded as did not attend. We have not sent them a message, because the appointment was more than a week ago. Contact them yourself if you need to.',
};

/**
 * Which notice a `done` code shows: a missed assessment's follow-up is triage's, and "missed" is
 * said only of an appointment that now shows it (not of a booked one with the code typed in).
 */
function doneCode(done: string, a: { status: string; type: string }): string | null {
  if (!done.startsWith('missed')) return done;
  if (a.status !== 'did_not_attend') return null;
  return a.type === 'assessment' ? 'attendance' : done;
}

function CancelFields({
  values,
  errors,
}: {
  values: { cancelledBy: string; reason: string };
  errors?: FieldError[];
}) {
  const form = { values, errors };
  return (
    <>
      <RadiosField
        form={form}
        name="cancelledBy"
        legend="Who cancelled?"
        legendProps={{ size: 's' }}
        choices={[
          { value: 'patient', label: 'The patient' },
          { value: 'service', label: 'The service' },
        ]}
      />
      <TextareaField
        form={form}
        name="reason"
        label="Reason"
        hint="Kept on the record. The patient is not sent this."
        rows={3}
      />
    </>
  );
}

export interface StaffAppointmentPageProps {
  csrfToken: string;
  detail: StaffAppointmentDetail;
  now: Date;
  done?: string;
  count?: number;
  attendance?: AttendanceValues;
  cancel?: CancelValues;
  errors?: FieldError[];
  /** Risk alerts this appointment raised: a missed session after risk (H29). */
  alerts?: readonly RaisedAlert[];
}

export function StaffAppointmentPage({
  csrfToken,
  detail,
  now,
  alerts = [],
  done,
  count,
  attendance,
  cancel,
  errors,
}: StaffAppointmentPageProps) {
  const a = detail.appointment;
  const started = a.startsAt.getTime() <= now.getTime();
  const doneMessage =
    done === 'series' && count
      ? `${count} appointments booked. The patient has been sent the dates if they agreed to messages.`
      : done
        ? messageFor(DONE_MESSAGES, doneCode(done, a))
        : undefined;
  return (
    <>
      <ErrorSummaryBox errors={errors} />
      {doneMessage ? (
        <div className="nhsuk-inset-text">
          <span className="nhsuk-u-visually-hidden">Information: </span>
          <p>{doneMessage}</p>
        </div>
      ) : null}
      <span className="nhsuk-caption-l">{patientName(detail)}</span>
      <h1>{kindText(detail)}</h1>
      <RaisedAlerts
        alerts={alerts}
        by="this missed appointment"
        reason="They told us about risk in the 16 weeks before this appointment and did not come. Contact them today, and record what you did on the alert."
      />
      <SummaryList>
        <SummaryList.Row>
          <SummaryList.Key>Patient</SummaryList.Key>
          <SummaryList.Value>
            {detail.mayOpenPatient ? (
              <a href={`/patients/${detail.patient.id}`}>{patientName(detail)}</a>
            ) : (
              patientName(detail)
            )}
          </SummaryList.Value>
        </SummaryList.Row>
        <SummaryList.Row>
          <SummaryList.Key>Therapist</SummaryList.Key>
          <SummaryList.Value>{detail.therapistName}</SummaryList.Value>
        </SummaryList.Row>
        <SummaryList.Row>
          <SummaryList.Key>When</SummaryList.Key>
          <SummaryList.Value>{whenText(a.startsAt, a.endsAt)}</SummaryList.Value>
        </SummaryList.Row>
        <SummaryList.Row>
          <SummaryList.Key>Length</SummaryList.Key>
          <SummaryList.Value>{lengthText(a.startsAt, a.endsAt)}</SummaryList.Value>
        </SummaryList.Row>
        <SummaryList.Row>
          <SummaryList.Key>How and where</SummaryList.Key>
          <SummaryList.Value>
            {whereText(detail)}
            {detail.location && a.mode === 'face_to_face' ? (
              <>
                <br />
                {detail.location.address.split('\n').join(', ')}, {detail.location.postcode}
              </>
            ) : null}
          </SummaryList.Value>
        </SummaryList.Row>
        <SummaryList.Row>
          <SummaryList.Key>Status</SummaryList.Key>
          <SummaryList.Value>
            <StatusTag status={a.status} />
            {a.status === 'cancelled' ? (
              <p>
                Cancelled by {a.cancelledBy === 'patient' ? 'the patient' : 'the service'}
                {a.cancelledAt ? ` on ${formatLondonDateTime(a.cancelledAt)}` : ''}:{' '}
                {a.cancellationReason}
              </p>
            ) : null}
          </SummaryList.Value>
        </SummaryList.Row>
        {/* Why it left the diary's list of sessions to offer, and who said so (H29). */}
        {detail.noOtherSession ? (
          <SummaryList.Row>
            <SummaryList.Key>Another session</SummaryList.Key>
            <SummaryList.Value>
              <p>Not needed. Why: {detail.noOtherSession.reasonText}</p>
              <p>
                Recorded by {detail.noOtherSession.decidedByName} on{' '}
                {formatLondonDateTime(detail.noOtherSession.decidedAt)}
              </p>
            </SummaryList.Value>
          </SummaryList.Row>
        ) : null}
        {a.rearrangeRequestedAt && a.status === 'booked' ? (
          <SummaryList.Row>
            <SummaryList.Key>Asked to rearrange</SummaryList.Key>
            <SummaryList.Value>
              <RequestReasons at={a.rearrangeRequestedAt} reason={a.rearrangeRequestReason} />
            </SummaryList.Value>
          </SummaryList.Row>
        ) : null}
        {a.outsideHoursReason ? (
          <SummaryList.Row>
            <SummaryList.Key>Outside the usual hours</SummaryList.Key>
            <SummaryList.Value>{a.outsideHoursReason}</SummaryList.Value>
          </SummaryList.Row>
        ) : null}
        {a.courseId ? (
          <SummaryList.Row>
            <SummaryList.Key>Course</SummaryList.Key>
            <SummaryList.Value>
              <a href={`/courses/${a.courseId}`}>Open the course</a>
            </SummaryList.Value>
          </SummaryList.Row>
        ) : null}
      </SummaryList>

      {/* Issue 11 part B: the note is written during or after the session. */}
      {a.courseId && a.type === 'ipt_session' && a.status !== 'cancelled' ? (
        <p>
          <a href={`/notes/${a.id}`}>Session note and tasks</a>
        </p>
      ) : null}

      {a.status === 'booked' ? (
        <p>
          <a href={`/diary/appointments/${a.id}/rearrange`}>Rearrange this appointment</a>
        </p>
      ) : null}

      {/* The patient asked to change it; the time can stay, and they are told (walk 9). */}
      {a.status === 'booked' && a.rearrangeRequestedAt && !started ? (
        <form method="post" action={`/diary/appointments/${a.id}/keep-time`} noValidate>
          <CsrfField token={csrfToken} />
          <p>
            If you cannot find another time, keep this one. The request closes and we tell the
            patient we could not change it, and to contact us if they cannot come.
          </p>
          <Button type="submit" secondary id="keep">
            Keep the time and tell the patient
          </Button>
        </form>
      ) : null}

      {started && a.status !== 'cancelled' ? (
        <>
          <h2>Record attendance</h2>
          <form method="post" action={`/diary/appointments/${a.id}/attendance`} noValidate>
            <CsrfField token={csrfToken} />
            <RadiosField
              form={{ values: { status: attendance?.status ?? a.status }, errors }}
              name="status"
              legend="Did the patient attend?"
              legendProps={{ size: 's' }}
              choices={[
                { value: 'attended', label: 'Attended' },
                { value: 'arrived_late', label: 'Arrived late' },
                {
                  value: 'did_not_attend',
                  label: 'Did not attend',
                  // Said before saving (walk 7), with when the message is not sent.
                  hint:
                    a.type === 'assessment'
                      ? undefined
                      : 'We send them a message saying we missed them, once, unless they have come to an appointment since or it was more than a week ago. If they told us about risk in the last 16 weeks, a risk alert opens for you to contact them today.',
                },
                // Cancelling is for an appointment still booked; its reasons open beneath.
                ...(a.status === 'booked'
                  ? [
                      {
                        value: 'cancelled',
                        label: 'Cancelled',
                        conditional: (
                          <CancelFields
                            values={{
                              cancelledBy: attendance?.cancelledBy ?? '',
                              reason: attendance?.reason ?? '',
                            }}
                            errors={errors}
                          />
                        ),
                      },
                    ]
                  : []),
              ]}
            />
            <Button type="submit">Save attendance</Button>
          </form>
        </>
      ) : null}

      {!started && a.status === 'booked' ? (
        <>
          <h2>Cancel this appointment</h2>
          <form method="post" action={`/diary/appointments/${a.id}/cancel`} noValidate>
            <CsrfField token={csrfToken} />
            <CancelFields values={cancel ?? { cancelledBy: '', reason: '' }} errors={errors} />
            <Button type="submit" warning>
              Cancel appointment
            </Button>
          </form>
        </>
      ) : null}
      <p>
        <a href={`/diary?therapist=${a.therapistId}`}>Back to the diary</a>
      </p>
    </>
  );
}

/** The patient's request: when they first asked, and every reason they gave, each added dated. */
function RequestReasons({ at, reason }: { at: Date; reason: string | null }) {
  const [first = '', ...added] = (reason ?? '').split(ADDED_REASON_SEPARATOR);
  return (
    <>
      <p>
        On {formatLondonDateTime(at)}: “{first}”
      </p>
      {added.map((r, i) => (
        <p key={i}>{r}</p>
      ))}
    </>
  );
}

export function RearrangePage({
  csrfToken,
  detail,
  values,
  errors,
  locations,
  rooms,
  freeTimes,
}: {
  csrfToken: string;
  detail: AppointmentDetail;
  values: BookingFormValues;
  errors?: FieldError[];
  locations: LocationOption[];
  rooms: RoomOption[];
  /** The week of free times above the form; choosing one fills the date and time. */
  freeTimes?: ReactNode;
}) {
  const a = detail.appointment;
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <ErrorSummaryBox errors={errors} />
        <span className="nhsuk-caption-l">
          {patientName(detail)}: {kindText(detail)}
        </span>
        <h1>Rearrange the appointment</h1>
        <p>Now: {whenText(a.startsAt, a.endsAt)}.</p>
        {a.rearrangeRequestReason ? (
          <div className="nhsuk-inset-text">
            <p>The patient asked:</p>
            {a.rearrangeRequestReason.split(ADDED_REASON_SEPARATOR).map((r, i) => (
              <p key={i}>“{r}”</p>
            ))}
          </div>
        ) : null}
        {freeTimes}
        <form method="post" action={`/diary/appointments/${a.id}/rearrange`} noValidate>
          <CsrfField token={csrfToken} />
          <WhenWhereFields
            kind={a.type}
            values={values}
            errors={errors}
            locations={locations}
            rooms={rooms}
          />
          <OutsideHoursField form={{ values, errors }} />
          <Button type="submit">Move appointment</Button>
        </form>
        <p>
          <a href={`/diary/appointments/${a.id}`}>Back to the appointment</a>
        </p>
      </div>
    </div>
  );
}
