import {
  attendanceChangeRefusal,
  hasStarted,
  withdrawsMissedMessage,
} from '../../domain/appointments';
import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/client';
import type { AppointmentStatus, CancelledBy, ServiceSettings } from '../../db/schema';
import {
  addDays,
  formatLondonDateTime,
  utcToLondon,
  type IsoDate,
  type LocalTime,
} from '../../domain/calendar';
import {
  afterPatientCancels,
  awaitsAnotherOffer,
  checkBooking,
  checkHours,
  diaryRange,
  freeSlots,
  londonDayRange,
  weekStart,
  type FreeDay,
  layoutDiary,
  missedMessageDecision,
  missedSessionMessage,
  noOtherSessionReasonText,
  OVERRIDABLE_CODES,
  notAtWorkLocations,
  outsideWorkingPattern,
  overlaps,
  planSingleSlot,
  planWeeklySlots,
  sessionsLeftToBook,
  type AfterPatientCancels,
  type AppointmentKind,
  type BookingFacts,
  type BookingIssue,
  type BookingRequest,
  type Channel,
  type DiaryLayout,
  type DiaryView,
  type MeetingMode,
  type NoOtherSessionReason,
} from '../../domain/diary';
import { accessActorFor, can, type AccessActor, type CareResource } from '../../platform/access';
import type { Clock } from '../../platform/clock';
import { requireUser, type UseCase } from '../../platform/use-case';
import { fieldHref } from '../../ui/fields';
import type { FieldError } from '../../ui/forms';
import * as locationsRepo from '../locations';
import type { AuditAction } from '../../platform/audit';
import { diaryEvents, type ChangedAppointment } from './diary.events';
import { sendMessageToPatient, withdrawUnsentMessage } from '../messages';
import { findPatient } from '../patients';
import * as therapists from '../therapists';
import * as notify from './diary.notifications';
import * as repo from './diary.repository';
import {
  overlapMessage,
  overlapViolation,
  retryAfterDeadlock,
  type OverlapNames,
} from '../../platform/db-errors';
import type { Links } from '../../platform/pages';

export type Outcome<T = undefined> =
  | ({ ok: true } & (T extends undefined ? unknown : { value: T }))
  | { ok: false; errors: FieldError[] }
  | { ok: false; notFound: true };

const NOT_FOUND = { ok: false as const, notFound: true as const };
const fail = (errors: FieldError[]) => ({ ok: false as const, errors });

/** Error summary links: radios link to their first option, dates to their day box. */
const CHOICES = new Set(['mode', 'type', 'repeat', 'status', 'cancelledBy', 'why']);
function hrefOf(field: string): string | undefined {
  if (field === 'date') return fieldHref.date(field);
  return CHOICES.has(field) ? fieldHref.choice(field) : undefined;
}

export function toFieldErrors(issues: readonly BookingIssue[]): FieldError[] {
  return issues.map((i) => ({ field: i.field, message: i.message, href: hrefOf(i.field) }));
}

export function fieldError(field: string, message: string): FieldError {
  return { field, message, href: hrefOf(field) };
}

/** The signed-in user as the access policy sees them (one lookup per use case). */
export async function actorOf(uc: UseCase): Promise<AccessActor> {
  if (!uc.user) throw new Error('This use case needs a signed-in user');
  return accessActorFor(uc.db, uc.user);
}

/** An appointment as the access policy sees it. */
export function careOf(detail: repo.AppointmentDetail): CareResource {
  return {
    kind: 'appointment',
    serviceId: detail.appointment.serviceId,
    therapistId: detail.appointment.therapistId,
    responsibleClinicianId: detail.patient.responsibleClinicianId,
    patientUserId: detail.patient.userId,
  };
}

const placeOf = notify.placeOf;

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
  /** Why it is outside the working pattern, opening hours or closures, when the booker says. */
  outsideHoursReason?: string | null;
}

/**
 * Books one appointment, or the rest of an IPT course weekly (skipping bank holidays and the
 * service's closures). All or nothing: one transaction; if anything clashes, nothing is saved.
 * Two people booking the same slot at once: the database's exclusion constraints let one in
 * and refuse the other, which is shown as the same friendly message as any clash.
 */
export async function bookAppointments(
  uc: UseCase,
  input: BookingInput,
): Promise<Outcome<string[]>> {
  const clock = uc.clock;
  const names = {
    therapist: 'The therapist',
    patient: 'The patient',
    room: 'The room',
    location: '',
  };
  // Set inside the transaction when the patient is not this user's to book for.
  let refused = null as { patientId: string | null } | null;
  try {
    const result = await retryAfterDeadlock(() =>
      uc.transaction(async (t) => {
        const tx = t.db;
        const serviceId = uc.service.id;
        const who = await actorOf(t);
        const { settings, officeHours } = await repo.serviceSettings(tx, serviceId);
        const patient = await findPatient(tx, serviceId, input.patientId);
        refused = { patientId: patient?.id ?? null };
        if (!patient) return NOT_FOUND;
        names.patient = personName(patient);
        // Booked from the patient rather than the course: it still belongs to their course.
        const courseId =
          input.courseId ?? (await repo.activeIptCourseId(tx, serviceId, patient.id));
        const course = courseId ? await repo.findCourse(tx, serviceId, courseId, true) : null;
        if (courseId && (!course || course.patientId !== patient.id)) return NOT_FOUND;
        if (!can(who, 'care.manage', bookingResource(serviceId, patient, course))) return NOT_FOUND;
        refused = null;

        const errors: FieldError[] = [];
        const therapistUser = await therapists.findUser(tx, serviceId, input.therapistId);
        if (!therapistUser || !therapistUser.active || !therapistUser.roles.includes('therapist'))
          return fail([fieldError('therapistId', 'Select a therapist')]);
        names.therapist = therapistUser.displayName;
        if (
          !can(who, 'therapist.book_for', {
            kind: 'therapist',
            serviceId,
            therapistId: therapistUser.id,
          })
        )
          errors.push(
            fieldError('therapistId', 'You can only book appointments in your own diary'),
          );
        // Their hours cannot change under this booking until it ends (H10).
        await therapists.holdForBooking(tx, serviceId, therapistUser.id);
        const profile = await therapists.findProfile(tx, serviceId, therapistUser.id);

        const { location, room } = await chosenPlace(tx, serviceId, input, names);

        const courseFacts = course ? await courseFactsOf(tx, serviceId, course) : null;

        if (input.repeat === 'weekly' && (input.kind !== 'ipt_session' || !course))
          errors.push(
            fieldError(
              'repeat',
              'Only IPT sessions on a course can be booked weekly for the rest of the course',
            ),
          );
        const extraClosures = officeHours.extraClosures;
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
        const first = slots[0];
        const last = slots.at(-1);
        if (!first || !last) return fail([...errors, fieldError('date', 'Enter a date')]);

        const busy = await repo.busyIntervals(
          tx,
          serviceId,
          { therapistId: therapistUser.id, roomId: room?.id ?? null, patientId: patient.id },
          { from: first.startsAt, to: last.endsAt },
          null,
        );
        const facts = bookingFacts({
          now: clock.now(),
          therapistName: therapistUser.displayName,
          profile,
          workLocations: await workLocationsFor(tx, serviceId, therapistUser.id, location),
          patientName: names.patient,
          accessNeeds: patient.accessNeeds,
          location,
          room,
          course: courseFacts,
          extraClosures,
          busy,
        });
        const request = {
          kind: input.kind,
          mode: input.mode,
          durationMinutes: input.durationMinutes,
          slots,
          outsideHoursReason: input.outsideHoursReason,
        };
        errors.push(...toFieldErrors(checkBooking(request, facts)));
        if (errors.length > 0) return fail(errors);
        const outsideHoursReason = reasonNeeded(request, facts);

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
            locationId: location?.id ?? null,
            roomId: room?.id ?? null,
            seriesId,
            outsideHoursReason,
            bookedBy: who.userId,
            createdAt: now,
            updatedAt: now,
          })),
        );
        const place = location && room ? placeOf({ location, room }) : null;
        await notify.queueBooked(
          { tx, clock, serviceId, links: uc.links },
          {
            patient,
            appts: rows.map((r) => ({
              id: r.id,
              type: r.type,
              startsAt: r.startsAt,
              endsAt: r.endsAt,
              mode: r.mode,
              place,
            })),
            seriesId,
            settings,
          },
        );
        await t.audit({
          action: 'appointment.book',
          patientId: patient.id,
          recordType: 'appointment',
          recordId: rows[0]?.id,
          details: {
            count: rows.length,
            type: input.kind,
            mode: input.mode,
            therapistId: therapistUser.id,
            courseId: course?.id ?? null,
            seriesId,
            startsAt: rows.map((r) => r.startsAt.toISOString()),
            outsideHoursReason,
          },
        });
        return { ok: true as const, value: rows.map((r) => r.id) };
      }),
    );
    if (refused) await auditRefusal(uc, 'appointment.book', refused.patientId, input.courseId);
    return result;
  } catch (err) {
    const who = overlapViolation(err);
    if (!who) throw err;
    return fail([overlapError(who, names)]);
  }
}

