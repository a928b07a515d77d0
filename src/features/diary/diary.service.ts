import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/client';
import type { AppointmentStatus, CancelledBy, ServiceSettings } from '../../db/schema';
import type { IsoDate, LocalTime } from '../../domain/calendar';
import {
  checkBooking,
  planSingleSlot,
  planWeeklySlots,
  sessionsLeftToBook,
  type AppointmentKind,
  type BookingFacts,
  type BookingIssue,
  type MeetingMode,
} from '../../domain/diary';
import { audit, type Actor } from '../../platform/audit';
import type { Clock } from '../../platform/clock';
import type { AuthUser } from '../../platform/types';
import type { FieldError } from '../../ui/forms';
import * as locationsRepo from '../locations';
import { diaryEvents, type ChangedAppointment } from './diary.events';
import { findPatient } from '../patients';
import * as therapists from '../therapists';
import { canBookFor, canManage } from './diary-access';
import * as notify from './diary.notifications';
import * as repo from './diary.repository';
import { overlapMessage, overlapViolation, type OverlapNames } from '../../platform/db-errors';
import type { Links } from '../../platform/pages';

export type Outcome<T = undefined> =
  | ({ ok: true } & (T extends undefined ? unknown : { value: T }))
  | { ok: false; errors: FieldError[] }
  | { ok: false; notFound: true };

const NOT_FOUND = { ok: false as const, notFound: true as const };
const fail = (errors: FieldError[]) => ({ ok: false as const, errors });

/** Error summary links: radios and date inputs link to their first box. */
const HREFS: Record<string, string> = {
  date: 'date-day',
  mode: 'mode-1',
  type: 'type-1',
  repeat: 'repeat-1',
  status: 'status-1',
  cancelledBy: 'cancelledBy-1',
};

export function toFieldErrors(issues: readonly BookingIssue[]): FieldError[] {
  return issues.map((i) => ({ field: i.field, message: i.message, href: HREFS[i.field] }));
}

export function fieldError(field: string, message: string): FieldError {
  return { field, message, href: HREFS[field] };
}

/** The ids of the therapists a supervisor supervises (empty for everyone else). */
export async function superviseesFor(db: Db, user: AuthUser): Promise<string[]> {
  return user.roles.includes('supervisor')
    ? therapists.superviseesOf(db, user.serviceId, user.userId)
    : [];
}

function placeOf(detail: {
  location: { name: string; address: string; postcode: string } | null;
  room: { name: string } | null;
}) {
  return detail.location && detail.room
    ? {
        locationName: detail.location.name,
        address: detail.location.address,
        postcode: detail.location.postcode,
        roomName: detail.room.name,
      }
    : null;
}

function personName(p: { givenName: string; familyName: string }) {
  return `${p.givenName} ${p.familyName}`;
}

// ---- Booking ----------------------------------------------------------------------------------

export interface BookingInput {
  patientId: string;
  courseId: string | null;
  kind: AppointmentKind;
  therapistId: string;
  date: IsoDate;
  time: LocalTime;
  durationMinutes: number;
  mode: MeetingMode;
  locationId: string | null;
  roomId: string | null;
  repeat: 'once' | 'weekly';
}

/**
 * Books one appointment, or the rest of an IPT course weekly (skipping bank holidays and the
 * service's closures). All or nothing: one transaction; if anything clashes, nothing is saved.
 * Two people booking the same slot at once: the database's exclusion constraints let one in
 * and refuse the other, which is shown as the same friendly message as any clash.
 */
