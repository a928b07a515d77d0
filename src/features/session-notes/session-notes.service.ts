import { createHash } from 'node:crypto';
import { hasStarted, mayAgreeTaskAt } from '../../domain/appointments';
import { formatDate, formatLondonDateTime, utcToLondon } from '../../domain/calendar';
import {
  ATTENDED_STATUSES,
  canAddAddendum,
  canCorrectSummary,
  canEditNote,
  checkCorrectionCountersign,
  checkCountersign,
  checkReadyToSign,
  type CountersignRefusal,
  correctionNeedsCountersignature,
  correctionStatus,
  countersignatureNeeded,
  isNoteOverdue,
  noteDueBy,
  noteState,
  type CorrectionStatus,
  type NoteContent,
  type NoteState,
} from '../../domain/notes';
import { accessActorFor, can, type AccessActor } from '../../platform/access';
import { requireUser, type UseCase } from '../../platform/use-case';
import type { FieldError } from '../../ui/forms';
import { findCourse } from '../courses';
import * as diary from '../diary';
import { ownPatientRecord } from '../patients';
import { listOpenAlertsForPatient } from '../risk';
import * as tasks from '../tasks';
import * as therapists from '../therapists';
import * as repo from './session-notes.repository';
import { scoresOfSession, type SessionScore } from '../questionnaires';

export type { AddendumRow, NoteRow, SummaryCorrectionRow } from './session-notes.repository';

/** A correction to the patient's summary as staff see it on the note page (H17). */
export interface StaffSummaryCorrection extends repo.SummaryCorrectionRow {
  status: CorrectionStatus;
  /** The signed-in user is the author's named supervisor and it waits for them. */
  mayCountersign: boolean;
}

export interface NotePage {
  detail: diary.AppointmentDetail;
  note: repo.NoteRow | null;
  state: NoteState;
  addenda: repo.AddendumRow[];
  /** Corrections to the patient's summary, oldest first, each with where it stands (H17). */
  corrections: StaffSummaryCorrection[];
  /** May add addenda and corrections to the signed note: the same people (`mayAddToSignedNote`). */
  mayAddToSigned: boolean;
  /** The course's tasks with the patient's reflections, oldest first. */
  tasks: tasks.TaskRow[];
  /** This session's questionnaires, with the risk question's answer. */
  scores: SessionScore[];
  /** The patient's open risk alerts, to act on from the note where risk is reviewed (walk 11). */
  openAlerts: { id: string; reason: string; raisedAt: Date }[];
  /** The session has begun (before it, its questionnaires may still come). */
  started: boolean;
  names: Map<string, string>;
  mayWrite: boolean;
  /** A task can be agreed at this session: it has taken place (H11). */
  maySetTask: boolean;
  mayCountersign: boolean;
  /** What the draft said when the page was opened, for the form to send back (`draftStamp`). */
  stamp: string;
}

/**
 * A short fingerprint of a draft's words ("new" when there is none yet): a save from a page opened
 * on other words would wipe what another tab saved, so it is refused (walk 6).
 */
export function draftStamp(note: repo.NoteRow | null): string {
  if (!note) return 'new';
  return createHash('sha256')
    .update(
      JSON.stringify([
        note.agenda,
        note.focalAreaWork,
        note.riskReview,
        note.plan,
        note.patientSummary,
      ]),
    )
    .digest('base64url')
    .slice(0, 22);
}

/** What a change answers: done, refused with field errors, or null for not found (404). */
export type NoteOutcome = { ok: true } | { ok: false; errors: FieldError[] } | null;

/** A countersignature made, refused (why, for the page to say), or null when not found (404). */
export type CountersignOutcome = { ok: true } | { ok: false; reason: CountersignRefusal } | null;

const EMPTY: NoteContent = {
  agenda: '',
  focalAreaWork: '',
  riskReview: '',
  plan: '',
  patientSummary: '',
};

async function actorOf(uc: UseCase): Promise<AccessActor> {
  return accessActorFor(uc.db, requireUser(uc));
}

