import {
  STAYING_WELL_LIMITS,
  checkStayingWellPlan,
  keptContacts,
  type StayingWellInput,
  type StayingWellProblem,
} from '../../domain/ipt';
import { checkText, type FieldError, type FormResult } from '../../domain/result';
import { str } from '../../ui/forms';

/** The contact rows the form offers (STAYING_WELL_LIMITS.contacts). */
export const CONTACT_ROWS = [1, 2, 3, 4] as const;
export type ContactRow = (typeof CONTACT_ROWS)[number];
export const contactName = (n: ContactRow) => `contact${n}Name` as const;
export const contactHow = (n: ContactRow) => `contact${n}How` as const;

export interface StayingWellValues {
  warningSigns: string;
  whatHelps: string;
  contact1Name: string;
  contact1How: string;
  contact2Name: string;
  contact2How: string;
  contact3Name: string;
  contact3How: string;
  contact4Name: string;
  contact4How: string;
  crisisPlan: string;
  /** 'yes' when the plan is marked ready. */
  complete: string;
  /** The version the form was opened on (0: none yet), so a save never hides another's. */
  basedOn: string;
}

export interface StayingWellSave {
  plan: StayingWellInput;
  basedOn: number;
}

export const EMPTY_STAYING_WELL: StayingWellValues = {
  warningSigns: '',
  whatHelps: '',
  contact1Name: '',
  contact1How: '',
  contact2Name: '',
  contact2How: '',
  contact3Name: '',
  contact3How: '',
  contact4Name: '',
  contact4How: '',
  crisisPlan: '',
  complete: '',
  basedOn: '0',
};

/** The saved plan as form values. */
export function stayingWellValues(
  plan: {
    version: number;
    warningSigns: string;
    whatHelps: string;
    contacts: readonly { name: string; how: string }[];
    crisisPlan: string;
    complete: boolean;
  } | null,
): StayingWellValues {
  if (!plan) return EMPTY_STAYING_WELL;
  const values = {
    ...EMPTY_STAYING_WELL,
    warningSigns: plan.warningSigns,
    whatHelps: plan.whatHelps,
    crisisPlan: plan.crisisPlan,
    complete: plan.complete ? 'yes' : '',
    basedOn: String(plan.version),
  };
  for (const n of CONTACT_ROWS) {
    const c = plan.contacts[n - 1];
    values[contactName(n)] = c?.name ?? '';
    values[contactHow(n)] = c?.how ?? '';
  }
  return values;
}

const MESSAGES: Record<StayingWellProblem, string> = {
  empty: 'Write at least one part of the plan before saving it',
  ready_without_warning_signs:
    'Write the warning signs before marking the plan as ready, or leave it unticked for now',
  ready_without_crisis_plan:
    'Write what to do in a crisis before marking the plan as ready, or leave it unticked for now',
  contact_without_name: 'Enter a name or initials for this person',
  contact_without_how: 'Enter how to reach this person',
};

/** The form's answers → a plan to save, or the NHS error list (the H26 rule is the domain's). */
export function parseStayingWell(body: unknown): {
  values: StayingWellValues;
  result: FormResult<StayingWellSave>;
} {
  const values = Object.fromEntries(
    Object.keys(EMPTY_STAYING_WELL).map((k) => [k, str(body, k).trim()]),
  ) as unknown as StayingWellValues;
  values.complete = values.complete === 'yes' ? 'yes' : '';
  const errors: FieldError[] = [];
  const { section, contactName: nameMax, contactHow: howMax } = STAYING_WELL_LIMITS;
  checkText(errors, 'warningSigns', values.warningSigns, { label: 'Warning signs', max: section });
  checkText(errors, 'whatHelps', values.whatHelps, { label: 'What helps', max: section });
  checkText(errors, 'crisisPlan', values.crisisPlan, {
    label: 'What to do in a crisis',
    max: section,
  });
  for (const n of CONTACT_ROWS) {
    const name = contactName(n);
    const how = contactHow(n);
    checkText(errors, name, values[name], { label: 'Name or initials', max: nameMax });
    checkText(errors, how, values[how], { label: 'How to reach them', max: howMax });
  }
  const basedOn = /^\d{1,9}$/.test(values.basedOn) ? Number(values.basedOn) : 0;
  const rows = CONTACT_ROWS.map((n) => ({
    name: values[contactName(n)],
    how: values[contactHow(n)],
  }));
  const plan: StayingWellInput = {
    warningSigns: values.warningSigns,
    whatHelps: values.whatHelps,
    contacts: rows,
    crisisPlan: values.crisisPlan,
    complete: values.complete === 'yes',
  };
  for (const { index, problem } of checkStayingWellPlan(plan)) {
    const row: ContactRow = CONTACT_ROWS[index ?? 0] ?? 1;
    const field =
      problem === 'contact_without_name'
        ? contactName(row)
        : problem === 'contact_without_how'
          ? contactHow(row)
          : problem === 'ready_without_crisis_plan'
            ? 'crisisPlan'
            : 'warningSigns';
    errors.push({ field, message: MESSAGES[problem] });
  }
  if (errors.length > 0) return { values, result: { ok: false, errors } };
  return {
    values,
    result: { ok: true, value: { plan: { ...plan, contacts: keptContacts(rows) }, basedOn } },
  };
}
