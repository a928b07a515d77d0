import { URGENT_HELP_TEXT } from '../../domain/risk';
import {
  aimNotYetSetMessage,
  aimRatingSessionMessage,
  aimsAtSession,
  checkAimRatingSession,
  CLOSENESS_LABELS,
  coursePhase,
  decideFormulationSave,
  focalAreaLabel,
  FORMULATION_STALE_MESSAGE,
  formatLifeEventDate,
  stayingWellPrompt,
  type CoursePhase,
  type FormulationState,
  type PhaseOverride,
} from '../../domain/ipt';
import { formatLondonDate } from '../../domain/calendar';
import {
  accessActorFor,
  can,
  type CareResource,
  patientRecordResource,
} from '../../platform/access';
import type { Db } from '../../db/client';
import type { AuditAction } from '../../platform/audit';
import type { UseCase } from '../../platform/use-case';
import type { FieldError } from '../../ui/forms';
import { currentCourseOf, findCourse, type CourseRow } from '../courses';
import * as diary from '../diary';
import { currentResponses } from '../outcomes';
import { findPatient, findPatientByUser, signedInUser, type PatientRow } from '../patients';
import { listOpenAlertsForPatient } from '../risk';
import {
  ratingField as ratingFieldOf,
  type FormulationInput,
  type PersonInput,
  type RatingsInput,
  type TimelineInput,
} from './ipt.forms';
import * as therapists from '../therapists';
import * as repo from './ipt.repository';
import * as stayingWellRepo from './ipt.staying-well.repository';

/** What a change answers: done, refused with field errors, or not found (404). */
export type Outcome<T> =
  { ok: true; value: T } | { ok: false; errors: FieldError[] } | { ok: false; notFound: true };

const NOT_FOUND = { ok: false as const, notFound: true as const };
const fail = (errors: FieldError[]) => ({ ok: false as const, errors });
const ENDED: FieldError[] = [
  { field: 'course', message: 'This course has ended: its IPT records can be read, not changed' },
];

const AGREE_ENDED: FieldError[] = [
  {
    field: 'formulation',
    message: 'Your sessions with us have ended, so there is nothing more to agree here',
  },
];

export interface StaffCourse {
  course: CourseRow;
  patient: PatientRow;
}

export function careResource(course: CourseRow, patient: PatientRow): CareResource {
  return {
    kind: 'course',
    serviceId: course.serviceId,
    therapistId: course.therapistId,
    responsibleClinicianId: patient.responsibleClinicianId,
    patientUserId: patient.userId,
  };
}

export async function loadCourse(uc: UseCase, courseId: string) {
  const course = await findCourse(uc.db, uc.service.id, courseId);
  const patient = course ? await findPatient(uc.db, uc.service.id, course.patientId) : null;
  return course && patient ? { course, patient } : null;
}

/**
 * The course, when the signed-in clinician may work on it (the access policy's care.manage), and
 * whose patient it is either way: a refusal is audited against the patient, so a search of the
 * audit log by patient finds the attempt (walk 11).
 */
async function staffCourse(
  uc: UseCase,
  courseId: string,
): Promise<{ sc: StaffCourse | null; patientId: string | null }> {
  const found = await loadCourse(uc, courseId);
  if (!found) return { sc: null, patientId: null };
  const actor = await accessActorFor(uc.db, signedInUser(uc));
  const allowed = can(actor, 'care.manage', careResource(found.course, found.patient));
  return { sc: allowed ? found : null, patientId: found.patient.id };
}

const keyOf = ({ course }: StaffCourse) => ({
  serviceId: course.serviceId,
  courseId: course.id,
  patientId: course.patientId,
});

/**
 * The therapist's phase override of a course, if any, for a page that has checked access and
 * audited its own read (the course page): the phase it shows then agrees with the workspace.
 */
export async function phaseOverrideOf(
  db: Db,
  serviceId: string,
  courseId: string,
): Promise<PhaseOverride | null> {
  const workspace = await repo.findWorkspace(db, serviceId, courseId);
  return workspace?.phaseOverride && workspace.phaseOverrideReason
    ? { phase: workspace.phaseOverride, reason: workspace.phaseOverrideReason }
    : null;
}

