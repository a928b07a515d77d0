import type { Db } from '../../db/client';
import { audit, type Actor } from '../../platform/audit';
import type { Clock } from '../../platform/clock';
import { insertRiskAlert, recordRiskAction, type NewRiskAlert } from './risk.repository';

/**
 * Raises a risk alert inside the caller's transaction, so the alert commits with the answer that
 * caused it or not at all: a risk answer is never saved without its alert.
 */
export async function raiseRiskAlert(
  db: Db,
  clock: Clock,
  actor: Actor,
  alert: Omit<NewRiskAlert, 'serviceId' | 'raisedAt'>,
) {
  const row = await insertRiskAlert(db, {
    ...alert,
    serviceId: actor.serviceId,
    raisedAt: clock.now(),
  });
  await audit(db, clock, actor, {
    action: 'risk_alert.raise',
    patientId: alert.patientId ?? null,
    recordType: 'risk_alert',
    recordId: row.id,
    details: { source: alert.source, referralId: alert.referralId ?? null },
  });
  return row;
}

export type RecordActionResult = { ok: true } | { ok: false; reason: 'already_actioned' };

/** Closes an alert with what the clinician did. Nothing else removes an alert from the queue. */
export async function recordActionOnAlert(
  db: Db,
  clock: Clock,
  actor: Actor & { userId: string },
  alert: { id: string; patientId: string | null },
  actionTaken: string,
): Promise<RecordActionResult> {
  return db.transaction(async (tx) => {
    const ok = await recordRiskAction(tx, actor.serviceId, alert.id, {
      actionTaken,
      actionedBy: actor.userId,
      actionedAt: clock.now(),
    });
    if (!ok) return { ok: false as const, reason: 'already_actioned' as const };
    await audit(tx, clock, actor, {
      action: 'risk_alert.action',
      patientId: alert.patientId,
      recordType: 'risk_alert',
      recordId: alert.id,
    });
    return { ok: true as const };
  });
}
