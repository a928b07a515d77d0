import { describe, expect, it } from 'vitest';
import { parseInvite, parseJoin, parseModerate, parsePost, parseTopic } from './community.forms';

describe('community forms', () => {
  it('needs a pseudonym, a drawn avatar, 18 or over and the house rules to join', () => {
    const bad = parseJoin({ pseudonym: ' ', avatar: 'my-photo.jpg' });
    expect(bad.result.ok).toBe(false);
    if (!bad.result.ok)
      expect(bad.result.errors.map((e) => e.field)).toEqual([
        'pseudonym',
        'avatar',
        'adult',
        'rules',
      ]);
    const good = parseJoin({
      pseudonym: 'Blue Sky',
      avatar: 'star-teal',
      adult: 'yes',
      rules: ['yes'],
    });
    expect(good.result).toEqual({
      ok: true,
      value: { pseudonym: 'Blue Sky', avatar: 'star-teal' },
    });
  });

  it('refuses a pseudonym that gives the real name away together with every other problem', () => {
    const bad = parseJoin({ pseudonym: 'Jamie Walks' }, [
      { givenName: 'Jamie', familyName: 'Rowe', email: 'jamie@example.com' },
    ]);
    expect(bad.result.ok).toBe(false);
    if (!bad.result.ok)
      expect(bad.result.errors.map((e) => e.field)).toEqual([
        'pseudonym',
        'avatar',
        'adult',
        'rules',
      ]);
  });

  it('bounds titles and posts, trimming them', () => {
    expect(parseTopic({ title: ' Hi ', body: ' there ' }).result).toEqual({
      ok: true,
      value: { title: 'Hi', body: 'there' },
    });
    const long = parsePost({ body: 'x'.repeat(5001) });
    expect(long.result.ok).toBe(false);
    expect(long.values.body).toHaveLength(5001);
  });

  it('refuses a title with a hidden right-to-left override, keeping emoji joiners (walk 10)', () => {
    const bad = parseTopic({ title: 'Good news \u202Egnp.exe', body: 'Hello' });
    expect(bad.result).toEqual({
      ok: false,
      errors: [
        {
          field: 'title',
          message:
            'The title must not include hidden characters that change how text is shown. Type it again without copying and pasting',
        },
      ],
    });
    expect(bad.values.title).toBe('Good news \u202Egnp.exe');
    expect(
      parseTopic({ title: 'Family time \u{1F469}\u200D\u{1F467}', body: 'Hi' }).result.ok,
    ).toBe(true);
  });

  it('asks moderators for an action and a reason the member will see', () => {
    const r = parseModerate({ action: 'delete-everything', reason: '' });
    expect(r.result.ok).toBe(false);
    if (!r.result.ok) expect(r.result.errors.map((e) => e.field)).toEqual(['action', 'reason']);
    expect(parseModerate({ action: 'hide', reason: 'Names a person' }).result).toEqual({
      ok: true,
      value: { action: 'hide', reason: 'Names a person' },
    });
  });

  it('checks an invitation’s email, and the badge when adding a moderator', () => {
    expect(parseInvite({ name: 'Sam', email: 'nope' }, false).result.ok).toBe(false);
    expect(parseInvite({ name: 'Sam', email: 'sam@example.com' }, true).result.ok).toBe(false);
    expect(
      parseInvite({ name: 'Sam', email: 'sam@example.com', badge: 'volunteer' }, true).result,
    ).toEqual({
      ok: true,
      value: { name: 'Sam', email: 'sam@example.com', badge: 'volunteer' },
    });
  });
});
