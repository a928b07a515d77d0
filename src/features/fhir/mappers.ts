import { getMeasure } from '../../domain/measures';
import type {
  apiClients,
  appointments,
  locations,
  measureResponses,
  patients,
  riskAlerts,
  therapistProfiles,
  treatmentCourses,
  users,
} from '../../db/schema';

/**
 * Rapport's records as FHIR R4 resources, shaped after UK Core where a profile exists. Pure:
 * each mapper takes the rows it needs and returns JSON the R4 schema accepts (the tests validate
 * every one). docs/fhir.md documents each field.
 */

export const RESOURCE_TYPES = [
  'Patient',
  'Practitioner',
  'PractitionerRole',
  'Location',
  'EpisodeOfCare',
  'Appointment',
  'QuestionnaireResponse',
  'Observation',
  'Flag',
] as const;
export type ResourceType = (typeof RESOURCE_TYPES)[number];

export interface FhirResource {
  resourceType: ResourceType;
  id: string;
  meta: { lastUpdated: string };
  [element: string]: unknown;
}

export const NHS_NUMBER_SYSTEM = 'https://fhir.nhs.uk/Id/nhs-number';
/** UK Core's identifier systems for professional registers; the others are Rapport's own. */
export const REGISTRATION_SYSTEMS: Record<string, string> = {
  HCPC: 'https://fhir.hl7.org.uk/Id/hcpc-number',
  BACP: 'https://rapport.nhs.uk/Id/bacp-registration-number',
  UKCP: 'https://rapport.nhs.uk/Id/ukcp-registration-number',
  BABCP: 'https://rapport.nhs.uk/Id/babcp-registration-number',
};
export const LOINC = 'http://loinc.org';
/** Rapport's questionnaires, named by their measure id. */
export const QUESTIONNAIRE_BASE = 'https://rapport.nhs.uk/fhir/Questionnaire/';
export const APPOINTMENT_MODE_EXTENSION =
  'https://rapport.nhs.uk/fhir/StructureDefinition/appointment-mode';
const PARTICIPATION_MODE = 'http://terminology.hl7.org/CodeSystem/v3-ParticipationMode';
const OBSERVATION_CATEGORY = 'http://terminology.hl7.org/CodeSystem/observation-category';

const instant = (d: Date) => d.toISOString();
const ref = (type: ResourceType, id: string) => ({ reference: `${type}/${id}` });

type PatientRow = typeof patients.$inferSelect;

/**
 * FHIR's administrative gender (male | female | other | unknown) from the referral's gender
 * answer: non-binary and "another way" are `other`, "prefer not to say" is `unknown`. No answer
 * (a record made by staff without a referral) leaves the element out.
 */
export function administrativeGender(
  code: string | undefined,
): 'male' | 'female' | 'other' | 'unknown' | undefined {
  switch (code) {
    case 'male':
    case 'female':
      return code;
    case 'non_binary':
    case 'other':
      return 'other';
    case 'not_stated':
      return 'unknown';
    default:
      return undefined;
  }
}

export function patientResource(p: PatientRow, genderCode?: string): FhirResource {
  const gender = administrativeGender(genderCode);
  const telecom = [
    ...(p.mobile ? [{ system: 'phone', value: p.mobile, use: 'mobile' }] : []),
    ...(p.email ? [{ system: 'email', value: p.email }] : []),
  ];
  return {
    resourceType: 'Patient',
    id: p.id,
    meta: { lastUpdated: instant(p.createdAt) },
    ...(p.nhsNumber ? { identifier: [{ system: NHS_NUMBER_SYSTEM, value: p.nhsNumber }] } : {}),
    name: [{ use: 'official', family: p.familyName, given: [p.givenName] }],
    ...(telecom.length ? { telecom } : {}),
    ...(gender ? { gender } : {}),
    birthDate: p.dateOfBirth,
    ...(p.address || p.postcode
      ? {
          address: [
            {
              use: 'home',
              ...(p.address ? { text: p.address } : {}),
              ...(p.postcode ? { postalCode: p.postcode } : {}),
            },
          ],
        }
      : {}),
    ...(p.gpPractice ? { generalPractitioner: [{ display: p.gpPractice }] } : {}),
  };
}

type UserRow = typeof users.$inferSelect;
type ProfileRow = typeof therapistProfiles.$inferSelect;

