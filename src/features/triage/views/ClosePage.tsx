import { Button } from 'nhsuk-react-components';
import { closeReferralRiskProblem } from '../../../domain/risk';
import { REFERRAL_CLOSE_REASONS } from '../../../db/schema';
import { RadiosField, TextareaField, TextField } from '../../../ui/fields';
import { CsrfField, ErrorSummaryBox, type FieldError } from '../../../ui/forms';
import { CLOSE_REASON_LABELS } from '../referral-labels';
import type { CloseValues } from '../triage.forms';
import { MESSAGE_MAX, NOTE_MAX } from '../triage.forms';
import type { Recipient } from '../triage.messages';
import type { ReferralRow } from '../triage.repository';
import { OpenRiskAlerts } from '../../../ui/OpenRiskAlerts';

export interface ClosePageProps {
  referral: ReferralRow;
  values: CloseValues;
  recipients: Recipient[];
  /** Risk alerts open for the referral or its patient: while any is, it cannot close (H2). */
  openAlerts: readonly { id: string; reason: string; raisedAt: Date }[];
  csrfToken: string;
  errors?: FieldError[];
}

export function defaultCloseMessage(serviceName: string): string {
  return `We have closed your referral to ${serviceName}. If you would like support from us in future, you can refer yourself again at any time, or talk to your GP.`;
}

export function RecipientsText({ recipients }: { recipients: Recipient[] }) {
  if (recipients.length === 0)
    return (
      <p>
        They did not allow email or text messages (or gave no address or number), so no message will
        be sent. Contact them another way if you need to.
      </p>
    );
  return (
    <p>
      The message goes by{' '}
      {recipients
        .map((r) => (r.channel === 'email' ? `email to ${r.recipient}` : `text to ${r.recipient}`))
        .join(' and by ')}
      : the ways they allowed us to contact them.
    </p>
  );
}

/** What happens to the closing message: kept behind sign-in, with only a notice sent (H13). */
function NoticeText({ recipients, linked }: { recipients: Recipient[]; linked: boolean }) {
  return (
    <>
      <p>
        If it is a duplicate, we send them nothing and make no patient record: their other referral
        stays open, and they hear from us about that one.
      </p>
      {!linked && (
        <p>
          For any other reason: there is no patient record for this referral yet, so closing it
          creates one from what the person told us, to keep the message in.
        </p>
      )}
      <p>
        {recipients.length === 0
          ? 'They did not allow email or text messages, so we cannot tell them a message is waiting. Contact them another way if you need to.'
          : `We will tell them by ${recipients.map((r) => (r.channel === 'email' ? 'email' : 'text')).join(' and ')} that there is a new message, without what it says.`}
      </p>
    </>
  );
}

export function ClosePage({
  referral,
  values,
  recipients,
  openAlerts,
  csrfToken,
  errors,
}: ClosePageProps) {
  const riskProblem = closeReferralRiskProblem(openAlerts.length);
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <ErrorSummaryBox errors={errors} />
        <span className="nhsuk-caption-l">
          {referral.givenName} {referral.familyName}, {referral.reference}
        </span>
        <h1>Close this referral</h1>
        <OpenRiskAlerts problem={riskProblem} alerts={openAlerts} />
        <form method="post" action={`/staff/referrals/${referral.id}/close`} noValidate>
          <CsrfField token={csrfToken} />
          <RadiosField
            form={{ values, errors }}
            name="reason"
            legend="Why is the referral closing?"
            legendProps={{ size: 'm' }}
            choices={REFERRAL_CLOSE_REASONS.map((r) => ({
              value: r,
              label: CLOSE_REASON_LABELS[r],
              conditional:
                r === 'duplicate' ? (
                  <TextField
                    form={{ values, errors }}
                    name="duplicateOf"
                    label="Reference of their other referral, which stays open"
                    hint="For example, RAP-4KX9-M2QD"
                    width={20}
                  />
                ) : undefined,
            }))}
          />
          <TextareaField
            form={{ values, errors }}
            name="note"
            label="Note for the record"
            hint={`Staff will read this. Up to ${NOTE_MAX} characters.`}
            rows={4}
          />
          <TextareaField
            form={{ values, errors }}
            name="message"
            label="Message to the person"
            hint={`They read it when they sign in; it is never sent by text or email. Not sent for a duplicate. Up to ${MESSAGE_MAX} characters.`}
            rows={5}
          />
          <NoticeText recipients={recipients} linked={referral.patientId !== null} />
          <Button type="submit" warning>
            Close referral
          </Button>
        </form>
      </div>
    </div>
  );
}
