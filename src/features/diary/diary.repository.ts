import { and, asc, desc, eq, gt, inArray, isNotNull, lt, ne, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db } from '../../db/client';
import {
  appointments,
  locations,
  noOtherSessionDecisions,
  noticeAppointments,
  patients,
  rooms,
  services,
  treatmentCourses,
  users,
  type OfficeHours,
  type ServiceSettings,
} from '../../db/schema';
import type { Interval } from '../../domain/diary';

export type AppointmentRow = typeof appointments.$inferSelect;
export type NewAppointment = typeof appointments.$inferInsert;

const therapist = alias(users, 'therapist');

/** Everything a page or a message needs about one appointment. */
const detailColumns = {
  appointment: appointments,
  patient: {
    id: patients.id,
    givenName: patients.givenName,
    familyName: patients.familyName,
    userId: patients.userId,
    responsibleClinicianId: patients.responsibleClinicianId,
    email: patients.email,
    mobile: patients.mobile,
    allowEmail: patients.allowEmail,
    allowSms: patients.allowSms,
    accessNeeds: patients.accessNeeds,
  },
  therapistName: therapist.displayName,
  therapistEmail: therapist.email,
  location: locations,
  room: rooms,
};

function detailQuery(db: Db) {
  return db
    .select(detailColumns)
    .from(appointments)
    .innerJoin(
      patients,
      and(eq(patients.serviceId, appointments.serviceId), eq(patients.id, appointments.patientId)),
    )
    .innerJoin(
      therapist,
      and(
        eq(therapist.serviceId, appointments.serviceId),
        eq(therapist.id, appointments.therapistId),
      ),
    )
    .leftJoin(
      locations,
      and(
        eq(locations.serviceId, appointments.serviceId),
        eq(locations.id, appointments.locationId),
      ),
    )
    .leftJoin(
      rooms,
      and(eq(rooms.serviceId, appointments.serviceId), eq(rooms.id, appointments.roomId)),
    );
}

export type AppointmentDetail = NonNullable<Awaited<ReturnType<typeof findAppointment>>>;

export async function findAppointment(db: Db, serviceId: string, appointmentId: string) {
  const rows = await detailQuery(db)
    .where(and(eq(appointments.serviceId, serviceId), eq(appointments.id, appointmentId)))
    .limit(1);
  return rows[0] ?? null;
}

/** Takes a row lock, so two changes to one appointment happen one after the other. */
export async function lockAppointment(db: Db, serviceId: string, appointmentId: string) {
  const rows = await db
    .select()
    .from(appointments)
    .where(and(eq(appointments.serviceId, serviceId), eq(appointments.id, appointmentId)))
    .for('update');
  return rows[0] ?? null;
}

export type AppointmentListItem = Awaited<ReturnType<typeof listAppointments>>[number];

export interface ListFilter {
  from: Date;
  to: Date;
  therapistIds?: string[];
  patientId?: string;
  roomIds?: string[];
  includeCancelled?: boolean;
}

/** Appointments that overlap [from, to), in time order, with names and places. */
export async function listAppointments(db: Db, serviceId: string, filter: ListFilter) {
  if (filter.therapistIds?.length === 0 || filter.roomIds?.length === 0) return [];
  return detailQuery(db)
    .where(
      and(
        eq(appointments.serviceId, serviceId),
        lt(appointments.startsAt, filter.to),
        gt(appointments.endsAt, filter.from),
        filter.therapistIds ? inArray(appointments.therapistId, filter.therapistIds) : undefined,
        filter.patientId ? eq(appointments.patientId, filter.patientId) : undefined,
        filter.roomIds ? inArray(appointments.roomId, filter.roomIds) : undefined,
        filter.includeCancelled ? undefined : ne(appointments.status, 'cancelled'),
      ),
    )
    .orderBy(asc(appointments.startsAt), asc(therapist.displayName));
}

/** A patient's appointments, newest first within past, soonest first within upcoming. */
export async function listForPatient(db: Db, serviceId: string, patientId: string) {
  return detailQuery(db)
    .where(and(eq(appointments.serviceId, serviceId), eq(appointments.patientId, patientId)))
    .orderBy(asc(appointments.startsAt));
}

export async function listForCourse(db: Db, serviceId: string, courseId: string) {
  return detailQuery(db)
    .where(and(eq(appointments.serviceId, serviceId), eq(appointments.courseId, courseId)))
    .orderBy(asc(appointments.startsAt));
}