/** What the booking rules are given, the same for a new booking and a rearranged one. */
function bookingFacts(p: {
  now: Date;
  therapistName: string;
  profile: Parameters<typeof therapists.practitionerFrom>[0];
  workLocations: BookingFacts['therapist']['workLocations'];
  patientName: string;
  accessNeeds: readonly string[];
  location: NonNullable<BookingFacts['location']> | null;
  room: NonNullable<BookingFacts['room']> | null;
  course: BookingFacts['course'];
  extraClosures: BookingFacts['extraClosures'];
  busy: BookingFacts['busy'];
}): BookingFacts {
  const { location, room } = p;
  return {
    now: p.now,
    therapist: {
      name: p.therapistName,
      practitioner: therapists.practitionerFrom(p.profile),
      workingPattern: p.profile?.workingPattern ?? null,
      workLocations: p.workLocations,
    },
    patient: { name: p.patientName, accessNeeds: p.accessNeeds },
    location: location
      ? {
          id: location.id,
          name: location.name,
          active: location.active,
          openingHours: location.openingHours,
          stepFreeAccess: location.stepFreeAccess,
        }
      : null,
    room: room
      ? {
          id: room.id,
          name: room.name,
          locationId: room.locationId,
          active: room.active,
          stepFreeAccess: room.stepFreeAccess,
        }
      : null,
    course: p.course,
    extraClosures: p.extraClosures,
    busy: p.busy,
  };
}

/**
 * The reason to keep on the appointment: the booker's, when the booking is outside the working
 * pattern, opening hours or closures; null when it is within them (a reason typed for a booking
 * that needed none means nothing).
 */
function reasonNeeded(request: BookingRequest, facts: BookingFacts): string | null {
  if (!request.outsideHoursReason) return null;
  const without = checkBooking({ ...request, outsideHoursReason: null }, facts);
  return without.some((i) => OVERRIDABLE_CODES.has(i.code)) ? request.outsideHoursReason : null;
}

/**
 * Who a booking is for, as the access policy sees it: through the course, or as the patient's
 * responsible clinician (or their supervisor, or a manager). Without a course the diary's
 * therapist is nobody, so naming yourself as the therapist does not open someone else's patient.
 */
function bookingResource(
  serviceId: string,
  patient: { responsibleClinicianId: string | null },
  course: { therapistId: string } | null,
): CareResource {
  return {
    kind: course ? 'course' : 'appointment',
    serviceId,
    therapistId: course?.therapistId ?? '',
    responsibleClinicianId: patient.responsibleClinicianId,
  };
}

/** A refused attempt on a record: audited with the patient it belonged to, answered as 404. */
async function auditRefusal(
  uc: UseCase,
  action: AuditAction,
  patientId: string | null,
  recordId: string | null,
  recordType = 'appointment',
) {
  await uc.audit({
    action,
    patientId,
    outcome: 'denied',
    recordType,
    recordId: recordId ?? undefined,
  });
}

/**
 * The location and room chosen for a face-to-face appointment (none for a video call), with
 * their names put where the clash messages will look for them. A room belongs to one location:
 * chosen alone, it names the location; chosen with a location it is not at, the booking rules
 * say so on the room.
 */
async function chosenPlace(
  tx: Db,
  serviceId: string,
  input: { mode: MeetingMode; locationId: string | null; roomId: string | null },
  names: { room: string; location: string },
) {
  const faceToFace = input.mode === 'face_to_face';
  const room =
    faceToFace && input.roomId ? await locationsRepo.findRoom(tx, serviceId, input.roomId) : null;
  const locationId = input.locationId ?? room?.locationId ?? null;
  const location =
    faceToFace && locationId ? await locationsRepo.findLocation(tx, serviceId, locationId) : null;
  if (room) names.room = room.name;
  if (location) names.location = location.name;
  return { location, room };
}

/**
 * Where the therapist works, asked only when a place was chosen (face to face): a booking
 * elsewhere needs a reason (H10).
 */
async function workLocationsFor(
  tx: Db,
  serviceId: string,
  therapistId: string,
  location: { id: string } | null,
) {
  return location ? therapists.workLocationsOf(tx, serviceId, therapistId) : null;
}

/** What the booking rules need to know of a course: its state and its sessions so far. */
async function courseFactsOf(
  tx: Db,
  serviceId: string,
  course: NonNullable<Awaited<ReturnType<typeof repo.findCourse>>>,
) {
  const counts = await repo.courseSessionCounts(tx, serviceId, course.id);
  return {
    status: course.status,
    plannedSessions: course.plannedSessions,
    sessionMinutes: course.sessionMinutes,
    attendedSessions: counts.attended,
    bookedSessions: counts.booked,
  };
}

function overlapError(who: 'therapist' | 'room' | 'patient', names: OverlapNames): FieldError {
  const { field, message } = overlapMessage(who, names);
  return fieldError(field, message);
}

// ---- Reading ----------------------------------------------------------------------------------

/**
 * An appointment as staff see it. The therapist seeing someone (an assessment, a course after a
 * handover) may not be the patient's responsible clinician: the name links to the record only for
 * those the policy lets open it (issue 9 item 9).
 */
/** Who recorded that a session the patient cancelled needs no other, why and when (H29). */
export interface NoOtherSessionDecision {
  reasonText: string;
  decidedByName: string;
  decidedAt: Date;
}

export type StaffAppointmentDetail = repo.AppointmentDetail & {
  mayOpenPatient: boolean;
  noOtherSession: NoOtherSessionDecision | null;
};

/** Opens an appointment for staff; null (shown as 404) when missing or not theirs. Audited. */
export async function openAppointmentForStaff(
  uc: UseCase,
  appointmentId: string,
): Promise<StaffAppointmentDetail | null> {
  const detail = await repo.findAppointment(uc.db, uc.service.id, appointmentId);
  const actor = await actorOf(uc);
  const allowed = detail !== null && can(actor, 'care.manage', careOf(detail));
  await uc.audit({
    action: 'appointment.read',
    patientId: detail?.patient.id ?? null,
    recordType: 'appointment',
    recordId: appointmentId,
    outcome: allowed ? 'success' : 'denied',
  });
  if (!allowed) return null;
  const mayOpenPatient = can(actor, 'patient.read', {
    kind: 'patient',
    serviceId: uc.service.id,
    userId: detail.patient.userId,
    responsibleClinicianId: detail.patient.responsibleClinicianId,
  });
  const a = detail.appointment;
  const decided =
    a.status === 'cancelled' && a.cancelledBy === 'patient'
      ? await repo.findNoOtherSession(uc.db, uc.service.id, a.id)
      : null;
  const noOtherSession = decided
    ? {
        reasonText: noOtherSessionReasonText(decided.reason, decided.detail),
        decidedByName: decided.decidedByName,
        decidedAt: decided.decidedAt,
      }
    : null;
  return { ...detail, mayOpenPatient, noOtherSession };
}

// ---- Changing ---------------------------------------------------------------------------------

/**
 * Locks and opens an appointment for a change: by staff (`care.manage`) or by the patient it is
 * for (`care.read_own`). Null when missing or not theirs; a refusal of an appointment that exists
 * is audited against `action`.
 */
async function openForChange(
  t: UseCase,
  appointmentId: string,
  action: AuditAction,
  rule: 'care.manage' | 'care.read_own' = 'care.manage',
): Promise<repo.AppointmentDetail | null> {
  if (!(await repo.lockAppointment(t.db, t.service.id, appointmentId))) return null;
  const detail = await repo.findAppointment(t.db, t.service.id, appointmentId);
  if (!detail) return null;
  if (can(await actorOf(t), rule, careOf(detail))) return detail;
  await auditRefusal(t, action, detail.patient.id, appointmentId);
  return null;
}

export interface RearrangeInput {
  date: IsoDate;
  time: LocalTime;
  durationMinutes: number;
  mode: MeetingMode;
  locationId: string | null;
  roomId: string | null;
  outsideHoursReason?: string | null;
}

