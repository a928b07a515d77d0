/**
 * Subscribed to the diary (hazard H29): a missed session by someone who told us about risk in the
 * weeks before raises a risk alert in the same transaction as the attendance, so it is on the
 * queue from the moment the session is recorded as missed. The rule is `missedSessionAlertReason`.
 */
import { missedSessionAlertReason, riskLookbackStart } from '../../domain/risk';
import { systemActor } from '../../platform/audit';
import type { EventContext } from '../../platform/events';
import type { DiaryEvents } from '../diary';
import { patientAlertsSince } from './risk.repository';
import { notifyClinicianOfAlert, raiseRiskAlert } from './risk.service';

export async function whenSessionMissed(
  ctx: EventContext,
  event: DiaryEvents['appointment.attendance_recorded'],
): Promise<void> {
  const { appointment, status } = event;
  if (status !== 'did_not_attend') return;
  const alerts = await patientAlertsSince(
    ctx.tx,
    ctx.serviceId,
    appointment.patientId,
    riskLookbackStart(appointment.startsAt),
  );
  // Recorded as missed again after a correction: the first alert stands, once.
  if (alerts.some((a) => a.source === 'attendance' && a.sourceRecordId === appointment.id)) return;
  const reason = missedSessionAlertReason({
    appointmentType: appointment.type,
    status,
    startsAt: appointment.startsAt,
    earlierRisks: alerts.filter((a) => a.source !== 'attendance'),
  });
  if (!reason) return;
  const alert = await raiseRiskAlert(
    ctx.tx,
    ctx.clock,
    systemActor(ctx.serviceId, 'missed session rule'),
    {
      source: 'attendance',
      reason,
      patientId: appointment.patientId,
      sourceRecordId: appointment.id,
      responsibleClinicianId: appointment.therapistId,
    },
  );
  // Their clinician is emailed, as for every other alert: a colleague or an administrator may
  // have recorded the missed session (walk 6).
  if (ctx.links) await notifyClinicianOfAlert(ctx.tx, ctx.clock, alert, ctx.links);
}
