import type { FastifyRequest } from 'fastify';
import type { Db } from '../db/client';
import { auditEvents } from '../db/schema';
import type { Clock } from './clock';

/** Who did something, taken from the request (or the operator CLI / a background worker). */
export interface Actor {
  serviceId: string;
  userId: string | null;
  role: string | null;
  ip: string | null;
  requestId: string | null;
}

export interface AuditEntry {
  action: string;
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

/** The one helper every service calls; pass the transaction so the row commits with the change. */
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
