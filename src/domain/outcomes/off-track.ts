/**
 * Off-track alerts (issue 11, hazard H16): a course whose PHQ-9 scores are not following the
 * expected course of recovery is flagged for clinical review on the caseload and the supervisor's
 * view. The rule, in one place so a clinician can check and change it:
 *
 * - reliable deterioration at any point: any PHQ-9 score after the first is higher than the first
 *   by the reliable change (6 points, src/domain/measures PHQ9_THRESHOLDS);
 * - no reliable improvement by the middle of the planned sessions: once the sessions held reach
 *   half the planned sessions (rounded up: 6 of 12, 8 of 16), the latest PHQ-9 is not lower than
 *   the first by the reliable change.
 *
 * The first score is the baseline the caller passes (the pairing rule's first score, ADR 0005).
 * A flag is a prompt to review, not a judgement: it never changes the course by itself.
 */
import { reliableChange } from '../measures';

export interface OffTrackInput {
  readonly plannedSessions: number;
  /** Treatment sessions attended so far. */
  readonly sessionsHeld: number;
  /** PHQ-9 totals, oldest first; the first is the baseline. */
  readonly phq9: readonly number[];
}

export type OffTrackReason = 'reliable-deterioration' | 'no-reliable-improvement-by-midpoint';

export interface OffTrackResult {
  readonly offTrack: boolean;
  readonly reasons: readonly OffTrackReason[];
}

export const OFF_TRACK_REASON_LABELS: Readonly<Record<OffTrackReason, string>> = {
  'reliable-deterioration': 'PHQ-9 has reliably deteriorated (up 6 or more from the first score)',
  'no-reliable-improvement-by-midpoint':
    'No reliable improvement in PHQ-9 (down 6 or more) by the middle of the planned sessions',
};

/** Half the planned sessions, rounded up: the session by which reliable improvement is expected. */
export function offTrackMidpoint(plannedSessions: number): number {
  return Math.ceil(plannedSessions / 2);
}

export function offTrack(input: OffTrackInput): OffTrackResult {
  const [first, ...later] = input.phq9;
  const reasons: OffTrackReason[] = [];
  // No score at all: nothing to judge (missing questionnaires are shown elsewhere). With only the
  // first score at the midpoint there is no sign of improvement, so the course is flagged.
  if (first === undefined) return { offTrack: false, reasons };
  if (later.some((score) => reliableChange('phq9', first, score) === 'deteriorated'))
    reasons.push('reliable-deterioration');
  const latest = later[later.length - 1] ?? first;
  if (
    input.sessionsHeld >= offTrackMidpoint(input.plannedSessions) &&
    reliableChange('phq9', first, latest) !== 'improved'
  )
    reasons.push('no-reliable-improvement-by-midpoint');
  return { offTrack: reasons.length > 0, reasons };
}
