import type { OutboxChannel } from '../../db/schema';
import { accessActorFor, can, patientRecordResource } from '../../platform/access';
import { newMessageNotice, type MessageAccess } from '../../platform/notifier';
import { cancelPendingMessages, queueMessage } from '../../platform/outbox';
import { requireUser, type UseCase } from '../../platform/use-case';
import { invitePatientAccount } from '../auth';
import { findPatient, linkPatientAccount, ownPatientRecord, type PatientRow } from '../patients';
import * as repo from './messages.repository';

export interface SendMessageInput {
  patientId: string;
  /** Shown in the inbox only. */
  subject: string;
  /** What the member of staff wrote: stored here, read behind sign-in, never sent out. */
  body: string;
  /** The change the message is about, so a retried request stores and announces it once. */
  sourceKey: string;
  /**
   * False when the caller has already sent a notice that points to this message (the course-ended
   * text at discharge): one text, not two, at the same moment (walk 5). Ignored for someone who
   * cannot sign in: their notice says how to ask us instead.
   */
  announce?: boolean;
}

export interface SendMessageResult {
  /** Where the "you have a new message" notice went (the channels the patient allowed). */
  channels: OutboxChannel[];
  access: MessageAccess;
}

function noticeChannels(patient: PatientRow): { channel: OutboxChannel; to: string }[] {
  const out: { channel: OutboxChannel; to: string }[] = [];
  if (patient.allowEmail && patient.email?.trim())
    out.push({ channel: 'email', to: patient.email.trim() });
  if (patient.allowSms && patient.mobile?.trim())
    out.push({ channel: 'sms', to: patient.mobile.trim() });
  return out;
}

/**
 * Tells the patient, on each channel they allow, that a message is waiting in Rapport (never what
 * it says). `key` names the message, so a retry queues each notice once. Answers the channels.
 */
export async function tellPatientMessageWaiting(
  uc: UseCase,
  patient: PatientRow,
  { access, key }: { access: MessageAccess; key: string },
): Promise<OutboxChannel[]> {
  const recipients = noticeChannels(patient);
  for (const r of recipients) {
    const text = newMessageNotice(
      {
        serviceName: uc.links.serviceName,
        messagesUrl: `${uc.links.publicUrl.replace(/\/+$/, '')}/messages`,
        access,
      },
      r.channel,
    );
    await queueMessage(uc.db, uc.clock, {
      serviceId: uc.service.id,
      channel: r.channel,
      recipient: r.to,
      subject: text.subject,
      body: text.body,
      template: 'new-message',
      patientId: patient.id,
      idempotencyKey: `${key}:${r.channel}`,
    });
  }
  return recipients.map((r) => r.channel);
}

/** The signed-in patient's own record, when the policy lets them use their messages. */
export async function ownRecordForMessages(uc: UseCase): Promise<PatientRow | null> {
  const user = requireUser(uc);
  const patient = await ownPatientRecord(uc.db, uc.service.id, user.userId);
  if (!patient) return null;
  const allowed = can(
    await accessActorFor(uc.db, user),
    'patient.read_messages',
    patientRecordResource(patient),
  );
  return allowed ? patient : null;
}

/**
 * How the patient will read it. With no account yet and an email address they let us use, we
 * invite them (the set-password email the service already sends); otherwise they ask us.
 */
async function accessFor(uc: UseCase, patient: PatientRow): Promise<MessageAccess> {
  if (patient.userId) return 'has_account';
  if (!patient.email || !patient.allowEmail) return 'ask_us';
  const invited = await invitePatientAccount(
    uc.db,
    uc.clock,
    uc.actor,
    {
      serviceId: uc.service.id,
      email: patient.email,
      displayName: `${patient.givenName} ${patient.familyName}`,
      patientId: patient.id,
    },
    uc.links,
  );
  if (!invited.ok) return 'ask_us';
  await linkPatientAccount(uc.db, uc.service.id, patient.id, invited.userId);
  return 'invited';
}

/**
 * A message from the service to a patient (ADR 0013): stored in Rapport for their inbox, with a
 * text and email that only say a message is waiting. Call inside the transaction that makes the
 * change it is about; the caller has already decided the actor may act for this patient.
 */
export async function sendMessageToPatient(
  uc: UseCase,
  input: SendMessageInput,
): Promise<SendMessageResult | null> {
  const patient = await findPatient(uc.db, uc.service.id, input.patientId);
  if (!patient) return null;
  const now = uc.clock.now();
  const message = await repo.insertMessage(uc.db, {
    serviceId: uc.service.id,
    patientId: patient.id,
    subject: input.subject,
    body: input.body,
    sentBy: uc.user?.userId ?? null,
    sourceKey: input.sourceKey,
    createdAt: now,
  });
  if (!message) return { channels: [], access: patient.userId ? 'has_account' : 'ask_us' };
  const access = await accessFor(uc, patient);
  // Someone who cannot sign in still gets the notice that says how to ask us for it.
  const channels =
    input.announce === false && access !== 'ask_us'
      ? []
      : await tellPatientMessageWaiting(uc, patient, {
          access,
          key: `new-message:${message.id}`,
        });
  await uc.audit({
    action: 'message.send',
    patientId: patient.id,
    recordType: 'patient_message',
    recordId: message.id,
    details: { channels, access },
  });
  return { channels, access };
}

export interface InboxMessage {
  id: string;
  subject: string;
  body: string;
  sentAt: Date;
  /** Not read before this visit: shown as new, then marked read. */
  isNew: boolean;
}

/** The signed-in patient's messages, newest first; showing them marks them read (audited). */
export async function myMessages(
  uc: UseCase,
  page: { limit: number; offset: number },
): Promise<{ messages: InboxMessage[]; total: number } | null> {
  const patient = await ownRecordForMessages(uc);
  if (!patient) return null;
  const { rows, total } = await repo.listMessages(uc.db, uc.service.id, {
    patientId: patient.id,
    ...page,
  });
  const unread = rows.filter((r) => r.readAt === null).map((r) => r.id);
  await repo.markRead(uc.db, uc.service.id, unread, uc.clock.now());
  await uc.audit({
    action: 'message.list_own',
    patientId: patient.id,
    recordType: 'patient',
    recordId: patient.id,
    details: { shown: rows.map((r) => r.id), markedRead: unread },
  });
  return {
    total,
    messages: rows.map((r) => ({
      id: r.id,
      subject: r.subject,
      body: r.body,
      sentAt: r.createdAt,
      isNew: r.readAt === null,
    })),
  };
}

/**
 * Takes back a message from the service that the patient has not read and no notice of which
 * has gone (a session recorded as missed, then corrected to attended: H11). Its notices still
 * waiting are cancelled and the message leaves the inbox. Once read or announced it stays: we do
 * not send a second message to unsay the first. Call inside the transaction making the change.
 * Answers whether it was withdrawn.
 */
export async function withdrawUnsentMessage(uc: UseCase, sourceKey: string): Promise<boolean> {
  const message = await repo.findMessageBySource(uc.db, uc.service.id, sourceKey);
  if (!message || message.readAt) return false;
  const notices = `new-message:${message.id}:`;
  if (await repo.anyNoticeSent(uc.db, uc.service.id, notices)) return false;
  await cancelPendingMessages(uc.db, uc.service.id, notices);
  await repo.deleteMessage(uc.db, uc.service.id, message.id);
  return true;
}
