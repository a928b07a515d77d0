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
  uniqueIndex,
  uuid,
  date,
} from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';

/**
 * An unfinished online self-referral. The browser holds a random token in a cookie; we store its
 * hash, so answers survive back, change and reload without an account. Expired drafts are purged.
 */
export const referralDrafts = pgTable(
  'referral_drafts',
  {
    serviceId: uuid('service_id').notNull(),
    tokenHash: text('token_hash').notNull(),
    answers: jsonb('answers').$type<Record<string, unknown>>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    /** Set when submitted, so a resubmit shows the same confirmation instead of a second referral. */
    referralId: uuid('referral_id'),
    /**
     * The risk alert raised because the draft has risk answers and was left unsent (hazard H14),
     * so it is raised once, and joins the referral if the person sends it later.
     */
    riskAlertId: uuid('risk_alert_id'),
  },
  (t) => [
    primaryKey({ columns: [t.serviceId, t.tokenHash] }),
    index('referral_drafts_expiry_idx').on(t.serviceId, t.expiresAt),
  ],
);

export const REFERRAL_STATUSES = [
  'new',
  'assessment_booked',
  'ipt_waiting',
  'in_treatment',
  'other_treatment',
  'signposted',
  'discharged',
  'closed',
] as const;
export type ReferralStatus = (typeof REFERRAL_STATUSES)[number];

export const REFERRAL_CLOSE_REASONS = ['duplicate', 'not_eligible', 'withdrawn'] as const;
export type ReferralCloseReason = (typeof REFERRAL_CLOSE_REASONS)[number];

export const referrals = pgTable(
  'referrals',
  {
    serviceId: uuid('service_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    /** Shown to the person, e.g. "RAP-4KX9-M2QD": no personal data, easy to read out on the phone. */
    reference: text('reference').notNull(),
    source: text('source').notNull().default('self'),
    status: text('status').$type<ReferralStatus>().notNull().default('new'),
    urgent: boolean('urgent').notNull().default(false),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
    givenName: text('given_name').notNull(),
    familyName: text('family_name').notNull(),
    dateOfBirth: date('date_of_birth', { mode: 'string' }).notNull(),
    postcode: text('postcode').notNull(),
    nhsNumber: text('nhs_number'),
    email: text('email'),
    mobile: text('mobile'),
    /** Every answer as given, for the clinician reading the referral. */
    answers: jsonb('answers').$type<Record<string, unknown>>().notNull(),
    /** The draft token hash: the same submission twice creates one referral. */
    submissionKey: text('submission_key').notNull(),
    patientId: uuid('patient_id'),
    closedReason: text('closed_reason').$type<ReferralCloseReason>(),
    closedNote: text('closed_note'),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.serviceId, t.id] }),
    uniqueIndex('referrals_reference_idx').on(t.serviceId, t.reference),
    uniqueIndex('referrals_submission_idx').on(t.serviceId, t.submissionKey),
    index('referrals_queue_idx').on(t.serviceId, t.status, t.urgent, t.receivedAt),
    index('referrals_patient_idx').on(t.serviceId, t.patientId),
    // Reports count referrals received in a period (src/features/reports).
    index('referrals_received_idx').on(t.serviceId, t.receivedAt),
  ],
);

export const RISK_ALERT_SOURCES = [
  'referral',
  'questionnaire',
  'assessment',
  'community',
  // A missed session after a risk answer (hazard H29).
  'attendance',
  // Words of crisis in a patient's message to us (hazard H18).
  'message',
  // Words of crisis in a patient's reason to cancel or change an appointment (hazard H18).
  'appointment',
  // Words of crisis in what a patient writes back on a task between sessions (hazard H18).
  'task',
] as const;
export type RiskAlertSource = (typeof RISK_ALERT_SOURCES)[number];

/**
 * A risk answer that someone must act on. It stays open on the responsible clinician's and the
 * service's queue until a clinician records what they did; nothing closes it without that.
 */