export function phaseOf(course: CourseRow, workspace: repo.WorkspaceRow | null): CoursePhase {
  const override: PhaseOverride | null =
    workspace?.phaseOverride && workspace.phaseOverrideReason
      ? { phase: workspace.phaseOverride, reason: workspace.phaseOverrideReason }
      : null;
  return coursePhase({
    attendedSessions: course.attendedSessions,
    plannedSessions: course.plannedSessions,
    override,
  });
}

/**
 * Opens a course's IPT records for a form or a page (its therapist, their supervisor, a manager);
 * null means 404. Every opening is audited, refusals as denied.
 */
export async function openForStaff(
  uc: UseCase,
  { courseId, page }: { courseId: string; page: string },
) {
  const { sc, patientId } = await staffCourse(uc, courseId);
  await uc.audit({
    action: 'ipt.workspace_read',
    patientId,
    recordType: 'course',
    recordId: courseId,
    outcome: sc ? 'success' : 'denied',
    details: { page },
  });
  if (!sc) return null;
  const workspace = await repo.findWorkspace(uc.db, uc.service.id, courseId);
  return {
    ...sc,
    workspace,
    phase: phaseOf(sc.course, workspace),
    draftWriter: await draftWriterOf(uc, workspace),
  };
}

/**
 * Who saved the formulation draft, so a supervisor's or colleague's draft is not taken for one's
 * own: "you" for the person reading, else their name.
 */
async function draftWriterOf(uc: UseCase, workspace: repo.WorkspaceRow | null) {
  const by = workspace?.draftBy;
  if (!by) return null;
  if (by === signedInUser(uc).userId) return 'you';
  const names = await therapists.displayNames(uc.db, uc.service.id, [by]);
  return names.get(by) ?? 'a colleague';
}

export type StaffOpened = NonNullable<Awaited<ReturnType<typeof openForStaff>>>;

/** The IPT records of a course, shared by the staff workspace and the patient's page. */
async function recordsOf(uc: UseCase, courseIds: readonly string[]) {
  const serviceId = uc.service.id;
  const [people, timeline, aims] = await Promise.all([
    repo.listPeople(uc.db, serviceId, courseIds),
    repo.listTimeline(uc.db, serviceId, courseIds),
    repo.listAims(uc.db, serviceId, courseIds),
  ]);
  const ratings = await repo.listAimRatings(
    uc.db,
    serviceId,
    aims.map((a) => a.id),
  );
  return {
    people,
    timeline,
    aims: aims.map((aim) => ({ aim, ratings: ratings.filter((r) => r.aimId === aim.id) })),
  };
}

export type IptRecords = Awaited<ReturnType<typeof recordsOf>>;

/** The current staying-well plan and how prominently to offer it (H26), for a course's pages. */
async function stayingWellOf(
  uc: UseCase,
  { course, patient }: StaffCourse,
  workspace: repo.WorkspaceRow | null,
) {
  const plan = (await stayingWellRepo.listVersions(uc.db, uc.service.id, course.id))[0] ?? null;
  const actor = await accessActorFor(uc.db, signedInUser(uc));
  return {
    plan,
    prompt: stayingWellPrompt({
      phase: phaseOf(course, workspace).phase,
      plan,
      ended: course.status !== 'active',
    }),
    canWrite:
      course.status === 'active' && can(actor, 'staying_well.write', careResource(course, patient)),
  };
}

export type StayingWellSummary = Awaited<ReturnType<typeof stayingWellOf>>;

/** The course workspace page: phase, sessions with scores, next appointment, risk, IPT records. */
export async function openWorkspace(uc: UseCase, { courseId }: { courseId: string }) {
  const opened = await openForStaff(uc, { courseId, page: 'workspace' });
  if (!opened) return null;
  const { course, patient } = opened;
  const serviceId = uc.service.id;
  const now = uc.clock.now();
  const [appointments, responses, alerts, records] = await Promise.all([
    diary.listForCourse(uc.db, serviceId, course.id),
    currentResponses(uc.db, serviceId, { patientIds: [patient.id], referralIds: [] }, [
      'phq9',
      'gad7',
    ]),
    listOpenAlertsForPatient(uc.db, serviceId, patient.id),
    recordsOf(uc, [course.id]),
  ]);
  const scoreAt = (appointmentId: string, measureId: string) =>
    responses.filter((r) => r.appointmentId === appointmentId && r.measureId === measureId).at(-1)
      ?.total ?? null;
  const sessions = appointments
    .filter(
      (a) =>
        a.appointment.type === 'ipt_session' &&
        a.appointment.status !== 'cancelled' &&
        (a.appointment.status !== 'booked' || a.appointment.startsAt <= now),
    )
    .map((a) => ({
      id: a.appointment.id,
      sessionNumber: a.appointment.sessionNumber,
      startsAt: a.appointment.startsAt,
      status: a.appointment.status,
      phq9: scoreAt(a.appointment.id, 'phq9'),
      gad7: scoreAt(a.appointment.id, 'gad7'),
    }));
  const next =
    appointments.find((a) => a.appointment.status === 'booked' && a.appointment.startsAt > now) ??
    null;
  const stayingWell = await stayingWellOf(uc, opened, opened.workspace);
  return { ...opened, sessions, next, alerts, stayingWell, ...records };
}

