import { sql } from 'drizzle-orm';
import {
  foreignKey,
  index,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { patients } from './core';

/**
 * The patient's notebook (issue 11, ADR 0024): folders they name and their own notes. A note is
 * the patient's alone until they share it (`shared_at` set); their therapist then reads it.
 */
export const notebookFolders = pgTable(
  'notebook_folders',
  {
    serviceId: uuid('service_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    patientId: uuid('patient_id').notNull(),
    name: text('name').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.serviceId, t.id] }),
    // One folder of each name per patient, whatever the letter case.
    uniqueIndex('notebook_folders_name_idx').on(t.serviceId, t.patientId, sql`lower(${t.name})`),
    // The target of the notes' foreign key: a note can only be in its own patient's folder.
    unique('notebook_folders_owner_key').on(t.serviceId, t.patientId, t.id),
    foreignKey({
      columns: [t.serviceId, t.patientId],
      foreignColumns: [patients.serviceId, patients.id],
    }),
  ],
);

export const notebookNotes = pgTable(
  'notebook_notes',
  {
    serviceId: uuid('service_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    patientId: uuid('patient_id').notNull(),
    /** Null: not in a folder. A folder with notes in it cannot be deleted (the foreign key). */
    folderId: uuid('folder_id'),
    title: text('title').notNull(),
    body: text('body').notNull().default(''),
    /** When the patient shared it with their therapist; null while it is private. */
    sharedAt: timestamp('shared_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.serviceId, t.id] }),
    index('notebook_notes_patient_idx').on(t.serviceId, t.patientId, t.updatedAt),
    index('notebook_notes_folder_idx').on(t.serviceId, t.folderId),
    foreignKey({
      columns: [t.serviceId, t.patientId],
      foreignColumns: [patients.serviceId, patients.id],
    }),
    foreignKey({
      name: 'notebook_notes_folder_fk',
      columns: [t.serviceId, t.patientId, t.folderId],
      foreignColumns: [notebookFolders.serviceId, notebookFolders.patientId, notebookFolders.id],
    }),
  ],
);
