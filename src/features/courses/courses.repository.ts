import { and, asc, desc, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db } from '../../db/client';
import {
  auditEvents,
  discharges,
  patients,
  peqResponses,
  referrals,
  treatmentCourses,
  users,
  type CourseMode,
  type CourseStatus,
  type Therapy,
} from '../../db/schema';

export type CourseRow = typeof treatmentCourses.$inferSelect;

/** The IPT waiting list as far as allocation is concerned: waiting referrals with a patient record. */
export async function listAllocatable(db: Db, serviceId: string) {
  return db
    .select({
      referralId: referrals.id,
      reference: referrals.reference,
      urgent: referrals.urgent,
      receivedAt: referrals.receivedAt,
      decidedAt: referrals.decidedAt,
      patientId: patients.id,
      givenName: patients.givenName,
      familyName: patients.familyName,
      dateOfBirth: patients.dateOfBirth,
    })
    .from(referrals)
    .innerJoin(
      patients,
      and(eq(patients.serviceId, referrals.serviceId), eq(patients.id, referrals.patientId)),
    )
    .where(
      and(
        eq(referrals.serviceId, serviceId),
        eq(referrals.status, 'ipt_waiting'),
        isNotNull(referrals.patientId),
      ),
    )
    .orderBy(desc(referrals.urgent), asc(referrals.receivedAt));
}

export async function findReferral(db: Db, serviceId: string, referralId: string, lock = false) {
  const q = db
    .select()
    .from(referrals)
    .where(and(eq(referrals.serviceId, serviceId), eq(referrals.id, referralId)))
    .limit(1);
  const rows = lock ? await q.for('update') : await q;
  return rows[0] ?? null;
}

export async function setReferralStatus(
  db: Db,
  serviceId: string,
  referralId: string,
  status: 'in_treatment' | 'discharged',
  at: Date,
) {
  await db
    .update(referrals)
    .set({ status, updatedAt: at })
    .where(and(eq(referrals.serviceId, serviceId), eq(referrals.id, referralId)));
}

export async function setResponsibleClinician(
  db: Db,
  serviceId: string,
  patientId: string,
  clinicianId: string,
) {
  await db
    .update(patients)
    .set({ responsibleClinicianId: clinicianId })
    .where(and(eq(patients.serviceId, serviceId), eq(patients.id, patientId)));
}

export async function insertCourse(
  db: Db,
  values: {
    serviceId: string;
    patientId: string;
    referralId: string | null;
    therapistId: string;
    therapy: Therapy;
    plannedSessions: number;
    sessionMinutes: number;
    lengthReason: string | null;
    modePreference: CourseMode;
    startedAt: Date;
    allocatedBy: string | null;
  },
) {
  const [row] = await db.insert(treatmentCourses).values(values).returning();
  if (!row) throw new Error('insert into treatment_courses returned no row');
  return row;
}

export async function findActiveCourse(
  db: Db,
  serviceId: string,
  patientId: string,
  therapy: Therapy,
) {
  const rows = await db
    .select()
    .from(treatmentCourses)
    .where(
      and(
        eq(treatmentCourses.serviceId, serviceId),
        eq(treatmentCourses.patientId, patientId),
        eq(treatmentCourses.therapy, therapy),
        eq(treatmentCourses.status, 'active'),
      ),
    )
    .limit(1);
  return rows[0] ?? null;
}

/** How many active courses each therapist has: their caseload size, shown when allocating. */
export async function activeCourseCounts(db: Db, serviceId: string): Promise<Map<string, number>> {
  const rows = await db
    .select({ therapistId: treatmentCourses.therapistId, count: sql<number>`count(*)::int` })
    .from(treatmentCourses)
    .where(and(eq(treatmentCourses.serviceId, serviceId), eq(treatmentCourses.status, 'active')))
    .groupBy(treatmentCourses.therapistId);
  return new Map(rows.map((r) => [r.therapistId, r.count]));
}

/** A course handed over to another therapist. */
export async function setCourseTherapist(
  db: Db,
  serviceId: string,
  courseId: string,
  therapistId: string,
) {
  await db
    .update(treatmentCourses)
    .set({ therapistId })
    .where(and(eq(treatmentCourses.serviceId, serviceId), eq(treatmentCourses.id, courseId)));
}

export async function setCourseLength(
  db: Db,
  serviceId: string,
  courseId: string,
  length: { plannedSessions: number; sessionMinutes: number; lengthReason: string | null },
) {
  await db
    .update(treatmentCourses)
    .set(length)
    .where(and(eq(treatmentCourses.serviceId, serviceId), eq(treatmentCourses.id, courseId)));
}

/** A patient's courses, newest first. */
export async function listPatientCourses(db: Db, serviceId: string, patientId: string) {
  return db
    .select()
    .from(treatmentCourses)
    .where(
      and(eq(treatmentCourses.serviceId, serviceId), eq(treatmentCourses.patientId, patientId)),
    )
    .orderBy(desc(treatmentCourses.startedAt));
}

/** A course; `lock` takes a row lock so bookings on one course are counted one at a time. */
export async function findCourse(db: Db, serviceId: string, courseId: string, lock = false) {
  const q = db
    .select()
    .from(treatmentCourses)
    .where(and(eq(treatmentCourses.serviceId, serviceId), eq(treatmentCourses.id, courseId)))
    .limit(1);
  const rows = lock ? await q.for('update') : await q;
  return rows[0] ?? null;
}

