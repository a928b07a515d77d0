import { WarningCallout } from 'nhsuk-react-components';
import { formatLondonDate } from '../../../domain/calendar';
import { type GpLetterToSend } from '../letters.service';

const WHY: Record<GpLetterToSend['state'], string> = {
  failed: 'sending failed',
  not_sent: 'email here is not set up to send letters',
  none: 'there was no secure practice email (nhs.net) on the record',
};

const KIND: Record<GpLetterToSend['kind'], string> = {
  discharge: 'discharge letter',
  onward_referral: 'copy of an onward referral',
};

/**
 * On a clinician's home page: their letters for GP practices that have not reached them (hazard
 * H27), discharge letters and the GP's copies of onward referrals, each opening the course or
 * referral where it can be emailed again or recorded as sent another way. Nothing is shown when
 * there are none.
 */
export function GpLettersToSend({ letters }: { letters: readonly GpLetterToSend[] }) {
  if (letters.length === 0) return null;
  const mine = letters.filter((l) => l.writtenByFormerStaff === null).length;
  const former = letters.length - mine;
  return (
    <WarningCallout>
      <WarningCallout.Heading headingLevel="h2">GP letters not sent</WarningCallout.Heading>
      {mine > 0 ? (
        <p>
          {mine === 1 ? '1 letter you wrote has' : `${mine} letters you wrote have`} not reached the
          GP practice.
        </p>
      ) : null}
      {former > 0 ? (
        <p>
          {former === 1
            ? '1 letter written by a colleague who no longer has access has'
            : `${former} letters written by colleagues who no longer have access have`}{' '}
          not reached the GP practice: nobody else will see {former === 1 ? 'it' : 'them'}.
        </p>
      ) : null}
      <p>Open each one to email it to the practice, or to record that it was sent another way.</p>
      <ul>
        {letters.map((l) => (
          <li key={l.letterId}>
            <a href={l.href}>{l.patientName}</a>: {KIND[l.kind]}, written{' '}
            {formatLondonDate(l.writtenAt)}
            {l.writtenByFormerStaff ? ` by ${l.writtenByFormerStaff}` : null}, {WHY[l.state]}
          </li>
        ))}
      </ul>
    </WarningCallout>
  );
}
