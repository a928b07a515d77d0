import { InsetText, SummaryList, Table, WarningCallout } from 'nhsuk-react-components';
import { accessNeedsInWords } from '../../../domain/appointments';
import { formatLondonDate, formatLondonDateTime } from '../../../domain/calendar';
import { formatNhsNumber, formatUkPhoneNumber } from '../../../domain/identifiers';
import { StatusTag, kindText, whenText, whereText } from '../../diary';
import { PatientOutcomesSection } from '../../outcomes';
import type { PatientSummary } from '../patient-summary';

/** The same words as the referral for anything the person did not give us. */
export const NOT_GIVEN = 'Not given';

function Row({ label, value }: { label: string; value: string | null | undefined }) {
  return (
    <SummaryList.Row>
      <SummaryList.Key>{label}</SummaryList.Key>
      <SummaryList.Value>
        {value?.trim() ? <span className="rapport-pre-wrap">{value}</span> : NOT_GIVEN}
      </SummaryList.Value>
    </SummaryList.Row>
  );
}

/** How letters reach the person by email (src/features/letters/letters.delivery.ts). */
function lettersByEmail(patient: PatientSummary['patient']): string {
  if (!patient.email || !patient.allowEmail) return 'No: we do not email about letters';
  return patient.allowLettersByEmail
    ? 'Yes: each letter is attached to an email'
    : 'No: an email says when a letter is ready to read here';
}

