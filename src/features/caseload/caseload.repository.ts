import { and, eq, isNull, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db } from '../../db/client';
import { anyOf, builtOnce } from '../../db/statement';
import { patients, riskAlerts, treatmentCourses, users } from '../../db/schema';

const therapist = alias(users, 'therapist');

// Built once (src/db/statement.ts): every caseload runs these, with lists as array parameters.
const activeCoursesStatement = builtOnce((db) =>
  db
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
        eq(treatmentCourses.serviceId, sql.placeholder('serviceId')),
        eq(treatmentCourses.status, 'active'),
        anyOf(treatmentCourses.therapistId, 'therapistIds'),
      ),
    ),
);

/** Active courses of these therapists, with the patient's and therapist's names. One query. */
export async function activeCourses(db: Db, serviceId: string, therapistIds: readonly string[]) {
  if (therapistIds.length === 0) return [];
  return activeCoursesStatement(db, { serviceId, therapistIds: [...new Set(therapistIds)] });
}

export type ActiveCourseRow = Awaited<ReturnType<typeof activeCourses>>[number];

/** The therapists with at least one active course: a leaver's caseload is still to hand over. */
export async function therapistsWithActiveCourses(db: Db, serviceId: string): Promise<Set<string>> {
  const rows = await db
    .selectDistinct({ therapistId: treatmentCourses.therapistId })
    .from(treatmentCourses)
    .where(and(eq(treatmentCourses.serviceId, serviceId), eq(treatmentCourses.status, 'active')));
  return new Set(rows.map((r) => r.therapistId));
}

const openAlertCountsStatement = builtOnce((db) =>
  db
    .select({ patientId: riskAlerts.patientId, count: sql<number>`count(*)::int` })
    .from(riskAlerts)
    .where(
      and(
        eq(riskAlerts.serviceId, sql.placeholder('serviceId')),
        anyOf(riskAlerts.patientId, 'patientIds'),
        isNull(riskAlerts.actionedAt),
      ),
    )
    .groupBy(riskAlerts.patientId),
);

/** Open (not yet actioned) risk alerts per patient. One query. */
export async function openRiskAlertCounts(
  db: Db,
  serviceId: string,
  patientIds: readonly string[],
): Promise<Map<string, number>> {
  if (patientIds.length === 0) return new Map();
  const rows = await openAlertCountsStatement(db, {
    serviceId,
    patientIds: [...new Set(patientIds)],
  });
  return new Map(rows.map((r) => [r.patientId ?? '', r.count]));
}
