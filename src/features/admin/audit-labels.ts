import type { AuditAction } from '../../platform/audit';

/**
 * What each audited action means, in the words the audit log shows. A Record over the union, so
 * adding an action to AUDIT_ACTIONS does not compile until it has words here.
 */
export const AUDIT_ACTION_LABELS: Readonly<Record<AuditAction, string>> = {
  'appointment.attendance': 'Recorded attendance at an appointment',
  'appointment.book': 'Booked an appointment',
  'appointment.cancel': 'Cancelled an appointment',
  'appointment.list_own': 'Looked at their own appointments',
  'appointment.read': 'Opened an appointment',
  'appointment.rearrange': 'Moved an appointment',
  'appointment.rearrange_request': 'Asked to change an appointment',
  'assessment.book': 'Booked a wellbeing assessment',
  'assessment.record': 'Recorded a wellbeing assessment',
  'audit.search': 'Searched the audit log',
  'auth.invitation_accept': 'Accepted an invitation and set a password',
  'auth.password_reset': 'Reset their password',
  'auth.password_reset_issue': 'Was sent a password reset link',
  'auth.password_reset_request': 'Asked to reset a password',
  'auth.second_factor': 'Gave a two-step sign-in code or passkey',
  'auth.second_factor_enrol': 'Set up two-step sign-in',
  'auth.second_factor_reset': "Reset a colleague's two-step sign-in",
  'auth.setup_first_manager': 'Set up the first service manager account',
  'auth.sign_in': 'Signed in',
  'auth.sign_out': 'Signed out',
  'auth.sign_out_everywhere': 'Signed out on every device',
  'caseload.view': 'Looked at a caseload',
  'course.allocate': 'Allocated a course of therapy',
  'course.allocate_form': 'Opened the allocation form',
  'course.end': 'Ended a course of therapy',
  'course.length_change': 'Changed the agreed length of a course',
  'course.list': 'Looked at a list of courses',
  'course.outcome_record': 'Recorded the outcome of a course',
  'course.read': 'Opened a course of therapy',
  'course.waiting_list_view': 'Looked at the waiting list for allocation',
  'diary.book_form': 'Opened the booking form',
  'diary.choose_patient': 'Chose a patient to book',
  'diary.view': 'Looked at a diary',
  'diary.view_all': 'Looked at all diaries',
  'diary.view_rooms': 'Looked at room bookings',
  'location.create': 'Added a location',
  'location.update': 'Changed a location',
  'measure_response.correct': 'Corrected questionnaire answers',
  'measure_response.create': 'Recorded questionnaire answers',
  'measure_response.list': 'Looked at questionnaire answers',
  'measure_response.read': 'Opened questionnaire answers',
  'message.list_own': 'Read their messages from the service',
  'message.send': 'Sent a message to a patient',
  'outbox.view': 'Looked at sent messages',
  'outcomes.report_view': 'Looked at service outcomes',
  'patient.invitation_not_sent': 'Could not send a patient their invitation',
  'patient.journey_read': 'Looked at a patient’s journey',
  'patient.read': 'Opened a patient’s record',
  'progress.read': 'Looked at progress',
  'questionnaire.prompt': 'Was asked to fill in questionnaires',
  'questionnaire.read': 'Opened questionnaires',
  'questionnaire_draft.save': 'Saved questionnaire answers to finish later',
  'record_access.view': 'Looked at who has viewed a record',
  'referral.close': 'Closed a referral',
  'report.dashboard_view': 'Looked at the service dashboard',
  'report.equity_view': 'Looked at the equity breakdowns',
  'report.patient_list': 'Listed the patients behind a report figure',
  'report.export': 'Downloaded a report export',
  'referral.create': 'Sent a referral',
  'referral.create_patient': 'Created a patient record from a referral',
  'referral.decision': 'Made a triage decision on a referral',
  'referral.list': 'Looked at the referrals list',
  'referral.match_patient': 'Matched a referral to an existing patient',
  'referral.read': 'Opened a referral',
  'risk_alert.action': 'Recorded an action on a risk alert',
  'risk_alert.escalate': 'Escalated a risk alert',
  'risk_alert.list': 'Looked at the risk alerts',
  'risk_alert.raise': 'Raised a risk alert',
  'risk_alert.read': 'Opened a risk alert',
  'room.close': 'Closed a room',
  'room.create': 'Added a room',
  'room.reopen': 'Reopened a room',
  'service.settings_save': 'Changed the service’s settings',
  'therapist.profile_save': 'Saved a therapist profile',
  'user.create': 'Invited a member of staff',
  'waiting_list.read': 'Looked at the waiting list',
};

const OUTCOME_LABELS: Readonly<Record<string, string>> = {
  success: 'Done',
  failure: 'Failed',
  denied: 'Refused',
};

/** The words for a stored action; an action no longer in the union still shows, as its code. */
export function auditActionLabel(action: string): string {
  return (AUDIT_ACTION_LABELS as Readonly<Record<string, string>>)[action] ?? action;
}

export function auditOutcomeLabel(outcome: string): string {
  return OUTCOME_LABELS[outcome] ?? outcome;
}
