/**
 * Session notes: draft → signed → locked (issue 11, hazard H17). A signed note is never
 * overwritten; a later change is an addendum. A trainee's note also needs their supervisor's
 * countersignature before it is locked. The database enforces the same (migration
 * `session_notes`: a trigger refuses UPDATE of signed rows except the countersignature).
 */

export type NoteState = 'draft' | 'awaiting_countersignature' | 'locked';

export interface NoteFacts {
  readonly signedAt: Date | null;
  /** Fixed when the note is signed: the author was a trainee then. */
  readonly needsCountersignature: boolean;
  readonly countersignedAt: Date | null;
}

export function noteState(note: NoteFacts): NoteState {
  if (note.signedAt === null) return 'draft';
  if (note.needsCountersignature && note.countersignedAt === null)
    return 'awaiting_countersignature';
  return 'locked';
}

export const NOTE_STATE_LABELS: Readonly<Record<NoteState, string>> = {
  draft: 'Draft',
  awaiting_countersignature: 'Signed, waiting for the supervisor to countersign',
  locked: 'Signed and locked',
};

/**
 * The summary written for the patient reaches them once the note is locked: signed, and for a
 * trainee countersigned too, so their supervisor has read it first (H17, walk 6). The patient's
 * summaries query applies the same condition in SQL (`sharedSummaries`).
 */
export function summaryReachesPatient(note: NoteFacts): boolean {
  return noteState(note) === 'locked';
}

/** Only a draft can be edited; everything after signing is an addendum. */
export function canEditNote(note: NoteFacts): boolean {
  return noteState(note) === 'draft';
}

/** Addenda are added to a signed note (awaiting countersignature or locked), never a draft. */
export function canAddAddendum(note: NoteFacts): boolean {
  return noteState(note) !== 'draft';
}

/** Whether signing this author's note will need a countersignature: a trainee's does. */
export function countersignatureNeeded(author: { readonly trainee: boolean }): boolean {
  return author.trainee;
}

export type CountersignRefusal = 'not-waiting' | 'own-note' | 'not-their-supervisor';

export const COUNTERSIGN_MESSAGES: Readonly<Record<CountersignRefusal, string>> = {
  'not-waiting': 'This note is not waiting for a countersignature',
  'own-note': 'You cannot countersign your own note',
  'not-their-supervisor': 'Only the author’s named supervisor can countersign this note',
};

/**
 * The countersignature rule: only the author's named supervisor, never the author, and only a
 * note that is signed and waiting for it.
 */
export function checkCountersign(
  note: NoteFacts & { readonly authorId: string },
  input: { readonly actorId: string; readonly authorSupervisorId: string | null },
): { ok: true } | { ok: false; reason: CountersignRefusal; message: string } {
  const refuse = (reason: CountersignRefusal) =>
    ({ ok: false, reason, message: COUNTERSIGN_MESSAGES[reason] }) as const;
  if (noteState(note) !== 'awaiting_countersignature') return refuse('not-waiting');
  if (input.actorId === note.authorId) return refuse('own-note');
  if (input.authorSupervisorId !== input.actorId) return refuse('not-their-supervisor');
  return { ok: true };
}
