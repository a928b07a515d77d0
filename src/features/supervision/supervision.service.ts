import type { IptPhase } from '../../domain/ipt';
import type { SupervisionNoteInput } from '../../domain/notes';
import { accessActorFor, can, type AccessActor } from '../../platform/access';
import { requireUser, type UseCase } from '../../platform/use-case';
import { caseloadRowsFor, type CaseloadRow } from '../caseload';
import { currentPhase } from '../ipt';
import {
  notesToCountersign,
  overdueNotesOf,
  summaryCorrectionsToCountersign,
  type CorrectionToCountersign,
  type NoteToCountersign,
} from '../session-notes';
import * as therapists from '../therapists';
import * as repo from './supervision.repository';

export type { SupervisionNoteRow } from './supervision.repository';

export interface SupervisedCourse extends CaseloadRow {
  /**
   * The phase the IPT workspace shows, the therapist's override included, so the two never
   * disagree; null only if the workspace would not open the course.
   */
  phase: IptPhase | null;
  phaseOverridden: boolean;
  overdueNotes: number;
  unacknowledgedNotes: number;
}

async function actorOf(uc: UseCase): Promise<AccessActor> {
  return accessActorFor(uc.db, requireUser(uc));
}

/**
 * The supervisor's view: their supervisees' active courses, with phase, score trend, risk,
 * missed sessions, overdue notes and the off-track flag (hazard H16). One audit row per patient.
 */
export async function supervisedCourses(uc: UseCase): Promise<{
  rows: SupervisedCourse[];
  supervisees: number;
  toCountersign: (NoteToCountersign & { authorName: string })[];
  correctionsToCountersign: (CorrectionToCountersign & { authorName: string })[];
}> {
  const actor = await actorOf(uc);
  const supervisees = [...actor.supervisees];
  if (supervisees.length === 0) {
    await uc.audit({ action: 'supervision.caseload_view', details: { count: 0 } });
    return { rows: [], supervisees: 0, toCountersign: [], correctionsToCountersign: [] };
  }
  // Trainees' signed notes waiting for this supervisor (walk 4: found only by opening each).
  const waiting = await notesToCountersign(uc, supervisees);
  // And their corrections to summaries patients read, which wait for the same check (H17).
  const corrections = await summaryCorrectionsToCountersign(uc, supervisees);
  const authors = await therapists.displayNames(uc.db, uc.service.id, [
    ...waiting.map((n) => n.authorId),
    ...corrections.map((c) => c.authorId),
  ]);
  const toCountersign = waiting.map((n) => ({ ...n, authorName: authors.get(n.authorId) ?? '' }));
  const correctionsToCountersign = corrections.map((c) => ({
    ...c,
    authorName: authors.get(c.authorId) ?? '',
  }));
  const { rows } = await caseloadRowsFor(uc, supervisees);
  const overdue = await overdueNotesOf(uc, supervisees);
  const unacknowledged = await repo.unacknowledgedCounts(
    uc.db,
    uc.service.id,
    rows.map((r) => r.courseId),
  );
  const patientIds = [
    ...new Set([
      ...rows.map((r) => r.patientId),
      ...toCountersign.map((n) => n.patientId),
      ...correctionsToCountersign.map((c) => c.patientId),
    ]),
  ];
  if (patientIds.length === 0)
    await uc.audit({ action: 'supervision.caseload_view', details: { count: 0 } });
  else
    await uc.auditMany(
      patientIds.map((patientId) => ({
        action: 'supervision.caseload_view' as const,
        patientId,
        details: { supervisees },
      })),
    );
  // One after the other: inside the request's transaction they share one client.
  const phases = new Map<string, Awaited<ReturnType<typeof currentPhase>>>();
  for (const r of rows) phases.set(r.courseId, await currentPhase(uc, r.courseId));
  return {
    supervisees: supervisees.length,
    toCountersign,
    correctionsToCountersign,
    rows: rows
      .map((r) => ({
        ...r,
        phase: phases.get(r.courseId)?.phase ?? null,
        phaseOverridden: phases.get(r.courseId)?.override != null,
        overdueNotes: overdue.filter((o) => o.courseId === r.courseId).length,
        unacknowledgedNotes: unacknowledged.get(r.courseId) ?? 0,
      }))
      // Off-track and at-risk cases first: what supervision should discuss.
      .sort(
        (a, b) =>
          Number(b.offTrack.offTrack) - Number(a.offTrack.offTrack) ||
          Number(b.openRiskAlerts > 0) - Number(a.openRiskAlerts > 0),
      ),
  };
}

/** A supervision note on the case page: who recorded it, and whose acknowledgement it awaits. */
export interface SupervisionCaseNote extends repo.SupervisionNoteRow {
  recordedByName: string;
  /** The supervisee the note is for: they alone acknowledge it. */
  superviseeName: string;
}