export async function bookAppointments(
  db: Db,
  clock: Clock,
  actor: Actor,
  user: AuthUser,
  input: BookingInput,
  links: Links,
): Promise<Outcome<string[]>> {
  const names = {
    therapist: 'The therapist',
    patient: 'The patient',
    room: 'The room',
    location: '',
  };
  try {
    return await db.transaction(async (tx) => {
      const serviceId = actor.serviceId;
      const { settings, officeHours } = await repo.serviceSettings(tx, serviceId);
      const patient = await findPatient(tx, serviceId, input.patientId);
      if (!patient) return NOT_FOUND;
      names.patient = personName(patient);
      const course = input.courseId
        ? await repo.findCourse(tx, serviceId, input.courseId, true)
        : null;
      if (input.courseId && (!course || course.patientId !== patient.id)) return NOT_FOUND;
      const supervisees = await superviseesFor(tx, user);
      // The patient must be the user's to manage: through the course, or as the patient's
      // responsible clinician (or their supervisor, or a manager). Naming yourself as the
      // therapist does not open someone else's patient.
      const allowed = canManage(
        user,
        {
          therapistId: course?.therapistId ?? '',
          responsibleClinicianId: patient.responsibleClinicianId,
        },
        supervisees,
      );
      if (!allowed) return NOT_FOUND;

      const errors: FieldError[] = [];
      const therapistUser = await therapists.findUser(tx, serviceId, input.therapistId);
      if (!therapistUser || !therapistUser.active || !therapistUser.roles.includes('therapist'))
        return fail([fieldError('therapistId', 'Select a therapist')]);
      names.therapist = therapistUser.displayName;
      if (!canBookFor(user, therapistUser.id))
        errors.push(fieldError('therapistId', 'You can only book appointments in your own diary'));
      const profile = await therapists.findProfile(tx, serviceId, therapistUser.id);

      const faceToFace = input.mode === 'face_to_face';
      const location =
        faceToFace && input.locationId
          ? await locationsRepo.findLocation(tx, serviceId, input.locationId)
          : null;
      const room =
        faceToFace && input.roomId
          ? await locationsRepo.findRoom(tx, serviceId, input.roomId)
          : null;
      if (room) names.room = room.name;
      if (location) names.location = location.name;

      const counts = course ? await repo.courseSessionCounts(tx, serviceId, course.id) : null;
      const courseFacts = course
        ? {
            status: course.status,
            plannedSessions: course.plannedSessions,
            attendedSessions: counts!.attended,
            bookedSessions: counts!.booked,
          }
        : null;

      if (input.repeat === 'weekly' && (input.kind !== 'ipt_session' || !course))
        errors.push(
          fieldError(
            'repeat',
            'Only IPT sessions on a course can be booked weekly for the rest of the course',
          ),
        );
      const extraClosures = officeHours.extraClosures ?? [];
      const plan =
        input.repeat === 'weekly' && courseFacts
          ? planWeeklySlots(
              input.date,
              input.time,
              Math.max(1, sessionsLeftToBook(courseFacts)),
              input.durationMinutes,
              extraClosures,
            )
          : planSingleSlot(input.date, input.time, input.durationMinutes);
      if (!plan.ok) return fail([...errors, fieldError(plan.field, plan.message)]);
      const slots = plan.slots;

      const busy = await repo.busyIntervals(
        tx,
        serviceId,
        { therapistId: therapistUser.id, roomId: room?.id ?? null, patientId: patient.id },
        { from: slots[0]!.startsAt, to: slots.at(-1)!.endsAt },
        null,
      );
      const facts: BookingFacts = {
        now: clock.now(),
        therapist: {
          name: therapistUser.displayName,
          practitioner: therapists.practitionerFrom(profile),
        },
        patient: { name: names.patient },
        location: location
          ? { id: location.id, name: location.name, active: location.active }
          : null,
        room: room
          ? { id: room.id, name: room.name, locationId: room.locationId, active: room.active }
          : null,
        course: courseFacts,
        extraClosures,
        busy,
      };
      const issues = checkBooking(
        { kind: input.kind, mode: input.mode, durationMinutes: input.durationMinutes, slots },
        facts,
      );
      errors.push(...toFieldErrors(issues));
      if (errors.length > 0) return fail(errors);

      const now = clock.now();
      const seriesId = slots.length > 1 ? randomUUID() : null;
      const rows = await repo.insertAppointments(
        tx,
        slots.map((slot) => ({
          serviceId,
          patientId: patient.id,
          therapistId: therapistUser.id,
          courseId: course?.id ?? null,
          type: input.kind,
          startsAt: slot.startsAt,
          endsAt: slot.endsAt,
          mode: input.mode,
          locationId: faceToFace ? (location?.id ?? null) : null,
          roomId: faceToFace ? (room?.id ?? null) : null,
          seriesId,
          bookedBy: user.userId,
          createdAt: now,
          updatedAt: now,
        })),
      );
      const place = faceToFace && location && room ? placeOf({ location, room }) : null;
      await notify.queueBooked(
        tx,
        clock,
        serviceId,
        patient,
        rows.map((r) => ({
          id: r.id,
          type: r.type,
          startsAt: r.startsAt,
          endsAt: r.endsAt,
          mode: r.mode,
          place,
        })),
        seriesId,
        settings,
        links,
      );
      await audit(tx, clock, actor, {
        action: 'appointment.book',
        patientId: patient.id,
        recordType: 'appointment',
        recordId: rows[0]!.id,
        details: {
          count: rows.length,
          type: input.kind,
          mode: input.mode,
          therapistId: therapistUser.id,
          courseId: course?.id ?? null,
          seriesId,
          startsAt: rows.map((r) => r.startsAt.toISOString()),
        },
      });
      return { ok: true as const, value: rows.map((r) => r.id) };
    });
  } catch (err) {
    const who = overlapViolation(err);
    if (!who) throw err;
    return fail([overlapError(who, names)]);
  }
}

