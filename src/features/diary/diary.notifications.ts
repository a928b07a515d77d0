import { createHash, randomUUID } from 'node:crypto';
/**
 * Appointment messages through the outbox, inside the transaction that makes the change.
 *
 * - Only on the channels the patient allowed (patients.allowEmail / allowSms), to the address or
 *   number on their record.
 * - Scheduled reminders carry the idempotency key prefix `appt:<id>:`, so cancelling or moving an
 *   appointment cancels every reminder still waiting (`cancelPendingMessages`). Keys include the
 *   start time, so a moved appointment gets fresh reminders.
 * - A channel allowed again (or a number or address given for it) gets the reminders still to come
 *   for the appointments booked, none repeated (`queueMissingReminders`, hazard H6).
 * - Someone we could reach on no channel, who now can be reached, gets one list of the
 *   appointments booked for them (`queueBookedList`, walk 12): booking told them nothing.
 * - Notices (booked, changed, cancelled) use `notice:…` keys; those about one appointment start
 *   `notice:appt:<id>:` (`noticeKeyPrefix`, triage's assessment letter too). When the appointment
 *   is cancelled or moved, those still waiting are withdrawn (`withdrawNotices`): a text held for
 *   the morning must not give a time no longer true; the cancelled or changed notice says what
 *   stands. A notice naming several (a series' one confirmation, the list above) is recorded with
 *   the appointments it names (`notice_appointments`): when one of them is cancelled or moved while
 *   it waits, it is withdrawn and a fresh one names those that stand, at their present times
 *   (`renewNoticesNaming`); once sent, it stays. Notices go at once, except a text made in the quiet hours, which waits until 08:00
 *   unless an appointment it is about is that morning or sooner: the outbox decides that for
 *   every text (`sendTimeOf`, hazard H10), from the appointment times each notice names; emails
 *   go at once.
 */
import type { Db } from '../../db/client';
import type { AppointmentType, ServiceSettings } from '../../db/schema';
import {
  bookedListMessage,
  bookedMessage,
  cancelledMessage,
  changedMessage,
  courseEndedMessage,
  planReminders,
  questionnaireMessage,
  rearrangeRequestMessage,
  reminderMessage,
  seriesBookedMessage,
  stillToDescribe,
  timeKeptMessage,
  type AppointmentFacts,
  type Channel,
  type MeetingMode,
  type MessageText,
} from '../../domain/diary';
import type { Clock } from '../../platform/clock';
import type { MessageTemplate } from '../../platform/notifier';
import {
  cancelPendingMessages,
  liveMessageKeys,
  queueMessage,
  withdrawPendingMessages,
} from '../../platform/outbox';
import type { Links } from '../../platform/pages';
import * as repo from './diary.repository';

export interface PatientContact {
  id: string;
  email: string | null;
  mobile: string | null;
  allowEmail: boolean;
  allowSms: boolean;
}

export interface Recipient {
  channel: Channel;
  to: string;
}

/** The channels the patient allowed and has details for. */
export function recipientsOf(patient: PatientContact): Recipient[] {
  const list: Recipient[] = [];
  if (patient.allowEmail && patient.email?.trim())
    list.push({ channel: 'email', to: patient.email.trim() });
  if (patient.allowSms && patient.mobile?.trim())
    list.push({ channel: 'sms', to: patient.mobile.trim() });
  return list;
}

export interface MessageAppointment {
  id: string;
  type: AppointmentType;
  startsAt: Date;
  endsAt: Date;
  mode: MeetingMode;
  place: AppointmentFacts['place'];
}

export function factsFor(appt: MessageAppointment, links: Links): AppointmentFacts {
  return {
    serviceName: links.serviceName,
    startsAt: appt.startsAt,
    durationMinutes: Math.round((appt.endsAt.getTime() - appt.startsAt.getTime()) / 60_000),
    mode: appt.mode,
    videoUrl: appt.mode === 'video' ? `${links.publicUrl}/appointments/${appt.id}/video` : null,
    place: appt.mode === 'face_to_face' ? appt.place : null,
    appointmentsUrl: `${links.publicUrl}/appointments`,
  };
}

