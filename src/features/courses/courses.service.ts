import type { CourseMode } from '../../db/schema';
import { plannedBelowSessionsProblem, type CourseLength } from '../../domain/ipt';
import { can, inGroup } from '../../platform/access';
import { isActiveCourseClash } from '../../platform/db-errors';
import type { EventContext } from '../../platform/events';
import { auditPatientsListed, type UseCase } from '../../platform/use-case';
import type { FieldError } from '../../ui/forms';
import * as diary from '../diary';
import type { DiaryEvents } from '../diary';
import { findCourseOutcome } from '../outcomes';
import { findPatient } from '../patients';
import { moveOpenAlertsToClinician } from '../risk';
import * as therapists from '../therapists';
import { actorOf, courseForChange, courseResource } from './courses.access';
import * as repo from './courses.repository';
import { iptTherapistFor } from './courses.therapist';

const NOT_FOUND = { ok: false as const, notFound: true as const };
const fail = (errors: FieldError[]) => ({ ok: false as const, errors });

/** What a change answers: done (with a value), refused with field errors, or not found (404). */
export type Outcome<T> =
  { ok: true; value: T } | { ok: false; errors: FieldError[] } | { ok: false; notFound: true };

export interface AllocationInput {
  therapistId: string;
  /** Planned sessions and longest session, with the reason when outside 12–16 and 50 minutes. */
  length: CourseLength;
  modePreference: CourseMode;
}

/**
 * Allocates a patient on the IPT waiting list to a therapist: starts an IPT course, moves the
 * referral to "in treatment" and makes the therapist the responsible clinician. Only a therapist
 * who can deliver IPT (src/domain/ipt canDeliverIpt) can be chosen.
 */
export async function allocate(
  uc: UseCase,
  { referralId, allocation }: { referralId: string; allocation: AllocationInput },
): Promise<Outcome<string>> {
  try {
    return await uc.transaction(async (t) => {
      const tx = t.db;
      const serviceId = t.service.id;
      const referral = await repo.findReferral(tx, serviceId, referralId, true);
      if (!referral?.patientId) return NOT_FOUND;
      if (referral.status !== 'ipt_waiting')
        return fail([
          {
            field: 'therapistId',
            message:
              'This referral is no longer on the IPT waiting list. It may have been allocated already',
          },
        ]);
      const patient = await findPatient(tx, serviceId, referral.patientId);
      if (!patient) return NOT_FOUND;
      const chosen = await iptTherapistFor(tx, serviceId, allocation.therapistId, {
        cannot: 'cannot be allocated',
      });
      if (!chosen.ok) return fail([{ field: 'therapistId', message: chosen.message }]);
      const { therapist } = chosen;
      if (await repo.findActiveCourse(tx, serviceId, patient.id, 'ipt'))
        return fail([
          {
            field: 'therapistId',
            message: `${patient.givenName} ${patient.familyName} already has an active IPT course`,
          },
        ]);
      const now = t.clock.now();
      const course = await repo.insertCourse(tx, {
        serviceId,
        patientId: patient.id,
        referralId: referral.id,
        therapistId: therapist.id,
        therapy: 'ipt',
        plannedSessions: allocation.length.plannedSessions,
        sessionMinutes: allocation.length.sessionMinutes,
        lengthReason: allocation.length.reason,
        modePreference: allocation.modePreference,
        startedAt: now,
        allocatedBy: t.actor.userId,
      });
      await repo.setReferralStatus(tx, serviceId, referral.id, 'in_treatment', now);
      await repo.setResponsibleClinician(tx, serviceId, patient.id, therapist.id);
      // Open risk alerts follow the patient to their new responsible clinician.
      const movedAlerts =
        patient.responsibleClinicianId === therapist.id
          ? []
          : await moveOpenAlertsToClinician(tx, serviceId, patient.id, therapist.id);
      await t.audit({
        action: 'course.allocate',
        patientId: patient.id,
        recordType: 'course',
        recordId: course.id,
        details: {
          referralId: referral.id,
          therapistId: therapist.id,
          plannedSessions: allocation.length.plannedSessions,
          sessionMinutes: allocation.length.sessionMinutes,
          lengthReason: allocation.length.reason,
          modePreference: allocation.modePreference,
          previousClinicianId: patient.responsibleClinicianId,
          movedRiskAlerts: movedAlerts,
        },
      });
      return { ok: true as const, value: course.id };
    });
  } catch (err) {
    if (!isActiveCourseClash(err)) throw err;
    return fail([
      { field: 'therapistId', message: 'This patient already has an active IPT course' },
    ]);
  }
}

