/**
 * Letters by email (issue 11, hazard H27). The outbox row names the letter by id; the worker
 * renders the PDF when it sends (`letterAttachment`), so no letter text sits in the outbox.
 * - The GP's copy goes to the practice email recorded for the patient, only with the patient's
 *   consent to contact their GP, and only when that is a secure NHSmail address
 *   (`isSecureNhsEmail`); the email itself names nobody.
 * - The patient's email says only that a letter is ready; the PDF is attached only when they
 *   agreed to get their letters by email, and only to an address they let us email.
 * Exactly once: each message has its idempotency key (`letter:<id>:gp` / `:patient`).
 */
import type { Db } from '../../db/client';
import { utcToLondon } from '../../domain/calendar';
import { isSecureNhsEmail } from '../../domain/identifiers';
import { queueMessage, UndeliverableMessage } from '../../platform/outbox';
import { gpLetterEmail, letterReadyEmail, type Attachment } from '../../platform/notifier';
import type { UseCase } from '../../platform/use-case';
import type { PatientRow } from '../patients';
import { renderLetterPdf } from './letters.pdf';
import * as repo from './letters.repository';

/**
 * `insecure_gp_email`: the practice email on the record is not secure NHSmail (an address
 * stored before the forms checked it), so the letter is not emailed: staff print or post it.
 */
export type GpLetterDelivery = 'queued' | 'no_consent' | 'no_gp_email' | 'insecure_gp_email';
export type PatientLetterDelivery = 'attached' | 'notice_only' | 'in_message' | 'not_allowed';

const letterPath = (letterId: string) => `/letters/${letterId}/pdf`;

const GP_LETTER_TEMPLATE = 'letter-to-gp';

/** The outbox keys of a letter's emails: one to the GP practice, one to the patient, ever. */
export const letterEmailKey = (letterId: string, to: 'gp' | 'patient') =>
  `letter:${letterId}:${to}`;

/** Queues the GP's copy of a letter by email, within the caller's transaction. */
export async function emailLetterToGp(
  uc: UseCase,
  input: {
    letterId: string;
    patient: Pick<PatientRow, 'id' | 'gpEmail'>;
    /** The patient agreed in their referral that we may contact their GP. */
    gpConsent: boolean;
  },
): Promise<GpLetterDelivery> {
  const outcome: GpLetterDelivery = !input.gpConsent
    ? 'no_consent'
    : !input.patient.gpEmail
      ? 'no_gp_email'
      : !isSecureNhsEmail(input.patient.gpEmail)
        ? 'insecure_gp_email'
        : 'queued';
  if (outcome === 'queued' && input.patient.gpEmail) {
    const email = gpLetterEmail({ serviceName: uc.service.name });
    await queueMessage(uc.db, uc.clock, {
      serviceId: uc.service.id,
      channel: 'email',
      recipient: input.patient.gpEmail,
      subject: email.subject,
      body: email.body,
      template: GP_LETTER_TEMPLATE,
      patientId: input.patient.id,
      attachmentLetterId: input.letterId,
      idempotencyKey: letterEmailKey(input.letterId, 'gp'),
    });
    await uc.audit({
      action: 'letter.send',
      patientId: input.patient.id,
      recordType: 'letter',
      recordId: input.letterId,
      details: { to: 'gp' },
    });
  }
  return outcome;
}

/**
 * Tells the patient by email that a letter is ready, attaching it only with their consent. With
 * `linkedInMessage` the caller's own inbox message already links the letter and announces itself,
 * so only an email that carries the letter is sent: a bare "a letter is ready" would repeat it
 * (walk 5).
 */
export async function emailLetterToPatient(
  uc: UseCase,
  input: {
    letterId: string;
    patient: Pick<PatientRow, 'id' | 'email' | 'allowEmail' | 'allowLettersByEmail'>;
    linkedInMessage?: boolean;
  },
): Promise<PatientLetterDelivery> {
  const { patient } = input;
  if (!patient.email || !patient.allowEmail) return 'not_allowed';
  const attached = patient.allowLettersByEmail;
  if (!attached && input.linkedInMessage) return 'in_message';
  const site = uc.links.publicUrl.replace(/\/+$/, '');
  const email = letterReadyEmail({
    serviceName: uc.service.name,
    lettersUrl: `${site}${letterPath(input.letterId)}`,
    attached,
  });
  await queueMessage(uc.db, uc.clock, {
    serviceId: uc.service.id,
    channel: 'email',
    recipient: patient.email,
    subject: email.subject,
    body: email.body,
    template: 'letter-ready',
    patientId: patient.id,
    attachmentLetterId: attached ? input.letterId : null,
    idempotencyKey: letterEmailKey(input.letterId, 'patient'),
  });
  await uc.audit({
    action: 'letter.send',
    patientId: patient.id,
    recordType: 'letter',
    recordId: input.letterId,
    details: { to: 'patient', delivery: attached ? 'attached' : 'notice_only' },
  });
  return attached ? 'attached' : 'notice_only';
}

/**
 * The outbox worker's renderer for an attached letter (wired in app.tsx). Throws when the letter
 * is gone, so the message is retried and then marked failed rather than sent without it. A GP's
 * copy goes only to secure NHSmail, checked again here for a message queued before the forms
 * checked the address (H27): it is failed at once, and the clinician's home page lists it.
 */
export async function letterAttachment(
  db: Db,
  serviceId: string,
  letterId: string,
  message: { template: string; recipient: string },
): Promise<Attachment> {
  if (message.template === GP_LETTER_TEMPLATE && !isSecureNhsEmail(message.recipient))
    throw new UndeliverableMessage('GP letter not sent: the practice email is not on nhs.net');
  const letter = await repo.findLetter(db, serviceId, letterId);
  if (!letter) throw new Error(`letter ${letterId} not found for attachment`);
  return {
    filename: `${letter.kind.replace('_', '-')}-${utcToLondon(letter.createdAt).date}.pdf`,
    contentType: 'application/pdf',
    content: await renderLetterPdf(letter.content),
  };
}
