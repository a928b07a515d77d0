import { sql } from 'drizzle-orm';
import {
  check,
  foreignKey,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { patients, users } from './core';
import { treatmentCourses } from './diary';

/** Phases and focal areas as stored; the rules and labels are in src/domain/ipt. */
export type IptPhaseValue = 'initial' | 'middle' | 'ending';
export type FocalAreaValue =
  'interpersonal-disputes' | 'role-transitions' | 'grief' | 'interpersonal-sensitivity';
export type DatePrecision = 'day' | 'month' | 'year';

const FOCAL_AREA_SQL = `('interpersonal-disputes', 'role-transitions', 'grief', 'interpersonal-sensitivity')`;

/**
 * One row per IPT course: the phase override (with its reason), the focal area(s) and the
 * formulation in plain words, and when the patient agreed to it (ADR 0016). A change to the
 * focal areas or the formulation clears the agreement, so the patient is asked again. A draft
 * (ADR 0016, "Drafts") is kept beside the shared version and never shown to the patient.
 */
export const iptWorkspaces = pgTable(
  'ipt_workspaces',
  {
    serviceId: uuid('service_id').notNull(),
    courseId: uuid('course_id').notNull(),
    patientId: uuid('patient_id').notNull(),
    phaseOverride: text('phase_override').$type<IptPhaseValue>(),
    phaseOverrideReason: text('phase_override_reason'),
    phaseOverrideBy: uuid('phase_override_by'),
    phaseOverrideAt: timestamp('phase_override_at', { withTimezone: true }),
    focalArea: text('focal_area').$type<FocalAreaValue>(),
    secondFocalArea: text('second_focal_area').$type<FocalAreaValue>(),
    formulation: text('formulation'),
    formulationBy: uuid('formulation_by'),
    formulationAt: timestamp('formulation_at', { withTimezone: true }),
    /** Counts every change to the focal areas or formulation; agreement names the one agreed. */
    formulationVersion: integer('formulation_version').notNull().default(0),
    agreedVersion: integer('agreed_version'),
    agreedAt: timestamp('agreed_at', { withTimezone: true }),
    /**
     * A draft of the focal areas and formulation, seen by clinicians only: the patient keeps
     * seeing the shared version above, and its agreement stands, until the draft is shared.
     */
    draftFocalArea: text('draft_focal_area').$type<FocalAreaValue>(),
    draftSecondFocalArea: text('draft_second_focal_area').$type<FocalAreaValue>(),
    draftFormulation: text('draft_formulation'),
    draftBy: uuid('draft_by'),
    draftAt: timestamp('draft_at', { withTimezone: true }),
    /** Counts every change to the draft (saved, shared or dropped), so a stale page is refused. */
    draftRevision: integer('draft_revision').notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.serviceId, t.courseId] }),
    foreignKey({
      columns: [t.serviceId, t.courseId],
      foreignColumns: [treatmentCourses.serviceId, treatmentCourses.id],
    }),
    foreignKey({
      columns: [t.serviceId, t.patientId],
      foreignColumns: [patients.serviceId, patients.id],
    }),
    foreignKey({
      columns: [t.serviceId, t.phaseOverrideBy],
      foreignColumns: [users.serviceId, users.id],
    }),
    foreignKey({
      columns: [t.serviceId, t.formulationBy],
      foreignColumns: [users.serviceId, users.id],
    }),
    foreignKey({
      columns: [t.serviceId, t.draftBy],
      foreignColumns: [users.serviceId, users.id],
    }),
    check(
      'ipt_workspaces_phase_check',
      sql`${t.phaseOverride} is null or (${t.phaseOverride} in ('initial', 'middle', 'ending') and ${t.phaseOverrideReason} is not null)`,
    ),
    check(
      'ipt_workspaces_focal_check',
      sql`(${t.focalArea} is null or ${t.focalArea} in ${sql.raw(FOCAL_AREA_SQL)}) and (${t.secondFocalArea} is null or (${t.secondFocalArea} in ${sql.raw(FOCAL_AREA_SQL)} and ${t.focalArea} is not null and ${t.secondFocalArea} <> ${t.focalArea}))`,
    ),
    check(
      'ipt_workspaces_agreed_check',
      sql`(${t.agreedVersion} is null) = (${t.agreedAt} is null) and (${t.agreedVersion} is null or ${t.agreedVersion} <= ${t.formulationVersion})`,
    ),
    check(
      'ipt_workspaces_draft_check',
      sql`(${t.draftFormulation} is null) = (${t.draftAt} is null) and (${t.draftFormulation} is null) = (${t.draftBy} is null) and (${t.draftFormulation} is null) = (${t.draftFocalArea} is null) and (${t.draftFocalArea} is null or ${t.draftFocalArea} in ${sql.raw(FOCAL_AREA_SQL)}) and (${t.draftSecondFocalArea} is null or (${t.draftSecondFocalArea} in ${sql.raw(FOCAL_AREA_SQL)} and ${t.draftFocalArea} is not null and ${t.draftSecondFocalArea} <> ${t.draftFocalArea}))`,
    ),
  ],
);