function overlapError(who: 'therapist' | 'room' | 'patient', names: OverlapNames): FieldError {
  const { field, message } = overlapMessage(who, names);
  return fieldError(field, message);
}

// ---- Reading ----------------------------------------------------------------------------------

/** Opens an appointment for staff; null (shown as 404) when missing or not theirs. Audited. */
export async function openAppointmentForStaff(
  db: Db,
  clock: Clock,
  actor: Actor,
  user: AuthUser,
  appointmentId: string,
): Promise<repo.AppointmentDetail | null> {
  const detail = await repo.findAppointment(db, actor.serviceId, appointmentId);
  const supervisees = await superviseesFor(db, user);
  const allowed =
    detail !== null &&
    canManage(
      user,
      {
        therapistId: detail.appointment.therapistId,
        responsibleClinicianId: detail.patient.responsibleClinicianId,
      },
      supervisees,
    );
  await audit(db, clock, actor, {
    action: 'appointment.read',
    patientId: detail?.patient.id ?? null,
    recordType: 'appointment',
    recordId: appointmentId,
    outcome: allowed ? 'success' : 'denied',
  });
  return allowed ? detail : null;
}

// ---- Changing ---------------------------------------------------------------------------------

async function staffCanChange(tx: Db, user: AuthUser, detail: repo.AppointmentDetail) {
  return canManage(
    user,
    {
      therapistId: detail.appointment.therapistId,
      responsibleClinicianId: detail.patient.responsibleClinicianId,
    },
    await superviseesFor(tx, user),
  );
}

export interface RearrangeInput {
  date: IsoDate;
  time: LocalTime;
  durationMinutes: number;
  mode: MeetingMode;
  locationId: string | null;
  roomId: string | null;
}

