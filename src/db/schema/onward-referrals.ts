import { sql } from 'drizzle-orm';
import {
  check,
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
import { treatmentCourses } from './diary';
import { assessments, referrals, type OtherTreatment } from './referrals';

export const ONWARD_URGENCIES = ['routine', 'soon', 'urgent'] as const;
export type OnwardUrgency = (typeof ONWARD_URGENCIES)[number];

/** How the letter reached the receiving service (src/domain/onward-referral has the words). */
export const ONWARD_SENT_WAYS = ['secure_email', 'e_referral', 'post', 'another_way'] as const;
export type OnwardSentWay = (typeof ONWARD_SENT_WAYS)[number];

/**
 * An assessment that offers another treatment refers the person on (issue 11, hazard H27): to
 * whom, why, what was talked through with them, how soon, and the letter that went with it.
 * One per assessment. A discharge "referred on to another service" makes one too, from the
 * course instead of an assessment (one per course).
 */
export const onwardReferrals = pgTable(
  'onward_referrals',
  {
    serviceId: uuid('service_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    referralId: uuid('referral_id').notNull(),
    /** Made at an assessment, or (with courseId instead) at a course's discharge. */
    assessmentId: uuid('assessment_id'),
    courseId: uuid('course_id'),
    patientId: uuid('patient_id').notNull(),
    /**
     * The kind of treatment (src/db/schema/referrals OTHER_TREATMENTS); null from a discharge,
     * where the reason says what the receiving service is asked for.
     */
    treatment: text('treatment').$type<OtherTreatment>(),
    /** The receiving service's name, as staff typed it or chose it from the ones used before. */
    receivingService: text('receiving_service').notNull(),
    reason: text('reason').notNull(),
    discussed: text('discussed').notNull(),
    urgency: text('urgency').$type<OnwardUrgency>().notNull(),
    letterId: uuid('letter_id'),
    createdBy: uuid('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    /**
     * Rapport does not send the letter to the receiving service itself: staff send it the way
     * that service accepts and record it here (when, who, how). Null while it has not been sent.
     */
    sentAt: timestamp('sent_at', { withTimezone: true }),
    sentBy: uuid('sent_by'),
    sentHow: text('sent_how').$type<OnwardSentWay>(),
  },
  (t) => [
    primaryKey({ columns: [t.serviceId, t.id] }),
    uniqueIndex('onward_referrals_assessment_idx').on(t.serviceId, t.assessmentId),
    uniqueIndex('onward_referrals_course_idx').on(t.serviceId, t.courseId),
    index('onward_referrals_referral_idx').on(t.serviceId, t.referralId),
    index('onward_referrals_patient_idx').on(t.serviceId, t.patientId),
    index('onward_referrals_service_name_idx').on(t.serviceId, t.receivingService),
    // The clinician's onward referrals still to send, for their home page.
    index('onward_referrals_unsent_idx')
      .on(t.serviceId, t.createdBy)
      .where(sql`${t.sentAt} is null`),
    foreignKey({
      columns: [t.serviceId, t.referralId],
      foreignColumns: [referrals.serviceId, referrals.id],
    }),
    foreignKey({
      columns: [t.serviceId, t.assessmentId],
      foreignColumns: [assessments.serviceId, assessments.id],
    }),
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
    foreignKey({
      columns: [t.serviceId, t.sentBy],
      foreignColumns: [users.serviceId, users.id],
    }),
    check(
      'onward_referrals_made_at_check',
      sql`(${t.assessmentId} is null) <> (${t.courseId} is null) and (${t.assessmentId} is null or ${t.treatment} is not null)`,
    ),
    check('onward_referrals_urgency_check', sql`${t.urgency} in ('routine', 'soon', 'urgent')`),
    check(
      'onward_referrals_sent_check',
      sql`(${t.sentAt} is null) = (${t.sentBy} is null) and (${t.sentAt} is null) = (${t.sentHow} is null) and (${t.sentHow} is null or ${t.sentHow} in ('secure_email', 'e_referral', 'post', 'another_way'))`,
    ),
  ],
);
