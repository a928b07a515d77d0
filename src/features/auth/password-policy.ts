import { dictionary } from '@zxcvbn-ts/language-common';

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 128;

const COMMON = new Set(dictionary['passwords-common'].map((p) => p.toLowerCase()));

/**
 * NCSC / NIST 800-63B style: length and a check against common passwords, no composition rules.
 * A common password padded with digits or repeated ("password1234", "qwertyqwerty") is common too.
 */
export function isCommonPassword(password: string): boolean {
  const lower = password.toLowerCase();
  if (COMMON.has(lower)) return true;
  const core = lower.replace(/[\d\W_]+$/u, '').replace(/^[\d\W_]+/u, '');
  if (core.length >= 4 && COMMON.has(core)) return true;
  const half = lower.length / 2;
  if (
    Number.isInteger(half) &&
    lower.slice(0, half) === lower.slice(half) &&
    COMMON.has(lower.slice(0, half))
  )
    return true;
  if (/^(.)\1+$/u.test(lower)) return true;
  return false;
}

/** Returns an NHS-style error message, or null when the password is acceptable. */
export function passwordProblem(password: string, context: { email?: string } = {}): string | null {
  if (password.length === 0) return 'Enter a password';
  if (password.length < MIN_PASSWORD_LENGTH)
    return `Password must be ${MIN_PASSWORD_LENGTH} characters or more`;
  if (password.length > MAX_PASSWORD_LENGTH)
    return `Password must be ${MAX_PASSWORD_LENGTH} characters or fewer`;
  if (isCommonPassword(password))
    return 'Password is too common. Choose a password that is harder to guess, such as 3 random words';
  if (
    context.email &&
    password.toLowerCase().includes(context.email.toLowerCase().split('@')[0] ?? '\u0000') &&
    (context.email.split('@')[0]?.length ?? 0) >= 4
  ) {
    return 'Password must not contain your email address';
  }
  return null;
}
