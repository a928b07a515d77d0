import { sql } from 'drizzle-orm';
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
} from 'drizzle-orm/pg-core';
import type { NoOtherSessionReason } from '../../domain/diary/cancelled';
import { patients, users } from './core';
import { locations, rooms, type WeeklyHours } from './locations';
import { OTHER_TREATMENTS, referrals } from './referrals';

/**
 * Therapists, courses of treatment and the appointment diary.
 *
 * No double-booking is enforced by PostgreSQL itself: migration 00xx_diary_constraints adds
 * exclusion constraints (btree_gist) so that no two appointments that are not cancelled overlap
 * for the same therapist, room or patient, even when two people book the same slot at once.
 * drizzle cannot express EXCLUDE constraints, so they live only in that migration.
 */

/** Therapies a therapist may deliver: IPT and the other NHS Talking Therapies treatments. */
export const THERAPIES = ['ipt', ...OTHER_TREATMENTS] as const;
export type Therapy = (typeof THERAPIES)[number];

/** Professional bodies the service recognises (src/domain/ipt ACCREDITATION_BODIES). */
export const PROFESSIONAL_BODIES = ['HCPC', 'BACP', 'UKCP', 'BABCP'] as const;
export type ProfessionalBody = (typeof PROFESSIONAL_BODIES)[number];

/** What a service manager records about a therapist. One row per therapist user. */
export const therapistProfiles = pgTable(
  'therapist_profiles',
  {
    serviceId: uuid('service_id').notNull(),
    userId: uuid('user_id').notNull(),
    /** Shown to patients, e.g. "IPT therapist" or "Senior psychological therapist". */
    jobTitle: text('job_title').notNull().default(''),
    professionalBody: text('professional_body').$type<ProfessionalBody>(),
    registrationNumber: text('registration_number'),
    /** Working towards the IPT postgraduate certificate: needs a named supervisor. */
    trainee: boolean('trainee').notNull().default(false),
    supervisorId: uuid('supervisor_id'),
    therapies: text('therapies')
      .array()
      .$type<Therapy[]>()
      .notNull()
      .default(sql`'{}'`),
    /** Days and hours they work (ISO weekday → local times); a missing day is not worked. */
    workingPattern: jsonb('working_pattern').$type<WeeklyHours>().notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
    updatedBy: uuid('updated_by'),
  },
  (t) => [
    primaryKey({ columns: [t.serviceId, t.userId] }),
    index('therapist_profiles_supervisor_idx').on(t.serviceId, t.supervisorId),
    foreignKey({ columns: [t.serviceId, t.userId], foreignColumns: [users.serviceId, users.id] }),
    foreignKey({
      columns: [t.serviceId, t.supervisorId],
      foreignColumns: [users.serviceId, users.id],
    }),
    check(
      'therapist_profiles_body_check',
      sql`${t.professionalBody} is null or ${t.professionalBody} in ('HCPC', 'BACP', 'UKCP', 'BABCP')`,
    ),
    check(
      'therapist_profiles_not_own_supervisor_check',
      sql`${t.supervisorId} is null or ${t.supervisorId} <> ${t.userId}`,
    ),
  ],
);

/** The locations a therapist works at. */
export const therapistLocations = pgTable(
  'therapist_locations',
  {
    serviceId: uuid('service_id').notNull(),
    userId: uuid('user_id').notNull(),
    locationId: uuid('location_id').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.serviceId, t.userId, t.locationId] }),
    index('therapist_locations_location_idx').on(t.serviceId, t.locationId),
    foreignKey({
      columns: [t.serviceId, t.userId],
      foreignColumns: [therapistProfiles.serviceId, therapistProfiles.userId],
    }).onDelete('cascade'),
    foreignKey({
      columns: [t.serviceId, t.locationId],
      foreignColumns: [locations.serviceId, locations.id],
    }),
  ],
);

export const COURSE_STATUSES = ['active', 'ended'] as const;
export type CourseStatus = (typeof COURSE_STATUSES)[number];
export const COURSE_MODES = ['video', 'face_to_face'] as const;
export type CourseMode = (typeof COURSE_MODES)[number];

/**
 * A course of treatment, started by allocating a patient from the IPT waiting list to a therapist.
 * A patient has at most one active course of each therapy (partial unique index).
 */
