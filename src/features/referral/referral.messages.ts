/**
 * Wording sent after a self-referral. Texts and emails can be seen by others (a shared phone, a
 * lock screen), so they say nothing about the person's health: only that we have the referral.
 */

/** "about 6 weeks", "about 1 week", "less than a week". */
export function waitPhrase(weeks: number): string {
  if (!Number.isFinite(weeks) || weeks < 1) return 'less than a week';
  const whole = Math.round(weeks);
  return `about ${whole} ${whole === 1 ? 'week' : 'weeks'}`;
}

export function confirmationText(serviceName: string, reference: string): string {
  return `${serviceName}: we have your referral, reference ${reference}. We will contact you soon. If you need help now call 111 (option 2).`;
}

export function confirmationEmailSubject(serviceName: string): string {
  return `We have your referral – ${serviceName}`;
}

/**
 * What the email says about when we will be in touch. The usual wait does not apply to an
 * urgent referral, so its email says only that we will contact them as soon as we can: never
 * that it is urgent, or why, because someone else may read the email.
 */
export interface ConfirmationEmailWait {
  urgent: boolean;
  typicalWaitWeeks: number;
}

export function confirmationEmail(
  serviceName: string,
  givenName: string,
  reference: string,
  { urgent, typicalWaitWeeks }: ConfirmationEmailWait,
): string {
  const next = urgent
    ? 'Someone from our team will read your referral and contact you to arrange a first appointment. We will contact you as soon as we can.'
    : `Someone from our team will read your referral and contact you to arrange a first appointment. At the moment, people wait ${waitPhrase(typicalWaitWeeks)} for this.`;
  return [
    `Dear ${givenName},`,
    '',
    `Thank you for referring yourself to ${serviceName}. We have your referral.`,
    '',
    `Your reference number is ${reference}. Please have it with you if you contact us.`,
    '',
    'What happens next',
    next,
    '',
    'If you need help now',
    '- If your life is at risk right now, call 999 or go to A&E.',
    '- For urgent help, call NHS 111 and choose option 2.',
    '- Samaritans: call 116 123. It is free, any time, day or night.',
    '- Shout: text SHOUT to 85258. It is free.',
    '',
    'This email was sent automatically. Please do not reply to it.',
  ].join('\n');
}
