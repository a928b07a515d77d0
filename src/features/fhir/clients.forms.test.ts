import { describe, expect, it } from 'vitest';
import { jwkProblem, parseClientForm, parseJwks } from './clients.forms';

const ec = { kty: 'EC', crv: 'P-384', x: 'abc', y: 'def', alg: 'ES384', kid: 'k1' };
const rsa = { kty: 'RSA', n: 'A'.repeat(342), e: 'AQAB' };

describe('public keys', () => {
  it('accepts EC P-384 and RSA keys of 2048 bits, alone or in a set', () => {
    expect(jwkProblem(ec)).toBeNull();
    expect(jwkProblem(rsa)).toBeNull();
    expect(parseJwks(JSON.stringify(ec))).toEqual({ keys: [ec] });
    expect(parseJwks(JSON.stringify({ keys: [ec, rsa] }))).toEqual({ keys: [ec, rsa] });
  });

  it('refuses private, symmetric, short, wrong-curve and wrong-algorithm keys', () => {
    expect(jwkProblem({ ...ec, d: 'secret' })).toContain('private key');
    expect(jwkProblem({ kty: 'oct', k: 'secret' })).toContain('private key');
    // A pasted private key is refused and not echoed back into the page.
    const pasted = parseClientForm({
      name: 'GP system',
      scopes: 'system/Patient.read',
      jwks: JSON.stringify({ keys: [ec, { ...ec, d: 'secret' }] }),
    });
    expect(pasted.result.ok).toBe(false);
    expect(pasted.values.jwks).toBe('');
    expect(pasted.values.name).toBe('GP system');
    // Any other problem keeps what was pasted, to correct it.
    const bad = parseClientForm({ name: 'x', scopes: 'system/Patient.read', jwks: '{"kty":1}' });
    expect(bad.values.jwks).toBe('{"kty":1}');
    expect(jwkProblem({ ...rsa, n: 'A'.repeat(100) })).toContain('2048');
    expect(jwkProblem({ ...ec, crv: 'P-256' })).toContain('P-384');
    expect(jwkProblem({ ...ec, alg: 'HS256' })).toContain('algorithm');
    expect(jwkProblem({ ...ec, use: 'enc' })).toContain('signing');
    expect(parseJwks('not json')).toContain('JSON');
    expect(parseJwks('{"keys":[]}')).toContain('no keys');
  });
});

describe('the registration form', () => {
  it('gives a clean client', () => {
    const { result } = parseClientForm({
      name: ' GP system ',
      scopes: ['system/Patient.read', 'system/Observation.read'],
      jwks: JSON.stringify(ec),
    });
    expect(result).toEqual({
      ok: true,
      value: {
        name: 'GP system',
        scopes: ['system/Patient.read', 'system/Observation.read'],
        jwks: { keys: [ec] },
      },
    });
  });

  it('names every field in error, including a scope that is not offered', () => {
    const { result, values } = parseClientForm({
      name: '',
      scopes: 'system/Patient.write',
      jwks: '',
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => e.field)).toEqual(['name', 'scopes', 'jwks']);
    expect(values.scopes).toEqual(['system/Patient.write']);
  });
});