/** The interpersonal inventory: the people who matter, as the patient names them. */
export const iptInventoryPeople = pgTable(
  'ipt_inventory_people',
  {
    serviceId: uuid('service_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    courseId: uuid('course_id').notNull(),
    patientId: uuid('patient_id').notNull(),
    /** A name or initials the patient chooses. */
    name: text('name').notNull(),
    relationship: text('relationship').notNull(),
    /** The closeness circle's ring: 1 closest, 3 furthest. */
    closeness: integer('closeness').notNull(),
    contact: text('contact').notNull().default(''),
    supportive: text('supportive').notNull().default(''),
    difficult: text('difficult').notNull().default(''),
    theyExpect: text('they_expect').notNull().default(''),
    patientExpects: text('patient_expects').notNull().default(''),
    wishedChange: text('wished_change').notNull().default(''),
    createdBy: uuid('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
    /** Removed people stay for the record; pages leave them out. */
    removedAt: timestamp('removed_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.serviceId, t.id] }),
    index('ipt_inventory_people_course_idx').on(t.serviceId, t.courseId),
    foreignKey({
      columns: [t.serviceId, t.courseId],
      foreignColumns: [treatmentCourses.serviceId, treatmentCourses.id],
    }),
    foreignKey({
      columns: [t.serviceId, t.patientId],
      foreignColumns: [patients.serviceId, patients.id],
    }),
    foreignKey({
      columns: [t.serviceId, t.createdBy],
      foreignColumns: [users.serviceId, users.id],
    }),
    check('ipt_inventory_people_closeness_check', sql`${t.closeness} between 1 and 3`),
  ],
);

/** The interpersonal timeline: life events, when they happened and the patient's mood then. */
export const iptTimelineEvents = pgTable(
  'ipt_timeline_events',
  {
    serviceId: uuid('service_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    courseId: uuid('course_id').notNull(),
    patientId: uuid('patient_id').notNull(),
    what: text('what').notNull(),
    /** ISO date; with `datePrecision` month or year the day (and month) are 01. */
    occurredOn: text('occurred_on').notNull(),
    datePrecision: text('date_precision').$type<DatePrecision>().notNull(),
    /** Mood at the time, 0 (very low) to 10 (very good). */
    mood: integer('mood').notNull(),
    createdBy: uuid('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    removedAt: timestamp('removed_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.serviceId, t.id] }),
    index('ipt_timeline_events_course_idx').on(t.serviceId, t.courseId),
    foreignKey({
      columns: [t.serviceId, t.courseId],
      foreignColumns: [treatmentCourses.serviceId, treatmentCourses.id],
    }),
    foreignKey({
      columns: [t.serviceId, t.patientId],
      foreignColumns: [patients.serviceId, patients.id],
    }),
    foreignKey({
      columns: [t.serviceId, t.createdBy],
      foreignColumns: [users.serviceId, users.id],
    }),
    check('ipt_timeline_events_mood_check', sql`${t.mood} between 0 and 10`),
    check(
      'ipt_timeline_events_precision_check',
      sql`${t.datePrecision} in ('day', 'month', 'year') and ${t.occurredOn} ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'`,
    ),
  ],
);

/** The patient's treatment aims. */
export const iptAims = pgTable(
  'ipt_aims',
  {
    serviceId: uuid('service_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    courseId: uuid('course_id').notNull(),
    patientId: uuid('patient_id').notNull(),
    aim: text('aim').notNull(),
    createdBy: uuid('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    removedAt: timestamp('removed_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.serviceId, t.id] }),
    index('ipt_aims_course_idx').on(t.serviceId, t.courseId),
    foreignKey({
      columns: [t.serviceId, t.courseId],
      foreignColumns: [treatmentCourses.serviceId, treatmentCourses.id],
    }),
    foreignKey({
      columns: [t.serviceId, t.patientId],
      foreignColumns: [patients.serviceId, patients.id],
    }),
    foreignKey({
      columns: [t.serviceId, t.createdBy],
      foreignColumns: [users.serviceId, users.id],
    }),
  ],
);

/** Progress on an aim, 0 (not at all) to 10 (fully), rated at a review session; never overwritten. */
export const iptAimRatings = pgTable(
  'ipt_aim_ratings',
  {
    serviceId: uuid('service_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    aimId: uuid('aim_id').notNull(),
    courseId: uuid('course_id').notNull(),
    rating: integer('rating').notNull(),
    /** The session the review was at. */
    sessionNumber: integer('session_number').notNull(),
    ratedBy: uuid('rated_by').notNull(),
    ratedAt: timestamp('rated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.serviceId, t.id] }),
    index('ipt_aim_ratings_aim_idx').on(t.serviceId, t.aimId, t.ratedAt),
    // One rating of an aim a session (H11), even for two submits at once.
    uniqueIndex('ipt_aim_ratings_aim_session_idx').on(t.serviceId, t.aimId, t.sessionNumber),
    foreignKey({
      columns: [t.serviceId, t.aimId],
      foreignColumns: [iptAims.serviceId, iptAims.id],
    }),
    foreignKey({
      columns: [t.serviceId, t.courseId],
      foreignColumns: [treatmentCourses.serviceId, treatmentCourses.id],
    }),
    foreignKey({ columns: [t.serviceId, t.ratedBy], foreignColumns: [users.serviceId, users.id] }),
    check('ipt_aim_ratings_rating_check', sql`${t.rating} between 0 and 10`),
    check('ipt_aim_ratings_session_check', sql`${t.sessionNumber} between 1 and 30`),
  ],
);