/** An IPT session of a course, not cancelled: the only appointments that have notes. */
async function sessionFor(uc: UseCase, appointmentId: string) {
  const detail = await diary.findAppointment(uc.db, uc.service.id, appointmentId);
  if (
    !detail?.appointment.courseId ||
    detail.appointment.type !== 'ipt_session' ||
    detail.appointment.status === 'cancelled'
  )
    return null;
  return detail;
}

async function mayCountersign(
  uc: UseCase,
  actor: AccessActor,
  note: repo.NoteRow | null,
): Promise<boolean> {
  if (!note) return false;
  const author = await therapists.findProfile(uc.db, uc.service.id, note.authorId);
  return (
    can(actor, 'note.countersign', {
      kind: 'therapist',
      serviceId: uc.service.id,
      therapistId: note.authorId,
    }) &&
    checkCountersign(note, {
      actorId: actor.userId,
      authorSupervisorId: author?.supervisorId ?? null,
    }).ok
  );
}

/**
 * Who may add to a signed note, an addendum or a correction to its summary alike: those who write
 * the note or may countersign for its session's therapist (their named supervisor).
 */
function mayAddToSignedNote(
  uc: UseCase,
  actor: AccessActor,
  detail: diary.AppointmentDetail,
): boolean {
  const care = diary.careOf(detail);
  return (
    can(actor, 'note.write', care) ||
    can(actor, 'note.countersign', {
      kind: 'therapist',
      serviceId: uc.service.id,
      therapistId: care.therapistId,
    })
  );
}

/** The session was held: only then does the patient read its summary (`sharedSummaries`). */
function sessionHeld(detail: diary.AppointmentDetail): boolean {
  return (ATTENDED_STATUSES as readonly string[]).includes(detail.appointment.status);
}

/** Whether the actor may countersign this trainee's correction: their named supervisor only. */
async function mayCountersignCorrection(
  uc: UseCase,
  actor: AccessActor,
  correction: repo.SummaryCorrectionRow,
  supervisors: Map<string, string | null>,
): Promise<boolean> {
  if (!supervisors.has(correction.authorId)) {
    const author = await therapists.findProfile(uc.db, uc.service.id, correction.authorId);
    supervisors.set(correction.authorId, author?.supervisorId ?? null);
  }
  return (
    can(actor, 'note.countersign', {
      kind: 'therapist',
      serviceId: uc.service.id,
      therapistId: correction.authorId,
    }) &&
    checkCorrectionCountersign(correction, {
      actorId: actor.userId,
      authorSupervisorId: supervisors.get(correction.authorId) ?? null,
    }).ok
  );
}

/**
 * Opens a session's note for a clinician (draft, signed or none yet), with its addenda and the
 * course's tasks. Null (404) for a patient, a stranger, or an appointment that is not an IPT
 * session; every opening is audited.
 */
export async function openNote(uc: UseCase, appointmentId: string): Promise<NotePage | null> {
  const detail = await sessionFor(uc, appointmentId);
  const actor = await actorOf(uc);
  const allowed = detail !== null && can(actor, 'note.read', diary.careOf(detail));
  // A cancelled session has no note, but a refused look is still audited against its patient.
  const patientId =
    detail?.patient.id ??
    (await diary.findAppointment(uc.db, uc.service.id, appointmentId))?.patient.id ??
    null;
  await uc.audit({
    action: 'note.read',
    outcome: allowed ? 'success' : 'denied',
    patientId,
    recordType: 'appointment',
    recordId: appointmentId,
  });
  if (!detail?.appointment.courseId || !allowed) return null;
  const mayWrite = can(actor, 'note.write', diary.careOf(detail));
  const course = await findCourse(uc.db, uc.service.id, detail.appointment.courseId);
  const note = await repo.findNote(uc.db, uc.service.id, appointmentId);
  const addenda = note ? await repo.addendaOf(uc.db, uc.service.id, note.id) : [];
  const supervisors = new Map<string, string | null>();
  const corrections: StaffSummaryCorrection[] = [];
  // One after the other: inside the request's transaction they share one client.
  if (note)
    for (const c of await repo.summaryCorrectionsOf(uc.db, uc.service.id, note.id))
      corrections.push({
        ...c,
        status: correctionStatus(note, c, sessionHeld(detail)),
        mayCountersign: await mayCountersignCorrection(uc, actor, c, supervisors),
      });
  const ids = new Set<string>([
    ...(note ? [note.authorId] : []),
    ...(note?.countersignedBy ? [note.countersignedBy] : []),
    ...addenda.map((a) => a.authorId),
    ...corrections.flatMap((c) => [c.authorId, ...(c.countersignedBy ? [c.countersignedBy] : [])]),
  ]);
  return {
    detail,
    note,
    state: note ? noteState(note) : 'draft',
    addenda,
    corrections,
    mayAddToSigned: mayAddToSignedNote(uc, actor, detail),
    tasks: await tasks.tasksOfCourse(uc, detail.appointment.courseId),
    scores: await scoresOfSession(uc, appointmentId),
    openAlerts: await listOpenAlertsForPatient(uc.db, uc.service.id, detail.patient.id),
    started: hasStarted(detail.appointment, uc.clock.now()),
    names: await therapists.displayNames(uc.db, uc.service.id, [...ids]),
    mayWrite,
    // Not once the course has ended: the task page refuses too (H11).
    maySetTask:
      mayWrite && course !== null && mayAgreeTaskAt(detail.appointment, course, uc.clock.now()),
    mayCountersign: await mayCountersign(uc, actor, note),
    stamp: draftStamp(note),
  };
}

