/** Parsers for tasks between sessions, the patient's reflections and supervision notes. */
import { formatDate, isRealDate, toIsoDate, type IsoDate } from '../calendar';
import { checkText, type FieldError, type FormResult } from '../result';

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

export function parseTask(input: {
  what: string;
  when: string;
  withWhom: string;
}): FormResult<TaskInput> {
  const errors: FieldError[] = [];
  const what = checkText(errors, 'what', input.what.trim(), {
    label: 'What to try',
    max: TASK_TEXT_MAX,
    required: 'Enter what the patient will try',
  });
  const when = checkText(errors, 'when', input.when.trim(), {
    label: 'When',
    max: 200,
    required: 'Enter when they will try it',
  });
  const withWhom = checkText(errors, 'withWhom', input.withWhom.trim(), {
    label: 'With whom',
    max: 200,
  });
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
  const whatIDid = checkText(errors, 'whatIDid', input.whatIDid.trim(), {
    label: 'What you did',
    max: TASK_TEXT_MAX,
    required: 'Tell us what you did, even if you did not get round to it',
  });
  const howItWent = checkText(errors, 'howItWent', input.howItWent.trim(), {
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
  /** The day the course started: supervision of this case cannot come before it. */
  courseStarted?: IsoDate,
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
    } else if (courseStarted && metOn < courseStarted) {
      errors.push({
        field: 'metOn',
        href: 'metOn-day',
        message: `Date of supervision must be on or after the day the course started, ${formatDate(courseStarted)}`,
      });
      metOn = null;
    }
  }
  const discussion = checkText(errors, 'discussion', input.discussion.trim(), {
    label: 'Discussion',
    max: SUPERVISION_TEXT_MAX,
    required: 'Enter what was discussed',
  });
  const actions = checkText(errors, 'actions', input.actions.trim(), {
    label: 'Actions',
    max: SUPERVISION_TEXT_MAX,
  });
  if (errors.length > 0 || metOn === null) return { ok: false, errors };
  return { ok: true, value: { metOn, discussion, actions } };
}
