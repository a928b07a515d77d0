import { Button, Select, WarningCallout } from 'nhsuk-react-components';
import {
  ASSESSMENT_DECISIONS,
  OTHER_TREATMENTS,
  PRESENTING_PROBLEMS,
  RISK_LEVELS,
} from '../../../db/schema';
import { formatLondonDateTime } from '../../../domain/calendar';
import { ONWARD_URGENCY_IDS, ONWARD_URGENCY_LABELS } from '../../../domain/onward-referral';
import { optionsFor, type Measure } from '../../../domain/measures';
import {
  CheckboxesField,
  RadiosField,
  SelectField,
  TextField,
  TextareaField,
} from '../../../ui/fields';
import { CsrfField, ErrorSummaryBox, type FieldError } from '../../../ui/forms';
import {
  DECISION_LABELS,
  MODE_PHRASES,
  OTHER_TREATMENT_LABELS,
  PRESENTING_PROBLEM_LABELS,
  RISK_LEVEL_LABELS,
} from '../referral-labels';
import { ASSESSMENT_MEASURES, MESSAGE_MAX, NOTE_MAX, type AssessmentValues } from '../triage.forms';
import type { Recipient } from '../triage.messages';
import type { AssessmentRow, ReferralRow } from '../triage.repository';
import type { InvitationOutlook } from '../triage.service';

export interface RecordAssessmentPageProps {
  referral: ReferralRow;
  assessment: AssessmentRow;
  clinicianName: string | null;
  patientEmail: string | null;
  invitation: InvitationOutlook;
  values: AssessmentValues;
  recipients: Recipient[];
  /** Receiving services used before, suggested for an onward referral. */
  receivingServices: string[];
  csrfToken: string;
  errors?: FieldError[];
  /** Set while the assessment has not started: nothing is recorded before it happens (H11). */
  opensAt?: Date | null;
}

function InvitationNote({ outlook, email }: { outlook: InvitationOutlook; email: string | null }) {
  switch (outlook) {
    case 'will_invite':
      return <p>We will also email {email} an invitation to create their account.</p>;
    case 'has_account':
      return <p>They already have an account, so no invitation is needed.</p>;
    case 'no_email':
      return (
        <div className="nhsuk-inset-text">
          <p>
            We do not have an email address for this patient, so we cannot invite them to create an
            account. You can still record this decision: we will note that no invitation was sent.
          </p>
        </div>
      );
    case 'email_not_allowed':
      return (
        <div className="nhsuk-inset-text">
          <p>
            They did not allow us to email them, so we cannot send an account invitation. You can
            still record this decision: we will note that no invitation was sent.
          </p>
        </div>
      );
  }
}

function MeasureQuestions({
  measure,
  values,
  errors,
}: {
  measure: Measure;
  values: AssessmentValues;
  errors?: FieldError[];
}) {
  return (
    <>
      <h2 id={`${measure.id}-heading`}>{measure.title}</h2>
      <p>{measure.stem}</p>
      {measure.items.map((item) => (
        <RadiosField
          key={item.id}
          form={{ values: values.items, errors }}
          name={item.id}
          legend={`${measure.shortTitle} question ${item.number}: ${item.text}`}
          legendProps={{ size: 's' }}
          small
          choices={[
            ...optionsFor(measure, item).map((o) => ({
              value: String(o.value),
              label: `${o.label} (${String(o.value)})`,
            })),
            ...(item.notApplicableOption
              ? [{ value: item.notApplicableOption.value, label: item.notApplicableOption.label }]
              : []),
          ]}
        />
      ))}
    </>
  );
}

export function RecordAssessmentPage(props: RecordAssessmentPageProps) {
  const { referral, assessment, errors } = props;
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <ErrorSummaryBox errors={errors} />
        <span className="nhsuk-caption-l">
          {referral.givenName} {referral.familyName}, {referral.reference}
        </span>
        <h1>Record the wellbeing assessment</h1>
        <p>
          {assessment.startsAt
            ? `Booked for ${formatLondonDateTime(assessment.startsAt)}`
            : 'Booked (no time recorded)'}
          {assessment.mode ? ` ${MODE_PHRASES[assessment.mode]}` : ''}
          {props.clinicianName ? ` with ${props.clinicianName}` : ''}.
        </p>
        {props.opensAt ? (
          <NotStartedYet opensAt={props.opensAt} referralId={referral.id} />
        ) : (
          <AssessmentForm {...props} />
        )}
      </div>
    </div>
  );
}

/** Instead of the form before the assessment starts: when it can be recorded, and what to do. */
function NotStartedYet({ opensAt, referralId }: { opensAt: Date; referralId: string }) {
  return (
    <WarningCallout>
      <WarningCallout.Heading headingLevel="h2">
        This assessment has not happened yet
      </WarningCallout.Heading>
      <p>
        You can record it once it has started, from {formatLondonDateTime(opensAt)}. Nothing was
        saved.
      </p>
      <p>
        If it has moved, change the booking from{' '}
        <a href={`/staff/referrals/${referralId}`}>the referral</a>.
      </p>
    </WarningCallout>
  );
}