/**
 * What is already in the diary (not cancelled) for this therapist, room and patient between
 * `from` and `to`, leaving out the appointment being moved.
 */
export async function busyIntervals(
  db: Db,
  serviceId: string,
  who: { therapistId: string; roomId: string | null; patientId: string },
  range: { from: Date; to: Date },
  excludeId: string | null,
): Promise<{ therapist: Interval[]; room: Interval[]; patient: Interval[] }> {
  const rows = await db
    .select({
      therapistId: appointments.therapistId,
      roomId: appointments.roomId,
      patientId: appointments.patientId,
      startsAt: appointments.startsAt,
      endsAt: appointments.endsAt,
    })
    .from(appointments)
    .where(
      and(
        eq(appointments.serviceId, serviceId),
        ne(appointments.status, 'cancelled'),
        lt(appointments.startsAt, range.to),
        gt(appointments.endsAt, range.from),
        or(
          eq(appointments.therapistId, who.therapistId),
          eq(appointments.patientId, who.patientId),
          who.roomId ? eq(appointments.roomId, who.roomId) : undefined,
        ),
        excludeId ? ne(appointments.id, excludeId) : undefined,
      ),
    );
  return {
    therapist: rows.filter((r) => r.therapistId === who.therapistId),
    room: who.roomId ? rows.filter((r) => r.roomId === who.roomId) : [],
    patient: rows.filter((r) => r.patientId === who.patientId),
  };
}

export async function insertAppointments(db: Db, rows: NewAppointment[]) {
  return db.insert(appointments).values(rows).returning();
}

export async function updateAppointment(
  db: Db,
  serviceId: string,
  appointmentId: string,
  patch: Partial<NewAppointment>,
) {
  await db
    .update(appointments)
    .set(patch)
    .where(and(eq(appointments.serviceId, serviceId), eq(appointments.id, appointmentId)));
}

/**
 * Changes appointments only while they are still booked (one already cancelled, or whose
 * attendance is recorded, is left alone). Returns the ids changed.
 */
export async function updateBookedAppointments(
  db: Db,
  serviceId: string,
  appointmentIds: readonly string[],
  patch: Partial<NewAppointment>,
): Promise<string[]> {
  if (appointmentIds.length === 0) return [];
  const rows = await db
    .update(appointments)
    .set(patch)
    .where(
      and(
        eq(appointments.serviceId, serviceId),
        inArray(appointments.id, [...appointmentIds]),
        eq(appointments.status, 'booked'),
      ),
    )
    .returning({ id: appointments.id });
  return rows.map((r) => r.id);
}

/** IPT sessions on a course: attended (or arrived late) and still booked. */
export async function courseSessionCounts(db: Db, serviceId: string, courseId: string) {
  const rows = await db
    .select({
      attended: sql<number>`count(*) filter (where ${appointments.status} in ('attended', 'arrived_late'))::int`,
      booked: sql<number>`count(*) filter (where ${appointments.status} = 'booked')::int`,
    })
    .from(appointments)
    .where(
      and(
        eq(appointments.serviceId, serviceId),
        eq(appointments.courseId, courseId),
        eq(appointments.type, 'ipt_session'),
      ),
    );
  return { attended: rows[0]?.attended ?? 0, booked: rows[0]?.booked ?? 0 };
}

/** Attended IPT sessions of a course in time order, and the rest: to number sessions 1, 2, 3… */
export async function courseSessionsInOrder(db: Db, serviceId: string, courseId: string) {
  return db
    .select({
      id: appointments.id,
      status: appointments.status,
      sessionNumber: appointments.sessionNumber,
    })
    .from(appointments)
    .where(
      and(
        eq(appointments.serviceId, serviceId),
        eq(appointments.courseId, courseId),
        eq(appointments.type, 'ipt_session'),
      ),
    )
    .orderBy(asc(appointments.startsAt));
}

export async function futureBookedForCourse(
  db: Db,
  serviceId: string,
  courseId: string,
  now: Date,
) {
  return db
    .select()
    .from(appointments)
    .where(
      and(
        eq(appointments.serviceId, serviceId),
        eq(appointments.courseId, courseId),
        eq(appointments.status, 'booked'),
        gt(appointments.startsAt, now),
      ),
    )
    .orderBy(asc(appointments.startsAt));
}

