/** UK postcodes: checked against the official format and written the standard way. */
import type { Validation } from '../result';

export type PostcodeError = 'empty' | 'invalid' | 'bfpo';

export type PostcodeResult = Validation<string, PostcodeError>;

export const POSTCODE_MESSAGES: Readonly<Record<PostcodeError, string>> = {
  empty: 'Enter a postcode',
  invalid: 'Enter a real postcode',
  // Forces addresses have no place in the service's area; serving people and their families
  // overseas get care through their medical centre, and people back in the UK give where they live.
  bfpo: 'Enter the UK postcode where you live now, not a BFPO number. If you are overseas with the armed forces, your medical centre can help you find support',
};

const BFPO = /^BFPO\s*\d{1,4}$/i;

/**
 * The UK Government Data Standards Catalogue pattern, which also checks which letters may appear
 * in each position (so "QA1 1AA" or "SW1A 1AI" are refused). GIR 0AA is a real (Girobank)
 * postcode the pattern allows.
 */
const POSTCODE_PATTERN =
  /^(GIR 0AA|[A-PR-UWYZ]([0-9]{1,2}|[A-HK-Y][0-9]([0-9ABEHMNPRV-Y])?|[0-9][A-HJKPS-UW]) [0-9][ABD-HJLNP-UW-Z]{2})$/;

/**
 * Validates and normalises a UK postcode: any case, any spacing ("sw1a1aa", " SW1A  1AA ") gives
 * "SW1A 1AA". Overseas territories are not accepted, and a BFPO number gets its own message.
 */
export function validatePostcode(input: string): PostcodeResult {
  const compact = input.replace(/\s+/g, '').toUpperCase();
  if (compact === '') return { ok: false, reason: 'empty', message: POSTCODE_MESSAGES.empty };
  if (BFPO.test(input.trim()))
    return { ok: false, reason: 'bfpo', message: POSTCODE_MESSAGES.bfpo };
  // The inward code is always the last three characters.
  const spaced = compact.length > 3 ? `${compact.slice(0, -3)} ${compact.slice(-3)}` : compact;
  if (!POSTCODE_PATTERN.test(spaced)) {
    return { ok: false, reason: 'invalid', message: POSTCODE_MESSAGES.invalid };
  }
  return { ok: true, value: spaced };
}

/** The normalised postcode, or undefined if it is not a real UK postcode format. */
export function normalisePostcode(input: string): string | undefined {
  const result = validatePostcode(input);
  return result.ok ? result.value : undefined;
}
