/**
 * NHS number: 10 digits, the last a modulus 11 check digit (clinical.md, "Identifiers").
 */
import type { Validation } from '../result';

export type NhsNumberError = 'empty' | 'non-digit' | 'length' | 'checksum';

export type NhsNumberResult =
  | { readonly ok: true; readonly value: string; readonly formatted: string }
  | Extract<Validation<never, NhsNumberError>, { ok: false }>;

/** Error messages in NHS design-system style: say what is wrong and how to fix it. */
export const NHS_NUMBER_MESSAGES: Readonly<Record<NhsNumberError, string>> = {
  empty: 'Enter an NHS number',
  'non-digit': 'NHS number must only include numbers',
  length: 'NHS number must be 10 digits',
  checksum: 'NHS number is not valid. Check you have entered it correctly',
};

// People copy NHS numbers as "943 476 5919" or "943-476-5919".
const SEPARATORS = /[\s-]/g;

/**
 * The check digit for the first nine digits, or undefined when the rule gives 10 (no NHS
 * number can start with those nine digits). Weights 10 down to 2; 11 − (sum mod 11); 11 → 0.
 */
export function nhsNumberCheckDigit(firstNine: string): number | undefined {
  if (!/^\d{9}$/.test(firstNine)) throw new RangeError('Expected exactly 9 digits');
  let sum = 0;
  for (let i = 0; i < 9; i += 1) sum += Number(firstNine[i]) * (10 - i);
  const check = 11 - (sum % 11);
  if (check === 11) return 0;
  if (check === 10) return undefined;
  return check;
}

export function validateNhsNumber(input: string): NhsNumberResult {
  const compact = input.replace(SEPARATORS, '');
  const fail = (reason: NhsNumberError) =>
    ({ ok: false, reason, message: NHS_NUMBER_MESSAGES[reason] }) as const;
  if (compact === '') return fail('empty');
  if (!/^\d+$/.test(compact)) return fail('non-digit');
  if (compact.length !== 10) return fail('length');
  if (nhsNumberCheckDigit(compact.slice(0, 9)) !== Number(compact[9])) return fail('checksum');
  return { ok: true, value: compact, formatted: formatNhsNumber(compact) };
}

export function isValidNhsNumber(input: string): boolean {
  return validateNhsNumber(input).ok;
}

/**
 * "XXX XXX XXXX". Anything that is not 10 digits (after removing spaces and dashes) comes back
 * trimmed but otherwise unchanged, because a display helper must not hide or crash on bad data.
 */
export function formatNhsNumber(input: string): string {
  const compact = input.replace(SEPARATORS, '');
  if (!/^\d{10}$/.test(compact)) return input.trim();
  return `${compact.slice(0, 3)} ${compact.slice(3, 6)} ${compact.slice(6)}`;
}

/**
 * Whether an existing record is the same person by NHS number (H3: one person, one record). The
 * referral's number is then that record's: the referral is linked to it, never given a second
 * record. Either side without a number is no match (a name and date of birth alone may still be).
 */
export function sameNhsNumber(
  a: { nhsNumber: string | null },
  b: { nhsNumber: string | null },
): boolean {
  const digits = (n: string | null) => (n ?? '').replace(/[\s-]/g, '');
  return digits(a.nhsNumber) !== '' && digits(a.nhsNumber) === digits(b.nhsNumber);
}