/** A patient's appointments still booked to start after `now`, in time order, with the place. */
export async function futureBookedForPatient(
  db: Db,
  serviceId: string,
  patientId: string,
  now: Date,
) {
  return detailQuery(db)
    .where(
      and(
        eq(appointments.serviceId, serviceId),
        eq(appointments.patientId, patientId),
        eq(appointments.status, 'booked'),
        gt(appointments.startsAt, now),
      ),
    )
    .orderBy(asc(appointments.startsAt));
}

/** How many booked appointments in a room have not ended yet, and when the first starts. */
export function bookedInRoomFrom(db: Db, serviceId: string, roomId: string, now: Date) {
  return bookedWhere(db, serviceId, eq(appointments.roomId, roomId), now);
}

/** The same for a whole location, before it is taken out of use. */
export function bookedAtLocationFrom(db: Db, serviceId: string, locationId: string, now: Date) {
  return bookedWhere(db, serviceId, eq(appointments.locationId, locationId), now);
}

/**
 * The sessions still booked at a location to start after `now`, in time order, with the patient's
 * name: what a change to its opening hours must not strand (H10).
 */
export async function futureBookedAtLocationFrom(
  db: Db,
  serviceId: string,
  locationId: string,
  now: Date,
) {
  const rows = await detailQuery(db)
    .where(
      and(
        eq(appointments.serviceId, serviceId),
        eq(appointments.locationId, locationId),
        eq(appointments.status, 'booked'),
        gt(appointments.startsAt, now),
      ),
    )
    .orderBy(asc(appointments.startsAt));
  return rows.map((r) => ({
    id: r.appointment.id,
    startsAt: r.appointment.startsAt,
    endsAt: r.appointment.endsAt,
    outsideHoursReason: r.appointment.outsideHoursReason,
    patientName: `${r.patient.givenName} ${r.patient.familyName}`,
  }));
}

/**
 * A therapist's appointments still booked to start after `now`, in time order, with the patient's
 * name and the place: what a change to their working pattern or locations must not strand (H10).
 */
export async function futureBookedForTherapist(
  db: Db,
  serviceId: string,
  therapistId: string,
  now: Date,
) {
  const rows = await detailQuery(db)
    .where(
      and(
        eq(appointments.serviceId, serviceId),
        eq(appointments.therapistId, therapistId),
        eq(appointments.status, 'booked'),
        gt(appointments.startsAt, now),
      ),
    )
    .orderBy(asc(appointments.startsAt));
  return rows.map((r) => ({
    id: r.appointment.id,
    startsAt: r.appointment.startsAt,
    endsAt: r.appointment.endsAt,
    mode: r.appointment.mode,
    locationId: r.appointment.locationId,
    locationName: r.location?.name ?? null,
    outsideHoursReason: r.appointment.outsideHoursReason,
    patientName: `${r.patient.givenName} ${r.patient.familyName}`,
  }));
}

/**
 * Appointments still booked to start after `now` on any of these London days (yyyy-mm-dd), in
 * time order, with the patient's name: what a new extra closure must not strand (H10).
 */
export async function futureBookedOnLondonDays(
  db: Db,
  serviceId: string,
  days: readonly string[],
  now: Date,
) {
  if (days.length === 0) return [];
  const rows = await detailQuery(db)
    .where(
      and(
        eq(appointments.serviceId, serviceId),
        eq(appointments.status, 'booked'),
        gt(appointments.startsAt, now),
        inArray(sql`((${appointments.startsAt} at time zone 'Europe/London')::date)::text`, [
          ...days,
        ]),
      ),
    )
    .orderBy(asc(appointments.startsAt));
  return rows.map((r) => ({
    id: r.appointment.id,
    startsAt: r.appointment.startsAt,
    patientName: `${r.patient.givenName} ${r.patient.familyName}`,
  }));
}

async function bookedWhere(db: Db, serviceId: string, place: SQL, now: Date) {
  const [row] = await db
    .select({
      count: sql<number>`count(*)::int`,
      first: sql<Date | null>`min(${appointments.startsAt})`.mapWith(appointments.startsAt),
    })
    .from(appointments)
    .where(
      and(
        eq(appointments.serviceId, serviceId),
        place,
        eq(appointments.status, 'booked'),
        gt(appointments.endsAt, now),
      ),
    );
  return { count: row?.count ?? 0, first: row?.first ?? null };
}

/** Whether the patient came to any appointment that started after this time (attended or late). */
export async function seenSince(db: Db, serviceId: string, patientId: string, after: Date) {
  const rows = await db
    .select({ id: appointments.id })
    .from(appointments)
    .where(
      and(
        eq(appointments.serviceId, serviceId),
        eq(appointments.patientId, patientId),
        inArray(appointments.status, ['attended', 'arrived_late']),
        gt(appointments.startsAt, after),
      ),
    )
    .limit(1);
  return rows.length > 0;
}

