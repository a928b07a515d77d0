import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import type { FastifyRequest } from 'fastify';
import { FixedClock } from '../clock';
import { accessTokens, claimedClientId, verifyClientAssertion } from './smart';

const NOW = new Date('2026-11-25T10:00:00Z');
const AUD = 'https://rapport.example/api/oauth/token';
const request = (serviceId: string) =>
  ({ service: { id: serviceId } }) as unknown as FastifyRequest;

describe('client assertions', () => {
  it('accepts a well-formed ES384 assertion and reports its jti and expiry', async () => {
    const { privateKey, publicKey } = await generateKeyPair('ES384');
    const jwks = { keys: [await exportJWK(publicKey)] };
    const now = NOW.getTime() / 1000;
    const jwt = await new SignJWT({})
      .setProtectedHeader({ alg: 'ES384' })
      .setIssuer('c1')
      .setSubject('c1')
      .setAudience(AUD)
      .setExpirationTime(now + 120)
      .setJti('j1')
      .sign(privateKey);
    expect(claimedClientId(jwt)).toBe('c1');
    const ok = await verifyClientAssertion(jwt, {
      clientId: 'c1',
      jwks,
      audiences: [AUD],
      now: NOW,
    });
    expect(ok).toEqual({ ok: true, value: { jti: 'j1', expiresAt: new Date((now + 120) * 1000) } });
    const other = await verifyClientAssertion(jwt, {
      clientId: 'c2',
      jwks,
      audiences: [AUD],
      now: NOW,
    });
    expect(other).toEqual({ ok: false, reason: 'wrong_issuer' });
  });

  it('refuses an assertion signed with a symmetric key (HS256), even one made from the public key', async () => {
    const { publicKey } = await generateKeyPair('ES384');
    const jwks = { keys: [await exportJWK(publicKey)] };
    const jwt = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer('c1')
      .setSubject('c1')
      .setAudience(AUD)
      .setExpirationTime(NOW.getTime() / 1000 + 60)
      .setJti(randomUUID())
      .sign(new TextEncoder().encode(JSON.stringify(jwks)));
    const r = await verifyClientAssertion(jwt, {
      clientId: 'c1',
      jwks,
      audiences: [AUD],
      now: NOW,
    });
    expect(r.ok).toBe(false);
  });

  it('reads no client id from garbage', () => {
    expect(claimedClientId('not.a.jwt')).toBeNull();
    expect(claimedClientId('abc')).toBeNull();
  });
});

describe('access tokens', () => {
  it('carry the client and scopes, for their own service only, for five minutes', async () => {
    const clock = new FixedClock(NOW.toISOString());
    const tokens = accessTokens({ secret: 'test-secret-test-secret-test-secret', clock });
    const { token, expiresIn } = await tokens.issue({
      clientId: 'c1',
      serviceId: 's1',
      scopes: ['system/Patient.read'],
    });
    expect(expiresIn).toBe(300);
    expect(await tokens.verifier.verify(token, request('s1'))).toEqual({
      subject: 'c1',
      scopes: ['system/Patient.read'],
    });
    expect(await tokens.verifier.verify(token, request('s2'))).toBeNull();
    const other = accessTokens({ secret: 'another-secret-another-secret-xx', clock });
    expect(await other.verifier.verify(token, request('s1'))).toBeNull();
    clock.set(new Date(NOW.getTime() + 301_000));
    expect(await tokens.verifier.verify(token, request('s1'))).toBeNull();
  });
});
