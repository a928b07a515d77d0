/**
 * Scoring: validate answers, total, band, caseness, risk and reliable change.
 * Bad input is data, never an exception: callers get a list of errors per item.
 */
import { parsed, type ParseResult } from '../result';
import { getMeasure, MEASURE_IDS, optionsFor } from './instruments';
import {
  NOT_APPLICABLE,
  type AnswerValue,
  type Band,
  type ItemCaseness,
  type Measure,
  type MeasureId,
  type MeasureItem,
  type ReliableChange,
  type ScoreError,
  type ScoreResult,
} from './types';

/** A measure, or its id. */
export type MeasureRef = Measure | MeasureId;

/** Measures with a total-score caseness threshold and a reliable change index. */
export type OutcomeMeasureId = 'phq9' | 'gad7';

function resolve(measure: MeasureRef): Measure | undefined {
  return typeof measure === 'string' ? getMeasure(measure) : measure;
}

function itemRange(measure: Measure, item: MeasureItem): { min: number; max: number } {
  const values = optionsFor(measure, item).map((option) => option.value);
  return { min: Math.min(...values), max: Math.max(...values) };
}

function fail(errors: ScoreError[]): ScoreResult {
  return { ok: false, errors };
}

function isPlainRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkAnswer(
  measure: Measure,
  item: MeasureItem,
  value: unknown,
): ParseResult<AnswerValue, { error: ScoreError }> {
  const { min, max } = itemRange(measure, item);
  const question = `question ${item.number}`;
  const error = (code: ScoreError['code'], message: string) =>
    ({ ok: false, error: { itemId: item.id, code, message } }) as const;

  if (value === undefined || value === null || value === '') {
    return error('missing', `Select an answer for ${question}`);
  }
  if (value === NOT_APPLICABLE) {
    return item.notApplicableOption
      ? { ok: true, value: NOT_APPLICABLE }
      : error(
          'not-applicable-not-allowed',
          `Select an answer from ${min} to ${max} for ${question}`,
        );
  }
  if (typeof value !== 'number' || Number.isNaN(value)) {
    return error(
      'not-a-number',
      `The answer for ${question} must be a number from ${min} to ${max}`,
    );
  }
  if (!Number.isInteger(value)) {
    return error(
      'not-integer',
      `The answer for ${question} must be a whole number from ${min} to ${max}`,
    );
  }
  if (value < min || value > max) {
    return error('out-of-range', `The answer for ${question} must be from ${min} to ${max}`);
  }
  // `+ 0` turns -0 into 0 so stored answers compare and serialise cleanly.
  return { ok: true, value: value + 0 };
}

/**
 * Validates and scores one completed questionnaire.
 * `answers` is untrusted: an object keyed by item id whose values are option values (numbers),
 * or NOT_APPLICABLE where an item allows it. Every problem is reported, in item order, then
 * unknown item ids.
 */
export function scoreQuestionnaire(measureId: string, answers: unknown): ScoreResult {
  const measure = getMeasure(measureId);
  if (!measure) {
    return fail([
      {
        itemId: null,
        code: 'unknown-measure',
        message: `There is no questionnaire called "${measureId}"`,
      },
    ]);
  }
  if (!isPlainRecord(answers)) {
    return fail([
      {
        itemId: null,
        code: 'invalid-answers',
        message: `Answer the questions in the ${measure.shortTitle}`,
      },
    ]);
  }

  const errors: ScoreError[] = [];
  const valid: Record<string, AnswerValue> = {};
  for (const item of measure.items) {
    // Own properties only, so "toString" or "__proto__" never count as answers.
    const raw = Object.hasOwn(answers, item.id) ? answers[item.id] : undefined;
    const checked = checkAnswer(measure, item, raw);
    if (checked.ok) valid[item.id] = checked.value;
    else errors.push(checked.error);
  }
  const known = new Set(measure.items.map((item) => item.id));
  for (const key of Object.keys(answers)) {
    if (!known.has(key)) {
      errors.push({
        itemId: key,
        code: 'unknown-item',
        message: `"${key}" is not a question in the ${measure.shortTitle}`,
      });
    }
  }
  if (errors.length > 0) return fail(errors);

  const notApplicableItemIds = measure.items
    .filter((item) => valid[item.id] === NOT_APPLICABLE)
    .map((item) => item.id);
  const answeredItems = measure.items.filter((item) => valid[item.id] !== NOT_APPLICABLE);

  let total: number | null = null;
  let maxTotal: number | null = null;
  if (measure.totalRange) {
    total = answeredItems.reduce((sum, item) => sum + numericAnswer(valid, item), 0);
    maxTotal = answeredItems.reduce((sum, item) => sum + itemRange(measure, item).max, 0);
  }

  const itemCaseness: ItemCaseness[] = [];
  const itemThreshold = measure.itemCasenessThreshold;
  if (itemThreshold !== null) {
    for (const item of answeredItems) {
      itemCaseness.push({
        itemId: item.id,
        construct: item.construct ?? item.text,
        caseness: numericAnswer(valid, item) >= itemThreshold,
      });
    }
  }

  let caseness: boolean | null = null;
  if (total !== null && measure.casenessThreshold !== null) {
    caseness = total >= measure.casenessThreshold;
  } else if (itemThreshold !== null) {
    caseness = itemCaseness.some((entry) => entry.caseness);
  }

  const risk = measure.riskItem;
  const riskAnswer = risk ? valid[risk.itemId] : undefined;
  const riskFlag =
    risk !== null && typeof riskAnswer === 'number' && riskAnswer > risk.flagWhenAbove;

  return parsed({
    measureId: measure.id,
    answers: valid,
    total,
    maxTotal,
    partialTotal: notApplicableItemIds.length > 0,
    notApplicableItemIds,
    band: total === null ? null : bandFor(measure, total),
    caseness,
    itemCaseness,
    riskFlag,
  });
}