export type WorkspaceView = NonNullable<Awaited<ReturnType<typeof openWorkspace>>>;

/** The printable inventory page. */
export async function openInventory(uc: UseCase, { courseId }: { courseId: string }) {
  const opened = await openForStaff(uc, { courseId, page: 'inventory' });
  if (!opened) return null;
  return {
    ...opened,
    people: await repo.listPeople(uc.db, uc.service.id, [courseId]),
  };
}

/**
 * Runs a change to an active course's IPT records in one transaction, after the access check;
 * a refusal is audited as denied under the change's action.
 */
async function change<T>(
  uc: UseCase,
  courseId: string,
  action: AuditAction,
  fn: (t: UseCase, sc: StaffCourse) => Promise<Outcome<T>>,
): Promise<Outcome<T>> {
  return uc.transaction(async (t) => {
    const { sc, patientId } = await staffCourse(t, courseId);
    if (!sc) {
      await t.audit({
        action,
        patientId,
        recordType: 'course',
        recordId: courseId,
        outcome: 'denied',
      });
      return NOT_FOUND;
    }
    if (sc.course.status !== 'active') return fail(ENDED);
    return fn(t, sc);
  });
}

const userOf = (uc: UseCase) => signedInUser(uc).userId;

/** Audits a change to one of the course's IPT records (a person, event or aim) and answers its id. */
async function recordChanged(
  t: UseCase,
  sc: StaffCourse,
  entry: {
    action: AuditAction;
    recordType: string;
    recordId: string;
    details?: Record<string, unknown>;
  },
): Promise<Outcome<string>> {
  await t.audit({
    action: entry.action,
    patientId: sc.patient.id,
    recordType: entry.recordType,
    recordId: entry.recordId,
    details: { courseId: sc.course.id, ...entry.details },
  });
  return { ok: true, value: entry.recordId };
}

/**
 * Removes one of an active course's IPT records: one that is not this course's, or is already
 * removed, is 404. `find` and `remove` are the record's repository functions.
 */
function removeRecord(
  uc: UseCase,
  courseId: string,
  entry: { action: AuditAction; recordType: string; recordId: string },
  store: {
    find: (db: UseCase['db'], serviceId: string, courseId: string, id: string) => Promise<unknown>;
    remove: (db: UseCase['db'], serviceId: string, id: string, at: Date) => Promise<void>;
  },
) {
  return change(uc, courseId, entry.action, async (t, sc) => {
    if (!(await store.find(t.db, t.service.id, courseId, entry.recordId))) return NOT_FOUND;
    await store.remove(t.db, t.service.id, entry.recordId, t.clock.now());
    return recordChanged(t, sc, entry);
  });
}

export function setPhaseOverride(
  uc: UseCase,
  { courseId, override }: { courseId: string; override: PhaseOverride | null },
): Promise<Outcome<CoursePhase>> {
  return change(uc, courseId, 'ipt.phase_override', async (t, sc) => {
    const before = await repo.lockWorkspace(t.db, keyOf(sc));
    await repo.setPhaseOverride(
      t.db,
      keyOf(sc),
      override ? { ...override, by: userOf(t), at: t.clock.now() } : null,
    );
    const phase = phaseOf(sc.course, await repo.findWorkspace(t.db, t.service.id, courseId));
    await t.audit({
      action: 'ipt.phase_override',
      patientId: sc.patient.id,
      recordType: 'course',
      recordId: courseId,
      reason: override?.reason,
      details: {
        before: before.phaseOverride,
        after: override?.phase ?? null,
        computed: phase.computed,
      },
    });
    return { ok: true, value: phase };
  });
}

