import { Button, SummaryList, Table } from 'nhsuk-react-components';
import { formatLondonDate, formatLondonDateTime } from '../../../domain/calendar';
import { APPOINTMENT_KIND_LABELS, formatTimeRange, minutesBetween } from '../../../domain/diary';
import { TextareaField } from '../../../ui/fields';
import { CsrfField, ErrorSummaryBox, type FieldError } from '../../../ui/forms';
import {
  ADDED_REASON_SEPARATOR,
  PATIENT_STATUS_LABELS,
  PATIENT_STATUS_SENTENCES,
  dayOf,
  type AppointmentDetail,
} from '../../diary';
import { PleaseDoNotWait } from '../../../ui/PleaseDoNotWait';

function Address({ detail }: { detail: AppointmentDetail }) {
  const l = detail.location;
  if (!l) return null;
  return (
    <>
      <p>
        {detail.room ? (
          <>
            {detail.room.name}
            <br />
          </>
        ) : null}
        {l.name}
        <br />
        {l.address.split(/\r?\n/).map((line) => (
          <span key={line}>
            {line}
            <br />
          </span>
        ))}
        {l.postcode}
      </p>
      <p>
        {l.stepFreeAccess && (detail.room?.stepFreeAccess ?? true)
          ? 'There is step-free access to the room.'
          : 'There is no step-free access. Call us if you need help getting to the room.'}
      </p>
      {l.accessInformation ? <p className="rapport-pre-wrap">{l.accessInformation}</p> : null}
    </>
  );
}

/** Booked and not yet over: what is only worth offering for an appointment still to come. */
const stillToCome = (detail: AppointmentDetail, now: Date) =>
  detail.appointment.status === 'booked' && detail.appointment.endsAt.getTime() > now.getTime();

function How({ detail, now }: { detail: AppointmentDetail; now: Date }) {
  const a = detail.appointment;
  if (a.mode === 'video')
    return (
      <>
        <p>Video call.</p>
        {stillToCome(detail, now) ? (
          <p>
            <a href={`/appointments/${a.id}/video`}>How to join your video appointment</a>
          </p>
        ) : null}
      </>
    );
  if (a.mode === 'phone') return <p>Phone call. We will call you.</p>;
  return (
    <>
      <p>Face to face.</p>
      <Address detail={detail} />
    </>
  );
}

function Details({ detail, now }: { detail: AppointmentDetail; now: Date }) {
  const a = detail.appointment;
  return (
    <SummaryList>
      <SummaryList.Row>
        <SummaryList.Key>Date</SummaryList.Key>
        <SummaryList.Value>{dayOf(a.startsAt)}</SummaryList.Value>
      </SummaryList.Row>
      <SummaryList.Row>
        <SummaryList.Key>Time</SummaryList.Key>
        <SummaryList.Value>
          {formatTimeRange(a.startsAt, a.endsAt)} ({minutesBetween(a.startsAt, a.endsAt)} minutes)
        </SummaryList.Value>
      </SummaryList.Row>
      <SummaryList.Row>
        <SummaryList.Key>Appointment</SummaryList.Key>
        <SummaryList.Value>{APPOINTMENT_KIND_LABELS[a.type]}</SummaryList.Value>
      </SummaryList.Row>
      <SummaryList.Row>
        <SummaryList.Key>With</SummaryList.Key>
        <SummaryList.Value>
          <a href={`/therapists/${a.therapistId}`}>{detail.therapistName}</a>
        </SummaryList.Value>
      </SummaryList.Row>
      <SummaryList.Row>
        <SummaryList.Key>How</SummaryList.Key>
        <SummaryList.Value>
          <How detail={detail} now={now} />
        </SummaryList.Value>
      </SummaryList.Row>
    </SummaryList>
  );
}

/** A request to change it is open while it is booked and asked for (walk 9). */
function openRequest(detail: AppointmentDetail): Date | null {
  const a = detail.appointment;
  return a.status === 'booked' ? a.rearrangeRequestedAt : null;
}

