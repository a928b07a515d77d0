import type { OutboxChannel } from '../../db/schema';

/**
 * Every kind of text and email Rapport sends, named once. The outbox takes only these names, so a
 * new message cannot be added without joining this list, and the test over every template
 * (tests/integration/message-templates.int.test.ts) then fails until it has a sample that shows
 * it carries no health detail and no words written by staff. (`referral-closed` is retired: since
 * hazard H13 was closed, the closing message is kept behind sign-in and announced by `new-message`.)
 */
export const MESSAGE_TEMPLATES = [
  'account-invitation',
  'patient-account-invitation',
  'password-reset',
  'referral-confirmation',
  'assessment-booked',
  'appointment-booked',
  'appointment-changed',
  'appointment-cancelled',
  'appointment-reminder',
  'appointment-questionnaire',
  'appointment-rearrange-request',
  // Asked to change it, and staff kept the time (walk 9).
  'appointment-time-kept',
  // The appointments booked for someone we could not reach then, once a channel opens (walk 12).
  'appointments-booked-list',
  'course-ended',
  'risk-alert-raised',
  'risk-alert-escalated',
  'new-message',
  // --- community (issue 13) ---
  'community-invitation',
  'community-reply',
  'community-moderator-alert',
  // --- end community ---
  // Issue 11 part B: what the patient planned to try between sessions is read behind sign-in.
  'task-reminder',
  'question-waiting',
  'question-escalated',
  // Letters by email (issue 11): the letter is an attachment, never the email's text.
  'letter-ready',
  'letter-to-gp',
] as const;
export type MessageTemplate = (typeof MESSAGE_TEMPLATES)[number];

export interface RenderedMessage {
  subject: string | null;
  body: string;
}

/**
 * How the person can read the message: they have an account; we have just sent them an email to
 * set one up; or they have no account and no email address we may use, so they need to ask us.
 */
export type MessageAccess = 'has_account' | 'invited' | 'ask_us';

/**
 * "There is a new message for you": what staff wrote is read behind sign-in, never sent. Nothing
 * here depends on the message, so nothing about the person's health can slip into it.
 */
export function newMessageNotice(
  facts: { serviceName: string; messagesUrl: string; access: MessageAccess },
  channel: OutboxChannel,
): RenderedMessage {
  const { serviceName, messagesUrl, access } = facts;
  const how: string[] =
    access === 'has_account'
      ? [
          `Sign in to read it: ${messagesUrl}`,
          'If you have not set up your account yet, use the link in the set-up email we sent you.',
        ]
      : access === 'invited'
        ? [
            'To read it, first set up your account with the link in the other email we have sent you today.',
            `Then sign in: ${messagesUrl}`,
          ]
        : [
            `To read it you need an account with us. Please contact ${serviceName} and we will help you set one up.`,
          ];
  if (channel === 'sms')
    return {
      subject: null,
      body: [`${serviceName}: you have a new message from us.`, ...how].join(' '),
    };
  return {
    subject: `You have a new message from ${serviceName}`,
    body: [
      'Hello,',
      '',
      `You have a new message from ${serviceName}.`,
      ...how,
      '',
      'For your privacy, we do not put messages in emails or texts.',
      '',
      'This email was sent automatically. Please do not reply to it.',
    ].join('\n'),
  };
}

/**
 * "Have a look at what you planned to try": the task itself stays behind sign-in, so nothing a
 * therapist wrote, and nothing about the person's health, is in the text or email.
 */
export function taskReminderNotice(
  facts: { serviceName: string; tasksUrl: string },
  channel: OutboxChannel,
): RenderedMessage {
  const { serviceName, tasksUrl } = facts;
  const line = `A reminder from ${serviceName}: have a look at what you planned to try before your next appointment, and tell us how it went.`;
  if (channel === 'sms') return { subject: null, body: `${line} Sign in: ${tasksUrl}` };
  return {
    subject: `A reminder from ${serviceName}`,
    body: [
      'Hello,',
      '',
      line,
      `Sign in to see it: ${tasksUrl}`,
      '',
      'This email was sent automatically. Please do not reply to it.',
    ].join('\n'),
  };
}

/**
 * "A letter from us is ready": what the letter says is read behind sign-in, or in the PDF attached
 * when the person agreed to get their letters by email. Email only.
 */
export function letterReadyEmail(facts: {
  serviceName: string;
  lettersUrl: string;
  attached: boolean;
}): RenderedMessage {
  const { serviceName, lettersUrl, attached } = facts;
  return {
    subject: `A letter from ${serviceName}`,
    body: [
      'Hello,',
      '',
      `A letter from ${serviceName} is ready for you.`,
      attached
        ? 'The letter comes with this email, as you asked. You can also read it when you sign in.'
        : 'For your privacy, we do not put letters in emails unless you ask us to.',
      `Sign in to read it: ${lettersUrl}`,
      '',
      'This email was sent automatically. Please do not reply to it.',
    ].join('\n'),
  };
}

/**
 * To a GP practice's email: the letter comes with it; the email names no patient and says nothing
 * about them, so a misdirected email tells its reader nothing.
 */
export function gpLetterEmail(facts: { serviceName: string }): RenderedMessage {
  return {
    subject: `Letter from ${facts.serviceName}`,
    body: [
      'Dear colleague,',
      '',
      // "Comes with", not "attached": through GOV.UK Notify the letter is a download link.
      `A letter from ${facts.serviceName} about a patient registered with your practice comes with this email.`,
      `If this email has reached you by mistake, please delete it and tell ${facts.serviceName}.`,
      '',
      'This email was sent automatically. Please do not reply to it.',
    ].join('\n'),
  };
}
