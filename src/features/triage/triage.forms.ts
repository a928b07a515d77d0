import { z } from 'zod';
import {
  formBody,
  formText,
  optionalUuidQuery,
  queryOf,
  singleQuery,
  uuidParam,
} from '../../platform/edge';
import {
  ASSESSMENT_DECISIONS,
  ASSESSMENT_MODES,
  ONWARD_SENT_WAYS,
  OTHER_TREATMENTS,
  PRESENTING_PROBLEMS,
  REFERRAL_CLOSE_REASONS,
  REFERRAL_STATUSES,
  RISK_LEVELS,
  type AssessmentDecision,
  type AssessmentMode,
  type OnwardSentWay,
  type OtherTreatment,
  type PresentingProblem,
  type ReferralCloseReason,
  type ReferralStatus,
  type RiskLevel,
} from '../../db/schema';
import { londonLocalToUtc } from '../../domain/calendar';
import { parseDateFields } from '../../domain/diary';
import { SECURE_NHS_EMAIL_MESSAGE, isSecureNhsEmail } from '../../domain/identifiers';
import {
  ONWARD_URGENCY_IDS,
  onwardUrgencyProblem,
  type OnwardUrgencyId,
} from '../../domain/onward-referral';
import {
  GAD7,
  NOT_APPLICABLE,
  PHQ9,
  WSAS,
  scoreQuestionnaire,
  type Measure,
  type ScoreSuccess,
} from '../../domain/measures';
import { dateError, fieldHref } from '../../ui/fields';
import { checkText, str, tooLongMessage, type FieldError, type FormResult } from '../../ui/forms';
import { parseOutsideHours } from '../diary';

/** Free text limits: long enough for a clinical note, short enough to read and to text. */
export const NOTE_MAX = 2000;
export const MESSAGE_MAX = 1000;
export const SHORT_TEXT_MAX = 200;

function result<T>(errors: FieldError[], value: () => T): FormResult<T> {
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: value() };
}

function oneOf<T extends string>(list: readonly T[], value: string): value is T {
  return (list as readonly string[]).includes(value);
}

// ---- Queue filter --------------------------------------------------------------------------

export const QUEUE_FILTERS = ['open', ...REFERRAL_STATUSES, 'all'] as const;
export type QueueFilter = (typeof QUEUE_FILTERS)[number];

/** Statuses for a filter: "open" is everything still waiting for triage or assessment. */
export function statusesFor(filter: QueueFilter): readonly ReferralStatus[] | null {
  if (filter === 'all') return null;
  if (filter === 'open') return ['new', 'assessment_booked'];
  return [filter];
}

export function parseQueueFilter(query: { status?: string }): QueueFilter {
  const status = query.status ?? '';
  return oneOf(QUEUE_FILTERS, status) ? status : 'open';
}

// ---- Matching --------------------------------------------------------------------------------

export function parseMatch(body: unknown, candidateIds: readonly string[]): FormResult<string> {
  const patientId = str(body, 'patientId');
  if (!candidateIds.includes(patientId))
    return {
      ok: false,
      errors: [
        {
          field: 'patientId',
          href: fieldHref.choice('patientId'),
          message: 'Select the patient record that is the same person',
        },
      ],
    };
  return { ok: true, value: patientId };
}

// ---- Closing ---------------------------------------------------------------------------------

export interface CloseValues {
  reason: string;
  /** The reference of the person's other referral, when this one duplicates it. */
  duplicateOf: string;
  note: string;
  message: string;
}

export interface CloseForm {
  reason: ReferralCloseReason;
  /** Only for a duplicate ('' otherwise): the other referral's reference, as typed. */
  duplicateOf: string;
  note: string;
  /** '' for a duplicate: the person hears from us about their other referral, not this one. */
  message: string;
}

/** How the onward-referral letter reached the receiving service (the referral page's form). */
export function parseOnwardSent(body: unknown): FormResult<OnwardSentWay> {
  const how = str(body, 'sentHow');
  if (!oneOf(ONWARD_SENT_WAYS, how))
    return {
      ok: false,
      errors: [
        {
          field: 'sentHow',
          href: fieldHref.choice('sentHow'),
          message: 'Select how you sent the letter to the receiving service',
        },
      ],
    };
  return { ok: true, value: how };
}

