/**
 * When the questionnaires before an IPT session can be answered, and in what order. Pure rules.
 *
 * The window opens at the start (midnight, UK time) of the day `questionnaireOpensDaysBefore`
 * days before the session's day, so the diary's reminder ("please answer a few short questions",
 * sent at 9am that day) always finds them open, and closes when the session ends.
 */
import {
  MONTH_NAMES,
  addDays,
  formatTime,
  resolveLondonLocal,
  utcToLondon,
} from '../../domain/calendar';
import { MEASURES, SESSION_MEASURE_IDS, type MeasureId } from '../../domain/measures';
import type { AppointmentStatus } from '../../db/schema';

/** Used when a service's setting is missing or not a whole number of days from 0. */
export const DEFAULT_OPENS_DAYS_BEFORE = 3;

export interface SessionTimes {
  readonly startsAt: Date;
  readonly endsAt: Date;
  readonly status: AppointmentStatus;
}

export interface QuestionnaireWindow {
  readonly opensAt: Date;
  readonly closesAt: Date;
}

export function opensDaysBefore(setting: unknown): number {
  return typeof setting === 'number' && Number.isInteger(setting) && setting >= 0
    ? setting
    : DEFAULT_OPENS_DAYS_BEFORE;
}

export function questionnaireWindow(
  session: Pick<SessionTimes, 'startsAt' | 'endsAt'>,
  daysBefore: number,
): QuestionnaireWindow {
  const sessionDay = utcToLondon(session.startsAt).date;
  const opensAt = resolveLondonLocal(addDays(sessionDay, -opensDaysBefore(daysBefore)), '00:00');
  return {
    opensAt: opensAt.getTime() <= session.startsAt.getTime() ? opensAt : session.startsAt,
    closesAt: session.endsAt,
  };
}

export type WindowState = 'not_yet' | 'open' | 'closed';

/** Statuses in which the session is still happening (or happened): not cancelled or missed. */
const LIVE_STATUSES: readonly AppointmentStatus[] = ['booked', 'attended', 'arrived_late'];

/** Whether the patient is asked for the questionnaires now (home page, question pages). */
export function windowState(session: SessionTimes, now: Date, daysBefore: number): WindowState {
  if (!LIVE_STATUSES.includes(session.status)) return 'closed';
  const { opensAt, closesAt } = questionnaireWindow(session, daysBefore);
  if (now.getTime() < opensAt.getTime()) return 'not_yet';
  if (now.getTime() >= closesAt.getTime()) return 'closed';
  return 'open';
}

/**
 * Whether a completed questionnaire the patient sends is kept. Once the window has opened, yes,
 * even if the session has just ended or been cancelled while they were answering: answers
 * someone gave us are never thrown away, and a risk answer must always reach a clinician.
 */
export function acceptsAnswers(
  session: Pick<SessionTimes, 'startsAt' | 'endsAt'>,
  now: Date,
  daysBefore: number,
): boolean {
  return now.getTime() >= questionnaireWindow(session, daysBefore).opensAt.getTime();
}

/**
 * Whether a clinician may enter the answers for the patient: from when the window opens (not
 * weeks ahead), during the session or afterwards (from paper), unless the session was cancelled.
 */
export function staffMayEnter(session: SessionTimes, now: Date, daysBefore: number): boolean {
  return session.status !== 'cancelled' && acceptsAnswers(session, now, daysBefore);
}

export function isSessionMeasure(value: string): value is MeasureId {
  return (SESSION_MEASURE_IDS as readonly string[]).includes(value);
}

/**
 * The questionnaire to go to next: the first one not yet completed after `current` in the set
 * order, then any earlier one that was skipped; null when all are complete.
 */
export function nextMeasure(
  current: MeasureId | null,
  completed: ReadonlySet<string>,
): MeasureId | null {
  const order = SESSION_MEASURE_IDS;
  const from = current === null ? 0 : order.indexOf(current) + 1;
  for (const id of [...order.slice(from), ...order.slice(0, from)])
    if (!completed.has(id)) return id;
  return null;
}

/** "Tuesday 1 December at 10am"; the year is added only when it is not this year. */
export function sessionWhen(startsAt: Date, now: Date): string {
  const local = utcToLondon(startsAt);
  const [year, month, day] = local.date.split('-').map(Number) as [number, number, number];
  const thisYear = Number(utcToLondon(now).date.slice(0, 4));
  const date = `${local.weekdayName} ${day} ${MONTH_NAMES[month - 1] ?? ''}${year === thisYear ? '' : ` ${year}`}`;
  return `${date} at ${formatTime(local.time)}`;
}

/**
 * Where "Continue" on the crisis help page goes after a risk answer (PHQ-9 question 9): back to
 * the PHQ-9 when it is not finished, at its first question still unanswered (the answers so far
 * are kept there), so the patient carries on where they were; once it is finished, the next
 * questionnaire not completed; null when all are complete. Before, an unfinished PHQ-9 was
 * skipped for the GAD-7 and came back only at the end.
 */
export function afterRiskHelp(
  completed: ReadonlySet<string>,
  phq9SoFar: Readonly<Record<string, string>> | undefined,
): { measureId: MeasureId; itemId: string | null } | null {
  if (!completed.has('phq9')) {
    const next = MEASURES.phq9.items.find((item) => !phq9SoFar?.[item.id]);
    return { measureId: 'phq9', itemId: next?.id ?? null };
  }
  const next = nextMeasure('phq9', completed);
  return next ? { measureId: next, itemId: null } : null;
}
