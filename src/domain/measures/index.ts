// Public API of the questionnaires: data, thresholds and scoring.
export type {
  AnswerOption,
  AnswerValue,
  Band,
  ItemCaseness,
  Measure,
  MeasureId,
  MeasureItem,
  NotApplicable,
  ReliableChange,
  ScoreError,
  ScoreErrorCode,
  ScoreResult,
  ScoreSuccess,
} from './types';
export { NOT_APPLICABLE } from './types';
export type { BandRange } from './thresholds';
export {
  GAD7_THRESHOLDS,
  IAPT_PHOBIA_THRESHOLDS,
  ITEM_RANGES,
  PHQ9_THRESHOLDS,
  WSAS_THRESHOLDS,
} from './thresholds';
export {
  FREQUENCY_OPTIONS,
  FREQUENCY_STEM,
  GAD7,
  IAPT_PHOBIA,
  MEASURE_IDS,
  MEASURES,
  PEQ_TREATMENT,
  PHQ9,
  SESSION_MEASURE_IDS,
  WSAS,
  WSAS_WORK_NOT_APPLICABLE_LABEL,
  getMeasure,
  isMeasureId,
  answerLabel,
  optionsFor,
  riskItemAnswer,
} from './instruments';
export type { MeasureRef, OutcomeMeasureId } from './scoring';
export {
  bandFor,
  classifyChange,
  describeChangeForPatient,
  isCaseness,
  isItemCaseness,
  maxTotalOf,
  maxTotalWithout,
  notApplicableItems,
  reliableChange,
  riskInAnswersSoFar,
  scoreQuestionnaire,
} from './scoring';
export type { TotalOutOf, TotalsComparison } from './comparison';
export { compareTotals, whyNotCompared } from './comparison';