export function addPerson(
  uc: UseCase,
  { courseId, person }: { courseId: string; person: PersonInput },
) {
  return change(uc, courseId, 'ipt.person_add', async (t, sc) => {
    const row = await repo.insertPerson(t.db, keyOf(sc), {
      ...person,
      createdBy: userOf(t),
      at: t.clock.now(),
    });
    return recordChanged(t, sc, {
      action: 'ipt.person_add',
      recordType: 'ipt_person',
      recordId: row.id,
      details: { closeness: person.closeness },
    });
  });
}

/** A person in the course's inventory, for its edit or remove form; null means 404. */
export async function openPerson(
  uc: UseCase,
  { courseId, personId, page }: { courseId: string; personId: string; page: string },
) {
  const opened = await openForStaff(uc, { courseId, page });
  if (!opened) return null;
  const person = await repo.findPerson(uc.db, uc.service.id, courseId, personId);
  return person ? { ...opened, person } : null;
}

export function editPerson(
  uc: UseCase,
  { courseId, personId, person }: { courseId: string; personId: string; person: PersonInput },
) {
  return change(uc, courseId, 'ipt.person_edit', async (t, sc) => {
    const before = await repo.findPerson(t.db, t.service.id, courseId, personId);
    if (!before) return NOT_FOUND;
    await repo.updatePerson(t.db, t.service.id, personId, person, t.clock.now());
    const changed = (Object.keys(person) as (keyof PersonInput)[]).filter(
      (k) => before[k] !== person[k],
    );
    return recordChanged(t, sc, {
      action: 'ipt.person_edit',
      recordType: 'ipt_person',
      recordId: personId,
      details: { changed },
    });
  });
}

export function removePerson(
  uc: UseCase,
  { courseId, personId }: { courseId: string; personId: string },
) {
  return removeRecord(
    uc,
    courseId,
    { action: 'ipt.person_remove', recordType: 'ipt_person', recordId: personId },
    { find: repo.findPerson, remove: repo.removePerson },
  );
}

export function addTimelineEvent(
  uc: UseCase,
  { courseId, event }: { courseId: string; event: TimelineInput },
) {
  return change(uc, courseId, 'ipt.timeline_add', async (t, sc) => {
    const row = await repo.insertTimelineEvent(t.db, keyOf(sc), {
      what: event.what,
      occurredOn: event.date.occurredOn,
      datePrecision: event.date.precision,
      mood: event.mood,
      createdBy: userOf(t),
      createdAt: t.clock.now(),
    });
    return recordChanged(t, sc, {
      action: 'ipt.timeline_add',
      recordType: 'ipt_timeline_event',
      recordId: row.id,
    });
  });
}

export function removeTimelineEvent(
  uc: UseCase,
  { courseId, eventId }: { courseId: string; eventId: string },
) {
  return removeRecord(
    uc,
    courseId,
    { action: 'ipt.timeline_remove', recordType: 'ipt_timeline_event', recordId: eventId },
    { find: repo.findTimelineEvent, remove: repo.removeTimelineEvent },
  );
}

/** The words of the shared version and of the draft, as the domain rule reads them. */
function formulationState(w: repo.WorkspaceRow): FormulationState {
  return {
    shared:
      w.formulation !== null && w.focalArea !== null
        ? { focalArea: w.focalArea, secondFocalArea: w.secondFocalArea, formulation: w.formulation }
        : null,
    version: w.formulationVersion,
    draft:
      w.draftFormulation !== null && w.draftFocalArea !== null
        ? {
            focalArea: w.draftFocalArea,
            secondFocalArea: w.draftSecondFocalArea,
            formulation: w.draftFormulation,
          }
        : null,
    draftRevision: w.draftRevision,
  };
}

/**
 * Saves the focal area(s) and the formulation, as a draft or shared (`decideFormulationSave`).
 * A draft is for clinicians only: the patient keeps the shared version and its agreement. Sharing
 * a real change makes a new version, clears the patient's agreement so they are asked again, and
 * drops the draft (hazard H15); saving the same words changes nothing. A save from a page opened
 * before another save or share is refused with the words kept.
 */
