/**
 * Which two scores pair up for a course's outcome (clinical.md "Paired scores": the first score
 * at the start of treatment, the assessment where there is no treatment score, and the last score
 * before discharge). Pure: the caller passes the scores that belong to the course.
 *
 * The rule, in one place so a clinician can check it:
 * - Superseded (corrected) scores and scores without a total are ignored.
 * - Last score, per measure: the latest score from a treatment session at or before discharge.
 *   Without one there is no pair (scores are collected every session, so it normally exists).
 * - First score, per measure: the earliest score from a treatment session other than the last;
 *   if there is none (one session score only), the earliest assessment score; if there is none,
 *   the earliest score given with the referral. One score alone is never a pair.
 * - Ties on the time completed are broken by the response id, so the choice never varies.
 */

export type ScoreContext = 'referral' | 'assessment' | 'session';

export interface ScoreCandidate {
  readonly id: string;
  readonly measureId: string;
  readonly context: ScoreContext;
  readonly total: number | null;
  readonly completedAt: Date;
  readonly supersededAt?: Date | null;
}

export interface PairedScore {
  readonly responseId: string;
  readonly context: ScoreContext;
  readonly total: number;
  readonly completedAt: Date;
}

export interface MeasurePair {
  readonly first: PairedScore | null;
  readonly last: PairedScore | null;
  /** Both exist and are different responses. */
  readonly paired: boolean;
}

/** Where the first score is looked for, in order (clinical.md "Paired scores"). */
export const FIRST_SCORE_CONTEXTS: readonly ScoreContext[] = ['session', 'assessment', 'referral'];

function usable(candidates: readonly ScoreCandidate[], measureId: string): PairedScore[] {
  return candidates
    .filter(
      (c) =>
        c.measureId === measureId &&
        !c.supersededAt &&
        typeof c.total === 'number' &&
        Number.isFinite(c.total) &&
        !Number.isNaN(c.completedAt.getTime()),
    )
    .map((c) => ({
      responseId: c.id,
      context: c.context,
      total: c.total as number,
      completedAt: c.completedAt,
    }))
    .sort(
      (a, b) =>
        a.completedAt.getTime() - b.completedAt.getTime() ||
        (a.responseId < b.responseId ? -1 : a.responseId > b.responseId ? 1 : 0),
    );
}

/** The earliest of usable, ordered scores in the first context that has one. */
function earliestByContext(scores: readonly PairedScore[]): PairedScore | null {
  for (const context of FIRST_SCORE_CONTEXTS) {
    const found = scores.find((s) => s.context === context);
    if (found) return found;
  }
  return null;
}

/** The latest treatment-session score among usable, ordered scores. */
function latestSession(scores: readonly PairedScore[]): PairedScore | null {
  return scores.findLast((s) => s.context === 'session') ?? null;
}

/** The first score for a measure: earliest session score, else assessment, else referral. */
export function firstScore(
  candidates: readonly ScoreCandidate[],
  measureId: string,
): PairedScore | null {
  return earliestByContext(usable(candidates, measureId));
}

/** The latest treatment-session score for a measure, at or before `until` when given. */
export function lastTreatmentScore(
  candidates: readonly ScoreCandidate[],
  measureId: string,
  until?: Date,
): PairedScore | null {
  const scores = usable(candidates, measureId);
  return latestSession(
    until ? scores.filter((s) => s.completedAt.getTime() <= until.getTime()) : scores,
  );
}

/**
 * First and last scores for a measure, and whether they make a pair. The usable scores are
 * picked and ordered once (a caseload pairs three measures for each of 40 courses a request).
 */
export function pairScores(
  candidates: readonly ScoreCandidate[],
  measureId: string,
  dischargedAt?: Date,
): MeasurePair {
  const all = usable(candidates, measureId);
  const before = dischargedAt
    ? all.filter((s) => s.completedAt.getTime() <= dischargedAt.getTime())
    : all;
  const last = latestSession(before);
  if (!last) return { first: earliestByContext(before), last: null, paired: false };
  const first = earliestByContext(before.filter((s) => s.responseId !== last.responseId));
  return { first, last, paired: first !== null };
}

/**
 * Whether a treatment session's scores count towards the course's outcome: not when the session
 * was cancelled or missed, although the questions were answered before it. Such a session was
 * never a treatment contact, so its scores are not the "last treatment session" (walk 4: a PHQ-9
 * answered before a session the discharge then cancelled became the course's end score).
 */
export function sessionScoresCount(status: string): boolean {
  return status !== 'cancelled' && status !== 'did_not_attend';
}
