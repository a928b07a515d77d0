import { describe, expect, it } from 'vitest';
import { checkPseudonym, normalisePseudonym } from './pseudonym';

const me = { givenName: 'Taylor', familyName: 'Okafor', email: 'taylor.o@example.com' };

describe('pseudonyms', () => {
  it.each(['Blue Sky', 'quiet_walker', 'Rowan-7', 'Héloïse', "O'Hara Walks", 'Søren Łukasz'])(
    'accepts %j',
    (name) => {
      expect(checkPseudonym(name, me)).toEqual({ ok: true, value: name });
    },
  );

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

  // Walk 10: "Ѕteady Harbour" (a Cyrillic Ѕ) was accepted beside the moderator "Steady Harbour".
  it.each([
    ['Ѕteady Harbour', 'Cyrillic Ѕ'],
    ['Steady Hаrbour', 'Cyrillic а'],
    ['Στeady Harbour', 'Greek letters'],
    ['Ｓteady Harbour', 'a full-width S'],
    ['Steady Harbıur', 'a dotless i'],
    ['Blue Sky ①', 'a circled number'],
    ['Rain٣', 'an Arabic-Indic digit'],
    ['S\u0336teady Harbour', 'a combining stroke'],
  ])('refuses %j (%s): letters from A to Z only, with or without accents', (name) => {
    const result = checkPseudonym(name, me);
    expect(result).toMatchObject({ ok: false, reason: 'characters' });
    if (!result.ok) expect(result.message).toContain('the letters A to Z');
  });

  it.each([
    ['right-to-left override', '\u202Eruobrah ydaets'],
    ['left-to-right isolate', 'Blue \u2066Sky'],
    ['zero width space', 'Steady\u200BHarbour'],
    ['zero width joiner', 'Blue\u200DSky'],
    ['soft hyphen', 'Blue\u00ADSky'],
  ])('refuses a hidden %s with a clear message', (_what, name) => {
    const result = checkPseudonym(name, me);
    expect(result).toMatchObject({ ok: false, reason: 'characters' });
    if (!result.ok) expect(result.message).toContain('hidden characters');
  });

  it('keeps accents out of the way of the real-name and identifying-word checks', () => {
    expect(checkPseudonym('Tàylor Walks', me)).toMatchObject({ ok: false, reason: 'real_name' });
    expect(checkPseudonym('Nürse Jo', me)).toMatchObject({ ok: false, reason: 'identifying' });
  });

  it('stores an accented name as the same name without accents, so it cannot pose as another', () => {
    expect(normalisePseudonym('Stéady Härbour')).toBe(normalisePseudonym('Steady Harbour'));
    expect(normalisePseudonym("O'Hara")).toBe(normalisePseudonym('ohara'));
  });

  it('a decomposed accent is the same name as the composed one', () => {
    expect(checkPseudonym('He\u0301loi\u0308se', me)).toEqual({ ok: true, value: 'Héloïse' });
  });

  it('folds names for uniqueness', () => {
    expect(normalisePseudonym('Blue-Sky')).toBe(normalisePseudonym('blue sky'));
    expect(normalisePseudonym('Blue Sky')).toBe('bluesky');
  });
});
