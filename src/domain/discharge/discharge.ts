/**
 * Discharge from a course of IPT (issue 11): why it ended, and the Patient Experience
 * Questionnaire (PEQ) asked at the end. The PEQ is stored so nobody can tell who gave which
 * answers (hazard H19): no patient or therapist id, the month only, and shown only as totals.
 */
import { onwardUrgencyProblemAtDischarge, type OnwardUrgencyId } from '../onward-referral';
import type { ParseResult } from '../result';

export const DISCHARGE_REASONS = [
  'completed',
  'dropped_out',
  'declined_further',
  'moved_away',
  'referred_on',
] as const;
export type DischargeReason = (typeof DISCHARGE_REASONS)[number];

export const DISCHARGE_REASON_LABELS: Record<DischargeReason, string> = {
  completed: 'Completed treatment',
  dropped_out: 'Dropped out',
  declined_further: 'Declined further treatment',
  moved_away: 'Moved away',
  referred_on: 'Referred on to another service',
};

export function isDischargeReason(value: string): value is DischargeReason {
  return (DISCHARGE_REASONS as readonly string[]).includes(value);
}

/**
 * Whether a course can be discharged with these risk alerts open for the patient (hazard H19):
 * not while any is open. An alert stays open until a clinician records what they did; once the
 * course ends nobody would be looking out for the person, so what was done (a crisis plan, the
 * GP or crisis team told) is recorded first. Answers the problem to show, or null.
 */
export function dischargeRiskProblem(openAlerts: number): string | null {
  if (openAlerts <= 0) return null;
  return openAlerts === 1
    ? 'There is an open risk alert for this patient. Record what you did about it, and close it, before discharging them'
    : `There are ${openAlerts} open risk alerts for this patient. Record what you did about each one, and close it, before discharging them`;
}

/**
 * Whether the discharge can refer the person on as asked (hazard H27). "Referred on to another
 * service" needs the onward referral itself (where to, why, what was discussed, how soon) and the
 * course's referral to record it on; and, as at an assessment, it is never routine after risk:
 * here any risk alert raised during the course, closed or not. Answers the problem, or null.
 */
export function dischargeOnwardProblem(input: {
  reason: DischargeReason;
  onward: { urgency: OnwardUrgencyId } | null;
  hasReferral: boolean;
  alertsSinceReferral: number;
}): { field: 'reason' | 'urgency'; message: string } | null {
  if (input.reason !== 'referred_on') return null;
  if (!input.onward || !input.hasReferral)
    return {
      field: 'reason',
      message: input.onward
        ? 'This course has no referral to refer them on from: refer them on from their referral instead'
        : 'Enter where they are referred on to',
    };
  const urgency = onwardUrgencyProblemAtDischarge(input.onward.urgency, {
    alertsSinceReferral: input.alertsSinceReferral,
  });
  return urgency ? { field: 'urgency', message: urgency } : null;
}

/**
 * Who signs the discharge letters: the person who discharged, not always the patient's
 * therapist. A supervisor or a service manager may discharge a course (walk 13); the GP, the
 * patient and any receiving service must see who made that decision, by name and role, so their
 * questions go to the right person. Null when the course's own therapist discharged (the letters
 * are theirs, as always); otherwise the role in which this person could discharge: the patient's
 * responsible therapist, the therapist's supervisor, or a service manager.
 */
export type DischargerRole = 'therapist' | 'supervisor' | 'service_manager';

export const DISCHARGER_ROLE_LABELS: Record<DischargerRole, string> = {
  therapist: 'Therapist',
  supervisor: 'Clinical supervisor',
  service_manager: 'Service manager',
};

export function dischargerRole(
  actor: { userId: string; roles: readonly string[]; supervisees: readonly string[] },
  care: { therapistId: string; responsibleClinicianId: string | null },
): DischargerRole | null {
  if (actor.userId === care.therapistId) return null;
  const clinicians = [care.therapistId, care.responsibleClinicianId].filter(
    (id): id is string => id !== null,
  );
  if (actor.roles.includes('therapist') && care.responsibleClinicianId === actor.userId)
    return 'therapist';
  if (actor.roles.includes('supervisor') && clinicians.some((id) => actor.supervisees.includes(id)))
    return 'supervisor';
  if (actor.roles.includes('service_manager')) return 'service_manager';
  return actor.roles.includes('supervisor') ? 'supervisor' : 'therapist';
}

/**
 * The NHS Talking Therapies PEQ, treatment version: five questions on one scale (recalled
 * wording; clinical.md says it is free to use and amend, so check and change it here only).
 */
export const PEQ_ITEMS = [
  { id: 'listened', text: 'Did staff listen to you and treat your concerns seriously?' },
  {
    id: 'understand',
    text: 'Do you feel that the service has helped you to better understand and address your difficulties?',
  },
  {
    id: 'involved',
    text: 'Did you feel involved in making choices about your treatment and care?',
  },
  { id: 'help', text: 'On reflection, did you get the help that mattered to you?' },
  {
    id: 'confidence',
    text: 'Did you have confidence in your therapist and their skills and techniques?',
  },
] as const;
export type PeqItemId = (typeof PEQ_ITEMS)[number]['id'];

export const PEQ_SCALE = [
  'Never',
  'Rarely',
  'Sometimes',
  'Most of the time',
  'At all times',
] as const;

/** Answers 0–4 per question; a question may be left out ("prefer not to say"). */
export type PeqAnswers = Partial<Record<PeqItemId, number>>;

export function parsePeq(
  raw: Record<string, string>,
): ParseResult<PeqAnswers, { readonly reason: 'empty'; readonly message: string }> {
  const answers: PeqAnswers = {};
  for (const item of PEQ_ITEMS) {
    const v = raw[item.id];
    if (v === undefined || v === '') continue;
    const n = Number(v);
    if (Number.isInteger(n) && n >= 0 && n < PEQ_SCALE.length) answers[item.id] = n;
  }
  if (Object.keys(answers).length === 0)
    return {
      ok: false,
      reason: 'empty',
      message: 'Select an answer to at least one question before you send your answers',
    };
  return { ok: true, value: answers };
}

/** The month a response is filed under: coarse, so its time cannot pick out one discharge. */
export function peqMonth(at: Date): string {
  return at.toISOString().slice(0, 7);
}

export interface PeqSummary {
  responses: number;
  /** Per question: how many gave each answer on the scale. */
  counts: Record<PeqItemId, number[]>;
}

/**
 * Totals only. Fewer than `minimum` responses in total shows nothing, so a small month cannot
 * be matched to the few people discharged in it.
 */
export function summarisePeq(rows: readonly PeqAnswers[], minimum = 5): PeqSummary | null {
  if (rows.length < minimum) return null;
  const counts = Object.fromEntries(PEQ_ITEMS.map((i) => [i.id, PEQ_SCALE.map(() => 0)])) as Record<
    PeqItemId,
    number[]
  >;
  for (const row of rows)
    for (const item of PEQ_ITEMS) {
      const a = row[item.id];
      const tally = counts[item.id];
      if (a !== undefined && a >= 0 && a < tally.length) tally[a] = (tally[a] ?? 0) + 1;
    }
  return { responses: rows.length, counts };
}
