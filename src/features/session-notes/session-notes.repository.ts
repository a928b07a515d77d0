import { and, asc, desc, eq, inArray, isNotNull, isNull, or } from 'drizzle-orm';
import type { Db } from '../../db/client';
import {
  appointments,
  patients,
  sessionNoteAddenda,
  sessionNotes,
  sessionSummaryCorrections,
  treatmentCourses,
} from '../../db/schema';
import type { NoteContent } from '../../domain/notes';

export type NoteRow = typeof sessionNotes.$inferSelect;
export type AddendumRow = typeof sessionNoteAddenda.$inferSelect;
export type SummaryCorrectionRow = typeof sessionSummaryCorrections.$inferSelect;

export async function findNote(db: Db, serviceId: string, appointmentId: string) {
  const rows = await db
    .select()
    .from(sessionNotes)
    .where(
      and(eq(sessionNotes.serviceId, serviceId), eq(sessionNotes.appointmentId, appointmentId)),
    )
    .limit(1);
  return rows[0] ?? null;
}

/** Takes a row lock on the note, so signing and saving happen one after the other. */
export async function lockNote(db: Db, serviceId: string, appointmentId: string) {
  const rows = await db
    .select()
    .from(sessionNotes)
    .where(
      and(eq(sessionNotes.serviceId, serviceId), eq(sessionNotes.appointmentId, appointmentId)),
    )
    .for('update');
  return rows[0] ?? null;
}

export async function insertDraft(
  db: Db,
  note: {
    serviceId: string;
    appointmentId: string;
    courseId: string;
    patientId: string;
    authorId: string;
    content: NoteContent;
    at: Date;
  },
): Promise<NoteRow> {
  const [row] = await db
    .insert(sessionNotes)
    .values({
      serviceId: note.serviceId,
      appointmentId: note.appointmentId,
      courseId: note.courseId,
      patientId: note.patientId,
      authorId: note.authorId,
      ...note.content,
      createdAt: note.at,
      updatedAt: note.at,
    })
    .onConflictDoNothing({ target: [sessionNotes.serviceId, sessionNotes.appointmentId] })
    .returning();
  if (row) return row;
  const existing = await lockNote(db, note.serviceId, note.appointmentId);
  if (!existing) throw new Error('session note vanished after a conflicting insert');
  return existing;
}

/** Changes a draft only: the WHERE keeps a signed note as it is (the trigger refuses it too). */
export async function updateDraft(
  db: Db,
  serviceId: string,
  noteId: string,
  content: NoteContent,
  at: Date,
) {
  await db
    .update(sessionNotes)
    .set({ ...content, updatedAt: at })
    .where(
      and(
        eq(sessionNotes.serviceId, serviceId),
        eq(sessionNotes.id, noteId),
        isNull(sessionNotes.signedAt),
      ),
    );
}

export async function sign(
  db: Db,
  serviceId: string,
  noteId: string,
  by: { userId: string; at: Date; needsCountersignature: boolean },
) {
  await db
    .update(sessionNotes)
    .set({
      signedAt: by.at,
      signedBy: by.userId,
      needsCountersignature: by.needsCountersignature,
      updatedAt: by.at,
    })
    .where(
      and(
        eq(sessionNotes.serviceId, serviceId),
        eq(sessionNotes.id, noteId),
        isNull(sessionNotes.signedAt),
      ),
    );
}

export async function countersign(
  db: Db,
  serviceId: string,
  noteId: string,
  by: { userId: string; at: Date },
) {
  await db
    .update(sessionNotes)
    .set({ countersignedAt: by.at, countersignedBy: by.userId })
    .where(
      and(
        eq(sessionNotes.serviceId, serviceId),
        eq(sessionNotes.id, noteId),
        isNull(sessionNotes.countersignedAt),
      ),
    );
}

export async function insertAddendum(
  db: Db,
  addendum: { serviceId: string; noteId: string; authorId: string; body: string; createdAt: Date },
) {
  const [row] = await db.insert(sessionNoteAddenda).values(addendum).returning();
  if (!row) throw new Error('addendum insert returned no row');
  return row;
}

export async function addendaOf(db: Db, serviceId: string, noteId: string) {
  return db
    .select()
    .from(sessionNoteAddenda)
    .where(and(eq(sessionNoteAddenda.serviceId, serviceId), eq(sessionNoteAddenda.noteId, noteId)))
    .orderBy(asc(sessionNoteAddenda.createdAt), asc(sessionNoteAddenda.id));
}

export async function insertSummaryCorrection(
  db: Db,
  correction: {
    serviceId: string;
    noteId: string;
    authorId: string;
    body: string;
    createdAt: Date;
    needsCountersignature: boolean;
  },
): Promise<SummaryCorrectionRow> {
  const [row] = await db.insert(sessionSummaryCorrections).values(correction).returning();
  if (!row) throw new Error('summary correction insert returned no row');
  return row;
}

