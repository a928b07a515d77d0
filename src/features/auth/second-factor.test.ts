import { describe, expect, it } from 'vitest';
import {
  checkTotp,
  looksLikeRecoveryCode,
  newRecoveryCodes,
  newTotpSecret,
  normaliseRecoveryCode,
  totpCode,
  totpStep,
} from './second-factor';

const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const AT = new Date('2026-11-25T10:00:10Z');

describe('TOTP (RFC 6238, 30 s, 6 digits, ±1 step)', () => {
  it('matches the RFC 6238 SHA-1 test vector', () => {
    // RFC 6238 appendix B: the ASCII key "12345678901234567890", T = 59 s gives 94287082 (8 digits).
    const rfcKey = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
    expect(totpCode(rfcKey, new Date(59_000))).toBe('287082');
  });

  it('accepts the current code and one step either side, refuses others', () => {
    expect(checkTotp(SECRET, totpCode(SECRET, AT), AT, null)).toEqual({
      ok: true,
      step: totpStep(AT),
    });
    const before = new Date(AT.getTime() - 30_000);
    const after = new Date(AT.getTime() + 30_000);
    expect(checkTotp(SECRET, totpCode(SECRET, before), AT, null).ok).toBe(true);
    expect(checkTotp(SECRET, totpCode(SECRET, after), AT, null).ok).toBe(true);
    const old = new Date(AT.getTime() - 90_000);
    expect(checkTotp(SECRET, totpCode(SECRET, old), AT, null)).toEqual({
      ok: false,
      reason: 'wrong',
    });
    expect(checkTotp(SECRET, '12345', AT, null).ok).toBe(false);
    expect(checkTotp(SECRET, 'abcdef', AT, null).ok).toBe(false);
  });

  it('refuses a code from a step already used (a replay), even inside the window', () => {
    const code = totpCode(SECRET, AT);
    const first = checkTotp(SECRET, code, AT, null);
    expect(first.ok).toBe(true);
    const step = first.ok ? first.step : -1;
    expect(checkTotp(SECRET, code, AT, step)).toEqual({ ok: false, reason: 'replayed' });
    const earlier = totpCode(SECRET, new Date(AT.getTime() - 30_000));
    expect(checkTotp(SECRET, earlier, AT, step)).toEqual({ ok: false, reason: 'replayed' });
    const later = new Date(AT.getTime() + 30_000);
    expect(checkTotp(SECRET, totpCode(SECRET, later), later, step).ok).toBe(true);
  });

  it('makes 160-bit base32 secrets', () => {
    const s = newTotpSecret();
    expect(s).toMatch(/^[A-Z2-7]{32}$/);
    expect(newTotpSecret()).not.toBe(s);
  });
});

describe('recovery codes', () => {
  it('are ten distinct codes in an unambiguous alphabet, typed in any case or spacing', () => {
    const codes = newRecoveryCodes();
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const c of codes) {
      expect(c).toMatch(/^[a-hjkmnp-z2-9]{5}-[a-hjkmnp-z2-9]{5}$/);
      expect(looksLikeRecoveryCode(c.toUpperCase().replace('-', ' '))).toBe(true);
      expect(normaliseRecoveryCode(` ${c.toUpperCase()} `)).toBe(c.replace('-', ''));
    }
    expect(looksLikeRecoveryCode('123456')).toBe(false);
  });
});