/**
 * Moves a booked appointment (same therapist and patient); sends a change notice. Answers whether
 * it moved: saved with nothing changed, nothing is told and a request to change it stays open.
 */
export async function rearrangeAppointment(
  uc: UseCase,
  input: RearrangeInput & { appointmentId: string },
): Promise<Outcome<{ moved: boolean }>> {
  const clock = uc.clock;
  const names = {
    therapist: 'The therapist',
    patient: 'The patient',
    room: 'The room',
    location: '',
  };
  try {
    return await retryAfterDeadlock(() =>
      uc.transaction(async (t) => {
        const tx = t.db;
        const serviceId = uc.service.id;
        const detail = await openForChange(t, input.appointmentId, 'appointment.rearrange');
        if (!detail) return NOT_FOUND;
        const appt = detail.appointment;
        names.therapist = detail.therapistName;
        names.patient = personName(detail.patient);
        if (appt.status !== 'booked')
          return fail([fieldError('date', 'Only a booked appointment can be rearranged')]);
        const { settings, officeHours } = await repo.serviceSettings(tx, serviceId);
        const plan = planSingleSlot(input.date, input.time, input.durationMinutes);
        if (!plan.ok) return fail([fieldError(plan.field, plan.message)]);
        const { location, room } = await chosenPlace(tx, serviceId, input, names);
        const course = appt.courseId ? await repo.findCourse(tx, serviceId, appt.courseId) : null;
        const courseFacts = course ? await courseFactsOf(tx, serviceId, course) : null;
        await therapists.holdForBooking(tx, serviceId, appt.therapistId);
        const profile = await therapists.findProfile(tx, serviceId, appt.therapistId);
        const slot = plan.slots[0];
        if (!slot) return fail([fieldError('date', 'Enter a date')]);
        const busy = await repo.busyIntervals(
          tx,
          serviceId,
          { therapistId: appt.therapistId, roomId: room?.id ?? null, patientId: appt.patientId },
          { from: slot.startsAt, to: slot.endsAt },
          appt.id,
        );
        const request: BookingRequest = {
          kind: appt.type,
          mode: input.mode,
          durationMinutes: input.durationMinutes,
          slots: plan.slots,
          rearranging: true,
          outsideHoursReason: input.outsideHoursReason,
        };
        const facts = bookingFacts({
          now: clock.now(),
          therapistName: detail.therapistName,
          profile,
          workLocations: await workLocationsFor(tx, serviceId, appt.therapistId, location),
          patientName: names.patient,
          accessNeeds: detail.patient.accessNeeds,
          location,
          room,
          course: courseFacts,
          extraClosures: officeHours.extraClosures,
          busy,
        });
        const issues = checkBooking(request, facts);
        if (issues.length > 0) return fail(toFieldErrors(issues));
        const outsideHoursReason = reasonNeeded(request, facts);
        // Saved again as it is (a second press, or nothing changed): nothing to move or tell, and
        // the patient's request stays open (keeping the time is `keepRequestedTime`, walk 9).
        if (
          slot.startsAt.getTime() === appt.startsAt.getTime() &&
          slot.endsAt.getTime() === appt.endsAt.getTime() &&
          input.mode === appt.mode &&
          (room?.id ?? null) === appt.roomId
        )
          return { ok: true as const, value: { moved: false } };
        const now = clock.now();
        await repo.updateAppointment(tx, serviceId, appt.id, {
          startsAt: slot.startsAt,
          endsAt: slot.endsAt,
          mode: input.mode,
          locationId: location?.id ?? null,
          roomId: room?.id ?? null,
          rearrangedAt: now,
          outsideHoursReason,
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
          { tx, clock, serviceId, links: uc.links },
          {
            patient: detail.patient,
            appt: {
              id: appt.id,
              type: appt.type,
              startsAt: slot.startsAt,
              endsAt: slot.endsAt,
              mode: input.mode,
              place: location && room ? placeOf({ location, room }) : null,
            },
            previousStartsAt: appt.startsAt,
            settings,
          },
        );
        await t.audit({
          action: 'appointment.rearrange',
          patientId: appt.patientId,
          recordType: 'appointment',
          recordId: appt.id,
          details: {
            from: appt.startsAt.toISOString(),
            to: slot.startsAt.toISOString(),
            mode: input.mode,
            roomId: room?.id ?? null,
            outsideHoursReason,
          },
        });
        return { ok: true as const, value: { moved: true } };
      }),
    );
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
 * Cancels those of the appointments still booked, stops their reminders, withdraws their notices
 * still waiting (a booking text held for the morning), renews a waiting notice that names them
 * among others (`renewNoticesNaming`) and raises
 * `appointment.cancelled` for each in the same transaction. Any notice to the patient is the
 * caller's (one per appointment, one for a whole course, or a letter of the caller's own).
 * Returns the ids cancelled.
 */
async function cancelBooked(
  m: notify.MessageContext,
  appts: readonly repo.AppointmentRow[],
  how: { cancelledBy: CancelledBy; reason: string },
): Promise<string[]> {
  const { tx, clock, serviceId } = m;
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
    await notify.withdrawNotices(tx, serviceId, appt.id);
    await diaryEvents.raise({ tx, clock, serviceId }, 'appointment.cancelled', {
      appointment: changed(appt),
      cancelledBy: how.cancelledBy,
      reason: how.reason,
    });
  }
  // A series' confirmation or a list naming them, still waiting, is renewed without them.
  await notify.renewNoticesNaming(m, ids);
  return ids;
}

export type { AfterPatientCancels } from '../../domain/diary';

/** Who cancels: staff from the diary, or the patient from their own appointments. */
export type Canceller = 'staff' | 'patient';

/** Cancels a booked appointment with a reason; reminders stop and a notice goes to the patient. */
export async function cancelAppointment(
  uc: UseCase,
  input: {
    by: Canceller;
    appointmentId: string;
    cancelledBy: CancelledBy;
    reason: string;
    /** Whether the session's note is signed (session notes', handed in: H17). */
    signedNote?: SignedNote;
  },
): Promise<Outcome<{ next: AfterPatientCancels }>> {
  const { by, appointmentId, clock } = { ...input, clock: uc.clock };
  return uc.transaction(async (t) => {
    const tx = t.db;
    const serviceId = uc.service.id;
    const detail =
      by === 'patient'
        ? await openForChange(t, appointmentId, 'appointment.cancel', 'care.read_own')
        : await openForChange(t, appointmentId, 'appointment.cancel');
    if (!detail) return NOT_FOUND;
    const appt = detail.appointment;
    if (appt.status !== 'booked')
      return fail([
        fieldError('reason', 'This appointment is no longer booked, so it cannot be cancelled'),
      ]);
    if (by === 'patient' && appt.startsAt.getTime() <= clock.now().getTime())
      return fail([
        fieldError('reason', 'This appointment has already started. Call the service instead'),
      ]);
    // A signed note says the session took place (H11, H17): not cancelled behind it.
    const refusal = attendanceChangeRefusal({
      previous: appt.status,
      next: 'cancelled',
      noteSigned: input.signedNote ? await input.signedNote(tx, serviceId, appt.id) : false,
    });
    if (refusal) return fail([fieldError('reason', refusal)]);
    await cancelBooked({ tx, clock, serviceId, links: uc.links }, [appt], {
      cancelledBy: by === 'patient' ? 'patient' : input.cancelledBy,
      reason: input.reason,
    });
    await notify.queueCancelled(
      { tx, clock, serviceId, links: uc.links },
      {
        patient: detail.patient,
        appt: {
          id: appt.id,
          type: appt.type,
          startsAt: appt.startsAt,
          endsAt: appt.endsAt,
          mode: appt.mode,
          place: placeOf(detail),
        },
        cancelledBy: by === 'patient' ? 'patient' : input.cancelledBy,
      },
    );
    await t.audit({
      action: 'appointment.cancel',
      patientId: appt.patientId,
      recordType: 'appointment',
      recordId: appt.id,
      details: { cancelledBy: by === 'patient' ? 'patient' : input.cancelledBy },
    });
    // What happens next, for the patient's confirmation to say truthfully (H29).
    const course = appt.courseId ? await repo.findCourse(tx, serviceId, appt.courseId) : null;
    const next = afterPatientCancels({ type: appt.type, courseStatus: course?.status ?? null });
    return { ok: true as const, value: { next } };
  });
}

/** A session or review that has ended with whether the patient came not yet recorded. */
export interface SessionToRecord {
  appointmentId: string;
  patientName: string;
  type: 'ipt_session' | 'review';
  startsAt: Date;
}

/**
 * The signed-in therapist's sessions and reviews that have ended with attendance not recorded,
 * oldest first (hazard H29: a missed session after a risk answer is followed up only once it is
 * recorded as missed). Each one listed is audited, as the overdue notes are.
 */
export async function mySessionsToRecord(uc: UseCase): Promise<SessionToRecord[]> {
  const user = uc.user;
  if (!user) return [];
  const rows = await repo.endedWithoutAttendance(
    uc.db,
    uc.service.id,
    [user.userId],
    uc.clock.now(),
  );
  await uc.auditMany(
    rows.map((r) => ({
      action: 'appointment.unrecorded_list' as const,
      patientId: r.patientId,
      recordType: 'appointment',
      recordId: r.appointmentId,
    })),
  );
  return rows.map((r) => ({
    appointmentId: r.appointmentId,
    patientName: `${r.givenName} ${r.familyName}`,
    type: r.type === 'review' ? 'review' : 'ipt_session',
    startsAt: r.startsAt,
  }));
}

/** An IPT session the patient cancelled, for their therapist to offer another (H29). */
export interface SessionToOffer {
  appointmentId: string;
  patientId: string;
  patientName: string;
  courseId: string;
  startsAt: Date;
  cancelledAt: Date;
  reason: string;
}

/**
 * IPT sessions of a therapist's active courses that the patient cancelled, with nothing booked
 * since (`awaitsAnotherOffer`): "Cancelled by the patient: offer another session" on their diary
 * (H29). Each one shown is audited, as sessions to record are. The caller has checked that the
 * user may see this therapist's diary.
 */
export async function sessionsToOffer(uc: UseCase, therapistId: string): Promise<SessionToOffer[]> {
  const rows = await repo.patientCancelledSessions(uc.db, uc.service.id, therapistId);
  const list = rows
    .filter((r) => awaitsAnotherOffer(r))
    .map((r) => ({
      appointmentId: r.appointmentId,
      patientId: r.patientId,
      patientName: `${r.givenName} ${r.familyName}`,
      courseId: r.courseId,
      startsAt: r.startsAt,
      cancelledAt: r.cancelledAt ?? r.startsAt,
      reason: r.cancellationReason ?? '',
    }));
  await uc.auditMany(
    list.map((s) => ({
      action: 'appointment.patient_cancelled_list' as const,
      patientId: s.patientId,
      recordType: 'appointment',
      recordId: s.appointmentId,
      details: { therapistId },
    })),
  );
  return list;
}

/** A session the patient cancelled, as the "No other session needed" form shows it (H29). */
export interface CancelledSession {
  appointmentId: string;
  patientName: string;
  startsAt: Date;
  /** The patient's reason for cancelling. */
  reason: string;
  /** Whose diary lists it: the course's therapist. */
  therapistId: string;
  /** Whether it is still on the list (`awaitsAnotherOffer`): the form applies only then. */
  awaitsOffer: boolean;
}

/**
 * The facts of one session of a course, if the user may see the diary that would list it; a
 * refusal of one that exists (or not) is audited against `action`.
 */
async function cancelledSessionFor(
  uc: UseCase,
  appointmentId: string,
  action: AuditAction,
): Promise<repo.CancelledSessionRow | null> {
  const serviceId = uc.service.id;
  const row = await repo.cancelledSession(uc.db, serviceId, appointmentId);
  // The list's own rule: whoever may see the course therapist's diary (openDiary).
  const allowed =
    row !== null &&
    can(await actorOf(uc), 'therapist.view_diary', {
      kind: 'therapist',
      serviceId,
      therapistId: row.courseTherapistId,
    });
  if (allowed) return row;
  await auditRefusal(uc, action, row?.patientId ?? null, appointmentId);
  return null;
}

/**
 * Opens a session the patient cancelled for "No other session needed": null (404, audited) when
 * it is not a session of a course on a diary the user may see.
 */
export async function openCancelledSession(
  uc: UseCase,
  appointmentId: string,
  /** Audited as an attempt to record the decision (the form sent), not only to read it. */
  purpose: 'read' | 'record',
): Promise<CancelledSession | null> {
  const row = await cancelledSessionFor(
    uc,
    appointmentId,
    purpose === 'record' ? 'appointment.no_other_session' : 'appointment.read',
  );
  if (!row) return null;
  // Every showing is a look at the session, the form shown back with a problem too; what is
  // recorded is audited besides, once, by `recordNoOtherSession`.
  await uc.audit({
    action: 'appointment.read',
    patientId: row.patientId,
    recordType: 'appointment',
    recordId: row.appointmentId,
  });
  return {
    appointmentId: row.appointmentId,
    patientName: `${row.givenName} ${row.familyName}`,
    startsAt: row.startsAt,
    reason: row.cancellationReason ?? '',
    therapistId: row.courseTherapistId,
    awaitsOffer: awaitsAnotherOffer(row),
  };
}

/**
 * Records that no other session is needed for a session the patient cancelled, with why: it
 * leaves "Cancelled by the patient: offer another session" (H29). Audited. Only while it is on
 * the list; once recorded, a second tab or a second clinician changes nothing.
 */
export async function recordNoOtherSession(
  uc: UseCase,
  input: { appointmentId: string; reason: NoOtherSessionReason; detail: string | null },
): Promise<Outcome<{ therapistId: string }>> {
  return uc.transaction(async (t) => {
    const serviceId = uc.service.id;
    // One after the other with a booking, a cancellation or another tab's record.
    if (!(await repo.lockAppointment(t.db, serviceId, input.appointmentId))) return NOT_FOUND;
    const row = await cancelledSessionFor(t, input.appointmentId, 'appointment.no_other_session');
    if (!row) return NOT_FOUND;
    const recorded =
      awaitsAnotherOffer(row) &&
      (await repo.insertNoOtherSession(t.db, {
        serviceId,
        appointmentId: row.appointmentId,
        reason: input.reason,
        detail: input.reason === 'other' ? input.detail : null,
        decidedBy: requireUser(t).userId,
        decidedAt: t.clock.now(),
      }));
    if (!recorded)
      return fail([
        fieldError(
          'why',
          'This session is no longer waiting for another to be offered: another session has been booked, the course has ended, or someone has already recorded that no other session is needed',
        ),
      ]);
    await t.audit({
      action: 'appointment.no_other_session',
      patientId: row.patientId,
      recordType: 'appointment',
      recordId: row.appointmentId,
      details: { reason: input.reason, therapistId: row.courseTherapistId },
    });
    return { ok: true as const, value: { therapistId: row.courseTherapistId } };
  });
}

/** Whether a session's note is signed: session notes' answer, handed in by app.tsx (H17). */
export type SignedNote = (db: Db, serviceId: string, appointmentId: string) => Promise<boolean>;

/** Whether the "we missed you" message went, and if not, why (`missedMessageDecision`). */
export type MissedMessage = ReturnType<typeof missedMessageDecision>;

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
  uc: UseCase,
  input: {
    appointmentId: string;
    status: AttendanceStatus;
    /** Whether the session's note is signed (session notes', handed in: H17). */
    signedNote?: SignedNote;
  },
): Promise<Outcome<{ sessionNumber: number | null; missedMessage: MissedMessage | null }>> {
  const { status, clock } = { ...input, clock: uc.clock };
  return uc.transaction(async (t) => {
    const tx = t.db;
    const serviceId = uc.service.id;
    const detail = await openForChange(t, input.appointmentId, 'appointment.attendance');
    if (!detail) return NOT_FOUND;
    const recordedBy = (await actorOf(t)).userId;
    const appt = detail.appointment;
    if (appt.status === 'cancelled')
      return fail([
        fieldError('status', 'This appointment was cancelled, so attendance cannot be recorded'),
      ]);
    // Nothing is recorded before it happens (H11): the rule triage applies to assessments too.
    if (!hasStarted(appt, clock.now()))
      return fail([
        fieldError('status', 'You can record attendance once the appointment has started'),
      ]);
    // A signed note says the session took place (H11, H17): corrected by an addendum, not here.
    const refusal = attendanceChangeRefusal({
      previous: appt.status,
      next: status,
      noteSigned:
        status === 'did_not_attend' && input.signedNote
          ? await input.signedNote(tx, serviceId, appt.id)
          : false,
    });
    if (refusal) return fail([fieldError('status', refusal)]);
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
        attendanceRecordedBy: recordedBy,
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
        attendanceRecordedBy: recordedBy,
        updatedAt: now,
      });
    }
    await notify.withdrawReminders(tx, serviceId, appt.id);
    await diaryEvents.raise(
      { tx, clock, serviceId, links: t.links },
      'appointment.attendance_recorded',
      {
        appointment: changed(appt),
        status,
        courseAttendedSessions,
      },
    );
    // A missed session or review: a kind message in their inbox, once, while it is timely (H29).
    let missedMessage: MissedMessage | null = null;
    if (
      status === 'did_not_attend' &&
      appt.status !== 'did_not_attend' &&
      (appt.type === 'ipt_session' || appt.type === 'review')
    )
      missedMessage = missedMessageDecision({
        startsAt: appt.startsAt,
        now,
        seenSince: await repo.seenSince(tx, serviceId, appt.patientId, appt.startsAt),
      });
    if (missedMessage === 'send') {
      const next = appt.courseId
        ? ((await repo.futureBookedForCourse(tx, serviceId, appt.courseId, now))[0] ?? null)
        : null;
      await sendMessageToPatient(t, {
        patientId: appt.patientId,
        ...missedSessionMessage({
          givenName: detail.patient.givenName,
          serviceName: uc.service.name,
          kind: appt.type === 'review' ? 'review' : 'ipt_session',
          startsAt: appt.startsAt,
          nextBooked: next?.startsAt ?? null,
        }),
        sourceKey: `missed:${appt.id}`,
      });
    }
    // Missed after all came (H11): a "we missed you" not yet read or announced is taken back.
    const missedMessageWithdrawn =
      withdrawsMissedMessage({ previous: appt.status, next: status }) &&
      (await withdrawUnsentMessage(t, `missed:${appt.id}`));
    await t.audit({
      action: 'appointment.attendance',
      patientId: appt.patientId,
      recordType: 'appointment',
      recordId: appt.id,
      details: {
        status,
        previous: appt.status,
        sessionNumber,
        ...(missedMessage ? { missedMessage } : {}),
        ...(missedMessageWithdrawn ? { missedMessageWithdrawn } : {}),
      },
    });
    return { ok: true as const, value: { sessionNumber, missedMessage } };
  });
}