/** The ways the person agrees we may contact them, as the details form names them. */
function contactWays(patient: PatientSummary['patient']): string {
  const ways = [
    patient.allowEmail ? 'email' : null,
    patient.allowSms ? 'text message' : null,
    patient.allowVoicemail ? 'voicemail' : null,
  ].filter((w) => w !== null);
  if (ways.length === 0) return 'None: no emails, texts or voicemails';
  const text = ways.join(', ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** After discharge the course shown is the last one, not a current one. */
function courseHeading(isOwnRecord: boolean, ended: boolean): string {
  if (isOwnRecord) return ended ? 'Your last course of treatment' : 'Your treatment';
  return ended ? 'Last course' : 'Current course';
}

export function PatientRecordPage({
  summary,
  showRecordViews = false,
  flash,
}: {
  summary: PatientSummary;
  /** A service manager may see who has viewed this record. */
  showRecordViews?: boolean;
  /** What was just saved, if anything. */
  flash?: string | undefined;
}) {
  const { patient, isOwnRecord, course, therapistName, appointments, outcomes, links } = summary;
  const name = `${patient.givenName} ${patient.familyName}`;
  return (
    <>
      {flash ? (
        <InsetText>
          <p>{flash}</p>
        </InsetText>
      ) : null}
      <h1>{isOwnRecord ? 'Your details' : name}</h1>
      {summary.openAlerts.length > 0 ? (
        <WarningCallout id="open-risk-alerts">
          <WarningCallout.Heading headingLevel="h2">
            {summary.openAlerts.length === 1
              ? '1 open risk alert'
              : `${summary.openAlerts.length} open risk alerts`}
          </WarningCallout.Heading>
          <p>Each stays open until a clinician records what they did.</p>
          <ul>
            {summary.openAlerts.map((a) => (
              <li key={a.id}>
                <a href={`/staff/risk/${a.id}`}>{a.reason}</a> (raised{' '}
                {formatLondonDateTime(a.raisedAt)})
              </li>
            ))}
          </ul>
        </WarningCallout>
      ) : null}
      <h2>{isOwnRecord ? 'About you' : 'Personal details'}</h2>
      <SummaryList>
        <Row label="Name" value={name} />
        <Row label="Date of birth" value={summary.dateOfBirth} />
        <Row
          label="NHS number"
          value={patient.nhsNumber ? formatNhsNumber(patient.nhsNumber) : null}
        />
        <SummaryList.Row>
          <SummaryList.Key>Communication and access needs</SummaryList.Key>
          <SummaryList.Value>
            {patient.accessNeeds.length > 0
              ? accessNeedsInWords(patient.accessNeeds, patient.accessNeedsOther)
              : 'None recorded'}
          </SummaryList.Value>
        </SummaryList.Row>
      </SummaryList>
      <h2>Contact details</h2>
      <SummaryList>
        <Row label="Address" value={patient.address} />
        <Row label="Postcode" value={patient.postcode} />
        <Row label="Email" value={patient.email} />
        <Row
          label="Mobile phone"
          value={patient.mobile ? formatUkPhoneNumber(patient.mobile) : null}
        />
        <Row
          label={isOwnRecord ? 'We may contact you by' : 'Agreed ways of contact'}
          value={contactWays(patient)}
        />
        <Row label="Letters by email" value={lettersByEmail(patient)} />
      </SummaryList>
      <h2>GP</h2>
      <SummaryList>
        <Row label="GP practice" value={patient.gpPractice} />
        <Row label="GP practice email" value={patient.gpEmail} />
      </SummaryList>
      {links.changeDetails ? (
        <p>
          <a href={links.changeDetails}>Change contact and GP details</a>
        </p>
      ) : links.changeOwnContact ? (
        <>
          <p>
            <a href={links.changeOwnContact}>Change your contact details</a>
          </p>
          <p>
            If you have changed GP, <a href="/messages/ask">send us a message</a> and we will update
            it.
          </p>
        </>
      ) : isOwnRecord ? (
        <p>If any of these details have changed, tell your therapist or the service.</p>
      ) : null}
      {links.message ? (
        <p>
          <a href={links.message}>Send {name} a message</a>
        </p>
      ) : null}

      <h2>{courseHeading(isOwnRecord, course?.status === 'ended')}</h2>
      {course ? (
        <>
          <SummaryList>
            <Row label="Treatment" value="Interpersonal therapy (IPT)" />
            <Row label="Therapist" value={therapistName} />
            <Row label="Status" value={course.status === 'active' ? 'Active' : 'Ended'} />
            {/* The day is what matters; the time a course was set up is noise (walk 10). */}
            <Row label="Started" value={formatLondonDate(course.startedAt)} />
            <Row
              label="Sessions"
              value={`${course.attendedSessions} of ${course.plannedSessions} attended`}
            />
          </SummaryList>
          {links.course ? (
            <p>
              <a href={links.course}>View the course</a>
            </p>
          ) : null}
          {appointments.length > 0 ? (
            <Table caption={isOwnRecord ? 'Your sessions' : `Sessions for ${name}`} responsive>
              <Table.Head>
                <Table.Row>
                  <Table.Cell>When</Table.Cell>
                  <Table.Cell>Appointment</Table.Cell>
                  <Table.Cell>How and where</Table.Cell>
                  <Table.Cell>Status</Table.Cell>
                </Table.Row>
              </Table.Head>
              <Table.Body>
                {appointments.map((a) => {
                  const href = links.appointment(a.appointment.id);
                  const when = whenText(a.appointment.startsAt, a.appointment.endsAt);
                  return (
                    <Table.Row key={a.appointment.id}>
                      <Table.Cell>{href ? <a href={href}>{when}</a> : when}</Table.Cell>
                      <Table.Cell>{kindText(a)}</Table.Cell>
                      <Table.Cell>{whereText(a)}</Table.Cell>
                      <Table.Cell>
                        <StatusTag status={a.appointment.status} forPatient={isOwnRecord} />
                      </Table.Cell>
                    </Table.Row>
                  );
                })}
              </Table.Body>
            </Table>
          ) : (
            <p>No sessions booked yet.</p>
          )}
        </>
      ) : (
        <p>
          {isOwnRecord
            ? 'You have not started treatment with us yet.'
            : 'No course of treatment yet.'}
        </p>
      )}

      {links.progress || links.questionnaires || links.appointments ? (
        <>
          <h2>{isOwnRecord ? 'More about your care' : 'Progress'}</h2>
          <ul className="nhsuk-list">
            {links.appointments ? (
              <li>
                <a href={links.appointments}>Your appointments</a>
              </li>
            ) : null}
            {links.progress ? (
              <li>
                <a href={links.progress}>{isOwnRecord ? 'Your progress' : 'Scores by session'}</a>
              </li>
            ) : null}
            {links.questionnaires ? (
              <li>
                <a href={links.questionnaires}>Session questionnaires</a>
              </li>
            ) : null}
          </ul>
        </>
      ) : null}
      {outcomes ? <PatientOutcomesSection courses={outcomes} /> : null}
      {showRecordViews ? (
        <p>
          <a href={`/patients/${patient.id}/record-views`}>Who has viewed this record</a>
        </p>
      ) : null}
    </>
  );
}
