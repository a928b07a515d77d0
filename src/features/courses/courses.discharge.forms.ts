import { isDischargeReason, parsePeq, PEQ_ITEMS, type PeqAnswers } from '../../domain/discharge';
import { ONWARD_URGENCY_IDS, type OnwardUrgencyId } from '../../domain/onward-referral';
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
    receivingService: str(body, 'receivingService').trim(),
    onwardReason: str(body, 'onwardReason').trim(),
    discussed: str(body, 'discussed').trim(),
    urgency: str(body, 'urgency'),
  };
  const errors: FieldError[] = [];
  if (!isDischargeReason(values.reason))
    errors.push({
      field: 'reason',
      href: fieldHref.choice('reason'),
      message: 'Select why the patient is being discharged',
    });
  // "Referred on" makes the onward referral itself (H27): where to, why, what was said, how soon.
  const referredOn = values.reason === 'referred_on';
  if (referredOn) {
    checkText(errors, 'receivingService', values.receivingService, {
      required: 'Enter the service they are referred on to',
      label: 'Service they are referred on to',
      max: 200,
    });
    checkText(errors, 'onwardReason', values.onwardReason, {
      required: 'Enter why they are referred on',
      label: 'Why they are referred on',
      max: 2000,
    });
    checkText(errors, 'discussed', values.discussed, {
      required: 'Enter what was discussed with them about the referral',
      label: 'What was discussed',
      max: 2000,
    });
    if (!(ONWARD_URGENCY_IDS as readonly string[]).includes(values.urgency))
      errors.push({
        field: 'urgency',
        href: fieldHref.choice('urgency'),
        message: 'Select how urgent the onward referral is',
      });
  }
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
        onward: referredOn
          ? {
              receivingService: values.receivingService,
              reason: values.onwardReason,
              discussed: values.discussed,
              urgency: values.urgency as OnwardUrgencyId,
            }
          : null,
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
