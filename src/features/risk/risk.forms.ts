import { str, type FieldError, type FormResult } from '../../ui/forms';

/** Long enough for what was done and agreed; short enough to read at a glance on the queue. */
export const ACTION_TAKEN_MAX = 2000;

export function parseRiskAction(body: unknown): {
  values: { actionTaken: string };
  result: FormResult<string>;
} {
  const actionTaken = str(body, 'actionTaken').trim();
  const errors: FieldError[] = [];
  if (actionTaken === '')
    errors.push({ field: 'actionTaken', message: 'Enter what you did about this risk' });
  else if (actionTaken.length > ACTION_TAKEN_MAX)
    errors.push({
      field: 'actionTaken',
      message: `What you did must be ${ACTION_TAKEN_MAX} characters or fewer`,
    });
  return {
    values: { actionTaken },
    result: errors.length > 0 ? { ok: false, errors } : { ok: true, value: actionTaken },
  };
}
