import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  foreignKey,
  index,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { patients, users } from './core';
import { appointments, treatmentCourses } from './diary';

/**
 * Session notes, tasks between sessions and supervision notes (issue 11 part B, ADR 0017).
 *
 * A session note is draft → signed → locked (src/domain/notes). Once signed it is never
 * overwritten: the migration adds a trigger that refuses any UPDATE of a signed row except the
 * supervisor's countersignature, and refuses DELETE; addenda are append-only (hazard H17).
 */
export const sessionNotes = pgTable(
  'session_notes',
  {
    serviceId: uuid('service_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    appointmentId: uuid('appointment_id').notNull(),
    courseId: uuid('course_id').notNull(),
    patientId: uuid('patient_id').notNull(),
    authorId: uuid('author_id').notNull(),
    /** Clinical parts: clinicians only. */
    agenda: text('agenda').notNull().default(''),
    focalAreaWork: text('focal_area_work').notNull().default(''),
    riskReview: text('risk_review').notNull().default(''),
    plan: text('plan').notNull().default(''),
    /** Shared with the patient once the note is signed. */
    patientSummary: text('patient_summary').notNull().default(''),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
    signedAt: timestamp('signed_at', { withTimezone: true }),
    signedBy: uuid('signed_by'),
    /** Set at signing: the author was a trainee, so the supervisor must countersign. */
    needsCountersignature: boolean('needs_countersignature').notNull().default(false),
    countersignedAt: timestamp('countersigned_at', { withTimezone: true }),
    countersignedBy: uuid('countersigned_by'),
  },
  (t) => [
    primaryKey({ columns: [t.serviceId, t.id] }),
    uniqueIndex('session_notes_appointment_idx').on(t.serviceId, t.appointmentId),
    index('session_notes_course_idx').on(t.serviceId, t.courseId),
    index('session_notes_patient_idx').on(t.serviceId, t.patientId),
    foreignKey({
      columns: [t.serviceId, t.appointmentId],
      foreignColumns: [appointments.serviceId, appointments.id],
    }),
    foreignKey({
      columns: [t.serviceId, t.courseId],
      foreignColumns: [treatmentCourses.serviceId, treatmentCourses.id],
    }),
    foreignKey({
      columns: [t.serviceId, t.patientId],
      foreignColumns: [patients.serviceId, patients.id],
    }),
    foreignKey({ columns: [t.serviceId, t.authorId], foreignColumns: [users.serviceId, users.id] }),
    check('session_notes_signed_check', sql`(${t.signedAt} is null) = (${t.signedBy} is null)`),
    check(
      'session_notes_countersigned_check',
      sql`(${t.countersignedAt} is null) = (${t.countersignedBy} is null) and (${t.countersignedAt} is null or (${t.needsCountersignature} and ${t.signedAt} is not null and ${t.countersignedBy} <> ${t.authorId}))`,
    ),
  ],
);

/** A later change to a signed note: added, never edited or removed. */
export const sessionNoteAddenda = pgTable(
  'session_note_addenda',
  {
    serviceId: uuid('service_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    noteId: uuid('note_id').notNull(),
    authorId: uuid('author_id').notNull(),
    body: text('body').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.serviceId, t.id] }),
    index('session_note_addenda_note_idx').on(t.serviceId, t.noteId, t.createdAt),
    foreignKey({
      columns: [t.serviceId, t.noteId],
      foreignColumns: [sessionNotes.serviceId, sessionNotes.id],
    }),
    foreignKey({ columns: [t.serviceId, t.authorId], foreignColumns: [users.serviceId, users.id] }),
  ],
);

/**
 * A correction to a signed note's summary for the patient (hazard H17): the summary is never
 * edited; the correction is shown below it. Added, never edited or removed: the migration's
 * trigger refuses DELETE and every UPDATE except the supervisor's countersignature of a trainee's
 * correction, once.
 */
