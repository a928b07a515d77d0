import { randomInt } from 'node:crypto';
import { generateSecret, generateSync, generateURI, verifySync } from 'otplib';

/** RFC 6238 as authenticator apps use it: SHA-1, 30-second steps, 6 digits. */
export const TOTP_PERIOD_S = 30;
/** One step either side, for a phone clock a little out and the seconds it takes to type. */
export const TOTP_TOLERANCE_S = TOTP_PERIOD_S;
export const RECOVERY_CODE_COUNT = 10;

export function newTotpSecret(): string {
  // 20 bytes (160 bits), base32: RFC 4226's recommended length, and what authenticator apps expect.
  return generateSecret({ length: 20 });
}

export function totpStep(at: Date): number {
  return Math.floor(at.getTime() / 1000 / TOTP_PERIOD_S);
}

/** The code an authenticator app shows at `at` (tests, the demo's code printer). */
export function totpCode(secret: string, at: Date): string {
  return generateSync({ secret, epoch: Math.floor(at.getTime() / 1000) });
}

export type TotpCheck = { ok: true; step: number } | { ok: false; reason: 'wrong' | 'replayed' };

/**
 * Checks a 6-digit code at `at`, ±1 step. A code from a step at or before `lastStep` (one that
 * already signed this person in) is a replay and is refused, even while it is still on the screen.
 */
export function checkTotp(
  secret: string,
  code: string,
  at: Date,
  lastStep: number | null,
): TotpCheck {
  if (!/^\d{6}$/.test(code)) return { ok: false, reason: 'wrong' };
  const epoch = Math.floor(at.getTime() / 1000);
  const found = verifySync({ secret, token: code, epoch, epochTolerance: TOTP_TOLERANCE_S });
  if (!found.valid) return { ok: false, reason: 'wrong' };
  // delta is how many steps from now the code matched (-1, 0 or +1).
  const step = totpStep(at) + found.delta;
  if (lastStep !== null && step <= lastStep) return { ok: false, reason: 'replayed' };
  return { ok: true, step };
}

export function totpUri(secret: string, issuer: string, email: string): string {
  return generateURI({ issuer, label: email, secret });
}

// No 0/O, 1/I/L: codes are read off paper and typed.
const RECOVERY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/** Ten codes like `k7m2p-x9qr4`: 10 characters from 31, about 49 bits each. */
export function newRecoveryCodes(count = RECOVERY_CODE_COUNT): string[] {
  return Array.from({ length: count }, () => {
    let s = '';
    for (let i = 0; i < 10; i++) s += RECOVERY_ALPHABET.charAt(randomInt(RECOVERY_ALPHABET.length));
    return `${s.slice(0, 5)}-${s.slice(5)}`;
  });
}

/** What people type, in the form codes are stored: lower case, no spaces or dashes. */
export function normaliseRecoveryCode(typed: string): string {
  return typed.toLowerCase().replace(/[\s-]/g, '');
}

/** Whether the typed value looks like a recovery code rather than an app's 6 digits. */
export function looksLikeRecoveryCode(typed: string): boolean {
  const n = normaliseRecoveryCode(typed);
  return n.length === 10 && n.split('').every((c) => RECOVERY_ALPHABET.includes(c));
}

/** An app code as typed, spaces removed ("123 456" is how many apps show it). */
export function normaliseTotpCode(typed: string): string {
  return typed.replace(/\s/g, '');
}
