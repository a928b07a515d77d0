import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db } from '../../db/client';
import { patients, riskAlerts, treatmentCourses, users } from '../../db/schema';

const therapist = alias(users, 'therapist');

/** Active courses of these therapists, with the patient's and therapist's names. One query. */
export async function activeCourses(db: Db, serviceId: string, therapistIds: readonly string[]) {
  if (therapistIds.length === 0) return [];
  return db
    .select({
      courseId: treatmentCourses.id,
      patientId: treatmentCourses.patientId,
      referralId: treatmentCourses.referralId,
      therapistId: treatmentCourses.therapistId,
      plannedSessions: treatmentCourses.plannedSessions,
      startedAt: treatmentCourses.startedAt,
      givenName: patients.givenName,
      familyName: patients.familyName,
      // What the access policy needs to decide who may open the patient's record.
      patientUserId: patients.userId,
      responsibleClinicianId: patients.responsibleClinicianId,
      therapistName: therapist.displayName,
    })
    .from(treatmentCourses)
    .innerJoin(
      patients,
      and(
        eq(patients.serviceId, treatmentCourses.serviceId),
        eq(patients.id, treatmentCourses.patientId),
      ),
    )
    .innerJoin(
      therapist,
      and(
        eq(therapist.serviceId, treatmentCourses.serviceId),
        eq(therapist.id, treatmentCourses.therapistId),
      ),
    )
    .where(
      and(
        eq(treatmentCourses.serviceId, serviceId),
        eq(treatmentCourses.status, 'active'),
        inArray(treatmentCourses.therapistId, [...therapistIds]),
      ),
    );
}

export type ActiveCourseRow = Awaited<ReturnType<typeof activeCourses>>[number];

/** Open (not yet actioned) risk alerts per patient. One query. */
export async function openRiskAlertCounts(
  db: Db,
  serviceId: string,
  patientIds: readonly string[],
): Promise<Map<string, number>> {
  if (patientIds.length === 0) return new Map();
  const rows = await db
    .select({ patientId: riskAlerts.patientId, count: sql<number>`count(*)::int` })
    .from(riskAlerts)
    .where(
      and(
        eq(riskAlerts.serviceId, serviceId),
        inArray(riskAlerts.patientId, [...new Set(patientIds)]),
        isNull(riskAlerts.actionedAt),
      ),
    )
    .groupBy(riskAlerts.patientId);
  return new Map(rows.map((r) => [r.patientId ?? '', r.count]));
}
