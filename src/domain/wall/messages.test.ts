import { describe, expect, it } from 'vitest';
import { checkWallMessage, WALL_MESSAGE_MAX_LENGTH } from './messages';

const now = new Date('2026-12-01T14:00:00Z');
const ago = (s: number) => new Date(now.getTime() - s * 1000);

describe('checkWallMessage', () => {
  it('accepts a message, trimmed, with line endings normalised', () => {
    expect(checkWallMessage('  Hello\r\nall  ', [], now)).toEqual({
      ok: true,
      value: 'Hello\nall',
    });
  });

  it('refuses an empty message', () => {
    expect(checkWallMessage(' \n ', [], now)).toMatchObject({ ok: false, reason: 'empty' });
  });

  it('counts characters as a reader does, not UTF-16 units, against the length limit', () => {
    expect(checkWallMessage('😊'.repeat(WALL_MESSAGE_MAX_LENGTH), [], now).ok).toBe(true);
    expect(checkWallMessage('a'.repeat(WALL_MESSAGE_MAX_LENGTH + 1), [], now)).toMatchObject({
      ok: false,
      reason: 'too_long',
    });
  });

  it('refuses the same words again within 10 minutes, whatever the case or spacing', () => {
    const recent = [{ body: 'Good morning everyone', postedAt: ago(300) }];
    expect(checkWallMessage('good  MORNING everyone', recent, now)).toMatchObject({
      ok: false,
      reason: 'repeated',
    });
    const older = [{ body: 'Good morning everyone', postedAt: ago(601) }];
    expect(checkWallMessage('Good morning everyone', older, now).ok).toBe(true);
  });

  it('refuses a sixth message within a minute, and accepts it once the oldest is a minute old', () => {
    const five = [10, 20, 30, 40, 50].map((s) => ({ body: `m${s}`, postedAt: ago(s) }));
    expect(checkWallMessage('another', five, now)).toMatchObject({ ok: false, reason: 'too_fast' });
    const spread = [10, 20, 30, 40, 60].map((s) => ({ body: `m${s}`, postedAt: ago(s) }));
    expect(checkWallMessage('another', spread, now).ok).toBe(true);
  });

  it('refuses contact details with the reason, but never a message that speaks of crisis', () => {
    const phone = checkWallMessage('Ring me on 07700 900123 tonight', [], now);
    expect(phone).toMatchObject({ ok: false, reason: 'contact_details' });
    expect(phone.ok ? '' : phone.message).toContain('a phone number');
    expect(checkWallMessage('Samaritans are on 116 123', [], now).ok).toBe(true);
    expect(
      checkWallMessage('I want to end my life, call me on 07700 900123', [], now),
    ).toMatchObject({ ok: true });
  });
});
