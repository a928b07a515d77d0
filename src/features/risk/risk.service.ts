import type { Db } from '../../db/client';
import { audit, type Actor } from '../../platform/audit';
import type { Clock } from '../../platform/clock';
import { queueMessage } from '../../platform/outbox';
import { escalationTimeFor } from './risk.escalation';
import { alertLink, alertRaisedEmail } from './risk.messages';
import {
  attachAlertsToPatient,
  findStaffContact,
  insertRiskAlert,
  listAlertsWithContext,
  moveOpenAlertsToClinician,
  recordRiskAction,
  type AlertWithContext,
  type NewRiskAlert,
} from './risk.repository';

/** Used by triage when a referral is matched to (or creates) a patient record. */
export { attachAlertsToPatient };

/** Used by courses: a patient's open alerts follow them to a new responsible clinician. */
export { moveOpenAlertsToClinician };

export type { AlertWithContext };

/**
 * Raises a risk alert inside the caller's transaction, so the alert commits with the answer that
 * caused it or not at all: a risk answer is never saved without its alert. Unless the caller says
 * otherwise, it escalates at the service's escalation time (by default the end of the working
 * day: see risk.escalation.ts) if nobody has recorded an action by then.
 */
export async function raiseRiskAlert(
  db: Db,
  clock: Clock,
  actor: Actor,
  alert: Omit<NewRiskAlert, 'serviceId' | 'raisedAt'>,
) {
  const raisedAt = clock.now();
  const row = await insertRiskAlert(db, {
    ...alert,
    serviceId: actor.serviceId,
    raisedAt,
    escalateAt: alert.escalateAt ?? (await escalationTimeFor(db, actor.serviceId, raisedAt)),
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

/**
 * Emails the responsible clinician that an alert is waiting, inside the caller's transaction (the
 * outbox sends it after commit). No health detail: just a link to the alert behind sign-in.
 * Returns false when there is no active clinician to tell (the service queue still shows it).
 */
export async function notifyClinicianOfAlert(
  db: Db,
  clock: Clock,
  alert: {
    serviceId: string;
    id: string;
    patientId: string | null;
    responsibleClinicianId: string | null;
  },
  links: { publicUrl: string },
): Promise<boolean> {
  if (!alert.responsibleClinicianId) return false;
  const clinician = await findStaffContact(db, alert.serviceId, alert.responsibleClinicianId);
  if (!clinician) return false;
  const email = alertRaisedEmail(alertLink(links.publicUrl, alert.id));
  await queueMessage(db, clock, {
    serviceId: alert.serviceId,
    channel: 'email',
    recipient: clinician.email,
    subject: email.subject,
    body: email.body,
    template: 'risk-alert-raised',
    patientId: alert.patientId,
    idempotencyKey: `risk-alert:${alert.id}:raised:${clinician.id}`,
  });
  return true;
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

/** The open-alert queue: the whole service's, or one clinician's own (their home page). */
export async function openAlertQueue(
  db: Db,
  clock: Clock,
  actor: Actor,
  scope: { clinicianId?: string } = {},
): Promise<AlertWithContext[]> {
  const rows = await listAlertsWithContext(db, actor.serviceId, scope);
  await audit(db, clock, actor, {
    action: 'risk_alert.list',
    details: { scope: scope.clinicianId ? 'own' : 'service', count: rows.length },
  });
  return rows;
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * One alert, for any clinical role (the risk queue is the service's shared safety net). Null
 * (shown as 404) when it does not exist; every attempt is audited.
 */
export async function openRiskAlert(
  db: Db,
  clock: Clock,
  actor: Actor,
  alertId: string,
): Promise<AlertWithContext | null> {
  const row = UUID_RE.test(alertId)
    ? ((await listAlertsWithContext(db, actor.serviceId, { alertId }))[0] ?? null)
    : null;
  await audit(db, clock, actor, {
    action: 'risk_alert.read',
    patientId: row?.patientId ?? null,
    recordType: 'risk_alert',
    recordId: alertId.slice(0, 100),
    outcome: row ? 'success' : 'denied',
  });
  return row;
}
