import type { Db } from '../../db/client';
import type { AuditEntry } from '../../platform/audit';
import type { UseCase } from '../../platform/use-case';
import * as repo from './fhir.repository';
import {
  appointmentResource,
  episodeOfCareResource,
  flagResource,
  locationResource,
  observationResource,
  patientResource,
  practitionerResource,
  practitionerRoleResource,
  questionnaireResponseResource,
  type FhirResource,
  type ResourceType,
} from './mappers';
import type { SearchParamName, SearchQuery } from './search';
import { scopeAllows } from './scopes';

/** A found resource and the patient it is about (for the audit trail), if any. */
export interface Found {
  resource: FhirResource;
  patientId: string | null;
}

export interface ResourceDefinition {
  params: readonly SearchParamName[];
  statuses: readonly string[];
  search(db: Db, serviceId: string, q: SearchQuery): Promise<{ found: Found[]; total: number }>;
}

const about = (patientId: string | null) => (resource: FhirResource) => ({ resource, patientId });

export const RESOURCES: Record<ResourceType, ResourceDefinition> = {
  Patient: {
    params: ['identifier'],
    statuses: [],
    async search(db, serviceId, q) {
      const { rows, total } = await repo.searchPatients(db, serviceId, q);
      const genders = await repo.referralGenders(
        db,
        serviceId,
        rows.map((p) => p.id),
      );
      return {
        found: rows.map((p) => about(p.id)(patientResource(p, genders.get(p.id)))),
        total,
      };
    },
  },
  Practitioner: {
    params: ['identifier'],
    statuses: [],
    async search(db, serviceId, q) {
      const { rows, total } = await repo.searchPractitioners(db, serviceId, q);
      return { found: rows.map((r) => about(null)(practitionerResource(r))), total };
    },
  },
  PractitionerRole: {
    params: [],
    statuses: [],
    async search(db, serviceId, q) {
      const { rows, total } = await repo.searchPractitioners(db, serviceId, q);
      return { found: rows.map((r) => about(null)(practitionerRoleResource(r))), total };
    },
  },
  Location: {
    params: ['status'],
    statuses: ['active', 'inactive'],
    async search(db, serviceId, q) {
      const { rows, total } = await repo.searchLocations(db, serviceId, q);
      return { found: rows.map((l) => about(null)(locationResource(l))), total };
    },
  },
  EpisodeOfCare: {
    params: ['patient', 'status', 'date'],
    statuses: ['active', 'finished'],
    async search(db, serviceId, q) {
      const { rows, total } = await repo.searchCourses(db, serviceId, q);
      return { found: rows.map((c) => about(c.patientId)(episodeOfCareResource(c))), total };
    },
  },
  Appointment: {
    params: ['patient', 'status', 'date'],
    statuses: ['booked', 'fulfilled', 'noshow', 'cancelled'],
    async search(db, serviceId, q) {
      const { rows, total } = await repo.searchAppointments(db, serviceId, q);
      return { found: rows.map((a) => about(a.patientId)(appointmentResource(a))), total };
    },
  },
  QuestionnaireResponse: {
    params: ['patient', 'status', 'date'],
    statuses: ['completed', 'amended', 'entered-in-error'],
    async search(db, serviceId, q) {
      const { rows, total } = await repo.searchResponses(db, serviceId, q, 'QuestionnaireResponse');
      return {
        found: rows.map((r) => about(r.patientId)(questionnaireResponseResource(r))),
        total,
      };
    },
  },
  Observation: {
    params: ['patient', 'status', 'date'],
    statuses: ['final', 'corrected', 'entered-in-error'],
    async search(db, serviceId, q) {
      const { rows, total } = await repo.searchResponses(db, serviceId, q, 'Observation');
      return {
        found: rows.flatMap((r) => {
          const resource = observationResource(r);
          return resource ? [about(r.patientId)(resource)] : [];
        }),
        total,
      };
    },
  },
  Flag: {
    params: ['patient', 'status', 'date'],
    statuses: ['active', 'inactive'],
    async search(db, serviceId, q) {
      const { rows, total } = await repo.searchFlags(db, serviceId, q);
      return { found: rows.map((a) => about(a.patientId)(flagResource(a))), total };
    },
  },
};

