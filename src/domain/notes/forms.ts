/** Parsers for tasks between sessions, the patient's reflections and supervision notes. */
import { isRealDate, toIsoDate, type IsoDate } from '../calendar';
import type { FieldError, FormResult } from '../result';

export const TASK_TEXT_MAX = 1_000;
export const SUPERVISION_TEXT_MAX = 5_000;

export interface TaskInput {
  /** What to try. */
  readonly what: string;
  /** When, in the patient's words ("before Friday", "at the weekend"). */
  readonly when: string;
  /** With whom, if anyone. */
  readonly withWhom: string;
}

function text(
  errors: FieldError[],
  value: string,
  field: string,
  rule: { label: string; max: number; required?: string },
): string {
  const v = value.trim();
  if (rule.required && v === '') errors.push({ field, message: rule.required });
  else if (v.length > rule.max)
    errors.push({ field, message: `${rule.label} must be ${rule.max} characters or fewer` });
  return v;
}

export function parseTask(input: {
  what: string;
  when: string;
  withWhom: string;
}): FormResult<TaskInput> {
  const errors: FieldError[] = [];
  const what = text(errors, input.what, 'what', {
    label: 'What to try',
    max: TASK_TEXT_MAX,
    required: 'Enter what the patient will try',
  });
  const when = text(errors, input.when, 'when', {
    label: 'When',
    max: 200,
    required: 'Enter when they will try it',
  });
  const withWhom = text(errors, input.withWhom, 'withWhom', { label: 'With whom', max: 200 });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: { what, when, withWhom } };
}

export interface ReflectionInput {
  readonly whatIDid: string;
  readonly howItWent: string;
}

export function parseReflection(input: {
  whatIDid: string;
  howItWent: string;
}): FormResult<ReflectionInput> {
  const errors: FieldError[] = [];
  const whatIDid = text(errors, input.whatIDid, 'whatIDid', {
    label: 'What you did',
    max: TASK_TEXT_MAX,
    required: 'Tell us what you did, even if you did not get round to it',
  });
  const howItWent = text(errors, input.howItWent, 'howItWent', {
    label: 'How it went',
    max: TASK_TEXT_MAX,
    required: 'Tell us how it went',
  });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: { whatIDid, howItWent } };
}

export interface SupervisionNoteInput {
  readonly metOn: IsoDate;
  readonly discussion: string;
  readonly actions: string;
}

/** A supervision note: the date supervision took place (not in the future), what was discussed, actions. */
export function parseSupervisionNote(
  input: { day: string; month: string; year: string; discussion: string; actions: string },
  today: IsoDate,
): FormResult<SupervisionNoteInput> {
  const errors: FieldError[] = [];
  const [d, m, y] = [input.day, input.month, input.year].map((s) => s.trim());
  let metOn: IsoDate | null = null;
  if (!d || !m || !y)
    errors.push({ field: 'metOn', href: 'metOn-day', message: 'Enter the date of supervision' });
  else if (
    !/^\d{1,2}$/.test(d) ||
    !/^\d{1,2}$/.test(m) ||
    !/^\d{4}$/.test(y) ||
    !isRealDate(+y, +m, +d)
  )
    errors.push({
      field: 'metOn',
      href: 'metOn-day',
      message: 'Date of supervision must be a real date',
    });
  else {
    metOn = toIsoDate({ year: +y, month: +m, day: +d });
    if (metOn > today) {
      errors.push({
        field: 'metOn',
        href: 'metOn-day',
        message: 'Date of supervision must be today or in the past',
      });
      metOn = null;
    }
  }
  const discussion = text(errors, input.discussion, 'discussion', {
    label: 'Discussion',
    max: SUPERVISION_TEXT_MAX,
    required: 'Enter what was discussed',
  });
  const actions = text(errors, input.actions, 'actions', {
    label: 'Actions',
    max: SUPERVISION_TEXT_MAX,
  });
  if (errors.length > 0 || metOn === null) return { ok: false, errors };
  return { ok: true, value: { metOn, discussion, actions } };
}
