import type { Db } from '../../db/client';
import type { CourseMode } from '../../db/schema';
import { canDeliverIpt } from '../../domain/ipt';
import { audit, type Actor } from '../../platform/audit';
import type { Clock } from '../../platform/clock';
import type { AuthUser } from '../../platform/types';
import type { FieldError } from '../../ui/forms';
import { findPatient } from '../patients';
import * as therapists from '../therapists';
import { isActiveCourseClash } from '../../platform/db-errors';
import type { EventContext } from '../../platform/events';
import * as diary from '../diary';
import { canManage, superviseesFor, type DiaryEvents, type Outcome } from '../diary';
import type { Links } from '../../platform/pages';
import { recordCourseOutcome } from '../outcomes';
import { moveOpenAlertsToClinician } from '../risk';
import * as repo from './courses.repository';

const NOT_FOUND = { ok: false as const, notFound: true as const };
const fail = (errors: FieldError[]) => ({ ok: false as const, errors });

export interface AllocationInput {
  therapistId: string;
  plannedSessions: number;
  modePreference: CourseMode;
}

/**
 * Allocates a patient on the IPT waiting list to a therapist: starts an IPT course, moves the
 * referral to "in treatment" and makes the therapist the responsible clinician. Only a therapist
 * who can deliver IPT (src/domain/ipt canDeliverIpt) can be chosen.
 */
export async function allocate(
  db: Db,
  clock: Clock,
  actor: Actor,
  referralId: string,
  input: AllocationInput,
): Promise<Outcome<string>> {
  try {
    return await db.transaction(async (tx) => {
      const serviceId = actor.serviceId;
      const referral = await repo.findReferral(tx, serviceId, referralId, true);
      if (!referral || !referral.patientId) return NOT_FOUND;
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
      const therapist = await therapists.findUser(tx, serviceId, input.therapistId);
      if (!therapist || !therapist.active || !therapist.roles.includes('therapist'))
        return fail([{ field: 'therapistId', message: 'Select a therapist' }]);
      const practitioner = therapists.practitionerFrom(
        await therapists.findProfile(tx, serviceId, therapist.id),
      );
      const can = practitioner ? canDeliverIpt(practitioner) : null;
      if (!can || !can.ok)
        return fail([
          {
            field: 'therapistId',
            message: `${therapist.displayName} cannot be allocated an IPT course. ${
              can && !can.ok
                ? can.issues[0]!.message
                : 'They have no therapist profile with IPT training yet'
            }`,
          },
        ]);
      if (await repo.findActiveCourse(tx, serviceId, patient.id, 'ipt'))
        return fail([
          {
            field: 'therapistId',
            message: `${patient.givenName} ${patient.familyName} already has an active IPT course`,
          },
        ]);
      const now = clock.now();
      const course = await repo.insertCourse(tx, {
        serviceId,
        patientId: patient.id,
        referralId: referral.id,
        therapistId: therapist.id,
        therapy: 'ipt',
        plannedSessions: input.plannedSessions,
        modePreference: input.modePreference,
        startedAt: now,
        allocatedBy: actor.userId,
      });
      await repo.setReferralStatus(tx, serviceId, referral.id, 'in_treatment', now);
      await repo.setResponsibleClinician(tx, serviceId, patient.id, therapist.id);
      // Open risk alerts follow the patient to their new responsible clinician.
      const movedAlerts =
        patient.responsibleClinicianId === therapist.id
          ? []
          : await moveOpenAlertsToClinician(tx, serviceId, patient.id, therapist.id);
      await audit(tx, clock, actor, {
        action: 'course.allocate',
        patientId: patient.id,
        recordType: 'course',
        recordId: course.id,
        details: {
          referralId: referral.id,
          therapistId: therapist.id,
          plannedSessions: input.plannedSessions,
          modePreference: input.modePreference,
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

export type CourseView = NonNullable<Awaited<ReturnType<typeof openCourse>>>;

/** Opens a course for staff (its therapist, their supervisor, a manager); null means 404. Audited. */
export async function openCourse(
  db: Db,
  clock: Clock,
  actor: Actor,
  user: AuthUser,
  courseId: string,
) {
  const course = await repo.findCourse(db, actor.serviceId, courseId);
  const patient = course ? await findPatient(db, actor.serviceId, course.patientId) : null;
  const allowed =
    course !== null &&
    patient !== null &&
    canManage(
      user,
      { therapistId: course.therapistId, responsibleClinicianId: patient.responsibleClinicianId },
      await superviseesFor(db, user),
    );
  await audit(db, clock, actor, {
    action: 'course.read',
    patientId: patient?.id ?? null,
    recordType: 'course',
    recordId: courseId,
    outcome: allowed ? 'success' : 'denied',
  });
  if (!allowed || !course || !patient) return null;
  const therapistName =
    (await therapists.displayNames(db, actor.serviceId, [course.therapistId])).get(
      course.therapistId,
    ) ?? '';
  const appointments = await diary.listForCourse(db, actor.serviceId, course.id);
  return { course, patient, therapistName, appointments };
}

/** Courses a user may see: a manager all, a therapist theirs, a supervisor their trainees'. */
export async function coursesFor(db: Db, clock: Clock, user: AuthUser) {
  const serviceId = user.serviceId;
  if (user.roles.includes('service_manager'))
    return repo.listCourses(db, serviceId, {}, clock.now());
  const ids = new Set<string>();
  if (user.roles.includes('therapist')) ids.add(user.userId);
  for (const id of await superviseesFor(db, user)) ids.add(id);
  return repo.listCourses(db, serviceId, { therapistIds: [...ids] }, clock.now());
}

/**
 * Ends a course. Sessions still booked in the future are cancelled (by the service) and the
 * patient gets one message about them; their reminders stop. The course's outcome is stored.
 */
export async function endCourse(
  db: Db,
  clock: Clock,
  actor: Actor,
  user: AuthUser,
  courseId: string,
  reason: string,
  links: Links,
): Promise<Outcome<number>> {
  return db.transaction(async (tx) => {
    const serviceId = actor.serviceId;
    const course = await repo.findCourse(tx, serviceId, courseId, true);
    if (!course) return NOT_FOUND;
    const patient = await findPatient(tx, serviceId, course.patientId);
    if (!patient) return NOT_FOUND;
    const allowed = canManage(
      user,
      { therapistId: course.therapistId, responsibleClinicianId: patient.responsibleClinicianId },
      await superviseesFor(tx, user),
    );
    if (!allowed) return NOT_FOUND;
    if (course.status !== 'active')
      return fail([{ field: 'reason', message: 'This course has already ended' }]);
    const now = clock.now();
    const cancelled = await diary.cancelFutureCourseSessions(
      tx,
      clock,
      serviceId,
      patient,
      course.id,
      links,
    );
    await repo.endCourse(tx, serviceId, course.id, reason, now);
    // The NHS Talking Therapies outcome is worked out and stored with the ending, or not at all.
    await recordCourseOutcome(tx, clock, actor, course, now);
    await audit(tx, clock, actor, {
      action: 'course.end',
      patientId: patient.id,
      recordType: 'course',
      recordId: course.id,
      details: { attendedSessions: course.attendedSessions, cancelledAppointments: cancelled },
    });
    return { ok: true as const, value: cancelled };
  });
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