const LOCKED_ERROR: FieldError = {
  field: 'agenda',
  message: 'This note has been signed and cannot be changed. Add an addendum instead',
};

/**
 * Saves the draft and, when asked, signs it: signing needs every part (src/domain/notes
 * checkReadyToSign) and fixes whether the supervisor must countersign (a trainee's note).
 */
export async function saveNote(
  uc: UseCase,
  input: {
    appointmentId: string;
    content: NoteContent;
    sign: boolean;
    /**
     * The draft the page was opened on (`draftStamp`), or "" (not checked). A save from an older
     * page would wipe what another tab saved (walk 6).
     */
    basedOn?: string;
  },
): Promise<NoteOutcome> {
  return uc.transaction(async (t) => {
    const detail = await sessionFor(t, input.appointmentId);
    const actor = await actorOf(t);
    const user = requireUser(t);
    if (!detail?.appointment.courseId || !can(actor, 'note.write', diary.careOf(detail))) {
      await t.audit({
        action: input.sign ? 'note.sign' : 'note.save_draft',
        outcome: 'denied',
        patientId: detail?.patient.id ?? null,
        recordType: 'appointment',
        recordId: input.appointmentId,
      });
      return null;
    }
    const now = t.clock.now();
    const existing = await repo.lockNote(t.db, t.service.id, input.appointmentId);
    if (existing && !canEditNote(existing)) return { ok: false, errors: [LOCKED_ERROR] };
    const basedOn = input.basedOn ?? '';
    if (existing && basedOn !== '' && basedOn !== draftStamp(existing))
      return {
        ok: false,
        errors: [
          {
            field: 'agenda',
            message:
              'This note was saved on another page after you opened this one. Your words are kept below: open the note in a new tab to see what was saved there, or save again to replace it with yours',
          },
        ],
      };
    // A draft (an agenda, say) may be prepared ahead; a note is signed only once the session has
    // started, so nothing is recorded as said at a session that has not happened (H11, H17).
    if (input.sign && !hasStarted(detail.appointment, now))
      return {
        ok: false,
        errors: [
          {
            field: 'agenda',
            message: `You can sign this note once the session has started, from ${formatLondonDateTime(detail.appointment.startsAt)}`,
          },
        ],
      };
    if (input.sign) {
      const missing = checkReadyToSign(input.content);
      if (missing.length > 0) return { ok: false, errors: missing };
    }
    const note =
      existing ??
      (await repo.insertDraft(t.db, {
        serviceId: t.service.id,
        appointmentId: detail.appointment.id,
        courseId: detail.appointment.courseId,
        patientId: detail.patient.id,
        authorId: user.userId,
        content: EMPTY,
        at: now,
      }));
    if (!canEditNote(note)) return { ok: false, errors: [LOCKED_ERROR] };
    await repo.updateDraft(t.db, t.service.id, note.id, input.content, now);
    await t.audit({
      action: 'note.save_draft',
      patientId: detail.patient.id,
      recordType: 'session_note',
      recordId: note.id,
    });
    if (input.sign) {
      const profile = await therapists.findProfile(t.db, t.service.id, note.authorId);
      const needsCountersignature = countersignatureNeeded({ trainee: profile?.trainee ?? false });
      await repo.sign(t.db, t.service.id, note.id, {
        userId: user.userId,
        at: now,
        needsCountersignature,
      });
      await t.audit({
        action: 'note.sign',
        patientId: detail.patient.id,
        recordType: 'session_note',
        recordId: note.id,
        details: { needsCountersignature },
      });
    }
    return { ok: true };
  });
}

