import { IPT_PHASES, phaseForSession, type IptPhase } from './course';

/**
 * The phase a course is in now (issue 11, hazard H15). Computed from the session the course is
 * working towards — the next one after those attended, or the last planned once all are
 * attended — with the split in `phaseRanges` (clinical.md: initial 1–4, middle 5–12, ending
 * 13–16 for 16 sessions). A therapist may override it (a course that needs longer in the
 * initial phase, an early ending); the override always carries a reason and is shown as such.
 */
export interface PhaseOverride {
  readonly phase: IptPhase;
  readonly reason: string;
}

export interface CoursePhase {
  /** The phase to work in: the override when there is one, else the computed one. */
  readonly phase: IptPhase;
  /** What the session count alone gives. */
  readonly computed: IptPhase;
  /** The session the course is working towards (1 to planned). */
  readonly sessionNumber: number;
  readonly plannedSessions: number;
  readonly override: PhaseOverride | null;
}

export function coursePhase(input: {
  attendedSessions: number;
  plannedSessions: number;
  override: PhaseOverride | null;
}): CoursePhase {
  const { attendedSessions, plannedSessions } = input;
  if (!Number.isInteger(attendedSessions) || attendedSessions < 0)
    throw new RangeError(
      `Attended sessions must be a whole number of 0 or more, got ${attendedSessions}`,
    );
  // phaseForSession checks the planned number (1–30).
  const sessionNumber = Math.max(1, Math.min(attendedSessions + 1, plannedSessions));
  const computed = phaseForSession(sessionNumber, plannedSessions);
  // An override equal to the computed phase changes nothing, but keeps its reason on record.
  return {
    phase: input.override?.phase ?? computed,
    computed,
    sessionNumber,
    plannedSessions,
    override: input.override,
  };
}

export function phaseName(phase: IptPhase): string {
  return IPT_PHASES.find((p) => p.id === phase)?.name ?? phase;
}

export function isIptPhase(value: string): value is IptPhase {
  return IPT_PHASES.some((p) => p.id === value);
}

/** Longest reason kept for an override. */
export const PHASE_REASON_MAX = 500;