/** Moves a booked appointment (same therapist and patient); sends a change notice. */
export async function rearrangeAppointment(
  db: Db,
  clock: Clock,
  actor: Actor,
  user: AuthUser,
  appointmentId: string,
  input: RearrangeInput,
  links: Links,
): Promise<Outcome> {
  const names = {
    therapist: 'The therapist',
    patient: 'The patient',
    room: 'The room',
    location: '',
  };
  try {
    return await db.transaction(async (tx) => {
      const serviceId = actor.serviceId;
      if (!(await repo.lockAppointment(tx, serviceId, appointmentId))) return NOT_FOUND;
      const detail = await repo.findAppointment(tx, serviceId, appointmentId);
      if (!detail || !(await staffCanChange(tx, user, detail))) return NOT_FOUND;
      const appt = detail.appointment;
      names.therapist = detail.therapistName;
      names.patient = personName(detail.patient);
      if (appt.status !== 'booked')
        return fail([fieldError('date', 'Only a booked appointment can be rearranged')]);
      const { settings, officeHours } = await repo.serviceSettings(tx, serviceId);
      const plan = planSingleSlot(input.date, input.time, input.durationMinutes);
      if (!plan.ok) return fail([fieldError(plan.field, plan.message)]);
      const faceToFace = input.mode === 'face_to_face';
      const location =
        faceToFace && input.locationId
          ? await locationsRepo.findLocation(tx, serviceId, input.locationId)
          : null;
      const room =
        faceToFace && input.roomId
          ? await locationsRepo.findRoom(tx, serviceId, input.roomId)
          : null;
      if (room) names.room = room.name;
      if (location) names.location = location.name;
      const course = appt.courseId ? await repo.findCourse(tx, serviceId, appt.courseId) : null;
      const counts = course ? await repo.courseSessionCounts(tx, serviceId, course.id) : null;
      const profile = await therapists.findProfile(tx, serviceId, appt.therapistId);
      const slot = plan.slots[0]!;
      const busy = await repo.busyIntervals(
        tx,
        serviceId,
        { therapistId: appt.therapistId, roomId: room?.id ?? null, patientId: appt.patientId },
        { from: slot.startsAt, to: slot.endsAt },
        appt.id,
      );
      const issues = checkBooking(
        {
          kind: appt.type,
          mode: input.mode,
          durationMinutes: input.durationMinutes,
          slots: plan.slots,
          rearranging: true,
        },
        {
          now: clock.now(),
          therapist: {
            name: detail.therapistName,
            practitioner: therapists.practitionerFrom(profile),
          },
          patient: { name: names.patient },
          location: location
            ? { id: location.id, name: location.name, active: location.active }
            : null,
          room: room
            ? { id: room.id, name: room.name, locationId: room.locationId, active: room.active }
            : null,
          course: course
            ? {
                status: course.status,
                plannedSessions: course.plannedSessions,
                attendedSessions: counts!.attended,
                bookedSessions: counts!.booked,
              }
            : null,
          extraClosures: officeHours.extraClosures ?? [],
          busy,
        },
      );
      if (issues.length > 0) return fail(toFieldErrors(issues));
      const now = clock.now();
      await repo.updateAppointment(tx, serviceId, appt.id, {
        startsAt: slot.startsAt,
        endsAt: slot.endsAt,
        mode: input.mode,
        locationId: faceToFace ? (location?.id ?? null) : null,
        roomId: faceToFace ? (room?.id ?? null) : null,
        rearrangedAt: now,
        rearrangeRequestedAt: null,
        rearrangeRequestReason: null,
        updatedAt: now,
      });
      await diaryEvents.raise({ tx, clock, serviceId }, 'appointment.moved', {
        appointment: {
          ...changed(appt),
          startsAt: slot.startsAt,
          endsAt: slot.endsAt,
          mode: input.mode,
        },
        previousStartsAt: appt.startsAt,
      });
      await notify.queueChanged(
        tx,
        clock,
        serviceId,
        detail.patient,
        {
          id: appt.id,
          type: appt.type,
          startsAt: slot.startsAt,
          endsAt: slot.endsAt,
          mode: input.mode,
          place: faceToFace && location && room ? placeOf({ location, room }) : null,
        },
        appt.startsAt,
        settings,
        links,
      );
      await audit(tx, clock, actor, {
        action: 'appointment.rearrange',
        patientId: appt.patientId,
        recordType: 'appointment',
        recordId: appt.id,
        details: {
          from: appt.startsAt.toISOString(),
          to: slot.startsAt.toISOString(),
          mode: input.mode,
          roomId: room?.id ?? null,
        },
      });
      return { ok: true as const };
    });
  } catch (err) {
    const who = overlapViolation(err);
    if (!who) throw err;
    return fail([overlapError(who, names)]);
  }
}

// ---- The one way an appointment is cancelled ----------------------------------------------------

function changed(appt: repo.AppointmentRow): ChangedAppointment {
  return {
    id: appt.id,
    patientId: appt.patientId,
    therapistId: appt.therapistId,
    courseId: appt.courseId,
    type: appt.type,
    startsAt: appt.startsAt,
    endsAt: appt.endsAt,
    mode: appt.mode,
  };
}

/**
 * Cancels those of the appointments still booked, stops their reminders and raises
 * `appointment.cancelled` for each in the same transaction. Any notice to the patient is the
 * caller's (one per appointment, one for a whole course, or a letter of the caller's own).
 * Returns the ids cancelled.
 */
async function cancelBooked(
  tx: Db,
  clock: Clock,
  serviceId: string,
  appts: readonly repo.AppointmentRow[],
  how: { cancelledBy: CancelledBy; reason: string },
): Promise<string[]> {
  const now = clock.now();
  const ids = await repo.updateBookedAppointments(
    tx,
    serviceId,
    appts.map((a) => a.id),
    {
      status: 'cancelled',
      cancelledBy: how.cancelledBy,
      cancellationReason: how.reason,
      cancelledAt: now,
      updatedAt: now,
    },
  );
  for (const appt of appts) {
    if (!ids.includes(appt.id)) continue;
    await notify.withdrawReminders(tx, serviceId, appt.id);
    await diaryEvents.raise({ tx, clock, serviceId }, 'appointment.cancelled', {
      appointment: changed(appt),
      cancelledBy: how.cancelledBy,
      reason: how.reason,
    });
  }
  return ids;
}