export const sessionSummaryCorrections = pgTable(
  'session_summary_corrections',
  {
    serviceId: uuid('service_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    noteId: uuid('note_id').notNull(),
    authorId: uuid('author_id').notNull(),
    body: text('body').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    /** Set when added: the author was a trainee, so their supervisor must countersign it. */
    needsCountersignature: boolean('needs_countersignature').notNull().default(false),
    countersignedAt: timestamp('countersigned_at', { withTimezone: true }),
    countersignedBy: uuid('countersigned_by'),
  },
  (t) => [
    primaryKey({ columns: [t.serviceId, t.id] }),
    index('session_summary_corrections_note_idx').on(t.serviceId, t.noteId, t.createdAt),
    index('session_summary_corrections_author_idx').on(t.serviceId, t.authorId),
    foreignKey({
      columns: [t.serviceId, t.noteId],
      foreignColumns: [sessionNotes.serviceId, sessionNotes.id],
    }),
    foreignKey({ columns: [t.serviceId, t.authorId], foreignColumns: [users.serviceId, users.id] }),
    foreignKey({
      columns: [t.serviceId, t.countersignedBy],
      foreignColumns: [users.serviceId, users.id],
    }),
    check(
      'session_summary_corrections_countersigned_check',
      sql`(${t.countersignedAt} is null) = (${t.countersignedBy} is null) and (${t.countersignedAt} is null or (${t.needsCountersignature} and ${t.countersignedBy} <> ${t.authorId}))`,
    ),
  ],
);

/** Something the patient agreed at a session to try before the next one, and how it went. */
export const sessionTasks = pgTable(
  'session_tasks',
  {
    serviceId: uuid('service_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    patientId: uuid('patient_id').notNull(),
    courseId: uuid('course_id').notNull(),
    /** The session it was set at. */
    appointmentId: uuid('appointment_id').notNull(),
    setBy: uuid('set_by').notNull(),
    what: text('what').notNull(),
    whenText: text('when_text').notNull(),
    withWhom: text('with_whom').notNull().default(''),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    /** The patient's reflection. */
    whatIDid: text('what_i_did'),
    howItWent: text('how_it_went'),
    reflectedAt: timestamp('reflected_at', { withTimezone: true }),
    /**
     * Set when its session is corrected to "did not attend" (H11): gone from the patient's list,
     * shown to clinicians as withdrawn; cleared if the session is corrected back to attended.
     */
    withdrawnAt: timestamp('withdrawn_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.serviceId, t.id] }),
    index('session_tasks_patient_idx').on(t.serviceId, t.patientId, t.createdAt),
    index('session_tasks_course_idx').on(t.serviceId, t.courseId),
    foreignKey({
      columns: [t.serviceId, t.patientId],
      foreignColumns: [patients.serviceId, patients.id],
    }),
    foreignKey({
      columns: [t.serviceId, t.courseId],
      foreignColumns: [treatmentCourses.serviceId, treatmentCourses.id],
    }),
    foreignKey({
      columns: [t.serviceId, t.appointmentId],
      foreignColumns: [appointments.serviceId, appointments.id],
    }),
    foreignKey({ columns: [t.serviceId, t.setBy], foreignColumns: [users.serviceId, users.id] }),
  ],
);

/** A supervisor's note of supervision about one case, read and acknowledged by the supervisee. */
export const supervisionNotes = pgTable(
  'supervision_notes',
  {
    serviceId: uuid('service_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    courseId: uuid('course_id').notNull(),
    superviseeId: uuid('supervisee_id').notNull(),
    supervisorId: uuid('supervisor_id').notNull(),
    metOn: date('met_on', { mode: 'string' }).notNull(),
    discussion: text('discussion').notNull(),
    actions: text('actions').notNull().default(''),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    acknowledgedAt: timestamp('acknowledged_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.serviceId, t.id] }),
    index('supervision_notes_course_idx').on(t.serviceId, t.courseId, t.metOn),
    index('supervision_notes_supervisee_idx').on(t.serviceId, t.superviseeId),
    foreignKey({
      columns: [t.serviceId, t.courseId],
      foreignColumns: [treatmentCourses.serviceId, treatmentCourses.id],
    }),
    foreignKey({
      columns: [t.serviceId, t.superviseeId],
      foreignColumns: [users.serviceId, users.id],
    }),
    foreignKey({
      columns: [t.serviceId, t.supervisorId],
      foreignColumns: [users.serviceId, users.id],
    }),
  ],
);
