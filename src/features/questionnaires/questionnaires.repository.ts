import { and, asc, desc, eq, gt, inArray, isNull, lte, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import {
  appointments,
  measureResponses,
  patients,
  questionnaireDrafts,
  services,
  treatmentCourses,
  users,
  type AppointmentStatus,
} from '../../db/schema';

/** An IPT session with what the questionnaires need: its patient and course. */
export async function findSession(db: Db, serviceId: string, appointmentId: string) {
  const rows = await db
    .select({
      appointment: {
        id: appointments.id,
        patientId: appointments.patientId,
        therapistId: appointments.therapistId,
        courseId: appointments.courseId,
        sessionNumber: appointments.sessionNumber,
        startsAt: appointments.startsAt,
        endsAt: appointments.endsAt,
        status: appointments.status,
      },
      patient: {
        id: patients.id,
        userId: patients.userId,
        responsibleClinicianId: patients.responsibleClinicianId,
        givenName: patients.givenName,
        familyName: patients.familyName,
      },
      course: { id: treatmentCourses.id, therapistId: treatmentCourses.therapistId },
    })
    .from(appointments)
    .innerJoin(
      patients,
      and(eq(patients.serviceId, appointments.serviceId), eq(patients.id, appointments.patientId)),
    )
    .leftJoin(
      treatmentCourses,
      and(
        eq(treatmentCourses.serviceId, appointments.serviceId),
        eq(treatmentCourses.id, appointments.courseId),
      ),
    )
    .where(
      and(
        eq(appointments.serviceId, serviceId),
        eq(appointments.id, appointmentId),
        eq(appointments.type, 'ipt_session'),
      ),
    )
    .limit(1);
  const row = rows[0];
  if (!row) return null;
  return { ...row, course: row.course?.id ? row.course : null };
}

export type SessionRow = NonNullable<Awaited<ReturnType<typeof findSession>>>;

/** A patient's IPT sessions in a time range (by start), soonest first, optionally by status. */
export async function listSessions(
  db: Db,
  serviceId: string,
  patientId: string,
  range: { endsAfter?: Date; startsBefore?: Date; statuses?: readonly AppointmentStatus[] },
) {
  return db
    .select({
      id: appointments.id,
      sessionNumber: appointments.sessionNumber,
      startsAt: appointments.startsAt,
      endsAt: appointments.endsAt,
      status: appointments.status,
    })
    .from(appointments)
    .where(
      and(
        eq(appointments.serviceId, serviceId),
        eq(appointments.patientId, patientId),
        eq(appointments.type, 'ipt_session'),
        range.endsAfter ? gt(appointments.endsAt, range.endsAfter) : undefined,
        range.startsBefore ? lte(appointments.startsAt, range.startsBefore) : undefined,
        range.statuses ? inArray(appointments.status, [...range.statuses]) : undefined,
      ),
    )
    .orderBy(asc(appointments.startsAt));
}

export type SessionListRow = Awaited<ReturnType<typeof listSessions>>[number];

export async function questionnaireSettings(db: Db, serviceId: string) {
  const rows = await db
    .select({ settings: services.settings })
    .from(services)
    .where(eq(services.id, serviceId))
    .limit(1);
  return rows[0]?.settings ?? null;
}

// ---- Responses ----------------------------------------------------------------------------------

/** The current (not superseded) responses for some sessions. */
export async function currentResponses(db: Db, serviceId: string, appointmentIds: string[]) {
  if (appointmentIds.length === 0) return [];
  return db
    .select()
    .from(measureResponses)
    .where(
      and(
        eq(measureResponses.serviceId, serviceId),
        inArray(measureResponses.appointmentId, appointmentIds),
        isNull(measureResponses.supersededAt),
      ),
    );
}

export async function findResponse(db: Db, serviceId: string, responseId: string) {
  const rows = await db
    .select()
    .from(measureResponses)
    .where(and(eq(measureResponses.serviceId, serviceId), eq(measureResponses.id, responseId)))
    .limit(1);
  return rows[0] ?? null;
}

export type ResponseRow = NonNullable<Awaited<ReturnType<typeof findResponse>>>;
export type NewResponse = typeof measureResponses.$inferInsert;

export async function insertResponse(db: Db, values: NewResponse): Promise<ResponseRow> {
  const rows = await db.insert(measureResponses).values(values).returning();
  const row = rows[0];
  if (!row) throw new Error('insert returned no row');
  return row;
}

/** Marks a response replaced by a correction; false if it already was (someone else corrected it). */
export async function supersedeResponse(
  db: Db,
  serviceId: string,
  responseId: string,
  at: Date,
): Promise<boolean> {
  const rows = await db
    .update(measureResponses)
    .set({ supersededAt: at })
    .where(
      and(
        eq(measureResponses.serviceId, serviceId),
        eq(measureResponses.id, responseId),
        isNull(measureResponses.supersededAt),
      ),
    )
    .returning({ id: measureResponses.id });
  return rows.length === 1;
}

/**
 * Every session questionnaire for a patient, corrections and the versions they replaced
 * included, newest first, with the name and roles of whoever entered each.
 */
export async function sessionResponsesForPatient(db: Db, serviceId: string, patientId: string) {
  return db
    .select({
      response: measureResponses,
      enteredByName: users.displayName,
      enteredByRoles: users.roles,
    })
    .from(measureResponses)
    .leftJoin(
      users,
      and(
        eq(users.serviceId, measureResponses.serviceId),
        eq(users.id, measureResponses.enteredBy),
      ),
    )
    .where(
      and(
        eq(measureResponses.serviceId, serviceId),
        eq(measureResponses.patientId, patientId),
        eq(measureResponses.context, 'session'),
      ),
    )
    .orderBy(
      desc(measureResponses.completedAt),
      desc(sql`coalesce(${measureResponses.supersededAt}, 'infinity'::timestamptz)`),
    );
}

export type HistoryRow = Awaited<ReturnType<typeof sessionResponsesForPatient>>[number];

// ---- Drafts -------------------------------------------------------------------------------------

export interface DraftKey {
  serviceId: string;
  appointmentId: string;
  measureId: string;
}

const draftWhere = (key: DraftKey) =>
  and(
    eq(questionnaireDrafts.serviceId, key.serviceId),
    eq(questionnaireDrafts.appointmentId, key.appointmentId),
    eq(questionnaireDrafts.measureId, key.measureId),
  );

export async function draftsFor(db: Db, serviceId: string, appointmentId: string) {
  return db
    .select()
    .from(questionnaireDrafts)
    .where(
      and(
        eq(questionnaireDrafts.serviceId, serviceId),
        eq(questionnaireDrafts.appointmentId, appointmentId),
      ),
    );
}

/** A patient's questionnaires started and not sent, for the staff history (walk 6). */
export async function unsentDraftsForPatient(db: Db, serviceId: string, patientId: string) {
  return db
    .select()
    .from(questionnaireDrafts)
    .where(
      and(
        eq(questionnaireDrafts.serviceId, serviceId),
        eq(questionnaireDrafts.patientId, patientId),
        isNull(questionnaireDrafts.responseId),
      ),
    );
}

/** Keeps partial answers; a questionnaire already submitted is left as it is. */
export async function saveDraftAnswers(
  db: Db,
  key: DraftKey,
  values: { patientId: string; answers: Record<string, string>; at: Date; by: string | null },
) {
  await db
    .insert(questionnaireDrafts)
    .values({
      ...key,
      patientId: values.patientId,
      answers: values.answers,
      updatedAt: values.at,
      updatedBy: values.by,
    })
    .onConflictDoUpdate({
      target: [
        questionnaireDrafts.serviceId,
        questionnaireDrafts.appointmentId,
        questionnaireDrafts.measureId,
      ],
      set: { answers: values.answers, updatedAt: values.at, updatedBy: values.by },
      setWhere: isNull(questionnaireDrafts.responseId),
    });
}

/**
 * Creates or locks the row for one session's questionnaire, inside the submitting transaction.
 * A second submit of the same questionnaire waits here until the first commits, then sees its
 * response id: the answers are stored once.
 */
export async function lockDraft(
  db: Db,
  key: DraftKey,
  values: { patientId: string; at: Date },
): Promise<{ responseId: string | null; answers: Record<string, string>; updatedAt: Date }> {
  const rows = await db
    .insert(questionnaireDrafts)
    .values({ ...key, patientId: values.patientId, answers: {}, updatedAt: values.at })
    .onConflictDoUpdate({
      target: [
        questionnaireDrafts.serviceId,
        questionnaireDrafts.appointmentId,
        questionnaireDrafts.measureId,
      ],
      // A no-op update, for the row lock.
      set: { measureId: sql`${questionnaireDrafts.measureId}` },
    })
    .returning({
      responseId: questionnaireDrafts.responseId,
      answers: questionnaireDrafts.answers,
      updatedAt: questionnaireDrafts.updatedAt,
    });
  const row = rows[0];
  // The upsert always returns the draft row, new or existing.
  if (!row) throw new Error('draft upsert returned no row');
  return row;
}

/** Records the submission; the partial answers are no longer needed (the response holds them). */
export async function markDraftSubmitted(
  db: Db,
  key: DraftKey,
  values: { responseId: string; at: Date; by: string | null },
) {
  await db
    .update(questionnaireDrafts)
    .set({
      responseId: values.responseId,
      submittedAt: values.at,
      answers: {},
      updatedAt: values.at,
      updatedBy: values.by,
    })
    .where(draftWhere(key));
}
