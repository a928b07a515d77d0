import type { FastifyRequest } from 'fastify';
import pg from 'pg';
import { deferUntilCommit, type Db } from '../db/client';
import { auditEvents } from '../db/schema';
import type { Clock } from './clock';

/**
 * Every audited action, named once: `area.verb`. Services write audit rows; a new action is added
 * here first, so the audit log's vocabulary is closed and searchable.
 */
export const AUDIT_ACTIONS = [
  // FHIR API and its clients (issue 17).
  'api_client.deactivate',
  'api_client.list',
  'api_client.register',
  'api_client.token',
  'fhir.read',
  'fhir.search',
  'appointment.attendance',
  'appointment.book',
  'appointment.cancel',
  'appointment.list_own',
  'appointment.read',
  'appointment.rearrange',
  'appointment.rearrange_request',
  'appointment.keep_time',
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
  'course.discharge',
  'course.end',
  'course.length_change',
  'course.change_therapist',
  'course.list',
  'course.outcome_record',
  'course.read',
  'course.waiting_list_view',
  'diary.book_form',
  'diary.choose_patient',
  'diary.view',
  'diary.view_all',
  'diary.view_rooms',
  // IPT course workspace (issue 11 part A)
  'ipt.aim_add',
  'ipt.aim_remove',
  'ipt.aims_rate',
  'ipt.formulation_agree',
  'ipt.formulation_draft_save',
  'ipt.formulation_save',
  'ipt.own_read',
  'ipt.person_add',
  'ipt.person_edit',
  'ipt.person_remove',
  'ipt.phase_override',
  'ipt.shared_read',
  'ipt.timeline_add',
  'ipt.timeline_remove',
  'ipt.workspace_read',
  // Staying-well plan (issue 11, H26)
  'ipt.staying_well_read',
  'ipt.staying_well_save',
  'location.create',
  'location.update',
  'measure_response.correct',
  'measure_response.create',
  'measure_response.list',
  'measure_response.read',
  'letter.create',
  'letter.read',
  'message.ask',
  'message.escalate',
  'message.list_own',
  'message.list_questions',
  'message.read_thread',
  'message.reply',
  'message.send',
  'message.start',
  'message.start_form',
  'peq.answer',
  'peq.summary_view',
  'outbox.view',
  'outcomes.report_view',
  'patient.invitation_not_sent',
  'patient.journey_read',
  'patient.read',
  'patient.update',
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
  'video.admit',
  'video.consent',
  'video.end',
  'video.join',
  'video.leave',
  'waiting_list.read',
  // --- community (issue 13) ---
  'community.invite',
  'community.join',
  'community.leave',
  'community.add_moderator',
  'community.post',
  'community.edit',
  'community.delete_own',
  'community.delete_post',
  'community.report',
  'community.crisis',
  'community.moderate',
  'community.export_own',
  'community.video_upload',
  'community.video_hide',
  // --- end community ---
  // --- wall (issue 14) ---
  'wall.post',
  'wall.crisis',
  'wall.hide',
  'wall.report',
  'wall.review',
  'wall.ask_clinical_team',
  'wall.sanction',
  // --- end wall ---
  // Session notes, tasks and supervision (issue 11 part B).
  'note.addendum',
  'note.countersign',
  'note.overdue_list',
  'note.read',
  'note.save_draft',
  'note.sign',
  'note.summary_correction',
  'note.summary_correction_countersign',
  'supervision.caseload_view',
  'supervision.note_acknowledge',
  'supervision.note_record',
  'supervision.read',
  'task.list_own',
  'task.reflect',
  'task.set',
  'task.withdraw',
  'task.restore',
  // The patient's notebook (issue 11).
  'notebook.read',
  'notebook.search',
  'notebook.pdf',
  'notebook.folder_create',
  'notebook.folder_rename',
  'notebook.folder_delete',
  'notebook.note_read',
  'notebook.note_create',
  'notebook.note_update',
  'notebook.note_move',
  'notebook.note_delete',
  'notebook.note_share',
  'notebook.note_unshare',
  'notebook.shared_list',
  // Onward referral and letters by email (issue 11, w6-ending).
  'onward_referral.create',
  'onward_referral.sent',
  'onward_referral.list_unsent',
  'letter.send',
  'letter.sent_another_way',
  'letter.list_unsent',
  'appointment.unrecorded_list',
  'appointment.patient_cancelled_list',
  'appointment.no_other_session',
  // --- OpenID sign-in (issue 17): NHS login and staff single sign-on ---
  'auth.oidc_callback',
  'identity.link',
  'identity.link_offer',
  'identity.unlink',
  'identity.link_view',
  'user.roles_from_provider',
  'user.deactivate',
  'user.reactivate',
  'user.change_roles',
  'user.invitation_resend',
  // --- end OpenID sign-in ---
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
 * The database chains the row (sequence, previous hash, hash: docs/adr/0010) under a per-service
 * lock held to commit. In a request's tenant transaction the row is sent with the COMMIT (one round
 * trip, the lock held only while the database runs it); in a nested transaction it is inserted at
 * once so it rolls back with it.
 */
export async function audit(db: Db, clock: Clock, actor: Actor, entry: AuditEntry): Promise<void> {
  const row = auditRow(clock.now(), actor, entry);
  if (deferUntilCommit(db, auditInsertSql([row]))) return;
  await db.insert(auditEvents).values(row);
}

type AuditRow = ReturnType<typeof auditRow>;

// pg.escapeLiteral builds its answer a character at a time: for the 520 values of a caseload's
// 40 rows that was 75 µs and 225 KB of garbage a page. Without a quote or a backslash its answer
// is the value in quotes, so that case is written directly (16 µs).
const literal = (value: string | null): string =>
  value === null ? 'null' : /['\\]/.test(value) ? pg.escapeLiteral(value) : `'${value}'`;

/**
 * The same insert as drizzle's, as plain SQL with quoted values, so a request's audit rows can go
 * with its COMMIT in one round trip (docs/adr/0015). The chain columns are the trigger's to fill.
 */
function auditInsertSql(rows: readonly AuditRow[]): string {
  const values = rows.map((r) =>
    [
      `${literal(r.serviceId)}::uuid`,
      `${literal(r.at.toISOString())}::timestamptz`,
      `${literal(r.userId)}::uuid`,
      literal(r.role),
      literal(r.action),
      `${literal(r.patientId)}::uuid`,
      literal(r.recordType),
      literal(r.recordId),
      literal(r.outcome),
      literal(r.reason),
      literal(r.ip),
      literal(r.requestId),
      `${literal(r.details === null ? null : JSON.stringify(r.details))}::jsonb`,
    ].join(', '),
  );
  return `insert into audit_events (service_id, at, user_id, role, action, patient_id, record_type, record_id, outcome, reason, ip, request_id, details) values (${values.join('), (')})`;
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
  const rows = entries.map((entry) => auditRow(at, actor, entry));
  if (deferUntilCommit(db, auditInsertSql(rows))) return;
  await db.insert(auditEvents).values(rows);
}
