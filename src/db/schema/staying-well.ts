import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';
import { patients, users } from './core';
import { treatmentCourses } from './diary';

export interface StayingWellContactValue {
  name: string;
  how: string;
}

/**
 * The staying-well plan (issue 11, hazard H26): every save is a new version, never an update, so
 * the record shows who wrote what and when (the therapist and the patient both edit it). The
 * current plan is the highest version; the unique key makes two saves from the same version
 * conflict, so one writer never silently overwrites the other.
 */
export const stayingWellPlanVersions = pgTable(
  'staying_well_plan_versions',
  {
    serviceId: uuid('service_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    courseId: uuid('course_id').notNull(),
    patientId: uuid('patient_id').notNull(),
    version: integer('version').notNull(),
    warningSigns: text('warning_signs').notNull().default(''),
    whatHelps: text('what_helps').notNull().default(''),
    contacts: jsonb('contacts').$type<StayingWellContactValue[]>().notNull().default([]),
    crisisPlan: text('crisis_plan').notNull().default(''),
    complete: boolean('complete').notNull().default(false),
    savedBy: uuid('saved_by').notNull(),
    /** Whether the patient or a clinician saved this version (shown beside it). */
    savedByRole: text('saved_by_role').$type<'patient' | 'clinician'>().notNull(),
    savedAt: timestamp('saved_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.serviceId, t.id] }),
    unique('staying_well_plan_versions_course_version_key').on(t.serviceId, t.courseId, t.version),
    index('staying_well_plan_versions_patient_idx').on(t.serviceId, t.patientId),
    foreignKey({
      columns: [t.serviceId, t.courseId],
      foreignColumns: [treatmentCourses.serviceId, treatmentCourses.id],
    }),
    foreignKey({
      columns: [t.serviceId, t.patientId],
      foreignColumns: [patients.serviceId, patients.id],
    }),
    foreignKey({ columns: [t.serviceId, t.savedBy], foreignColumns: [users.serviceId, users.id] }),
    check('staying_well_plan_versions_version_check', sql`${t.version} >= 1`),
    check(
      'staying_well_plan_versions_role_check',
      sql`${t.savedByRole} in ('patient', 'clinician')`,
    ),
    // H26: a plan marked ready always says what to do in a crisis, whoever writes the row.
    check(
      'staying_well_plan_versions_ready_check',
      sql`not ${t.complete} or (btrim(${t.crisisPlan}) <> '' and btrim(${t.warningSigns}) <> '')`,
    ),
  ],
);
