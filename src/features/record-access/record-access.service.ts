import { accessActorFor, can, patientRecordResource } from '../../platform/access';
import { requireUser, type UseCase } from '../../platform/use-case';
import { findPatient, ownPatientRecord, type PatientRow } from '../patients';
import { roleName } from '../auth';
import { whatWasDone } from './record-access.phrases';
import { apiClientNames } from '../fhir';
import { API_CLIENT_ROLE, listRecordAccess } from './record-access.repository';

export interface RecordAccessEntry {
  at: Date;
  who: string;
  role: string;
  what: string;
}

export interface RecordAccessPage {
  patient: PatientRow;
  entries: RecordAccessEntry[];
  total: number;
}

const CONNECTED_SYSTEM = 'Another system connected to ours, such as a GP system';

/** "Service manager and supervisor" from the audit row's comma-separated roles. */
function rolesInWords(roles: string | null): string {
  if (!roles) return 'Member of staff';
  const names = roles.split(',').map((r) => roleName(r).toLowerCase());
  const text =
    names.length > 1
      ? `${names.slice(0, -1).join(', ')} and ${names.at(-1) ?? ''}`
      : (names[0] ?? '');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

async function pageFor(
  uc: UseCase,
  patient: PatientRow,
  page: { limit: number; offset: number },
): Promise<RecordAccessPage> {
  const { rows, total } = await listRecordAccess(uc.db, uc.service.id, {
    patientId: patient.id,
    patientUserId: patient.userId,
    ...page,
  });
  // Looking at who looked is itself a look at the record (the manager's shows on the patient's list).
  await uc.audit({
    action: 'record_access.view',
    patientId: patient.id,
    recordType: 'patient',
    recordId: patient.id,
    details: { offset: page.offset },
  });
  // Another system reading the record through the API is named as the manager registered it.
  const clients = rows.some((r) => r.role?.startsWith(API_CLIENT_ROLE))
    ? await apiClientNames(uc)
    : new Map<string, string>();
  return {
    patient,
    total,
    entries: rows.map((r) => {
      const client = r.role?.startsWith(API_CLIENT_ROLE)
        ? r.role.slice(API_CLIENT_ROLE.length)
        : null;
      return client !== null
        ? {
            at: r.at,
            who: clients.get(client) ?? 'A system no longer connected',
            role: CONNECTED_SYSTEM,
            what: whatWasDone(r.action),
          }
        : {
            at: r.at,
            who: r.userName ?? 'A member of staff',
            role: rolesInWords(r.role),
            what: whatWasDone(r.action),
          };
    }),
  };
}

/** The signed-in patient's own list; null when no record is linked to their account yet. */
export async function whoViewedMyRecord(
  uc: UseCase,
  page: { limit: number; offset: number },
): Promise<RecordAccessPage | null> {
  const user = requireUser(uc);
  const patient = await ownPatientRecord(uc.db, uc.service.id, user.userId);
  if (!patient) return null;
  const actor = await accessActorFor(uc.db, user);
  if (!can(actor, 'patient.read_access_log', patientRecordResource(patient))) return null;
  return pageFor(uc, patient, page);
}

/** One patient's list, for a service manager or the patient: null (404) when missing or not allowed, audited. */
export async function whoViewedRecord(
  uc: UseCase,
  input: { patientId: string; limit: number; offset: number },
): Promise<RecordAccessPage | null> {
  const user = requireUser(uc);
  const patient = await findPatient(uc.db, uc.service.id, input.patientId);
  const allowed =
    patient !== null &&
    can(
      await accessActorFor(uc.db, user),
      'patient.read_access_log',
      patientRecordResource(patient),
    );
  if (!patient || !allowed) {
    await uc.audit({
      action: 'record_access.view',
      patientId: patient ? patient.id : null,
      recordType: 'patient',
      recordId: input.patientId,
      outcome: 'denied',
    });
    return null;
  }
  return pageFor(uc, patient, input);
}
