import { isDischargeReason, parsePeq, PEQ_ITEMS, type PeqAnswers } from '../../domain/discharge';
import { fieldHref } from '../../ui/fields';
import { checkText, str, type FieldError, type FormResult } from '../../ui/forms';
import type { DischargeInput } from './courses.discharge';
import type { DischargeValues } from './views/DischargePages';

export function parseDischarge(body: unknown): {
  values: DischargeValues;
  result: FormResult<Omit<DischargeInput, 'courseId'>>;
} {
  const values = {
    reason: str(body, 'reason'),
    note: str(body, 'note').trim(),
    communityInvite: str(body, 'communityInvite'),
  };
  const errors: FieldError[] = [];
  if (!isDischargeReason(values.reason))
    errors.push({
      field: 'reason',
      href: fieldHref.choice('reason'),
      message: 'Select why the patient is being discharged',
    });
  checkText(errors, 'note', values.note, { label: 'The note', max: 2000 });
  if (values.communityInvite !== 'yes' && values.communityInvite !== 'no')
    errors.push({
      field: 'communityInvite',
      href: fieldHref.choice('communityInvite'),
      message: 'Select yes if the patient would like an invitation to the community',
    });
  if (errors.length > 0 || !isDischargeReason(values.reason))
    return { values, result: { ok: false, errors } };
  return {
    values,
    result: {
      ok: true,
      value: {
        reason: values.reason,
        note: values.note,
        communityInvite: values.communityInvite === 'yes',
      },
    },
  };
}

export function parsePeqForm(body: unknown): {
  values: Record<string, string>;
  result: FormResult<PeqAnswers>;
} {
  const values = Object.fromEntries(PEQ_ITEMS.map((i) => [i.id, str(body, i.id)]));
  const parsed = parsePeq(values);
  return parsed.ok
    ? { values, result: { ok: true, value: parsed.value } }
    : {
        values,
        result: {
          ok: false,
          errors: [
            {
              field: PEQ_ITEMS[0].id,
              href: fieldHref.choice(PEQ_ITEMS[0].id),
              message: parsed.message,
            },
          ],
        },
      };
}