export const treatmentCourses = pgTable(
  'treatment_courses',
  {
    serviceId: uuid('service_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    patientId: uuid('patient_id').notNull(),
    referralId: uuid('referral_id'),
    therapistId: uuid('therapist_id').notNull(),
    therapy: text('therapy').$type<Therapy>().notNull().default('ipt'),
    plannedSessions: integer('planned_sessions').notNull(),
    /** The longest an IPT session of this course may be: 50 unless agreed otherwise, with a reason. */
    sessionMinutes: integer('session_minutes').notNull().default(50),
    /**
     * Why the course goes outside 12–16 sessions or 50 minutes (src/domain/ipt checkCourseLength);
     * null while it keeps to them. Shown on the course page; every change is audited.
     */
    lengthReason: text('length_reason'),
    modePreference: text('mode_preference').$type<CourseMode>().notNull(),
    status: text('status').$type<CourseStatus>().notNull().default('active'),
    /** Attended (or arrived late) treatment sessions; kept equal to the appointments' count. */
    attendedSessions: integer('attended_sessions').notNull().default(0),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    allocatedBy: uuid('allocated_by'),
    endedAt: timestamp('ended_at', { withTimezone: true }),
    endedReason: text('ended_reason'),
  },
  (t) => [
    primaryKey({ columns: [t.serviceId, t.id] }),
    uniqueIndex('treatment_courses_one_active_idx')
      .on(t.serviceId, t.patientId, t.therapy)
      .where(sql`${t.status} = 'active'`),
    index('treatment_courses_therapist_idx').on(t.serviceId, t.therapistId, t.status),
    index('treatment_courses_referral_idx').on(t.serviceId, t.referralId),
    // Reports pick courses by the day they ended (src/features/reports).
    index('treatment_courses_ended_idx').on(t.serviceId, t.endedAt),
    foreignKey({
      columns: [t.serviceId, t.patientId],
      foreignColumns: [patients.serviceId, patients.id],
    }),
    foreignKey({
      columns: [t.serviceId, t.referralId],
      foreignColumns: [referrals.serviceId, referrals.id],
    }),
    foreignKey({
      columns: [t.serviceId, t.therapistId],
      foreignColumns: [users.serviceId, users.id],
    }),
    check('treatment_courses_status_check', sql`${t.status} in ('active', 'ended')`),
    check('treatment_courses_mode_check', sql`${t.modePreference} in ('video', 'face_to_face')`),
    check(
      'treatment_courses_ipt_sessions_check',
      // 12–16 sessions of up to 50 minutes, or up to 30 and 90 with a recorded reason (H7).
      sql`${t.therapy} <> 'ipt' or (${t.plannedSessions} between 1 and 30 and ${t.sessionMinutes} between 1 and 90 and (${t.lengthReason} is not null or (${t.plannedSessions} between 12 and 16 and ${t.sessionMinutes} <= 50)))`,
    ),
    check(
      'treatment_courses_attended_check',
      sql`${t.attendedSessions} >= 0 and ${t.attendedSessions} <= ${t.plannedSessions}`,
    ),
  ],
);

export const APPOINTMENT_TYPES = ['assessment', 'ipt_session', 'review'] as const;
export type AppointmentType = (typeof APPOINTMENT_TYPES)[number];
export const APPOINTMENT_MODES = ['video', 'face_to_face', 'phone'] as const;
export type AppointmentMode = (typeof APPOINTMENT_MODES)[number];
export const APPOINTMENT_STATUSES = [
  'booked',
  'attended',
  'arrived_late',
  'did_not_attend',
  'cancelled',
] as const;
export type AppointmentStatus = (typeof APPOINTMENT_STATUSES)[number];
export const CANCELLED_BY = ['patient', 'service'] as const;
export type CancelledBy = (typeof CANCELLED_BY)[number];

/** One appointment in a therapist's diary. Times are instants (UTC); shown in Europe/London. */
export const appointments = pgTable(
  'appointments',
  {
    serviceId: uuid('service_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    patientId: uuid('patient_id').notNull(),
    therapistId: uuid('therapist_id').notNull(),
    courseId: uuid('course_id'),
    type: text('type').$type<AppointmentType>().notNull(),
    /** For an attended IPT session: which session of the course it was (1 = first). */
    sessionNumber: integer('session_number'),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
    mode: text('mode').$type<AppointmentMode>().notNull(),
    locationId: uuid('location_id'),
    roomId: uuid('room_id'),
    status: text('status').$type<AppointmentStatus>().notNull().default('booked'),
    /** Appointments booked together ("the rest of the course, weekly") share a series id. */
    seriesId: uuid('series_id'),
    cancelledBy: text('cancelled_by').$type<CancelledBy>(),
    cancellationReason: text('cancellation_reason'),
    cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
    attendanceRecordedAt: timestamp('attendance_recorded_at', { withTimezone: true }),
    attendanceRecordedBy: uuid('attendance_recorded_by'),
    /** The patient asked for another time; cleared when the appointment is rearranged. */
    rearrangeRequestedAt: timestamp('rearrange_requested_at', { withTimezone: true }),
    rearrangeRequestReason: text('rearrange_request_reason'),
    rearrangedAt: timestamp('rearranged_at', { withTimezone: true }),
    /**
     * Why it was booked outside the therapist's working pattern, the location's opening hours or
     * the service's closures (hazard H10); null when it is within them.
     */
    outsideHoursReason: text('outside_hours_reason'),
    bookedBy: uuid('booked_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.serviceId, t.id] }),
    index('appointments_therapist_idx').on(t.serviceId, t.therapistId, t.startsAt),
    index('appointments_patient_idx').on(t.serviceId, t.patientId, t.startsAt),
    index('appointments_room_idx').on(t.serviceId, t.roomId, t.startsAt),
    index('appointments_starts_idx').on(t.serviceId, t.startsAt),
    index('appointments_course_idx').on(t.serviceId, t.courseId),
    foreignKey({
      columns: [t.serviceId, t.patientId],
      foreignColumns: [patients.serviceId, patients.id],
    }),
    foreignKey({
      columns: [t.serviceId, t.therapistId],
      foreignColumns: [users.serviceId, users.id],
    }),
    foreignKey({
      columns: [t.serviceId, t.courseId],
      foreignColumns: [treatmentCourses.serviceId, treatmentCourses.id],
    }),
    foreignKey({
      columns: [t.serviceId, t.locationId],
      foreignColumns: [locations.serviceId, locations.id],
    }),
    foreignKey({ columns: [t.serviceId, t.roomId], foreignColumns: [rooms.serviceId, rooms.id] }),
    check('appointments_times_check', sql`${t.endsAt} > ${t.startsAt}`),
    check('appointments_type_check', sql`${t.type} in ('assessment', 'ipt_session', 'review')`),
    check('appointments_mode_check', sql`${t.mode} in ('video', 'face_to_face', 'phone')`),
    check(
      'appointments_status_check',
      sql`${t.status} in ('booked', 'attended', 'arrived_late', 'did_not_attend', 'cancelled')`,
    ),
    // Clinical rules kept by the database too: IPT is never by phone and lasts at most 90 minutes
    // (50 unless its course records a reason; the app checks each course's own length).
    check(
      'appointments_ipt_not_phone_check',
      sql`${t.type} <> 'ipt_session' or ${t.mode} <> 'phone'`,
    ),
    check(
      'appointments_ipt_length_check',
      sql`${t.type} <> 'ipt_session' or ${t.endsAt} - ${t.startsAt} <= interval '90 minutes'`,
    ),
    check(
      'appointments_ipt_course_check',
      sql`${t.type} <> 'ipt_session' or ${t.courseId} is not null`,
    ),
    check(
      'appointments_face_to_face_room_check',
      sql`${t.mode} <> 'face_to_face' or (${t.locationId} is not null and ${t.roomId} is not null)`,
    ),
    check(
      'appointments_cancelled_check',
      sql`${t.status} <> 'cancelled' or (${t.cancelledBy} in ('patient', 'service') and ${t.cancellationReason} is not null)`,
    ),
  ],
);

/**
 * A clinician's word that a session the patient cancelled needs no other offered (hazard H29):
 * why, who and when. It takes the session off "Cancelled by the patient: offer another session".
 * One per appointment, so a second press or a second tab adds nothing; never changed.
 */
export const noOtherSessionDecisions = pgTable(
  'no_other_session_decisions',
  {
    serviceId: uuid('service_id').notNull(),
    appointmentId: uuid('appointment_id').notNull(),
    reason: text('reason').$type<NoOtherSessionReason>().notNull(),
    /** What the clinician typed for "Another reason"; null for the other options. */
    detail: text('detail'),
    decidedBy: uuid('decided_by').notNull(),
    decidedAt: timestamp('decided_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.serviceId, t.appointmentId] }),
    foreignKey({
      columns: [t.serviceId, t.appointmentId],
      foreignColumns: [appointments.serviceId, appointments.id],
    }),
    foreignKey({
      columns: [t.serviceId, t.decidedBy],
      foreignColumns: [users.serviceId, users.id],
    }),
    check(
      'no_other_session_decisions_reason_check',
      sql`${t.reason} in ('patient_does_not_want', 'course_ending', 'offered_and_declined', 'other')`,
    ),
    check(
      'no_other_session_decisions_detail_check',
      sql`(${t.reason} = 'other') = (${t.detail} is not null)`,
    ),
  ],
);

/**
 * The appointments a notice naming several describes (a weekly series' one confirmation, the list
 * sent when a channel opens), by the notice's key without its channel. When one of them is
 * cancelled or moved while the notice still waits (a text held for the morning), the notice is
 * withdrawn and a fresh one describes those that stand (H10).
 */
export const noticeAppointments = pgTable(
  'notice_appointments',
  {
    serviceId: uuid('service_id').notNull(),
    noticeKey: text('notice_key').notNull(),
    appointmentId: uuid('appointment_id').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.serviceId, t.noticeKey, t.appointmentId] }),
    index('notice_appointments_appointment_idx').on(t.serviceId, t.appointmentId),
    foreignKey({
      columns: [t.serviceId, t.appointmentId],
      foreignColumns: [appointments.serviceId, appointments.id],
    }),
  ],
);