/** The supervisor countersigns their trainee's signed note; it is then locked. */
export async function countersignNote(
  uc: UseCase,
  input: { appointmentId: string },
): Promise<CountersignOutcome> {
  return uc.transaction(async (t) => {
    const detail = await sessionFor(t, input.appointmentId);
    const actor = await actorOf(t);
    const note = detail ? await repo.lockNote(t.db, t.service.id, input.appointmentId) : null;
    const readable = detail !== null && can(actor, 'note.read', diary.careOf(detail));
    if (!detail || !note || !readable) {
      await t.audit({
        action: 'note.countersign',
        outcome: 'denied',
        patientId: detail?.patient.id ?? null,
        recordType: 'appointment',
        recordId: input.appointmentId,
      });
      return null;
    }
    const author = await therapists.findProfile(t.db, t.service.id, note.authorId);
    const check = checkCountersign(note, {
      actorId: actor.userId,
      authorSupervisorId: author?.supervisorId ?? null,
    });
    const allowed =
      check.ok &&
      can(actor, 'note.countersign', {
        kind: 'therapist',
        serviceId: t.service.id,
        therapistId: note.authorId,
      });
    if (!allowed) {
      await t.audit({
        action: 'note.countersign',
        outcome: 'denied',
        patientId: detail.patient.id,
        recordType: 'session_note',
        recordId: note.id,
      });
      return { ok: false, reason: check.ok ? 'not-their-supervisor' : check.reason };
    }
    await repo.countersign(t.db, t.service.id, note.id, {
      userId: actor.userId,
      at: t.clock.now(),
    });
    await t.audit({
      action: 'note.countersign',
      patientId: detail.patient.id,
      recordType: 'session_note',
      recordId: note.id,
    });
    return { ok: true };
  });
}

/**
 * Adds an addendum to a signed note: the note itself never changes. The session's therapist and
 * the supervisor who may countersign it may add one.
 */
export async function addAddendum(
  uc: UseCase,
  input: { appointmentId: string; text: string },
): Promise<NoteOutcome> {
  return uc.transaction(async (t) => {
    const page = await openAddendum(t, input.appointmentId);
    if (!page) return null;
    if (!page.note || !canAddAddendum(page.note))
      return {
        ok: false,
        errors: [{ field: 'addendum', message: 'Sign the note before adding an addendum' }],
      };
    const row = await repo.insertAddendum(t.db, {
      serviceId: t.service.id,
      noteId: page.note.id,
      authorId: requireUser(t).userId,
      body: input.text,
      createdAt: t.clock.now(),
    });
    await t.audit({
      action: 'note.addendum',
      patientId: page.detail.patient.id,
      recordType: 'session_note',
      recordId: page.note.id,
      details: { addendumId: row.id },
    });
    return { ok: true };
  });
}

/** The addendum form: for those who write the note or supervise its author. */
export async function openAddendum(
  uc: UseCase,
  appointmentId: string,
): Promise<{ detail: diary.AppointmentDetail; note: repo.NoteRow | null } | null> {
  const detail = await sessionFor(uc, appointmentId);
  const actor = await actorOf(uc);
  const allowed = detail !== null && mayAddToSignedNote(uc, actor, detail);
  if (!detail || !allowed) {
    await uc.audit({
      action: 'note.addendum',
      outcome: 'denied',
      patientId: detail?.patient.id ?? null,
      recordType: 'appointment',
      recordId: appointmentId,
    });
    return null;
  }
  return { detail, note: await repo.findNote(uc.db, uc.service.id, appointmentId) };
}

