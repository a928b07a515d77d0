import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
  VerifiedAuthenticationResponse,
  VerifiedRegistrationResponse,
} from '@simplewebauthn/server';
import { lazyModule } from '../../platform/lazy';
import type { Db } from '../../db/client';
import type { SecondFactorKind } from '../../db/schema';
import type { AuthUser } from '../../platform/types';
import {
  createSession,
  deleteAllSessions,
  deleteSession,
  setSessionSecondFactorState,
  type PendingSession,
} from '../../platform/session';
import type { UseCase } from '../../platform/use-case';
import * as repo from './auth.repository';
import { colleagueFor } from './colleagues';

// Only passkey and authenticator-app set-up need these: loaded at first use (src/platform/lazy.ts).
const webauthn = lazyModule(() => import('@simplewebauthn/server'));
const qrcode = lazyModule(async () => (await import('qrcode')).default);
import { forgiveOwnFailures, signInWaitMs } from './auth.service';
import { hashPassword, verifyPassword } from './passwords';
import {
  checkTotp,
  looksLikeRecoveryCode,
  newRecoveryCodes,
  newTotpSecret,
  normaliseRecoveryCode,
  normaliseTotpCode,
  totpUri,
} from './second-factor';
import * as factors from './second-factor.repository';

/** Where passkeys are bound: the public address's host and origin. */
export interface RelyingParty {
  id: string;
  origin: string;
  name: string;
}

export function relyingParty(publicUrl: string, serviceName: string): RelyingParty {
  const url = new URL(publicUrl);
  return { id: url.hostname, origin: url.origin, name: serviceName };
}

export interface SecondFactorSummary {
  totp: boolean;
  passkeys: { id: string; name: string; createdAt: Date; lastUsedAt: Date | null }[];
  recoveryCodesLeft: number;
}

export async function secondFactorSummary(
  db: Db,
  serviceId: string,
  userId: string,
): Promise<SecondFactorSummary> {
  const rows = await factors.factorsOf(db, serviceId, userId);
  const codes = await factors.unusedRecoveryCodes(db, serviceId, userId);
  return {
    totp: rows.some((r) => r.kind === 'totp'),
    passkeys: rows
      .filter((r) => r.kind === 'passkey')
      .map((r) => ({ id: r.id, name: r.name, createdAt: r.createdAt, lastUsedAt: r.lastUsedAt })),
    recoveryCodesLeft: codes.length,
  };
}

export function hasSecondFactor(summary: SecondFactorSummary): boolean {
  return summary.totp || summary.passkeys.length > 0;
}

export type SecondStepResult =
  | { kind: 'ok'; token: string }
  | { kind: 'invalid'; reason: 'wrong' | 'replayed' | 'no_factor' }
  | { kind: 'throttled'; waitMs: number };

interface StepInput {
  pending: PendingSession;
  ip: string;
  knownDevice: boolean;
}

function who(pending: PendingSession, ip: string, knownDevice: boolean) {
  return {
    serviceId: pending.serviceId,
    emailNormalised: repo.normaliseEmail(pending.email),
    ip,
    knownDevice,
  };
}

/** Swaps the half-way session for a signed-in one (a new token, so the old one is worthless). */
async function completeSignIn(
  uc: UseCase,
  input: StepInput,
  method: 'totp' | 'recovery_code' | 'passkey',
  extra: Record<string, unknown> = {},
): Promise<string> {
  const { db, clock } = uc;
  const { pending } = input;
  await deleteSession(db, pending.serviceId, pending.tokenHash);
  await forgiveOwnFailures(db, who(pending, input.ip, input.knownDevice));
  const token = await createSession(db, clock, pending.serviceId, pending.userId, input.ip);
  await uc.audit({
    action: 'auth.second_factor',
    recordType: 'user',
    recordId: pending.userId,
    details: { method, ...extra },
  });
  return token;
}

async function refuse(
  uc: UseCase,
  input: StepInput,
  reason: 'wrong' | 'replayed' | 'no_factor',
  method: string,
): Promise<SecondStepResult> {
  await repo.recordSignInFailure(uc.db, {
    ...who(input.pending, input.ip, input.knownDevice),
    at: uc.clock.now(),
  });
  await uc.audit({
    action: 'auth.second_factor',
    outcome: 'failure',
    reason,
    recordType: 'user',
    recordId: input.pending.userId,
    details: { method },
  });
  return { kind: 'invalid', reason };
}