function AssessmentForm(props: RecordAssessmentPageProps) {
  const { referral, values, errors, csrfToken } = props;
  return (
    <>
      <form method="post" action={`/staff/referrals/${referral.id}/assessment`} noValidate>
        <CsrfField token={csrfToken} />
        <RadiosField
          form={{ values, errors }}
          name="presentingProblem"
          legend="Presenting problem"
          legendProps={{ size: 'm' }}
          choices={PRESENTING_PROBLEMS.map((p) => ({
            value: p,
            label: PRESENTING_PROBLEM_LABELS[p],
            conditional:
              p === 'other' ? (
                <TextField
                  form={{ values, errors }}
                  name="presentingProblemOther"
                  label="Describe the presenting problem"
                />
              ) : undefined,
          }))}
        />

        {ASSESSMENT_MEASURES.map((m) => (
          <MeasureQuestions key={m.id} measure={m} values={values} errors={errors} />
        ))}

        <h2>Risk assessment</h2>
        <RadiosField
          form={{ values, errors }}
          name="riskLevel"
          legend="Level of risk"
          legendProps={{ size: 's' }}
          choices={RISK_LEVELS.map((r) => ({ value: r, label: RISK_LEVEL_LABELS[r] }))}
        />
        <TextareaField
          form={{ values, errors }}
          name="riskAgreed"
          label="What was agreed"
          hint={`Up to ${NOTE_MAX} characters.`}
          rows={4}
        />
        <TextareaField
          form={{ values, errors }}
          name="safetyPlan"
          label="Safety plan"
          hint="Needed when the risk is moderate or high."
          rows={4}
        />

        <h2>Decision</h2>
        <RadiosField
          form={{ values, errors }}
          name="decision"
          legend="What was decided?"
          legendProps={{ size: 's' }}
          choices={ASSESSMENT_DECISIONS.map((d) => ({
            value: d,
            label: DECISION_LABELS[d],
            conditional:
              d === 'offer_ipt' ? (
                <>
                  <p>They will join the IPT waiting list.</p>
                  <InvitationNote outlook={props.invitation} email={props.patientEmail} />
                </>
              ) : d === 'offer_other' ? (
                <>
                  <SelectField
                    form={{ values, errors }}
                    name="otherTreatment"
                    label="Treatment offered"
                  >
                    <Select.Option value="">Choose a treatment</Select.Option>
                    {OTHER_TREATMENTS.map((t) => (
                      <Select.Option key={t} value={t}>
                        {OTHER_TREATMENT_LABELS[t]}
                      </Select.Option>
                    ))}
                  </SelectField>
                  <TextField
                    form={{ values, errors }}
                    name="receivingService"
                    label="Service they are referred on to"
                    hint="Start typing to choose a service used before, or enter a new one."
                    list="receiving-services"
                    autoComplete="off"
                  />
                  <datalist id="receiving-services">
                    {props.receivingServices.map((name) => (
                      <option key={name} value={name} />
                    ))}
                  </datalist>
                  <TextareaField
                    form={{ values, errors }}
                    name="discussed"
                    label="What was discussed with them about the referral"
                    hint={`It goes in the letter, which they get a copy of. Up to ${NOTE_MAX} characters.`}
                    rows={3}
                  />
                  <RadiosField
                    form={{ values, errors }}
                    name="urgency"
                    legend="How urgent is the onward referral?"
                    legendProps={{ size: 's' }}
                    hint="Not routine when a risk alert is open or risk is high."
                    choices={ONWARD_URGENCY_IDS.map((u) => ({
                      value: u,
                      label: ONWARD_URGENCY_LABELS[u],
                    }))}
                  />
                  <p>
                    We will write the onward referral letter to this service, with a copy to their
                    GP (if they agreed) and to them. It names any open risk alerts.
                  </p>
                </>
              ) : d === 'signpost' ? (
                <TextField
                  form={{ values, errors }}
                  name="signpostedTo"
                  label="Service they are signposted to"
                />
              ) : undefined,
          }))}
        />
        <TextareaField
          form={{ values, errors }}
          name="decisionReason"
          label="Reason for the decision"
          hint={`For the record. Up to ${NOTE_MAX} characters.`}
          rows={4}
        />
        <TextareaField
          form={{ values, errors }}
          name="patientMessage"
          label="Message to the patient"
          hint={`The patient reads it when they sign in; it is never sent by text or email. Up to ${MESSAGE_MAX} characters.`}
          rows={5}
        />
        <p>
          {props.recipients.length === 0
            ? 'They did not allow email or text messages, so we cannot tell them a message is waiting. Contact them another way if you need to.'
            : `We will tell them by ${props.recipients.map((r) => (r.channel === 'email' ? 'email' : 'text')).join(' and ')} that there is a new message, without what it says.`}
        </p>
        <h2>Letters</h2>
        <TextField
          form={{ values, errors }}
          name="gpEmail"
          label="GP practice email address (optional)"
          hint="Letters to their GP are emailed here, if they agreed we may contact their GP. Leave blank to keep the one on record."
          type="email"
          autoComplete="off"
          spellCheck={false}
        />
        <CheckboxesField
          form={{ values, errors }}
          name="lettersByEmail"
          legend="Letters by email"
          legendProps={{ size: 's' }}
          hint="We always tell them by email when a letter is ready, if they allow email. With this, the letter itself is attached."
          choices={[{ value: 'yes', label: 'They would like their letters attached to the email' }]}
        />
        <Button type="submit">Save assessment and decision</Button>
      </form>
    </>
  );
}
