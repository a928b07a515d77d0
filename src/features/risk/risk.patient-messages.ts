/**
 * Subscribed to messages (hazard H18): words of crisis in what a patient writes to us do not wait
 * up to two working days for an answer. A risk alert is raised at once for their clinician (who
 * is emailed, and the alert escalates like any other), in the same transaction as the message.
 * The page they see after sending already shows where to get help now.
 */
import { hasCrisisLanguage } from '../../domain/community';
import type { EventContext } from '../../platform/events';
import type { MessageEvents } from '../messages';
import { raiseRiskAlertAndTellClinician } from './risk.service';

export async function whenPatientWrote(
  ctx: EventContext,
  event: MessageEvents['patient.wrote'],
): Promise<void> {
  if (!hasCrisisLanguage(event.text)) return;
  await raiseRiskAlertAndTellClinician(
    ctx.tx,
    ctx.clock,
    event.writer,
    {
      source: 'message',
      reason: 'Used words of crisis in a message to us',
      patientId: event.patientId,
      responsibleClinicianId: event.responsibleClinicianId,
    },
    event.links,
  );
}
