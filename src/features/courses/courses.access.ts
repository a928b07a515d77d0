import { accessActorFor, can, type AccessActor } from '../../platform/access';
import type { AuditAction } from '../../platform/audit';
import type { UseCase } from '../../platform/use-case';
import { findPatient, signedInUser, type PatientRow } from '../patients';
import * as repo from './courses.repository';

/** The course as the access policy sees it: run by a therapist, for a patient. */
export function courseResource(course: repo.CourseRow, patient: PatientRow) {
  return {
    kind: 'course' as const,
    serviceId: course.serviceId,
    therapistId: course.therapistId,
    responsibleClinicianId: patient.responsibleClinicianId,
    patientUserId: patient.userId,
  };
}

export async function actorOf(uc: UseCase): Promise<AccessActor> {
  return accessActorFor(uc.db, signedInUser(uc));
}

/**
 * Opens a course to change it, inside the caller's transaction: the course, locked so changes to
 * one course run one after another, and its patient, when the signed-in user may manage its care.
 * Anyone else gets null (404), and the refusal is audited under the change's action.
 */
export async function courseForChange(
  t: UseCase,
  courseId: string,
  action: AuditAction,
): Promise<{ course: repo.CourseRow; patient: PatientRow } | null> {
  const serviceId = t.service.id;
  const course = await repo.findCourse(t.db, serviceId, courseId, true);
  const patient = course ? await findPatient(t.db, serviceId, course.patientId) : null;
  if (course && patient && can(await actorOf(t), 'care.manage', courseResource(course, patient)))
    return { course, patient };
  await t.audit({
    action,
    patientId: patient?.id ?? null,
    recordType: 'course',
    recordId: courseId,
    outcome: 'denied',
  });
  return null;
}
