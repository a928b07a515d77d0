import type { ReactNode } from 'react';
import {
  Button,
  NotificationBanner,
  SummaryList,
  Table,
  WarningCallout,
} from 'nhsuk-react-components';
import { formatDate, formatLondonDateTime } from '../../../domain/calendar';
import { formatNhsNumber, sameNhsNumber } from '../../../domain/identifiers';
import { bandFor, getMeasure, maxTotalOf } from '../../../domain/measures';
import {
  ONWARD_SENT_WAY_IDS,
  ONWARD_SENT_WAY_LABELS,
  ONWARD_SENT_WAY_WORDS,
  ONWARD_URGENCY_LABELS,
} from '../../../domain/onward-referral';
import { reportsRisk } from '../../../domain/referral-priority';
import { RadiosField } from '../../../ui/fields';
import { CsrfField, ErrorSummaryBox, type FieldError } from '../../../ui/forms';
import {
  CLOSE_REASON_LABELS,
  DECISION_LABELS,
  MODE_LABELS,
  OTHER_TREATMENT_LABELS,
  PRESENTING_PROBLEM_LABELS,
  RISK_LEVEL_LABELS,
  STATUS_LABELS,
} from '../referral-labels';
import { LetterEmails, type LetterOnRecord } from '../../letters';
import type { AnswerRow } from '../referral-answers';
import type { ReferralRow } from '../triage.repository';
import type { ReferralDetails } from '../triage.service';
import { daysText } from '../waiting';
import { londonDate, StatusTag, UrgentTag } from './ReferralTags';
import { messageFor } from '../../../ui/notices';

export interface ReferralPageProps {
  referral: ReferralRow;
  details: ReferralDetails;
  answers: AnswerRow[];
  /** Days since the referral while they are still waiting; null once they are not. */
  daysWaiting: number | null;
  csrfToken: string;
  actions: { canBook: boolean; canRecord: boolean; canClose: boolean };
  notice?: Notice | null;
  /** Why an action could not be done (someone changed the referral meanwhile). */
  problem?: string | null;
  errors?: FieldError[];
}

export interface Notice {
  heading: string;
  lines: string[];
}

const DONE_HEADINGS: Record<string, string> = {
  matched: 'Referral linked to the patient record',
  created: 'Patient record created and linked to the referral',
  closed: 'Referral closed',
  closed_duplicate: 'Referral closed as a duplicate',
  booked: 'Assessment booked',
  recorded: 'Assessment and decision recorded',
  onward_sent: 'Onward referral letter recorded as sent',
  discharged: 'Discharged and referred on',
};

const INVITE_LINES: Record<string, string> = {
  invited: 'We have emailed them an invitation to create their account.',
  no_email:
    'No account invitation was sent because we do not have their email address. This has been noted.',
  email_not_allowed:
    'No account invitation was sent because they did not allow email. This has been noted.',
  email_in_use:
    'No account invitation was sent because another account already uses their email address. This has been noted.',
};

/** The banner after an action, from the redirect's query (fixed wording only, never echoed). */
export function noticeFor(query: {
  done?: string;
  sent?: string;
  invite?: string;
  onward?: string;
}): Notice | null {
  const heading = messageFor(DONE_HEADINGS, query.done);
  if (!heading) return null;
  const lines: string[] = [];
  if (query.sent !== undefined) {
    const channels = query.sent.split(',').filter((c) => c === 'email' || c === 'sms');
    const by = channels.map((c) => (c === 'email' ? 'email' : 'text message')).join(' and by ');
    // After closing or an assessment the words wait behind sign-in; only a notice goes out.
    const inbox = query.done === 'closed' || query.done === 'recorded';
    lines.push(
      inbox
        ? channels.length === 0
          ? 'The message is in their account. No notice was sent: they did not allow email or text messages.'
          : `The message is in their account. We told them by ${by} that it is waiting.`
        : channels.length === 0
          ? 'No message was sent: they did not allow email or text messages.'
          : `Message sent by ${by}.`,
    );
  }
  if (query.done === 'closed_duplicate')
    lines.push(
      'No message was sent to the person: their other referral is still open, and they will hear from us about that one.',
    );
  const invite = messageFor(INVITE_LINES, query.invite);
  if (invite) lines.push(invite);
  if (query.done === 'discharged')
    lines.push(
      'The course and the referral are closed, booked sessions are cancelled, and the letters are written. The patient has been asked for feedback.',
    );
  if ((query.done === 'recorded' || query.done === 'discharged') && query.onward === 'send')
    lines.push(
      'Next, send the onward referral letter to the receiving service, then record below how you sent it.',
    );
  return { heading, lines };
}