/** Moves appointments to another therapist (a course handed over), at the same times. */
export async function setTherapistOf(
  db: Db,
  serviceId: string,
  ids: readonly string[],
  therapistId: string,
  at: Date,
) {
  if (ids.length === 0) return;
  await db
    .update(appointments)
    .set({ therapistId, updatedAt: at })
    .where(and(eq(appointments.serviceId, serviceId), inArray(appointments.id, [...ids])));
}

/** Appointments a patient has asked to rearrange, still booked and still in the future. */
export async function listRearrangeRequests(
  db: Db,
  serviceId: string,
  therapistIds: string[] | undefined,
  now: Date,
) {
  if (therapistIds?.length === 0) return [];
  return detailQuery(db)
    .where(
      and(
        eq(appointments.serviceId, serviceId),
        isNotNull(appointments.rearrangeRequestedAt),
        eq(appointments.status, 'booked'),
        gt(appointments.startsAt, now),
        therapistIds ? inArray(appointments.therapistId, therapistIds) : undefined,
      ),
    )
    .orderBy(desc(appointments.rearrangeRequestedAt));
}

/**
 * IPT sessions the patients of a therapist's active courses cancelled themselves, newest
 * cancellation first, each with the patient's name, their reason, when the latest session of
 * the course still booked or attended was booked, and when a clinician recorded that no other
 * session is needed: for `awaitsAnotherOffer` to decide which still need another session offered
 * (H29). Courses are the therapist's now (a course handed over brings its cancellations with it).
 * One bounded query.
 */
export async function patientCancelledSessions(
  db: Db,
  serviceId: string,
  therapistId: string,
  limit = 200,
) {
  return cancelledSessionsQuery(db, serviceId, [
    eq(treatmentCourses.therapistId, therapistId),
    eq(treatmentCourses.status, 'active'),
    eq(appointments.type, 'ipt_session'),
    eq(appointments.status, 'cancelled'),
    eq(appointments.cancelledBy, 'patient'),
  ])
    .orderBy(desc(appointments.cancelledAt))
    .limit(limit);
}

export type CancelledSessionRow = Awaited<ReturnType<typeof patientCancelledSessions>>[number];

/**
 * One appointment of a course, with the same facts as `patientCancelledSessions` and the course's
 * therapist (whose diary lists it): whatever its state, for the rule to say whether it is still
 * listed. Null when it is not an appointment of a course.
 */
export async function cancelledSession(db: Db, serviceId: string, appointmentId: string) {
  const rows = await cancelledSessionsQuery(db, serviceId, [
    eq(appointments.id, appointmentId),
  ]).limit(1);
  return rows[0] ?? null;
}

function cancelledSessionsQuery(db: Db, serviceId: string, where: SQL[]) {
  // The course's sessions still booked or attended: when the latest of them was booked.
  const latestLiveBookingMadeAt = sql<Date | null>`(
    select max(live.created_at) from appointments live
    where live.service_id = ${serviceId}
      and live.course_id = ${appointments.courseId}
      and live.type = 'ipt_session'
      and live.status in ('booked', 'attended', 'arrived_late')
  )`.mapWith(appointments.createdAt);
  // A clinician's word that no other session is needed (one per appointment at most).
  const noOtherSessionNeededAt = sql<Date | null>`(
    select decided.decided_at from no_other_session_decisions decided
    where decided.service_id = ${serviceId}
      and decided.appointment_id = ${appointments.id}
  )`.mapWith(noOtherSessionDecisions.decidedAt);
  return db
    .select({
      appointmentId: appointments.id,
      patientId: appointments.patientId,
      courseId: treatmentCourses.id,
      courseStatus: treatmentCourses.status,
      courseTherapistId: treatmentCourses.therapistId,
      type: appointments.type,
      status: appointments.status,
      cancelledBy: appointments.cancelledBy,
      cancelledAt: appointments.cancelledAt,
      cancellationReason: appointments.cancellationReason,
      startsAt: appointments.startsAt,
      givenName: patients.givenName,
      familyName: patients.familyName,
      latestLiveBookingMadeAt,
      noOtherSessionNeededAt,
    })
    .from(appointments)
    .innerJoin(
      treatmentCourses,
      and(
        eq(treatmentCourses.serviceId, appointments.serviceId),
        eq(treatmentCourses.id, appointments.courseId),
      ),
    )
    .innerJoin(
      patients,
      and(eq(patients.serviceId, appointments.serviceId), eq(patients.id, appointments.patientId)),
    )
    .where(
      and(
        eq(appointments.serviceId, serviceId),
        eq(treatmentCourses.serviceId, serviceId),
        ...where,
      ),
    )
    .$dynamic();
}