/**
 * The referral and patient behind the allocation form; null (404) unless the referral is on the
 * IPT waiting list, or was when a refused post shows the form again. Audited.
 */
export async function openAllocation(
  uc: UseCase,
  { referralId, afterRefusal }: { referralId: string; afterRefusal: boolean },
) {
  const serviceId = uc.service.id;
  const referral = await repo.findReferral(uc.db, serviceId, referralId);
  if (!referral?.patientId || (!afterRefusal && referral.status !== 'ipt_waiting')) return null;
  const patient = await findPatient(uc.db, serviceId, referral.patientId);
  if (!patient) return null;
  await uc.audit({
    action: 'course.allocate_form',
    patientId: patient.id,
    recordType: 'referral',
    recordId: referral.id,
  });
  return { referral, patient };
}

/** The IPT waiting list, for allocators; one audit row per patient shown. */
export async function waitingList(uc: UseCase) {
  const rows = await repo.listAllocatable(uc.db, uc.service.id);
  const details = { count: rows.length };
  if (rows.length === 0) await uc.audit({ action: 'course.waiting_list_view', details });
  else
    await uc.auditMany(
      rows.map((r) => ({
        action: 'course.waiting_list_view' as const,
        patientId: r.patientId,
        recordType: 'referral',
        recordId: r.referralId,
        details,
      })),
    );
  return rows;
}

/**
 * Whether the signed-in user may open this course: after allocating a patient, or handing a
 * course over, to a therapist whose courses they cannot see (a supervisor who does not supervise
 * them), they are sent somewhere they can see instead of to a page that is not found for them.
 * Nothing of the course is shown, so nothing is audited here.
 */
export async function maySeeCourse(uc: UseCase, courseId: string): Promise<boolean> {
  const course = await repo.findCourse(uc.db, uc.service.id, courseId);
  const patient = course ? await findPatient(uc.db, uc.service.id, course.patientId) : null;
  return (
    course !== null &&
    patient !== null &&
    can(await actorOf(uc), 'care.manage', courseResource(course, patient))
  );
}

/**
 * Who was allocated or handed over, for the banner of the page the change sent its maker back
 * to: the patient and their therapist now. Only for the user who made that change to that
 * course (its audit row), so a course id in the address shows nobody else's patient; else null.
 */
export async function courseChangeNotice(
  uc: UseCase,
  input: { courseId: string; action: 'course.allocate' | 'course.change_therapist' },
): Promise<{ patientName: string; therapistName: string } | null> {
  const serviceId = uc.service.id;
  const userId = uc.actor.userId;
  if (!userId) return null;
  const course = await repo.findCourse(uc.db, serviceId, input.courseId);
  if (!course) return null;
  if (!(await repo.userChangedCourse(uc.db, serviceId, { ...input, userId }))) return null;
  const patient = await findPatient(uc.db, serviceId, course.patientId);
  const therapist = await therapists.findUser(uc.db, serviceId, course.therapistId);
  if (!patient || !therapist) return null;
  return {
    patientName: `${patient.givenName} ${patient.familyName}`,
    therapistName: therapist.displayName,
  };
}

export type CourseView = NonNullable<Awaited<ReturnType<typeof openCourse>>>;