const CONTEXT_LABELS: Record<string, string> = {
  referral: 'Self-referral',
  assessment: 'Wellbeing assessment',
  session: 'Session',
};

const ASSESSMENT_STATUS_LABELS: Record<string, string> = {
  booked: 'Booked',
  completed: 'Held and recorded',
  cancelled: 'Cancelled',
  did_not_attend: 'Did not attend',
};

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <SummaryList.Row>
      <SummaryList.Key>{label}</SummaryList.Key>
      <SummaryList.Value>{children}</SummaryList.Value>
    </SummaryList.Row>
  );
}

export function ReferralPage(props: ReferralPageProps) {
  const { referral, details, answers, csrfToken, actions, notice, problem, errors } = props;
  const openAlerts = details.alerts.filter((a) => a.actionedAt === null);
  // Only answers that report a risk: a referral answered "No" throughout shows no risk callout.
  const riskAnswers = answers.filter((a) => a.risk && reportsRisk(a.value));
  const base = `/staff/referrals/${referral.id}`;
  return (
    <>
      <ErrorSummaryBox errors={errors} />
      {notice ? (
        <NotificationBanner success>
          <NotificationBanner.Heading>{notice.heading}</NotificationBanner.Heading>
          {notice.lines.map((line) => (
            <p key={line}>{line}</p>
          ))}
        </NotificationBanner>
      ) : null}
      {problem ? (
        <NotificationBanner>
          <NotificationBanner.Heading>Nothing was changed</NotificationBanner.Heading>
          <p>{problem}</p>
        </NotificationBanner>
      ) : null}
      <span className="nhsuk-caption-l">Referral {referral.reference}</span>
      <h1>
        {referral.givenName} {referral.familyName}
      </h1>
      <p>
        {referral.urgent ? <UrgentTag /> : null} <StatusTag status={referral.status} />
      </p>

      {openAlerts.length > 0 || riskAnswers.length > 0 || referral.urgent ? (
        <WarningCallout>
          <WarningCallout.Heading headingLevel="h2">Risk</WarningCallout.Heading>
          {referral.urgent ? <p>This referral is marked urgent because of a risk answer.</p> : null}
          {details.alerts.length > 0 ? (
            <ul>
              {details.alerts.map((a) => (
                <li key={a.id}>
                  {a.reason} (raised {formatLondonDateTime(a.raisedAt)}).{' '}
                  {a.actionedAt ? (
                    <>
                      Action recorded {formatLondonDateTime(a.actionedAt)}
                      {a.actionedBy
                        ? ` by ${details.names.get(a.actionedBy) ?? 'a clinician'}`
                        : ''}
                      : <span className="rapport-pre-wrap">{a.actionTaken}</span>
                    </>
                  ) : (
                    <a href={`/staff/risk/${a.id}`}>Open – record the action taken</a>
                  )}
                </li>
              ))}
            </ul>
          ) : null}
          {riskAnswers.length > 0 ? (
            <>
              <h3>Their answers about safety</h3>
              <ul>
                {riskAnswers.map((a) => (
                  <li key={a.key}>
                    {a.label}: <strong>{a.value}</strong>
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </WarningCallout>
      ) : null}

      {details.stepFreeProblem ? (
        <WarningCallout>
          <WarningCallout.Heading headingLevel="h2">Step-free access</WarningCallout.Heading>
          <p>
            They told us they need step-free access, and the place they would prefer,{' '}
            {details.stepFreeProblem}, has none. Offer a room with step-free access, or video.
          </p>
        </WarningCallout>
      ) : null}

      <h2>Summary</h2>
      <SummaryList>
        <Row label="Received">
          {`${londonDate(referral.receivedAt)} (${
            props.daysWaiting === null
              ? STATUS_LABELS[referral.status]
              : `${daysText(props.daysWaiting)} waiting`
          })`}
        </Row>
        <Row label="Referral urgency">{referral.urgent ? 'Urgent' : 'Routine'}</Row>
        <Row label="Date of birth">{formatDate(referral.dateOfBirth)}</Row>
        <Row label="NHS number">
          {referral.nhsNumber ? formatNhsNumber(referral.nhsNumber) : 'Not given'}
        </Row>
        <Row label="Postcode">{referral.postcode}</Row>
        <Row label="Patient record">
          {details.patient && details.mayOpenPatient ? (
            <a href={`/patients/${details.patient.id}`}>
              {details.patient.givenName} {details.patient.familyName}
            </a>
          ) : details.patient ? (
            `${details.patient.givenName} ${details.patient.familyName} (their therapist and supervisor can open the record)`
          ) : (
            'Not matched yet'
          )}
        </Row>
        {details.patient ? (
          <Row label="Responsible clinician">
            {details.patient.responsibleClinicianId
              ? (details.names.get(details.patient.responsibleClinicianId) ?? 'Unknown')
              : 'None yet'}
          </Row>
        ) : null}
        {details.patient && !details.patient.userId ? (
          <Row label="Patient account">
            {details.patient.email
              ? 'Not invited yet'
              : 'No email address, so they cannot be invited to make an account'}
          </Row>
        ) : null}
        {referral.status === 'closed' ? (
          <Row label="Closed">
            {referral.closedReason ? CLOSE_REASON_LABELS[referral.closedReason] : 'Closed'}
            {referral.closedAt ? ` on ${londonDate(referral.closedAt)}` : ''}
            {referral.closedNote ? (
              <>
                : <span className="rapport-pre-wrap">{referral.closedNote}</span>
              </>
            ) : null}
          </Row>
        ) : null}
      </SummaryList>

      <Actions {...props} base={base} csrfToken={csrfToken} errors={errors} actions={actions} />

      <h2>Questionnaire scores</h2>
      {details.responses.length === 0 ? (
        <p>No questionnaires yet.</p>
      ) : (
        <Table caption="Questionnaire scores, newest first" responsive>
          <Table.Head>
            <Table.Row>
              <Table.Cell>Questionnaire</Table.Cell>
              <Table.Cell>When</Table.Cell>
              <Table.Cell>Score</Table.Cell>
              <Table.Cell>Band</Table.Cell>
              <Table.Cell>Risk</Table.Cell>
            </Table.Row>
          </Table.Head>
          <Table.Body>
            {details.responses.map((r) => {
              const measure = getMeasure(r.measureId);
              const band = measure && r.total !== null ? bandFor(measure, r.total) : null;
              const max = measure ? maxTotalOf(measure, r.answers) : null;
              return (
                <Table.Row key={r.id}>
                  <Table.Cell>{measure?.shortTitle ?? r.measureId}</Table.Cell>
                  <Table.Cell>
                    {CONTEXT_LABELS[r.context] ?? r.context}, {londonDate(r.completedAt)}
                  </Table.Cell>
                  <Table.Cell>
                    {r.total === null ? 'No total' : max ? `${r.total} out of ${max}` : r.total}
                  </Table.Cell>
                  <Table.Cell>{band?.label ?? 'No band'}</Table.Cell>
                  <Table.Cell>
                    {r.riskFlag ? <strong>PHQ-9 question 9 answered above 0</strong> : 'None'}
                  </Table.Cell>
                </Table.Row>
              );
            })}
          </Table.Body>
        </Table>
      )}

      {details.assessments.length > 0 ? (
        <>
          <h2>Wellbeing assessment</h2>
          {details.assessments.map((a, i) => (
            <SummaryList key={a.id} aria-label={`Assessment ${details.assessments.length - i}`}>
              <Row label="When">
                {a.startsAt ? formatLondonDateTime(a.startsAt) : 'Not recorded'}
              </Row>
              <Row label="Clinician">{details.names.get(a.clinicianId) ?? 'Unknown'}</Row>
              <Row label="How">{a.mode ? MODE_LABELS[a.mode] : 'Not recorded'}</Row>
              {details.places.has(a.id) ? (
                <Row label="Where">{details.places.get(a.id)}</Row>
              ) : null}
              <Row label="Status">{ASSESSMENT_STATUS_LABELS[a.status] ?? a.status}</Row>
              {a.presentingProblem ? (
                <Row label="Presenting problem">
                  {PRESENTING_PROBLEM_LABELS[a.presentingProblem]}
                  {a.presentingProblemOther ? `: ${a.presentingProblemOther}` : ''}
                </Row>
              ) : null}
              {a.riskLevel ? (
                <>
                  <Row label="Risk level">{RISK_LEVEL_LABELS[a.riskLevel]}</Row>
                  <Row label="What was agreed about risk">
                    <span className="rapport-pre-wrap">{a.riskAgreed}</span>
                  </Row>
                  <Row label="Safety plan">
                    <span className="rapport-pre-wrap">{a.safetyPlan ?? 'None recorded'}</span>
                  </Row>
                </>
              ) : null}
              {a.decision ? (
                <>
                  <Row label="Decision">
                    {DECISION_LABELS[a.decision]}
                    {a.otherTreatment ? `: ${OTHER_TREATMENT_LABELS[a.otherTreatment]}` : ''}
                    {a.signpostedTo ? `: ${a.signpostedTo}` : ''}
                  </Row>
                  <Row label="Reason">
                    <span className="rapport-pre-wrap">{a.decisionReason}</span>
                  </Row>
                  <Row label="Message to the patient">
                    <span className="rapport-pre-wrap">{a.patientMessage}</span>
                  </Row>
                </>
              ) : null}
            </SummaryList>
          ))}
        </>
      ) : null}

      {details.onward.length > 0 ? (
        <>
          <h2 id="onward">Onward referral</h2>
          {details.onward.map((o) => (
            <OnwardReferral
              key={o.id}
              onward={o}
              letter={details.onwardLetters.find((l) => l.id === o.letterId) ?? null}
              gpEmail={details.patient?.gpEmail ?? null}
              changeDetailsHref={details.changeDetailsHref}
              base={base}
              csrfToken={csrfToken}
              errors={errors}
            />
          ))}
        </>
      ) : null}

      <h2>Their answers</h2>
      {answers.length === 0 ? (
        <p>No answers were stored with this referral.</p>
      ) : (
        <SummaryList>
          {answers.map((a) => (
            <Row key={a.key} label={a.label}>
              <span className="rapport-pre-wrap">{a.value}</span>
            </Row>
          ))}
        </SummaryList>
      )}
    </>
  );
}

/**
 * One onward referral: what was decided, its letter, and whether the letter has been sent to the
 * receiving service. Rapport does not send it there, so until staff record how they sent it the
 * form to do so is here and the referral is on their home page (H27).
 */
function OnwardReferral({
  onward: o,
  letter,
  gpEmail,
  changeDetailsHref,
  base,
  csrfToken,
  errors,
}: {
  onward: ReferralDetails['onward'][number];
  /** Its letter, with how the copies to the GP practice and the person went. */
  letter: LetterOnRecord | null;
  /** The practice email on the patient's record now, to send the GP's copy again. */
  gpEmail: string | null;
  /** The page to add a missing practice email, when the viewer may change it. */
  changeDetailsHref: string | null;
  base: string;
  csrfToken: string;
  errors?: FieldError[];
}) {
  return (
    <>
      <SummaryList aria-label={`Onward referral to ${o.receivingService}`}>
        <Row label="Referred on to">
          {o.treatment
            ? `${o.receivingService}: ${OTHER_TREATMENT_LABELS[o.treatment]}`
            : o.receivingService}
        </Row>
        {o.courseId ? (
          <Row label="Made at">
            <a href={`/courses/${o.courseId}`}>The discharge from their course of IPT</a>
          </Row>
        ) : null}
        <Row label="Urgency">{ONWARD_URGENCY_LABELS[o.urgency]}</Row>
        <Row label="Reason">
          <span className="rapport-pre-wrap">{o.reason}</span>
        </Row>
        <Row label="Discussed with them">
          <span className="rapport-pre-wrap">{o.discussed}</span>
        </Row>
        <Row label="When">{londonDate(o.createdAt)}</Row>
        <Row label="Letter">
          {o.letterId ? (
            <a href={`/letters/${o.letterId}/pdf`}>Onward referral letter (PDF)</a>
          ) : (
            'No letter'
          )}
        </Row>
        {letter && letter.emails.length > 0 ? (
          <Row label="Copies">
            <LetterEmails
              letter={letter}
              actionBase={`${base}/letters/${letter.id}`}
              gpEmail={gpEmail}
              changeDetailsHref={changeDetailsHref}
              csrfToken={csrfToken}
            />
          </Row>
        ) : null}
        <Row label="Sent to them">
          {o.sentAt && o.sentHow
            ? `Sent ${ONWARD_SENT_WAY_WORDS[o.sentHow]}, recorded ${londonDate(o.sentAt)}`
            : 'Not recorded as sent yet'}
        </Row>
      </SummaryList>
      {o.sentAt ? null : (
        <form method="post" action={`${base}/onward/${o.id}/sent`} noValidate>
          <CsrfField token={csrfToken} />
          <RadiosField
            form={{ values: { sentHow: '' }, errors }}
            name="sentHow"
            legend={`How did you send the letter to ${o.receivingService}?`}
            legendProps={{ size: 's' }}
            hint="Rapport does not send it to them. Send the letter the way they accept referrals, then record it here."
            choices={ONWARD_SENT_WAY_IDS.map((id) => ({
              value: id,
              label: ONWARD_SENT_WAY_LABELS[id],
            }))}
          />
          <Button type="submit">Record that it was sent</Button>
        </form>
      )}
    </>
  );
}

function Actions({
  referral,
  details,
  base,
  csrfToken,
  errors,
  actions,
}: ReferralPageProps & { base: string }) {
  const canLink = referral.patientId === null && referral.status !== 'closed';
  if (!canLink && !actions.canBook && !actions.canRecord && !actions.canClose) return null;
  return (
    <>
      <h2>Actions</h2>
      {canLink ? (
        <>
          <h3>Patient record</h3>
          {details.candidates.length > 0 ? (
            <form method="post" action={`${base}/match`} noValidate>
              <CsrfField token={csrfToken} />
              <RadiosField
                form={{ values: { patientId: '' }, errors }}
                name="patientId"
                legend="Is this the same person as an existing patient?"
                legendProps={{ size: 's' }}
                hint="These records have the same NHS number, or the same name, date of birth and postcode."
                choices={details.candidates.map((c) => ({
                  value: c.id,
                  label: `${c.givenName} ${c.familyName}`,
                  hint: `Born ${formatDate(c.dateOfBirth)}. NHS number ${
                    c.nhsNumber ? formatNhsNumber(c.nhsNumber) : 'not known'
                  }. Postcode ${c.postcode ?? 'not known'}.`,
                }))}
              />
              <Button type="submit">Link to this patient record</Button>
            </form>
          ) : (
            <p>
              No existing patient record has the same NHS number, or name, date of birth and
              postcode.
            </p>
          )}
          {details.candidates.some((c) => sameNhsNumber(referral, c)) ? (
            // One person, one record (H3): a record with this NHS number is theirs.
            <p>
              A patient record already has this NHS number, so a new one cannot be made. Link the
              referral to it.
            </p>
          ) : (
            <form method="post" action={`${base}/create-patient`}>
              <CsrfField token={csrfToken} />
              <Button type="submit" secondary>
                Create a new patient record
              </Button>
            </form>
          )}
        </>
      ) : null}
      {actions.canBook || actions.canRecord || actions.canClose ? (
        <ul className="nhsuk-list">
          {actions.canRecord ? (
            <li>
              <a href={`${base}/assessment`}>Record the wellbeing assessment</a>
            </li>
          ) : null}
          {actions.canBook ? (
            <li>
              <a href={`${base}/book`}>
                {referral.status === 'assessment_booked'
                  ? 'Change the assessment booking'
                  : 'Book the wellbeing assessment'}
              </a>
            </li>
          ) : null}
          {actions.canClose ? (
            <li>
              <a href={`${base}/close`}>Close this referral</a>
            </li>
          ) : null}
        </ul>
      ) : null}
      {referral.patientId === null && referral.status !== 'closed' ? (
        <p className="nhsuk-body-s">
          Match or create the patient record before booking the assessment.
        </p>
      ) : null}
    </>
  );
}
