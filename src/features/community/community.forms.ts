import {
  AVATARS,
  checkPseudonym,
  MODERATOR_BADGES,
  type ModeratorBadge,
} from '../../domain/community';
import type { ModerationActionKind } from '../../db/schema';
import { fieldHref } from '../../ui/fields';
import { checkText, str, type FieldError, type FormResult } from '../../ui/forms';
import { emailProblem } from '../auth';
import { MODERATOR_ACTIONS } from './moderation.service';

/** Form parsers for the community: each returns the values as typed and a FormResult. */

export const TITLE_MAX = 120;
export const BODY_MAX = 5000;
export const REASON_MAX = 500;

type Parsed<V, T> = { values: V; result: FormResult<T> };
const done = <V, T>(values: V, errors: FieldError[], value: () => T): Parsed<V, T> => ({
  values,
  result: errors.length ? { ok: false, errors } : { ok: true, value: value() },
});

export interface JoinValues {
  pseudonym: string;
  avatar: string;
  adult: string[];
  rules: string[];
}

export function parseJoin(
  body: unknown,
  /** The joiner's real names, so a pseudonym that gives them away is refused with the rest. */
  realNames: readonly Parameters<typeof checkPseudonym>[1][] = [],
): Parsed<JoinValues, { pseudonym: string; avatar: string }> {
  const list = (k: string) => {
    const v = (body as Record<string, unknown> | null)?.[k];
    return Array.isArray(v)
      ? v.filter((x): x is string => typeof x === 'string')
      : typeof v === 'string'
        ? [v]
        : [];
  };
  const values: JoinValues = {
    pseudonym: str(body, 'pseudonym'),
    avatar: str(body, 'avatar'),
    adult: list('adult'),
    rules: list('rules'),
  };
  const errors: FieldError[] = [];
  // The service checks the pseudonym again when it saves it; here it is so every problem shows
  // at once, not the pseudonym's only after the others are put right.
  if (values.pseudonym.trim() === '')
    errors.push({ field: 'pseudonym', message: 'Enter a name to use in the community' });
  else
    for (const name of realNames) {
      const check = checkPseudonym(values.pseudonym, name);
      if (!check.ok) {
        errors.push({ field: 'pseudonym', message: check.message });
        break;
      }
    }
  if (!AVATARS.includes(values.avatar))
    errors.push({
      field: 'avatar',
      href: fieldHref.choice('avatar'),
      message: 'Select a picture to use in the community',
    });
  if (!values.adult.includes('yes'))
    errors.push({
      field: 'adult',
      href: fieldHref.choice('adult'),
      message: 'Confirm that you are 18 or over: the community is for adults',
    });
  if (!values.rules.includes('yes'))
    errors.push({
      field: 'rules',
      href: fieldHref.choice('rules'),
      message: 'Confirm that you accept the house rules',
    });
  return done(values, errors, () => ({ pseudonym: values.pseudonym, avatar: values.avatar }));
}

/**
 * Invisible characters that change how text shows (a right-to-left override makes a title read
 * backwards, walk 10). The zero width joiner stays: emoji such as 👩‍👧 are made with it.
 */
const HIDDEN_CONTROL = /(?!\u200D)\p{Cf}/u;

export interface TopicValues {
  title: string;
  body: string;
}

export function parseTopic(body: unknown): Parsed<TopicValues, TopicValues> {
  const values = { title: str(body, 'title'), body: str(body, 'body') };
  const errors: FieldError[] = [];
  const title = checkText(errors, 'title', values.title.trim(), {
    required: 'Enter a title',
    label: 'The title',
    max: TITLE_MAX,
  });
  if (HIDDEN_CONTROL.test(title) && !errors.some((e) => e.field === 'title'))
    errors.push({
      field: 'title',
      message:
        'The title must not include hidden characters that change how text is shown. Type it again without copying and pasting',
    });
  const text_ = checkText(errors, 'body', values.body.trim(), {
    required: 'Enter what you want to say',
    label: 'Your post',
    max: BODY_MAX,
  });
  return done(values, errors, () => ({ title, body: text_ }));
}

export interface PostValues {
  body: string;
}

export function parsePost(body: unknown): Parsed<PostValues, PostValues> {
  const values = { body: str(body, 'body') };
  const errors: FieldError[] = [];
  const v = checkText(errors, 'body', values.body.trim(), {
    required: 'Enter what you want to say',
    label: 'Your post',
    max: BODY_MAX,
  });
  return done(values, errors, () => ({ body: v }));
}

export interface ReasonValues {
  reason: string;
}

export function parseReport(body: unknown): Parsed<ReasonValues, ReasonValues> {
  const values = { reason: str(body, 'reason') };
  const errors: FieldError[] = [];
  const v = checkText(errors, 'reason', values.reason.trim(), {
    required: 'Tell us what is wrong with this post',
    label: 'The reason',
    max: REASON_MAX,
  });
  return done(values, errors, () => ({ reason: v }));
}

export interface InviteValues {
  name: string;
  email: string;
  badge: string;
}

export function parseInvite(
  body: unknown,
  withBadge: boolean,
): Parsed<InviteValues, { name: string; email: string; badge: ModeratorBadge }> {
  const values = { name: str(body, 'name'), email: str(body, 'email'), badge: str(body, 'badge') };
  const errors: FieldError[] = [];
  const name = checkText(errors, 'name', values.name.trim(), {
    required: 'Enter their name',
    label: 'Their name',
    max: 100,
  });
  const problem = emailProblem(values.email, 'their email address');
  if (problem) errors.push({ field: 'email', message: problem });
  const badge = MODERATOR_BADGES.find((b) => b === values.badge);
  if (withBadge && !badge)
    errors.push({
      field: 'badge',
      href: fieldHref.choice('badge'),
      message: 'Select the badge they show beside their community name',
    });
  return done(values, errors, () => ({
    name,
    email: values.email.trim(),
    badge: badge ?? 'volunteer',
  }));
}

export interface ModerateValues {
  action: string;
  reason: string;
}

export function parseModerate(
  body: unknown,
): Parsed<ModerateValues, { action: ModerationActionKind; reason: string }> {
  const values = { action: str(body, 'action'), reason: str(body, 'reason') };
  const errors: FieldError[] = [];
  const action = MODERATOR_ACTIONS.find((a) => a === values.action);
  if (!action)
    errors.push({
      field: 'action',
      href: fieldHref.choice('action'),
      message: 'Select what to do with this post',
    });
  // Anything done against a member needs a reason they can read; letting a post stand does not.
  const needsReason = action !== 'approve' && action !== 'dismiss' && action !== 'restore';
  const reason = checkText(errors, 'reason', values.reason.trim(), {
    ...(needsReason ? { required: 'Give a reason: the member will see it' } : {}),
    label: 'The reason',
    max: REASON_MAX,
  });
  return done(values, errors, () => ({ action: action ?? 'dismiss', reason }));
}

export interface ConfirmValues {
  confirm: string[];
}

export function parseConfirm(body: unknown, message: string): Parsed<ConfirmValues, true> {
  const raw = (body as Record<string, unknown> | null)?.confirm;
  const confirm = Array.isArray(raw)
    ? raw.filter((x): x is string => typeof x === 'string')
    : typeof raw === 'string'
      ? [raw]
      : [];
  const errors: FieldError[] = confirm.includes('yes')
    ? []
    : [{ field: 'confirm', href: fieldHref.choice('confirm'), message }];
  return done({ confirm }, errors, () => true as const);
}
