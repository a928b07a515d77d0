/**
 * Appointment messages through the outbox, inside the transaction that makes the change.
 *
 * - Only on the channels the patient allowed (patients.allowEmail / allowSms), to the address or
 *   number on their record.
 * - Scheduled reminders carry the idempotency key prefix `appt:<id>:`, so cancelling or moving an
 *   appointment cancels every reminder still waiting (`cancelPendingMessages`). Keys include the
 *   start time, so a moved appointment gets fresh reminders.
 * - Notices sent at once (booked, changed, cancelled) use `notice:…` keys and are never withdrawn.
 */
import type { Db } from '../../db/client';
import type { AppointmentType, ServiceSettings } from '../../db/schema';
import {
  bookedMessage,
  cancelledMessage,
  changedMessage,
  courseEndedMessage,
  planReminders,
  questionnaireMessage,
  rearrangeRequestMessage,
  reminderMessage,
  seriesBookedMessage,
  type AppointmentFacts,
  type Channel,
  type MeetingMode,
  type MessageText,
} from '../../domain/diary';
import type { Clock } from '../../platform/clock';
import { cancelPendingMessages, queueMessage } from '../../platform/outbox';
import type { Links } from '../../platform/pages';

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

async function send(
  tx: Db,
  clock: Clock,
  serviceId: string,
  patientId: string,
  to: Recipient,
  text: MessageText,
  template: string,
  key: string,
  notBefore?: Date,
) {
  await queueMessage(tx, clock, {
    serviceId,
    channel: to.channel,
    recipient: to.to,
    subject: text.subject,
    body: text.body,
    template,
    patientId,
    idempotencyKey: key,
    notBefore,
  });
}

/** Reminders before the appointment, and the questionnaire reminder for treatment sessions. */
export async function queueReminders(
  tx: Db,
  clock: Clock,
  serviceId: string,
  patient: PatientContact,
  appt: MessageAppointment,
  settings: ServiceSettings,
  links: Links,
) {
  const plan = planReminders({
    startsAt: appt.startsAt,
    now: clock.now(),
    offsetsMinutes: settings.reminderOffsetsMinutes,
    questionnaireDaysBefore:
      appt.type === 'ipt_session' ? settings.questionnaireOpensDaysBefore : null,
  });
  const facts = factsFor(appt, links);
  const base = `${reminderKeyPrefix(appt.id)}${appt.startsAt.getTime()}`;
  for (const to of recipientsOf(patient)) {
    for (const item of plan) {
      if (item.kind === 'reminder')
        await send(
          tx,
          clock,
          serviceId,
          patient.id,
          to,
          reminderMessage(facts, to.channel),
          'appointment-reminder',
          `${base}:reminder:${item.before}:${to.channel}`,
          item.sendAt,
        );
      else
        await send(
          tx,
          clock,
          serviceId,
          patient.id,
          to,
          questionnaireMessage(
            {
              serviceName: links.serviceName,
              startsAt: appt.startsAt,
              homeUrl: `${links.publicUrl}/home`,
            },
            to.channel,
          ),
          'appointment-questionnaire',
          `${base}:questionnaire:${to.channel}`,
          item.sendAt,
        );
    }
  }
}

/** A booking: one confirmation (one for a whole series), then each appointment's reminders. */
export async function queueBooked(
  tx: Db,
  clock: Clock,
  serviceId: string,
  patient: PatientContact,
  appts: MessageAppointment[],
  seriesId: string | null,
  settings: ServiceSettings,
  links: Links,
) {
  const first = appts[0];
  if (!first) return;
  const facts = appts.map((a) => factsFor(a, links));
  for (const to of recipientsOf(patient)) {
    await send(
      tx,
      clock,
      serviceId,
      patient.id,
      to,
      appts.length > 1
        ? seriesBookedMessage(facts, to.channel)
        : bookedMessage(facts[0]!, to.channel),
      'appointment-booked',
      seriesId && appts.length > 1
        ? `notice:series:${seriesId}:booked:${to.channel}`
        : `notice:appt:${first.id}:booked:${to.channel}`,
    );
  }
  for (const appt of appts)
    await queueReminders(tx, clock, serviceId, patient, appt, settings, links);
}

export async function queueChanged(
  tx: Db,
  clock: Clock,
  serviceId: string,
  patient: PatientContact,
  appt: MessageAppointment,
  previousStartsAt: Date,
  settings: ServiceSettings,
  links: Links,
) {
  await cancelPendingMessages(tx, serviceId, reminderKeyPrefix(appt.id));
  const facts = factsFor(appt, links);
  for (const to of recipientsOf(patient))
    await send(
      tx,
      clock,
      serviceId,
      patient.id,
      to,
      changedMessage(facts, previousStartsAt, to.channel),
      'appointment-changed',
      `notice:appt:${appt.id}:changed:${appt.startsAt.getTime()}:${clock.now().getTime()}:${to.channel}`,
    );
  await queueReminders(tx, clock, serviceId, patient, appt, settings, links);
}

export async function queueCancelled(
  tx: Db,
  clock: Clock,
  serviceId: string,
  patient: PatientContact,
  appt: MessageAppointment,
  cancelledBy: 'patient' | 'service',
  links: Links,
) {
  await cancelPendingMessages(tx, serviceId, reminderKeyPrefix(appt.id));
  const facts = factsFor(appt, links);
  for (const to of recipientsOf(patient))
    await send(
      tx,
      clock,
      serviceId,
      patient.id,
      to,
      cancelledMessage(facts, cancelledBy, to.channel),
      'appointment-cancelled',
      `notice:appt:${appt.id}:cancelled:${to.channel}`,
    );
}

/** Reminders stop for an appointment that has happened or was missed (nothing more to say). */
export async function withdrawReminders(tx: Db, serviceId: string, appointmentId: string) {
  await cancelPendingMessages(tx, serviceId, reminderKeyPrefix(appointmentId));
}

export async function queueCourseEnded(
  tx: Db,
  clock: Clock,
  serviceId: string,
  patient: PatientContact,
  courseId: string,
  cancelled: MessageAppointment[],
  links: Links,
) {
  const first = cancelled[0];
  if (!first) return;
  for (const appt of cancelled) await withdrawReminders(tx, serviceId, appt.id);
  for (const to of recipientsOf(patient))
    await send(
      tx,
      clock,
      serviceId,
      patient.id,
      to,
      courseEndedMessage(
        {
          serviceName: links.serviceName,
          appointmentsUrl: `${links.publicUrl}/appointments`,
          count: cancelled.length,
          from: first.startsAt,
        },
        to.channel,
      ),
      'course-ended',
      `notice:course:${courseId}:ended:${to.channel}`,
    );
}

/** Tells the therapist (by staff email) that a patient asked to rearrange. */
export async function queueRearrangeRequest(
  tx: Db,
  clock: Clock,
  serviceId: string,
  patientId: string,
  therapistEmail: string,
  appt: { id: string; startsAt: Date },
  links: Links,
) {
  const text = rearrangeRequestMessage({
    serviceName: links.serviceName,
    startsAt: appt.startsAt,
    appointmentUrl: `${links.publicUrl}/diary/appointments/${appt.id}`,
  });
  await queueMessage(tx, clock, {
    serviceId,
    channel: 'email',
    recipient: therapistEmail,
    subject: text.subject,
    body: text.body,
    template: 'appointment-rearrange-request',
    patientId,
    idempotencyKey: `notice:appt:${appt.id}:rearrange-request:${clock.now().getTime()}`,
  });
}