/**
 * The form to correct a signed note's summary: for the same people as an addendum
 * (`mayAddToSignedNote`). It shows the summary the patient reads, so opening it is audited.
 */
export async function openSummaryCorrection(
  uc: UseCase,
  appointmentId: string,
): Promise<{ detail: diary.AppointmentDetail; note: repo.NoteRow | null } | null> {
  const detail = await sessionFor(uc, appointmentId);
  const actor = await actorOf(uc);
  const allowed = detail !== null && mayAddToSignedNote(uc, actor, detail);
  if (!detail || !allowed) {
    await uc.audit({
      action: 'note.summary_correction',
      outcome: 'denied',
      patientId: detail?.patient.id ?? null,
      recordType: 'appointment',
      recordId: appointmentId,
    });
    return null;
  }
  const note = await repo.findNote(uc.db, uc.service.id, appointmentId);
  await uc.audit({
    action: 'note.read',
    patientId: detail.patient.id,
    recordType: note ? 'session_note' : 'appointment',
    recordId: note?.id ?? appointmentId,
    details: { page: 'summary_correction' },
  });
  return { detail, note };
}

/**
 * Adds a correction below a signed note's summary for the patient (H17): the summary never
 * changes. A trainee's correction waits for their named supervisor's countersignature before it
 * reaches the patient (`correctionReachesPatient`). No message is sent: the patient is not sent
 * one when a summary reaches them either.
 */
export async function addSummaryCorrection(
  uc: UseCase,
  input: { appointmentId: string; text: string },
): Promise<NoteOutcome> {
  return uc.transaction(async (t) => {
    const page = await openSummaryCorrection(t, input.appointmentId);
    if (!page) return null;
    if (!page.note || !canCorrectSummary(page.note))
      return {
        ok: false,
        errors: [
          {
            field: 'correction',
            message: 'Sign the note before adding a correction to its summary',
          },
        ],
      };
    const user = requireUser(t);
    const profile = await therapists.findProfile(t.db, t.service.id, user.userId);
    const needsCountersignature = correctionNeedsCountersignature({
      trainee: profile?.trainee ?? false,
    });
    const row = await repo.insertSummaryCorrection(t.db, {
      serviceId: t.service.id,
      noteId: page.note.id,
      authorId: user.userId,
      body: input.text,
      createdAt: t.clock.now(),
      needsCountersignature,
    });
    await t.audit({
      action: 'note.summary_correction',
      patientId: page.detail.patient.id,
      recordType: 'session_note',
      recordId: page.note.id,
      details: { correctionId: row.id, needsCountersignature },
    });
    return { ok: true };
  });
}

/**
 * The trainee's named supervisor countersigns their correction to a summary; it then reaches the
 * patient (once the note itself does). Null (404) for someone who may not read the note, or a
 * correction that is not this note's.
 */
export async function countersignSummaryCorrection(
  uc: UseCase,
  input: { appointmentId: string; correctionId: string | null },
): Promise<CountersignOutcome> {
  return uc.transaction(async (t) => {
    const detail = await sessionFor(t, input.appointmentId);
    const actor = await actorOf(t);
    const readable = detail !== null && can(actor, 'note.read', diary.careOf(detail));
    const note =
      detail && readable ? await repo.findNote(t.db, t.service.id, input.appointmentId) : null;
    const correction =
      note && input.correctionId
        ? await repo.lockSummaryCorrection(t.db, t.service.id, note.id, input.correctionId)
        : null;
    if (!detail || !note || !correction) {
      await t.audit({
        action: 'note.summary_correction_countersign',
        outcome: 'denied',
        patientId: detail?.patient.id ?? null,
        recordType: 'appointment',
        recordId: input.appointmentId,
      });
      return null;
    }
    const author = await therapists.findProfile(t.db, t.service.id, correction.authorId);
    const check = checkCorrectionCountersign(correction, {
      actorId: actor.userId,
      authorSupervisorId: author?.supervisorId ?? null,
    });
    const allowed =
      check.ok &&
      can(actor, 'note.countersign', {
        kind: 'therapist',
        serviceId: t.service.id,
        therapistId: correction.authorId,
      });
    if (!allowed) {
      await t.audit({
        action: 'note.summary_correction_countersign',
        outcome: 'denied',
        patientId: detail.patient.id,
        recordType: 'session_note',
        recordId: note.id,
        details: { correctionId: correction.id },
      });
      return { ok: false, reason: check.ok ? 'not-their-supervisor' : check.reason };
    }
    await repo.countersignSummaryCorrection(t.db, t.service.id, correction.id, {
      userId: actor.userId,
      at: t.clock.now(),
    });
    await t.audit({
      action: 'note.summary_correction_countersign',
      patientId: detail.patient.id,
      recordType: 'session_note',
      recordId: note.id,
      details: { correctionId: correction.id },
    });
    return { ok: true };
  });
}

