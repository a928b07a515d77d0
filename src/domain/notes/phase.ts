/**
 * The phase of a course as the supervision view shows it, from the sessions held so far and the
 * planned length (src/domain/ipt phaseForSession). The IPT workspace (issue 11 part A) adds an
 * override with a reason; until the lead unifies them, this is the computed phase only.
 */
import { phaseForSession, type IptPhase } from '../ipt';

/** The phase of the next session: after `held` sessions, session `held + 1` (capped at planned). */
export function courseWeekPhase(held: number, plannedSessions: number): IptPhase {
  const next = Math.min(Math.max(held + 1, 1), plannedSessions);
  return phaseForSession(next, plannedSessions);
}