export function parseClose(body: unknown): { values: CloseValues; result: FormResult<CloseForm> } {
  const values = {
    reason: str(body, 'reason'),
    duplicateOf: str(body, 'duplicateOf').trim(),
    note: str(body, 'note').trim(),
    message: str(body, 'message').trim(),
  };
  const errors: FieldError[] = [];
  if (!oneOf(REFERRAL_CLOSE_REASONS, values.reason))
    errors.push({
      field: 'reason',
      href: fieldHref.choice('reason'),
      message: 'Select why the referral is closing',
    });
  const duplicate = values.reason === 'duplicate';
  if (duplicate && values.duplicateOf === '')
    errors.push({
      field: 'duplicateOf',
      message: 'Enter the reference of the referral this one duplicates',
    });
  checkText(errors, 'note', values.note, {
    required: 'Enter a note for the record',
    label: 'Note',
    max: NOTE_MAX,
  });
  // A duplicate sends nothing: their other referral is still open (H4).
  if (!duplicate)
    checkText(errors, 'message', values.message, {
      required: 'Enter the message to send to the person',
      label: 'Message',
      max: MESSAGE_MAX,
    });
  return {
    values,
    result: result(errors, () => ({
      ...values,
      reason: values.reason as ReferralCloseReason,
      duplicateOf: duplicate ? values.duplicateOf : '',
      message: duplicate ? '' : values.message,
    })),
  };
}

// ---- Booking ---------------------------------------------------------------------------------

/**
 * A time as people type it: "14:30", "9:30", "09.30", "2:30pm", "2pm". Returns "HH:MM" (24-hour)
 * or null. "12am" is midnight and "12pm" midday.
 */
export function parseTimeInput(raw: string): string | null {
  const match = /^(\d{1,2})(?:[:.](\d{2}))?\s*([ap]\.?m\.?)?$/i.exec(raw.trim());
  if (!match) return null;
  let hours = Number(match[1]);
  const minutes = match[2] === undefined ? 0 : Number(match[2]);
  const suffix = match[3]?.toLowerCase().replace(/\./g, '');
  if (match[2] === undefined && !suffix) return null; // "14" alone is too easy to mistype
  if (minutes > 59) return null;
  if (suffix) {
    if (hours < 1 || hours > 12) return null;
    hours = (hours % 12) + (suffix === 'pm' ? 12 : 0);
  } else if (hours > 23) return null;
  return `${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')}`;
}

export interface BookingValues {
  clinicianId: string;
  day: string;
  month: string;
  year: string;
  time: string;
  mode: string;
  /** Face to face only: the room, which also says where (its location). */
  roomId: string;
  /** Booking outside the clinician's hours: the diary's box and reason (hazard H10). */
  outsideHours: string;
  outsideHoursReason: string;
}

export interface BookingForm {
  clinicianId: string;
  startsAt: Date;
  mode: AssessmentMode;
  /** Set for face to face, null otherwise. */
  roomId: string | null;
  outsideHoursReason?: string | null;
}

/** How far ahead an assessment may be booked: catches a mistyped year. */
export const MAX_BOOKING_DAYS_AHEAD = 365;

export function parseBooking(
  body: unknown,
  context: { now: Date; clinicianIds: readonly string[]; roomIds: readonly string[] },
): { values: BookingValues; result: FormResult<BookingForm> } {
  const values: BookingValues = {
    clinicianId: str(body, 'clinicianId'),
    day: str(body, 'date-day').trim(),
    month: str(body, 'date-month').trim(),
    year: str(body, 'date-year').trim(),
    time: str(body, 'time').trim(),
    mode: str(body, 'mode'),
    roomId: str(body, 'roomId'),
    outsideHours: str(body, 'outsideHours') === 'yes' ? 'yes' : '',
    outsideHoursReason: str(body, 'outsideHoursReason').trim(),
  };
  const errors: FieldError[] = [];
  const outsideHoursReason = parseOutsideHours(values, errors);
  if (!context.clinicianIds.includes(values.clinicianId))
    errors.push({
      field: 'clinicianId',
      message: 'Select the clinician who will do the assessment',
    });

  const parsedDate = parseDateFields(values, 'Date of the assessment');
  if (!parsedDate.ok) errors.push(dateError('date', parsedDate));
  const date = parsedDate.ok ? parsedDate.value : null;
  const time = values.time === '' ? null : parseTimeInput(values.time);
  if (values.time === '')
    errors.push({ field: 'time', message: 'Enter the time of the assessment' });
  else if (!time)
    errors.push({
      field: 'time',
      message: 'Time of the assessment must be a real time, like 09:30 or 2:30pm',
    });

  let startsAt: Date | null = null;
  if (date && time) {
    const converted = londonLocalToUtc(date, time);
    if (!converted.ok) errors.push({ field: 'time', message: converted.message });
    else if (converted.value.getTime() <= context.now.getTime())
      errors.push({
        field: 'date',
        href: fieldHref.date('date'),
        message: 'The date and time of the assessment must be in the future',
      });
    else if (
      converted.value.getTime() - context.now.getTime() >
      MAX_BOOKING_DAYS_AHEAD * 86_400_000
    )
      errors.push({
        field: 'date',
        href: fieldHref.date('date'),
        message: 'The date of the assessment must be within the next 12 months',
      });
    else startsAt = converted.value;
  }
  if (!oneOf(ASSESSMENT_MODES, values.mode))
    errors.push({
      field: 'mode',
      href: fieldHref.choice('mode'),
      message: 'Select how the assessment will happen',
    });
  else if (values.mode === 'face_to_face' && values.roomId === '')
    errors.push({ field: 'roomId', message: 'Select the room for the face-to-face assessment' });
  else if (values.mode === 'face_to_face' && !context.roomIds.includes(values.roomId))
    errors.push({ field: 'roomId', message: 'Select a room from the list' });

  const when = startsAt;
  return {
    values,
    // No time without an error saying why, so a missing time is never a valid booking.
    result:
      when === null
        ? { ok: false, errors }
        : result(errors, () => ({
            clinicianId: values.clinicianId,
            startsAt: when,
            mode: values.mode as AssessmentMode,
            roomId: values.mode === 'face_to_face' ? values.roomId : null,
            ...(outsideHoursReason ? { outsideHoursReason } : {}),
          })),
  };
}