export function saveFormulation(
  uc: UseCase,
  { courseId, formulation }: { courseId: string; formulation: FormulationInput },
): Promise<Outcome<{ changed: boolean }>> {
  const action: AuditAction =
    formulation.intent === 'draft' ? 'ipt.formulation_draft_save' : 'ipt.formulation_save';
  return change<{ changed: boolean }>(uc, courseId, action, async (t, sc) => {
    const before = await repo.lockWorkspace(t.db, keyOf(sc));
    const words = {
      focalArea: formulation.focalArea,
      secondFocalArea: formulation.secondFocalArea,
      formulation: formulation.formulation,
    };
    const decision = decideFormulationSave(formulationState(before), {
      intent: formulation.intent,
      words,
      basedOn: { version: formulation.basedOn, draftRevision: formulation.draftBasedOn },
    });
    if (decision.write === 'nothing') return { ok: true, value: { changed: false } };
    // Saved or shared since this page was opened (another tab, a colleague): not overwritten unseen.
    if (decision.write === 'stale')
      return fail([{ field: 'formulation', message: FORMULATION_STALE_MESSAGE }]);
    const by = userOf(t);
    const at = t.clock.now();
    const audit = (details: Record<string, unknown>) =>
      t.audit({
        action,
        patientId: sc.patient.id,
        recordType: 'course',
        recordId: courseId,
        details: { focalArea: words.focalArea, secondFocalArea: words.secondFocalArea, ...details },
      });
    if (decision.write === 'drop_draft') {
      await repo.dropDraft(t.db, keyOf(sc));
      await audit({ version: before.formulationVersion, draftDropped: true });
      return { ok: true, value: { changed: true } };
    }
    if (decision.write === 'draft') {
      const draftRevision = await repo.saveDraft(t.db, keyOf(sc), { ...words, by, at });
      await audit({ draftRevision, sharedVersion: before.formulationVersion });
      return { ok: true, value: { changed: true } };
    }
    const version = await repo.saveFormulation(t.db, keyOf(sc), { ...words, by, at });
    await audit({
      version,
      agreementCleared: before.agreedAt !== null,
      draftShared: before.draftAt !== null,
    });
    return { ok: true, value: { changed: true } };
  });
}

export function addAim(uc: UseCase, { courseId, aim }: { courseId: string; aim: string }) {
  return change(uc, courseId, 'ipt.aim_add', async (t, sc) => {
    const row = await repo.insertAim(t.db, keyOf(sc), {
      aim,
      createdBy: userOf(t),
      createdAt: t.clock.now(),
    });
    return recordChanged(t, sc, { action: 'ipt.aim_add', recordType: 'ipt_aim', recordId: row.id });
  });
}

export function removeAim(uc: UseCase, { courseId, aimId }: { courseId: string; aimId: string }) {
  return removeRecord(
    uc,
    courseId,
    { action: 'ipt.aim_remove', recordType: 'ipt_aim', recordId: aimId },
    { find: repo.findAim, remove: repo.removeAim },
  );
}

/** The sessions of a course that have taken place, by their numbers (1, 2, 3… in time order). */
async function sessionsTakenPlace(db: Db, serviceId: string, courseId: string) {
  const rows = await diary.listForCourse(db, serviceId, courseId);
  return rows
    .filter(
      (a) =>
        a.appointment.type === 'ipt_session' &&
        (a.appointment.status === 'attended' || a.appointment.status === 'arrived_late'),
    )
    .map((a, i) => ({
      number: a.appointment.sessionNumber ?? i + 1,
      startsAt: a.appointment.startsAt,
    }));
}

export type SessionTakenPlace = Awaited<ReturnType<typeof sessionsTakenPlace>>[number];

/**
 * The aims rated at a session: those set by its day (`aimsAtSession`). A session whose day is
 * not known (none in the diary) has every current aim.
 */
export function aimsRatedAt<A extends { createdAt: Date }>(
  aims: readonly A[],
  sessions: readonly SessionTakenPlace[],
  sessionNumber: number,
): A[] {
  const session = sessions.find((x) => x.number === sessionNumber);
  return session ? aimsAtSession(aims, session) : [...aims];
}

/** The rating form: the course's current aims, and the sessions that have taken place. */
export async function openAims(uc: UseCase, { courseId }: { courseId: string }) {
  const opened = await openForStaff(uc, { courseId, page: 'aims.rate' });
  if (!opened) return null;
  const { aims } = await recordsOf(uc, [courseId]);
  const sessions = await sessionsTakenPlace(uc.db, uc.service.id, courseId);
  return { ...opened, aims, sessions };
}

/**
 * Rates progress on every current aim at a review session; earlier ratings are kept. The session
 * must have taken place, and an aim is rated once a session (`checkAimRatingSession`).
 */