/** What they asked, and when: shown instead of the form again while it is open (walk 9). */
function YourRequest({ detail, asked }: { detail: AppointmentDetail; asked: Date }) {
  const reasons = (detail.appointment.rearrangeRequestReason ?? '').split(ADDED_REASON_SEPARATOR);
  return (
    <div className="nhsuk-inset-text">
      <p>
        <strong>You asked to change this appointment on {formatLondonDateTime(asked)}.</strong> We
        will contact you. Your appointment stays booked until then.
      </p>
      <p>What you told us:</p>
      {reasons.map((r, i) => (
        <p key={i}>{i === 0 ? `“${r}”` : r}</p>
      ))}
    </div>
  );
}

function Actions({ detail, now }: { detail: AppointmentDetail; now: Date }) {
  const a = detail.appointment;
  const future = a.status === 'booked' && a.startsAt.getTime() > now.getTime();
  return (
    <ul className="nhsuk-list">
      {stillToCome(detail, now) ? (
        <li>
          <a href={`/appointments/${a.id}/calendar.ics`} download>
            Add to your calendar
            <span className="nhsuk-u-visually-hidden"> ({dayOf(a.startsAt)})</span>
          </a>
        </li>
      ) : null}
      {future ? (
        <>
          <li>
            <a href={`/appointments/${a.id}/rearrange`}>
              {openRequest(detail) ? 'Add something to your request' : 'Ask to change the time'}
              <span className="nhsuk-u-visually-hidden">
                {' '}
                of your appointment on {dayOf(a.startsAt)}
              </span>
            </a>
          </li>
          <li>
            <a href={`/appointments/${a.id}/cancel`}>
              Cancel this appointment
              <span className="nhsuk-u-visually-hidden"> on {dayOf(a.startsAt)}</span>
            </a>
          </li>
        </>
      ) : null}
    </ul>
  );
}

/** After discharge: their time with us has ended, and how to come back (walk 13). */
function TimeWithUsEnded({ courseEndedAt }: { courseEndedAt: Date | null }) {
  return (
    <>
      <div className="nhsuk-inset-text">
        <p className="nhsuk-heading-s">Your time with our service has ended</p>
        <p>
          {courseEndedAt
            ? `Your course of therapy ended on ${formatLondonDate(courseEndedAt)}, so you have no more appointments with us.`
            : 'You have no more appointments with us.'}
        </p>
      </div>
      <p>
        If you need our help again in future, you can <a href="/refer">refer yourself</a> again.
      </p>
    </>
  );
}

export function AppointmentsPage({
  upcoming,
  past,
  ended = null,
  now,
  notice,
  helpNow = false,
}: {
  upcoming: AppointmentDetail[];
  past: AppointmentDetail[];
  /** They have been discharged: their time with us has ended (null while it has not). */
  ended?: { courseEndedAt: Date | null } | null;
  now: Date;
  notice?: string;
  /** They wrote words of crisis in their reason (H18): lead with where to get help now. */
  helpNow?: boolean;
}) {
  return (
    <>
      {helpNow ? (
        <PleaseDoNotWait
          waitFor="us to contact you"
          told="the clinician responsible for you"
          readBy="it"
          moreWays
        />
      ) : null}
      {notice ? (
        <div className="nhsuk-inset-text">
          <p>{notice}</p>
        </div>
      ) : null}
      <h1>Your appointments</h1>
      {upcoming.length === 0 ? (
        ended ? (
          <TimeWithUsEnded courseEndedAt={ended.courseEndedAt} />
        ) : (
          <p>
            You have no appointments booked. If you are waiting for one, we will contact you when we
            book it.
          </p>
        )
      ) : (
        <>
          <h2>Coming up</h2>
          {upcoming.map((d) => (
            <div className="nhsuk-card" key={d.appointment.id}>
              <div className="nhsuk-card__content">
                <h3 className="nhsuk-card__heading nhsuk-heading-m">
                  {formatLondonDateTime(d.appointment.startsAt)}
                </h3>
                {d.appointment.rearrangeRequestedAt ? (
                  <p>
                    <strong>
                      You asked to change this appointment on{' '}
                      {formatLondonDateTime(d.appointment.rearrangeRequestedAt)}.
                    </strong>{' '}
                    We will contact you.
                  </p>
                ) : null}
                <Details detail={d} now={now} />
                <Actions detail={d} now={now} />
              </div>
            </div>
          ))}
        </>
      )}
      {past.length > 0 ? (
        <Table caption="Past and cancelled appointments" responsive>
          <Table.Head>
            <Table.Row>
              <Table.Cell>Date</Table.Cell>
              <Table.Cell>Appointment</Table.Cell>
              <Table.Cell>What happened</Table.Cell>
            </Table.Row>
          </Table.Head>
          <Table.Body>
            {past.map((d) => (
              <Table.Row key={d.appointment.id}>
                <Table.Cell>
                  <a href={`/appointments/${d.appointment.id}`}>
                    {formatLondonDateTime(d.appointment.startsAt)}
                  </a>
                </Table.Cell>
                <Table.Cell>{APPOINTMENT_KIND_LABELS[d.appointment.type]}</Table.Cell>
                <Table.Cell>{PATIENT_STATUS_LABELS[d.appointment.status]}</Table.Cell>
              </Table.Row>
            ))}
          </Table.Body>
        </Table>
      ) : null}
      <p>
        If you need help now, <a href="/urgent-help">get help now</a>.
        {ended ? null : ' Do not wait for your appointment.'}
      </p>
    </>
  );
}

