import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  foreignKey,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { patients } from './core';
import { treatmentCourses } from './diary';
import type { ResponseContext } from './referrals';

/**
 * - computed: both PHQ-9 and GAD-7 had a first and a last score, so the outcome flags are set.
 * - insufficient_scores: a pair was missing; the flags stay null ("not enough scores").
 */
export const COURSE_OUTCOME_STATUSES = ['computed', 'insufficient_scores'] as const;
export type CourseOutcomeStatus = (typeof COURSE_OUTCOME_STATUSES)[number];
export type ReliableChangeValue = 'improved' | 'deteriorated' | 'no-change';

/**
 * The NHS Talking Therapies outcome of a course, worked out once when the course ends, in the
 * same transaction (src/domain/outcomes courseOutcome; pairing rule in src/domain/outcomes
 * pairing.ts). It keeps the scores it used and the responses they came from, so a figure can be
 * traced back. Outcome flags are null where they do not apply (see CourseOutcome).
 */
export const courseOutcomes = pgTable(
  'course_outcomes',
  {
    serviceId: uuid('service_id').notNull(),
    courseId: uuid('course_id').notNull(),
    patientId: uuid('patient_id').notNull(),
    status: text('status').$type<CourseOutcomeStatus>().notNull(),
    /** Attended (or arrived late) IPT sessions of the course: treatment contacts. */
    attendedSessions: integer('attended_sessions').notNull(),
    finishedTreatment: boolean('finished_treatment').notNull(),
    phq9First: integer('phq9_first'),
    phq9FirstResponseId: uuid('phq9_first_response_id'),
    phq9FirstContext: text('phq9_first_context').$type<ResponseContext>(),
    phq9Last: integer('phq9_last'),
    phq9LastResponseId: uuid('phq9_last_response_id'),
    gad7First: integer('gad7_first'),
    gad7FirstResponseId: uuid('gad7_first_response_id'),
    gad7FirstContext: text('gad7_first_context').$type<ResponseContext>(),
    gad7Last: integer('gad7_last'),
    gad7LastResponseId: uuid('gad7_last_response_id'),
    anxietyMeasureId: text('anxiety_measure_id').notNull().default('gad7'),
    casenessAtStart: boolean('caseness_at_start'),
    casenessAtEnd: boolean('caseness_at_end'),
    phq9Change: text('phq9_change').$type<ReliableChangeValue>(),
    anxietyChange: text('anxiety_change').$type<ReliableChangeValue>(),
    recovered: boolean('recovered'),
    reliableImprovement: boolean('reliable_improvement'),
    reliableDeterioration: boolean('reliable_deterioration'),
    noReliableChange: boolean('no_reliable_change'),
    reliableRecovery: boolean('reliable_recovery'),
    /** For the waiting-time standards: referral received, and the first attended IPT session. */
    referralReceivedAt: timestamp('referral_received_at', { withTimezone: true }),
    firstTreatmentAt: timestamp('first_treatment_at', { withTimezone: true }),
    computedAt: timestamp('computed_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.serviceId, t.courseId] }),
    index('course_outcomes_patient_idx').on(t.serviceId, t.patientId),
    foreignKey({
      columns: [t.serviceId, t.courseId],
      foreignColumns: [treatmentCourses.serviceId, treatmentCourses.id],
    }),
    foreignKey({
      columns: [t.serviceId, t.patientId],
      foreignColumns: [patients.serviceId, patients.id],
    }),
    check('course_outcomes_status_check', sql`${t.status} in ('computed', 'insufficient_scores')`),
    check('course_outcomes_attended_check', sql`${t.attendedSessions} >= 0`),
    // A computed outcome always has both pairs; the flags are only set when it is computed.
    check(
      'course_outcomes_computed_check',
      sql`${t.status} <> 'computed' or (${t.phq9First} is not null and ${t.phq9Last} is not null and ${t.gad7First} is not null and ${t.gad7Last} is not null and ${t.casenessAtStart} is not null)`,
    ),
    check(
      'course_outcomes_insufficient_check',
      sql`${t.status} <> 'insufficient_scores' or (${t.casenessAtStart} is null and ${t.recovered} is null and ${t.reliableImprovement} is null and ${t.reliableDeterioration} is null and ${t.noReliableChange} is null and ${t.reliableRecovery} is null)`,
    ),
  ],
);