// ---- Recording the assessment ------------------------------------------------------------------

/** The questionnaires taken at the wellbeing assessment, in the order the form shows them. */
export const ASSESSMENT_MEASURES: readonly Measure[] = [PHQ9, GAD7, WSAS];

export interface AssessmentValues {
  presentingProblem: string;
  presentingProblemOther: string;
  /** Raw radio values by item id (phq9_1 … wsas_5). */
  items: Record<string, string>;
  riskLevel: string;
  riskAgreed: string;
  safetyPlan: string;
  decision: string;
  otherTreatment: string;
  /** Onward referral (offer another treatment): where to, what was discussed, how soon. */
  receivingService: string;
  discussed: string;
  urgency: string;
  signpostedTo: string;
  decisionReason: string;
  patientMessage: string;
  /** Letters (H27): the GP practice's email, and 'yes' when they want letters by email. */
  gpEmail: string;
  lettersByEmail: string;
}

/** Where an offer of another treatment refers the person on (H27). */
export interface OnwardReferralForm {
  receivingService: string;
  discussed: string;
  urgency: OnwardUrgencyId;
}

export interface AssessmentForm {
  presentingProblem: PresentingProblem;
  presentingProblemOther: string | null;
  scores: ScoreSuccess[];
  riskLevel: RiskLevel;
  riskAgreed: string;
  safetyPlan: string | null;
  decision: AssessmentDecision;
  otherTreatment: OtherTreatment | null;
  onward: OnwardReferralForm | null;
  signpostedTo: string | null;
  decisionReason: string;
  patientMessage: string;
  /** Null keeps the email already recorded. */
  gpEmail: string | null;
  lettersByEmail: boolean;
}

function itemValue(raw: string): number | string | undefined {
  if (raw === '') return undefined;
  if (raw === NOT_APPLICABLE) return raw;
  return /^\d+$/.test(raw) ? Number(raw) : raw;
}

export function emptyAssessmentValues(): AssessmentValues {
  return {
    presentingProblem: '',
    presentingProblemOther: '',
    items: {},
    riskLevel: '',
    riskAgreed: '',
    safetyPlan: '',
    decision: '',
    otherTreatment: '',
    receivingService: '',
    discussed: '',
    urgency: '',
    signpostedTo: '',
    decisionReason: '',
    patientMessage: '',
    gpEmail: '',
    lettersByEmail: '',
  };
}

