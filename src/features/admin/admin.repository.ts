import { and, count, desc, eq, gte, lt, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { auditEvents, users } from '../../db/schema';

export interface AuditQuery {
  userId?: string;
  patientId?: string;
  from?: Date;
  /** Exclusive. */
  to?: Date;
  limit: number;
  offset: number;
}

export async function searchAudit(db: Db, serviceId: string, q: AuditQuery) {
  const conditions: SQL[] = [eq(auditEvents.serviceId, serviceId)];
  if (q.userId) conditions.push(eq(auditEvents.userId, q.userId));
  if (q.patientId) conditions.push(eq(auditEvents.patientId, q.patientId));
  if (q.from) conditions.push(gte(auditEvents.at, q.from));
  if (q.to) conditions.push(lt(auditEvents.at, q.to));
  const where = and(...conditions);
  const [rows, totals] = await Promise.all([
    db
      .select({
        id: auditEvents.id,
        at: auditEvents.at,
        userId: auditEvents.userId,
        userName: users.displayName,
        role: auditEvents.role,
        action: auditEvents.action,
        patientId: auditEvents.patientId,
        recordType: auditEvents.recordType,
        recordId: auditEvents.recordId,
        outcome: auditEvents.outcome,
        reason: auditEvents.reason,
        ip: auditEvents.ip,
        requestId: auditEvents.requestId,
      })
      .from(auditEvents)
      .leftJoin(
        users,
        and(eq(users.serviceId, auditEvents.serviceId), eq(users.id, auditEvents.userId)),
      )
      .where(where)
      .orderBy(desc(auditEvents.at), desc(auditEvents.id))
      .limit(q.limit)
      .offset(q.offset),
    db.select({ n: count() }).from(auditEvents).where(where),
  ]);
  return { rows, total: totals[0]?.n ?? 0 };
}

export type AuditRow = Awaited<ReturnType<typeof searchAudit>>['rows'][number];
