import { describe, expect, it } from 'vitest';
import { checkPseudonym, normalisePseudonym } from './pseudonym';

const me = { givenName: 'Taylor', familyName: 'Okafor', email: 'taylor.o@example.com' };

describe('pseudonyms', () => {
  it.each(['Blue Sky', 'quiet_walker', 'Rowan-7', 'Héloïse'])('accepts %j', (name) => {
    expect(checkPseudonym(name, me)).toEqual({ ok: true, value: name });
  });

  it('tidies spacing', () => {
    expect(checkPseudonym('  Blue   Sky ', me)).toEqual({ ok: true, value: 'Blue Sky' });
  });

  it.each([
    ['', 'missing'],
    ['ab', 'too_short'],
    ['a'.repeat(25), 'too_long'],
    ['<script>', 'characters'],
    ['-dash', 'characters'],
    ['sam@example', 'characters'],
    ['Walker 07700', 'contact'],
    ['Born1984', 'contact'],
    ['TaylorSwims', 'real_name'],
    ['the okafor one', 'real_name'],
    ['TAYLOR', 'real_name'],
    ['Leeds Lass', 'identifying'],
    ['nurse jo', 'identifying'],
    ['Dr Who', 'identifying'],
    ['sheffieldsteel', 'identifying'],
    ['snapchat me', 'identifying'],
  ])('refuses %j (%s)', (name, reason) => {
    const result = checkPseudonym(name, me);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toBe(reason);
  });

  it('does not refuse short real-name fragments that are common in other words', () => {
    // A two-letter given name would otherwise refuse half the dictionary.
    expect(checkPseudonym('Rowan', { givenName: 'Ro', familyName: 'Wu' }).ok).toBe(true);
  });

  it('folds names for uniqueness', () => {
    expect(normalisePseudonym('Blue-Sky')).toBe(normalisePseudonym('blue sky'));
    expect(normalisePseudonym('Blue Sky')).toBe('bluesky');
  });
});