export function parseAssessment(body: unknown): {
  values: AssessmentValues;
  result: FormResult<AssessmentForm>;
} {
  const items: Record<string, string> = {};
  for (const measure of ASSESSMENT_MEASURES)
    for (const item of measure.items) items[item.id] = str(body, item.id);
  const values: AssessmentValues = {
    presentingProblem: str(body, 'presentingProblem'),
    presentingProblemOther: str(body, 'presentingProblemOther').trim(),
    items,
    riskLevel: str(body, 'riskLevel'),
    riskAgreed: str(body, 'riskAgreed').trim(),
    safetyPlan: str(body, 'safetyPlan').trim(),
    decision: str(body, 'decision'),
    otherTreatment: str(body, 'otherTreatment'),
    receivingService: str(body, 'receivingService').trim(),
    discussed: str(body, 'discussed').trim(),
    urgency: str(body, 'urgency'),
    signpostedTo: str(body, 'signpostedTo').trim(),
    decisionReason: str(body, 'decisionReason').trim(),
    patientMessage: str(body, 'patientMessage').trim(),
    gpEmail: str(body, 'gpEmail').trim(),
    lettersByEmail: str(body, 'lettersByEmail') === 'yes' ? 'yes' : '',
  };
  const errors: FieldError[] = [];

  if (!oneOf(PRESENTING_PROBLEMS, values.presentingProblem))
    errors.push({
      field: 'presentingProblem',
      href: fieldHref.choice('presentingProblem'),
      message: 'Select the presenting problem',
    });
  else if (values.presentingProblem === 'other')
    checkText(errors, 'presentingProblemOther', values.presentingProblemOther, {
      required: 'Describe the presenting problem',
      label: 'Presenting problem',
      max: SHORT_TEXT_MAX,
    });

  const scores: ScoreSuccess[] = [];
  for (const measure of ASSESSMENT_MEASURES) {
    const answers: Record<string, number | string> = {};
    for (const item of measure.items) {
      const v = itemValue(items[item.id] ?? '');
      if (v !== undefined) answers[item.id] = v;
    }
    const scored = scoreQuestionnaire(measure.id, answers);
    if (scored.ok) scores.push(scored.value);
    else
      for (const e of scored.errors) {
        const item = measure.items.find((i) => i.id === e.itemId);
        if (!item) continue;
        errors.push({
          field: item.id,
          href: fieldHref.choice(item.id),
          message:
            e.code === 'missing'
              ? `Select an answer for ${measure.shortTitle} question ${item.number}`
              : `Select one of the answers for ${measure.shortTitle} question ${item.number}`,
        });
      }
  }

  if (!oneOf(RISK_LEVELS, values.riskLevel))
    errors.push({
      field: 'riskLevel',
      href: fieldHref.choice('riskLevel'),
      message: 'Select the level of risk',
    });
  checkText(errors, 'riskAgreed', values.riskAgreed, {
    required: 'Enter what was agreed about risk',
    label: 'What was agreed',
    max: NOTE_MAX,
  });
  if (values.safetyPlan === '' && (values.riskLevel === 'moderate' || values.riskLevel === 'high'))
    errors.push({
      field: 'safetyPlan',
      message: 'Enter the safety plan: it is needed when risk is moderate or high',
    });
  else if (values.safetyPlan.length > NOTE_MAX)
    errors.push({
      field: 'safetyPlan',
      message: tooLongMessage('Safety plan', NOTE_MAX),
    });

  if (!oneOf(ASSESSMENT_DECISIONS, values.decision))
    errors.push({
      field: 'decision',
      href: fieldHref.choice('decision'),
      message: 'Select the decision',
    });
  else if (values.decision === 'offer_other') {
    if (!oneOf(OTHER_TREATMENTS, values.otherTreatment))
      errors.push({ field: 'otherTreatment', message: 'Select the treatment offered' });
    checkText(errors, 'receivingService', values.receivingService, {
      required: 'Enter the service they are referred on to',
      label: 'Service',
      max: SHORT_TEXT_MAX,
    });
    checkText(errors, 'discussed', values.discussed, {
      required: 'Enter what was discussed with them about the referral',
      label: 'What was discussed',
      max: NOTE_MAX,
    });
    if (!oneOf(ONWARD_URGENCY_IDS, values.urgency))
      errors.push({
        field: 'urgency',
        href: fieldHref.choice('urgency'),
        message: 'Select how urgent the onward referral is',
      });
    else if (oneOf(RISK_LEVELS, values.riskLevel)) {
      // A PHQ-9 question 9 answer above 0 raises an alert when this is saved (H27).
      const raisesAlert = scores.some((sc) => sc.measureId === 'phq9' && sc.riskFlag);
      const problem = onwardUrgencyProblem(values.urgency, {
        riskLevel: values.riskLevel,
        openAlerts: raisesAlert ? 1 : 0,
      });
      if (problem)
        errors.push({ field: 'urgency', href: fieldHref.choice('urgency'), message: problem });
    }
  } else if (values.decision === 'signpost')
    checkText(errors, 'signpostedTo', values.signpostedTo, {
      required: 'Enter the service they are signposted to',
      label: 'Service',
      max: SHORT_TEXT_MAX,
    });
  checkText(errors, 'decisionReason', values.decisionReason, {
    required: 'Enter the reason for the decision',
    label: 'Reason',
    max: NOTE_MAX,
  });
  checkText(errors, 'patientMessage', values.patientMessage, {
    required: 'Enter the message to send to the patient',
    label: 'Message',
    max: MESSAGE_MAX,
  });
  if (values.gpEmail.length > SHORT_TEXT_MAX)
    errors.push({
      field: 'gpEmail',
      message: tooLongMessage('GP practice email', SHORT_TEXT_MAX),
    });
  // Letters with health details go to this address: only secure NHSmail will do (H27).
  else if (values.gpEmail !== '' && !isSecureNhsEmail(values.gpEmail))
    errors.push({ field: 'gpEmail', message: SECURE_NHS_EMAIL_MESSAGE });

  return {
    values,
    result: result(errors, () => ({
      presentingProblem: values.presentingProblem as PresentingProblem,
      presentingProblemOther:
        values.presentingProblem === 'other' ? values.presentingProblemOther : null,
      scores,
      riskLevel: values.riskLevel as RiskLevel,
      riskAgreed: values.riskAgreed,
      safetyPlan: values.safetyPlan === '' ? null : values.safetyPlan,
      decision: values.decision as AssessmentDecision,
      otherTreatment:
        values.decision === 'offer_other' ? (values.otherTreatment as OtherTreatment) : null,
      onward:
        values.decision === 'offer_other'
          ? {
              receivingService: values.receivingService,
              discussed: values.discussed,
              urgency: values.urgency as OnwardUrgencyId,
            }
          : null,
      signpostedTo: values.decision === 'signpost' ? values.signpostedTo : null,
      decisionReason: values.decisionReason,
      patientMessage: values.patientMessage,
      gpEmail: values.gpEmail === '' ? null : values.gpEmail,
      lettersByEmail: values.lettersByEmail === 'yes',
    })),
  };
}

