// Rules about risk alerts: how urgent each is, and so the order of the risk queue; and when a
// missed session needs one; that a referral is not closed while one is open; and who is
// responsible once an assessment is booked.
export {
  RISK_SEVERITIES,
  RISK_SEVERITY_LABELS,
  compareRiskAlerts,
  needsOwnAlert,
  orderRiskQueue,
  riskSeverity,
  type QueuedAlert,
  type RiskSeverity,
} from './severity';
export {
  MISSED_SESSION_RISK_LOOKBACK_DAYS,
  missedSessionAlertReason,
  riskLookbackStart,
  type EarlierRisk,
} from './missed-session';
export { URGENT_HELP_TEXT } from './urgent-help';
export { NO_WAY_TO_REACH_MESSAGE, canBeReached } from './reachable';
export { closeReferralRiskProblem } from './closing-referral';
export { responsibleAfterAssessmentBooking } from './assessment-responsible';
