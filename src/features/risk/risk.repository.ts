import { and, asc, eq, isNull, lte, or } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { riskAlerts, type RiskAlertSource } from '../../db/schema';

export interface NewRiskAlert {
  serviceId: string;
  source: RiskAlertSource;
  reason: string;
  patientId?: string | null;
  referralId?: string | null;
  sourceRecordId?: string | null;
  responsibleClinicianId?: string | null;
  raisedAt: Date;
  escalateAt?: Date | null;
}

export async function insertRiskAlert(db: Db, alert: NewRiskAlert) {
  const rows = await db
    .insert(riskAlerts)
    .values({
      serviceId: alert.serviceId,
      source: alert.source,
      reason: alert.reason,
      patientId: alert.patientId ?? null,
      referralId: alert.referralId ?? null,
      sourceRecordId: alert.sourceRecordId ?? null,
      responsibleClinicianId: alert.responsibleClinicianId ?? null,
      raisedAt: alert.raisedAt,
      escalateAt: alert.escalateAt ?? null,
    })
    .returning();
  return rows[0]!;
}

/** Open alerts, oldest first; optionally only one clinician's. */
export async function listOpenRiskAlerts(db: Db, serviceId: string, clinicianId?: string) {
  return db
    .select()
    .from(riskAlerts)
    .where(
      and(
        eq(riskAlerts.serviceId, serviceId),
        isNull(riskAlerts.actionedAt),
        clinicianId ? eq(riskAlerts.responsibleClinicianId, clinicianId) : undefined,
      ),
    )
    .orderBy(asc(riskAlerts.raisedAt));
}

export async function findRiskAlert(db: Db, serviceId: string, alertId: string) {
  const rows = await db
    .select()
    .from(riskAlerts)
    .where(and(eq(riskAlerts.serviceId, serviceId), eq(riskAlerts.id, alertId)))
    .limit(1);
  return rows[0] ?? null;
}

/** Records the action; returns false if someone else already closed it. */
export async function recordRiskAction(
  db: Db,
  serviceId: string,
  alertId: string,
  action: { actionTaken: string; actionedBy: string; actionedAt: Date },
): Promise<boolean> {
  const rows = await db
    .update(riskAlerts)
    .set(action)
    .where(
      and(
        eq(riskAlerts.serviceId, serviceId),
        eq(riskAlerts.id, alertId),
        isNull(riskAlerts.actionedAt),
      ),
    )
    .returning({ id: riskAlerts.id });
  return rows.length === 1;
}

/** Links a referral's alerts to the patient record once it is matched or created. */
export async function attachAlertsToPatient(
  db: Db,
  serviceId: string,
  referralId: string,
  patientId: string,
) {
  await db
    .update(riskAlerts)
    .set({ patientId })
    .where(and(eq(riskAlerts.serviceId, serviceId), eq(riskAlerts.referralId, referralId)));
}

export async function dueForEscalation(db: Db, now: Date) {
  return db
    .select()
    .from(riskAlerts)
    .where(
      and(
        isNull(riskAlerts.actionedAt),
        isNull(riskAlerts.escalatedAt),
        or(lte(riskAlerts.escalateAt, now)),
      ),
    );
}

export async function markEscalated(db: Db, serviceId: string, alertId: string, at: Date) {
  await db
    .update(riskAlerts)
    .set({ escalatedAt: at })
    .where(and(eq(riskAlerts.serviceId, serviceId), eq(riskAlerts.id, alertId)));
}