export async function setAttendedSessions(
  db: Db,
  serviceId: string,
  courseId: string,
  attendedSessions: number,
) {
  await db
    .update(treatmentCourses)
    .set({ attendedSessions })
    .where(and(eq(treatmentCourses.serviceId, serviceId), eq(treatmentCourses.id, courseId)));
}

export async function endCourse(
  db: Db,
  serviceId: string,
  courseId: string,
  reason: string,
  at: Date,
): Promise<boolean> {
  const rows = await db
    .update(treatmentCourses)
    .set({ status: 'ended', endedAt: at, endedReason: reason })
    .where(
      and(
        eq(treatmentCourses.serviceId, serviceId),
        eq(treatmentCourses.id, courseId),
        eq(treatmentCourses.status, 'active'),
      ),
    )
    .returning({ id: treatmentCourses.id });
  return rows.length === 1;
}

const therapist = alias(users, 'therapist');

export interface CourseListFilter {
  /** Only these therapists' courses (a therapist's own, a supervisor's trainees'); all when absent. */
  therapistIds?: string[];
  status?: CourseStatus;
  /** Only courses whose therapist's access was removed (ADR 0036). */
  therapistInactive?: boolean;
}

export async function listCourses(db: Db, serviceId: string, filter: CourseListFilter, now: Date) {
  if (filter.therapistIds && filter.therapistIds.length === 0) return [];
  return db
    .select({
      course: treatmentCourses,
      patientGivenName: patients.givenName,
      patientFamilyName: patients.familyName,
      therapistName: therapist.displayName,
      bookedSessions: sql<number>`(select count(*)::int from appointments a
        where a.service_id = ${treatmentCourses.serviceId} and a.course_id = ${treatmentCourses.id}
        and a.type = 'ipt_session' and a.status = 'booked')`,
      nextAppointment: sql<string | null>`(select min(a.starts_at) from appointments a
        where a.service_id = ${treatmentCourses.serviceId} and a.course_id = ${treatmentCourses.id}
        and a.status = 'booked' and a.starts_at > ${now.toISOString()}::timestamptz)`,
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
        filter.therapistIds
          ? inArray(treatmentCourses.therapistId, filter.therapistIds)
          : undefined,
        filter.status ? eq(treatmentCourses.status, filter.status) : undefined,
        filter.therapistInactive ? eq(therapist.active, false) : undefined,
      ),
    )
    .orderBy(asc(treatmentCourses.status), asc(patients.familyName), asc(patients.givenName));
}

export type DischargeRow = typeof discharges.$inferSelect;

export async function insertDischarge(db: Db, row: typeof discharges.$inferInsert) {
  const [inserted] = await db.insert(discharges).values(row).returning();
  if (!inserted) throw new Error('insert returned no discharge');
  return inserted;
}

export async function findDischarge(db: Db, serviceId: string, dischargeId: string, lock = false) {
  const q = db
    .select()
    .from(discharges)
    .where(and(eq(discharges.serviceId, serviceId), eq(discharges.id, dischargeId)))
    .limit(1);
  const rows = lock ? await q.for('update') : await q;
  return rows[0] ?? null;
}

export async function dischargeOfCourse(db: Db, serviceId: string, courseId: string) {
  const rows = await db
    .select()
    .from(discharges)
    .where(and(eq(discharges.serviceId, serviceId), eq(discharges.courseId, courseId)))
    .limit(1);
  return rows[0] ?? null;
}

export async function dischargesOfPatient(db: Db, serviceId: string, patientId: string) {
  return db
    .select()
    .from(discharges)
    .where(and(eq(discharges.serviceId, serviceId), eq(discharges.patientId, patientId)))
    .orderBy(desc(discharges.dischargedAt));
}

/** Marks the PEQ answered on the discharge, once; answers nothing when it already was. */
export async function markPeqAnswered(db: Db, row: DischargeRow, at: Date): Promise<boolean> {
  const updated = await db
    .update(discharges)
    .set({ peqAnsweredAt: at })
    .where(
      and(
        eq(discharges.serviceId, row.serviceId),
        eq(discharges.id, row.id),
        sql`${discharges.peqAnsweredAt} is null`,
      ),
    )
    .returning({ id: discharges.id });
  return updated.length === 1;
}

/** Stores PEQ answers with no link to anyone: the service and the month only (hazard H19). */
export async function insertPeqResponse(
  db: Db,
  serviceId: string,
  month: string,
  answers: Record<string, number>,
) {
  await db.insert(peqResponses).values({ serviceId, month, answers });
}

export async function peqAnswersSince(db: Db, serviceId: string, fromMonth: string) {
  return db
    .select({ month: peqResponses.month, answers: peqResponses.answers })
    .from(peqResponses)
    .where(and(eq(peqResponses.serviceId, serviceId), sql`${peqResponses.month} >= ${fromMonth}`));
}

/**
 * Whether this user made this change to this course (its audit row says so): the page they are
 * sent back to names the patient and therapist only for the person who made the change.
 */
export async function userChangedCourse(
  db: Db,
  serviceId: string,
  input: {
    courseId: string;
    userId: string;
    action: 'course.allocate' | 'course.change_therapist';
  },
): Promise<boolean> {
  const rows = await db
    .select({ id: auditEvents.id })
    .from(auditEvents)
    .where(
      and(
        eq(auditEvents.serviceId, serviceId),
        eq(auditEvents.action, input.action),
        eq(auditEvents.recordId, input.courseId),
        eq(auditEvents.userId, input.userId),
        eq(auditEvents.outcome, 'success'),
      ),
    )
    .limit(1);
  return rows.length > 0;
}
