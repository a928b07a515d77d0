/**
 * The message a patient finds in their inbox after missing a session (hazard H29): kind, with no
 * blame, saying what happens next and where to get help now. It is read behind sign-in; the
 * email or text that announces it says only that a message is waiting.
 */
import { formatLondonDateTime } from '../calendar';

export function missedSessionMessage(facts: {
  givenName: string;
  serviceName: string;
  kind: 'ipt_session' | 'review';
  startsAt: Date;
  /** The next appointment still booked for them, if any. */
  nextBooked: Date | null;
}): { subject: string; body: string } {
  const what = facts.kind === 'review' ? 'review appointment' : 'session';
  const next = facts.nextBooked
    ? `Your next appointment is still booked for ${formatLondonDateTime(facts.nextBooked)}. ` +
      'If that time does not suit you now, you can ask to change it from your appointments.'
    : 'Please ask us a question from your messages, or contact us, so we can arrange your next ' +
      'appointment.';
  return {
    subject: `We missed you at your ${what}`,
    body: [
      `Dear ${facts.givenName},`,
      `We are sorry we missed you at your ${what} on ${formatLondonDateTime(facts.startsAt)}. ` +
        'We hope you are all right. Things get in the way sometimes, and that is OK.',
      next,
      'If something has changed, or you are finding things harder, please tell us: choose ' +
        '"Ask a question" on your messages page. We read every question.',
      'If you need help now: call 999 or go to A&E if your life is at risk. For urgent help for ' +
        'your mental health, call NHS 111 and choose option 2.',
      facts.serviceName,
    ].join('\n\n'),
  };
}

/** After this long, "we are sorry we missed you" arrives too late to be kind or useful. */
export const MISSED_MESSAGE_WITHIN_DAYS = 7;

/**
 * Whether a session just recorded as missed still warrants the message (H29, walk 7): not when
 * they have come to a later appointment since (it is a correction of the record, and the message
 * would only confuse them), nor once a week has gone by. The clinician is told which, so they can
 * get in touch themself if they need to.
 */
export function missedMessageDecision(facts: {
  startsAt: Date;
  now: Date;
  /** They attended (or arrived late to) an appointment that started after this one. */
  seenSince: boolean;
}): 'send' | 'seen_since' | 'too_late' {
  if (facts.seenSince) return 'seen_since';
  if (facts.now.getTime() - facts.startsAt.getTime() > MISSED_MESSAGE_WITHIN_DAYS * 86_400_000)
    return 'too_late';
  return 'send';
}