export interface PractitionerRows {
  user: Pick<UserRow, 'id' | 'displayName' | 'active' | 'createdAt'>;
  profile: ProfileRow | null;
  locationIds: readonly string[];
}

const practitionerUpdated = ({ user, profile }: PractitionerRows) =>
  profile && profile.updatedAt > user.createdAt ? profile.updatedAt : user.createdAt;

export function practitionerResource(rows: PractitionerRows): FhirResource {
  const { user, profile } = rows;
  const body = profile?.professionalBody;
  const number = profile?.registrationNumber;
  return {
    resourceType: 'Practitioner',
    id: user.id,
    meta: { lastUpdated: instant(practitionerUpdated(rows)) },
    ...(body && number
      ? { identifier: [{ system: REGISTRATION_SYSTEMS[body], value: number }] }
      : {}),
    active: user.active,
    name: [{ text: user.displayName }],
  };
}

/** One role per therapist: the job they do for this service, where, and which therapies. */
export function practitionerRoleResource(rows: PractitionerRows): FhirResource {
  const { user, profile } = rows;
  return {
    resourceType: 'PractitionerRole',
    id: user.id,
    meta: { lastUpdated: instant(practitionerUpdated(rows)) },
    active: user.active,
    practitioner: ref('Practitioner', user.id),
    ...(profile?.jobTitle ? { code: [{ text: profile.jobTitle }] } : {}),
    ...(profile && profile.therapies.length
      ? { specialty: profile.therapies.map((t) => ({ text: t })) }
      : {}),
    ...(rows.locationIds.length
      ? { location: rows.locationIds.map((id) => ref('Location', id)) }
      : {}),
  };
}

type LocationRow = typeof locations.$inferSelect;

export function locationResource(l: LocationRow): FhirResource {
  return {
    resourceType: 'Location',
    id: l.id,
    meta: { lastUpdated: instant(l.createdAt) },
    status: l.active ? 'active' : 'inactive',
    name: l.name,
    ...(l.accessInformation ? { description: l.accessInformation } : {}),
    mode: 'instance',
    address: { text: l.address, postalCode: l.postcode },
  };
}

type CourseRow = typeof treatmentCourses.$inferSelect;

export const courseUpdated = (c: CourseRow) => c.endedAt ?? c.startedAt;

export function episodeOfCareResource(c: CourseRow): FhirResource {
  return {
    resourceType: 'EpisodeOfCare',
    id: c.id,
    meta: { lastUpdated: instant(courseUpdated(c)) },
    status: c.status === 'active' ? 'active' : 'finished',
    type: [{ text: c.therapy }],
    patient: ref('Patient', c.patientId),
    period: {
      start: instant(c.startedAt),
      ...(c.endedAt ? { end: instant(c.endedAt) } : {}),
    },
    careManager: ref('Practitioner', c.therapistId),
  };
}

type AppointmentRow = typeof appointments.$inferSelect;

export const APPOINTMENT_STATUS: Record<AppointmentRow['status'], string> = {
  booked: 'booked',
  attended: 'fulfilled',
  arrived_late: 'fulfilled',
  did_not_attend: 'noshow',
  cancelled: 'cancelled',
};
const MODE_CODES: Record<AppointmentRow['mode'], { code: string; display: string }> = {
  video: { code: 'VIDEOCONF', display: 'videoconferencing' },
  phone: { code: 'PHONE', display: 'telephone' },
  face_to_face: { code: 'FACE', display: 'face-to-face' },
};
const APPOINTMENT_TYPE_TEXT: Record<AppointmentRow['type'], string> = {
  assessment: 'Assessment',
  ipt_session: 'IPT session',
  review: 'Review',
};

export function appointmentResource(a: AppointmentRow): FhirResource {
  const mode = MODE_CODES[a.mode];
  return {
    resourceType: 'Appointment',
    id: a.id,
    meta: { lastUpdated: instant(a.updatedAt) },
    extension: [
      { url: APPOINTMENT_MODE_EXTENSION, valueCoding: { system: PARTICIPATION_MODE, ...mode } },
    ],
    status: APPOINTMENT_STATUS[a.status],
    ...(a.status === 'cancelled' && a.cancellationReason
      ? { cancelationReason: { text: a.cancellationReason } }
      : {}),
    appointmentType: { text: APPOINTMENT_TYPE_TEXT[a.type] },
    start: instant(a.startsAt),
    end: instant(a.endsAt),
    minutesDuration: Math.round((a.endsAt.getTime() - a.startsAt.getTime()) / 60_000),
    created: instant(a.createdAt),
    participant: [
      { actor: ref('Patient', a.patientId), required: 'required', status: 'accepted' },
      { actor: ref('Practitioner', a.therapistId), required: 'required', status: 'accepted' },
      ...(a.locationId
        ? [{ actor: ref('Location', a.locationId), required: 'required', status: 'accepted' }]
        : []),
    ],
  };
}

