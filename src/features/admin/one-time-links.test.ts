import { describe, expect, it } from 'vitest';
import { hideOneTimeLinks } from './one-time-links';

describe('one-time links on the page of sent messages', () => {
  it('hides the token of a set-password link, keeping the rest of the message', () => {
    const body =
      'Set your password here:\nhttps://rapport.example.nhs.uk/account/set-password?token=jkdW8tsm_Ab-12\nThe link works for 7 days.';
    const shown = hideOneTimeLinks(body);
    expect(shown).not.toContain('jkdW8tsm');
    expect(shown).toContain('/account/set-password?token=(hidden)\nThe link works for 7 days.');
  });

  it('hides every token, wherever it is in the query, and leaves other links alone', () => {
    const shown = hideOneTimeLinks(
      'a https://x.test/p?lang=en&token=abc123&next=1 b https://x.test/setup?TOKEN=zz9 c https://x.test/appointments/42',
    );
    expect(shown).toBe(
      'a https://x.test/p?lang=en&token=(hidden)&next=1 b https://x.test/setup?TOKEN=(hidden) c https://x.test/appointments/42',
    );
  });
});
