import { Button, Table, WarningCallout } from 'nhsuk-react-components';
import { formatLondonDateTime } from '../../../domain/calendar';
import {
  DISCHARGE_REASONS,
  DISCHARGE_REASON_LABELS,
  dischargeRiskProblem,
  PEQ_ITEMS,
  PEQ_SCALE,
  type PeqSummary,
} from '../../../domain/discharge';
import { ONWARD_URGENCY_IDS, ONWARD_URGENCY_LABELS } from '../../../domain/onward-referral';
import { RadiosField, TextareaField, TextField } from '../../../ui/fields';
import { CsrfField, ErrorSummaryBox, type FieldError } from '../../../ui/forms';
import { OpenRiskAlerts } from '../../../ui/OpenRiskAlerts';

export interface DischargeValues {
  reason: string;
  note: string;
  communityInvite: string;
  /** Referred on to another service (H27): the onward referral. */
  receivingService: string;
  onwardReason: string;
  discussed: string;
  urgency: string;
}

export function DischargePage({
  csrfToken,
  courseId,
  patientName,
  values,
  errors,
  openAlerts,
  waitingQuestions,
  alertsSinceReferral,
  receivingServices,
}: {
  csrfToken: string;
  courseId: string;
  patientName: string;
  values: DischargeValues;
  errors?: FieldError[] | undefined;
  /** The patient's open risk alerts: while there are any, they cannot be discharged (H19). */
  openAlerts: readonly { id: string; reason: string; raisedAt: Date }[];
  /** Their questions still waiting for an answer: shown so they are answered first. */
  waitingQuestions: readonly { id: string; subject: string; waitingSince: Date }[];
  /** Risk alerts raised since the referral: an onward referral after any is not routine (H27). */
  alertsSinceReferral: number;
  /** Receiving services used before, suggested for an onward referral. */
  receivingServices: readonly string[];
}) {
  const form = { values, errors };
  const riskProblem = dischargeRiskProblem(openAlerts.length);
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <ErrorSummaryBox errors={errors} />
        <h1>Discharge {patientName}</h1>
        <OpenRiskAlerts problem={riskProblem} alerts={openAlerts} />
        {waitingQuestions.length > 0 ? (
          <WarningCallout id="waiting-questions">
            <WarningCallout.Heading headingLevel="h2">
              {waitingQuestions.length === 1
                ? 'A question waiting for an answer'
                : `${waitingQuestions.length} questions waiting for an answer`}
            </WarningCallout.Heading>
            <p>
              {waitingQuestions.length === 1
                ? `${patientName} asked us something we have not answered yet. Please answer it before you discharge them, so the last thing they asked is not left waiting.`
                : `${patientName} asked us things we have not answered yet. Please answer them before you discharge them, so nothing they asked is left waiting.`}
            </p>
            <ul>
              {waitingQuestions.map((q) => (
                <li key={q.id}>
                  <a href={`/questions/${q.id}?course=${courseId}`}>{q.subject}</a> (waiting since{' '}
                  {formatLondonDateTime(q.waitingSince)})
                </li>
              ))}
            </ul>
          </WarningCallout>
        ) : null}
        <p>
          This ends the course and closes the referral. Sessions still booked are cancelled. The
          outcome is worked out, a letter is written for the patient and, if they agreed we may
          contact their GP, for their GP. The patient is asked for the patient experience
          questionnaire; nobody can see who gave which answers.
        </p>
        {/* Not offered while an alert is open; but a refused submission keeps what was written. */}
        {riskProblem && !errors?.length ? null : (
          <form method="post" action={`/courses/${courseId}/discharge`} noValidate>
            <CsrfField token={csrfToken} />
            <RadiosField
              form={form}
              name="reason"
              legend="Why is the patient being discharged?"
              choices={DISCHARGE_REASONS.map((r) => ({
                value: r,
                label: DISCHARGE_REASON_LABELS[r],
                conditional:
                  r === 'referred_on' ? (
                    <OnwardFields
                      form={form}
                      alertsSinceReferral={alertsSinceReferral}
                      receivingServices={receivingServices}
                    />
                  ) : undefined,
              }))}
            />
            <TextareaField
              form={form}
              name="note"
              label="Note for the GP (optional)"
              hint="Anything the GP should know: what helped, risk, advice for the future. It goes in the GP’s letter when the patient agreed we may contact their GP, and stays on the record. It is not in the patient’s letter."
              rows={4}
            />
            <RadiosField
              form={form}
              name="communityInvite"
              legend="Would the patient like an invitation to the peer-support community?"
              choices={[
                { value: 'yes', label: 'Yes' },
                { value: 'no', label: 'No' },
              ]}
            />
            <Button type="submit">Discharge</Button>
          </form>
        )}
      </div>
    </div>
  );
}

