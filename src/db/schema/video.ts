import {
  boolean,
  foreignKey,
  index,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { patients, users } from './core';
import { appointments } from './diary';

/**
 * A patient's answer to "may your therapist's supervisor join your video sessions?" (issue 12,
 * hazard H21). One row per patient, changed only by the patient; no row means no.
 */
export const videoConsents = pgTable(
  'video_consents',
  {
    serviceId: uuid('service_id').notNull(),
    patientId: uuid('patient_id').notNull(),
    supervisorMayJoin: boolean('supervisor_may_join').notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull(),
    recordedBy: uuid('recorded_by').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.serviceId, t.patientId] }),
    foreignKey({
      columns: [t.serviceId, t.patientId],
      foreignColumns: [patients.serviceId, patients.id],
    }),
    foreignKey({
      columns: [t.serviceId, t.recordedBy],
      foreignColumns: [users.serviceId, users.id],
    }),
  ],
);

export const VIDEO_ROOM_EVENTS = ['waiting', 'admitted', 'joined', 'left', 'ended'] as const;
export type VideoRoomEvent = (typeof VIDEO_ROOM_EVENTS)[number];

/**
 * Who came into and left a video appointment's room, and when: the patient's arrival in the
 * waiting room shows in the diary. No media or message content is ever stored.
 */
export const videoRoomEvents = pgTable(
  'video_room_events',
  {
    serviceId: uuid('service_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    appointmentId: uuid('appointment_id').notNull(),
    userId: uuid('user_id').notNull(),
    event: text('event').$type<VideoRoomEvent>().notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.serviceId, t.id] }),
    index('video_room_events_appointment_idx').on(t.serviceId, t.appointmentId, t.at),
    foreignKey({
      columns: [t.serviceId, t.appointmentId],
      foreignColumns: [appointments.serviceId, appointments.id],
    }),
    foreignKey({ columns: [t.serviceId, t.userId], foreignColumns: [users.serviceId, users.id] }),
  ],
);

export const VIDEO_ROLES = ['patient', 'therapist', 'supervisor'] as const;

/**
 * Who is in which room now, one row per open socket, whichever app instance holds it (ADR 0019):
 * the waiting room and the call are read from here, so `/ws/video` needs no sticky routing. The
 * holding instance refreshes `seen_at`; a row not seen for a while belongs to an instance that
 * stopped and counts as gone.
 */
export const videoRoomMembers = pgTable(
  'video_room_members',
  {
    serviceId: uuid('service_id').notNull(),
    id: uuid('id').notNull(),
    appointmentId: uuid('appointment_id').notNull(),
    userId: uuid('user_id').notNull(),
    name: text('name').notNull(),
    role: text('role').$type<(typeof VIDEO_ROLES)[number]>().notNull(),
    admitted: boolean('admitted').notNull(),
    since: timestamp('since', { withTimezone: true }).notNull(),
    seenAt: timestamp('seen_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.serviceId, t.id] }),
    index('video_room_members_room_idx').on(t.serviceId, t.appointmentId),
    foreignKey({
      columns: [t.serviceId, t.appointmentId],
      foreignColumns: [appointments.serviceId, appointments.id],
    }),
    foreignKey({ columns: [t.serviceId, t.userId], foreignColumns: [users.serviceId, users.id] }),
  ],
);

/**
 * A signalling message on its way to a member whose socket another instance holds: written by the
 * sender's instance, its id sent by NOTIFY, taken (deleted) by the instance that delivers it.
 * Session descriptions and ICE candidates only, never media; rows live for moments.
 */
export const videoSignals = pgTable(
  'video_signals',
  {
    serviceId: uuid('service_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    toMember: uuid('to_member').notNull(),
    message: jsonb('message').$type<Record<string, unknown>>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.serviceId, t.id] })],
);

/**
 * Patients let into a room since its call last ended: back after a dropped connection, they go
 * straight in again. Ending the call clears the room's rows.
 */
export const videoRoomAdmissions = pgTable(
  'video_room_admissions',
  {
    serviceId: uuid('service_id').notNull(),
    appointmentId: uuid('appointment_id').notNull(),
    userId: uuid('user_id').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.serviceId, t.appointmentId, t.userId] }),
    foreignKey({
      columns: [t.serviceId, t.appointmentId],
      foreignColumns: [appointments.serviceId, appointments.id],
    }),
    foreignKey({ columns: [t.serviceId, t.userId], foreignColumns: [users.serviceId, users.id] }),
  ],
);
