import { describe, expect, it } from 'vitest';
import { messageFor } from './notices';

const DONE = { saved: 'Your note has been saved.' } as const;

describe('messageFor', () => {
  it('gives the message for a known code', () => {
    expect(messageFor(DONE, 'saved')).toBe('Your note has been saved.');
  });

  it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', '', 'unknown'])(
    'gives nothing for %j, even where Object.prototype has a member of that name',
    (code) => {
      expect(messageFor(DONE, code)).toBeUndefined();
    },
  );

  it('gives nothing when there is no code', () => {
    expect(messageFor(DONE, undefined)).toBeUndefined();
    expect(messageFor(DONE, null)).toBeUndefined();
  });
});
