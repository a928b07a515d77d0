import {
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

/**
 * Messages from the service to a patient, read behind sign-in (ADR 0013). Texts and emails only
 * say that a message is waiting: what staff write never leaves Rapport.
 */
export const patientMessages = pgTable(
  'patient_messages',
  {
    serviceId: uuid('service_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    patientId: uuid('patient_id').notNull(),
    subject: text('subject').notNull(),
    body: text('body').notNull(),
    /** The member of staff who wrote it (null when the system did). */
    sentBy: uuid('sent_by'),
    /** The change it is about (`assessment-decision:<id>`): a retried request stores it once. */
    sourceKey: text('source_key').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    readAt: timestamp('read_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.serviceId, t.id] }),
    index('patient_messages_patient_idx').on(t.serviceId, t.patientId, t.createdAt),
    uniqueIndex('patient_messages_source_idx').on(t.serviceId, t.sourceKey),
    foreignKey({
      columns: [t.serviceId, t.patientId],
      foreignColumns: [patients.serviceId, patients.id],
    }),
    foreignKey({ columns: [t.serviceId, t.sentBy], foreignColumns: [users.serviceId, users.id] }),
  ],
);