/** The second step with a code: six digits from the authenticator app, or a recovery code. */
export async function verifySecondStepCode(
  uc: UseCase,
  input: StepInput & { code: string },
): Promise<SecondStepResult> {
  const { db, clock } = uc;
  const { pending } = input;
  const now = clock.now();
  const waitMs = await signInWaitMs(db, now, who(pending, input.ip, input.knownDevice));
  if (waitMs > 0) {
    await uc.audit({
      action: 'auth.second_factor',
      outcome: 'denied',
      reason: 'throttled',
      recordType: 'user',
      recordId: pending.userId,
    });
    return { kind: 'throttled', waitMs };
  }
  return uc.transaction(async (t) => {
    if (looksLikeRecoveryCode(input.code)) {
      const typed = normaliseRecoveryCode(input.code);
      for (const row of await factors.unusedRecoveryCodes(
        t.db,
        pending.serviceId,
        pending.userId,
      )) {
        if (!(await verifyPassword(row.codeHash, typed))) continue;
        if (!(await factors.useRecoveryCode(t.db, pending.serviceId, row.id, now))) break;
        const left = (await factors.unusedRecoveryCodes(t.db, pending.serviceId, pending.userId))
          .length;
        return { kind: 'ok', token: await completeSignIn(t, input, 'recovery_code', { left }) };
      }
      return refuse(t, input, 'wrong', 'recovery_code');
    }
    const rows = await factors.factorsOf(t.db, pending.serviceId, pending.userId);
    const totp = rows.find((r) => r.kind === 'totp');
    if (!totp?.totpSecret) return refuse(t, input, 'no_factor', 'totp');
    const check = checkTotp(
      totp.totpSecret,
      normaliseTotpCode(input.code),
      now,
      totp.totpLastStep ?? null,
    );
    if (!check.ok) return refuse(t, input, check.reason, 'totp');
    if (!(await factors.claimTotpStep(t.db, pending.serviceId, totp.id, check.step, now)))
      return refuse(t, input, 'replayed', 'totp');
    return { kind: 'ok', token: await completeSignIn(t, input, 'totp') };
  });
}

/** Options for `navigator.credentials.get`, with a fresh challenge kept on the half-way session. */
export async function passkeySignInOptions(
  uc: UseCase,
  { pending, rp }: { pending: PendingSession; rp: RelyingParty },
): Promise<PublicKeyCredentialRequestOptionsJSON | null> {
  const rows = await factors.factorsOf(uc.db, pending.serviceId, pending.userId);
  const passkeys = passkeyCredentials(rows);
  if (passkeys.length === 0) return null;
  const { generateAuthenticationOptions } = await webauthn();
  const options = await generateAuthenticationOptions({
    rpID: rp.id,
    allowCredentials: passkeys,
    userVerification: 'preferred',
  });
  await setSessionSecondFactorState(uc.db, pending.serviceId, pending.tokenHash, {
    webauthnChallenge: options.challenge,
  });
  return options;
}

/** The passkeys among a person's factors, as WebAuthn lists credentials. */
function passkeyCredentials(rows: factors.SecondFactorRow[]) {
  return rows.flatMap((r) =>
    r.kind === 'passkey' && r.credentialId
      ? [{ id: r.credentialId, transports: r.transports ?? undefined }]
      : [],
  );
}