/**
 * The patient asks for another time; the therapist sees it in their diary and by email. While a
 * request is open a further one adds its reason, dated, to the first (every reason kept) and the
 * therapist is not emailed again (walk 9).
 */
export async function requestRearrange(
  uc: UseCase,
  input: { appointmentId: string; reason: string },
): Promise<Outcome> {
  const { reason, clock } = { ...input, clock: uc.clock };
  return uc.transaction(async (t) => {
    const tx = t.db;
    const serviceId = uc.service.id;
    const detail = await openForChange(
      t,
      input.appointmentId,
      'appointment.rearrange_request',
      'care.read_own',
    );
    if (!detail) return NOT_FOUND;
    const appt = detail.appointment;
    if (appt.status !== 'booked' || appt.startsAt.getTime() <= clock.now().getTime())
      return fail([
        fieldError(
          'reason',
          'This appointment can no longer be rearranged online. Call the service',
        ),
      ]);
    const now = clock.now();
    const open = appt.rearrangeRequestedAt !== null;
    await repo.updateAppointment(tx, serviceId, appt.id, {
      rearrangeRequestedAt: appt.rearrangeRequestedAt ?? now,
      rearrangeRequestReason: open ? addedReason(appt.rearrangeRequestReason, reason, now) : reason,
      updatedAt: now,
    });
    if (!open)
      await notify.queueRearrangeRequest(
        { tx, clock, serviceId, links: uc.links },
        {
          patientId: appt.patientId,
          therapistEmail: detail.therapistEmail,
          appt: { id: appt.id, startsAt: appt.startsAt },
        },
      );
    await t.audit({
      action: 'appointment.rearrange_request',
      patientId: appt.patientId,
      recordType: 'appointment',
      recordId: appt.id,
      ...(open ? { details: { added: true } } : {}),
    });
    return { ok: true as const };
  });
}

