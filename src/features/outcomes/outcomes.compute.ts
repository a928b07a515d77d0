/**
 * Pure glue between the stored records and src/domain/outcomes: which questionnaire responses
 * belong to a course, and the row stored in course_outcomes when it ends. The clinical rules
 * themselves (pairing, caseness, reliable change, recovery) are all in src/domain/outcomes.
 */
import type { CourseOutcomeStatus, ReliableChangeValue, ResponseContext } from '../../db/schema';
import {
  courseOutcome,
  hasFinishedTreatment,
  pairScores,
  sessionScoresCount,
  type MeasurePair,
  type ScoreCandidate,
} from '../../domain/outcomes';

export interface ResponseRow extends ScoreCandidate {
  readonly context: ResponseContext;
  readonly patientId: string | null;
  readonly referralId: string | null;
  readonly appointmentId: string | null;
  readonly courseId: string | null;
  /**
   * The items answered "not applicable" (the WSAS work question), null when none: the total is
   * then out of less than the usual maximum (`maxTotalWithout`). Read instead of the answers.
   */
  readonly notApplicableItemIds?: readonly string[] | null;
}

export interface CourseScope {
  readonly id: string;
  readonly patientId: string;
  readonly referralId: string | null;
  readonly startedAt: Date;
}

/**
 * The responses that belong to a course:
 * - session scores recorded for the course, or for one of its appointments, but not those of a
 *   session cancelled or missed (`sessionScoresCount`);
 * - assessment and referral scores of the referral the course came from. A course without a
 *   referral (not made by allocation) takes the patient's assessment scores from before it began.
 * Superseded rows are dropped later, by the pairing rule.
 */
export function scoresOfCourse<T extends ResponseRow>(
  course: CourseScope,
  courseSessions: readonly { readonly id: string; readonly status: string }[],
  rows: readonly T[],
): T[] {
  const ids = new Set(courseSessions.map((s) => s.id));
  const notHeld = new Set(
    courseSessions.filter((s) => !sessionScoresCount(s.status)).map((s) => s.id),
  );
  return rows.filter((r) => {
    if (r.context === 'session')
      return (
        !(r.appointmentId !== null && notHeld.has(r.appointmentId)) &&
        (r.courseId === course.id || (r.appointmentId !== null && ids.has(r.appointmentId)))
      );
    if (course.referralId !== null) return r.referralId === course.referralId;
    return (
      r.context === 'assessment' &&
      r.patientId === course.patientId &&
      r.completedAt.getTime() <= course.startedAt.getTime()
    );
  });
}

export interface OutcomeFacts {
  /** Attended or arrived-late IPT sessions of the course. */
  readonly attendedSessions: number;
  /** The course's responses (scoresOfCourse). */
  readonly scores: readonly ScoreCandidate[];
  readonly endedAt: Date;
  readonly referralReceivedAt: Date | null;
  readonly firstTreatmentAt: Date | null;
}

export interface OutcomeRecord {
  status: CourseOutcomeStatus;
  attendedSessions: number;
  finishedTreatment: boolean;
  phq9First: number | null;
  phq9FirstResponseId: string | null;
  phq9FirstContext: ResponseContext | null;
  phq9Last: number | null;
  phq9LastResponseId: string | null;
  gad7First: number | null;
  gad7FirstResponseId: string | null;
  gad7FirstContext: ResponseContext | null;
  gad7Last: number | null;
  gad7LastResponseId: string | null;
  anxietyMeasureId: string;
  casenessAtStart: boolean | null;
  casenessAtEnd: boolean | null;
  phq9Change: ReliableChangeValue | null;
  anxietyChange: ReliableChangeValue | null;
  recovered: boolean | null;
  reliableImprovement: boolean | null;
  reliableDeterioration: boolean | null;
  noReliableChange: boolean | null;
  reliableRecovery: boolean | null;
  referralReceivedAt: Date | null;
  firstTreatmentAt: Date | null;
}

function pairColumns(pair: MeasurePair) {
  return {
    first: pair.first?.total ?? null,
    firstResponseId: pair.first?.responseId ?? null,
    firstContext: pair.first?.context ?? null,
    last: pair.last?.total ?? null,
    lastResponseId: pair.last?.responseId ?? null,
  };
}

/**
 * The course_outcomes row for a course that has ended. The course ending is its discharge.
 * Without a first and last PHQ-9 and GAD-7 the flags are left null and the status says there
 * were not enough scores: nothing is guessed.
 */
export function outcomeRecord(facts: OutcomeFacts): OutcomeRecord {
  const phq9 = pairScores(facts.scores, 'phq9', facts.endedAt);
  const gad7 = pairScores(facts.scores, 'gad7', facts.endedAt);
  const p = pairColumns(phq9);
  const g = pairColumns(gad7);
  const base = {
    attendedSessions: facts.attendedSessions,
    finishedTreatment: hasFinishedTreatment(facts.attendedSessions, true),
    phq9First: p.first,
    phq9FirstResponseId: p.firstResponseId,
    phq9FirstContext: p.firstContext,
    phq9Last: p.last,
    phq9LastResponseId: p.lastResponseId,
    gad7First: g.first,
    gad7FirstResponseId: g.firstResponseId,
    gad7FirstContext: g.firstContext,
    gad7Last: g.last,
    gad7LastResponseId: g.lastResponseId,
    anxietyMeasureId: 'gad7',
    referralReceivedAt: facts.referralReceivedAt,
    firstTreatmentAt: facts.firstTreatmentAt,
  };
  const notComputed = {
    ...base,
    status: 'insufficient_scores' as const,
    casenessAtStart: null,
    casenessAtEnd: null,
    phq9Change: null,
    anxietyChange: null,
    recovered: null,
    reliableImprovement: null,
    reliableDeterioration: null,
    noReliableChange: null,
    reliableRecovery: null,
  };
  if (!phq9.paired || !gad7.paired || !phq9.first || !phq9.last || !gad7.first || !gad7.last)
    return notComputed;
  const result = courseOutcome({
    attendedTreatmentContacts: facts.attendedSessions,
    discharged: true,
    phq9: { first: phq9.first.total, last: phq9.last.total },
    anxiety: { first: gad7.first.total, last: gad7.last.total },
  });
  // Totals are checked when entered; a stored total out of range is not a usable score.
  if (!result.ok) return notComputed;
  return {
    ...base,
    status: 'computed',
    finishedTreatment: result.finishedTreatment,
    anxietyMeasureId: result.anxietyMeasureId,
    casenessAtStart: result.casenessAtStart,
    casenessAtEnd: result.casenessAtEnd,
    phq9Change: result.phq9Change,
    anxietyChange: result.anxietyChange,
    recovered: result.recovered,
    reliableImprovement: result.reliableImprovement,
    reliableDeterioration: result.reliableDeterioration,
    noReliableChange: result.noReliableChange,
    reliableRecovery: result.reliableRecovery,
  };
}
