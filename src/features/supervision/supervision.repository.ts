import { and, asc, desc, eq, inArray, isNull } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { patients, supervisionNotes, treatmentCourses } from '../../db/schema';

export type SupervisionNoteRow = typeof supervisionNotes.$inferSelect;

/** A course with its patient's name (read only: the courses feature owns courses). */
export async function findCourse(db: Db, serviceId: string, courseId: string) {
  const rows = await db
    .select({
      id: treatmentCourses.id,
      therapistId: treatmentCourses.therapistId,
      patientId: treatmentCourses.patientId,
      plannedSessions: treatmentCourses.plannedSessions,
      attendedSessions: treatmentCourses.attendedSessions,
      status: treatmentCourses.status,
      startedAt: treatmentCourses.startedAt,
      givenName: patients.givenName,
      familyName: patients.familyName,
    })
    .from(treatmentCourses)
    .innerJoin(
      patients,
      and(
        eq(patients.serviceId, treatmentCourses.serviceId),
        eq(patients.id, treatmentCourses.patientId),
      ),
    )
    .where(and(eq(treatmentCourses.serviceId, serviceId), eq(treatmentCourses.id, courseId)))
    .limit(1);
  return rows[0] ?? null;
}

export type CourseRow = NonNullable<Awaited<ReturnType<typeof findCourse>>>;

export async function insertNote(db: Db, note: typeof supervisionNotes.$inferInsert) {
  const [row] = await db.insert(supervisionNotes).values(note).returning();
  if (!row) throw new Error('supervision note insert returned no row');
  return row;
}

export async function notesOfCourse(db: Db, serviceId: string, courseId: string) {
  return db
    .select()
    .from(supervisionNotes)
    .where(and(eq(supervisionNotes.serviceId, serviceId), eq(supervisionNotes.courseId, courseId)))
    .orderBy(desc(supervisionNotes.metOn), desc(supervisionNotes.createdAt));
}

/** Supervision notes about a supervisee's cases, unacknowledged first, with the patient's name. */
export async function notesForSupervisee(db: Db, serviceId: string, superviseeId: string) {
  return db
    .select({
      note: supervisionNotes,
      patientId: patients.id,
      givenName: patients.givenName,
      familyName: patients.familyName,
      // Who may open the course now (it may have been handed to someone else since).
      courseTherapistId: treatmentCourses.therapistId,
      responsibleClinicianId: patients.responsibleClinicianId,
      patientUserId: patients.userId,
    })
    .from(supervisionNotes)
    .innerJoin(
      treatmentCourses,
      and(
        eq(treatmentCourses.serviceId, supervisionNotes.serviceId),
        eq(treatmentCourses.id, supervisionNotes.courseId),
      ),
    )
    .innerJoin(
      patients,
      and(
        eq(patients.serviceId, treatmentCourses.serviceId),
        eq(patients.id, treatmentCourses.patientId),
      ),
    )
    .where(
      and(
        eq(supervisionNotes.serviceId, serviceId),
        eq(supervisionNotes.superviseeId, superviseeId),
      ),
    )
    .orderBy(asc(supervisionNotes.acknowledgedAt), desc(supervisionNotes.metOn));
}

/** A supervision note with the patient whose case it is about (for the audit row). */
export async function findNote(db: Db, serviceId: string, noteId: string) {
  const rows = await db
    .select({ note: supervisionNotes, patientId: treatmentCourses.patientId })
    .from(supervisionNotes)
    .innerJoin(
      treatmentCourses,
      and(
        eq(treatmentCourses.serviceId, supervisionNotes.serviceId),
        eq(treatmentCourses.id, supervisionNotes.courseId),
      ),
    )
    .where(and(eq(supervisionNotes.serviceId, serviceId), eq(supervisionNotes.id, noteId)))
    .limit(1);
  const row = rows[0];
  return row ? { ...row.note, patientId: row.patientId } : null;
}

export async function acknowledge(db: Db, serviceId: string, noteId: string, at: Date) {
  await db
    .update(supervisionNotes)
    .set({ acknowledgedAt: at })
    .where(
      and(
        eq(supervisionNotes.serviceId, serviceId),
        eq(supervisionNotes.id, noteId),
        isNull(supervisionNotes.acknowledgedAt),
      ),
    );
}

export async function unacknowledgedCounts(db: Db, serviceId: string, courseIds: string[]) {
  if (courseIds.length === 0) return new Map<string, number>();
  const rows = await db
    .select({
      courseId: supervisionNotes.courseId,
      acknowledgedAt: supervisionNotes.acknowledgedAt,
    })
    .from(supervisionNotes)
    .where(
      and(eq(supervisionNotes.serviceId, serviceId), inArray(supervisionNotes.courseId, courseIds)),
    );
  const counts = new Map<string, number>();
  for (const r of rows)
    if (r.acknowledgedAt === null) counts.set(r.courseId, (counts.get(r.courseId) ?? 0) + 1);
  return counts;
}
