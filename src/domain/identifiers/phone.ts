/**
 * UK phone numbers (Ofcom's national numbering plan), for calling and texting patients.
 * Accepts the ways people write them: "07700 900982", "+44 7700 900982", "+44 (0)20 7946 0000",
 * "0044 7700-900-982".
 */
import type { Validation } from '../result';

export type UkPhoneType = 'mobile' | 'landline' | 'non-geographic';

export type PhoneError = 'empty' | 'invalid' | 'not-uk' | 'not-mobile';

export type UkPhoneResult =
  | {
      readonly ok: true;
      /** International (E.164) form for storage and for sending texts: '+447700900982'. */
      readonly value: string;
      /** UK display form: '07700 900982'. */
      readonly national: string;
      readonly type: UkPhoneType;
    }
  | Extract<Validation<never, PhoneError>, { ok: false }>;

// Example numbers are from Ofcom's ranges reserved for drama, so they reach nobody.
export const PHONE_MESSAGES: Readonly<Record<PhoneError, string>> = {
  empty: 'Enter a phone number',
  invalid: 'Enter a UK phone number, like 01632 960 001 or 07700 900 982',
  'not-uk': 'Enter a UK phone number, starting with 0 or +44',
  'not-mobile': 'Enter a UK mobile phone number, like 07700 900 982',
};

/** National (0-prefixed) number patterns we accept, by type. */
const NATIONAL_PATTERNS: readonly { readonly type: UkPhoneType; readonly pattern: RegExp }[] = [
  // Mobiles: 071–075 and 077–079, and 07624 (Isle of Man). 070 (personal numbers) and 076
  // (pagers) are not mobiles and cannot receive texts reliably.
  { type: 'mobile', pattern: /^07(?:[1-57-9]\d{8}|624\d{6})$/ },
  // Geographic: 01 and 02 with 10 digits after the 0, and the few 9-digit 016977 numbers.
  { type: 'landline', pattern: /^0(?:[12]\d{9}|16977\d{4})$/ },
  // 03 (same cost as 01/02, common for NHS services) and freephone 0800 / 0808.
  { type: 'non-geographic', pattern: /^0(?:3\d{9}|800\d{6,7}|808\d{7})$/ },
];

/** Turns what was typed into a national number starting with 0, or says why it cannot. */
function toNational(input: string): { national: string } | { error: PhoneError } {
  if (!/^\+?[\d\s().-]+$/.test(input)) return { error: 'invalid' };
  // "+44 (0)20…" — the (0) is the UK trunk prefix written for UK callers.
  let compact = input.replace(/[\s.-]/g, '').replace(/^(\+44|0044|44)\(0\)/, '$1');
  compact = compact.replace(/[()]/g, '');
  let international: string | undefined;
  if (compact.startsWith('+')) international = compact.slice(1);
  else if (compact.startsWith('00')) international = compact.slice(2);
  else if (compact.startsWith('44')) international = compact; // no UK national number starts 44
  if (international === undefined) {
    return compact.startsWith('0') ? { national: compact } : { error: 'invalid' };
  }
  if (!international.startsWith('44')) return { error: 'not-uk' };
  const rest = international.slice(2);
  return { national: rest.startsWith('0') ? rest : `0${rest}` };
}

function formatNational(national: string, type: UkPhoneType): string {
  const groups = (...sizes: number[]) => {
    const parts: string[] = [];
    let at = 0;
    for (const size of sizes) {
      parts.push(national.slice(at, at + size));
      at += size;
    }
    return parts.join(' ');
  };
  if (type === 'mobile') return groups(5, 6);
  if (national.startsWith('02')) return groups(3, 4, 4); // 020 7946 0000
  if (/^01(?:1\d|\d1)/.test(national)) return groups(4, 3, 4); // 0113 496 0000, 0161 496 0000
  if (national.length === 10 && national.startsWith('016977')) return groups(6, 4);
  if (national.startsWith('01')) return groups(5, 6); // 01632 960001
  if (national.length === 10) return groups(4, 6); // 0800 123456
  return groups(4, 3, 4); // 0300 123 4567
}

export function validateUkPhoneNumber(input: string): UkPhoneResult {
  const fail = (reason: PhoneError) =>
    ({ ok: false, reason, message: PHONE_MESSAGES[reason] }) as const;
  const trimmed = input.trim();
  if (trimmed === '') return fail('empty');
  const converted = toNational(trimmed);
  if ('error' in converted) return fail(converted.error);
  const { national } = converted;
  const match = NATIONAL_PATTERNS.find(({ pattern }) => pattern.test(national));
  if (!match) return fail('invalid');
  return {
    ok: true,
    value: `+44${national.slice(1)}`,
    national: formatNational(national, match.type),
    type: match.type,
  };
}

/** Like `validateUkPhoneNumber`, but only a mobile will do (for text message reminders). */
export function validateUkMobileNumber(input: string): UkPhoneResult {
  const result = validateUkPhoneNumber(input);
  if (result.ok && result.type !== 'mobile') {
    return { ok: false, reason: 'not-mobile', message: PHONE_MESSAGES['not-mobile'] };
  }
  return result;
}

export function isUkMobile(input: string): boolean {
  return validateUkMobileNumber(input).ok;
}

/**
 * A stored number (E.164, '+447700900982') as people in the UK write it ('07700 900982'), for
 * pages and form boxes. Anything that is not a UK number is shown as it was stored.
 */
export function formatUkPhoneNumber(stored: string): string {
  const result = validateUkPhoneNumber(stored);
  return result.ok ? result.national : stored;
}
