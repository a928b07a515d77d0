export { patientJourney, waitingWithClinician, type Journey } from './triage.service';
export { MODE_PHRASES, OTHER_TREATMENT_PHRASES } from './referral-labels';
export { weeksText } from './waiting';
export { whenAppointmentCancelled } from './triage.service';
export {
  knownReceivingServices,
  onwardReferralsToSend,
  referOnAtDischarge,
  type OnwardAtDischarge,
  type OnwardToSend,
} from './triage.onward';
export { OnwardReferralsToSend } from './views/OnwardToSend';