/** A note's corrections to its summary, oldest first. */
export async function summaryCorrectionsOf(db: Db, serviceId: string, noteId: string) {
  return db
    .select()
    .from(sessionSummaryCorrections)
    .where(
      and(
        eq(sessionSummaryCorrections.serviceId, serviceId),
        eq(sessionSummaryCorrections.noteId, noteId),
      ),
    )
    .orderBy(asc(sessionSummaryCorrections.createdAt), asc(sessionSummaryCorrections.id));
}

/** Takes a row lock on one correction of this note, so it is countersigned once. */
export async function lockSummaryCorrection(
  db: Db,
  serviceId: string,
  noteId: string,
  correctionId: string,
) {
  const rows = await db
    .select()
    .from(sessionSummaryCorrections)
    .where(
      and(
        eq(sessionSummaryCorrections.serviceId, serviceId),
        eq(sessionSummaryCorrections.noteId, noteId),
        eq(sessionSummaryCorrections.id, correctionId),
      ),
    )
    .for('update');
  return rows[0] ?? null;
}

export async function countersignSummaryCorrection(
  db: Db,
  serviceId: string,
  correctionId: string,
  by: { userId: string; at: Date },
) {
  await db
    .update(sessionSummaryCorrections)
    .set({ countersignedAt: by.at, countersignedBy: by.userId })
    .where(
      and(
        eq(sessionSummaryCorrections.serviceId, serviceId),
        eq(sessionSummaryCorrections.id, correctionId),
        eq(sessionSummaryCorrections.needsCountersignature, true),
        isNull(sessionSummaryCorrections.countersignedAt),
      ),
    );
}

/**
 * The corrections that reach the patient, oldest first: below summaries they read
 * (`sharedSummaries`' conditions), a trainee's once countersigned (`correctionReachesPatient`,
 * the same rule).
 */
export async function sharedSummaryCorrections(db: Db, serviceId: string, patientId: string) {
  return db
    .select({
      id: sessionSummaryCorrections.id,
      appointmentId: sessionNotes.appointmentId,
      authorId: sessionSummaryCorrections.authorId,
      body: sessionSummaryCorrections.body,
      createdAt: sessionSummaryCorrections.createdAt,
    })
    .from(sessionSummaryCorrections)
    .innerJoin(
      sessionNotes,
      and(
        eq(sessionNotes.serviceId, sessionSummaryCorrections.serviceId),
        eq(sessionNotes.id, sessionSummaryCorrections.noteId),
      ),
    )
    .innerJoin(
      appointments,
      and(
        eq(appointments.serviceId, sessionNotes.serviceId),
        eq(appointments.id, sessionNotes.appointmentId),
      ),
    )
    .where(
      and(
        eq(sessionSummaryCorrections.serviceId, serviceId),
        eq(sessionNotes.patientId, patientId),
        isNotNull(sessionNotes.signedAt),
        or(eq(sessionNotes.needsCountersignature, false), isNotNull(sessionNotes.countersignedAt)),
        inArray(appointments.status, ['attended', 'arrived_late']),
        or(
          eq(sessionSummaryCorrections.needsCountersignature, false),
          isNotNull(sessionSummaryCorrections.countersignedAt),
        ),
      ),
    )
    .orderBy(asc(sessionSummaryCorrections.createdAt), asc(sessionSummaryCorrections.id));
}

/** Corrections by these authors (trainees) still waiting for their supervisor's countersignature. */
export async function summaryCorrectionsAwaitingCountersignature(
  db: Db,
  serviceId: string,
  authorIds: readonly string[],
) {
  if (authorIds.length === 0) return [];
  return db
    .select({
      id: sessionSummaryCorrections.id,
      appointmentId: sessionNotes.appointmentId,
      authorId: sessionSummaryCorrections.authorId,
      createdAt: sessionSummaryCorrections.createdAt,
      startsAt: appointments.startsAt,
      sessionNumber: appointments.sessionNumber,
      patientId: appointments.patientId,
      givenName: patients.givenName,
      familyName: patients.familyName,
    })
    .from(sessionSummaryCorrections)
    .innerJoin(
      sessionNotes,
      and(
        eq(sessionNotes.serviceId, sessionSummaryCorrections.serviceId),
        eq(sessionNotes.id, sessionSummaryCorrections.noteId),
      ),
    )
    .innerJoin(
      appointments,
      and(
        eq(appointments.serviceId, sessionNotes.serviceId),
        eq(appointments.id, sessionNotes.appointmentId),
      ),
    )
    .innerJoin(
      patients,
      and(eq(patients.serviceId, appointments.serviceId), eq(patients.id, appointments.patientId)),
    )
    .where(
      and(
        eq(sessionSummaryCorrections.serviceId, serviceId),
        inArray(sessionSummaryCorrections.authorId, [...authorIds]),
        eq(sessionSummaryCorrections.needsCountersignature, true),
        isNull(sessionSummaryCorrections.countersignedAt),
      ),
    )
    .orderBy(asc(sessionSummaryCorrections.createdAt));
}