export interface CorrectionToCountersign {
  correctionId: string;
  appointmentId: string;
  authorId: string;
  patientId: string;
  patientName: string;
  sessionAt: Date;
  sessionNumber: number | null;
  addedAt: Date;
}

/**
 * Trainees' corrections to summaries waiting for their supervisor's countersignature, oldest
 * first (H17); the caller checked these are the actor's supervisees.
 */
export async function summaryCorrectionsToCountersign(
  uc: UseCase,
  traineeIds: readonly string[],
): Promise<CorrectionToCountersign[]> {
  const rows = await repo.summaryCorrectionsAwaitingCountersignature(
    uc.db,
    uc.service.id,
    traineeIds,
  );
  return rows.map((r) => ({
    correctionId: r.id,
    appointmentId: r.appointmentId,
    authorId: r.authorId,
    patientId: r.patientId,
    patientName: `${r.givenName} ${r.familyName}`,
    sessionAt: r.startsAt,
    sessionNumber: r.sessionNumber,
    addedAt: r.createdAt,
  }));
}

/** A correction as the patient reads it, below the summary. */
export interface PatientSummaryCorrection {
  id: string;
  /** "Correction added on 3 December 2026 by Sam Okafor". */
  label: string;
  body: string;
}

/** "Correction added on 3 December 2026 by Sam Okafor" (London date). */
export function correctionLabel(addedAt: Date, authorName: string | undefined): string {
  const on = formatDate(utcToLondon(addedAt).date);
  return authorName ? `Correction added on ${on} by ${authorName}` : `Correction added on ${on}`;
}

/** The corrections that reach this patient, by session, oldest first. */
async function patientCorrections(
  uc: UseCase,
  patientId: string,
): Promise<Map<string, PatientSummaryCorrection[]>> {
  const rows = await repo.sharedSummaryCorrections(uc.db, uc.service.id, patientId);
  const names = await therapists.displayNames(
    uc.db,
    uc.service.id,
    rows.map((r) => r.authorId),
  );
  const bySession = new Map<string, PatientSummaryCorrection[]>();
  for (const r of rows) {
    const list = bySession.get(r.appointmentId) ?? [];
    list.push({
      id: r.id,
      label: correctionLabel(r.createdAt, names.get(r.authorId)),
      body: r.body,
    });
    bySession.set(r.appointmentId, list);
  }
  return bySession;
}

export interface OverdueNote {
  appointmentId: string;
  therapistId: string;
  patientId: string;
  courseId: string | null;
  patientName: string;
  sessionAt: Date;
  sessionNumber: number | null;
  dueBy: Date;
}

/** Overdue notes (src/domain/notes isNoteOverdue) in these diaries; the caller checked access. */
export async function overdueNotesOf(
  uc: UseCase,
  therapistIds: readonly string[],
): Promise<OverdueNote[]> {
  const now = uc.clock.now();
  const rows = await repo.unsignedAttendedSessions(uc.db, uc.service.id, therapistIds);
  return rows
    .filter((r) => isNoteOverdue(r, now))
    .map((r) => ({
      appointmentId: r.appointmentId,
      therapistId: r.therapistId,
      patientId: r.patientId,
      courseId: r.courseId,
      patientName: `${r.givenName} ${r.familyName}`,
      sessionAt: r.startsAt,
      sessionNumber: r.sessionNumber,
      dueBy: noteDueBy(r.startsAt),
    }));
}

