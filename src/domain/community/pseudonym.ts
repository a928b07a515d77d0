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

/** A pseudonym as stored for uniqueness: folded, so "Blue Sky" and "blue-sky" are one name. */
export function normalisePseudonym(pseudonym: string): string {
  return foldForMatching(pseudonym).replace(/ /g, '');
}

export function checkPseudonym(
  raw: string,
  realName: { givenName: string; familyName?: string | null; email?: string | null },
): Validation<string, PseudonymProblem> {
  const value = raw.trim().replace(/\s+/g, ' ');
  const fail = (reason: PseudonymProblem, message: string) =>
    ({ ok: false, reason, message }) as const;
  if (value === '') return fail('missing', 'Enter a name to use in the community');
  if (value.length < PSEUDONYM_MIN)
    return fail('too_short', `Your community name must be ${PSEUDONYM_MIN} characters or more`);
  if (value.length > PSEUDONYM_MAX)
    return fail('too_long', tooLongMessage('Your community name', PSEUDONYM_MAX));
  if (!/^[\p{L}\p{N}][\p{L}\p{N} _-]*$/u.test(value))
    return fail(
      'characters',
      'Your community name can only use letters, numbers, spaces, hyphens and underscores',
    );
  // Four digits in a row could be part of a phone number, a year of birth or a house number.
  if (/\d{4,}/.test(value))
    return fail('contact', 'Your community name must not include a long number');

  const folded = foldForMatching(value);
  const squashed = folded.replace(/ /g, '');
  const words = folded.split(' ');
  const emailLocal = realName.email?.split('@')[0] ?? '';
  const nameParts = [realName.givenName, realName.familyName ?? '', emailLocal]
    .flatMap((part) => foldForMatching(part).split(' '))
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