export type Canceller = { kind: 'staff'; user: AuthUser } | { kind: 'patient'; userId: string };

/** Cancels a booked appointment with a reason; reminders stop and a notice goes to the patient. */
export async function cancelAppointment(
  db: Db,
  clock: Clock,
  actor: Actor,
  by: Canceller,
  appointmentId: string,
  input: { cancelledBy: CancelledBy; reason: string },
  links: Links,
): Promise<Outcome> {
  return db.transaction(async (tx) => {
    const serviceId = actor.serviceId;
    if (!(await repo.lockAppointment(tx, serviceId, appointmentId))) return NOT_FOUND;
    const detail = await repo.findAppointment(tx, serviceId, appointmentId);
    if (!detail) return NOT_FOUND;
    const allowed =
      by.kind === 'patient'
        ? detail.patient.userId === by.userId
        : await staffCanChange(tx, by.user, detail);
    if (!allowed) return NOT_FOUND;
    const appt = detail.appointment;
    if (appt.status !== 'booked')
      return fail([
        fieldError('reason', 'This appointment is no longer booked, so it cannot be cancelled'),
      ]);
    if (by.kind === 'patient' && appt.startsAt.getTime() <= clock.now().getTime())
      return fail([
        fieldError('reason', 'This appointment has already started. Call the service instead'),
      ]);
    await cancelBooked(tx, clock, serviceId, [appt], {
      cancelledBy: by.kind === 'patient' ? 'patient' : input.cancelledBy,
      reason: input.reason,
    });
    await notify.queueCancelled(
      tx,
      clock,
      serviceId,
      detail.patient,
      {
        id: appt.id,
        type: appt.type,
        startsAt: appt.startsAt,
        endsAt: appt.endsAt,
        mode: appt.mode,
        place: placeOf(detail),
      },
      by.kind === 'patient' ? 'patient' : input.cancelledBy,
      links,
    );
    await audit(tx, clock, actor, {
      action: 'appointment.cancel',
      patientId: appt.patientId,
      recordType: 'appointment',
      recordId: appt.id,
      details: { cancelledBy: by.kind === 'patient' ? 'patient' : input.cancelledBy },
    });
    return { ok: true as const };
  });
}

export type AttendanceStatus = Extract<
  AppointmentStatus,
  'attended' | 'arrived_late' | 'did_not_attend'
>;

/**
 * Records whether the patient came. Attended and arrived-late IPT sessions count towards the
 * course: the course's attended count and each session's number are recomputed from the diary,
 * so correcting a mistake (did not attend → attended) keeps them right.
 */
