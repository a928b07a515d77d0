/**
 * Subscribed to messages (hazard H18): words of crisis in what a patient writes to us do not wait
 * up to two working days for an answer. A risk alert is raised at once for their clinician (who
 * is emailed, and the alert escalates like any other), in the same transaction as the message.
 * The page they see after sending already shows where to get help now.
 */
import type { Db } from '../../db/client';
import { crisisWordsAsWritten } from '../../domain/community';
import type { Actor } from '../../platform/audit';
import type { Clock } from '../../platform/clock';
import type { EventContext } from '../../platform/events';
import type { MessageEvents } from '../messages';
import { raiseRiskAlertAndTellClinician } from './risk.service';

export async function whenPatientWrote(
  ctx: EventContext,
  event: MessageEvents['patient.wrote'],
): Promise<void> {
  const phrases = crisisWordsAsWritten(event.text);
  if (phrases.length === 0) return;
  await raiseRiskAlertAndTellClinician(
    ctx.tx,
    ctx.clock,
    event.writer,
    {
      source: 'message',
      // Their words that matched, as written, so the queue can rank it and the clinician knows
      // what to expect.
      reason: `Used words of crisis in a message to us: ${phrases.map((p) => `“${p}”`).join(', ')}`,
      patientId: event.patientId,
      sourceRecordId: event.threadId,
      responsibleClinicianId: event.responsibleClinicianId,
    },
    event.links,
  );
}

/**
 * Handed to appointments by app.tsx (ADR 0041): words of crisis in a patient's reason to cancel or
 * change an appointment raise the same alert as in a message (hazard H18), in the request's
 * transaction, naming the words. Answers whether one was raised.
 */
export async function raiseAlertForAppointmentReason(
  db: Db,
  clock: Clock,
  input: {
    writer: Actor;
    patientId: string;
    appointmentId: string;
    responsibleClinicianId: string | null;
    kind: 'cancel' | 'rearrange';
    reason: string;
    links: { publicUrl: string };
  },
): Promise<boolean> {
  const phrases = crisisWordsAsWritten(input.reason);
  if (phrases.length === 0) return false;
  const asking = input.kind === 'cancel' ? 'to cancel' : 'to change';
  await raiseRiskAlertAndTellClinician(
    db,
    clock,
    input.writer,
    {
      source: 'appointment',
      reason: `Used words of crisis when asking ${asking} an appointment: ${phrases.map((p) => `“${p}”`).join(', ')}`,
      patientId: input.patientId,
      sourceRecordId: input.appointmentId,
      responsibleClinicianId: input.responsibleClinicianId,
    },
    input.links,
  );
  return true;
}

/**
 * Handed to tasks by app.tsx (ADR 0041): words of crisis in what a patient writes back on a task
 * between sessions raise the same alert as in a message (hazard H18), in the request's
 * transaction, naming the words. The source record is the session the task was agreed at, whose
 * note shows the reflection in full. Answers whether one was raised.
 */
export async function raiseAlertForTaskReflection(
  db: Db,
  clock: Clock,
  input: {
    writer: Actor;
    patientId: string;
    appointmentId: string;
    responsibleClinicianId: string | null;
    text: string;
    links: { publicUrl: string };
  },
): Promise<boolean> {
  const phrases = crisisWordsAsWritten(input.text);
  if (phrases.length === 0) return false;
  await raiseRiskAlertAndTellClinician(
    db,
    clock,
    input.writer,
    {
      source: 'task',
      reason: `Used words of crisis writing about a task between sessions: ${phrases.map((p) => `“${p}”`).join(', ')}`,
      patientId: input.patientId,
      sourceRecordId: input.appointmentId,
      responsibleClinicianId: input.responsibleClinicianId,
    },
    input.links,
  );
  return true;
}