/** The onward referral made by a discharge "referred on to another service" (H27). */
function OnwardFields({
  form,
  alertsSinceReferral,
  receivingServices,
}: {
  form: { values: DischargeValues; errors?: FieldError[] | undefined };
  alertsSinceReferral: number;
  receivingServices: readonly string[];
}) {
  return (
    <>
      <TextField
        form={form}
        name="receivingService"
        label="Service they are referred on to"
        hint="Start typing to choose a service used before, or enter a new one. Up to 200 characters."
        list="receiving-services"
        autoComplete="off"
      />
      <datalist id="receiving-services">
        {receivingServices.map((name) => (
          <option key={name} value={name} />
        ))}
      </datalist>
      <TextareaField
        form={form}
        name="onwardReason"
        label="Why they are referred on"
        hint="What you are asking the service for. It goes in the letter, which they (and their GP, if they agreed) get a copy of. Up to 2,000 characters."
        rows={3}
      />
      <TextareaField
        form={form}
        name="discussed"
        label="What was discussed with them about the referral"
        hint="It goes in the letter, which they (and their GP, if they agreed) get a copy of. Up to 2,000 characters."
        rows={3}
      />
      <RadiosField
        form={form}
        name="urgency"
        legend="How urgent is the onward referral?"
        legendProps={{ size: 's' }}
        hint={
          alertsSinceReferral > 0
            ? `Not routine: ${alertsSinceReferral === 1 ? 'a risk alert was' : `${alertsSinceReferral} risk alerts were`} raised while they were with us.`
            : 'Not routine when a risk alert was raised while they were with us.'
        }
        // After a risk alert routine is not allowed, so it is not offered (the service refuses it too).
        choices={ONWARD_URGENCY_IDS.filter((u) => u !== 'routine' || alertsSinceReferral === 0).map(
          (u) => ({ value: u, label: ONWARD_URGENCY_LABELS[u] }),
        )}
      />
      <p>
        We will write the referral letter to this service, naming every risk alert raised since
        their referral and what was done, with a copy to their GP (if they agreed) and to them. You
        then send it the way the service accepts referrals and record how you sent it.
      </p>
    </>
  );
}

export function PeqPage({
  csrfToken,
  dischargeId,
  values,
  errors,
}: {
  csrfToken: string;
  dischargeId: string;
  values: Record<string, string>;
  errors?: FieldError[] | undefined;
}) {
  const form = { values, errors };
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <ErrorSummaryBox errors={errors} />
        <h1>Tell us how it went</h1>
        <p>
          Your answers help us improve. They are anonymous: we keep them apart from your record, and
          your therapist cannot see who gave which answers. You can leave out any question.
        </p>
        <form method="post" action={`/feedback/${dischargeId}`} noValidate>
          <CsrfField token={csrfToken} />
          {PEQ_ITEMS.map((item) => (
            <RadiosField
              key={item.id}
              form={form}
              name={item.id}
              legend={item.text}
              choices={PEQ_SCALE.map((label, i) => ({ value: String(i), label }))}
            />
          ))}
          <Button type="submit">Send your answers</Button>
        </form>
      </div>
    </div>
  );
}

export function PeqThanksPage() {
  return (
    <>
      <h1>Thank you</h1>
      <p>We have your answers. Thank you for taking the time to tell us how it went.</p>
      <p>
        <a href="/home">Go to your home page</a>
      </p>
    </>
  );
}

export function PeqSummaryPage({ summary }: { summary: PeqSummary | null }) {
  return (
    <>
      <h1>Patient experience</h1>
      <p>
        Answers to the patient experience questionnaire over the last 12 months, as totals only.
        They are stored with no link to the patient or therapist.
      </p>
      {summary === null ? (
        <p>There are fewer than 5 responses, so none are shown yet.</p>
      ) : (
        <>
          <p>{summary.responses} responses.</p>
          {PEQ_ITEMS.map((item) => (
            <Table key={item.id} caption={item.text}>
              <Table.Head>
                <Table.Row>
                  {PEQ_SCALE.map((s) => (
                    <Table.Cell key={s}>{s}</Table.Cell>
                  ))}
                </Table.Row>
              </Table.Head>
              <Table.Body>
                <Table.Row>
                  {summary.counts[item.id].map((n, i) => (
                    <Table.Cell key={i}>{n}</Table.Cell>
                  ))}
                </Table.Row>
              </Table.Body>
            </Table>
          ))}
        </>
      )}
    </>
  );
}