/** Between reasons the patient gave for one request: each further one begins with its date. */
export const ADDED_REASON_SEPARATOR = '\n\n';

function addedReason(before: string | null, reason: string, at: Date): string {
  const added = `Added on ${formatLondonDateTime(at)}: ${reason}`;
  return before ? `${before}${ADDED_REASON_SEPARATOR}${added}` : added;
}

/**
 * The patient asked to change the appointment and staff keep its time: the request closes and
 * the patient is told plainly, with no reason given (walk 9). Audited.
 */
export async function keepRequestedTime(
  uc: UseCase,
  input: { appointmentId: string },
): Promise<Outcome> {
  const clock = uc.clock;
  return uc.transaction(async (t) => {
    const tx = t.db;
    const serviceId = uc.service.id;
    const detail = await openForChange(t, input.appointmentId, 'appointment.keep_time');
    if (!detail) return NOT_FOUND;
    const appt = detail.appointment;
    const requestedAt = appt.rearrangeRequestedAt;
    if (appt.status !== 'booked' || !requestedAt)
      return fail([fieldError('keep', 'There is no open request to change this appointment')]);
    const now = clock.now();
    if (appt.startsAt.getTime() <= now.getTime())
      return fail([fieldError('keep', 'This appointment has already started')]);
    await repo.updateAppointment(tx, serviceId, appt.id, {
      rearrangeRequestedAt: null,
      rearrangeRequestReason: null,
      updatedAt: now,
    });
    await notify.queueTimeKept(
      { tx, clock, serviceId, links: uc.links },
      {
        patient: detail.patient,
        appt: {
          id: appt.id,
          type: appt.type,
          startsAt: appt.startsAt,
          endsAt: appt.endsAt,
          mode: appt.mode,
          place: placeOf(detail),
        },
        requestedAt,
      },
    );
    await t.audit({
      action: 'appointment.keep_time',
      patientId: appt.patientId,
      recordType: 'appointment',
      recordId: appt.id,
      details: { requestedAt: requestedAt.toISOString() },
    });
    return { ok: true as const };
  });
}

// ---- Settings ---------------------------------------------------------------------------------

export interface DiarySettingsInput {
  /** When the service is open: risk alerts escalate and questions wait by these hours. */
  officeHours: { days: number[]; opens: string; closes: string };
  /** When the Wall is open, if not in office hours (null). */
  wallHours: { days: number[]; opens: string; closes: string } | null;
  extraClosures: string[];
  reminderOffsetsMinutes: number[];
  questionnaireOpensDaysBefore: number;
  plannedIptSessions: number;
}

/**
 * Saves the service's settings. A new extra closure is refused while sessions are still booked
 * on that day: nobody would be there and nobody would be told (H10), as for a therapist's hours.
 */
export async function saveDiarySettings(
  uc: UseCase,
  input: DiarySettingsInput,
): Promise<{ ok: true } | { ok: false; errors: FieldError[] }> {
  return uc.transaction(async (t) => {
    const tx = t.db;
    const serviceId = uc.service.id;
    const current = await repo.serviceSettings(tx, serviceId);
    const added = input.extraClosures.filter((d) => !current.officeHours.extraClosures.includes(d));
    const stranded = await repo.futureBookedOnLondonDays(tx, serviceId, added, t.clock.now());
    if (stranded.length > 0)
      return {
        ok: false as const,
        errors: stranded.map((a) => ({
          field: 'extraClosures',
          message: `${formatLondonDateTime(a.startsAt)}, ${a.patientName}: booked on a day you are adding as a closure. Rearrange this session first, or leave the date out`,
        })),
      };
    const settings: ServiceSettings = {
      ...current.settings,
      reminderOffsetsMinutes: input.reminderOffsetsMinutes,
      questionnaireOpensDaysBefore: input.questionnaireOpensDaysBefore,
      plannedIptSessions: input.plannedIptSessions,
      // The Wall closes on the service's closure days too.
      wallHours: input.wallHours
        ? { ...input.wallHours, extraClosures: input.extraClosures }
        : null,
    };
    await repo.saveServiceSettings(tx, serviceId, settings, {
      ...current.officeHours,
      ...input.officeHours,
      extraClosures: input.extraClosures,
    });
    await t.audit({
      action: 'service.settings_save',
      recordType: 'service',
      recordId: serviceId,
      details: { ...input },
    });
    return { ok: true as const };
  });
}

// ---- What other features ask of the diary, inside their own transaction --------------------------

