import { sessionScoresCount } from '../../domain/outcomes';
import type { UseCase } from '../../platform/use-case';
import { currentCourseOf } from '../courses';
import { courseSessions, scoresOfCourse } from '../outcomes';
import { openPatient, ownPatientRecord, signedInUser, type PatientRow } from '../patients';
import { listPatientScores } from './progress.repository';
import { buildSeries, CHARTED_MEASURES } from './progress.summary';

/**
 * The patient's series, with the baseline taken from their current course's scores, the way the
 * caseload and the stored outcome take it (ADR 0005).
 */
async function seriesFor(uc: UseCase, patient: PatientRow) {
  const course = await currentCourseOf(uc.db, patient.serviceId, patient.id);
  const rows = await listPatientScores(
    uc.db,
    patient.serviceId,
    patient.id,
    CHARTED_MEASURES,
    course?.referralId ? [course.referralId] : [],
  );
  if (!course) return buildSeries(rows);
  const sessions = await courseSessions(uc.db, patient.serviceId, [course.id]);
  const notHeld = new Set(sessions.filter((s) => !sessionScoresCount(s.status)).map((s) => s.id));
  const marked = rows.map((r) => ({
    ...r,
    sessionNotHeld:
      r.context === 'session' && r.appointmentId !== null && notHeld.has(r.appointmentId),
  }));
  return buildSeries(marked, scoresOfCourse(course, sessions, marked));
}

/** A signed-in patient's own scores over time; audited when they have a record. */
export async function ownProgress(uc: UseCase) {
  const user = signedInUser(uc);
  const patient = await ownPatientRecord(uc.db, user.serviceId, user.userId);
  if (!patient) return buildSeries([]);
  await uc.audit({
    action: 'progress.read',
    patientId: patient.id,
    recordType: 'patient',
    recordId: patient.id,
    reason: 'patient viewed own progress',
  });
  return seriesFor(uc, patient);
}

/** A patient's scores by session, for a clinician who may open the record; null means 404. */
export async function patientProgress(uc: UseCase, input: { patientId: string }) {
  const patient = await openPatient(uc, { patientId: input.patientId, purpose: 'view progress' });
  if (!patient) return null;
  return { patient, series: await seriesFor(uc, patient) };
}
