import {
  boolean,
  foreignKey,
  index,
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