/** The prefix of every scheduled reminder for one appointment. */
export function reminderKeyPrefix(appointmentId: string): string {
  return `appt:${appointmentId}:`;
}

/**
 * The prefix of every notice about one appointment (booked, changed, time kept, triage's
 * assessment letter, the therapist's rearrange request): withdrawn while still waiting when the
 * appointment is cancelled or moved (H10).
 */
export function noticeKeyPrefix(appointmentId: string): string {
  return `notice:appt:${appointmentId}:`;
}

/**
 * A cancelled or moved appointment: its notices not yet sent are withdrawn (a text made at night
 * waits until 08:00, and may still be waiting), so none gives a time that no longer stands.
 */
export async function withdrawNotices(tx: Db, serviceId: string, appointmentId: string) {
  await cancelPendingMessages(tx, serviceId, noticeKeyPrefix(appointmentId));
}

/** Where appointment messages are queued from: the transaction making the change, and for whom. */
export interface MessageContext {
  tx: Db;
  clock: Clock;
  serviceId: string;
  links: Links;
}

interface Message {
  patientId: string;
  to: Recipient;
  text: MessageText;
  template: MessageTemplate;
  key: string;
  notBefore?: Date;
  /** The appointment times a notice is about, for the quiet hours (the outbox's `sendTimeOf`). */
  about?: readonly Date[];
}

async function send(m: MessageContext, message: Message) {
  await queueMessage(m.tx, m.clock, {
    serviceId: m.serviceId,
    channel: message.to.channel,
    recipient: message.to.to,
    subject: message.text.subject,
    body: message.text.body,
    template: message.template,
    patientId: message.patientId,
    idempotencyKey: message.key,
    notBefore: message.notBefore,
    about: message.about,
  });
}

interface PlannedMessage {
  /** The end of the key, after the set's base: what it is and on which channel. */
  kind: string;
  text: MessageText;
  template: MessageTemplate;
  notBefore: Date;
}

/**
 * The reminders before an appointment, and the questionnaire reminder for treatment sessions, on
 * one channel: none already due (`planReminders` keeps the quiet hours and drops what is too late).
 */
function plannedReminders(
  m: MessageContext,
  appt: MessageAppointment,
  settings: ServiceSettings,
  channel: Channel,
): PlannedMessage[] {
  const plan = planReminders({
    startsAt: appt.startsAt,
    now: m.clock.now(),
    offsetsMinutes: settings.reminderOffsetsMinutes,
    questionnaireDaysBefore:
      appt.type === 'ipt_session' ? settings.questionnaireOpensDaysBefore : null,
  });
  const facts = factsFor(appt, m.links);
  return plan.map((item) =>
    item.kind === 'reminder'
      ? {
          kind: `reminder:${String(item.before)}:${channel}`,
          text: reminderMessage(facts, channel),
          template: 'appointment-reminder',
          notBefore: item.sendAt,
        }
      : {
          kind: `questionnaire:${channel}`,
          text: questionnaireMessage(
            {
              serviceName: m.links.serviceName,
              startsAt: appt.startsAt,
              homeUrl: `${m.links.publicUrl}/home`,
            },
            channel,
          ),
          template: 'appointment-questionnaire',
          notBefore: item.sendAt,
        },
  );
}

/** The start of the keys of every reminder set for the appointment at its present time. */
function reminderTimePrefix(appt: MessageAppointment): string {
  return `${reminderKeyPrefix(appt.id)}${String(appt.startsAt.getTime())}:`;
}

/** Reminders before the appointment, and the questionnaire reminder for treatment sessions. */
export async function queueReminders(
  m: MessageContext,
  about: { patient: PatientContact; appt: MessageAppointment; settings: ServiceSettings },
) {
  const { patient, appt, settings } = about;
  // Each set has its own key: an appointment moved away and back again gets a fresh set, not the
  // cancelled rows of the first time, which a key of the time alone would match and drop.
  const base = `${reminderTimePrefix(appt)}${randomUUID()}`;
  for (const to of recipientsOf(patient))
    for (const item of plannedReminders(m, appt, settings, to.channel))
      await send(m, {
        patientId: patient.id,
        to,
        text: item.text,
        template: item.template,
        key: `${base}:${item.kind}`,
        notBefore: item.notBefore,
      });
}