/**
 * Cancels appointments by the service for another feature's use case (triage closing a referral
 * or re-booking an assessment). No notice of its own: the caller writes to the person (a waiting
 * notice naming them among others is renewed, `links` for its wording). Returns the ids
 * cancelled (those still booked).
 */
export async function cancelForService(
  tx: Db,
  clock: Clock,
  serviceId: string,
  appointmentIds: readonly string[],
  reason: string,
  links: Links,
): Promise<string[]> {
  const rows = await repo.findAppointmentRows(tx, serviceId, appointmentIds);
  return cancelBooked({ tx, clock, serviceId, links }, rows, { cancelledBy: 'service', reason });
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
  await cancelBooked({ tx, clock, serviceId, links }, future, {
    cancelledBy: 'service',
    reason: 'The course of treatment ended',
  });
  await notify.queueCourseEnded(
    { tx, clock, serviceId, links },
    { patient, courseId, cancelled: future.map((a) => ({ ...changed(a), place: null })) },
  );
  return future.length;
}

/**
 * A course moves to another therapist: its sessions still booked in the future go with it, at the
 * same times and places. Nothing moves when any of them is at a time the new therapist is busy
 * or does not work (their recorded working pattern), or face to face at a location they do not
 * work at (their profile's locations, as booking checks, H10); those sessions' start times are
 * returned to be rearranged first. The exclusion constraint still refuses a booking made meanwhile. Call
 * inside the caller's transaction.
 */
export async function handOverCourseSessions(
  tx: Db,
  clock: Clock,
  serviceId: string,
  input: {
    courseId: string;
    toTherapistId: string;
    workingPattern: Parameters<typeof outsideWorkingPattern>[0];
  },
): Promise<
  | { ok: true; moved: number }
  | {
      ok: false;
      clashes: Date[];
      outsideHours: Date[];
      /** Face to face at a location the new therapist does not work at (H10). */
      elsewhere: { startsAt: Date; location: string }[];
    }
> {
  const now = clock.now();
  const future = await repo.futureBookedForCourse(tx, serviceId, input.courseId, now);
  const first = future[0];
  const last = future.at(-1);
  if (!first || !last) return { ok: true, moved: 0 };
  const workLocations = await therapists.workLocationsOf(tx, serviceId, input.toTherapistId);
  const away = notAtWorkLocations(workLocations, future);
  const placeNames = new Map<string, string>();
  for (const id of new Set(away.map((a) => a.locationId ?? ''))) {
    placeNames.set(id, (await locationsRepo.findLocation(tx, serviceId, id))?.name ?? 'a location');
  }
  const elsewhere = away.map((a) => ({
    startsAt: a.startsAt,
    location: placeNames.get(a.locationId ?? '') ?? 'a location',
  }));
  const busy = await repo.busyIntervals(
    tx,
    serviceId,
    { therapistId: input.toTherapistId, roomId: null, patientId: first.patientId },
    { from: first.startsAt, to: last.endsAt },
    null,
  );
  const clashes = future
    .filter((a) => busy.therapist.some((b) => overlaps(a, b)))
    .map((a) => a.startsAt);
  const outsideHours = outsideWorkingPattern(input.workingPattern, future).map((a) => a.startsAt);
  if (clashes.length > 0 || outsideHours.length > 0 || elsewhere.length > 0)
    return { ok: false, clashes, outsideHours, elsewhere };
  await repo.setTherapistOf(
    tx,
    serviceId,
    future.map((a) => a.id),
    input.toTherapistId,
    now,
  );
  return { ok: true, moved: future.length };
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
  /** Why it is outside the clinician's working pattern, opening hours or closures (H10). */
  outsideHoursReason?: string | null;
}

/**
 * Thrown by `bookAssessmentAppointment` when the time is outside the clinician's working
 * pattern, the location's opening hours or the service's closures and no reason was given. It
 * rolls the caller's transaction back; the caller shows `errors` on its form.
 */
export class BookingOutsideHours extends Error {
  constructor(readonly errors: FieldError[]) {
    super('The booking is outside the usual hours and no reason was given');
    this.name = 'BookingOutsideHours';
  }
}

/** The hours rules for one appointment, with the facts the diary holds. */
async function hoursIssuesFor(
  tx: Db,
  serviceId: string,
  booking: {
    therapistId: string;
    startsAt: Date;
    endsAt: Date;
    mode: MeetingMode;
    locationId: string | null;
  },
) {
  const faceToFace = booking.mode === 'face_to_face' && booking.locationId !== null;
  await therapists.holdForBooking(tx, serviceId, booking.therapistId);
  const [user, profile, location, workLocations, { officeHours }] = await Promise.all([
    therapists.findUser(tx, serviceId, booking.therapistId),
    therapists.findProfile(tx, serviceId, booking.therapistId),
    faceToFace && booking.locationId
      ? locationsRepo.findLocation(tx, serviceId, booking.locationId)
      : null,
    faceToFace ? therapists.workLocationsOf(tx, serviceId, booking.therapistId) : null,
    repo.serviceSettings(tx, serviceId),
  ]);
  const local = utcToLondon(booking.startsAt);
  return checkHours(
    [{ date: local.date, time: local.time, startsAt: booking.startsAt, endsAt: booking.endsAt }],
    {
      therapist: {
        name: user?.displayName ?? 'The clinician',
        workingPattern: profile?.workingPattern ?? null,
        workLocations,
      },
      location: location
        ? { id: location.id, name: location.name, openingHours: location.openingHours }
        : null,
      extraClosures: officeHours.extraClosures,
    },
  );
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
  // Triage's form chooses a room (at its location): a place they do not work at points there.
  const issues = (await hoursIssuesFor(tx, serviceId, booking)).map((i) =>
    i.field === 'locationId' ? { ...i, field: 'roomId' as const } : i,
  );
  const reason = booking.outsideHoursReason?.trim() ?? '';
  if (issues.length > 0 && !reason) throw new BookingOutsideHours(toFieldErrors(issues));
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
      outsideHoursReason: issues.length > 0 ? reason : null,
      bookedBy: booking.bookedBy,
      createdAt: now,
      updatedAt: now,
    },
  ]);
  if (!appointment) throw new Error('The assessment appointment was not saved');
  const id = appointment.id;
  const { settings } = await repo.serviceSettings(tx, serviceId);
  await notify.queueReminders(
    { tx, clock, serviceId, links },
    {
      patient: booking.patient,
      appt: {
        id,
        type: 'assessment',
        startsAt: booking.startsAt,
        endsAt: booking.endsAt,
        mode: booking.mode,
        place: booking.place,
      },
      settings,
    },
  );
  return id;
}

/** The patient's appointments still booked to start after now, as their messages need them. */
async function futureForMessages(
  tx: Db,
  serviceId: string,
  patientId: string,
  now: Date,
): Promise<notify.MessageAppointment[]> {
  const future = await repo.futureBookedForPatient(tx, serviceId, patientId, now);
  return future.map((detail) => ({
    id: detail.appointment.id,
    type: detail.appointment.type,
    startsAt: detail.appointment.startsAt,
    endsAt: detail.appointment.endsAt,
    mode: detail.appointment.mode,
    place: placeOf(detail),
  }));
}

/**
 * The patient has just allowed texts or emails again, or given a number or address for a channel
 * they allow (a change of contact details, H6): each appointment still booked in the future gets
 * the reminders booking would have queued on those channels, still to come, none repeated. When
 * nothing could reach them before (`unreachableBefore`), booking told them nothing, so they also
 * get one list of those appointments on each new channel (`queueBookedList`, walk 12). Call inside
 * the transaction that saves the change; answers how many of each were queued.
 */