/** A JSON object posted by the browser, or null: the verifier checks its shape. */
function parseJsonObject(raw: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(raw);
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** The second step with a passkey: the browser's signed answer to this session's challenge. */
export async function verifyPasskeySignIn(
  uc: UseCase,
  input: StepInput & { credential: string; rp: RelyingParty },
): Promise<SecondStepResult> {
  const { db, clock } = uc;
  const { pending } = input;
  const waitMs = await signInWaitMs(db, clock.now(), who(pending, input.ip, input.knownDevice));
  if (waitMs > 0) return { kind: 'throttled', waitMs };
  const challenge = pending.webauthnChallenge;
  const response = parseJsonObject(input.credential) as AuthenticationResponseJSON | null;
  return uc.transaction(async (t) => {
    // Single use: whatever happens next, this challenge cannot be answered again.
    await setSessionSecondFactorState(t.db, pending.serviceId, pending.tokenHash, {
      webauthnChallenge: null,
    });
    if (!challenge || !response || typeof response.id !== 'string')
      return refuse(t, input, 'wrong', 'passkey');
    const rows = await factors.factorsOf(t.db, pending.serviceId, pending.userId);
    const passkey = rows.find((r) => r.kind === 'passkey' && r.credentialId === response.id);
    if (!passkey?.publicKey || !passkey.credentialId) return refuse(t, input, 'wrong', 'passkey');
    const { verifyAuthenticationResponse } = await webauthn();
    let verified: VerifiedAuthenticationResponse;
    try {
      verified = await verifyAuthenticationResponse({
        response,
        expectedChallenge: challenge,
        expectedOrigin: input.rp.origin,
        expectedRPID: input.rp.id,
        credential: {
          id: passkey.credentialId,
          publicKey: Buffer.from(passkey.publicKey, 'base64url'),
          counter: passkey.signCount,
          transports: passkey.transports ?? undefined,
        },
        requireUserVerification: false,
      });
    } catch {
      return refuse(t, input, 'wrong', 'passkey');
    }
    if (!verified.verified) return refuse(t, input, 'wrong', 'passkey');
    await factors.updatePasskeyUse(
      t.db,
      pending.serviceId,
      passkey.id,
      verified.authenticationInfo.newCounter,
      clock.now(),
    );
    return {
      kind: 'ok',
      token: await completeSignIn(t, input, 'passkey', { passkey: passkey.name }),
    };
  });
}

export interface TotpEnrolment {
  secret: string;
  uri: string;
  /** The otpauth URI as an SVG QR code, as a data: URI (the CSP allows data: images). */
  qrDataUri: string;
}

/** The secret to set up, kept on the half-way session so a reload shows the same one. */
export async function startTotpEnrolment(
  uc: UseCase,
  { pending }: { pending: PendingSession },
): Promise<TotpEnrolment> {
  let secret = pending.pendingTotpSecret;
  if (!secret) {
    secret = newTotpSecret();
    await setSessionSecondFactorState(uc.db, pending.serviceId, pending.tokenHash, {
      pendingTotpSecret: secret,
    });
  }
  const uri = totpUri(secret, uc.service.name, pending.email);
  const QRCode = await qrcode();
  const svg = await QRCode.toString(uri, { type: 'svg', margin: 2, errorCorrectionLevel: 'M' });
  return {
    secret,
    uri,
    qrDataUri: `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`,
  };
}

export type EnrolResult =
  | { kind: 'ok'; token: string; recoveryCodes: string[] }
  | { kind: 'invalid' }
  | { kind: 'throttled'; waitMs: number }
  | { kind: 'already_enrolled' };

/**
 * Confirms the app with a code from it, then signs in: the secret becomes the person's factor,
 * ten recovery codes are made (shown once, stored hashed) and the step the code came from is
 * recorded as used.
 */
export async function confirmTotpEnrolment(
  uc: UseCase,
  input: StepInput & { code: string },
): Promise<EnrolResult> {
  const { db, clock } = uc;
  const { pending } = input;
  const now = clock.now();
  const waitMs = await signInWaitMs(db, now, who(pending, input.ip, input.knownDevice));
  if (waitMs > 0) return { kind: 'throttled', waitMs };
  const secret = pending.pendingTotpSecret;
  if (!secret) return { kind: 'invalid' };
  const check = checkTotp(secret, normaliseTotpCode(input.code), now, null);
  if (!check.ok) {
    await refuse(uc, input, 'wrong', 'totp_enrolment');
    return { kind: 'invalid' };
  }
  const recoveryCodes = newRecoveryCodes();
  const hashes = await Promise.all(
    recoveryCodes.map((c) => hashPassword(normaliseRecoveryCode(c))),
  );
  return uc.transaction(async (t) => {
    const existing = await factors.factorsOf(t.db, pending.serviceId, pending.userId);
    // Someone who already has a factor proves it at the second step; enrolment cannot replace it.
    if (existing.length > 0) return { kind: 'already_enrolled' as const };
    await factors.insertFactor(t.db, {
      serviceId: pending.serviceId,
      userId: pending.userId,
      kind: 'totp',
      name: 'Authenticator app',
      totpSecret: secret,
      totpLastStep: check.step,
      createdAt: now,
    });
    await factors.replaceRecoveryCodes(t.db, pending.serviceId, pending.userId, hashes, now);
    await t.audit({
      action: 'auth.second_factor_enrol',
      recordType: 'user',
      recordId: pending.userId,
      details: { kind: 'totp', recoveryCodes: recoveryCodes.length },
    });
    const token = await completeSignIn(t, input, 'totp', { enrolment: true });
    return { kind: 'ok' as const, token, recoveryCodes };
  });
}

/** Options for `navigator.credentials.create`, for a signed-in member of staff adding a passkey. */
export async function passkeyRegistrationOptions(
  uc: UseCase,
  { user, rp }: { user: AuthUser; rp: RelyingParty },
): Promise<PublicKeyCredentialCreationOptionsJSON> {
  const rows = await factors.factorsOf(uc.db, user.serviceId, user.userId);
  const { generateRegistrationOptions } = await webauthn();
  const options = await generateRegistrationOptions({
    rpName: rp.name,
    rpID: rp.id,
    userName: user.email,
    userDisplayName: user.displayName,
    userID: new TextEncoder().encode(user.userId),
    attestationType: 'none',
    excludeCredentials: passkeyCredentials(rows),
    authenticatorSelection: { residentKey: 'preferred', userVerification: 'preferred' },
  });
  await setSessionSecondFactorState(uc.db, user.serviceId, user.sessionTokenHash, {
    webauthnChallenge: options.challenge,
  });
  return options;
}

export type RegisterPasskeyResult = { ok: true } | { ok: false };

export async function registerPasskey(
  uc: UseCase,
  input: {
    user: AuthUser;
    credential: string;
    name: string;
    challenge: string | null;
    rp: RelyingParty;
  },
): Promise<RegisterPasskeyResult> {
  const { user } = input;
  const response = parseJsonObject(input.credential) as RegistrationResponseJSON | null;
  return uc.transaction(async (t) => {
    await setSessionSecondFactorState(t.db, user.serviceId, user.sessionTokenHash, {
      webauthnChallenge: null,
    });
    const fail = async () => {
      await t.audit({
        action: 'auth.second_factor_enrol',
        outcome: 'failure',
        recordType: 'user',
        recordId: user.userId,
        details: { kind: 'passkey' },
      });
      return { ok: false as const };
    };
    if (!input.challenge || !response) return fail();
    const { verifyRegistrationResponse } = await webauthn();
    let verified: VerifiedRegistrationResponse;
    try {
      verified = await verifyRegistrationResponse({
        response,
        expectedChallenge: input.challenge,
        expectedOrigin: input.rp.origin,
        expectedRPID: input.rp.id,
        requireUserVerification: false,
      });
    } catch {
      return fail();
    }
    if (!verified.verified) return fail();
    const { credential } = verified.registrationInfo;
    await factors.insertFactor(t.db, {
      serviceId: user.serviceId,
      userId: user.userId,
      kind: 'passkey',
      name: input.name,
      credentialId: credential.id,
      publicKey: Buffer.from(credential.publicKey).toString('base64url'),
      signCount: credential.counter,
      transports: credential.transports ?? [],
      createdAt: t.clock.now(),
    });
    await t.audit({
      action: 'auth.second_factor_enrol',
      recordType: 'user',
      recordId: user.userId,
      details: { kind: 'passkey', name: input.name },
    });
    return { ok: true as const };
  });
}

/** Which second factors each account of the service has, by kind (for the users list). */
export function secondFactorKindsByUser(
  db: Db,
  serviceId: string,
): Promise<Map<string, SecondFactorKind[]>> {
  return factors.factorKindsByUser(db, serviceId);
}

export type ResetResult = { ok: true; factors: number } | { ok: false; reason: 'not_found' };

/** The colleague whose factor a manager may reset, or null (404) when the policy says no. */
export async function resettableColleague(uc: UseCase, { userId }: { userId: string }) {
  const target = await colleagueFor(uc, userId, 'user.reset_second_factor');
  return target ? { id: target.id, displayName: target.displayName, email: target.email } : null;
}

/**
 * A service manager clears a colleague's second factors (a lost phone): their sessions end and
 * they set up a new factor at their next sign-in.
 */
export async function resetSecondFactor(
  uc: UseCase,
  { userId }: { userId: string },
): Promise<ResetResult> {
  return uc.transaction(async (t) => {
    if (!(await colleagueFor(t, userId, 'user.reset_second_factor')))
      return { ok: false as const, reason: 'not_found' as const };
    const n = await factors.deleteFactorsOf(t.db, t.service.id, userId);
    const sessions = await deleteAllSessions(t.db, t.service.id, userId);
    await t.audit({
      action: 'auth.second_factor_reset',
      recordType: 'user',
      recordId: userId,
      details: { factors: n, sessions },
    });
    return { ok: true as const, factors: n };
  });
}

/** For the second-step page: which ways this person can finish signing in. */
export async function secondStepChoices(db: Db, pending: PendingSession) {
  return secondFactorSummary(db, pending.serviceId, pending.userId);
}