/**
 * A channel the patient has just allowed, or given a number or address for: the reminders booking
 * would have queued on it, still to come, for this appointment. One already there (waiting, or
 * sent) for this time, kind and channel is not queued again, so saving twice queues nothing more;
 * those withdrawn when the channel was turned off are queued afresh. Answers how many.
 */
export async function queueMissingReminders(
  m: MessageContext,
  about: {
    patient: PatientContact;
    appt: MessageAppointment;
    settings: ServiceSettings;
    channels: readonly Channel[];
  },
): Promise<number> {
  const { patient, appt, settings, channels } = about;
  const to = recipientsOf(patient).filter((r) => channels.includes(r.channel));
  if (to.length === 0) return 0;
  const prefix = reminderTimePrefix(appt);
  const live = await liveMessageKeys(m.tx, m.serviceId, prefix);
  const base = `${prefix}${randomUUID()}`;
  let queued = 0;
  for (const recipient of to)
    for (const item of plannedReminders(m, appt, settings, recipient.channel)) {
      if (live.some((key) => key.endsWith(`:${item.kind}`))) continue;
      await send(m, {
        patientId: patient.id,
        to: recipient,
        text: item.text,
        template: item.template,
        key: `${base}:${item.kind}`,
        notBefore: item.notBefore,
      });
      queued += 1;
    }
  return queued;
}

/**
 * Someone we could reach on no channel can be reached now (walk 12): booking or moving their
 * appointments told them nothing, so each channel they now have gets one message listing the
 * appointments booked for them, at their present times. Keyed by the appointments and their
 * times: when one for the same list is already there (waiting or sent, on any channel), nothing
 * is queued, so saving again or turning channels off and on repeats nothing; one withdrawn is
 * queued afresh, and a list changed since is sent. Answers how many were queued.
 */
export async function queueBookedList(
  m: MessageContext,
  about: { patient: PatientContact; appts: MessageAppointment[]; channels: readonly Channel[] },
): Promise<number> {
  const { patient, appts, channels } = about;
  const to = recipientsOf(patient).filter((r) => channels.includes(r.channel));
  if (to.length === 0 || appts.length === 0) return 0;
  const prefix = bookedListPrefix(patient.id, appts);
  if ((await liveMessageKeys(m.tx, m.serviceId, prefix)).length > 0) return 0;
  await queueNaming(m, {
    base: `${prefix}${randomUUID()}`,
    patientId: patient.id,
    to,
    appts,
    list: true,
  });
  return to.length;
}

/**
 * The start of the keys of a list of these appointments for the patient: the same list (the same
 * appointments at the same times) has the same start, so it is not sent twice.
 */
function bookedListPrefix(patientId: string, appts: readonly MessageAppointment[]): string {
  const digest = createHash('sha256')
    .update(
      appts
        .map((a) => `${a.id}@${String(a.startsAt.getTime())}`)
        .sort()
        .join(','),
    )
    .digest('hex')
    .slice(0, 16);
  return `notice:patient:${patientId}:booked-list:${digest}:`;
}

/**
 * A notice naming several appointments, on each channel given (keys `<base>:<channel>`), recorded
 * with the appointments it names so a change to one of them while it waits renews it.
 */
