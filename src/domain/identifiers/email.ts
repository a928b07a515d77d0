/**
 * Basic email address check: catches typing mistakes, not whether the address exists (only
 * sending a message proves that).
 */
import type { Validation } from '../result';

export type EmailError = 'empty' | 'invalid';

export type EmailResult = Validation<string, EmailError>;

export const EMAIL_MESSAGES: Readonly<Record<EmailError, string>> = {
  empty: 'Enter an email address',
  invalid: 'Enter an email address in the correct format, like name@example.com',
};

// Any visible characters except "@" in the local part; no leading, trailing or double dots.
const LOCAL_PART = /^[^\s@".](?:[^\s@"]*[^\s@".])?$/u;
// Letters (any script), digits and inner hyphens.
const DOMAIN_LABEL = /^[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?$/u;
const TOP_LEVEL = /^(?:\p{L}{2,63}|xn--[a-z0-9-]{1,59})$/iu;

/** Validates an email address. The value is trimmed, with the domain in lower case. */
export function validateEmail(input: string): EmailResult {
  const trimmed = input.trim();
  if (trimmed === '') return { ok: false, reason: 'empty', message: EMAIL_MESSAGES.empty };
  const invalid = { ok: false, reason: 'invalid', message: EMAIL_MESSAGES.invalid } as const;
  if (trimmed.length > 254) return invalid;
  const at = trimmed.lastIndexOf('@');
  const local = trimmed.slice(0, at);
  const domain = trimmed.slice(at + 1).toLowerCase();
  if (at < 1 || local.length > 64 || !LOCAL_PART.test(local) || local.includes('..')) {
    return invalid;
  }
  const labels = domain.split('.');
  const topLevel = labels.at(-1) ?? '';
  if (
    labels.length < 2 ||
    !labels.every((l) => DOMAIN_LABEL.test(l)) ||
    !TOP_LEVEL.test(topLevel)
  ) {
    return invalid;
  }
  return { ok: true, value: `${local}@${domain}` };
}

export function isValidEmail(input: string): boolean {
  return validateEmail(input).ok;
}

/** Said when a GP practice email for letters is not a secure NHSmail address (hazard H27). */
export const SECURE_NHS_EMAIL_MESSAGE =
  "Enter the practice's secure NHS email address, ending in nhs.net";

/**
 * Whether an address is a secure NHSmail address, the only kind a letter with health details may
 * be emailed to (hazard H27): a valid address whose domain is exactly `nhs.net`, in any case.
 * Subdomains (`x.nhs.net`) and look-alikes (`nhs.net.example.com`, `gmail.com`) are refused.
 */
export function isSecureNhsEmail(input: string): boolean {
  const checked = validateEmail(input);
  if (!checked.ok) return false;
  return checked.value.slice(checked.value.lastIndexOf('@') + 1) === 'nhs.net';
}
