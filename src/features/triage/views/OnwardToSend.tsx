import { WarningCallout } from 'nhsuk-react-components';
import { formatDate, utcToLondon } from '../../../domain/calendar';
import { ONWARD_URGENCY_LABELS } from '../../../domain/onward-referral';
import type { OnwardToSend } from '../triage.onward';

/**
 * On a clinician's home page: the onward referrals they made whose letter is not yet recorded as
 * sent to the receiving service (hazard H27), the most urgent first, each opening the referral
 * where the letter is and its sending is recorded. Nothing is shown when there are none.
 */
export function OnwardReferralsToSend({ referrals }: { referrals: readonly OnwardToSend[] }) {
  if (referrals.length === 0) return null;
  return (
    <WarningCallout>
      <WarningCallout.Heading headingLevel="h2">Onward referrals to send</WarningCallout.Heading>
      <p>
        {referrals.length === 1
          ? 'The letter for 1 onward referral you made has'
          : `The letters for ${referrals.length} onward referrals you made have`}{' '}
        not been recorded as sent to the receiving service. The person is waiting to hear from them.
        Open each one to get the letter, send it, then record how you sent it.
      </p>
      <ul>
        {referrals.map((r) => (
          <li key={r.onwardId}>
            <a href={r.href}>{r.patientName}</a> to {r.receivingService}:{' '}
            {ONWARD_URGENCY_LABELS[r.urgency].toLowerCase()}, referred{' '}
            {formatDate(utcToLondon(r.referredAt).date)}
          </li>
        ))}
      </ul>
    </WarningCallout>
  );
}
