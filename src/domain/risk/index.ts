// Rules about risk alerts: how urgent each is, and so the order of the risk queue.
export {
  RISK_SEVERITIES,
  RISK_SEVERITY_LABELS,
  compareRiskAlerts,
  orderRiskQueue,
  riskSeverity,
  type QueuedAlert,
  type RiskSeverity,
} from './severity';
