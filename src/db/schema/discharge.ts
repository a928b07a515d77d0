import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  foreignKey,
  index,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { patients, users } from './core';
import { treatmentCourses } from './diary';

/** A course's discharge (issue 11): why, what the patient chose, and whether the PEQ is answered. */
export const discharges = pgTable(
  'discharges',
  {
    serviceId: uuid('service_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    courseId: uuid('course_id').notNull(),
    patientId: uuid('patient_id').notNull(),
    /** src/domain/discharge DISCHARGE_REASONS. */
    reason: text('reason').notNull(),
    note: text('note').notNull().default(''),
    /** The patient would like an invitation to the peer-support community. */
    communityInvite: boolean('community_invite').notNull(),
    /** Set when the patient has answered the PEQ, which is stored apart with no link back. */
    peqAnsweredAt: timestamp('peq_answered_at', { withTimezone: true }),
    dischargedBy: uuid('discharged_by').notNull(),
    dischargedAt: timestamp('discharged_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.serviceId, t.id] }),
    uniqueIndex('discharges_course_idx').on(t.serviceId, t.courseId),
    index('discharges_patient_idx').on(t.serviceId, t.patientId),
    foreignKey({
      columns: [t.serviceId, t.courseId],
      foreignColumns: [treatmentCourses.serviceId, treatmentCourses.id],
    }),
    foreignKey({
      columns: [t.serviceId, t.patientId],
      foreignColumns: [patients.serviceId, patients.id],
    }),
    foreignKey({
      columns: [t.serviceId, t.dischargedBy],
      foreignColumns: [users.serviceId, users.id],
    }),
    check(
      'discharges_reason_check',
      sql`${t.reason} in ('completed', 'dropped_out', 'declined_further', 'moved_away', 'referred_on')`,
    ),
  ],
);

/**
 * Patient Experience Questionnaire answers (hazard H19): deliberately no patient, therapist,
 * course or discharge id, and the month only, so nobody can tell who gave which answers.
 */
export const peqResponses = pgTable(
  'peq_responses',
  {
    serviceId: uuid('service_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    /** 'YYYY-MM'. */
    month: text('month').notNull(),
    answers: jsonb('answers').$type<Record<string, number>>().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.serviceId, t.id] }),
    index('peq_responses_month_idx').on(t.serviceId, t.month),
  ],
);

export const LETTER_KINDS = ['discharge_gp', 'discharge_patient', 'onward_referral'] as const;
export type LetterKind = (typeof LETTER_KINDS)[number];

/** What a letter says, fixed when it is written: the PDF is rendered from this. */
export interface LetterContent {
  serviceName: string;
  /** Addressee lines (name, practice, address). */
  to: string[];
  salutation: string;
  heading: string;
  /** Patient identifiers shown under the heading (name, date of birth, NHS number). */
  patientLines: string[];
  paragraphs: string[];
  signOff: string[];
  date: string;
}

/** Letters Rapport writes (discharge to the GP and the patient's copy, onward referral). */
export const letters = pgTable(
  'letters',
  {
    serviceId: uuid('service_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    patientId: uuid('patient_id').notNull(),
    kind: text('kind').$type<LetterKind>().notNull(),
    /** The change it belongs to (`discharge:<id>:gp`): written once. */
    sourceKey: text('source_key').notNull(),
    content: jsonb('content').$type<LetterContent>().notNull(),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    /**
     * The letter is to reach the GP practice: a discharge GP letter, or an onward referral copied
     * to the GP with the patient's consent. Until it does, it is shown as not sent (hazard H27).
     */
    toGp: boolean('to_gp').notNull().default(false),
    /**
     * A GP letter that email did not deliver, recorded by a clinician as sent another way (post,
     * their own secure email): when and by whom. Null while it has not reached the practice.
     */
    gpSentAnotherWayAt: timestamp('gp_sent_another_way_at', { withTimezone: true }),
    gpSentAnotherWayBy: uuid('gp_sent_another_way_by'),
  },
  (t) => [
    primaryKey({ columns: [t.serviceId, t.id] }),
    uniqueIndex('letters_source_idx').on(t.serviceId, t.sourceKey),
    index('letters_patient_idx').on(t.serviceId, t.patientId, t.createdAt),
    // The clinician's GP letters still to reach the practice, for their home page.
    index('letters_gp_open_idx')
      .on(t.serviceId, t.createdBy)
      .where(sql`${t.toGp} and ${t.gpSentAnotherWayAt} is null`),
    foreignKey({
      columns: [t.serviceId, t.gpSentAnotherWayBy],
      foreignColumns: [users.serviceId, users.id],
    }),
    foreignKey({
      columns: [t.serviceId, t.patientId],
      foreignColumns: [patients.serviceId, patients.id],
    }),
    check(
      'letters_kind_check',
      sql`${t.kind} in ('discharge_gp', 'discharge_patient', 'onward_referral')`,
    ),
    // A discharge GP letter always goes to the practice, the patient's copy never; an onward
    // referral only with consent.
    check(
      'letters_to_gp_check',
      sql`${t.kind} = 'onward_referral' or ${t.toGp} = (${t.kind} = 'discharge_gp')`,
    ),
    check(
      'letters_gp_sent_another_way_check',
      sql`(${t.gpSentAnotherWayAt} is null) = (${t.gpSentAnotherWayBy} is null) and (${t.gpSentAnotherWayAt} is null or ${t.toGp})`,
    ),
  ],
);