/**
 * Records that no other session is needed for a cancelled one. Answers false, changing nothing,
 * when one is already recorded (a second tab, or two clinicians at once).
 */
export async function insertNoOtherSession(
  db: Db,
  row: typeof noOtherSessionDecisions.$inferInsert,
): Promise<boolean> {
  const inserted = await db
    .insert(noOtherSessionDecisions)
    .values(row)
    .onConflictDoNothing()
    .returning({ appointmentId: noOtherSessionDecisions.appointmentId });
  return inserted.length > 0;
}

/** Who recorded that no other session is needed for this appointment, why and when; or null. */
export async function findNoOtherSession(db: Db, serviceId: string, appointmentId: string) {
  const rows = await db
    .select({
      reason: noOtherSessionDecisions.reason,
      detail: noOtherSessionDecisions.detail,
      decidedAt: noOtherSessionDecisions.decidedAt,
      decidedByName: users.displayName,
    })
    .from(noOtherSessionDecisions)
    .innerJoin(
      users,
      and(
        eq(users.serviceId, noOtherSessionDecisions.serviceId),
        eq(users.id, noOtherSessionDecisions.decidedBy),
      ),
    )
    .where(
      and(
        eq(noOtherSessionDecisions.serviceId, serviceId),
        eq(noOtherSessionDecisions.appointmentId, appointmentId),
      ),
    )
    .limit(1);
  return rows[0] ?? null;
}

export async function serviceSettings(db: Db, serviceId: string) {
  const rows = await db
    .select({ settings: services.settings, officeHours: services.officeHours })
    .from(services)
    .where(eq(services.id, serviceId))
    .limit(1);
  const row = rows[0];
  if (!row) throw new Error('service not found');
  return row;
}

export async function saveServiceSettings(
  db: Db,
  serviceId: string,
  settings: ServiceSettings,
  officeHours: OfficeHours,
) {
  await db.update(services).set({ settings, officeHours }).where(eq(services.id, serviceId));
}

export async function listPatientsForBooking(
  db: Db,
  serviceId: string,
  responsibleClinicianIds: string[] | undefined,
) {
  if (responsibleClinicianIds?.length === 0) return [];
  return db
    .select({
      id: patients.id,
      givenName: patients.givenName,
      familyName: patients.familyName,
      dateOfBirth: patients.dateOfBirth,
    })
    .from(patients)
    .where(
      and(
        eq(patients.serviceId, serviceId),
        responsibleClinicianIds
          ? inArray(patients.responsibleClinicianId, responsibleClinicianIds)
          : undefined,
      ),
    )
    .orderBy(asc(patients.familyName), asc(patients.givenName))
    .limit(500);
}

/**
 * The course facts the diary checks a booking or attendance against (owner, status, planned
 * sessions). Read here rather than asked of the courses feature, because courses depend on the
 * diary and not the other way round; the diary never writes a course.
 */
export async function findCourse(db: Db, serviceId: string, courseId: string, lock = false) {
  const q = db
    .select({
      id: treatmentCourses.id,
      patientId: treatmentCourses.patientId,
      therapistId: treatmentCourses.therapistId,
      status: treatmentCourses.status,
      plannedSessions: treatmentCourses.plannedSessions,
      sessionMinutes: treatmentCourses.sessionMinutes,
      modePreference: treatmentCourses.modePreference,
      attendedSessions: treatmentCourses.attendedSessions,
    })
    .from(treatmentCourses)
    .where(and(eq(treatmentCourses.serviceId, serviceId), eq(treatmentCourses.id, courseId)))
    .limit(1);
  const rows = lock ? await q.for('update') : await q;
  return rows[0] ?? null;
}

/**
 * The patient's active IPT course, if any: a booking made from the patient (not the course)
 * still belongs to it, so a review or session shows on the course and counts against it.
 */
