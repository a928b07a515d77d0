import { z } from 'zod';
import { RISK_ACTION_OUTCOMES, type RiskActionOutcome } from '../../db/schema';
import { londonLocalToUtc } from '../../domain/calendar';
import { parseDateFields, parseTimeInput } from '../../domain/diary';
import { formBody, formText, queryOf, singleQuery, uuidParam } from '../../platform/edge';
import { dateError, fieldHref } from '../../ui/fields';
import { checkText, type FieldError, type FormResult } from '../../ui/forms';

/** Long enough for what was done and agreed; short enough to read at a glance on the queue. */
export const ACTION_TAKEN_MAX = 2000;
export const NEXT_STEP_MAX = 500;
/** A next step is for the coming days: further ahead, the alert should be closed with a plan. */
export const NEXT_STEP_MAX_DAYS = 14;

// ---- schemas at the edge ----

export const alertParams = z.object({ alertId: uuidParam });
export const queueQuery = queryOf({ done: singleQuery.optional() });
export const actionBody = formBody({
  actionTaken: formText().optional(),
  outcome: formText().optional(),
  nextStep: formText().optional(),
  'date-day': formText().optional(),
  'date-month': formText().optional(),
  'date-year': formText().optional(),
  time: formText().optional(),
});
export type ActionBody = z.output<typeof actionBody>;

export interface RiskActionValues {
  actionTaken: string;
  outcome: string;
  nextStep: string;
  day: string;
  month: string;
  year: string;
  time: string;
}

export const EMPTY_ACTION: RiskActionValues = {
  actionTaken: '',
  outcome: '',
  nextStep: '',
  day: '',
  month: '',
  year: '',
  time: '',
};

export type RiskActionForm =
  | { outcome: 'closed'; actionTaken: string }
  | { outcome: 'open'; actionTaken: string; nextStep: string; nextStepAt: Date };

/**
 * What was done about an alert, and whether it closes it. An action that keeps it open needs the
 * next step and when (today or within two weeks). Someone who may not close alerts (a service
 * manager) is not offered the choice: their action always keeps it open.
 */
export function parseRiskAction(
  body: ActionBody,
  context: { now: Date; mayClose: boolean },
): { values: RiskActionValues; result: FormResult<RiskActionForm> } {
  const values: RiskActionValues = {
    actionTaken: (body.actionTaken ?? '').trim(),
    outcome: context.mayClose ? (body.outcome ?? '') : 'open',
    nextStep: (body.nextStep ?? '').trim(),
    day: (body['date-day'] ?? '').trim(),
    month: (body['date-month'] ?? '').trim(),
    year: (body['date-year'] ?? '').trim(),
    time: (body.time ?? '').trim(),
  };
  const errors: FieldError[] = [];
  checkText(errors, 'actionTaken', values.actionTaken, {
    required: 'Enter what you did about this risk',
    label: 'What you did',
    max: ACTION_TAKEN_MAX,
  });
  const outcome = RISK_ACTION_OUTCOMES.find((o) => o === values.outcome);
  if (!outcome)
    errors.push({
      field: 'outcome',
      href: fieldHref.choice('outcome'),
      message: 'Select whether this closes the alert',
    });

  let nextStepAt: Date | null = null;
  if (outcome === 'open') {
    checkText(errors, 'nextStep', values.nextStep, {
      required: 'Enter the next step',
      label: 'The next step',
      max: NEXT_STEP_MAX,
    });
    nextStepAt = parseWhen(values, context.now, errors);
  }
  if (errors.length > 0 || !outcome) return { values, result: { ok: false, errors } };
  return {
    values,
    result: {
      ok: true,
      value:
        outcome === 'closed' || nextStepAt === null
          ? { outcome: 'closed', actionTaken: values.actionTaken }
          : {
              outcome: 'open',
              actionTaken: values.actionTaken,
              nextStep: values.nextStep,
              nextStepAt,
            },
    },
  };
}

/** The next step's date and time, in UK time: from now to two weeks ahead. */
function parseWhen(values: RiskActionValues, now: Date, errors: FieldError[]): Date | null {
  const date = parseDateFields(values, 'Date of the next step');
  if (!date.ok) {
    errors.push(dateError('date', date));
    return null;
  }
  const time = parseTimeInput(values.time, 'Time of the next step');
  if (!time.ok) {
    errors.push({ field: 'time', message: time.message });
    return null;
  }
  const at = londonLocalToUtc(date.value, time.value);
  if (!at.ok) {
    errors.push({ field: 'time', message: at.message });
    return null;
  }
  // A few minutes' grace: "now" typed as the time is the present, not the past.
  if (at.value.getTime() < now.getTime() - 10 * 60_000) {
    errors.push({
      field: 'date',
      href: fieldHref.date('date'),
      message: 'The next step must be now or later',
    });
    return null;
  }
  if (at.value.getTime() - now.getTime() > NEXT_STEP_MAX_DAYS * 86_400_000) {
    errors.push({
      field: 'date',
      href: fieldHref.date('date'),
      message: `The next step must be within ${NEXT_STEP_MAX_DAYS} days. For a longer plan, close the alert and record the plan`,
    });
    return null;
  }
  return at.value;
}

export type { RiskActionOutcome };
