export {
  attachAlertsToPatient,
  moveOpenAlertsToClinician,
  openAlertQueue,
  raiseRiskAlert,
  raiseRiskAlertAndTellClinician,
  type AlertWithContext,
} from './risk.service';
export { escalateOverdueAlerts, officeHoursOptions } from './risk.escalation';
export {
  alertsRaisedBy,
  linkAlertToReferral,
  listOpenAlertsForPatient,
  patientAlertsSince,
  recordsWithOpenAlerts,
} from './risk.repository';
export { whenSessionMissed } from './risk.attendance';
export { raiseAlertForAppointmentReason, whenPatientWrote } from './risk.patient-messages';
