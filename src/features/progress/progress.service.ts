import type { UseCase } from '../../platform/use-case';
import { openPatient, ownPatientRecord, signedInUser } from '../patients';
import { listPatientScores } from './progress.repository';
import { buildSeries, CHARTED_MEASURES } from './progress.summary';

/** A signed-in patient's own scores over time; audited when they have a record. */
export async function ownProgress(uc: UseCase) {
  const user = signedInUser(uc);
  const patient = await ownPatientRecord(uc.db, user.serviceId, user.userId);
  if (!patient) return buildSeries([]);
  const rows = await listPatientScores(uc.db, user.serviceId, patient.id, CHARTED_MEASURES);
  await uc.audit({
    action: 'progress.read',
    patientId: patient.id,
    recordType: 'patient',
    recordId: patient.id,
    reason: 'patient viewed own progress',
  });
  return buildSeries(rows);
}

/** A patient's scores by session, for a clinician who may open the record; null means 404. */
export async function patientProgress(uc: UseCase, input: { patientId: string }) {
  const patient = await openPatient(uc, { patientId: input.patientId, purpose: 'view progress' });
  if (!patient) return null;
  const rows = await listPatientScores(uc.db, patient.serviceId, patient.id, CHARTED_MEASURES);
  return { patient, series: buildSeries(rows) };
}
