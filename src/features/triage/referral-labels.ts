import type {
  AssessmentDecision,
  AssessmentMode,
  OtherTreatment,
  PresentingProblem,
  ReferralCloseReason,
  ReferralStatus,
  RiskLevel,
} from '../../db/schema';

/** Plain words for stored codes, for staff pages. */
export const STATUS_LABELS: Record<ReferralStatus, string> = {
  new: 'Waiting for triage',
  assessment_booked: 'Assessment booked',
  ipt_waiting: 'Waiting for IPT',
  in_treatment: 'In treatment',
  other_treatment: 'Offered another treatment',
  signposted: 'Signposted',
  discharged: 'Discharged',
  closed: 'Closed',
};

export const CLOSE_REASON_LABELS: Record<ReferralCloseReason, string> = {
  duplicate: 'Duplicate referral',
  not_eligible: 'Not eligible for this service',
  withdrawn: 'Withdrawn by the person',
};

export const MODE_LABELS: Record<AssessmentMode, string> = {
  video: 'Video call',
  phone: 'Phone call',
  face_to_face: 'Face to face',
};

/** "Your assessment is on … <by video call>": words for people, not codes. */
export const MODE_PHRASES: Record<AssessmentMode, string> = {
  video: 'by video call',
  phone: 'by phone',
  face_to_face: 'in person',
};

export const PRESENTING_PROBLEM_LABELS: Record<PresentingProblem, string> = {
  depression: 'Depression',
  generalised_anxiety: 'Generalised anxiety',
  mixed_anxiety_depression: 'Mixed anxiety and depression',
  other: 'Other',
};

export const RISK_LEVEL_LABELS: Record<RiskLevel, string> = {
  low: 'Low',
  moderate: 'Moderate',
  high: 'High',
};

export const DECISION_LABELS: Record<AssessmentDecision, string> = {
  offer_ipt: 'Offer interpersonal therapy (IPT)',
  offer_other: 'Offer another treatment',
  signpost: 'Signpost to another service',
  discharge: 'Discharge',
};

export const OTHER_TREATMENT_LABELS: Record<OtherTreatment, string> = {
  cbt: 'Cognitive behavioural therapy (CBT)',
  counselling_for_depression: 'Counselling for depression',
  dynamic_interpersonal_therapy: 'Dynamic interpersonal therapy',
  couple_therapy_for_depression: 'Couple therapy for depression',
  guided_self_help: 'Guided self-help',
};

/** In a sentence for patients: "We have offered you <guided self-help>". */
export const OTHER_TREATMENT_PHRASES: Record<OtherTreatment, string> = {
  cbt: 'cognitive behavioural therapy (CBT)',
  counselling_for_depression: 'counselling for depression',
  dynamic_interpersonal_therapy: 'dynamic interpersonal therapy',
  couple_therapy_for_depression: 'couple therapy for depression',
  guided_self_help: 'guided self-help',
};