export async function rateAims(
  uc: UseCase,
  { courseId, input }: { courseId: string; input: RatingsInput },
) {
  try {
    return await rateAimsOnce(uc, courseId, input);
  } catch (e) {
    // Another submit rated them at the same moment: nothing of this one is kept, and the answer
    // is the one a second submit after it gets.
    if (e instanceof RatedMeanwhile) return fail([{ field: 'sessionNumber', message: e.message }]);
    throw e;
  }
}

/** Thrown to undo a rating that met another submit's ratings of the same aims at the session. */
class RatedMeanwhile extends Error {}

function rateAimsOnce(uc: UseCase, courseId: string, input: RatingsInput) {
  return change(uc, courseId, 'ipt.aims_rate', async (t, sc) => {
    const current = await repo.listAims(t.db, t.service.id, [courseId]);
    const sessions = await sessionsTakenPlace(t.db, t.service.id, courseId);
    const ids = new Set(aimsRatedAt(current, sessions, input.sessionNumber).map((a) => a.id));
    // An aim is rated only at sessions from the day it was set: not asked for before (H11).
    const session = sessions.find((x) => x.number === input.sessionNumber);
    const early = session
      ? current.flatMap((a, i) =>
          !ids.has(a.id) && input.ratings.some((r) => r.aimId === a.id)
            ? [{ field: ratingFieldOf(a.id), message: aimNotYetSetMessage(i + 1, a, session) }]
            : [],
        )
      : [];
    if (early.length > 0) return fail(early);
    // The aims changed since the form was shown: show it again with the aims as they are now.
    if (input.ratings.length !== ids.size || input.ratings.some((r) => !ids.has(r.aimId)))
      return fail([
        { field: 'sessionNumber', message: 'The aims have changed since this page was opened' },
      ]);
    const earlier = await repo.listAimRatings(
      t.db,
      t.service.id,
      current.map((a) => a.id),
    );
    const problem = checkAimRatingSession({
      sessionNumber: input.sessionNumber,
      attendedSessions: sc.course.attendedSessions,
      aimIds: current.map((a) => a.id),
      earlier,
    });
    if (problem)
      return fail([
        {
          field: 'sessionNumber',
          message: aimRatingSessionMessage(problem, input.sessionNumber),
        },
      ]);
    const stored = new Set(
      await repo.insertAimRatings(t.db, t.service.id, courseId, input.ratings, {
        sessionNumber: input.sessionNumber,
        ratedBy: userOf(t),
        ratedAt: t.clock.now(),
      }),
    );
    const meanwhile = current.flatMap((a, i) =>
      input.ratings.some((r) => r.aimId === a.id) && !stored.has(a.id) ? [i + 1] : [],
    );
    if (meanwhile.length > 0)
      throw new RatedMeanwhile(
        aimRatingSessionMessage(
          { reason: 'already_rated', aimNumbers: meanwhile },
          input.sessionNumber,
        ),
      );
    await t.audit({
      action: 'ipt.aims_rate',
      patientId: sc.patient.id,
      recordType: 'course',
      recordId: courseId,
      details: { sessionNumber: input.sessionNumber, ratings: input.ratings },
    });
    return { ok: true as const, value: input.ratings.length };
  });
}

// ---- The patient's own page --------------------------------------------------------------------

/**
 * What the signed-in patient sees of their current course's IPT work: read only, except their
 * agreement to the formulation. `course` is null when they have none yet. Audited.
 */
export async function ownTherapy(uc: UseCase) {
  const user = signedInUser(uc);
  const patient = await findPatientByUser(uc.db, user.serviceId, user.userId);
  const course = patient ? await currentCourseOf(uc.db, user.serviceId, patient.id) : null;
  const actor = await accessActorFor(uc.db, user);
  const allowed =
    patient !== null &&
    course !== null &&
    can(actor, 'care.read_own', careResource(course, patient));
  await uc.audit({
    action: 'ipt.own_read',
    patientId: patient?.id ?? null,
    recordType: 'course',
    recordId: course?.id,
    outcome: course && !allowed ? 'denied' : 'success',
  });
  if (!allowed) return { course: null };
  const workspace = await repo.findWorkspace(uc.db, uc.service.id, course.id);
  return {
    course,
    workspace: workspace && sharedOnly(workspace),
    stayingWell: await stayingWellOf(uc, { course, patient }, workspace),
    ...(await recordsOf(uc, [course.id])),
  };
}