export async function recordAttendance(
  db: Db,
  clock: Clock,
  actor: Actor,
  user: AuthUser,
  appointmentId: string,
  status: AttendanceStatus,
): Promise<Outcome<{ sessionNumber: number | null }>> {
  return db.transaction(async (tx) => {
    const serviceId = actor.serviceId;
    if (!(await repo.lockAppointment(tx, serviceId, appointmentId))) return NOT_FOUND;
    const detail = await repo.findAppointment(tx, serviceId, appointmentId);
    if (!detail || !(await staffCanChange(tx, user, detail))) return NOT_FOUND;
    const appt = detail.appointment;
    if (appt.status === 'cancelled')
      return fail([
        fieldError('status', 'This appointment was cancelled, so attendance cannot be recorded'),
      ]);
    if (appt.startsAt.getTime() > clock.now().getTime())
      return fail([
        fieldError('status', 'You can record attendance once the appointment has started'),
      ]);
    const counts = (s: AppointmentStatus) => s === 'attended' || s === 'arrived_late';
    const course =
      appt.courseId && appt.type === 'ipt_session'
        ? await repo.findCourse(tx, serviceId, appt.courseId, true)
        : null;
    const now = clock.now();
    let sessionNumber: number | null = null;
    let courseAttendedSessions: number | null = null;
    if (course) {
      const sessions = await repo.courseSessionsInOrder(tx, serviceId, course.id);
      const attended = sessions.filter((s) =>
        s.id === appt.id ? counts(status) : counts(s.status),
      );
      if (attended.length > course.plannedSessions)
        return fail([
          fieldError(
            'status',
            `This course already has ${course.plannedSessions} attended sessions, its planned number`,
          ),
        ]);
      await repo.updateAppointment(tx, serviceId, appt.id, {
        status,
        attendanceRecordedAt: now,
        attendanceRecordedBy: user.userId,
        updatedAt: now,
      });
      // Number attended sessions 1, 2, 3… in time order; others carry no number.
      const numbers = new Map(attended.map((s, i) => [s.id, i + 1]));
      for (const s of sessions) {
        const n = numbers.get(s.id) ?? null;
        if (s.sessionNumber !== n || s.id === appt.id)
          await repo.updateAppointment(tx, serviceId, s.id, { sessionNumber: n });
      }
      sessionNumber = numbers.get(appt.id) ?? null;
      courseAttendedSessions = attended.length;
    } else {
      await repo.updateAppointment(tx, serviceId, appt.id, {
        status,
        attendanceRecordedAt: now,
        attendanceRecordedBy: user.userId,
        updatedAt: now,
      });
    }
    await notify.withdrawReminders(tx, serviceId, appt.id);
    await diaryEvents.raise({ tx, clock, serviceId }, 'appointment.attendance_recorded', {
      appointment: changed(appt),
      status,
      courseAttendedSessions,
    });
    await audit(tx, clock, actor, {
      action: 'appointment.attendance',
      patientId: appt.patientId,
      recordType: 'appointment',
      recordId: appt.id,
      details: { status, previous: appt.status, sessionNumber },
    });
    return { ok: true as const, value: { sessionNumber } };
  });
}

/** The patient asks for another time; the therapist sees it in their diary and by email. */
export async function requestRearrange(
  db: Db,
  clock: Clock,
  actor: Actor,
  patientUserId: string,
  appointmentId: string,
  reason: string,
  links: Links,
): Promise<Outcome> {
  return db.transaction(async (tx) => {
    const serviceId = actor.serviceId;
    if (!(await repo.lockAppointment(tx, serviceId, appointmentId))) return NOT_FOUND;
    const detail = await repo.findAppointment(tx, serviceId, appointmentId);
    if (!detail || detail.patient.userId !== patientUserId) return NOT_FOUND;
    const appt = detail.appointment;
    if (appt.status !== 'booked' || appt.startsAt.getTime() <= clock.now().getTime())
      return fail([
        fieldError(
          'reason',
          'This appointment can no longer be rearranged online. Call the service',
        ),
      ]);
    const now = clock.now();
    await repo.updateAppointment(tx, serviceId, appt.id, {
      rearrangeRequestedAt: now,
      rearrangeRequestReason: reason,
      updatedAt: now,
    });
    await notify.queueRearrangeRequest(
      tx,
      clock,
      serviceId,
      appt.patientId,
      detail.therapistEmail,
      { id: appt.id, startsAt: appt.startsAt },
      links,
    );
    await audit(tx, clock, actor, {
      action: 'appointment.rearrange_request',
      patientId: appt.patientId,
      recordType: 'appointment',
      recordId: appt.id,
    });
    return { ok: true as const };
  });
}

// ---- Settings ---------------------------------------------------------------------------------

export interface DiarySettingsInput {
  extraClosures: string[];
  reminderOffsetsMinutes: number[];
  questionnaireOpensDaysBefore: number;
  plannedIptSessions: number;
}

export async function saveDiarySettings(
  db: Db,
  clock: Clock,
  actor: Actor,
  input: DiarySettingsInput,
): Promise<void> {
  await db.transaction(async (tx) => {
    const current = await repo.serviceSettings(tx, actor.serviceId);
    const settings: ServiceSettings = {
      ...current.settings,
      reminderOffsetsMinutes: input.reminderOffsetsMinutes,
      questionnaireOpensDaysBefore: input.questionnaireOpensDaysBefore,
      plannedIptSessions: input.plannedIptSessions,
    };
    await repo.saveServiceSettings(tx, actor.serviceId, settings, {
      ...current.officeHours,
      extraClosures: input.extraClosures,
    });
    await audit(tx, clock, actor, {
      action: 'service.settings_save',
      recordType: 'service',
      recordId: actor.serviceId,
      details: { ...input },
    });
  });
}

