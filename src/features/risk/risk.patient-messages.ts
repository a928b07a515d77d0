/**
 * Subscribed to messages (hazard H18): words of crisis in what a patient writes to us do not wait
 * up to two working days for an answer. A risk alert is raised at once for their clinician (who
 * is emailed, and the alert escalates like any other), in the same transaction as the message.
 * The page they see after sending already shows where to get help now.
 */
import { crisisWordsAsWritten } from '../../domain/community';
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