export const riskAlerts = pgTable(
  'risk_alerts',
  {
    serviceId: uuid('service_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    source: text('source').$type<RiskAlertSource>().notNull(),
    /** Plain description of what raised it, e.g. "PHQ-9 item 9 answered 'Several days'". */
    reason: text('reason').notNull(),
    patientId: uuid('patient_id'),
    referralId: uuid('referral_id'),
    /** The questionnaire response or assessment that raised it. */
    sourceRecordId: uuid('source_record_id'),
    responsibleClinicianId: uuid('responsible_clinician_id'),
    raisedAt: timestamp('raised_at', { withTimezone: true }).notNull(),
    /** When it escalates to the supervisor or service manager if nobody has acted. */
    escalateAt: timestamp('escalate_at', { withTimezone: true }),
    escalatedAt: timestamp('escalated_at', { withTimezone: true }),
    actionTaken: text('action_taken'),
    actionedBy: uuid('actioned_by'),
    actionedAt: timestamp('actioned_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.serviceId, t.id] }),
    index('risk_alerts_open_idx').on(t.serviceId, t.actionedAt, t.raisedAt),
    index('risk_alerts_clinician_idx').on(t.serviceId, t.responsibleClinicianId, t.actionedAt),
    index('risk_alerts_patient_idx').on(t.serviceId, t.patientId),
    index('risk_alerts_referral_idx').on(t.serviceId, t.referralId),
  ],
);

export const RISK_ACTION_OUTCOMES = ['open', 'closed'] as const;
/** Whether the alert stayed open after an action ("tried to call, no answer") or was closed. */
export type RiskActionOutcome = (typeof RISK_ACTION_OUTCOMES)[number];

/**
 * Every action recorded on a risk alert, in order: the ones that keep it open (with the next
 * step and when) and the one that closes it (also copied onto the alert's actioned columns, which
 * the queue and escalation read).
 */
export const riskAlertActions = pgTable(
  'risk_alert_actions',
  {
    serviceId: uuid('service_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    alertId: uuid('alert_id').notNull(),
    actionTaken: text('action_taken').notNull(),
    outcome: text('outcome').$type<RiskActionOutcome>().notNull(),
    /** For an action that keeps the alert open: what happens next, and when. */
    nextStep: text('next_step'),
    nextStepAt: timestamp('next_step_at', { withTimezone: true }),
    recordedBy: uuid('recorded_by').notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.serviceId, t.id] }),
    index('risk_alert_actions_alert_idx').on(t.serviceId, t.alertId, t.recordedAt),
    foreignKey({
      columns: [t.serviceId, t.alertId],
      foreignColumns: [riskAlerts.serviceId, riskAlerts.id],
    }),
    check('risk_alert_actions_outcome_check', sql`${t.outcome} in ('open', 'closed')`),
    check(
      'risk_alert_actions_next_step_check',
      sql`${t.outcome} = 'closed' or (${t.nextStep} is not null and ${t.nextStepAt} is not null)`,
    ),
  ],
);

export const ASSESSMENT_MODES = ['video', 'phone', 'face_to_face'] as const;
export type AssessmentMode = (typeof ASSESSMENT_MODES)[number];
export const ASSESSMENT_STATUSES = ['booked', 'completed', 'cancelled', 'did_not_attend'] as const;
export type AssessmentStatus = (typeof ASSESSMENT_STATUSES)[number];
export const PRESENTING_PROBLEMS = [
  'depression',
  'generalised_anxiety',
  'mixed_anxiety_depression',
  'other',
] as const;
export type PresentingProblem = (typeof PRESENTING_PROBLEMS)[number];
export const RISK_LEVELS = ['low', 'moderate', 'high'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];
export const ASSESSMENT_DECISIONS = ['offer_ipt', 'offer_other', 'signpost', 'discharge'] as const;
export type AssessmentDecision = (typeof ASSESSMENT_DECISIONS)[number];
export const OTHER_TREATMENTS = [
  'cbt',
  'counselling_for_depression',
  'dynamic_interpersonal_therapy',
  'couple_therapy_for_depression',
  'guided_self_help',
] as const;
export type OtherTreatment = (typeof OTHER_TREATMENTS)[number];