async function queueNaming(
  m: MessageContext,
  notice: {
    base: string;
    patientId: string;
    to: readonly Recipient[];
    appts: readonly MessageAppointment[];
    /** The list sent when a channel opens (walk 12), or else a series' confirmation. */
    list: boolean;
  },
) {
  if (notice.to.length === 0) return;
  const facts = notice.appts.map((a) => factsFor(a, m.links));
  for (const recipient of notice.to)
    await send(m, {
      patientId: notice.patientId,
      to: recipient,
      text: notice.list
        ? bookedListMessage(facts, recipient.channel)
        : seriesBookedMessage(facts, recipient.channel),
      template: notice.list ? 'appointments-booked-list' : 'appointment-booked',
      key: `${notice.base}:${recipient.channel}`,
      about: notice.appts.map((a) => a.startsAt),
    });
  await repo.recordNoticeAppointments(
    m.tx,
    m.serviceId,
    notice.base,
    notice.appts.map((a) => a.id),
  );
}

/**
 * Some appointments were cancelled or moved (already saved): each notice naming several that
 * names any of them and still waits (a text held for the morning) is withdrawn, and when some of
 * the appointments it names are still to come, a fresh one names those, at their present times,
 * to the same addresses (`stillToDescribe`, H10). A notice already sent stays as it is: the
 * change's own notice follows it. A second call finds nothing waiting that names them and does
 * nothing.
 */
export async function renewNoticesNaming(m: MessageContext, appointmentIds: readonly string[]) {
  for (const key of await repo.noticesNaming(m.tx, m.serviceId, appointmentIds)) {
    const withdrawn = await withdrawPendingMessages(m.tx, m.serviceId, `${key}:`);
    const first = withdrawn[0];
    if (!first) continue;
    const named = await repo.appointmentsNamedBy(m.tx, m.serviceId, key);
    const standing = stillToDescribe(
      named.map((detail) => ({ ...detail.appointment, place: placeOf(detail) })),
      m.clock.now(),
    );
    const patientId = first.patientId ?? standing[0]?.patientId;
    if (standing.length === 0 || !patientId) continue;
    const list = withdrawn.some((w) => w.template === 'appointments-booked-list');
    const seriesId = standing[0]?.seriesId;
    await queueNaming(m, {
      base: list
        ? `${bookedListPrefix(patientId, standing)}${randomUUID()}`
        : `notice:series:${seriesId ?? 'none'}:renewed:${randomUUID()}`,
      patientId,
      to: withdrawn.map((w) => ({ channel: w.channel, to: w.recipient })),
      appts: standing,
      list,
    });
  }
}

/** Where a face-to-face appointment is, as its messages say it. */
export function placeOf(detail: {
  location: { name: string; address: string; postcode: string } | null;
  room: { name: string } | null;
}): MessageAppointment['place'] {
  return detail.location && detail.room
    ? {
        locationName: detail.location.name,
        address: detail.location.address,
        postcode: detail.location.postcode,
        roomName: detail.room.name,
      }
    : null;
}

/** A booking: one confirmation (one for a whole series), then each appointment's reminders. */
export async function queueBooked(
  m: MessageContext,
  about: {
    patient: PatientContact;
    appts: MessageAppointment[];
    seriesId: string | null;
    settings: ServiceSettings;
  },
) {
  const { patient, appts, seriesId, settings } = about;
  const first = appts[0];
  if (!first) return;
  if (appts.length > 1)
    await queueNaming(m, {
      base: `notice:series:${seriesId ?? first.id}:booked`,
      patientId: patient.id,
      to: recipientsOf(patient),
      appts,
      list: false,
    });
  else
    for (const to of recipientsOf(patient))
      await send(m, {
        patientId: patient.id,
        to,
        text: bookedMessage(factsFor(first, m.links), to.channel),
        template: 'appointment-booked',
        key: `notice:appt:${first.id}:booked:${to.channel}`,
        about: [first.startsAt],
      });
  for (const appt of appts) await queueReminders(m, { patient, appt, settings });
}