/** Opens a course for staff (its therapist, their supervisor, a manager); null means 404. Audited. */
export async function openCourse(uc: UseCase, { courseId }: { courseId: string }) {
  const serviceId = uc.service.id;
  const course = await repo.findCourse(uc.db, serviceId, courseId);
  const patient = course ? await findPatient(uc.db, serviceId, course.patientId) : null;
  const actor = await actorOf(uc);
  const allowed =
    course !== null &&
    patient !== null &&
    can(actor, 'care.manage', courseResource(course, patient));
  await uc.audit({
    action: 'course.read',
    patientId: patient?.id ?? null,
    recordType: 'course',
    recordId: courseId,
    outcome: allowed ? 'success' : 'denied',
  });
  if (!allowed) return null;
  const therapist = await therapists.findUser(uc.db, serviceId, course.therapistId);
  const therapistName = therapist?.displayName ?? '';
  const appointments = await diary.listForCourse(uc.db, serviceId, course.id);
  const outcome =
    course.status === 'ended' ? await findCourseOutcome(uc.db, serviceId, course.id) : null;
  return {
    course,
    patient,
    therapistName,
    // A therapist whose access was removed cannot hold the sessions still booked (ADR 0036).
    therapistActive: therapist?.active ?? false,
    appointments,
    outcome,
    // The course's therapist may not be the patient's responsible clinician (after a handover):
    // the name links to the record only for those the policy lets open it (issue 9 item 9).
    mayOpenPatient: can(actor, 'patient.read', {
      kind: 'patient',
      serviceId,
      userId: patient.userId,
      responsibleClinicianId: patient.responsibleClinicianId,
    }),
    // Where to add a missing practice email for a letter, for those the policy lets change it.
    changeDetailsHref: can(actor, 'patient.update_details', {
      kind: 'patient',
      serviceId,
      userId: patient.userId,
      responsibleClinicianId: patient.responsibleClinicianId,
    })
      ? `/patients/${patient.id}/details`
      : null,
    canBook: can(actor, 'therapist.book_for', {
      kind: 'therapist',
      serviceId,
      therapistId: course.therapistId,
    }),
  };
}

/**
 * Courses the signed-in user may see (a manager all, a therapist theirs, a supervisor their
 * trainees'), with the page heading; one audit row per patient shown.
 */
export async function coursesFor(uc: UseCase) {
  const actor = await actorOf(uc);
  const serviceId = uc.service.id;
  const manager = inGroup(actor.roles, 'managers');
  const therapistIds = new Set<string>(actor.supervisees);
  if (actor.roles.includes('therapist')) therapistIds.add(actor.userId);
  const rows = await repo.listCourses(
    uc.db,
    serviceId,
    manager ? {} : { therapistIds: [...therapistIds] },
    uc.clock.now(),
  );
  const patientIds = [...new Set(rows.map((r) => r.course.patientId))];
  const details = { count: rows.length };
  if (patientIds.length === 0) await uc.audit({ action: 'course.list', details });
  else
    await uc.auditMany(
      patientIds.map((patientId) => ({ action: 'course.list' as const, patientId, details })),
    );
  return {
    rows,
    heading: manager
      ? 'Courses of treatment'
      : actor.roles.includes('supervisor')
        ? 'Your and your trainees’ courses'
        : 'Your courses',
    canAllocate: inGroup(actor.roles, 'allocators'),
  };
}

/** A course left with a therapist who can no longer sign in, on the manager's home page. */
export interface CourseToHandOver {
  courseId: string;
  patientName: string;
  therapistName: string;
  bookedSessions: number;
  nextAppointment: Date | null;
}

/**
 * For a service manager: active courses whose therapist's access was removed. Removing access
 * does not move the patients (ADR 0036), and nobody else would notice their booked sessions
 * cannot happen. One audit row per patient shown.
 */