type ResponseRow = typeof measureResponses.$inferSelect;
/** Responses the API shows: of a patient, of a questionnaire not kept from the therapist. */
export type ApiResponseRow = ResponseRow & { patientId: string };

export const responseUpdated = (r: ResponseRow) => r.supersededAt ?? r.completedAt;

export function questionnaireResponseResource(r: ApiResponseRow): FhirResource {
  const measure = getMeasure(r.measureId);
  const items = (measure?.items ?? []).flatMap((item) => {
    const value = r.answers[item.id];
    if (value === undefined) return [];
    return [
      {
        linkId: item.id,
        text: item.text,
        answer: [typeof value === 'number' ? { valueInteger: value } : { valueString: value }],
      },
    ];
  });
  return {
    resourceType: 'QuestionnaireResponse',
    id: r.id,
    meta: { lastUpdated: instant(responseUpdated(r)) },
    questionnaire: `${QUESTIONNAIRE_BASE}${r.measureId}`,
    // A corrected response is replaced by its correction: it was wrong, not merely changed.
    status: r.supersededAt ? 'entered-in-error' : r.supersedesId ? 'amended' : 'completed',
    subject: ref('Patient', r.patientId),
    authored: instant(r.completedAt),
    ...(r.enteredByRole === 'clinician' && r.enteredBy
      ? { author: ref('Practitioner', r.enteredBy) }
      : { source: ref('Patient', r.patientId) }),
    ...(items.length ? { item: items } : {}),
  };
}

/** A total score as an Observation; only for scored questionnaires that have a total. */
export function observationResource(r: ApiResponseRow): FhirResource | null {
  const measure = getMeasure(r.measureId);
  if (!measure?.scored || !measure.totalRange || r.total === null) return null;
  const band = r.band ? measure.bands.find((b) => b.id === r.band) : undefined;
  return {
    resourceType: 'Observation',
    id: r.id,
    meta: { lastUpdated: instant(responseUpdated(r)) },
    status: r.supersededAt ? 'entered-in-error' : r.supersedesId ? 'corrected' : 'final',
    category: [{ coding: [{ system: OBSERVATION_CATEGORY, code: 'survey', display: 'Survey' }] }],
    code: {
      ...(measure.loinc
        ? {
            coding: [
              {
                system: LOINC,
                code: measure.loinc.total,
                display: `${measure.shortTitle} total score`,
              },
            ],
          }
        : {}),
      text: `${measure.shortTitle} total score`,
    },
    subject: ref('Patient', r.patientId),
    effectiveDateTime: instant(r.completedAt),
    issued: instant(r.completedAt),
    valueInteger: r.total,
    ...(band ? { interpretation: [{ text: band.label }] } : {}),
    derivedFrom: [ref('QuestionnaireResponse', r.id)],
  };
}

type AlertRow = typeof riskAlerts.$inferSelect;
export type ApiAlertRow = AlertRow & { patientId: string };

export const alertUpdated = (a: AlertRow) => a.actionedAt ?? a.escalatedAt ?? a.raisedAt;

export function flagResource(a: ApiAlertRow): FhirResource {
  return {
    resourceType: 'Flag',
    id: a.id,
    meta: { lastUpdated: instant(alertUpdated(a)) },
    status: a.actionedAt ? 'inactive' : 'active',
    category: [
      {
        coding: [
          {
            system: 'http://terminology.hl7.org/CodeSystem/flag-category',
            code: 'safety',
            display: 'Safety',
          },
        ],
      },
    ],
    code: { text: `Risk alert: ${a.reason}` },
    subject: ref('Patient', a.patientId),
    period: {
      start: instant(a.raisedAt),
      ...(a.actionedAt ? { end: instant(a.actionedAt) } : {}),
    },
    ...(a.responsibleClinicianId ? { author: ref('Practitioner', a.responsibleClinicianId) } : {}),
  };
}

export type ApiClientRow = typeof apiClients.$inferSelect;
