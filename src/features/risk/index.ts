export {
  alertsToHandOn,
  attachAlertsToPatient,
  moveOpenAlertsToClinician,
  openAlertCount,
  openAlertQueue,
  raiseRiskAlert,
  raiseRiskAlertAndTellClinician,
  type AlertToHandOn,
  type AlertWithContext,
} from './risk.service';
export { AlertsToHandOn } from './views/AlertsToHandOn';
export { escalateOverdueAlerts, officeHoursOptions } from './risk.escalation';
export {
  alertsRaisedBy,
  linkAlertToReferral,
  listOpenAlertsForPatient,
  patientAlertsSince,
  recordsWithOpenAlerts,
} from './risk.repository';
export { whenSessionMissed } from './risk.attendance';
export {
  raiseAlertForAppointmentReason,
  raiseAlertForTaskReflection,
  whenPatientWrote,
} from './risk.patient-messages';