export async function activeIptCourseId(db: Db, serviceId: string, patientId: string) {
  const rows = await db
    .select({ id: treatmentCourses.id })
    .from(treatmentCourses)
    .where(
      and(
        eq(treatmentCourses.serviceId, serviceId),
        eq(treatmentCourses.patientId, patientId),
        eq(treatmentCourses.therapy, 'ipt'),
        eq(treatmentCourses.status, 'active'),
      ),
    )
    .limit(1);
  return rows[0]?.id ?? null;
}

/** Which appointments a notice naming several describes (its key without the channel). */
export async function recordNoticeAppointments(
  db: Db,
  serviceId: string,
  noticeKey: string,
  appointmentIds: readonly string[],
) {
  if (appointmentIds.length === 0) return;
  await db
    .insert(noticeAppointments)
    .values(appointmentIds.map((appointmentId) => ({ serviceId, noticeKey, appointmentId })))
    .onConflictDoNothing();
}

/**
 * The keys of the notices naming several appointments that name any of these, for renewing them.
 * When there are some, it first waits for any other change renewing the same patient's notices:
 * two appointments of one waiting notice changed at once would otherwise each renew the notice
 * they read, and the first's renewal would go naming the second's cancelled date (H10).
 */
export async function noticesNaming(
  db: Db,
  serviceId: string,
  appointmentIds: readonly string[],
): Promise<string[]> {
  if (appointmentIds.length === 0) return [];
  if ((await keysNaming(db, serviceId, appointmentIds)).length === 0) return [];
  const patients = await db
    .selectDistinct({ id: appointments.patientId })
    .from(appointments)
    .where(
      and(eq(appointments.serviceId, serviceId), inArray(appointments.id, [...appointmentIds])),
    )
    .orderBy(asc(appointments.patientId));
  for (const patient of patients)
    await db.execute(
      sql`select pg_advisory_xact_lock(hashtextextended(${`notices:${serviceId}:${patient.id}`}, 0))`,
    );
  // Read again once the lock is held: a renewal committed meanwhile is seen.
  return keysNaming(db, serviceId, appointmentIds);
}

async function keysNaming(
  db: Db,
  serviceId: string,
  appointmentIds: readonly string[],
): Promise<string[]> {
  const rows = await db
    .selectDistinct({ key: noticeAppointments.noticeKey })
    .from(noticeAppointments)
    .where(
      and(
        eq(noticeAppointments.serviceId, serviceId),
        inArray(noticeAppointments.appointmentId, [...appointmentIds]),
      ),
    )
    .orderBy(asc(noticeAppointments.noticeKey));
  return rows.map((r) => r.key);
}

/** The appointments one such notice names, as they are now, with the place. */
export async function appointmentsNamedBy(db: Db, serviceId: string, noticeKey: string) {
  return detailQuery(db)
    .where(
      and(
        eq(appointments.serviceId, serviceId),
        inArray(
          appointments.id,
          db
            .select({ id: noticeAppointments.appointmentId })
            .from(noticeAppointments)
            .where(
              and(
                eq(noticeAppointments.serviceId, serviceId),
                eq(noticeAppointments.noticeKey, noticeKey),
              ),
            ),
        ),
      ),
    )
    .orderBy(asc(appointments.startsAt));
}

/** Appointments by id, for a change made on another feature's behalf. */
export async function findAppointmentRows(db: Db, serviceId: string, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return db
    .select()
    .from(appointments)
    .where(and(eq(appointments.serviceId, serviceId), inArray(appointments.id, [...ids])));
}

/**
 * Therapy sessions and reviews of these therapists that have ended with attendance still not
 * recorded (status booked), oldest first, with the patient's name. They carry no session number:
 * only attended sessions are numbered.
 */
export async function endedWithoutAttendance(
  db: Db,
  serviceId: string,
  therapistIds: readonly string[],
  endedBefore: Date,
) {
  if (therapistIds.length === 0) return [];
  return db
    .select({
      appointmentId: appointments.id,
      patientId: appointments.patientId,
      therapistId: appointments.therapistId,
      type: appointments.type,
      startsAt: appointments.startsAt,
      givenName: patients.givenName,
      familyName: patients.familyName,
    })
    .from(appointments)
    .innerJoin(
      patients,
      and(eq(patients.serviceId, appointments.serviceId), eq(patients.id, appointments.patientId)),
    )
    .where(
      and(
        eq(appointments.serviceId, serviceId),
        inArray(appointments.therapistId, [...therapistIds]),
        inArray(appointments.type, ['ipt_session', 'review']),
        eq(appointments.status, 'booked'),
        lt(appointments.endsAt, endedBefore),
      ),
    )
    .orderBy(asc(appointments.startsAt));
}