// ---- What other features ask of the diary, inside their own transaction --------------------------

/**
 * Cancels appointments by the service for another feature's use case (triage closing a referral
 * or re-booking an assessment). No notice: the caller writes to the person. Returns the ids
 * cancelled (those still booked).
 */
export async function cancelForService(
  tx: Db,
  clock: Clock,
  serviceId: string,
  appointmentIds: readonly string[],
  reason: string,
): Promise<string[]> {
  const rows = await repo.findAppointmentRows(tx, serviceId, appointmentIds);
  return cancelBooked(tx, clock, serviceId, rows, { cancelledBy: 'service', reason });
}

/**
 * A course ends: its sessions still booked in the future are cancelled by the service and the
 * patient gets one message about them. Returns how many were cancelled.
 */
export async function cancelFutureCourseSessions(
  tx: Db,
  clock: Clock,
  serviceId: string,
  patient: notify.PatientContact,
  courseId: string,
  links: Links,
): Promise<number> {
  const future = await repo.futureBookedForCourse(tx, serviceId, courseId, clock.now());
  await cancelBooked(tx, clock, serviceId, future, {
    cancelledBy: 'service',
    reason: 'The course of treatment ended',
  });
  await notify.queueCourseEnded(
    tx,
    clock,
    serviceId,
    patient,
    courseId,
    future.map((a) => ({ ...changed(a), place: null })),
    links,
  );
  return future.length;
}

export interface AssessmentBooking {
  patient: notify.PatientContact;
  therapistId: string;
  startsAt: Date;
  endsAt: Date;
  mode: MeetingMode;
  locationId: string | null;
  roomId: string | null;
  place: notify.MessageAppointment['place'];
  bookedBy: string;
}

/**
 * Books a wellbeing assessment in the clinician's diary for triage, in triage's transaction, so
 * the diary's no-double-booking constraints cover it; the usual reminders are queued (triage's
 * letter is the confirmation). Returns the appointment id.
 */
export async function bookAssessmentAppointment(
  tx: Db,
  clock: Clock,
  serviceId: string,
  booking: AssessmentBooking,
  links: Links,
): Promise<string> {
  const now = clock.now();
  const [appointment] = await repo.insertAppointments(tx, [
    {
      serviceId,
      patientId: booking.patient.id,
      therapistId: booking.therapistId,
      type: 'assessment',
      startsAt: booking.startsAt,
      endsAt: booking.endsAt,
      mode: booking.mode,
      locationId: booking.locationId,
      roomId: booking.roomId,
      bookedBy: booking.bookedBy,
      createdAt: now,
      updatedAt: now,
    },
  ]);
  const id = appointment!.id;
  const { settings } = await repo.serviceSettings(tx, serviceId);
  await notify.queueReminders(
    tx,
    clock,
    serviceId,
    booking.patient,
    {
      id,
      type: 'assessment',
      startsAt: booking.startsAt,
      endsAt: booking.endsAt,
      mode: booking.mode,
      place: booking.place,
    },
    settings,
    links,
  );
  return id;
}

/**
 * The assessment was held: its appointment is attended (unless the diary already says
 * otherwise) and its reminders stop. Returns the appointment id if it changed.
 */
export async function recordAssessmentHeld(
  tx: Db,
  clock: Clock,
  serviceId: string,
  appointmentId: string,
  recordedBy: string,
): Promise<string | null> {
  const now = clock.now();
  const [attended] = await repo.updateBookedAppointments(tx, serviceId, [appointmentId], {
    status: 'attended',
    attendanceRecordedAt: now,
    attendanceRecordedBy: recordedBy,
    updatedAt: now,
  });
  await notify.withdrawReminders(tx, serviceId, appointmentId);
  return attended ?? null;
}

/** When, how and whether still on: what an assessment shows of its appointment. */
export async function appointmentTimes(db: Db, serviceId: string, ids: readonly string[]) {
  const rows = await repo.findAppointmentRows(db, serviceId, ids);
  return new Map(rows.map((r) => [r.id, r]));
}

export const findAppointment = repo.findAppointment;
export const listForPatient = repo.listForPatient;
export const listForCourse = repo.listForCourse;
export const diarySettings = repo.serviceSettings;
export type { AppointmentDetail, AppointmentRow } from './diary.repository';