export async function queueChanged(
  m: MessageContext,
  about: {
    patient: PatientContact;
    appt: MessageAppointment;
    previousStartsAt: Date;
    settings: ServiceSettings;
  },
) {
  const { patient, appt, previousStartsAt, settings } = about;
  await cancelPendingMessages(m.tx, m.serviceId, reminderKeyPrefix(appt.id));
  await withdrawNotices(m.tx, m.serviceId, appt.id);
  await renewNoticesNaming(m, [appt.id]);
  const facts = factsFor(appt, m.links);
  const stamp = `${String(appt.startsAt.getTime())}:${String(m.clock.now().getTime())}`;
  for (const to of recipientsOf(patient))
    await send(m, {
      patientId: patient.id,
      to,
      text: changedMessage(facts, previousStartsAt, to.channel),
      template: 'appointment-changed',
      key: `notice:appt:${appt.id}:changed:${stamp}:${to.channel}`,
      about: [appt.startsAt, previousStartsAt],
    });
  await queueReminders(m, { patient, appt, settings });
}

export async function queueCancelled(
  m: MessageContext,
  about: {
    patient: PatientContact;
    appt: MessageAppointment;
    cancelledBy: 'patient' | 'service';
  },
) {
  const { patient, appt, cancelledBy } = about;
  await cancelPendingMessages(m.tx, m.serviceId, reminderKeyPrefix(appt.id));
  const facts = factsFor(appt, m.links);
  for (const to of recipientsOf(patient))
    await send(m, {
      patientId: patient.id,
      to,
      text: cancelledMessage(facts, cancelledBy, to.channel),
      template: 'appointment-cancelled',
      key: `notice:appt:${appt.id}:cancelled:${to.channel}`,
      about: [appt.startsAt],
    });
}

/** Reminders stop for an appointment that has happened or was missed (nothing more to say). */
export async function withdrawReminders(tx: Db, serviceId: string, appointmentId: string) {
  await cancelPendingMessages(tx, serviceId, reminderKeyPrefix(appointmentId));
}

export async function queueCourseEnded(
  m: MessageContext,
  about: { patient: PatientContact; courseId: string; cancelled: MessageAppointment[] },
) {
  const { patient, courseId, cancelled } = about;
  const first = cancelled[0];
  if (!first) return;
  for (const appt of cancelled) await withdrawReminders(m.tx, m.serviceId, appt.id);
  for (const to of recipientsOf(patient))
    await send(m, {
      patientId: patient.id,
      to,
      text: courseEndedMessage(
        {
          serviceName: m.links.serviceName,
          messagesUrl: `${m.links.publicUrl}/messages`,
          count: cancelled.length,
          from: first.startsAt,
        },
        to.channel,
      ),
      template: 'course-ended',
      key: `notice:course:${courseId}:ended:${to.channel}`,
      about: cancelled.map((a) => a.startsAt),
    });
}

/** Tells the therapist (by staff email) that a patient asked to rearrange. */
export async function queueRearrangeRequest(
  m: MessageContext,
  about: { patientId: string; therapistEmail: string; appt: { id: string; startsAt: Date } },
) {
  const { patientId, therapistEmail, appt } = about;
  const text = rearrangeRequestMessage({
    serviceName: m.links.serviceName,
    startsAt: appt.startsAt,
    appointmentUrl: `${m.links.publicUrl}/diary/appointments/${appt.id}`,
  });
  await queueMessage(m.tx, m.clock, {
    serviceId: m.serviceId,
    channel: 'email',
    recipient: therapistEmail,
    subject: text.subject,
    body: text.body,
    template: 'appointment-rearrange-request',
    patientId,
    idempotencyKey: `notice:appt:${appt.id}:rearrange-request:${String(m.clock.now().getTime())}`,
  });
}

/** The patient asked to change the appointment and staff kept the time: told plainly, once. */
export async function queueTimeKept(
  m: MessageContext,
  about: { patient: PatientContact; appt: MessageAppointment; requestedAt: Date },
) {
  const { patient, appt, requestedAt } = about;
  const facts = factsFor(appt, m.links);
  for (const to of recipientsOf(patient))
    await send(m, {
      patientId: patient.id,
      to,
      text: timeKeptMessage(facts, to.channel),
      template: 'appointment-time-kept',
      key: `notice:appt:${appt.id}:time-kept:${String(requestedAt.getTime())}:${to.channel}`,
      about: [appt.startsAt],
    });
}