/** The wellbeing assessment: booked, then recorded with the clinician's decision. */
export const assessments = pgTable(
  'assessments',
  {
    serviceId: uuid('service_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    referralId: uuid('referral_id').notNull(),
    patientId: uuid('patient_id').notNull(),
    clinicianId: uuid('clinician_id').notNull(),
    status: text('status').$type<AssessmentStatus>().notNull().default('booked'),
    presentingProblem: text('presenting_problem').$type<PresentingProblem>(),
    presentingProblemOther: text('presenting_problem_other'),
    riskLevel: text('risk_level').$type<RiskLevel>(),
    riskAgreed: text('risk_agreed'),
    safetyPlan: text('safety_plan'),
    decision: text('decision').$type<AssessmentDecision>(),
    otherTreatment: text('other_treatment').$type<OtherTreatment>(),
    signpostedTo: text('signposted_to'),
    decisionReason: text('decision_reason'),
    patientMessage: text('patient_message'),
    recordedBy: uuid('recorded_by'),
    recordedAt: timestamp('recorded_at', { withTimezone: true }),
    bookedBy: uuid('booked_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    /**
     * Its appointment in the clinician's diary (type 'assessment'), booked in the same
     * transaction, so the diary's no-double-booking constraints cover assessments too. The
     * appointment is the one record of when and how (migration 0010 moved the old copies into
     * appointments). Null only for an assessment from before the diary whose time clashed with
     * another appointment, so could not be moved: it shows no time.
     */
    appointmentId: uuid('appointment_id'),
  },
  (t) => [
    primaryKey({ columns: [t.serviceId, t.id] }),
    index('assessments_referral_idx').on(t.serviceId, t.referralId),
    index('assessments_clinician_idx').on(t.serviceId, t.clinicianId),
    index('assessments_patient_idx').on(t.serviceId, t.patientId),
    index('assessments_appointment_idx').on(t.serviceId, t.appointmentId),
  ],
);

export const RESPONSE_CONTEXTS = ['referral', 'assessment', 'session'] as const;
export type ResponseContext = (typeof RESPONSE_CONTEXTS)[number];

/**
 * One completed questionnaire (PHQ-9, GAD-7, WSAS, phobia scales, PEQ). A correction is a new row
 * that supersedes the old one, so the original is never lost.
 */
export const measureResponses = pgTable(
  'measure_responses',
  {
    serviceId: uuid('service_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    measureId: text('measure_id').notNull(),
    context: text('context').$type<ResponseContext>().notNull(),
    patientId: uuid('patient_id'),
    referralId: uuid('referral_id'),
    assessmentId: uuid('assessment_id'),
    appointmentId: uuid('appointment_id'),
    courseId: uuid('course_id'),
    answers: jsonb('answers').$type<Record<string, number | string>>().notNull(),
    total: integer('total'),
    band: text('band'),
    riskFlag: boolean('risk_flag').notNull().default(false),
    completedAt: timestamp('completed_at', { withTimezone: true }).notNull(),
    /** Who entered it: the patient themself, or a clinician in the session (shown on the record). */
    enteredBy: uuid('entered_by'),
    enteredByRole: text('entered_by_role')
      .$type<'patient' | 'clinician' | 'self_referral'>()
      .notNull(),
    supersedesId: uuid('supersedes_id'),
    supersededAt: timestamp('superseded_at', { withTimezone: true }),
    correctionReason: text('correction_reason'),
    /**
     * The answers the patient saved on their own before a clinician finished the questionnaire
     * with them in the session, and when: who gave which answer stays on the record (walk 6).
     */
    patientAnswers: jsonb('patient_answers').$type<Record<string, string>>(),
    patientSavedAt: timestamp('patient_saved_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.serviceId, t.id] }),
    index('measure_responses_patient_idx').on(t.serviceId, t.patientId, t.measureId, t.completedAt),
    index('measure_responses_referral_idx').on(t.serviceId, t.referralId),
    index('measure_responses_appointment_idx').on(t.serviceId, t.appointmentId),
  ],
);
