import type { Db } from '../../db/client';
import { accessActorFor, can } from '../../platform/access';
import { audit, auditMany, type Actor, type AuditEntry } from '../../platform/audit';
import type { Clock } from '../../platform/clock';
import { queueMessage } from '../../platform/outbox';
import type { UseCase } from '../../platform/use-case';
import { orderRiskQueue, riskSeverity, type RiskSeverity } from '../../domain/risk';
import { escalationTimeFor } from './risk.escalation';
import type { RiskActionForm } from './risk.forms';
import { alertLink, alertRaisedEmail } from './risk.messages';
import {
  alertContact,
  attachAlertsToPatient,
  findStaffContact,
  insertRiskAction,
  insertRiskAlert,
  latestRiskActions,
  listAlertsWithContext,
  listRiskActions,
  lockRiskAlert,
  moveOpenAlertsToClinician,
  openAlertCountOf,
  openAlertsOfInactiveClinicians,
  recordRiskAction,
  type AlertWithContext,
  type NewRiskAlert,
  type RiskActionRow,
  type RiskActionWithName,
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

/**
 * A risk alert raised for a patient who has a clinician: raised and their clinician emailed, both
 * in the caller's transaction (an answer, a message, a community post), so neither can happen
 * without the other.
 */
export async function raiseRiskAlertAndTellClinician(
  db: Db,
  clock: Clock,
  actor: Actor,
  alert: Omit<NewRiskAlert, 'serviceId' | 'raisedAt'>,
  links: { publicUrl: string },
) {
  const row = await raiseRiskAlert(db, clock, actor, alert);
  await notifyClinicianOfAlert(db, clock, row, links);
  return row;
}

export type RecordActionResult =
  | { ok: true; outcome: 'open' | 'closed' }
  | { ok: false; reason: 'already_actioned' | 'may_not_close' };

/** The signed-in clinician a use case acts for (risk routes always have one). */
function clinicianOf(uc: UseCase): string {
  if (!uc.user) throw new Error('a risk alert is actioned by a signed-in clinician');
  return uc.user.userId;
}

/** Whether the signed-in user may close alerts of this service (clinicians; not a manager). */
export async function mayCloseAlerts(uc: UseCase): Promise<boolean> {
  return (
    uc.user !== null &&
    can(await accessActorFor(uc.db, uc.user), 'risk_alert.close', {
      kind: 'risk_alert',
      serviceId: uc.service.id,
    })
  );
}

/**
 * Records what was done about an alert. An action that keeps it open ("tried to call, no
 * answer") goes into its history with the next step and when, and the alert stays on the queue
 * (and still escalates if not closed in time). An action that closes it is for clinicians only
 * (the access policy) and is the only thing that removes an alert from the queue.
 */
export async function recordActionOnAlert(
  uc: UseCase,
  input: { alert: { id: string; patientId: string | null }; action: RiskActionForm },
): Promise<RecordActionResult> {
  const { alert, action } = input;
  const recordedBy = clinicianOf(uc);
  if (action.outcome === 'closed' && !(await mayCloseAlerts(uc)))
    return { ok: false, reason: 'may_not_close' };
  return uc.transaction(async (tx) => {
    const now = tx.clock.now();
    if (action.outcome === 'closed') {
      const ok = await recordRiskAction(tx.db, tx.service.id, alert.id, {
        actionTaken: action.actionTaken,
        actionedBy: recordedBy,
        actionedAt: now,
      });
      if (!ok) return { ok: false as const, reason: 'already_actioned' as const };
    } else if (!(await isOpen(tx.db, tx.service.id, alert.id))) {
      return { ok: false as const, reason: 'already_actioned' as const };
    }
    const row = await insertRiskAction(tx.db, {
      serviceId: tx.service.id,
      alertId: alert.id,
      actionTaken: action.actionTaken,
      outcome: action.outcome,
      nextStep: action.outcome === 'open' ? action.nextStep : null,
      nextStepAt: action.outcome === 'open' ? action.nextStepAt : null,
      recordedBy,
      recordedAt: now,
    });
    await tx.audit({
      action: 'risk_alert.action',
      patientId: alert.patientId,
      recordType: 'risk_alert',
      recordId: alert.id,
      details: {
        outcome: action.outcome,
        actionId: row.id,
        nextStepAt: action.outcome === 'open' ? action.nextStepAt.toISOString() : null,
      },
    });
    return { ok: true as const, outcome: action.outcome };
  });
}

/** Still open, read under a row lock so a close at the same moment is seen. */
async function isOpen(db: Db, serviceId: string, alertId: string): Promise<boolean> {
  const row = await lockRiskAlert(db, serviceId, alertId);
  return row !== null && row.actionedAt === null;
}

/**
 * Audits a list of alerts as shown: one row per patient on it (an alert raised before its
 * referral was matched has no patient yet, so it is its own row). Shared by the queue and the
 * manager's list of alerts left with leavers.
 */
function listedEntries(
  rows: readonly { alertId: string; patientId: string | null }[],
  details: { scope: string; count: number },
): AuditEntry[] {
  const entries: AuditEntry[] = [];
  const seen = new Set<string>();
  for (const row of rows) {
    if (row.patientId === null)
      entries.push({
        action: 'risk_alert.list',
        recordType: 'risk_alert',
        recordId: row.alertId,
        details,
      });
    else if (!seen.has(row.patientId)) {
      seen.add(row.patientId);
      entries.push({
        action: 'risk_alert.list',
        patientId: row.patientId,
        recordType: 'patient',
        recordId: row.patientId,
        details,
      });
    }
  }
  return entries;
}

/** The open-alert queue: the whole service's, or one clinician's own (their home page). */
export async function openAlertQueue(
  db: Db,
  clock: Clock,
  actor: Actor,
  scope: { clinicianId?: string; clinicianIds?: readonly string[] } = {},
): Promise<AlertWithContext[]> {
  // Several clinicians (a supervisor's trainees): the service's open alerts, only theirs kept,
  // and only those audited as shown.
  const among = scope.clinicianIds ? new Set(scope.clinicianIds) : null;
  if (among?.size === 0) return [];
  const listed = await listAlertsWithContext(db, actor.serviceId, {
    clinicianId: scope.clinicianId,
  });
  const rows = orderRiskQueue(
    among ? listed.filter((r) => r.clinicianId !== null && among.has(r.clinicianId)) : listed,
    (r) => r.alert,
  );
  const details = {
    scope: scope.clinicianId ? 'own' : among ? 'trainees' : 'service',
    count: rows.length,
  };
  const entries = listedEntries(
    rows.map((r) => ({ alertId: r.alert.id, patientId: r.patientId })),
    details,
  );
  // An empty list is audited too: who looked, and found nothing.
  await auditMany(
    db,
    clock,
    actor,
    entries.length > 0 ? entries : [{ action: 'risk_alert.list', details }],
  );
  return rows;
}

export type AlertToHandOn = Awaited<ReturnType<typeof openAlertsOfInactiveClinicians>>[number];

/**
 * For a service manager's home: open alerts whose responsible clinician can no longer sign in,
 * so they reach nobody's home and nobody is answerable for them until someone takes them on (H2).
 * Audited as shown when there are any.
 */
export async function alertsToHandOn(uc: UseCase): Promise<AlertToHandOn[]> {
  if (!uc.user?.roles.includes('service_manager')) return [];
  const rows = await openAlertsOfInactiveClinicians(uc.db, uc.service.id);
  const entries = listedEntries(rows, { scope: 'leavers', count: rows.length });
  if (entries.length > 0) await uc.auditMany(entries);
  return rows;
}

/** How many open alerts a clinician is responsible for (asked before removing their access). */
export function openAlertCount(uc: UseCase, clinicianId: string): Promise<number> {
  return openAlertCountOf(uc.db, uc.service.id, clinicianId);
}

export type QueueRow = AlertWithContext & {
  severity: RiskSeverity;
  /** The latest action that kept it open: its next step and when. */
  latest: RiskActionRow | null;
};

/** The service's risk queue page: most severe first, then oldest (src/domain/risk). */
export async function riskQueue(uc: UseCase): Promise<QueueRow[]> {
  const rows = await openAlertQueue(uc.db, uc.clock, uc.actor);
  const latest = await latestRiskActions(
    uc.db,
    uc.service.id,
    rows.map((r) => r.alert.id),
  );
  return rows.map((r) => ({
    ...r,
    severity: riskSeverity(r.alert),
    latest: latest.get(r.alert.id) ?? null,
  }));
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * One alert, for any clinician (the policy's shared clinical queue). Null (shown as 404) when it
 * does not exist or the policy refuses; every attempt is audited.
 */
export type OpenedAlert = AlertWithContext & {
  severity: RiskSeverity;
  /** Every action recorded on it, oldest first. */
  actions: RiskActionWithName[];
  /** Whether the signed-in user may close it (a clinician; not a service manager). */
  mayClose: boolean;
  /**
   * Whether the signed-in user may open the patient's record: the queue is shared by every
   * clinician, the record is not, so the name links to it only for those the policy lets in
   * (issue 9 item 9: no link that answers 404).
   */
  mayOpenPatient: boolean;
  /** Their numbers, so whoever picks the alert up can call them without opening the record. */
  contact: Awaited<ReturnType<typeof alertContact>>;
};

export async function openRiskAlert(
  uc: UseCase,
  input: { alertId: string },
): Promise<OpenedAlert | null> {
  const { alertId } = input;
  const found = UUID_RE.test(alertId)
    ? ((await listAlertsWithContext(uc.db, uc.service.id, { alertId }))[0] ?? null)
    : null;
  const actor = uc.user !== null ? await accessActorFor(uc.db, uc.user) : null;
  const allowed =
    found !== null &&
    actor !== null &&
    can(actor, 'queue.work', { kind: 'risk_alert', serviceId: found.alert.serviceId });
  await uc.audit({
    action: 'risk_alert.read',
    patientId: found?.patientId ?? null,
    recordType: 'risk_alert',
    recordId: alertId.slice(0, 100),
    outcome: allowed ? 'success' : 'denied',
  });
  if (!allowed) return null;
  return {
    ...found,
    severity: riskSeverity(found.alert),
    actions: await listRiskActions(uc.db, uc.service.id, found.alert.id),
    mayClose: await mayCloseAlerts(uc),
    contact: await alertContact(uc.db, uc.service.id, {
      patientId: found.patientId,
      referralId: found.alert.referralId,
    }),
    mayOpenPatient:
      found.patientId !== null &&
      can(actor, 'patient.read', {
        kind: 'patient',
        serviceId: found.alert.serviceId,
        userId: found.patientUserId,
        responsibleClinicianId: found.patientClinicianId,
      }),
  };
}