export interface NoteToCountersign {
  appointmentId: string;
  authorId: string;
  patientId: string;
  patientName: string;
  sessionAt: Date;
  sessionNumber: number | null;
  signedAt: Date;
}

/** Trainees' signed notes waiting for their supervisor's countersignature, oldest first (H17). */
export async function notesToCountersign(
  uc: UseCase,
  traineeIds: readonly string[],
): Promise<NoteToCountersign[]> {
  const rows = await repo.notesAwaitingCountersignature(uc.db, uc.service.id, traineeIds);
  return rows.flatMap((r) =>
    r.signedAt
      ? [
          {
            appointmentId: r.appointmentId,
            authorId: r.authorId,
            patientId: r.patientId,
            patientName: `${r.givenName} ${r.familyName}`,
            sessionAt: r.startsAt,
            sessionNumber: r.sessionNumber,
            signedAt: r.signedAt,
          },
        ]
      : [],
  );
}

/** The signed-in therapist's overdue notes, oldest first (audited per patient). */
export async function myOverdueNotes(uc: UseCase): Promise<OverdueNote[]> {
  const user = requireUser(uc);
  const rows = await overdueNotesOf(uc, [user.userId]);
  if (rows.length === 0) await uc.audit({ action: 'note.overdue_list', details: { count: 0 } });
  else
    await uc.auditMany(
      rows.map((r) => ({
        action: 'note.overdue_list' as const,
        // Against the patient, so the audit search by patient finds it (walk 11).
        patientId: r.patientId,
        recordType: 'appointment',
        recordId: r.appointmentId,
      })),
    );
  return rows;
}

/**
 * The notebook's items from session notes and tasks: the summaries shared with the patient
 * (signed notes only; never the clinical parts) and tasks with their reflections. Empty when the
 * signed-in user may not read this patient's record.
 */
export async function notebookItemsFor(
  uc: UseCase,
  { patientId }: { patientId: string },
): Promise<tasks.NotebookItem[]> {
  const patient = await tasks.mayReadNotebook(uc, patientId);
  if (!patient) return [];
  const summaries = await repo.sharedSummaries(uc.db, uc.service.id, patient.id);
  // A corrected summary is never read without its corrections (H17).
  const corrections = await patientCorrections(uc, patient.id);
  const items: tasks.NotebookItem[] = summaries
    .filter((s) => s.summary.trim() !== '')
    .map((s) => ({
      kind: 'summary' as const,
      title: s.sessionNumber ? `Summary of session ${s.sessionNumber}` : 'Session summary',
      date: s.sessionAt,
      text: [
        s.summary,
        ...(corrections.get(s.appointmentId) ?? []).map((c) => `${c.label}:\n${c.body}`),
      ].join('\n\n'),
      href: `/summaries#session-${s.appointmentId}`,
    }));
  const fromTasks = await tasks.taskNotebookItems(uc, { patientId });
  return [...items, ...fromTasks].sort((a, b) => b.date.getTime() - a.date.getTime());
}

/** The signed-in patient's shared session summaries (signed notes only), newest first. */
export async function mySummaries(uc: UseCase) {
  const user = requireUser(uc);
  const patient = await ownPatientRecord(uc.db, uc.service.id, user.userId);
  if (!patient) return null;
  const rows = (await repo.sharedSummaries(uc.db, uc.service.id, patient.id)).filter(
    (r) => r.summary.trim() !== '',
  );
  const corrections = await patientCorrections(uc, patient.id);
  const shown = rows.map((r) => ({ ...r, corrections: corrections.get(r.appointmentId) ?? [] }));
  await uc.audit({
    action: 'note.read',
    patientId: patient.id,
    recordType: 'patient',
    recordId: patient.id,
    details: {
      summaries: shown.length,
      corrections: shown.reduce((n, r) => n + r.corrections.length, 0),
    },
  });
  return shown;
}

/**
 * Whether the session's note is signed (and so locked, H17). Handed to the diary by app.tsx: a
 * session with a signed note is not recorded as missed behind it (H11).
 */
export async function hasSignedNote(
  db: UseCase['db'],
  serviceId: string,
  appointmentId: string,
): Promise<boolean> {
  const note = await repo.findNote(db, serviceId, appointmentId);
  return note?.signedAt != null;
}
