import type { AuditAction } from '../../platform/audit';

/**
 * What a member of staff did, in plain words for the patient ("opened your record"), from the
 * audit trail's action codes. Actions that never name a patient, or that only the patient or the
 * system do, have no phrase; anything unnamed reads as a look at the record, never as nothing.
 */
const PHRASES: Partial<Record<AuditAction, string>> = {
  'appointment.attendance': 'recorded whether you came to an appointment',
  'appointment.book': 'booked an appointment for you',
  'appointment.cancel': 'cancelled one of your appointments',
  'appointment.read': 'looked at one of your appointments',
  'appointment.rearrange': 'moved one of your appointments',
  'appointment.rearrange_request': 'looked at your request to change an appointment',
  'appointment.unrecorded_list': 'saw your appointment on their list of sessions to record',
  'assessment.book': 'booked your first appointment (your wellbeing assessment)',
  'assessment.record': 'wrote up your wellbeing assessment',
  'audit.search': 'searched the list of who has looked at records, and saw yours',
  'caseload.view': 'saw you on the list of people they work with',
  'course.allocate': 'arranged your sessions with a therapist',
  'course.allocate_form': 'saw you on the list of people waiting for a therapist',
  'course.change_therapist': 'changed who your therapist is',
  'course.end': 'ended your course of sessions',
  'course.list': 'saw you on a list of courses of sessions',
  'course.outcome_record': 'recorded how your sessions ended',
  'course.read': 'looked at your course of sessions',
  'course.waiting_list_view': 'saw you on the waiting list',
  'diary.book_form': 'looked at your details to book an appointment',
  'diary.choose_patient': 'chose you to book an appointment',
  'diary.view': 'saw your appointment in a diary',
  'diary.view_all': 'saw your appointment in the service’s diary',
  'diary.view_rooms': 'saw your appointment in the room bookings',
  'letter.create': 'wrote a letter about your care',
  'letter.list_unsent': 'saw your letter to your GP on their list of letters still to send',
  'letter.read': 'opened one of your letters',
  'letter.send': 'emailed a letter about your care',
  'letter.sent_another_way': 'recorded that your letter to your GP was sent by post or another way',
  'measure_response.correct': 'corrected one of your questionnaire answers',
  'measure_response.create': 'recorded your questionnaire answers',
  'measure_response.list': 'looked at your questionnaire answers',
  'measure_response.read': 'looked at your questionnaire answers',
  'message.send': 'sent you a message',
  'onward_referral.create': 'referred you on to another service',
  'onward_referral.list_unsent':
    'saw your referral to another service on their list of letters still to send',
  'onward_referral.sent': 'recorded sending your referral letter to the other service',
  'outbox.view': 'saw messages we sent you, on the list of sent messages',
  'outcomes.report_view': 'saw you in the service’s report on how people are doing',
  'patient.invitation_not_sent': 'noted that we could not invite you to make an account',
  'patient.journey_read': 'looked at where you are in your care with us',
  'patient.read': 'opened your record',
  'patient.update': 'changed your contact or GP details',
  'progress.read': 'looked at your progress',
  'questionnaire.read': 'looked at your questionnaires',
  'record_access.view': 'looked at who has viewed your record',
  'referral.close': 'closed your referral',
  'referral.create': 'made a referral for you',
  'referral.create_patient': 'made your record from your referral',
  'referral.decision': 'recorded a decision about your referral',
  'fhir.read': 'read your record',
  'fhir.search': 'found your record in a search',
  'referral.list': 'saw you on the list of referrals',
  'referral.match_patient': 'matched your referral to your record',
  'referral.read': 'read your referral',
  'risk_alert.action': 'recorded what they did about a concern for your safety',
  'risk_alert.list': 'saw you on the list of concerns for people’s safety',
  'risk_alert.raise': 'raised a concern for your safety',
  'risk_alert.read': 'read a concern for your safety',
  'user.create': 'made an account for you',
  'waiting_list.read': 'saw you on the waiting list',
};

export const UNNAMED_ACTION = 'looked at your record';

export function whatWasDone(action: string): string {
  return (PHRASES as Record<string, string | undefined>)[action] ?? UNNAMED_ACTION;
}
