/**
 * The patient's summary page: their record with their current course, its sessions and where to
 * see progress and outcomes. Kept out of index.ts so the features it reads from (courses, diary,
 * outcomes, therapists), which themselves use the patients front door, never form a cycle.
 * Every link is to a page the viewer may open (`can`).
 */
import { formatDate, utcToLondon } from '../../domain/calendar';
import { accessActorFor, can, inGroup, patientRecordResource } from '../../platform/access';
import type { UseCase } from '../../platform/use-case';
import { currentCourseOf } from '../courses';
import { listForCourse } from '../diary';
import { mayWriteToPatient } from '../messages';
import { patientCourseOutcomes } from '../outcomes';
import { listOpenAlertsForPatient } from '../risk';
import * as therapists from '../therapists';
import { openPatient, signedInUser } from './patients.service';

/** Whole years from a date of birth to a day (both London calendar dates). */
export function ageOn(dateOfBirth: string, today: string): number | null {
  const dob = /^(\d{4})-(\d{2})-(\d{2})$/.exec(dateOfBirth);
  const now = /^(\d{4})-(\d{2})-(\d{2})$/.exec(today);
  if (!dob || !now) return null;
  const [, by, bm, bd] = dob.map(Number) as [number, number, number, number];
  const [, ny, nm, nd] = now.map(Number) as [number, number, number, number];
  const birthdayPassed = nm > bm || (nm === bm && nd >= bd);
  const age = ny - by - (birthdayPassed ? 0 : 1);
  return age >= 0 ? age : null;
}

/** "4 March 1980 (aged 46)": NHS style, with the age. */
export function dateOfBirthText(dateOfBirth: string, today: string): string {
  const age = ageOn(dateOfBirth, today);
  let written: string;
  try {
    written = formatDate(dateOfBirth);
  } catch {
    return dateOfBirth;
  }
  return age === null ? written : `${written} (aged ${age})`;
}

export type PatientSummary = NonNullable<Awaited<ReturnType<typeof openPatientSummary>>>;

/** Opens the summary (audited as `patient.read`, as the record page always was); null is 404. */
export async function openPatientSummary(uc: UseCase, { patientId }: { patientId: string }) {
  const patient = await openPatient(uc, { patientId, purpose: 'view record' });
  if (!patient) return null;
  const user = signedInUser(uc);
  const actor = await accessActorFor(uc.db, user);
  const serviceId = uc.service.id;
  const isOwnRecord = patient.userId === user.userId;
  const course = await currentCourseOf(uc.db, serviceId, patient.id);
  const canManageCourse =
    course !== null &&
    can(actor, 'care.manage', {
      kind: 'course',
      serviceId,
      therapistId: course.therapistId,
      responsibleClinicianId: patient.responsibleClinicianId,
      patientUserId: patient.userId,
    });
  const therapistName = course
    ? ((await therapists.displayNames(uc.db, serviceId, [course.therapistId])).get(
        course.therapistId,
      ) ?? null)
    : null;
  const appointments = course ? await listForCourse(uc.db, serviceId, course.id) : [];
  // Staff who opened the record are clinical (the route allows only them and patients).
  const staff = !isOwnRecord && inGroup(actor.roles, 'clinical');
  const record = patientRecordResource(patient);
  const canChangeDetails = staff && can(actor, 'patient.update_details', record);
  return {
    patient,
    isOwnRecord,
    dateOfBirth: dateOfBirthText(patient.dateOfBirth, utcToLondon(uc.clock.now()).date),
    course,
    therapistName,
    appointments,
    // A clinician opening the record sees at once that an alert waits for an action (H2); the
    // person does not see the alerts about them here.
    openAlerts: staff ? await listOpenAlertsForPatient(uc.db, serviceId, patient.id) : [],
    // Outcomes are for staff; patients see their scores, kindly worded, on /progress.
    outcomes: staff ? await patientCourseOutcomes(uc.db, serviceId, patient.id) : null,
    links: {
      course: course && canManageCourse ? `/courses/${course.id}` : null,
      appointment: (id: string) =>
        isOwnRecord ? `/appointments/${id}` : canManageCourse ? `/diary/appointments/${id}` : null,
      progress: isOwnRecord ? '/progress' : staff ? `/patients/${patient.id}/progress` : null,
      questionnaires: staff ? `/patients/${patient.id}/questionnaires` : null,
      appointments: isOwnRecord ? '/appointments' : null,
      changeDetails: canChangeDetails ? `/patients/${patient.id}/details` : null,
      // Whoever may answer the patient's questions may write to them first.
      message:
        staff && mayWriteToPatient(actor, patient) ? `/patients/${patient.id}/message` : null,
      changeOwnContact:
        isOwnRecord && can(actor, 'patient.update_own_contact', record)
          ? `/patients/${patient.id}/contact`
          : null,
    },
  };
}
