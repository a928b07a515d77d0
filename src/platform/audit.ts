import type { FastifyRequest } from 'fastify';
import type { Db } from '../db/client';
import { auditEvents } from '../db/schema';
import type { Clock } from './clock';

/**
 * Every audited action, named once: `area.verb`. Services write audit rows; a new action is added
 * here first, so the audit log's vocabulary is closed and searchable.
 */
export const AUDIT_ACTIONS = [
  'appointment.attendance',
  'appointment.book',
  'appointment.cancel',
  'appointment.list_own',
  'appointment.read',
  'appointment.rearrange',
  'appointment.rearrange_request',
  'assessment.book',
  'assessment.record',
  'audit.search',
  'auth.invitation_accept',
  'auth.password_reset',
  'auth.password_reset_issue',
  'auth.password_reset_request',
  'auth.second_factor',
  'auth.second_factor_enrol',
  'auth.second_factor_reset',
  'auth.setup_first_manager',
  'auth.sign_in',
  'auth.sign_out',
  'auth.sign_out_everywhere',
  'caseload.view',
  'course.allocate',
  'course.allocate_form',
  'course.end',
  'course.length_change',
  'course.list',
  'course.outcome_record',
  'course.read',
  'course.waiting_list_view',
  'diary.book_form',
  'diary.choose_patient',
  'diary.view',
  'diary.view_all',
  'diary.view_rooms',
  'location.create',
  'location.update',
  'measure_response.correct',
  'measure_response.create',
  'measure_response.list',
  'measure_response.read',
  'message.list_own',
  'message.send',
  'outbox.view',
  'outcomes.report_view',
  'patient.invitation_not_sent',
  'patient.journey_read',
  'patient.read',
  'progress.read',
  'questionnaire.prompt',
  'questionnaire.read',
  'questionnaire_draft.save',
  'record_access.view',
  'referral.close',
  // Reports (issue 15): aggregate views, the patients behind a figure, and exports.
  'report.dashboard_view',
  'report.equity_view',
  'report.patient_list',
  'report.export',
  'referral.create',
  'referral.create_patient',
  'referral.decision',
  'referral.list',
  'referral.match_patient',
  'referral.read',
  'risk_alert.action',
  'risk_alert.escalate',
  'risk_alert.list',
  'risk_alert.raise',
  'risk_alert.read',
  'room.close',
  'room.create',
  'room.reopen',
  'service.settings_save',
  'therapist.profile_save',
  'user.create',
  'waiting_list.read',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** Who did something, taken from the request (or the operator CLI / a background worker). */
export interface Actor {
  serviceId: string;
  userId: string | null;
  role: string | null;
  ip: string | null;
  requestId: string | null;
}

export interface AuditEntry {
  action: AuditAction;
  patientId?: string | null;
  recordType?: string;
  recordId?: string;
  outcome?: 'success' | 'failure' | 'denied';
  reason?: string;
  details?: Record<string, unknown>;
}

export function actorFrom(request: FastifyRequest): Actor {
  const roles = request.auth?.roles ?? [];
  return {
    serviceId: request.service.id,
    userId: request.auth?.userId ?? null,
    role: roles.length > 0 ? roles.join(',') : null,
    ip: request.ip,
    requestId: request.id,
  };
}

export function systemActor(serviceId: string, label = 'system'): Actor {
  return { serviceId, userId: null, role: label, ip: null, requestId: null };
}

function auditRow(at: Date, actor: Actor, entry: AuditEntry) {
  return {
    serviceId: actor.serviceId,
    at,
    userId: actor.userId,
    role: actor.role,
    action: entry.action,
    patientId: entry.patientId ?? null,
    recordType: entry.recordType ?? null,
    recordId: entry.recordId ?? null,
    outcome: entry.outcome ?? ('success' as const),
    reason: entry.reason ?? null,
    ip: actor.ip,
    requestId: actor.requestId,
    details: entry.details ?? null,
  };
}

/**
 * The one helper every service calls; pass the transaction so the row commits with the change.
 * The database chains the row (sequence, previous hash, hash: docs/adr/0010), holding a
 * per-service lock from here to commit, so audit as late in the use case as its outcome allows.
 */
export async function audit(db: Db, clock: Clock, actor: Actor, entry: AuditEntry): Promise<void> {
  await db.insert(auditEvents).values(auditRow(clock.now(), actor, entry));
}

/** Several entries in one statement (a list page showing many patients: one row per patient). */
export async function auditMany(
  db: Db,
  clock: Clock,
  actor: Actor,
  entries: readonly AuditEntry[],
): Promise<void> {
  if (entries.length === 0) return;
  const at = clock.now();
  await db.insert(auditEvents).values(entries.map((entry) => auditRow(at, actor, entry)));
}
