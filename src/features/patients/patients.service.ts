import type { Db } from '../../db/client';
import { audit, type Actor } from '../../platform/audit';
import type { Clock } from '../../platform/clock';
import type { AuthUser } from '../../platform/types';
import { superviseesOf } from '../therapists';
import { canSeePatient } from './patient-access';
import { findPatient, findPatientByUser, type PatientRow } from './patients.repository';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Opens a record for a user: null (shown as 404) when missing or not theirs; every attempt audited. */
export async function openPatientRecord(
  db: Db,
  clock: Clock,
  actor: Actor,
  user: AuthUser,
  patientId: string,
  purpose: string,
): Promise<PatientRow | null> {
  if (!UUID_RE.test(patientId)) return null;
  const patient = await findPatient(db, actor.serviceId, patientId);
  // A supervisor sees the patients of the therapists they supervise (their trainees).
  const supervisees = user.roles.includes('supervisor')
    ? await superviseesOf(db, actor.serviceId, user.userId)
    : [];
  if (!patient || !canSeePatient(user, patient, supervisees)) {
    await audit(db, clock, actor, {
      action: 'patient.read',
      patientId: patient ? patientId : null,
      recordType: 'patient',
      recordId: patientId,
      outcome: 'denied',
      reason: purpose,
    });
    return null;
  }
  await audit(db, clock, actor, {
    action: 'patient.read',
    patientId,
    recordType: 'patient',
    recordId: patientId,
    reason: purpose,
  });
  return patient;
}

/** The record linked to a signed-in patient's own account (null before one is linked). */
export function ownPatientRecord(
  db: Db,
  serviceId: string,
  userId: string,
): Promise<PatientRow | null> {
  return findPatientByUser(db, serviceId, userId);
}

// ---- What other features may ask about patients (through index.ts) -----------------------------

export type { PatientRow } from './patients.repository';
/** The record itself, for a use case that has already decided the actor may act on it. */
export { findPatient, findPatientByUser };