export function AppointmentPage({ detail, now }: { detail: AppointmentDetail; now: Date }) {
  const a = detail.appointment;
  const asked = openRequest(detail);
  return (
    <>
      <span className="nhsuk-caption-l">Your appointment</span>
      <h1>{formatLondonDateTime(a.startsAt)}</h1>
      {a.status !== 'booked' ? (
        <div className="nhsuk-inset-text">
          <p>{PATIENT_STATUS_SENTENCES[a.status]}</p>
        </div>
      ) : null}
      {asked ? <YourRequest detail={detail} asked={asked} /> : null}
      <Details detail={detail} now={now} />
      <Actions detail={detail} now={now} />
      <p>
        <a href="/appointments">All your appointments</a>
      </p>
    </>
  );
}

/** The cancel or change page's heading: adding to an open request says so. */
export function reasonPageTitle(detail: AppointmentDetail, kind: 'cancel' | 'rearrange'): string {
  if (kind === 'cancel') return 'Cancel your appointment';
  return openRequest(detail) ? 'Add to your request' : 'Ask to change your appointment';
}

export function PatientReasonPage({
  csrfToken,
  detail,
  kind,
  reason,
  errors,
}: {
  csrfToken: string;
  detail: AppointmentDetail;
  kind: 'cancel' | 'rearrange';
  reason: string;
  errors?: FieldError[];
}) {
  const a = detail.appointment;
  const cancel = kind === 'cancel';
  // Asked already: they add to the request rather than making another (walk 9).
  const asked = cancel ? null : openRequest(detail);
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <ErrorSummaryBox errors={errors} />
        <h1>{reasonPageTitle(detail, kind)}</h1>
        <p>
          Your appointment on {formatLondonDateTime(a.startsAt)} with {detail.therapistName}.
        </p>
        {asked ? (
          <YourRequest detail={detail} asked={asked} />
        ) : cancel ? (
          <p>
            If you can, <a href={`/appointments/${a.id}/rearrange`}>ask to change the time</a>{' '}
            instead, so you do not miss a session.
          </p>
        ) : (
          <p>Your appointment stays booked until we agree a new time with you.</p>
        )}
        <form method="post" action={`/appointments/${a.id}/${kind}`} noValidate>
          <CsrfField token={csrfToken} />
          <TextareaField
            form={{ values: { reason: reason }, errors }}
            name="reason"
            label={
              cancel
                ? 'Why do you need to cancel?'
                : asked
                  ? 'What would you like to add?'
                  : 'Why do you need to change it?'
            }
            hint={
              cancel
                ? 'Your therapist will see this. You can enter up to 500 characters.'
                : 'Tell us which days and times would suit you better. Your therapist will see this. You can enter up to 500 characters.'
            }
            rows={4}
          />
          <Button type="submit" warning={cancel}>
            {cancel ? 'Cancel appointment' : asked ? 'Add to your request' : 'Send request'}
          </Button>
        </form>
        <p>
          <a href="/appointments">Go back to your appointments</a>
        </p>
      </div>
    </div>
  );
}