// ---- Schemas at the edge ---------------------------------------------------------------------
// Each route declares what it reads: a malformed id is the 404 page, a repeated query key or an
// over-long value a 400, before any handler runs. Field rules (required, choices) stay in the
// parsers above, which produce the NHS error summary.

const optionalText = () => formText().optional();

export const referralParams = z.object({ referralId: uuidParam });
export const onwardParams = z.object({ referralId: uuidParam, onwardId: uuidParam });
export const onwardLetterParams = z.object({ referralId: uuidParam, letterId: uuidParam });
/** Emailing an onward letter to the GP again, or recording it as sent another way: a button. */
export const onwardLetterBody = formBody({});
export const onwardSentBody = formBody({ sentHow: optionalText() });
export const queueQuery = queryOf({ status: singleQuery.optional() });
export const referralQuery = queryOf({
  done: singleQuery.optional(),
  sent: singleQuery.optional(),
  invite: singleQuery.optional(),
  onward: singleQuery.optional(),
});
/** Booking: the free times' clinician, room and week, and the free time chosen (fills the form). */
export const bookQuery = queryOf({
  clinician: optionalUuidQuery,
  room: optionalUuidQuery,
  week: singleQuery.optional(),
  date: singleQuery.optional(),
  time: singleQuery.optional(),
});
export const matchBody = formBody({ patientId: optionalText() });
export const closeBody = formBody({
  reason: optionalText(),
  duplicateOf: optionalText(),
  note: optionalText(),
  message: optionalText(),
});
export const bookingBody = formBody({
  clinicianId: optionalText(),
  'date-day': optionalText(),
  'date-month': optionalText(),
  'date-year': optionalText(),
  time: optionalText(),
  mode: optionalText(),
  roomId: optionalText(),
});
/** The assessment form also carries one radio per questionnaire item (phq9_1 … wsas_5). */
export const assessmentBody = formBody({
  presentingProblem: optionalText(),
  presentingProblemOther: optionalText(),
  riskLevel: optionalText(),
  riskAgreed: optionalText(),
  safetyPlan: optionalText(),
  decision: optionalText(),
  otherTreatment: optionalText(),
  receivingService: optionalText(),
  discussed: optionalText(),
  urgency: optionalText(),
  signpostedTo: optionalText(),
  decisionReason: optionalText(),
  patientMessage: optionalText(),
  gpEmail: optionalText(),
  lettersByEmail: optionalText(),
});
