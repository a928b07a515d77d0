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
  /** Who supervises trainees' cases (the supervision view, issue 11 part B). */
  supervisors: ['supervisor'],
  /** Who is supervised: therapists read and acknowledge supervision notes about their cases. */
  therapists: ['therapist'],
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

/** A patient row as the policy sees it. */
export function patientRecordResource(patient: {
  serviceId: string;
  userId: string | null;
  responsibleClinicianId: string | null;
}): PatientResource {
  return {
    kind: 'patient',
    serviceId: patient.serviceId,
    userId: patient.userId,
    responsibleClinicianId: patient.responsibleClinicianId,
  };
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

/** The service itself, as the subject of its settings (API clients, issue 17). */
export interface ServiceResource {
  kind: 'service';
  serviceId: string;
}

// --- community (issue 13) ---
/** The acting user's own community membership, as the community feature loads it. */
export interface CommunityMembership {
  kind: 'former_patient' | 'carer' | 'moderator';
  status: 'active' | 'suspended' | 'banned' | 'left';
  /** A moderator's badge (videos: a clinician moderator manages the library). */
  badge?: 'clinician' | 'former_patient' | 'volunteer' | null;
}

/** The community as a whole, seen by one user: their membership, if any. */
export interface CommunityResource {
  kind: 'community';
  serviceId: string;
  membership: CommunityMembership | null;
}

/** A space of the community (and what is in it), seen by one user. */
export interface CommunitySpaceResource {
  kind: 'community_space';
  serviceId: string;
  audience: 'former_patients' | 'carers' | 'everyone';
  membership: CommunityMembership | null;
}
// --- end community ---

/** A video appointment's room (issue 12): who may be in the call. */
export interface VideoRoomResource {
  kind: 'video_room';
  serviceId: string;
  /** The therapist whose appointment it is. */
  therapistId: string;
  patientUserId: string | null;
  /** The patient recorded their consent to the therapist's supervisor joining. */
  supervisorConsented: boolean;
}

/** A patient's question thread (issue 11): to their therapist or to the service. */
export interface MessageThreadResource {
  kind: 'message_thread';
  serviceId: string;
  addressedTo: 'therapist' | 'service';
  /** The therapist asked; null when the patient asked the service. */
  therapistId: string | null;
  responsibleClinicianId: string | null;
  /** Escalated to the service after two working days unanswered (hazard H18). */
  escalated: boolean;
}

/** The service's reports: aggregate figures, the lists behind them and exports (issue 15). */
export interface ServiceReportResource {
  kind: 'service_report';
  serviceId: string;
}

// --- notebook (issue 11) ---
/**
 * A patient's notebook, or one note in it: the patient's own account, whether the note is shared
 * (a folder, or the notebook as a whole, is never shared), and the clinicians of the course it is
 * read from.
 */
export interface NotebookResource {
  kind: 'notebook';
  serviceId: string;
  ownerUserId: string | null;
  shared: boolean;
  /** The therapist of the course the reader opened (null when read outside a course). */
  therapistId: string | null;
  responsibleClinicianId: string | null;
}
// --- end notebook ---

export type Resource =
  | NotebookResource
  | PatientResource
  | CareResource
  | TherapistResource
  | QueueItemResource
  | UserResource
  | ServiceResource
  | CommunityResource
  | CommunitySpaceResource
  | VideoRoomResource
  | MessageThreadResource
  | ServiceReportResource;

export type Action =
  /** Open a patient's record (clinical or the patient's own view). */
  | 'patient.read'
  /** Change a patient's contact and GP details (staff, for the patient). */
  | 'patient.update_details'
  /** Change one's own contact details and the ways one agrees to be contacted (the patient). */
  | 'patient.update_own_contact'
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
  /** Read and answer a patient's question (staff). */
  | 'message_thread.answer'
  /** Clear a colleague's second factors so they set them up again (a lost phone). */
  | 'user.reset_second_factor'
  /** Remove a colleague's access when they leave (or restore it). */
  | 'user.change_access'
  /** Register, list and switch off the systems that call the FHIR API (issue 17). */
  | 'api_client.manage'
  // --- community (issue 13) ---
  /** Invite a patient to the peer-support community (their clinicians, managers). */
  | 'community.invite_patient'
  /** Invite a relative or carer (an active member, or a clinician). */
  | 'community.invite_carer'
  /** Add staff, peer or volunteer moderators. */
  | 'community.add_moderator'
  /** Read and write in the community at all: an active member. */
  | 'community.take_part'
  /** Read and write in one space: an active member it is for. */
  | 'community.use_space'
  /** Work the moderation queue and act on members and posts. */
  | 'community.moderate'
  /** Upload and hide videos in the library: managers, and moderators who are clinicians. */
  | 'community.manage_videos'
  // --- end community ---
  /** Be in a video appointment's call (see the rule: narrower than care.manage). */
  | 'video.join'
  // ---- Session notes and supervision (issue 11 part B) ----
  /** Read a session's clinical note: clinicians only, never the patient. */
  | 'note.read'
  /** Write, sign and add addenda to a session's note: the therapist of the session. */
  | 'note.write'
  /** Countersign a trainee's signed note (the resource is the note's author). */
  | 'note.countersign'
  /** Record a supervision note about a supervisee's case (the resource is the supervisee). */
  | 'supervision.record'
  /** Acknowledge a supervision note about one's own case (the resource is the supervisee). */
  | 'supervision.acknowledge'
  /** The service's dashboard and equity figures (aggregates, small cells suppressed). */
  | 'report.view'
  /** The list of patients behind a figure (each row still one the actor may read). */
  | 'report.drill_down'
  /** CSV downloads and the course-level data set export. */
  | 'report.export'
  // ---- Staying-well plan (issue 11, hazard H26) ----
  /** Read a course's staying-well plan: its clinicians, and the patient it belongs to. */
  | 'staying_well.read'
  /** Write a new version of the plan: the course's therapist and the patient, together. */
  | 'staying_well.write'
  // --- notebook (issue 11) ---
  /** Keep one's own notebook: write, change, move, share and delete notes; name folders. */
  | 'notebook.keep'
  /** Read a note: the patient's own, or one they shared, by their therapist (read-only). */
  | 'notebook.read';
// --- end notebook ---

type Rule<R extends Resource> = (actor: AccessActor, resource: R) => boolean;

const has = (actor: AccessActor, role: Role) => actor.roles.includes(role);
const supervises = (actor: AccessActor, therapistId: string | null) =>
  therapistId !== null && has(actor, 'supervisor') && actor.supervisees.includes(therapistId);
const manager = (actor: AccessActor) => has(actor, 'service_manager');
/**
 * A manager acting on a colleague's staff account, never their own: a manager cannot lock
 * themselves out, and one stolen session cannot undo its owner's protections.
 */
const managesColleague: Rule<UserResource> = (actor, user) =>
  manager(actor) && inGroup(user.roles, 'staff') && user.userId !== actor.userId;

/**
 * The rules, one per action. Moderators, community members, relatives and carers hold no rule
 * that opens a clinical record: the community sees pseudonyms only, never treatment records.
 */
const RULES: {
  'patient.read': Rule<PatientResource>;
  'patient.update_details': Rule<PatientResource>;
  'patient.update_own_contact': Rule<PatientResource>;
  'care.manage': Rule<CareResource>;
  'care.read_own': Rule<CareResource>;
  'therapist.view_diary': Rule<TherapistResource>;
  'therapist.book_for': Rule<TherapistResource>;
  'queue.work': Rule<QueueItemResource>;
  'patient.read_access_log': Rule<PatientResource>;
  'patient.read_messages': Rule<PatientResource>;
  'risk_alert.close': Rule<QueueItemResource>;
  'user.reset_second_factor': Rule<UserResource>;
  'user.change_access': Rule<UserResource>;
  'api_client.manage': Rule<ServiceResource>;
  'community.invite_patient': Rule<PatientResource>;
  'community.invite_carer': Rule<CommunityResource>;
  'community.add_moderator': Rule<CommunityResource>;
  'community.take_part': Rule<CommunityResource>;
  'community.use_space': Rule<CommunitySpaceResource>;
  'community.moderate': Rule<CommunityResource>;
  'community.manage_videos': Rule<CommunityResource>;
  'video.join': Rule<VideoRoomResource>;
  'note.read': Rule<CareResource>;
  'note.write': Rule<CareResource>;
  'note.countersign': Rule<TherapistResource>;
  'supervision.record': Rule<TherapistResource>;
  'supervision.acknowledge': Rule<TherapistResource>;
  'message_thread.answer': Rule<MessageThreadResource>;
  'report.view': Rule<ServiceReportResource>;
  'report.drill_down': Rule<ServiceReportResource>;
  'report.export': Rule<ServiceReportResource>;
  'staying_well.read': Rule<CareResource>;
  'staying_well.write': Rule<CareResource>;
  'notebook.keep': Rule<NotebookResource>;
  'notebook.read': Rule<NotebookResource>;
} = {
  'patient.read': (actor, patient) =>
    (patient.userId !== null && patient.userId === actor.userId) ||
    manager(actor) ||
    (has(actor, 'therapist') && patient.responsibleClinicianId === actor.userId) ||
    supervises(actor, patient.responsibleClinicianId),

  // The clinicians who may open the record keep its contact and GP details right (a move, a new
  // GP).
  'patient.update_details': (actor, patient) =>
    manager(actor) ||
    (has(actor, 'therapist') && patient.responsibleClinicianId === actor.userId) ||
    supervises(actor, patient.responsibleClinicianId),

  // The person keeps their own contact details right and decides how we may contact them (ADR
  // 0035): stopping texts at once can matter for their safety. Their GP details stay with staff.
  'patient.update_own_contact': (actor, patient) =>
    has(actor, 'patient') && patient.userId !== null && patient.userId === actor.userId,

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
  // Staff only (patients have no second factor); a manager who lost theirs asks another manager.
  'user.reset_second_factor': managesColleague,
  // Staff accounts only: a patient's account goes with their care.
  'user.change_access': managesColleague,
  // A client reads every patient of the service it is given scopes for: only the managers who
  // answer for the service decide which systems get that.
  'api_client.manage': (actor) => manager(actor),

  // --- community (issue 13) ---
  // Membership opens no clinical record, and no clinical role opens the community: what a member
  // sees follows from their membership alone (suspended, banned and former members see nothing).
  // The patient's own clinicians invite them (at discharge, or during treatment where allowed).
  'community.invite_patient': (actor, patient) =>
    manager(actor) ||
    (has(actor, 'therapist') && patient.responsibleClinicianId === actor.userId) ||
    supervises(actor, patient.responsibleClinicianId),
  'community.invite_carer': (actor, c) =>
    inGroup(actor.roles, 'clinical') || activeMember(c.membership),
  'community.add_moderator': (actor) => manager(actor),
  'community.take_part': (_actor, c) => activeMember(c.membership),
  'community.use_space': (_actor, space) =>
    activeMember(space.membership) &&
    (space.audience === 'everyone' ||
      space.membership.kind === 'moderator' ||
      space.audience === (space.membership.kind === 'carer' ? 'carers' : 'former_patients')),
  'community.moderate': (_actor, c) =>
    activeMember(c.membership) && c.membership.kind === 'moderator',
  // Videos speak for the service (recovery stories, skills): staff who answer for the content
  // publish them, never peer moderators or volunteers.
  'community.manage_videos': (actor, c) =>
    manager(actor) ||
    (activeMember(c.membership) &&
      c.membership.kind === 'moderator' &&
      c.membership.badge === 'clinician'),
  // --- end community ---
  // A therapy session is private: the patient and their therapist only. The trainee's supervisor
  // joins only with the patient's recorded consent; managers, who may manage the appointment,
  // never join the call (hazard H21).
  'video.join': (actor, room) =>
    (has(actor, 'patient') && room.patientUserId != null && room.patientUserId === actor.userId) ||
    (has(actor, 'therapist') && room.therapistId === actor.userId) ||
    (room.supervisorConsented && supervises(actor, room.therapistId)),

  // ---- Session notes and supervision (issue 11 part B, hazard H17) ----
  // The clinical note is for the clinicians who may manage the care; the patient reads only the
  // summary shared with them, so no rule here ever lets a patient in.
  'note.read': (actor, care) =>
    !has(actor, 'patient') &&
    (manager(actor) ||
      (has(actor, 'therapist') &&
        (care.therapistId === actor.userId || care.responsibleClinicianId === actor.userId)) ||
      supervises(actor, care.therapistId) ||
      supervises(actor, care.responsibleClinicianId)),
  // The note is the session's own therapist's (or the responsible clinician's) record; managers
  // and supervisors read it, supervisors countersign it, but neither writes it.
  'note.write': (actor, care) =>
    has(actor, 'therapist') &&
    (care.therapistId === actor.userId || care.responsibleClinicianId === actor.userId),
  'note.countersign': (actor, author) =>
    author.therapistId !== actor.userId && supervises(actor, author.therapistId),
  'supervision.record': (actor, supervisee) =>
    supervisee.therapistId !== actor.userId && supervises(actor, supervisee.therapistId),
  'supervision.acknowledge': (actor, supervisee) =>
    has(actor, 'therapist') && supervisee.therapistId === actor.userId,
  // A question to the therapist is for them (and their supervisor, and the managers); one to the
  // service, or one escalated after two working days unanswered, is a shared queue that every
  // clinician of the service works (hazard H18).
  'message_thread.answer': (actor, thread) =>
    manager(actor) ||
    (has(actor, 'therapist') &&
      (thread.therapistId === actor.userId || thread.responsibleClinicianId === actor.userId)) ||
    supervises(actor, thread.therapistId) ||
    ((thread.addressedTo === 'service' || thread.escalated) && inGroup(actor.roles, 'clinical')),
  // Reports: managers run the service. Clinicians may open the list behind a figure, limited to
  // the patients they may read (reportClinicians); exports of whole tables are managers' only.
  'report.view': (actor) => manager(actor),
  'report.drill_down': (actor) => inGroup(actor.roles, 'clinical'),
  'report.export': (actor) => manager(actor),
  // ---- Staying-well plan (issue 11, hazard H26) ----
  // The plan is the patient's as much as the therapist's: both write it (each save a new version);
  // supervisors and managers, who may manage the care, read it but do not write in it.
  'staying_well.read': (actor, care) =>
    RULES['care.manage'](actor, care) || RULES['care.read_own'](actor, care),
  'staying_well.write': (actor, care) =>
    RULES['care.read_own'](actor, care) ||
    (has(actor, 'therapist') &&
      (care.therapistId === actor.userId || care.responsibleClinicianId === actor.userId)),
  // --- notebook (issue 11, ADR 0024) ---
  // The notebook is the patient's own: nobody else writes in it, managers included.
  'notebook.keep': (actor, book) => ownNotebook(actor, book),
  // A shared note is shared with the patient's therapist: the course's therapist or the
  // responsible clinician, and a trainee's supervisor (the page tells the patient so). Managers,
  // who run the service rather than the therapy, do not read the patient's own notes.
  'notebook.read': (actor, book) =>
    ownNotebook(actor, book) ||
    (book.shared &&
      !has(actor, 'patient') &&
      ((has(actor, 'therapist') &&
        (book.therapistId === actor.userId || book.responsibleClinicianId === actor.userId)) ||
        supervises(actor, book.therapistId) ||
        supervises(actor, book.responsibleClinicianId))),
  // --- end notebook ---
};

function ownNotebook(actor: AccessActor, book: NotebookResource): boolean {
  return has(actor, 'patient') && book.ownerUserId !== null && book.ownerUserId === actor.userId;
}

function activeMember(m: CommunityMembership | null): m is CommunityMembership {
  return m !== null && m.status === 'active';
}

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