export type OwnTherapy = Awaited<ReturnType<typeof ownTherapy>>;

/** The workspace without its draft: what any page for the patient may be given (H15). */
export type SharedWorkspace = Omit<
  repo.WorkspaceRow,
  | 'draftFocalArea'
  | 'draftSecondFocalArea'
  | 'draftFormulation'
  | 'draftBy'
  | 'draftAt'
  | 'draftRevision'
>;

export function sharedOnly(w: repo.WorkspaceRow): SharedWorkspace {
  const {
    draftFocalArea: _focalArea,
    draftSecondFocalArea: _secondFocalArea,
    draftFormulation: _formulation,
    draftBy: _by,
    draftAt: _at,
    draftRevision: _revision,
    ...shared
  } = w;
  return shared;
}

/**
 * The patient agrees to the formulation as shown to them (version): refused when it has changed
 * since, so they always agree to the words they read, and once the course has ended (there is
 * nothing left to work on together). Only the patient of the course may.
 */
export async function agreeFormulation(
  uc: UseCase,
  { courseId, version }: { courseId: string; version: number },
): Promise<Outcome<Date>> {
  return uc.transaction(async (t) => {
    const found = await loadCourse(t, courseId);
    const actor = await accessActorFor(t.db, signedInUser(t));
    if (!found || !can(actor, 'care.read_own', careResource(found.course, found.patient))) {
      await t.audit({
        action: 'ipt.formulation_agree',
        recordType: 'course',
        recordId: courseId,
        outcome: 'denied',
      });
      return NOT_FOUND;
    }
    if (found.course.status !== 'active') {
      await t.audit({
        action: 'ipt.formulation_agree',
        patientId: found.patient.id,
        recordType: 'course',
        recordId: courseId,
        outcome: 'denied',
        details: { courseEnded: true },
      });
      return fail(AGREE_ENDED);
    }
    const workspace = await repo.findWorkspace(t.db, t.service.id, courseId);
    if (!workspace?.formulation) return NOT_FOUND;
    const at = t.clock.now();
    if (!(await repo.agreeFormulation(t.db, t.service.id, courseId, version, at)))
      return fail([
        {
          field: 'agree',
          message:
            workspace.agreedAt !== null && workspace.agreedVersion === version
              ? 'You have already agreed to this'
              : 'Your therapist has changed this since you opened the page. Read it again below',
        },
      ]);
    await t.audit({
      action: 'ipt.formulation_agree',
      patientId: found.patient.id,
      recordType: 'course',
      recordId: courseId,
      details: { version },
    });
    return { ok: true, value: at };
  });
}

// ---- For other features ------------------------------------------------------------------------

export interface NotebookItem {
  kind: 'formulation' | 'aims' | 'inventory' | 'timeline' | 'staying_well';
  title: string;
  date: Date;
  text: string;
  href: string;
}

const latest = (dates: readonly Date[]) => new Date(Math.max(...dates.map((d) => d.getTime())));

/**
 * What the IPT workspace shares with the patient, as notebook items: the formulation, the aims
 * with their latest ratings, the inventory and the timeline, from every course of theirs. For
 * the patient themselves or a clinician who may open their record; anyone else gets none. Audited.
 */
