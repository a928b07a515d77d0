import {
  NOT_APPLICABLE,
  MEASURES,
  getMeasure,
  optionsFor,
  scoreQuestionnaire,
  type AnswerValue,
  type Measure,
  type MeasureId,
  type ScoreSuccess,
} from '../../domain/measures';
import { fieldHref } from '../../ui/fields';
import { checkText, str, type FieldError, type FormResult } from '../../ui/forms';

/** Answers as posted and as kept in a draft: item id → option value text ("0" … "8", "not-applicable"). */
export type RawAnswers = Record<string, string>;

/** The option values an item accepts, as the radios post them. */
function allowedValues(measure: Measure, itemId: string): string[] {
  const item = measure.items.find((i) => i.id === itemId);
  if (!item) return [];
  const values = optionsFor(measure, item).map((o) => String(o.value));
  return item.notApplicableOption ? [...values, item.notApplicableOption.value] : values;
}

/**
 * The answers on a questionnaire page. Only real options are kept: anything else (a tampered
 * value, a stray field) counts as not answered, so it is asked again rather than stored.
 */
export function pickAnswers(measure: Measure, body: unknown): RawAnswers {
  const answers: RawAnswers = {};
  for (const item of measure.items) {
    const value = str(body, item.id).trim();
    if (allowedValues(measure, item.id).includes(value)) answers[item.id] = value;
  }
  return answers;
}

/** A stored draft read back: only real options for this questionnaire's questions survive. */
export function cleanDraft(measure: Measure, stored: unknown): RawAnswers {
  if (!stored || typeof stored !== 'object' || Array.isArray(stored)) return {};
  return pickAnswers(measure, stored);
}

/** The answers in a stored response, as the radios show them (to prefill a correction). */
export function rawFromStored(answers: Readonly<Record<string, number | string>>): RawAnswers {
  const raw: RawAnswers = {};
  for (const [k, v] of Object.entries(answers)) raw[k] = String(v);
  return raw;
}

export function answeredCount(measure: Measure, raw: RawAnswers): number {
  return measure.items.filter((i) => raw[i.id] !== undefined).length;
}

/** "Save and come back later" rather than "Continue". */
export function wantsToSaveForLater(body: unknown): boolean {
  return str(body, 'action') === 'save';
}

/** The error summary links to the first radio of the question. */
function questionError(itemId: string, message: string): FieldError {
  return { field: itemId, message, href: fieldHref.choice(itemId) };
}

/**
 * Scores a complete questionnaire, or gives one error per unanswered question, in order. An
 * incomplete questionnaire can never be submitted.
 */
export function parseAnswers(measureId: MeasureId, raw: RawAnswers): FormResult<ScoreSuccess> {
  const measure = getMeasure(measureId);
  if (!measure) return { ok: false, errors: [{ field: 'form', message: 'Unknown questionnaire' }] };
  const answers: Record<string, AnswerValue> = {};
  for (const item of measure.items) {
    const value = raw[item.id];
    if (value === undefined) continue;
    answers[item.id] = value === NOT_APPLICABLE ? NOT_APPLICABLE : Number(value);
  }
  const scored = scoreQuestionnaire(measureId, answers);
  if (scored.ok) return scored;
  return {
    ok: false,
    errors: scored.errors.map((e) => {
      // An error about the whole set is shown against its first question.
      const itemId = e.itemId ?? measure.items[0]?.id ?? measureId;
      const number = measure.items.find((i) => i.id === itemId)?.number;
      return questionError(
        itemId,
        number === undefined ? e.message : `Select an answer for question ${number}`,
      );
    }),
  };
}

// ---- Corrections --------------------------------------------------------------------------------

export const CORRECTION_REASON_MAX = 1000;

export interface CorrectionValues {
  answers: RawAnswers;
  reason: string;
}

export interface CorrectionForm {
  score: ScoreSuccess;
  reason: string;
}

function sameAnswers(
  a: Readonly<Record<string, AnswerValue>>,
  b: Readonly<Record<string, number | string>>,
  measure: Measure,
): boolean {
  return measure.items.every((i) => String(a[i.id]) === String(b[i.id]));
}

/**
 * A correction of a completed questionnaire: every question answered, a reason for the record
 * (required: the original is kept and the change must be explained), and at least one answer
 * different from the original (otherwise there is nothing to correct).
 */
export function parseCorrection(
  measureId: MeasureId,
  body: unknown,
  original: Readonly<Record<string, number | string>>,
): { values: CorrectionValues; result: FormResult<CorrectionForm> } {
  const measure = MEASURES[measureId];
  const values: CorrectionValues = {
    answers: pickAnswers(measure, body),
    reason: str(body, 'reason').trim(),
  };
  const errors: FieldError[] = [];
  const parsed = parseAnswers(measureId, values.answers);
  if (!parsed.ok) errors.push(...parsed.errors);
  else if (sameAnswers(parsed.value.answers, original, measure))
    errors.push(
      questionError(
        measure.items[0]?.id ?? 'reason',
        'Change at least one answer. If nothing needs correcting, go back without saving',
      ),
    );
  checkText(errors, 'reason', values.reason, {
    required: 'Enter why you are correcting these answers',
    label: 'The reason',
    max: CORRECTION_REASON_MAX,
  });
  if (errors.length > 0 || !parsed.ok) return { values, result: { ok: false, errors } };
  return { values, result: { ok: true, value: { score: parsed.value, reason: values.reason } } };
}
