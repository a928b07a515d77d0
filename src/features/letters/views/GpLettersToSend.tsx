import { WarningCallout } from 'nhsuk-react-components';
import { letterDate, type GpLetterToSend } from '../letters.service';

const WHY: Record<GpLetterToSend['state'], string> = {
  failed: 'sending failed',
  not_sent: 'email here is not set up to send letters',
  none: 'there was no practice email on the record',
};

/**
 * On a therapist's home page: their discharge letters to GPs that have not reached the practice
 * (hazard H27), each opening the course where it can be emailed again or recorded as sent
 * another way. Nothing is shown when there are none.
 */
export function GpLettersToSend({ letters }: { letters: readonly GpLetterToSend[] }) {
  if (letters.length === 0) return null;
  return (
    <WarningCallout>
      <WarningCallout.Heading headingLevel="h2">GP letters not sent</WarningCallout.Heading>
      <p>
        {letters.length === 1
          ? '1 discharge letter you wrote has'
          : `${letters.length} discharge letters you wrote have`}{' '}
        not reached the GP practice. Open each one to email it to the practice, or to record that
        you sent it another way.
      </p>
      <ul>
        {letters.map((l) => (
          <li key={l.letterId}>
            <a href={l.href}>{l.patientName}</a>: written {letterDate(l.writtenAt)}, {WHY[l.state]}
          </li>
        ))}
      </ul>
    </WarningCallout>
  );
}
