/**
 * The words for the baseline: the score change is measured from. One baseline everywhere
 * (ADR 0005): the first score of the pairing rule (pairing.ts `pairScores`), so the caseload, the
 * progress page and the stored outcome never disagree, and every page says which score it is.
 */
import type { ScoreContext } from './pairing';

export interface BaselineScore {
  readonly context: ScoreContext;
  readonly total: number;
  /** The session number, when the score was given for a numbered treatment session. */
  readonly sessionNumber?: number | null;
}

/** "at referral", "at assessment", "at session 1" or "at a treatment session". */
export function baselineWhen(b: Pick<BaselineScore, 'context' | 'sessionNumber'>): string {
  switch (b.context) {
    case 'referral':
      return 'at referral';
    case 'assessment':
      return 'at assessment';
    case 'session':
      return b.sessionNumber ? `at session ${b.sessionNumber}` : 'at a treatment session';
  }
}

/** "first score, at referral, 18": which score the change is measured from. */
export function describeBaseline(b: BaselineScore): string {
  return `first score, ${baselineWhen(b)}, ${b.total}`;
}

/** "down 9", "up 2" or "no change", from the baseline to the latest score. */
export function describeChange(baseline: number, latest: number): string {
  const change = latest - baseline;
  if (change === 0) return 'no change';
  return change < 0 ? `down ${-change}` : `up ${change}`;
}