/** One audit row per patient shown (as list pages do), or one for the search when none is. */
function auditEntries(
  action: 'fhir.read' | 'fhir.search',
  type: ResourceType,
  found: readonly Found[],
  details: Record<string, unknown>,
): AuditEntry[] {
  const patients = [...new Set(found.flatMap((f) => (f.patientId ? [f.patientId] : [])))];
  if (patients.length === 0)
    return [
      {
        action,
        recordType: type,
        ...(found.length === 1 ? { recordId: found[0]?.resource.id } : {}),
        details,
      },
    ];
  return patients.map((patientId) => ({
    action,
    recordType: type,
    patientId,
    ...(found.length === 1 ? { recordId: found[0]?.resource.id } : {}),
    details,
  }));
}

export async function search(uc: UseCase, type: ResourceType, q: SearchQuery) {
  const result = await RESOURCES[type].search(uc.db, uc.service.id, q);
  await uc.auditMany(
    auditEntries('fhir.search', type, result.found, {
      count: result.found.length,
      offset: q.offset,
    }),
  );
  return result;
}

const BY_ID = (id: string): SearchQuery => ({
  ids: [id],
  date: [],
  lastUpdated: [],
  count: 1,
  offset: 0,
});

export async function read(uc: UseCase, type: ResourceType, id: string) {
  const { found } = await RESOURCES[type].search(uc.db, uc.service.id, BY_ID(id));
  const one = found[0];
  if (!one) {
    await uc.audit({
      action: 'fhir.read',
      recordType: type,
      recordId: id,
      outcome: 'failure',
      reason: 'not_found',
    });
    return null;
  }
  await uc.auditMany(auditEntries('fhir.read', type, [one], {}));
  return one.resource;
}

/** Types `Patient/$everything` gathers, each only when the token may read it. */
const EVERYTHING: readonly ResourceType[] = [
  'EpisodeOfCare',
  'Appointment',
  'QuestionnaireResponse',
  'Observation',
  'Flag',
];
/** Enough for any one patient's course; `$everything` is one page. */
const EVERYTHING_LIMIT = 1000;

/**
 * The patient and everything about them the token may read: courses, appointments,
 * questionnaires, scores and risk flags, with the practitioners and locations they refer to.
 */
export async function everything(uc: UseCase, patientId: string, scopes: readonly string[]) {
  const { found } = await RESOURCES.Patient.search(uc.db, uc.service.id, BY_ID(patientId));
  const patient = found[0];
  if (!patient) {
    await uc.audit({
      action: 'fhir.read',
      recordType: 'Patient',
      recordId: patientId,
      outcome: 'failure',
      reason: 'not_found',
    });
    return null;
  }
  const resources: FhirResource[] = [patient.resource];
  const q: SearchQuery = {
    patient: patientId,
    date: [],
    lastUpdated: [],
    count: EVERYTHING_LIMIT,
    offset: 0,
  };
  for (const type of EVERYTHING) {
    if (!scopeAllows(scopes, type)) continue;
    const result = await RESOURCES[type].search(uc.db, uc.service.id, q);
    resources.push(...result.found.map((f) => f.resource));
  }
  // The practitioners and locations they name, so the bundle can be read on its own.
  const named = (prefix: string) => [
    ...new Set(
      JSON.stringify(resources)
        .match(new RegExp(`"${prefix}/([0-9a-f-]{36})"`, 'g'))
        ?.map((m) => m.slice(prefix.length + 2, -1)) ?? [],
    ),
  ];
  for (const type of ['Practitioner', 'Location'] as const) {
    const ids = named(type);
    if (ids.length === 0 || !scopeAllows(scopes, type)) continue;
    const result = await RESOURCES[type].search(uc.db, uc.service.id, {
      ids,
      date: [],
      lastUpdated: [],
      count: EVERYTHING_LIMIT,
      offset: 0,
    });
    resources.push(...result.found.map((f) => f.resource));
  }
  await uc.audit({
    action: 'fhir.read',
    recordType: 'Patient',
    recordId: patientId,
    patientId,
    details: { operation: '$everything', count: resources.length },
  });
  return resources;
}
