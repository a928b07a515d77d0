/**
 * The outcome of one course of treatment from its paired scores. The rules themselves live in
 * ./definitions; this file validates input and applies them.
 */
import { GAD7_THRESHOLDS, PHQ9_THRESHOLDS, classifyChange, type ReliableChange } from '../measures';
import {
  hasFinishedTreatment,
  isCasenessPair,
  isNoReliableChange,
  isRecovered,
  isReliableDeterioration,
  isReliableImprovement,
  isReliableRecovery,
} from './definitions';

/** First score (start of treatment, or assessment if none) and last score before discharge. */
export interface PairedScores {
  readonly first: number;
  readonly last: number;
}

/**
 * The thresholds of the anxiety measure used for outcomes. GAD-7 unless a disorder-specific
 * measure applies; the caller supplies that measure's own caseness and reliable change.
 */
export interface AnxietyMeasureRule {
  readonly measureId: string;
  /** Score at or above this is caseness. */
  readonly casenessThreshold: number;
  /** A change of at least this many points is reliable. */
  readonly reliableChangeIndex: number;
  readonly minScore: number;
  readonly maxScore: number;
  /** Whether scores must be whole numbers (true for GAD-7). */
  readonly integerScores: boolean;
}

export const GAD7_ANXIETY_RULE: AnxietyMeasureRule = {
  measureId: 'gad7',
  casenessThreshold: GAD7_THRESHOLDS.caseness,
  reliableChangeIndex: GAD7_THRESHOLDS.reliableChange,
  minScore: GAD7_THRESHOLDS.total.min,
  maxScore: GAD7_THRESHOLDS.total.max,
  integerScores: true,
};

export interface CourseOutcomeInput {
  /** Attended treatment contacts only (not assessment or follow-up). */
  readonly attendedTreatmentContacts: number;
  /** The referral has ended. */
  readonly discharged: boolean;
  readonly phq9: PairedScores;
  readonly anxiety: PairedScores;
  /** Defaults to GAD-7. */
  readonly anxietyMeasure?: 'gad7' | AnxietyMeasureRule;
}

export interface CourseOutcome {
  readonly finishedTreatment: boolean;
  readonly casenessAtStart: boolean;
  readonly casenessAtEnd: boolean;
  readonly anxietyMeasureId: string;
  /** Per-measure reliable change; shown for any course, finished or not. */
  readonly phq9Change: ReliableChange;
  readonly anxietyChange: ReliableChange;
  /**
   * The national outcome flags. Null when they do not apply: every flag is null for a course
   * that did not finish; recovered and reliableRecovery are also null when not at caseness at
   * the start.
   */
  readonly recovered: boolean | null;
  readonly reliableImprovement: boolean | null;
  readonly reliableDeterioration: boolean | null;
  readonly noReliableChange: boolean | null;
  readonly reliableRecovery: boolean | null;
}

export interface OutcomeInputError {
  /** Dotted path of the bad field, e.g. "phq9.first". */
  readonly field: string;
  readonly message: string;
}

export type CourseOutcomeResult =
  | ({ readonly ok: true } & CourseOutcome)
  | { readonly ok: false; readonly errors: readonly OutcomeInputError[] };

const PHQ9_RANGE = { min: PHQ9_THRESHOLDS.total.min, max: PHQ9_THRESHOLDS.total.max };

function checkScore(
  errors: OutcomeInputError[],
  field: string,
  value: unknown,
  range: { min: number; max: number; integer: boolean },
): void {
  const ok =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    (!range.integer || Number.isInteger(value)) &&
    value >= range.min &&
    value <= range.max;
  if (!ok) {
    const kind = range.integer ? 'a whole number' : 'a number';
    errors.push({ field, message: `${field} must be ${kind} from ${range.min} to ${range.max}` });
  }
}

function checkRule(errors: OutcomeInputError[], rule: AnxietyMeasureRule): void {
  const finitePositive = (n: number) => Number.isFinite(n) && n > 0;
  if (
    !finitePositive(rule.reliableChangeIndex) ||
    !Number.isFinite(rule.casenessThreshold) ||
    !Number.isFinite(rule.minScore) ||
    !Number.isFinite(rule.maxScore) ||
    rule.minScore >= rule.maxScore
  ) {
    errors.push({
      field: 'anxietyMeasure',
      message: `anxietyMeasure "${rule.measureId}" needs a positive reliable change index, a caseness threshold and a score range`,
    });
  }
}

/** Applies the national outcome definitions to one course. Never throws for bad input. */
export function courseOutcome(input: CourseOutcomeInput): CourseOutcomeResult {
  const rule =
    input.anxietyMeasure === undefined || input.anxietyMeasure === 'gad7'
      ? GAD7_ANXIETY_RULE
      : input.anxietyMeasure;

  const errors: OutcomeInputError[] = [];
  const contacts: unknown = input.attendedTreatmentContacts;
  if (typeof contacts !== 'number' || !Number.isInteger(contacts) || contacts < 0) {
    errors.push({
      field: 'attendedTreatmentContacts',
      message: 'attendedTreatmentContacts must be a whole number, 0 or more',
    });
  }
  if (typeof input.discharged !== 'boolean') {
    errors.push({ field: 'discharged', message: 'discharged must be true or false' });
  }
  checkRule(errors, rule);
  // Checked as possibly absent: the input may come from a form or JSON not yet validated.
  const given = input as Partial<Pick<CourseOutcomeInput, 'phq9' | 'anxiety'>>;
  const phq9Range = { ...PHQ9_RANGE, integer: true };
  checkScore(errors, 'phq9.first', given.phq9?.first, phq9Range);
  checkScore(errors, 'phq9.last', given.phq9?.last, phq9Range);
  const anxietyRange = { min: rule.minScore, max: rule.maxScore, integer: rule.integerScores };
  checkScore(errors, 'anxiety.first', given.anxiety?.first, anxietyRange);
  checkScore(errors, 'anxiety.last', given.anxiety?.last, anxietyRange);
  if (errors.length > 0) return { ok: false, errors };

  const { phq9, anxiety } = input;
  const finishedTreatment = hasFinishedTreatment(input.attendedTreatmentContacts, input.discharged);
  const casenessAtStart = isCasenessPair(
    phq9.first >= PHQ9_THRESHOLDS.caseness,
    anxiety.first >= rule.casenessThreshold,
  );
  const casenessAtEnd = isCasenessPair(
    phq9.last >= PHQ9_THRESHOLDS.caseness,
    anxiety.last >= rule.casenessThreshold,
  );
  const phq9Change = classifyChange(PHQ9_THRESHOLDS.reliableChange, phq9.first, phq9.last);
  const anxietyChange = classifyChange(rule.reliableChangeIndex, anxiety.first, anxiety.last);

  const common = {
    ok: true as const,
    finishedTreatment,
    casenessAtStart,
    casenessAtEnd,
    anxietyMeasureId: rule.measureId,
    phq9Change,
    anxietyChange,
  };
  if (!finishedTreatment) {
    return {
      ...common,
      recovered: null,
      reliableImprovement: null,
      reliableDeterioration: null,
      noReliableChange: null,
      reliableRecovery: null,
    };
  }
  const recovered = isRecovered(casenessAtStart, casenessAtEnd);
  const reliableImprovement = isReliableImprovement(phq9Change, anxietyChange);
  return {
    ...common,
    recovered,
    reliableImprovement,
    reliableDeterioration: isReliableDeterioration(phq9Change, anxietyChange),
    noReliableChange: isNoReliableChange(phq9Change, anxietyChange),
    reliableRecovery: isReliableRecovery(recovered, reliableImprovement),
  };
}