export interface SupervisionCase {
  course: repo.CourseRow;
  therapistName: string;
  notes: SupervisionCaseNote[];
}

/** One supervisee's case and its supervision notes, for their supervisor. Null (404) otherwise. */
export async function openSupervisionCase(
  uc: UseCase,
  courseId: string,
): Promise<SupervisionCase | null> {
  const course = await repo.findCourse(uc.db, uc.service.id, courseId);
  const actor = await actorOf(uc);
  const allowed =
    course !== null &&
    can(actor, 'supervision.record', {
      kind: 'therapist',
      serviceId: uc.service.id,
      therapistId: course.therapistId,
    });
  await uc.audit({
    action: 'supervision.read',
    outcome: allowed ? 'success' : 'denied',
    patientId: course?.patientId ?? null,
    recordType: 'course',
    recordId: courseId,
  });
  if (!course || !allowed) return null;
  const notes = await repo.notesOfCourse(uc.db, uc.service.id, courseId);
  const names = await therapists.displayNames(uc.db, uc.service.id, [
    course.therapistId,
    ...notes.flatMap((n) => [n.supervisorId, n.superviseeId]),
  ]);
  return {
    course,
    therapistName: names.get(course.therapistId) ?? 'Unknown',
    // Each note says who recorded it and who acknowledges it (walk 13: notes were anonymous).
    notes: notes.map((n) => ({
      ...n,
      recordedByName: names.get(n.supervisorId) ?? 'Unknown',
      superviseeName: names.get(n.superviseeId) ?? 'Unknown',
    })),
  };
}

/** The supervisor records a supervision note about a supervisee's case. */
export async function recordSupervisionNote(
  uc: UseCase,
  input: { courseId: string; note: SupervisionNoteInput },
): Promise<repo.SupervisionNoteRow | null> {
  return uc.transaction(async (t) => {
    const opened = await openSupervisionCase(t, input.courseId);
    if (!opened) return null;
    const row = await repo.insertNote(t.db, {
      serviceId: t.service.id,
      courseId: opened.course.id,
      superviseeId: opened.course.therapistId,
      supervisorId: requireUser(t).userId,
      metOn: input.note.metOn,
      discussion: input.note.discussion,
      actions: input.note.actions,
      createdAt: t.clock.now(),
    });
    await t.audit({
      action: 'supervision.note_record',
      patientId: opened.course.patientId,
      recordType: 'supervision_note',
      recordId: row.id,
    });
    return row;
  });
}

/** Supervision notes about the signed-in therapist's cases (audited per patient). */
export async function myReceivedNotes(uc: UseCase) {
  const user = requireUser(uc);
  const rows = await repo.notesForSupervisee(uc.db, uc.service.id, user.userId);
  const names = await therapists.displayNames(
    uc.db,
    uc.service.id,
    rows.map((r) => r.note.supervisorId),
  );
  if (rows.length === 0) await uc.audit({ action: 'supervision.read', details: { count: 0 } });
  else
    await uc.auditMany(
      rows.map((r) => ({
        action: 'supervision.read' as const,
        patientId: r.patientId,
        recordType: 'supervision_note',
        recordId: r.note.id,
      })),
    );
  const actor = await actorOf(uc);
  return rows.map((r) => ({
    ...r,
    patientName: `${r.givenName} ${r.familyName}`,
    supervisorName: names.get(r.note.supervisorId) ?? 'Unknown',
    // A case handed over to another therapist is no longer theirs to open (walk 11: a 404 link).
    mayOpenCourse: can(actor, 'care.manage', {
      kind: 'course',
      serviceId: uc.service.id,
      therapistId: r.courseTherapistId,
      responsibleClinicianId: r.responsibleClinicianId,
      patientUserId: r.patientUserId,
    }),
  }));
}

/** The supervisee acknowledges having read a supervision note. Null (404) when not theirs. */
export async function acknowledgeNote(uc: UseCase, noteId: string): Promise<boolean | null> {
  return uc.transaction(async (t) => {
    const note = await repo.findNote(t.db, t.service.id, noteId);
    const actor = await actorOf(t);
    const allowed =
      note !== null &&
      can(actor, 'supervision.acknowledge', {
        kind: 'therapist',
        serviceId: t.service.id,
        therapistId: note.superviseeId,
      });
    if (!note || !allowed) {
      await t.audit({
        action: 'supervision.note_acknowledge',
        outcome: 'denied',
        patientId: note?.patientId ?? null,
        recordType: 'supervision_note',
        recordId: noteId,
      });
      return null;
    }
    if (note.acknowledgedAt === null) {
      await repo.acknowledge(t.db, t.service.id, note.id, t.clock.now());
      await t.audit({
        action: 'supervision.note_acknowledge',
        patientId: note.patientId,
        recordType: 'supervision_note',
        recordId: note.id,
      });
    }
    return true;
  });
}
