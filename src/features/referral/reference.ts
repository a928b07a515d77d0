import { randomInt } from 'node:crypto';

/**
 * Letters and digits that cannot be mistaken for each other when read out on the phone or
 * copied by hand: no 0/O, 1/I/L, or U (which avoids most accidental words).
 */
export const REFERENCE_ALPHABET = 'ABCDEFGHJKMNPQRSTVWXYZ23456789';

/** A readable referral reference like "RAP-4KX9-M2QD": 30^8 (about 6.6 × 10^11) possibilities. */
export function newReference(random: (max: number) => number = randomInt): string {
  const group = () =>
    Array.from({ length: 4 }, () => REFERENCE_ALPHABET[random(REFERENCE_ALPHABET.length)]).join('');
  return `RAP-${group()}-${group()}`;
}

/**
 * Where a send takes its reference from. A test forces a collision through it (a property, not a
 * module mock: integration files share their modules, see vitest.config.ts).
 */
export const referenceSource = { next: (): string => newReference() };

export const REFERENCE_PATTERN = new RegExp(
  `^RAP-[${REFERENCE_ALPHABET}]{4}-[${REFERENCE_ALPHABET}]{4}$`,
);
