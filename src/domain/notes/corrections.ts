/**
 * Corrections to the summary a patient reads (hazard H17). A signed note's summary is never
 * edited: a correction is added below it, with its author and time, and never changed. It reaches
 * the patient by the same rule as the summary itself: once the note is locked, and a trainee's
 * correction once their named supervisor has countersigned it, so a supervisor reads what a
 * trainee writes to a patient before the patient does. The patient's summaries query applies the
 * same condition in SQL (`sharedSummaryCorrections`).
 */
import { checkText, type FieldError, type FormResult } from '../result';
import {
  canAddAddendum,
  summaryReachesPatient,
  type CountersignRefusal,
  type NoteFacts,
} from './lifecycle';

export const CORRECTION_MAX = 2_000;

export interface CorrectionFacts {
  /** Fixed when the correction is added: the author was a trainee then. */
  readonly needsCountersignature: boolean;
  readonly countersignedAt: Date | null;
}

/** The correction itself is ready to be read: added by a qualified clinician, or countersigned. */
export function correctionCountersigned(correction: CorrectionFacts): boolean {
  return !correction.needsCountersignature || correction.countersignedAt !== null;
}

/** The patient reads a correction only where they read the summary, and once it is checked. */
export function correctionReachesPatient(note: NoteFacts, correction: CorrectionFacts): boolean {
  return summaryReachesPatient(note) && correctionCountersigned(correction);
}

/** A correction is added to a signed note's summary, never a draft's (a draft is edited). */
export function canCorrectSummary(note: NoteFacts): boolean {
  return canAddAddendum(note);
}

export type CorrectionStatus =
  'awaiting_countersignature' | 'waiting_for_note' | 'shown_to_patient' | 'not_shown';

export const CORRECTION_STATUS_LABELS: Readonly<Record<CorrectionStatus, string>> = {
  awaiting_countersignature: 'Waiting for the supervisor to countersign',
  waiting_for_note: 'Shown to the patient once the note is countersigned',
  shown_to_patient: 'Shown to the patient',
  not_shown: 'Not shown to the patient: they see summaries of the sessions they came to',
};

/**
 * What staff are told about a correction. `sessionHeld`: the patient came (a missed session's
 * summary, and so its corrections, never reach them).
 */
export function correctionStatus(
  note: NoteFacts,
  correction: CorrectionFacts,
  sessionHeld: boolean,
): CorrectionStatus {
  if (!correctionCountersigned(correction)) return 'awaiting_countersignature';
  if (!sessionHeld) return 'not_shown';
  if (!summaryReachesPatient(note)) return 'waiting_for_note';
  return 'shown_to_patient';
}

/** Whether this author's correction will need a countersignature: a trainee's does. */
export function correctionNeedsCountersignature(author: { readonly trainee: boolean }): boolean {
  return author.trainee;
}

export const CORRECTION_COUNTERSIGN_MESSAGES: Readonly<Record<CountersignRefusal, string>> = {
  'not-waiting': 'This correction is not waiting for a countersignature',
  'own-note': 'You cannot countersign your own correction',
  'not-their-supervisor': 'Only the author’s named supervisor can countersign this correction',
};

/**
 * Countersigning a trainee's correction: only the author's named supervisor, never the author,
 * and only a correction waiting for it.
 */
export function checkCorrectionCountersign(
  correction: CorrectionFacts & { readonly authorId: string },
  input: { readonly actorId: string; readonly authorSupervisorId: string | null },
): { ok: true } | { ok: false; reason: CountersignRefusal; message: string } {
  const refuse = (reason: CountersignRefusal) =>
    ({ ok: false, reason, message: CORRECTION_COUNTERSIGN_MESSAGES[reason] }) as const;
  if (correctionCountersigned(correction)) return refuse('not-waiting');
  if (input.actorId === correction.authorId) return refuse('own-note');
  if (input.authorSupervisorId !== input.actorId) return refuse('not-their-supervisor');
  return { ok: true };
}

export function parseCorrection(text: string): FormResult<string> {
  const errors: FieldError[] = [];
  const value = checkText(errors, 'correction', text.trim(), {
    required: 'Enter the correction to the summary',
    label: 'Correction',
    max: CORRECTION_MAX,
  });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value };
}
