import { checkText, str, type FieldError, type FormResult } from '../../ui/forms';
import { passwordProblem } from './password-policy';

// A pragmatic check; the real test of an address is the invitation email arriving.
const EMAIL_RE = /^[^\s@<>()[\],;:"]+@[^\s@<>()[\],;:"]+\.[^\s@<>()[\],;:"]{2,}$/u;

export function emailProblem(email: string, what = 'your email address'): string | null {
  if (email.trim() === '') return `Enter ${what}`;
  if (email.length > 254 || !EMAIL_RE.test(email.trim()))
    return 'Enter an email address in the correct format, like name@example.com';
  return null;
}

export interface SignInForm {
  email: string;
  password: string;
}

export function parseSignIn(body: unknown): { values: SignInForm; result: FormResult<SignInForm> } {
  const values = { email: str(body, 'email').trim(), password: str(body, 'password') };
  const errors: FieldError[] = [];
  const e = emailProblem(values.email);
  if (e) errors.push({ field: 'email', message: e });
  if (values.password === '') errors.push({ field: 'password', message: 'Enter your password' });
  else if (values.password.length > 1024)
    errors.push({ field: 'password', message: 'Enter a correct email address and password' });
  return { values, result: errors.length ? { ok: false, errors } : { ok: true, value: values } };
}

export interface RemoveLinkForm {
  reason: string;
}

export const REMOVE_LINK_REASON_MAX = 1000;

/** Why a manager removes someone's NHS login or single sign-on link: kept in the audit log. */
export function parseRemoveLink(body: unknown): {
  values: RemoveLinkForm;
  result: FormResult<RemoveLinkForm>;
} {
  const values = { reason: str(body, 'reason').trim() };
  const errors: FieldError[] = [];
  checkText(errors, 'reason', values.reason, {
    required: 'Enter why you are removing this link',
    label: 'The reason',
    max: REMOVE_LINK_REASON_MAX,
  });
  return { values, result: errors.length ? { ok: false, errors } : { ok: true, value: values } };
}

export interface NewPasswordForm {
  password: string;
  confirm: string;
}

export function newPasswordErrors(password: string, confirm: string, email?: string): FieldError[] {
  const errors: FieldError[] = [];
  const p = passwordProblem(password, { email });
  if (p) errors.push({ field: 'password', message: p });
  if (!p) {
    if (confirm === '') errors.push({ field: 'confirm', message: 'Enter your password again' });
    else if (confirm !== password)
      errors.push({
        field: 'confirm',
        message: 'Passwords do not match. Enter the same password in both boxes',
      });
  }
  return errors;
}

export interface SetupForm {
  displayName: string;
  email: string;
  password: string;
  confirm: string;
}

export function parseSetup(body: unknown): { values: SetupForm; errors: FieldError[] } {
  const values = {
    displayName: str(body, 'displayName').trim(),
    email: str(body, 'email').trim(),
    password: str(body, 'password'),
    confirm: str(body, 'confirm'),
  };
  const errors: FieldError[] = [];
  checkText(errors, 'displayName', values.displayName, {
    required: 'Enter your full name',
    label: 'Full name',
    max: 100,
  });
  const e = emailProblem(values.email);
  if (e) errors.push({ field: 'email', message: e });
  errors.push(...newPasswordErrors(values.password, values.confirm, values.email));
  return { values, errors };
}

/** Only same-site paths, so a crafted link cannot send someone elsewhere after signing in. */
export { safeNext } from '../../platform/edge/next';
