import {
  foreignKey,
  index,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { patients } from './core';
import { appointments } from './diary';

/**
 * The questionnaires for one IPT session, one row per appointment and questionnaire.
 *
 * Before submission it holds the person's partial answers, so they are kept if they leave and
 * come back (on any device). On submission `response_id` is set in the same transaction as the
 * measure_responses row, and the answers are cleared (the response holds them). The primary key
 * makes the row the lock for that questionnaire: a double submit, or a therapist entering the
 * answers while the patient sends them, creates one response, never two.
 */
export const questionnaireDrafts = pgTable(
  'questionnaire_drafts',
  {
    serviceId: uuid('service_id').notNull(),
    appointmentId: uuid('appointment_id').notNull(),
    measureId: text('measure_id').notNull(),
    patientId: uuid('patient_id').notNull(),
    /** Item id → the option value as posted ("0" … "8", or "not-applicable"). */
    answers: jsonb('answers').$type<Record<string, string>>().notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
    updatedBy: uuid('updated_by'),
    /** The first completed response for this session and questionnaire (a correction supersedes it). */
    responseId: uuid('response_id'),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.serviceId, t.appointmentId, t.measureId] }),
    index('questionnaire_drafts_patient_idx').on(t.serviceId, t.patientId),
    foreignKey({
      columns: [t.serviceId, t.appointmentId],
      foreignColumns: [appointments.serviceId, appointments.id],
    }),
    foreignKey({
      columns: [t.serviceId, t.patientId],
      foreignColumns: [patients.serviceId, patients.id],
    }),
  ],
);
