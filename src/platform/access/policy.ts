import type { Role } from '../../db/schema';

/**
 * The one access policy. Routes declare which roles may call them at all (the first gate); this
 * module decides which records. Services call `can(actor, action, resource)` and answer 404 when
 * it says no, so a stranger cannot tell a record exists. Pure: the facts it needs are loaded by
 * the caller (see `AccessActor.supervisees`).
 */

/** Route-level role groups, written once. */
export const ROLE_GROUPS = {
  /** Clinicians who work with patient records. */
  clinical: ['therapist', 'supervisor', 'service_manager'],
  /** Everyone employed by the service (moderators moderate the community, not records). */
  staff: ['therapist', 'supervisor', 'service_manager', 'moderator'],
  /** Who may book appointments into a diary. */
  bookers: ['therapist', 'service_manager'],
  /** Who may allocate a patient on the waiting list to a therapist. */
  allocators: ['supervisor', 'service_manager'],
  managers: ['service_manager'],
  patients: ['patient'],
  /** People in the peer-support community: former patients, relatives and carers, moderators. */
  community: ['community_member', 'moderator'],
} as const satisfies Record<string, readonly Role[]>;

export type RoleGroup = keyof typeof ROLE_GROUPS;

export function inGroup(roles: readonly Role[], group: RoleGroup): boolean {
  const members: readonly Role[] = ROLE_GROUPS[group];
  return roles.some((r) => members.includes(r));
}

/** Who is asking: the signed-in user, with the therapists they supervise (their trainees). */
export interface AccessActor {
  userId: string;
  serviceId: string;
  roles: readonly Role[];
  /** Therapist ids this user supervises; empty unless they hold the supervisor role. */
  supervisees: readonly string[];
}

/** A patient's record: their own account and the clinician responsible for them. */
export interface PatientResource {
  kind: 'patient';
  serviceId: string;
  /** The patient's own account, once linked. */
  userId: string | null;
  responsibleClinicianId: string | null;
}

/** An appointment or a course: in a therapist's diary, for a patient. */
export interface CareResource {
  kind: 'appointment' | 'course';
  serviceId: string;
  /** The therapist whose diary it is in, or who runs the course. */
  therapistId: string;
  responsibleClinicianId: string | null;
  /** The patient's own account, when linked. */
  patientUserId?: string | null;
}

/** A therapist's diary or caseload. */
export interface TherapistResource {
  kind: 'therapist';
  serviceId: string;
  therapistId: string;
}

/** An item on one of the service's shared clinical work queues: a referral, a risk alert. */
export interface QueueItemResource {
  kind: 'referral' | 'risk_alert';
  serviceId: string;
}

/** A member of the service's staff, as the subject of account management. */
export interface UserResource {
  kind: 'user';
  serviceId: string;
  userId: string;
  roles: readonly Role[];
}

/** The service's reports: aggregate figures, the lists behind them and exports (issue 15). */
export interface ServiceReportResource {
  kind: 'service_report';
  serviceId: string;
}

export type Resource =
  | PatientResource
  | CareResource
  | TherapistResource
  | QueueItemResource
  | UserResource
  | ServiceReportResource;

export type Action =
  /** Open a patient's record (clinical or the patient's own view). */
  | 'patient.read'
  /** Staff-side view and management of an appointment or course (cancel, move, attendance). */
  | 'care.manage'
  /** A patient's view of their own appointment or course. */
  | 'care.read_own'
  /** Open a therapist's diary or caseload. */
  | 'therapist.view_diary'
  /** Book an appointment into a therapist's diary. */
  | 'therapist.book_for'
  /** Open and act on an item of a shared clinical queue (triage a referral, action a risk alert). */
  | 'queue.work'
  /** See who has viewed a patient's record (from the audit trail). */
  | 'patient.read_access_log'
  /** Read the messages the service has sent to a patient (their inbox). */
  | 'patient.read_messages'
  /** Close a risk alert: a clinical judgement that the risk has been dealt with. */
  | 'risk_alert.close'
  /** Clear a colleague's second factors so they set them up again (a lost phone). */
  | 'user.reset_second_factor'
  /** The service's dashboard and equity figures (aggregates, small cells suppressed). */
  | 'report.view'
  /** The list of patients behind a figure (each row still one the actor may read). */
  | 'report.drill_down'
  /** CSV downloads and the course-level data set export. */
  | 'report.export';

type Rule<R extends Resource> = (actor: AccessActor, resource: R) => boolean;

const has = (actor: AccessActor, role: Role) => actor.roles.includes(role);
const supervises = (actor: AccessActor, therapistId: string | null) =>
  therapistId !== null && has(actor, 'supervisor') && actor.supervisees.includes(therapistId);
