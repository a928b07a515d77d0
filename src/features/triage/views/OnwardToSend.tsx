import { WarningCallout } from 'nhsuk-react-components';
import { formatLondonDate } from '../../../domain/calendar';
import { ONWARD_URGENCY_LABELS } from '../../../domain/onward-referral';
import type { OnwardToSend } from '../triage.onward';

/**
 * On a clinician's home page: the onward referrals they made whose letter is not yet recorded as
 * sent to the receiving service (hazard H27), and for a manager those made by staff who have
 * left, the most urgent first, each opening the referral where the letter is and its sending is
 * recorded. Nothing is shown when there are none.
 */
export function OnwardReferralsToSend({ referrals }: { referrals: readonly OnwardToSend[] }) {
  if (referrals.length === 0) return null;
  const mine = referrals.filter((r) => r.madeByFormerStaff === null).length;
  const former = referrals.length - mine;
  return (
    <WarningCallout>
      <WarningCallout.Heading headingLevel="h2">Onward referrals to send</WarningCallout.Heading>
      {mine > 0 ? (
        <p>
          {mine === 1
            ? 'The letter for 1 onward referral you made has'
            : `The letters for ${mine} onward referrals you made have`}{' '}
          not been recorded as sent to the receiving service.
        </p>
      ) : null}
      {former > 0 ? (
        <p>
          {former === 1
            ? '1 was made by a colleague who no longer has access'
            : `${former} were made by colleagues who no longer have access`}
          : nobody else will see {former === 1 ? 'it' : 'them'}.
        </p>
      ) : null}
      <p>
        The person is waiting to hear from the receiving service. Open each one to get the letter,
        send it, then record how you sent it.
      </p>
      <ul>
        {referrals.map((r) => (
          <li key={r.onwardId}>
            <a href={r.href}>{r.patientName}</a> to {r.receivingService}:{' '}
            {ONWARD_URGENCY_LABELS[r.urgency].toLowerCase()}, referred{' '}
            {formatLondonDate(r.referredAt)}
            {r.madeByFormerStaff ? ` by ${r.madeByFormerStaff}` : null}
          </li>
        ))}
      </ul>
    </WarningCallout>
  );
}
