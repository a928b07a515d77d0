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

export const MESSAGE_ADDRESSEES = ['therapist', 'service'] as const;
export type MessageAddressee = (typeof MESSAGE_ADDRESSEES)[number];
export const MESSAGE_AUTHORS = ['patient', 'staff'] as const;
export type MessageAuthor = (typeof MESSAGE_AUTHORS)[number];

/**
 * A question a patient asks their therapist or the service, and the answers (issue 11). Read in
 * working hours; unanswered ones reach the therapist's home and then the service (hazard H18).
 */
export const messageThreads = pgTable(
  'message_threads',
  {
    serviceId: uuid('service_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    patientId: uuid('patient_id').notNull(),
    addressedTo: text('addressed_to').$type<MessageAddressee>().notNull(),
    /** The therapist asked (the responsible clinician when the patient wrote); null for the service. */
    therapistId: uuid('therapist_id'),
    subject: text('subject').notNull(),
    /**
     * Who wrote first: the patient (a question) or staff (a clinician writing to the patient from
     * their record). A thread staff started waits on nobody until the patient replies (H18).
     */
    startedBy: text('started_by').$type<MessageAuthor>().notNull().default('patient'),
    /**
     * The member of staff who wrote first; null when the patient did. When that is not the
     * patient's clinician (a manager, a supervisor), the patient's reply waits on them too (H18).
     */
    startedByUserId: uuid('started_by_user_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    /** When the patient's oldest unanswered message was sent; null once staff have replied. */
    waitingSince: timestamp('waiting_since', { withTimezone: true }),
    /** When it escalated to the service while waiting; cleared by a reply. */
    escalatedAt: timestamp('escalated_at', { withTimezone: true }),
    lastMessageAt: timestamp('last_message_at', { withTimezone: true }).notNull(),
    /** When the patient last opened it; cleared by a reply from staff, which then shows as new. */
    patientReadAt: timestamp('patient_read_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.serviceId, t.id] }),
    index('message_threads_patient_idx').on(t.serviceId, t.patientId, t.lastMessageAt),
    index('message_threads_waiting_idx').on(t.serviceId, t.waitingSince),
    foreignKey({
      columns: [t.serviceId, t.patientId],
      foreignColumns: [patients.serviceId, patients.id],
    }),
    foreignKey({
      columns: [t.serviceId, t.therapistId],
      foreignColumns: [users.serviceId, users.id],
    }),
    foreignKey({
      columns: [t.serviceId, t.startedByUserId],
      foreignColumns: [users.serviceId, users.id],
    }),
    check(
      'message_threads_addressee_check',
      sql`${t.addressedTo} in ('therapist', 'service') and (${t.addressedTo} = 'service' or ${t.therapistId} is not null)`,
    ),
    check('message_threads_started_by_check', sql`${t.startedBy} in ('patient', 'staff')`),
    check(
      'message_threads_started_by_user_check',
      sql`(${t.startedBy} = 'staff') = (${t.startedByUserId} is not null)`,
    ),
  ],
);

export const threadMessages = pgTable(
  'thread_messages',
  {
    serviceId: uuid('service_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    threadId: uuid('thread_id').notNull(),
    author: text('author').$type<MessageAuthor>().notNull(),
    authorUserId: uuid('author_user_id').notNull(),
    body: text('body').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.serviceId, t.id] }),
    index('thread_messages_thread_idx').on(t.serviceId, t.threadId, t.createdAt),
    foreignKey({
      columns: [t.serviceId, t.threadId],
      foreignColumns: [messageThreads.serviceId, messageThreads.id],
    }),
    foreignKey({
      columns: [t.serviceId, t.authorUserId],
      foreignColumns: [users.serviceId, users.id],
    }),
    check('thread_messages_author_check', sql`${t.author} in ('patient', 'staff')`),
  ],
);
