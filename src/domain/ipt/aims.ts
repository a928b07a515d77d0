import { formatLondonDate, utcToLondon } from '../calendar';

/**
 * Progress on the aims is rated at a review session (hazard H11: nothing is recorded before it
 * happens). The session number must be one that has taken place in this course: sessions that
 * took place are numbered 1, 2, 3… in time order, so those are 1 to the number attended. And each
 * aim has one rating per session: a second would leave two different answers to "how far had they
 * got at session 3", and the history the patient reads would not say which is right.
 */
export type AimRatingSessionProblem =
  | { reason: 'no_session_yet' }
  | { reason: 'not_taken_place'; attendedSessions: number }
  | { reason: 'already_rated'; aimNumbers: number[] };

export function checkAimRatingSession(input: {
  sessionNumber: number;
  /** How many sessions of the course have taken place (attended, or arrived late). */
  attendedSessions: number;
  /** The aims being rated, in the order shown (aim 1 first). */
  aimIds: readonly string[];
  /** The ratings already recorded for the course's aims. */
  earlier: readonly { aimId: string; sessionNumber: number }[];
}): AimRatingSessionProblem | null {
  const { sessionNumber, attendedSessions, aimIds, earlier } = input;
  if (attendedSessions < 1) return { reason: 'no_session_yet' };
  if (!Number.isInteger(sessionNumber) || sessionNumber < 1 || sessionNumber > attendedSessions)
    return { reason: 'not_taken_place', attendedSessions };
  const rated = new Set(
    earlier.filter((r) => r.sessionNumber === sessionNumber).map((r) => r.aimId),
  );
  const aimNumbers = aimIds.flatMap((id, i) => (rated.has(id) ? [i + 1] : []));
  return aimNumbers.length > 0 ? { reason: 'already_rated', aimNumbers } : null;
}

const listed = (numbers: readonly number[]) =>
  numbers.length === 1
    ? `aim ${numbers[0]}`
    : `aims ${numbers.slice(0, -1).join(', ')} and ${numbers[numbers.length - 1]}`;

/** What the rating form says, at the session number, for each problem. */
export function aimRatingSessionMessage(
  problem: AimRatingSessionProblem,
  sessionNumber: number,
): string {
  switch (problem.reason) {
    case 'no_session_yet':
      return 'No session of this course has taken place yet. Rate progress after a session';
    case 'not_taken_place':
      return problem.attendedSessions === 1
        ? `Session ${sessionNumber} has not taken place yet. Enter 1, the only session so far`
        : `Session ${sessionNumber} has not taken place yet. Enter a session from 1 to ${problem.attendedSessions}`;
    case 'already_rated':
      return `You already rated ${listed(problem.aimNumbers)} at session ${sessionNumber}. Enter the session number of a review you have not rated`;
  }
}

/**
 * The aims that existed at a session: set on or before the day it took place (UK time). An aim
 * is rated only at sessions from the day it was set: at an earlier session it did not exist, so
 * it is neither asked for there nor counted as unrated.
 */
export function aimsAtSession<A extends { readonly createdAt: Date }>(
  aims: readonly A[],
  session: { readonly startsAt: Date },
): A[] {
  const day = utcToLondon(session.startsAt).date;
  return aims.filter((aim) => utcToLondon(aim.createdAt).date <= day);
}

/** Why an aim is not rated at a session before the day it was set, for the rating page. */
export function aimNotYetSetMessage(
  aimNumber: number,
  aim: { readonly createdAt: Date },
  session: { readonly number: number; readonly startsAt: Date },
): string {
  return `Aim ${aimNumber} was set on ${formatLondonDate(aim.createdAt)}, after session ${session.number} on ${formatLondonDate(session.startsAt)}, so it is not rated at that session`;
}
