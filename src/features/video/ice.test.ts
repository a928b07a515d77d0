import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { iceServersFor, turnCredentials } from './ice';

describe('turnCredentials (TURN REST)', () => {
  it('names the expiry and user, signed with HMAC-SHA1 of the shared secret', () => {
    const c = turnCredentials('north-sea-shared-secret', 'user-1', 1_700_000_000_000, 3600);
    expect(c.username).toBe('1700003600:user-1');
    // Worked independently: the value coturn computes from its static-auth-secret.
    expect(c.credential).toBe(
      createHmac('sha1', 'north-sea-shared-secret').update('1700003600:user-1').digest('base64'),
    );
    expect(c.credential).toMatch(/^[A-Za-z0-9+/]{27}=$/);
    expect(c.expiresAt.toISOString()).toBe('2023-11-14T23:13:20.000Z');
  });

  it('gives a different password for another secret, user or expiry', () => {
    const base = turnCredentials('secret-one-secret', 'u', 0, 60).credential;
    expect(turnCredentials('secret-two-secret', 'u', 0, 60).credential).not.toBe(base);
    expect(turnCredentials('secret-one-secret', 'v', 0, 60).credential).not.toBe(base);
    expect(turnCredentials('secret-one-secret', 'u', 0, 61).credential).not.toBe(base);
  });
});

describe('iceServersFor', () => {
  it('lists STUN as given and TURN with time-limited credentials', () => {
    const servers = iceServersFor(
      {
        stunUrls: ['stun:stun.example.nhs.uk:3478'],
        turn: {
          urls: ['turn:turn.example.nhs.uk:3478'],
          secret: 'abcdefghijklmnop',
          ttlSeconds: 600,
        },
      },
      'user-9',
      1_000_000,
    );
    expect(servers).toEqual([
      { urls: ['stun:stun.example.nhs.uk:3478'] },
      {
        urls: ['turn:turn.example.nhs.uk:3478'],
        username: '1600:user-9',
        credential: turnCredentials('abcdefghijklmnop', 'user-9', 1_000_000, 600).credential,
      },
    ]);
  });

  it('is empty when nothing is configured (browsers on one network still connect)', () => {
    expect(iceServersFor({ stunUrls: [], turn: undefined }, 'u')).toEqual([]);
  });
});
