/**
 * Keeping a patient's contact and GP details right: people move, change phone and change GP, and
 * a letter to the wrong practice or a reminder to an old number fails them. Clinicians who may
 * open the record change it (`patient.update_details`); every change is audited with the fields
 * that changed, never their values.
 */
import { accessActorFor, can } from '../../platform/access';
import type { UseCase } from '../../platform/use-case';
import { openPatient, signedInUser, type PatientRow } from './patients.service';
import { updatePatientDetails, type PatientDetails } from './patients.repository';

const FIELDS: readonly (keyof PatientDetails)[] = [
  'address',
  'postcode',
  'email',
  'mobile',
  'gpPractice',
  'gpEmail',
  'allowEmail',
  'allowSms',
  'allowVoicemail',
  'allowLettersByEmail',
];

async function mayChange(uc: UseCase, patient: PatientRow): Promise<boolean> {
  return can(await accessActorFor(uc.db, signedInUser(uc)), 'patient.update_details', {
    kind: 'patient',
    serviceId: patient.serviceId,
    userId: patient.userId,
    responsibleClinicianId: patient.responsibleClinicianId,
  });
}

/** The record to change (its opening audited); null (404) when missing or not the user's to change. */
export async function openDetailsForChange(
  uc: UseCase,
  patientId: string,
): Promise<PatientRow | null> {
  const patient = await openPatient(uc, { patientId, purpose: 'change details' });
  if (!patient || !(await mayChange(uc, patient))) return null;
  return patient;
}

/** Saves the details; answers which fields changed (none is not an error). */
export async function changePatientDetails(
  uc: UseCase,
  patient: PatientRow,
  details: PatientDetails,
): Promise<(keyof PatientDetails)[] | null> {
  if (!(await mayChange(uc, patient))) return null;
  const changed = FIELDS.filter((f) => patient[f] !== details[f]);
  if (changed.length === 0) return changed;
  await updatePatientDetails(uc.db, uc.service.id, patient.id, details);
  await uc.audit({
    action: 'patient.update',
    patientId: patient.id,
    recordType: 'patient',
    recordId: patient.id,
    details: { changed },
  });
  return changed;
}