export async function queueRemindersOnChannels(
  tx: Db,
  clock: Clock,
  serviceId: string,
  links: Links,
  patient: notify.PatientContact,
  channels: readonly Channel[],
  { unreachableBefore = false }: { unreachableBefore?: boolean } = {},
): Promise<{ reminders: number; lists: number }> {
  if (channels.length === 0) return { reminders: 0, lists: 0 };
  const future = await futureForMessages(tx, serviceId, patient.id, clock.now());
  if (future.length === 0) return { reminders: 0, lists: 0 };
  const m = { tx, clock, serviceId, links };
  const lists = unreachableBefore
    ? await notify.queueBookedList(m, { patient, appts: future, channels })
    : 0;
  const { settings } = await repo.serviceSettings(tx, serviceId);
  let reminders = 0;
  for (const appt of future)
    reminders += await notify.queueMissingReminders(m, { patient, appt, settings, channels });
  return { reminders, lists };
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
/** Booked appointments in a room that have not ended: a room in use by them stays in use. */
export const bookedInRoomFrom = repo.bookedInRoomFrom;
export const bookedAtLocationFrom = repo.bookedAtLocationFrom;
export const futureBookedAtLocationFrom = repo.futureBookedAtLocationFrom;
export type { AppointmentDetail, AppointmentRow } from './diary.repository';

// ---- Pages: what each diary page shows, access-checked and audited ------------------------------

export interface DiaryRequest {
  view: DiaryView;
  date: IsoDate;
}

export type DiaryPageResult =
  | { kind: 'not_found' }
  /** A manager without a therapist chosen goes to all diaries. */
  | { kind: 'all' }
  /** A supervisor who supervises nobody yet. */
  | { kind: 'nobody' }
  | {
      kind: 'ok';
      therapistId: string;
      therapistName: string;
      own: boolean;
      layout: DiaryLayout<repo.AppointmentListItem>;
      requests: Awaited<ReturnType<typeof repo.listRearrangeRequests>>;
      /** IPT sessions the patient cancelled, for the therapist to offer another (H29). */
      toOffer: SessionToOffer[];
      canBook: boolean;
      isManager: boolean;
      options: { id: string; name: string }[] | null;
    };

/** One audit row per patient shown (one row without a patient when nobody is shown). */
async function auditShown(
  uc: UseCase,
  action: AuditAction,
  patientIds: readonly string[],
  details: Record<string, unknown>,
) {
  const unique = [...new Set(patientIds)];
  if (unique.length === 0) await uc.audit({ action, details });
  else await uc.auditMany(unique.map((patientId) => ({ action, patientId, details })));
}

/**
 * A therapist's diary: their own by default; a supervisor's first trainee; a manager chooses.
 * Someone else's diary answers "not found" and the attempt is audited.
 */
export async function openDiary(
  uc: UseCase,
  input: DiaryRequest & { therapistId: string | null },
): Promise<DiaryPageResult> {
  const who = await actorOf(uc);
  const serviceId = uc.service.id;
  const isManager = who.roles.includes('service_manager');
  const isTherapist = who.roles.includes('therapist');
  let therapistId = input.therapistId;
  if (!therapistId) {
    if (isTherapist) therapistId = who.userId;
    else if (isManager) return { kind: 'all' };
    else therapistId = who.supervisees[0] ?? null;
  }
  if (!therapistId) return { kind: 'nobody' };
  const therapist = await therapists.findUser(uc.db, serviceId, therapistId);
  if (
    !therapist?.roles.includes('therapist') ||
    !can(who, 'therapist.view_diary', { kind: 'therapist', serviceId, therapistId })
  ) {
    await auditRefusal(uc, 'diary.view', null, therapistId, 'diary');
    return { kind: 'not_found' };
  }
  const now = uc.clock.now();
  const range = diaryRange(input.view, input.date);
  const [items, requests, settings, profile] = await Promise.all([
    repo.listAppointments(uc.db, serviceId, {
      ...range,
      therapistIds: [therapistId],
      includeCancelled: true,
    }),
    repo.listRearrangeRequests(uc.db, serviceId, [therapistId], now),
    repo.serviceSettings(uc.db, serviceId),
    therapists.findProfile(uc.db, serviceId, therapistId),
  ]);
  const layout = layoutDiary(input.view, input.date, items, (i) => i.appointment, {
    extraClosures: settings.officeHours.extraClosures,
    workingPattern: profile?.workingPattern ?? null,
  });
  const toOffer = await sessionsToOffer(uc, therapistId);
  await auditShown(
    uc,
    'diary.view',
    [...items, ...requests].map((a) => a.patient.id),
    { therapistId, view: input.view, date: input.date },
  );
  const options = isManager
    ? (await therapists.listTherapists(uc.db, serviceId)).map((t) => ({
        id: t.userId,
        name: t.displayName,
      }))
    : who.supervisees.length > 0
      ? [
          ...(isTherapist ? [{ id: who.userId, name: 'Your own diary' }] : []),
          ...[...(await therapists.displayNames(uc.db, serviceId, [...who.supervisees]))].map(
            ([id, name]) => ({ id, name }),
          ),
        ]
      : null;
  return {
    kind: 'ok',
    therapistId,
    therapistName: therapist.displayName,
    own: therapistId === who.userId,
    layout,
    requests,
    toOffer,
    canBook: can(who, 'therapist.book_for', { kind: 'therapist', serviceId, therapistId }),
    isManager,
    options,
  };
}

/** Every therapist's diary at once (managers). Every patient shown is audited. */
export async function openAllDiaries(uc: UseCase, input: DiaryRequest) {
  const serviceId = uc.service.id;
  const range = diaryRange(input.view, input.date);
  const [items, settings] = await Promise.all([
    repo.listAppointments(uc.db, serviceId, { ...range, includeCancelled: true }),
    repo.serviceSettings(uc.db, serviceId),
  ]);
  await auditShown(
    uc,
    'diary.view_all',
    items.map((a) => a.patient.id),
    { ...input },
  );
  return layoutDiary(input.view, input.date, items, (i) => i.appointment, {
    extraClosures: settings.officeHours.extraClosures,
  });
}

export interface RoomDiary {
  locationName: string;
  rooms: { id: string; name: string; active: boolean; bookings: repo.AppointmentListItem[] }[];
}

/** Room bookings by location (managers). Every patient shown is audited. */
export async function openRooms(uc: UseCase, input: DiaryRequest) {
  const serviceId = uc.service.id;
  const range = diaryRange(input.view, input.date);
  const allRooms = await locationsRepo.listAllRooms(uc.db, serviceId);
  const items = await repo.listAppointments(uc.db, serviceId, {
    ...range,
    roomIds: allRooms.map((r) => r.room.id),
  });
  const byLocation = new Map<string, RoomDiary>();
  for (const { room, location } of allRooms) {
    if (!location.active && !items.some((i) => i.appointment.roomId === room.id)) continue;
    const entry = byLocation.get(location.id) ?? { locationName: location.name, rooms: [] };
    entry.rooms.push({
      id: room.id,
      name: room.name,
      active: room.active,
      bookings: items.filter((i) => i.appointment.roomId === room.id),
    });
    byLocation.set(location.id, entry);
  }
  await auditShown(
    uc,
    'diary.view_rooms',
    items.map((a) => a.patient.id),
    { ...input },
  );
  return {
    layout: layoutDiary(input.view, input.date, items, (i) => i.appointment),
    locations: [...byLocation.values()],
  };
}

/** The places an appointment can be held: active locations and their active rooms. */
export async function placeOptions(uc: UseCase) {
  const serviceId = uc.service.id;
  const all = await locationsRepo.listAllRooms(uc.db, serviceId);
  const locations = (await locationsRepo.listLocations(uc.db, serviceId))
    .filter((l) => l.active)
    .map((l) => ({ id: l.id, name: l.name }));
  const rooms = all
    .filter((r) => r.room.active && r.location.active)
    .map((r) => ({
      id: r.room.id,
      name: r.room.name,
      locationId: r.location.id,
      locationName: r.location.name,
    }));
  return { locations, rooms };
}

/** The patients a user may book for: a manager's whole service, a therapist's own. Audited. */
export async function choosePatientForBooking(uc: UseCase) {
  const who = await actorOf(uc);
  const list = await repo.listPatientsForBooking(
    uc.db,
    uc.service.id,
    who.roles.includes('service_manager') ? undefined : [who.userId],
  );
  await auditShown(
    uc,
    'diary.choose_patient',
    list.map((p) => p.id),
    { count: list.length },
  );
  return list;
}

export interface CourseSummary {
  id: string;
  plannedSessions: number;
  attendedSessions: number;
  bookedSessions: number;
  /** Planned sessions not yet attended or booked (`sessionsLeftToBook`). */
  leftToBook: number;
  therapistName: string;
}

export interface BookingTarget {
  patient: NonNullable<Awaited<ReturnType<typeof findPatient>>>;
  course: Awaited<ReturnType<typeof repo.findCourse>>;
  summary: CourseSummary | null;
  /** Therapists a manager may choose from; null when the user books into their own diary. */
  therapists: { id: string; name: string }[] | null;
  places: Awaited<ReturnType<typeof placeOptions>>;
}

/**
 * Who the booking form is for (a patient, or a course), and whether this user may book for them;
 * null means not found. `audit` says whether this opening is audited (the form shown first).
 */
export async function openBooking(
  uc: UseCase,
  input: { patientId: string | null; courseId: string | null; audit: boolean },
): Promise<BookingTarget | null> {
  const { patientId } = input;
  const serviceId = uc.service.id;
  const who = await actorOf(uc);
  // Opened from the patient: their active IPT course, when they have one, is the target.
  const courseId =
    input.courseId ??
    (patientId ? await repo.activeIptCourseId(uc.db, serviceId, patientId) : null);
  const course = courseId ? await repo.findCourse(uc.db, serviceId, courseId) : null;
  const pid = course?.patientId ?? patientId;
  const patient =
    (courseId && !course) || !pid || (course && patientId && course.patientId !== patientId)
      ? null
      : await findPatient(uc.db, serviceId, pid);
  const allowed =
    patient !== null && can(who, 'care.manage', bookingResource(serviceId, patient, course));
  if (input.audit || !allowed)
    await uc.audit({
      action: 'diary.book_form',
      patientId: patient?.id ?? null,
      outcome: allowed ? 'success' : 'denied',
      recordType: courseId ? 'course' : 'patient',
      recordId: courseId ?? patientId ?? undefined,
    });
  if (!allowed) return null;
  let summary: CourseSummary | null = null;
  if (course) {
    const counts = await repo.courseSessionCounts(uc.db, serviceId, course.id);
    const names = await therapists.displayNames(uc.db, serviceId, [course.therapistId]);
    summary = {
      id: course.id,
      plannedSessions: course.plannedSessions,
      attendedSessions: counts.attended,
      bookedSessions: counts.booked,
      leftToBook: sessionsLeftToBook({
        status: course.status,
        plannedSessions: course.plannedSessions,
        attendedSessions: counts.attended,
        bookedSessions: counts.booked,
      }),
      therapistName: names.get(course.therapistId) ?? '',
    };
  }
  const therapistList = who.roles.includes('service_manager')
    ? (await therapists.listTherapists(uc.db, serviceId))
        .filter((t) => t.active)
        .map((t) => ({ id: t.userId, name: t.displayName }))
    : null;
  return { patient, course, summary, therapists: therapistList, places: await placeOptions(uc) };
}

/**
 * The booking form shown again from a press that books nothing ("Book a review instead"): a new
 * look at the patient's booking details, audited as the first showing is.
 */
export async function auditBookingFormShown(uc: UseCase, target: BookingTarget) {
  await uc.audit({
    action: 'diary.book_form',
    patientId: target.patient.id,
    recordType: target.course ? 'course' : 'patient',
    recordId: target.course?.id ?? target.patient.id,
    details: { shownAgain: true },
  });
}

/** The current closures and reminder settings, for the settings form. */
export async function currentSettings(uc: UseCase) {
  return repo.serviceSettings(uc.db, uc.service.id);
}

// ---- Free times: a week of the therapist's and the room's free slots -----------------------------

export interface FreeTimesInput {
  patientId: string;
  therapistId: string;
  roomId: string | null;
  week: IsoDate;
  durationMinutes: number;
  /** The appointment being moved: its own time is not in the way. */
  excludeAppointmentId?: string | null;
  /**
   * When nobody asked for a week: if this one has no free time, show the first of this many
   * weeks after it that has, so a full week does not leave the clinician hunting with "Next week".
   */
  lookAheadWeeks?: number;
}

export interface FreeTimes {
  therapistName: string;
  /** The room and its location, when one was chosen (face to face). */
  room: { id: string; name: string; locationId: string; locationName: string } | null;
  /** True when the therapist has no working pattern and the service's office hours stood in. */
  officeHoursUsed: boolean;
  weekStart: IsoDate;
  /** The week first looked at, when it had no free time and a later week is shown instead. */
  fullWeekSkipped: IsoDate | null;
  days: FreeDay[];
}

/** Free slots start on this grid, in minutes. */
export const FREE_SLOT_STEP_MINUTES = 30;

/**
 * The free times of one week for booking: within the therapist's working pattern (the service's
 * office hours when none is recorded) and, with a room, its location's opening hours; off
 * closures; clear of the therapist's, the room's and the patient's appointments. Shows no
 * appointment or patient, only when is free. Null when the user may not book for this therapist.
 */
export async function freeTimes(uc: UseCase, input: FreeTimesInput): Promise<FreeTimes | null> {
  const who = await actorOf(uc);
  if (
    !can(who, 'therapist.book_for', {
      kind: 'therapist',
      serviceId: uc.service.id,
      therapistId: input.therapistId,
    })
  )
    return null;
  return freeTimesOf(uc, input);
}

/**
 * Free times for booking a referral's assessment: triage is a shared queue, so any clinician who
 * works it may book with any therapist (as bookAssessment allows), and may see when they are free.
 */
export async function assessmentFreeTimes(
  uc: UseCase,
  input: FreeTimesInput,
): Promise<FreeTimes | null> {
  const who = await actorOf(uc);
  if (!can(who, 'queue.work', { kind: 'referral', serviceId: uc.service.id })) return null;
  return freeTimesOf(uc, input);
}

/** Free times for moving a booked appointment: same therapist and patient, its own time free. */
export async function rearrangeFreeTimes(
  uc: UseCase,
  detail: repo.AppointmentDetail,
  input: { roomId: string | null; week: IsoDate; durationMinutes: number },
): Promise<FreeTimes | null> {
  if (!can(await actorOf(uc), 'care.manage', careOf(detail))) return null;
  return freeTimesOf(uc, {
    ...input,
    patientId: detail.patient.id,
    therapistId: detail.appointment.therapistId,
    excludeAppointmentId: detail.appointment.id,
  });
}

async function freeTimesOf(uc: UseCase, input: FreeTimesInput): Promise<FreeTimes | null> {
  const serviceId = uc.service.id;
  const user = await therapists.findUser(uc.db, serviceId, input.therapistId);
  if (!user?.active || !user.roles.includes('therapist')) return null;
  const [profile, { officeHours }, room] = await Promise.all([
    therapists.findProfile(uc.db, serviceId, input.therapistId),
    repo.serviceSettings(uc.db, serviceId),
    input.roomId ? locationsRepo.findRoom(uc.db, serviceId, input.roomId) : null,
  ]);
  const location = room?.active
    ? await locationsRepo.findLocation(uc.db, serviceId, room.locationId)
    : null;
  const usable = room?.active && location?.active ? { room, location } : null;
  const firstMonday = weekStart(input.week);
  const pattern = profile?.workingPattern ?? {};
  const recorded = Object.values(pattern).some(Boolean);
  const officePattern = Object.fromEntries(
    officeHours.days.map((d) => [
      String(d),
      { opens: officeHours.opens, closes: officeHours.closes },
    ]),
  );
  const weeksToTry = 1 + Math.max(0, Math.min(input.lookAheadWeeks ?? 0, 8));
  // One read of everything in the way across all the weeks that may be looked at.
  const busy = await repo.busyIntervals(
    uc.db,
    serviceId,
    { therapistId: input.therapistId, roomId: usable?.room.id ?? null, patientId: input.patientId },
    {
      from: londonDayRange(firstMonday).from,
      to: londonDayRange(addDays(firstMonday, 7 * weeksToTry - 1)).to,
    },
    input.excludeAppointmentId ?? null,
  );
  const weekFrom = (monday: IsoDate) =>
    freeSlots({
      weekStart: monday,
      durationMinutes: input.durationMinutes,
      stepMinutes: FREE_SLOT_STEP_MINUTES,
      now: uc.clock.now(),
      workingPattern: recorded ? pattern : officePattern,
      openingHours: usable?.location.openingHours ?? null,
      extraClosures: officeHours.extraClosures,
      busy: [...busy.therapist, ...busy.room, ...busy.patient],
    });
  let monday = firstMonday;
  let days = weekFrom(monday);
  for (let week = 1; week < weeksToTry && !days.some((d) => d.slots.length > 0); week++) {
    const later = addDays(firstMonday, 7 * week);
    const laterDays = weekFrom(later);
    if (laterDays.some((d) => d.slots.length > 0)) [monday, days] = [later, laterDays];
  }
  return {
    therapistName: user.displayName,
    room: usable
      ? {
          id: usable.room.id,
          name: usable.room.name,
          locationId: usable.location.id,
          locationName: usable.location.name,
        }
      : null,
    officeHoursUsed: !recorded,
    weekStart: monday,
    fullWeekSkipped: monday === firstMonday ? null : firstMonday,
    days,
  };
}