const manager = (actor: AccessActor) => has(actor, 'service_manager');

/**
 * The rules, one per action. Moderators, community members, relatives and carers hold no rule
 * that opens a clinical record: the community sees pseudonyms only, never treatment records.
 */
const RULES: {
  'patient.read': Rule<PatientResource>;
  'care.manage': Rule<CareResource>;
  'care.read_own': Rule<CareResource>;
  'therapist.view_diary': Rule<TherapistResource>;
  'therapist.book_for': Rule<TherapistResource>;
  'queue.work': Rule<QueueItemResource>;
  'patient.read_access_log': Rule<PatientResource>;
  'patient.read_messages': Rule<PatientResource>;
  'risk_alert.close': Rule<QueueItemResource>;
  'user.reset_second_factor': Rule<UserResource>;
  'report.view': Rule<ServiceReportResource>;
  'report.drill_down': Rule<ServiceReportResource>;
  'report.export': Rule<ServiceReportResource>;
} = {
  'patient.read': (actor, patient) =>
    (patient.userId !== null && patient.userId === actor.userId) ||
    manager(actor) ||
    (has(actor, 'therapist') && patient.responsibleClinicianId === actor.userId) ||
    supervises(actor, patient.responsibleClinicianId),

  'care.manage': (actor, care) =>
    manager(actor) ||
    (has(actor, 'therapist') &&
      (care.therapistId === actor.userId || care.responsibleClinicianId === actor.userId)) ||
    supervises(actor, care.therapistId) ||
    supervises(actor, care.responsibleClinicianId),

  'care.read_own': (actor, care) =>
    has(actor, 'patient') && care.patientUserId != null && care.patientUserId === actor.userId,

  'therapist.view_diary': (actor, t) =>
    manager(actor) ||
    (has(actor, 'therapist') && t.therapistId === actor.userId) ||
    supervises(actor, t.therapistId),

  'therapist.book_for': (actor, t) =>
    manager(actor) || (has(actor, 'therapist') && t.therapistId === actor.userId),
  // Triage and the risk queue are shared safety nets: every clinician of the service works them.
  'queue.work': (actor) => inGroup(actor.roles, 'clinical'),

  // As the Summary Care Record does: the patient, and the managers who answer for the service.
  // Clinicians who may open the record do not get the list of their colleagues' looks.
  'patient.read_access_log': (actor, patient) =>
    (has(actor, 'patient') && patient.userId !== null && patient.userId === actor.userId) ||
    manager(actor),

  // The inbox is the patient's own; staff read what was sent on the record itself.
  'patient.read_messages': (actor, patient) =>
    has(actor, 'patient') && patient.userId !== null && patient.userId === actor.userId,
  // Only a clinician (a therapist or a supervisor) judges that a risk has been dealt with. A
  // service manager works the queue (records what they did, such as asking a clinician to call)
  // but cannot close an alert (issue 9 item 4; hazard H2).
  'risk_alert.close': (actor, item) =>
    item.kind === 'risk_alert' && (has(actor, 'therapist') || has(actor, 'supervisor')),
  // Staff only (patients have no second factor), and never one's own: a manager who lost theirs
  // asks another manager, so one stolen session cannot remove its owner's second factor.
  'user.reset_second_factor': (actor, user) =>
    manager(actor) && inGroup(user.roles, 'staff') && user.userId !== actor.userId,
  // Reports: managers run the service. Clinicians may open the list behind a figure, limited to
  // the patients they may read (reportClinicians); exports of whole tables are managers' only.
  'report.view': (actor) => manager(actor),
  'report.drill_down': (actor) => inGroup(actor.roles, 'clinical'),
  'report.export': (actor) => manager(actor),
};

/**
 * Whose patients a drill-down list may show, as `patient.read` allows staff: a manager every
 * patient (null), a therapist those they are responsible for, a supervisor their trainees' too.
 */
export function reportClinicians(actor: AccessActor): readonly string[] | null {
  if (manager(actor)) return null;
  const own = has(actor, 'therapist') ? [actor.userId] : [];
  const trainees = has(actor, 'supervisor') ? actor.supervisees : [];
  return [...new Set([...own, ...trainees])];
}

type ResourceFor<A extends Action> = Parameters<(typeof RULES)[A]>[1];

/** May this actor do this to this record? A record of another service is never allowed. */
export function can<A extends Action>(
  actor: AccessActor,
  action: A,
  resource: ResourceFor<A>,
): boolean {
  if (resource.serviceId !== actor.serviceId) return false;
  const rule = RULES[action] as Rule<ResourceFor<A>>;
  return rule(actor, resource);
}
