import { and, count, desc, eq, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { auditEvents, users } from '../../db/schema';

/** The audit role of a connected system (FHIR API client): `api_client:<client id>`. */
export const API_CLIENT_ROLE = 'api_client:';

/**
 * The times staff, or another system through the FHIR API, used one patient's record, newest
 * first, from the audit trail: successful actions by a signed-in person other than the patient,
 * or by a connected system. Background work (no user) and refused attempts (nothing was shown)
 * are not looks at the record.
 */
export async function listRecordAccess(
  db: Db,
  serviceId: string,
  q: { patientId: string; patientUserId: string | null; limit: number; offset: number },
) {
  const conditions: SQL[] = [
    eq(auditEvents.serviceId, serviceId),
    eq(auditEvents.patientId, q.patientId),
    eq(auditEvents.outcome, 'success'),
    sql`(${auditEvents.userId} is not null or ${auditEvents.role} like ${`${API_CLIENT_ROLE}%`})`,
  ];
  // `is distinct from`: a connected system's rows have no user, and are never the patient's own.
  if (q.patientUserId)
    conditions.push(sql`${auditEvents.userId} is distinct from ${q.patientUserId}`);
  const where = and(...conditions);
  // One after the other: inside a request's transaction both run on one client.
  const rows = await db
    .select({
      id: auditEvents.id,
      at: auditEvents.at,
      action: auditEvents.action,
      role: auditEvents.role,
      userName: users.displayName,
    })
    .from(auditEvents)
    .leftJoin(
      users,
      and(eq(users.serviceId, auditEvents.serviceId), eq(users.id, auditEvents.userId)),
    )
    .where(where)
    .orderBy(desc(auditEvents.at), desc(auditEvents.id))
    .limit(q.limit)
    .offset(q.offset);
  const totals = await db.select({ n: count() }).from(auditEvents).where(where);
  return { rows, total: totals[0]?.n ?? 0 };
}