/**
 * Summaries shared with the patient, newest first: of locked notes only, a trainee's once
 * countersigned (`summaryReachesPatient`, the same rule).
 */
export async function sharedSummaries(db: Db, serviceId: string, patientId: string) {
  return db
    .select({
      appointmentId: sessionNotes.appointmentId,
      summary: sessionNotes.patientSummary,
      signedAt: sessionNotes.signedAt,
      sessionAt: appointments.startsAt,
      sessionNumber: appointments.sessionNumber,
    })
    .from(sessionNotes)
    .innerJoin(
      appointments,
      and(
        eq(appointments.serviceId, sessionNotes.serviceId),
        eq(appointments.id, sessionNotes.appointmentId),
      ),
    )
    .where(
      and(
        eq(sessionNotes.serviceId, serviceId),
        eq(sessionNotes.patientId, patientId),
        isNotNull(sessionNotes.signedAt),
        or(eq(sessionNotes.needsCountersignature, false), isNotNull(sessionNotes.countersignedAt)),
        // A note of a session they missed is not "your session" (walk 4): held sessions only.
        inArray(appointments.status, ['attended', 'arrived_late']),
      ),
    )
    .orderBy(desc(appointments.startsAt));
}

/**
 * Attended IPT sessions in these therapists' diaries with no signed note, oldest first: the
 * candidates for the overdue list (src/domain/notes isNoteOverdue decides which are late).
 */
export async function unsignedAttendedSessions(
  db: Db,
  serviceId: string,
  therapistIds: readonly string[],
) {
  if (therapistIds.length === 0) return [];
  return db
    .select({
      appointmentId: appointments.id,
      therapistId: appointments.therapistId,
      courseId: appointments.courseId,
      patientId: appointments.patientId,
      startsAt: appointments.startsAt,
      status: appointments.status,
      sessionNumber: appointments.sessionNumber,
      givenName: patients.givenName,
      familyName: patients.familyName,
      noteSignedAt: sessionNotes.signedAt,
    })
    .from(appointments)
    .innerJoin(
      patients,
      and(eq(patients.serviceId, appointments.serviceId), eq(patients.id, appointments.patientId)),
    )
    .innerJoin(
      treatmentCourses,
      and(
        eq(treatmentCourses.serviceId, appointments.serviceId),
        eq(treatmentCourses.id, appointments.courseId),
      ),
    )
    .leftJoin(
      sessionNotes,
      and(
        eq(sessionNotes.serviceId, appointments.serviceId),
        eq(sessionNotes.appointmentId, appointments.id),
      ),
    )
    .where(
      and(
        eq(appointments.serviceId, serviceId),
        inArray(appointments.therapistId, [...therapistIds]),
        eq(appointments.type, 'ipt_session'),
        inArray(appointments.status, ['attended', 'arrived_late']),
        isNull(sessionNotes.signedAt),
      ),
    )
    .orderBy(asc(appointments.startsAt));
}

/** Signed notes by these authors (trainees) still waiting for their supervisor's countersignature. */
export async function notesAwaitingCountersignature(
  db: Db,
  serviceId: string,
  authorIds: readonly string[],
) {
  if (authorIds.length === 0) return [];
  return db
    .select({
      appointmentId: sessionNotes.appointmentId,
      authorId: sessionNotes.authorId,
      signedAt: sessionNotes.signedAt,
      startsAt: appointments.startsAt,
      sessionNumber: appointments.sessionNumber,
      patientId: appointments.patientId,
      givenName: patients.givenName,
      familyName: patients.familyName,
    })
    .from(sessionNotes)
    .innerJoin(
      appointments,
      and(
        eq(appointments.serviceId, sessionNotes.serviceId),
        eq(appointments.id, sessionNotes.appointmentId),
      ),
    )
    .innerJoin(
      patients,
      and(eq(patients.serviceId, appointments.serviceId), eq(patients.id, appointments.patientId)),
    )
    .where(
      and(
        eq(sessionNotes.serviceId, serviceId),
        inArray(sessionNotes.authorId, [...authorIds]),
        eq(sessionNotes.needsCountersignature, true),
        isNotNull(sessionNotes.signedAt),
        isNull(sessionNotes.countersignedAt),
      ),
    )
    .orderBy(asc(sessionNotes.signedAt));
}