export async function coursesToHandOver(uc: UseCase): Promise<CourseToHandOver[]> {
  const actor = await actorOf(uc);
  if (!actor.roles.includes('service_manager')) return [];
  const rows = await repo.listCourses(
    uc.db,
    uc.service.id,
    { status: 'active', therapistInactive: true },
    uc.clock.now(),
  );
  await auditPatientsListed(
    uc,
    'course.list',
    rows.map((r) => r.course.patientId),
    { count: rows.length },
  );
  return rows
    .map((r) => ({
      courseId: r.course.id,
      patientName: `${r.patientGivenName} ${r.patientFamilyName}`,
      therapistName: r.therapistName,
      bookedSessions: r.bookedSessions,
      nextAppointment: r.nextAppointment ? new Date(r.nextAppointment) : null,
    }))
    .sort(
      (a, b) =>
        (a.nextAppointment?.getTime() ?? Infinity) - (b.nextAppointment?.getTime() ?? Infinity),
    );
}

/**
 * Changes how many sessions a course plans and how long they may be. Outside 12–16 sessions of up
 * to 50 minutes the therapist records why (checkCourseLength); the change is audited with the
 * before and after, and the reason shows on the course page. Never fewer sessions than attended.
 */
export async function changeCourseLength(
  uc: UseCase,
  { courseId, length }: { courseId: string; length: CourseLength },
): Promise<Outcome<CourseLength>> {
  return uc.transaction(async (t) => {
    const serviceId = t.service.id;
    const opened = await courseForChange(t, courseId, 'course.length_change');
    if (!opened) return NOT_FOUND;
    const { course, patient } = opened;
    if (course.status !== 'active')
      return fail([{ field: 'plannedSessions', message: 'This course has ended' }]);
    const booked = (await diary.listForCourse(t.db, serviceId, course.id)).filter(
      (a) => a.appointment.type === 'ipt_session' && a.appointment.status === 'booked',
    ).length;
    const tooFew = plannedBelowSessionsProblem(length.plannedSessions, {
      attended: course.attendedSessions,
      booked,
    });
    if (tooFew) return fail([{ field: 'plannedSessions', message: tooFew }]);
    await repo.setCourseLength(t.db, serviceId, course.id, {
      plannedSessions: length.plannedSessions,
      sessionMinutes: length.sessionMinutes,
      lengthReason: length.reason,
    });
    await t.audit({
      action: 'course.length_change',
      patientId: patient.id,
      recordType: 'course',
      recordId: course.id,
      reason: length.reason ?? undefined,
      details: {
        before: {
          plannedSessions: course.plannedSessions,
          sessionMinutes: course.sessionMinutes,
          lengthReason: course.lengthReason,
        },
        after: {
          plannedSessions: length.plannedSessions,
          sessionMinutes: length.sessionMinutes,
          lengthReason: length.reason,
        },
      },
    });
    return { ok: true as const, value: length };
  });
}

/** Active courses per therapist (their caseload size), for the allocation form. */
export function caseloadSizes(uc: UseCase): Promise<Map<string, number>> {
  return repo.activeCourseCounts(uc.db, uc.service.id);
}

/**
 * Subscribed to the diary: a course's attended count follows the attendance the diary records
 * (the diary counts its IPT sessions; the course stores the number it shows and checks against).
 */
export async function whenAttendanceRecorded(
  ctx: EventContext,
  event: DiaryEvents['appointment.attendance_recorded'],
): Promise<void> {
  const { courseId } = event.appointment;
  if (courseId === null || event.courseAttendedSessions === null) return;
  await repo.setAttendedSessions(ctx.tx, ctx.serviceId, courseId, event.courseAttendedSessions);
}

/**
 * The patient's current course (the active one, else the latest), for a use case that has already
 * opened the patient's record; null when they have had none.
 */
export async function currentCourseOf(db: UseCase['db'], serviceId: string, patientId: string) {
  const courses = await repo.listPatientCourses(db, serviceId, patientId);
  return courses.find((c) => c.status === 'active') ?? courses[0] ?? null;
}
