import type { AuthUser } from '../../platform/types';

export interface PatientAccessFacts {
  userId: string | null;
  responsibleClinicianId: string | null;
}

/**
 * Who may open a patient's record: the patient themself, the responsible clinician, and
 * service managers. Everyone else gets "not found" so the record's existence is not revealed.
 * Supervisors gain their trainees' patients when supervision is recorded (diary issue).
 */
export function canSeePatient(
  user: AuthUser,
  patient: PatientAccessFacts,
  supervisedClinicianIds: readonly string[] = [],
): boolean {
  if (patient.userId !== null && patient.userId === user.userId) return true;
  if (user.roles.includes('service_manager')) return true;
  if (user.roles.includes('therapist') && patient.responsibleClinicianId === user.userId)
    return true;
  if (
    user.roles.includes('supervisor') &&
    patient.responsibleClinicianId !== null &&
    supervisedClinicianIds.includes(patient.responsibleClinicianId)
  )
    return true;
  return false;
}
