import { tooLongMessage, type Validation } from '../result';
import { foldForMatching } from './crisis';

/**
 * Pseudonyms: the only name other members ever see. Checked against the member's real name and a
 * list of words that identify people or places, so a pseudonym cannot quietly undo the privacy
 * it exists for. Uniqueness in the service is checked by the caller (the database).
 */
export const PSEUDONYM_MIN = 3;
export const PSEUDONYM_MAX = 24;

/**
 * Words that identify a person or a place: large towns and cities, NHS and health places, and
 * words that claim a role the member does not hold. Maintained with the moderators.
 */
export const IDENTIFYING_WORDS: readonly string[] = [
  // Places
  'london',
  'leeds',
  'bradford',
  'manchester',
  'liverpool',
  'birmingham',
  'sheffield',
  'bristol',
  'newcastle',
  'nottingham',
  'leicester',
  'coventry',
  'hull',
  'york',
  'wakefield',
  'halifax',
  'huddersfield',
  'harrogate',
  'cardiff',
  'swansea',
  'glasgow',
  'edinburgh',
  'belfast',
  'southampton',
  'portsmouth',
  'brighton',
  'oxford',
  'cambridge',
  'norwich',
  'exeter',
  'plymouth',
  'derby',
  'stoke',
  'wolverhampton',
  'sunderland',
  'middlesbrough',
  'doncaster',
  'barnsley',
  'rotherham',
  'preston',
  'blackpool',
  'bolton',
  'wigan',
  'stockport',
  'salford',
  'oldham',
  // Health places and roles
  'nhs',
  'hospital',
  'surgery',
  'clinic',
  'infirmary',
  'gp',
  'doctor',
  'dr',
  'nurse',
  'therapist',
  'psychologist',
  'psychiatrist',
  'counsellor',
  'moderator',
  'admin',
  'staff',
  'official',
  'rapport',
  // Contact details in disguise
  'whatsapp',
  'snapchat',
  'instagram',
  'facebook',
  'tiktok',
  'telegram',
  'email',
  'gmail',
  'hotmail',
  'outlook',
  'phone',
  'mobile',
];

const IDENTIFYING = new Set(IDENTIFYING_WORDS);

export type PseudonymProblem =
  'missing' | 'too_short' | 'too_long' | 'characters' | 'real_name' | 'identifying' | 'contact';

/**
 * A pseudonym as stored for uniqueness: folded, so "Blue Sky" and "blue-sky" are one name, and
 * accents dropped, so "Stéady Harbour" cannot pass for "Steady Harbour" (walk 10).
 */
export function normalisePseudonym(pseudonym: string): string {
  return foldWithoutAccents(pseudonym).replace(/ /g, '');
}

/** Folded for matching, with accents dropped ("Tàylor" is "taylor"). */
function foldWithoutAccents(text: string): string {
  return foldForMatching(text).normalize('NFD').replace(/\p{M}/gu, '');
}

/**
 * What a pseudonym may use: A to Z, numbers, spaces, hyphens, apostrophes, underscores, and the
 * accented Latin letters of Latin-1 and Latin Extended-A (é, ö, ñ, ł, ø…), but not ı (dotless i),
 * ĸ (kra), ŉ or ſ (long s), which pass for i, k, 'n and f. Letters of other alphabets are refused, so nobody can pose as another member
 * with a letter that looks the same ("Ѕteady Harbour" with a Cyrillic Ѕ, walk 10); the service is
 * in English.
 */
const ALLOWED =
  /^[A-Za-z0-9 _'’\-\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u0130\u0132-\u0137\u0139-\u0148\u014A-\u017E]*$/u;

/** Characters that change how text shows but show nothing themselves (bidi overrides, zero widths). */
const FORMAT_CONTROL = /\p{Cf}/u;

export function checkPseudonym(
  raw: string,
  realName: { givenName: string; familyName?: string | null; email?: string | null },
): Validation<string, PseudonymProblem> {
  const value = raw.trim().replace(/\s+/g, ' ').normalize('NFC');
  const fail = (reason: PseudonymProblem, message: string) =>
    ({ ok: false, reason, message }) as const;
  if (FORMAT_CONTROL.test(value))
    return fail(
      'characters',
      'Your community name must not include hidden characters that change how text is shown. Type it again without copying and pasting',
    );
  if (value === '') return fail('missing', 'Enter a name to use in the community');
  if (value.length < PSEUDONYM_MIN)
    return fail('too_short', `Your community name must be ${PSEUDONYM_MIN} characters or more`);
  if (value.length > PSEUDONYM_MAX)
    return fail('too_long', tooLongMessage('Your community name', PSEUDONYM_MAX));
  if (!ALLOWED.test(value))
    return fail(
      'characters',
      'Your community name can only use the letters A to Z (with or without accents), numbers, spaces, hyphens, apostrophes and underscores',
    );
  if (!/^[\p{L}\p{N}]/u.test(value))
    return fail('characters', 'Your community name must start with a letter or a number');
  // Four digits in a row could be part of a phone number, a year of birth or a house number.
  if (/\d{4,}/.test(value))
    return fail('contact', 'Your community name must not include a long number');

  const folded = foldWithoutAccents(value);
  const squashed = folded.replace(/ /g, '');
  const words = folded.split(' ');
  const emailLocal = realName.email?.split('@')[0] ?? '';
  const nameParts = [realName.givenName, realName.familyName ?? '', emailLocal]
    .flatMap((part) => foldWithoutAccents(part).split(' '))
    .filter((part) => part.length >= 3);
  if (nameParts.some((part) => squashed.includes(part)))
    return fail('real_name', 'Your community name must not include your real name');
  if (
    words.some((w) => IDENTIFYING.has(w)) ||
    IDENTIFYING_WORDS.some((w) => w.length >= 5 && squashed.includes(w))
  )
    return fail(
      'identifying',
      'Your community name must not include a place, a job or a word that could identify you',
    );
  return { ok: true, value };
}
