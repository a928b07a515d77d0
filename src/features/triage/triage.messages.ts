import type { AssessmentMode, OutboxChannel } from '../../db/schema';
import { formatLondonDateTime } from '../../domain/calendar';
import type { Clock } from '../../platform/clock';
import type { Db } from '../../db/client';
import type { MessageTemplate } from '../../platform/notifier';
import { queueMessage } from '../../platform/outbox';

/**
 * Messages to people about their referral. Others may see a phone or an inbox, so no message
 * says anything about the person's health: no scores, problems, risk or treatment names.
 */

export interface Contactable {
  givenName: string;
  email: string | null;
  mobile: string | null;
  allowEmail: boolean;
  allowSms: boolean;
}

export interface Recipient {
  channel: OutboxChannel;
  recipient: string;
}

/** Only the channels the person allowed, and only where we have the address or number. */
export function allowedRecipients(person: Contactable): Recipient[] {
  const out: Recipient[] = [];
  if (person.allowEmail && person.email) out.push({ channel: 'email', recipient: person.email });
  if (person.allowSms && person.mobile) out.push({ channel: 'sms', recipient: person.mobile });
  return out;
}

export interface PersonMessage {
  serviceId: string;
  patientId: string | null;
  subject: string;
  body: string;
  template: MessageTemplate;
  /** Unique per change; the channel is added, so a retried request sends nothing twice. */
  idempotencyKey: string;
  /** The appointment times it is about: a text made at night waits for the morning unless one is by then (H10). */
  about?: readonly Date[];
}

/**
 * Queues the message on each allowed channel, in the caller's transaction. Returns the channels.
 * The outbox keeps texts out of the quiet hours (`sendTimeOf`, H10).
 */
export async function queueToPerson(
  tx: Db,
  clock: Clock,
  person: Contactable,
  message: PersonMessage,
): Promise<OutboxChannel[]> {
  const recipients = allowedRecipients(person);
  for (const r of recipients) {
    await queueMessage(tx, clock, {
      serviceId: message.serviceId,
      channel: r.channel,
      recipient: r.recipient,
      subject: r.channel === 'email' ? message.subject : null,
      body: message.body,
      template: message.template,
      patientId: message.patientId,
      idempotencyKey: `${message.idempotencyKey}:${r.channel}`,
      about: message.about,
    });
  }
  return recipients.map((r) => r.channel);
}

/** A member of staff's own words, with a greeting and the service's name around them. */
export function letter(givenName: string, text: string, serviceName: string): string {
  return [`Dear ${givenName},`, '', text, '', serviceName].join('\n');
}

const MODE_LINES: Record<AssessmentMode, string> = {
  video: 'It will be a video call. We will send you a link to join.',
  phone: 'We will phone you at this time.',
  face_to_face: 'It will be in person. We will tell you where.',
};

/** Where a face-to-face appointment is: the address is not health information. */
export interface BookingPlace {
  locationName: string;
  address: string;
  postcode: string;
  roomName: string;
}

function placeLine(place: BookingPlace): string {
  const address = place.address
    .split(/\r?\n/)
    .map((l) => l.trim().replace(/,$/, ''))
    .filter(Boolean)
    .join(', ');
  return `It will be in person at ${place.locationName}, ${address}, ${place.postcode} (${place.roomName}).`;
}

export function bookingLetter(
  givenName: string,
  startsAt: Date,
  mode: AssessmentMode,
  serviceName: string,
  place: BookingPlace | null = null,
  /** The earlier appointment this one replaces, when it was still to come. */
  replaces: Date | null = null,
): string {
  return letter(
    givenName,
    [
      `Your appointment with us is on ${formatLondonDateTime(startsAt)}.`,
      // Otherwise the person holds two letters with two dates and nothing saying which stands.
      ...(replaces
        ? [
            `This replaces your appointment on ${formatLondonDateTime(replaces)}, which is cancelled.`,
          ]
        : []),
      mode === 'face_to_face' && place ? placeLine(place) : MODE_LINES[mode],
      '',
      'If you cannot make this time, please contact us and we will find another.',
    ].join('\n'),
    serviceName,
  );
}
