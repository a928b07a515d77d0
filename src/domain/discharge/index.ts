export {
  DISCHARGE_REASONS,
  DISCHARGE_REASON_LABELS,
  PEQ_ITEMS,
  PEQ_SCALE,
  isDischargeReason,
  parsePeq,
  peqMonth,
  summarisePeq,
  type DischargeReason,
  type PeqAnswers,
  type PeqItemId,
  type PeqSummary,
} from './discharge';
