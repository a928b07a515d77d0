/**
 * Types for the questionnaires (measures) collected in NHS Talking Therapies.
 * Pure data: no I/O, nothing imported from outside src/domain.
 */

import type { ParseResult } from '../result';

/** Every questionnaire Rapport knows. Ids are stable: they are stored with answers. */
export type MeasureId = 'phq9' | 'gad7' | 'wsas' | 'iapt_phobia' | 'peq_treatment';

/**
 * The answer for an item that does not apply to this person (only the WSAS work item offers it:
 * "I'm retired / I choose not to work ..."). A string, not a number, so it can never be summed
 * by mistake.
 */
export const NOT_APPLICABLE = 'not-applicable';
export type NotApplicable = typeof NOT_APPLICABLE;

/** A stored answer: the option value, or NOT_APPLICABLE where the item allows it. */
export type AnswerValue = number | NotApplicable;

export interface AnswerOption {
  readonly value: number;
  readonly label: string;
}

export interface MeasureItem {
  readonly id: string;
  /** 1-based position, as shown to people ("question 3"). */
  readonly number: number;
  readonly text: string;
  /** Overrides the measure's options (the PEQ mixes answer scales). */
  readonly options?: readonly AnswerOption[];
  /** Present only where the item may be answered "does not apply" (WSAS work item). */
  readonly notApplicableOption?: { readonly value: NotApplicable; readonly label: string };
  /** What a per-item score means, where items are read one by one (IAPT phobia scales). */
  readonly construct?: string;
}

/** A severity band: inclusive range of totals, with wording for staff and for patients. */
export interface Band {
  readonly id: string;
  readonly min: number;
  readonly max: number;
  /** Clinical label for staff, e.g. "Moderately severe". */
  readonly label: string;
  /** Kind, plain-English wording a patient sees next to their score. */
  readonly patientDescription: string;
}

export type ReliableChange = 'improved' | 'deteriorated' | 'no-change';

export interface Measure {
  readonly id: MeasureId;
  /** Full clinical title, e.g. "Patient Health Questionnaire (PHQ-9)". */
  readonly title: string;
  /** Abbreviation for tables and charts, e.g. "PHQ-9". */
  readonly shortTitle: string;
  /** Short, plain-English title a patient sees, e.g. "How your mood has been". */
  readonly patientTitle: string;
  readonly stem: string;
  readonly items: readonly MeasureItem[];
  /** Default options for every item without its own. */
  readonly options: readonly AnswerOption[];
  /** False for questionnaires that are not used for outcomes (PEQ): no total, band or caseness. */
  readonly scored: boolean;
  /** Null where a total has no clinical meaning (phobia scales are read per item; PEQ). */
  readonly totalRange: { readonly min: number; readonly max: number } | null;
  readonly loinc: { readonly panel: string; readonly total: string } | null;
  /** Empty when the measure has no published bands. */
  readonly bands: readonly Band[];
  /** Total at or above this is "caseness". Null when not defined for the measure. */
  readonly casenessThreshold: number | null;
  /** An item at or above this is caseness for that item (IAPT phobia scales). */
  readonly itemCasenessThreshold: number | null;
  /** Minimum change in total that counts as reliable. Null when not defined. */
  readonly reliableChangeIndex: number | null;
  /** An answer above `flagWhenAbove` on this item raises a risk flag (PHQ-9 item 9). */
  readonly riskItem: { readonly itemId: string; readonly flagWhenAbove: number } | null;
  /** Patient wording for each reliable-change result; null when the measure has no RCI. */
  readonly patientChangeDescriptions: Readonly<Record<ReliableChange, string>> | null;
  /**
   * True when answers must not be shown to the treating therapist against the patient's name
   * (PEQ: people answer more freely when their therapist cannot see who said what).
   */
  readonly anonymousToTherapist: boolean;
  /** Free-text prompts stored alongside, never scored (PEQ). */
  readonly freeTextQuestions: readonly { readonly id: string; readonly text: string }[];
  /** Where the items and rules come from. */
  readonly source: string;
  /** Licence or copyright note where known; null where clinical.md does not say. */
  readonly licence: string | null;
}

export type ScoreErrorCode =
  | 'unknown-measure'
  | 'invalid-answers'
  | 'missing'
  | 'not-a-number'
  | 'not-integer'
  | 'out-of-range'
  | 'not-applicable-not-allowed'
  | 'unknown-item';

export interface ScoreError {
  /** The item the error belongs to; null for errors about the whole form. */
  readonly itemId: string | null;
  readonly code: ScoreErrorCode;
  /** Shaped for the NHS error summary. */
  readonly message: string;
}

export interface ItemCaseness {
  readonly itemId: string;
  readonly construct: string;
  readonly caseness: boolean;
}

/** A scored questionnaire: what `scoreQuestionnaire` gives for valid answers. */
export interface ScoreSuccess {
  readonly measureId: MeasureId;
  /** The validated answers, keyed by item id, in item order. */
  readonly answers: Readonly<Record<string, AnswerValue>>;
  /** Sum of the answered items; null for measures without a meaningful total. */
  readonly total: number | null;
  /** Highest total possible for the items answered (WSAS without the work item: 32). */
  readonly maxTotal: number | null;
  /** True when one or more items were "not applicable", so the total is over fewer items. */
  readonly partialTotal: boolean;
  readonly notApplicableItemIds: readonly string[];
  readonly band: Band | null;
  /** Total at caseness; for the phobia scales, any item at caseness; null if not defined. */
  readonly caseness: boolean | null;
  /** Per-item caseness (IAPT phobia scales); empty for other measures. */
  readonly itemCaseness: readonly ItemCaseness[];
  /** PHQ-9 item 9 above 0: show crisis help at once and alert the responsible clinician. */
  readonly riskFlag: boolean;
}

export type ScoreResult = ParseResult<ScoreSuccess, { readonly errors: readonly ScoreError[] }>;