function numericAnswer(valid: Readonly<Record<string, AnswerValue>>, item: MeasureItem): number {
  const value = valid[item.id];
  return typeof value === 'number' ? value : 0;
}

/**
 * The highest total possible for stored answers: the items answered "not applicable" do not count
 * (WSAS without the work question is out of 32, not 40), so "16 out of 40" never understates how
 * severe a score is. Null for measures without a total.
 */
export function maxTotalOf(
  measure: Measure,
  answers: Readonly<Record<string, unknown>>,
): number | null {
  if (!measure.totalRange) return null;
  return measure.items
    .filter((item) => answers[item.id] !== NOT_APPLICABLE)
    .reduce((sum, item) => sum + itemRange(measure, item).max, 0);
}

/**
 * The same maximum from just the ids of the items answered "not applicable", for callers that
 * read those ids rather than whole answers (the caseload). Ids that are not the measure's items,
 * or whose item cannot be "not applicable", change nothing. Null for measures without a total.
 */
export function maxTotalWithout(
  measure: MeasureRef,
  notApplicableItemIds: readonly string[],
): number | null {
  const resolved = resolve(measure);
  if (!resolved?.totalRange) return null;
  const left = new Set(notApplicableItemIds);
  return resolved.items
    .filter((item) => !(item.notApplicableOption && left.has(item.id)))
    .reduce((sum, item) => sum + itemRange(resolved, item).max, 0);
}

/**
 * The items that may be answered "not applicable", by measure (today only the WSAS work
 * question): all a reader needs to look at to know each total's maximum (`maxTotalWithout`).
 */
export function notApplicableItems(): ReadonlyMap<MeasureId, readonly string[]> {
  const found = new Map<MeasureId, readonly string[]>();
  for (const id of MEASURE_IDS) {
    const items = (getMeasure(id)?.items ?? []).filter((item) => item.notApplicableOption);
    if (items.length > 0)
      found.set(
        id,
        items.map((item) => item.id),
      );
  }
  return found;
}

/**
 * The band a total falls in; null when the measure has no bands or the total is not a whole
 * number inside the measure's range.
 */
export function bandFor(measure: MeasureRef, total: number): Band | null {
  const resolved = resolve(measure);
  if (!resolved || !Number.isInteger(total)) return null;
  return resolved.bands.find((band) => total >= band.min && total <= band.max) ?? null;
}

/**
 * Whether a total is at caseness (at or above the threshold). For PHQ-9 and GAD-7 always a
 * boolean; null for measures without a total caseness threshold.
 */
export function isCaseness(measure: OutcomeMeasureId, total: number): boolean;
export function isCaseness(measure: MeasureRef, total: number): boolean | null;
export function isCaseness(measure: MeasureRef, total: number): boolean | null {
  const threshold = resolve(measure)?.casenessThreshold ?? null;
  return threshold === null ? null : total >= threshold;
}

/** Whether a single item score is at caseness (IAPT phobia scales); null where not defined. */
export function isItemCaseness(measure: MeasureRef, itemScore: number): boolean | null {
  const threshold = resolve(measure)?.itemCasenessThreshold ?? null;
  return threshold === null ? null : itemScore >= threshold;
}

/**
 * Reliable change between two totals: 'improved' when the score fell by at least the reliable
 * change index (lower is better on every scored measure), 'deteriorated' when it rose by at
 * least that much, otherwise 'no-change'. Null for measures without an index.
 */
export function reliableChange(
  measure: OutcomeMeasureId,
  first: number,
  last: number,
): ReliableChange;
export function reliableChange(
  measure: MeasureRef,
  first: number,
  last: number,
): ReliableChange | null;
export function reliableChange(
  measure: MeasureRef,
  first: number,
  last: number,
): ReliableChange | null {
  const index = resolve(measure)?.reliableChangeIndex ?? null;
  if (index === null) return null;
  return classifyChange(index, first, last);
}

/** The reliable change rule itself, for any index (used by outcomes for other measures). */
export function classifyChange(index: number, first: number, last: number): ReliableChange {
  if (first - last >= index) return 'improved';
  if (last - first >= index) return 'deteriorated';
  return 'no-change';
}

/** Kind wording for a patient about a reliable change result; null where not defined. */
export function describeChangeForPatient(
  measure: MeasureRef,
  change: ReliableChange,
): string | null {
  return resolve(measure)?.patientChangeDescriptions?.[change] ?? null;
}

/**
 * Whether answers given so far, finished or not, include a risk answer (hazard H1): PHQ-9
 * question 9 above "not at all" is risk whether or not the other questions are answered yet, and
 * whether the person pressed Continue or "Save and come back later". Answers are as posted
 * (option values as text or numbers); anything that is not one of the item's options is ignored.
 */
export function riskInAnswersSoFar(
  measure: Measure,
  answers: Readonly<Record<string, unknown>>,
): { itemId: string; value: number } | null {
  const risk = measure.riskItem;
  if (!risk) return null;
  const item = measure.items.find((i) => i.id === risk.itemId);
  const given = answers[risk.itemId];
  if (!item || (typeof given !== 'string' && typeof given !== 'number')) return null;
  const option = optionsFor(measure, item).find((o) => String(o.value) === String(given));
  if (!option || typeof option.value !== 'number') return null;
  return option.value > risk.flagWhenAbove ? { itemId: item.id, value: option.value } : null;
}