export async function notebookItemsFor(
  uc: UseCase,
  { patientId }: { patientId: string },
): Promise<NotebookItem[]> {
  const patient = await findPatient(uc.db, uc.service.id, patientId);
  const actor = await accessActorFor(uc.db, signedInUser(uc));
  const allowed = patient !== null && can(actor, 'patient.read', patientRecordResource(patient));
  await uc.audit({
    action: 'ipt.shared_read',
    patientId: patient?.id ?? null,
    recordType: 'patient',
    recordId: patientId,
    outcome: allowed ? 'success' : 'denied',
  });
  if (!allowed) return [];
  const courseIds = await repo.courseIdsOfPatient(uc.db, uc.service.id, patientId);
  // Only the shared version: a draft is never part of what the patient is given (H15).
  const workspaces = (await repo.listWorkspacesOfPatient(uc.db, uc.service.id, patientId)).map(
    sharedOnly,
  );
  const { people, timeline, aims } = await recordsOf(uc, courseIds);
  const items: NotebookItem[] = [];
  for (const w of workspaces) {
    if (!w.formulation || !w.focalArea || !w.formulationAt) continue;
    const areas = [w.focalArea, w.secondFocalArea]
      .filter((a) => a !== null)
      .map((a) => focalAreaLabel(a, 'patient'));
    items.push({
      kind: 'formulation',
      title: 'What we will work on together',
      date: w.formulationAt,
      text: [
        `Focus: ${areas.join(' and ')}.`,
        w.formulation,
        w.agreedAt ? `You agreed to this on ${formatLondonDate(w.agreedAt)}.` : 'Not agreed yet.',
      ].join('\n\n'),
      href: '/therapy#formulation',
    });
  }
  if (aims.length > 0)
    items.push({
      kind: 'aims',
      title: 'Your treatment aims',
      date: latest(
        aims.flatMap(({ aim, ratings }) => [aim.createdAt, ...ratings.map((r) => r.ratedAt)]),
      ),
      text: aims
        .map(({ aim, ratings }, i) => {
          const last = ratings[0];
          return `${i + 1}. ${aim.aim}${last ? ` (progress ${last.rating} out of 10 at session ${last.sessionNumber})` : ''}`;
        })
        .join('\n'),
      href: '/therapy#aims',
    });
  if (people.length > 0)
    items.push({
      kind: 'inventory',
      title: 'The people in your life',
      date: latest(people.map((p) => p.updatedAt)),
      text: people
        .map(
          (p) =>
            `${p.name} (${p.relationship}): ${CLOSENESS_LABELS[p.closeness as 1 | 2 | 3].toLowerCase()}`,
        )
        .join('\n'),
      href: '/therapy#people',
    });
  if (timeline.length > 0)
    items.push({
      kind: 'timeline',
      title: 'Your timeline of life events',
      date: latest(timeline.map((e) => e.createdAt)),
      text: timeline
        .map(
          (e) =>
            `${formatLifeEventDate({ occurredOn: e.occurredOn, precision: e.datePrecision })}: ${e.what} (mood ${e.mood} out of 10)`,
        )
        .join('\n'),
      href: '/therapy#timeline',
    });
  // A plan not yet marked ready says so in its title, so the notebook, the printout and the PDF
  // never show a draft as the finished plan (walk 13, H26).
  for (const plan of await stayingWellRepo.latestOfPatient(uc.db, uc.service.id, patientId))
    items.push({
      kind: 'staying_well',
      title: plan.complete ? 'Your staying-well plan' : 'Your staying-well plan (not finished yet)',
      date: plan.savedAt,
      text: stayingWellText(plan),
      href: `/therapy/${plan.courseId}/staying-well`,
    });
  return items.sort((a, b) => b.date.getTime() - a.date.getTime());
}

/** The plan as plain text for the notebook, always ending with the urgent-help numbers (H26). */
function stayingWellText(plan: stayingWellRepo.StayingWellRow): string {
  const part = (heading: string, text: string) => (text === '' ? [] : [`${heading}\n${text}`]);
  return [
    ...(plan.complete
      ? []
      : [
          'Not finished yet. You and your therapist are still writing this plan together, so it may change.',
        ]),
    ...part('My warning signs', plan.warningSigns),
    ...part('What helps me', plan.whatHelps),
    ...part('People I can contact', plan.contacts.map((c) => `${c.name}: ${c.how}`).join('\n')),
    ...part('What I will do in a crisis', plan.crisisPlan),
    URGENT_HELP_TEXT,
  ].join('\n\n');
}

/**
 * The phase a course is in now (with any override), for the course's clinicians and its patient;
 * null when the course does not exist or is not theirs. Audited.
 */
export async function currentPhase(uc: UseCase, courseId: string): Promise<CoursePhase | null> {
  const found = await loadCourse(uc, courseId);
  const actor = await accessActorFor(uc.db, signedInUser(uc));
  const allowed =
    found !== null &&
    (can(actor, 'care.manage', careResource(found.course, found.patient)) ||
      can(actor, 'care.read_own', careResource(found.course, found.patient)));
  await uc.audit({
    action: 'ipt.workspace_read',
    patientId: found?.patient.id ?? null,
    recordType: 'course',
    recordId: courseId,
    outcome: allowed ? 'success' : 'denied',
    details: { page: 'phase' },
  });
  if (!allowed) return null;
  return phaseOf(found.course, await repo.findWorkspace(uc.db, uc.service.id, courseId));
}
