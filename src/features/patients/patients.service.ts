import type { Db } from '../../db/client';
import { accessActorFor, can, patientRecordResource } from '../../platform/access';
import { audit, type Actor, type AuditEntry } from '../../platform/audit';
import type { Clock } from '../../platform/clock';
import type { AuthUser } from '../../platform/types';
import type { UseCase } from '../../platform/use-case';
import {
  findPatient,
  findPatientByUser,
  linkPatientAccount,
  type PatientRow,
} from './patients.repository';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface OpenPatientInput {
  patientId: string;
  /** Why the record is opened, for the audit trail ("view record", "view progress" …). */
  purpose: string;
}

interface Opener {
  db: Db;
  user: AuthUser;
  audit(entry: AuditEntry): Promise<void>;
}

/** The signed-in user of a use case; a route declaring access guarantees one. */
export function signedInUser(uc: UseCase): AuthUser {
  if (!uc.user) throw new Error('This use case needs a signed-in user');
  return uc.user;
}

async function open(o: Opener, { patientId, purpose }: OpenPatientInput) {
  if (!UUID_RE.test(patientId)) return null;
  const patient = await findPatient(o.db, o.user.serviceId, patientId);
  const allowed =
    patient !== null &&
    can(await accessActorFor(o.db, o.user), 'patient.read', patientRecordResource(patient));
  await o.audit({
    action: 'patient.read',
    patientId: patient ? patientId : null,
    recordType: 'patient',
    recordId: patientId,
    reason: purpose,
    ...(allowed ? {} : { outcome: 'denied' as const }),
  });
  return allowed ? patient : null;
}

/** Opens a record for the signed-in user: null (shown as 404) when missing or not theirs; every attempt audited. */
export function openPatient(uc: UseCase, input: OpenPatientInput): Promise<PatientRow | null> {
  return open({ db: uc.db, user: signedInUser(uc), audit: (entry) => uc.audit(entry) }, input);
}

/** `openPatient` for callers without a use-case context (kept for other features). */
export function openPatientRecord(
  db: Db,
  clock: Clock,
  actor: Actor,
  user: AuthUser,
  patientId: string,
  purpose: string,
): Promise<PatientRow | null> {
  return open(
    { db, user, audit: (entry) => audit(db, clock, actor, entry) },
    { patientId, purpose },
  );
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
export { findPatientsByNhsNumber } from './patients.repository';
/** For a use case that has just invited the patient to make an account. */
export { linkPatientAccount };
