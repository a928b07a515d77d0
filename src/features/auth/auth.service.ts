import type { Db } from '../../db/client';
import type { OidcKind, Role } from '../../db/schema';
import { audit, type Actor } from '../../platform/audit';
import type { Clock } from '../../platform/clock';
import { queueMessage } from '../../platform/outbox';
import { createSession, deleteAllSessions, deleteSession } from '../../platform/session';
import { hashToken, newToken } from '../../platform/tokens';
import type { UseCase } from '../../platform/use-case';
import * as repo from './auth.repository';
import { hashPassword, verifyPassword } from './passwords';
import { remainingWaitMs, THROTTLE_WINDOW_MS } from './throttle';
import { isStaff } from '../../platform/types';

export const INVITATION_TTL_MS = 7 * 24 * 60 * 60_000;
export const RESET_TTL_MS = 60 * 60_000;
export const SETUP_TTL_MS = 24 * 60 * 60_000;

export type SignInResult =
  | { kind: 'ok'; token: string; userId: string; roles: Role[] }
  /** Staff: the password was right; the token is a half-way session for the second step. */
  | { kind: 'second_step'; token: string; userId: string }
  | { kind: 'invalid' }
  | { kind: 'throttled'; waitMs: number };

export interface SignInInput {
  email: string;
  password: string;
  ip: string;
  /** User ids this browser has signed in as before (from the signed device cookie). */
  knownUserIds: string[];
}

/**
 * How long this attempt must wait. Failures count per account, the owner's usual browsers apart
 * from everyone else's, and per IP; both limits apply.
 */
export async function signInWaitMs(
  db: Db,
  now: Date,
  who: { serviceId: string; emailNormalised: string; ip: string; knownDevice: boolean },
): Promise<number> {
  const since = new Date(now.getTime() - THROTTLE_WINDOW_MS);
  const [byAccount, byIp] = await Promise.all([
    repo.failuresForAccount(db, who.serviceId, who.emailNormalised, who.knownDevice, since),
    repo.failuresForIp(db, who.serviceId, who.ip, since),
  ]);
  return Math.max(
    remainingWaitMs(byAccount.count, byAccount.latest, now),
    remainingWaitMs(byIp.count, byIp.latest, now),
  );
}

/**
 * After a complete sign-in, only the owner's own slips on their own browsers are forgiven.
 * Failures from anywhere else stay counted until they age out: the person guessing does not get a
 * fresh allowance each time the real user signs in.
 */
export async function forgiveOwnFailures(
  db: Db,
  who: { serviceId: string; emailNormalised: string; knownDevice: boolean },
): Promise<void> {
  if (who.knownDevice) await repo.clearKnownDeviceFailures(db, who.serviceId, who.emailNormalised);
}

export async function signIn(uc: UseCase, sign: SignInInput): Promise<SignInResult> {
  const { db, clock } = uc;
  const input = { ...sign, serviceId: uc.service.id, actor: uc.actor };
  const now = clock.now();
  const emailNormalised = repo.normaliseEmail(input.email);
  const user = await repo.findUserByEmail(db, input.serviceId, input.email);
  const knownDevice = user ? input.knownUserIds.includes(user.id) : false;
  const who = { serviceId: input.serviceId, emailNormalised, ip: input.ip, knownDevice };

  const waitMs = await signInWaitMs(db, now, who);
  if (waitMs > 0) {
    await audit(db, clock, input.actor, {
      action: 'auth.sign_in',
      outcome: 'denied',
      reason: 'throttled',
      recordType: 'user',
      recordId: user?.id,
    });
    return { kind: 'throttled', waitMs };
  }

  const ok = await verifyPassword(user?.active ? user.passwordHash : null, input.password);
  if (!ok || !user) {
    await db.transaction(async (tx) => {
      await repo.recordSignInFailure(tx, { ...who, at: now });
      await audit(tx, clock, input.actor, {
        action: 'auth.sign_in',
        outcome: 'failure',
        recordType: 'user',
        recordId: user?.id,
      });
    });
    return { kind: 'invalid' };
  }

  const secondStep = isStaff(user.roles);
  const token = await db.transaction(async (tx) => {
    if (!secondStep) await forgiveOwnFailures(tx, who);
    const t = await createSession(tx, clock, input.serviceId, user.id, input.ip, {
      secondStepPending: secondStep,
    });
    await audit(
      tx,
      clock,
      { ...input.actor, userId: user.id, role: user.roles.join(',') },
      {
        action: 'auth.sign_in',
        recordType: 'user',
        recordId: user.id,
        // For staff the password is half of signing in; auth.second_factor records the rest.
        ...(secondStep ? { details: { stage: 'password' } } : {}),
      },
    );
    return t;
  });
  if (secondStep) return { kind: 'second_step', token, userId: user.id };
  return { kind: 'ok', token, userId: user.id, roles: user.roles };
}

/** Ends this browser's session; says which OpenID provider it came through, if any. */
export async function signOut(
  uc: UseCase,
  { userId, sessionTokenHash }: { userId: string; sessionTokenHash: string },
): Promise<OidcKind | null> {
  return uc.transaction(async (t) => {
    const signedInWith = await deleteSession(t.db, t.service.id, sessionTokenHash);
    await t.audit({
      action: 'auth.sign_out',
      recordType: 'user',
      recordId: userId,
      ...(signedInWith ? { details: { provider: signedInWith } } : {}),
    });
    return signedInWith;
  });
}

export async function signOutEverywhere(
  uc: UseCase,
  { userId }: { userId: string },
): Promise<number> {
  const { clock, actor } = uc;
  return uc.db.transaction(async (tx) => {
    const n = await deleteAllSessions(tx, actor.serviceId, userId);
    await audit(tx, clock, actor, {
      action: 'auth.sign_out_everywhere',
      recordType: 'user',
      recordId: userId,
      details: { sessions: n },
    });
    return n;
  });
}

export interface NewUser {
  serviceId: string;
  email: string;
  displayName: string;
  roles: Role[];
}

export type CreateUserResult =
  { ok: true; userId: string; invitationToken: string } | { ok: false; reason: 'email_taken' };

/** Creates an account with no password and an invitation link (7 days) sent through the outbox. */
export async function createUserWithInvitation(
  db: Db,
  clock: Clock,
  actor: Actor,
  input: NewUser,
  links: { publicUrl: string; serviceName: string },
  /** Why the account was made, ending the email's first line ("so you can join …"). */
  purpose?: string,
): Promise<CreateUserResult> {
  return db.transaction(async (tx) => {
    if (await repo.findUserByEmail(tx, input.serviceId, input.email))
      return { ok: false as const, reason: 'email_taken' as const };
    const { user, token } = await insertInvitedUser(tx, clock, input);
    await queueInvitation(tx, clock, { user, token, links, purpose });
    await audit(tx, clock, actor, {
      action: 'user.create',
      recordType: 'user',
      recordId: user.id,
      details: { roles: input.roles },
    });
    return { ok: true as const, userId: user.id, invitationToken: token };
  });
}

/** The staff invitation email, through the outbox: nothing about anyone's health. */
async function queueInvitation(
  tx: Db,
  clock: Clock,
  {
    user,
    token,
    links,
    purpose,
  }: {
    user: { serviceId: string; email: string; displayName: string };
    token: string;
    links: { publicUrl: string; serviceName: string };
    purpose?: string;
  },
) {
  await queueMessage(tx, clock, {
    serviceId: user.serviceId,
    channel: 'email',
    recipient: user.email,
    subject: `Set up your ${links.serviceName} account`,
    body: invitationEmail(
      user.displayName,
      `${links.publicUrl}/account/set-password?token=${token}`,
      links.serviceName,
      purpose,
    ),
    template: 'account-invitation',
    idempotencyKey: `invitation:${hashToken(token)}`,
  });
}

/** A user with no password yet, and a single-use 7-day invitation token (stored hashed). */
async function insertInvitedUser(db: Db, clock: Clock, input: NewUser) {
  const user = await repo.insertUser(db, { ...input, createdAt: clock.now() });
  const token = await issueInvitationToken(db, clock, input.serviceId, user.id);
  return { user, token };
}

/** A single-use 7-day invitation token (stored hashed); any earlier unused one stops working. */
async function issueInvitationToken(db: Db, clock: Clock, serviceId: string, userId: string) {
  const now = clock.now();
  await repo.expireUnusedTokens(db, serviceId, 'invitation', userId, now);
  const token = newToken(24);
  await repo.insertToken(db, {
    serviceId,
    tokenHash: hashToken(token),
    userId,
    purpose: 'invitation',
    expiresAt: new Date(now.getTime() + INVITATION_TTL_MS),
    createdAt: now,
  });
  return token;
}

/** Whether an account is still waiting for its invitation to be taken up: no password yet. */
export function invitationPending(user: { active: boolean; passwordHash: string | null }): boolean {
  return user.active && user.passwordHash === null;
}

export type ResendInvitationResult =
  | { ok: true; userId: string; displayName: string; invitationToken: string }
  | { ok: false; reason: 'not_found' | 'accepted' };

/**
 * A manager sends a member of staff's invitation again (the first expired after 7 days, or went
 * astray): a fresh 7-day link by email, the same message as the first, and the earlier link stops
 * working. Only for an account with access that has no password yet; audited.
 */
export async function resendStaffInvitation(
  uc: UseCase,
  { userId }: { userId: string },
): Promise<ResendInvitationResult> {
  return uc.transaction(async (t) => {
    const tx = t.db;
    // Held until the end, so the invitation cannot be taken up under us.
    const user = await repo.lockUserById(tx, uc.actor.serviceId, userId);
    if (!user || !isStaff(user.roles)) return { ok: false as const, reason: 'not_found' as const };
    if (!invitationPending(user)) return { ok: false as const, reason: 'accepted' as const };
    const token = await issueInvitationToken(tx, t.clock, user.serviceId, user.id);
    await queueInvitation(tx, t.clock, { user, token, links: uc.links });
    await t.audit({
      action: 'user.invitation_resend',
      recordType: 'user',
      recordId: user.id,
    });
    return {
      ok: true as const,
      userId: user.id,
      displayName: user.displayName,
      invitationToken: token,
    };
  });
}

function invitationEmail(
  name: string,
  link: string,
  serviceName: string,
  purpose?: string,
): string {
  return [
    `Dear ${name},`,
    '',
    `An account has been made for you with ${serviceName}${purpose ? `, ${purpose}` : ''}.`,
    'To set your password and sign in, use this link within 7 days:',
    link,
    '',
    'If you were not expecting this email, you can ignore it.',
  ].join('\n');
}

/**
 * Inside the caller's transaction (a clinician's decision to offer treatment): creates a patient
 * account with no password and queues the invitation email. The email says nothing about the
 * person's health, since others may read it. The caller links the account to the patient record.
 */
export async function invitePatientAccount(
  tx: Db,
  clock: Clock,
  actor: Actor,
  input: { serviceId: string; email: string; displayName: string; patientId: string },
  links: { publicUrl: string; serviceName: string },
): Promise<CreateUserResult> {
  if (await repo.findUserByEmail(tx, input.serviceId, input.email))
    return { ok: false, reason: 'email_taken' };
  const { user, token } = await insertInvitedUser(tx, clock, {
    serviceId: input.serviceId,
    email: input.email,
    displayName: input.displayName,
    roles: ['patient'],
  });
  await queueMessage(tx, clock, {
    serviceId: input.serviceId,
    channel: 'email',
    recipient: user.email,
    subject: `Set up your ${links.serviceName} account`,
    body: [
      `Dear ${user.displayName},`,
      '',
      `${links.serviceName} has made an account for you. You can use it to see what happens next and to keep in touch with us.`,
      'To choose a password and sign in, use this link within 7 days:',
      `${links.publicUrl}/account/set-password?token=${token}`,
      '',
      'If you were not expecting this email, you can ignore it.',
    ].join('\n'),
    template: 'patient-account-invitation',
    patientId: input.patientId,
    idempotencyKey: `invitation:${hashToken(token)}`,
  });
  await audit(tx, clock, actor, {
    action: 'user.create',
    patientId: input.patientId,
    recordType: 'user',
    recordId: user.id,
    details: { roles: ['patient'] },
  });
  return { ok: true, userId: user.id, invitationToken: token };
}

/** Always succeeds from the caller's view, so the page cannot be used to find which emails exist. */
export async function requestPasswordReset(
  uc: UseCase,
  { email }: { email: string },
): Promise<string | null> {
  const { db, clock, actor, links } = uc;
  return db.transaction(async (tx) => {
    const user = await repo.findUserByEmail(tx, actor.serviceId, email);
    if (!user || !user.active) {
      await audit(tx, clock, actor, {
        action: 'auth.password_reset_request',
        outcome: 'failure',
        reason: 'unknown account',
      });
      return null;
    }
    const token = await issuePasswordReset(tx, clock, actor, user.id);
    await queueMessage(tx, clock, {
      serviceId: actor.serviceId,
      channel: 'email',
      recipient: user.email,
      subject: `Reset your ${links.serviceName} password`,
      body: [
        `Dear ${user.displayName},`,
        '',
        'Someone asked to reset the password for your account. To choose a new password, use this link within 1 hour:',
        `${links.publicUrl}/account/set-password?token=${token}`,
        '',
        'If this was not you, you can ignore this email. Your password has not changed.',
      ].join('\n'),
      template: 'password-reset',
      idempotencyKey: `password-reset:${hashToken(token)}`,
    });
    return token;
  });
}

/** A fresh 1-hour reset link; any earlier unused one stops working. Used by the page and the CLI. */
export async function issuePasswordReset(
  db: Db,
  clock: Clock,
  actor: Actor,
  userId: string,
): Promise<string> {
  const now = clock.now();
  await repo.expireUnusedTokens(db, actor.serviceId, 'password_reset', userId, now);
  const token = newToken(24);
  await repo.insertToken(db, {
    serviceId: actor.serviceId,
    tokenHash: hashToken(token),
    userId,
    purpose: 'password_reset',
    expiresAt: new Date(now.getTime() + RESET_TTL_MS),
    createdAt: now,
  });
  await audit(db, clock, actor, {
    action: 'auth.password_reset_issue',
    recordType: 'user',
    recordId: userId,
  });
  return token;
}

/** The account an invitation or reset link is for, while the link is live and the account active. */
export async function checkPasswordToken(
  { db, clock, service }: UseCase,
  { token }: { token: string },
) {
  return livePasswordToken(db, clock, service.id, token);
}

async function livePasswordToken(db: Db, clock: Clock, serviceId: string, token: string) {
  if (!token || token.length > 100) return null;
  const row = await repo.findLiveToken(
    db,
    serviceId,
    hashToken(token),
    ['invitation', 'password_reset'],
    clock.now(),
  );
  if (!row?.userId) return null;
  const user = await repo.findUserById(db, serviceId, row.userId);
  return user?.active ? { purpose: row.purpose, user } : null;
}

export type SetPasswordResult =
  | { ok: true; sessionToken: string; userId: string; secondStep: boolean }
  | { ok: false; reason: 'invalid_token' };

/** Sets the password from an invitation or reset link, ends other sessions, and signs in. */
export async function setPasswordWithToken(
  uc: UseCase,
  { token, password }: { token: string; password: string },
): Promise<SetPasswordResult> {
  const { db, clock, actor } = uc;
  const passwordHash = await hashPassword(password);
  return db.transaction(async (tx) => {
    const found = await livePasswordToken(tx, clock, actor.serviceId, token);
    if (!found) return { ok: false as const, reason: 'invalid_token' as const };
    if (!(await repo.consumeToken(tx, actor.serviceId, hashToken(token), clock.now()))) {
      return { ok: false as const, reason: 'invalid_token' as const };
    }
    const userId = found.user.id;
    await repo.setPasswordHash(tx, actor.serviceId, userId, passwordHash, clock.now());
    await deleteAllSessions(tx, actor.serviceId, userId);
    // A link in an email is not a second factor: staff still give theirs (or set one up).
    const secondStep = isStaff(found.user.roles);
    const sessionToken = await createSession(
      tx,
      clock,
      actor.serviceId,
      userId,
      actor.ip ?? 'unknown',
      { secondStepPending: secondStep },
    );
    await audit(
      tx,
      clock,
      { ...actor, userId },
      {
        action: found.purpose === 'invitation' ? 'auth.invitation_accept' : 'auth.password_reset',
        recordType: 'user',
        recordId: userId,
      },
    );
    return { ok: true as const, sessionToken, userId, secondStep };
  });
}

/** On first start with no service manager: a one-time link to create one (24 hours). */
export async function issueSetupTokenIfNeeded(
  db: Db,
  clock: Clock,
  serviceId: string,
): Promise<string | null> {
  return db.transaction(async (tx) => {
    if ((await repo.countServiceManagers(tx, serviceId)) > 0) return null;
    const now = clock.now();
    // Each start prints a new link and the old ones stop working, so only the latest console line counts.
    await repo.expireUnusedTokens(tx, serviceId, 'setup', null, now);
    const token = newToken(24);
    await repo.insertToken(tx, {
      serviceId,
      tokenHash: hashToken(token),
      userId: null,
      purpose: 'setup',
      expiresAt: new Date(now.getTime() + SETUP_TTL_MS),
      createdAt: now,
    });
    return token;
  });
}

export async function isLiveSetupToken(
  { db, clock, service }: UseCase,
  { token }: { token: string },
): Promise<boolean> {
  return liveSetupToken(db, clock, service.id, token);
}

async function liveSetupToken(
  db: Db,
  clock: Clock,
  serviceId: string,
  token: string,
): Promise<boolean> {
  if (!token || token.length > 100) return false;
  return (
    (await repo.findLiveToken(db, serviceId, hashToken(token), ['setup'], clock.now())) !== null
  );
}

export type SetupResult =
  { ok: true; sessionToken: string } | { ok: false; reason: 'invalid_token' | 'email_taken' };

export async function completeSetup(
  uc: UseCase,
  { token, ...input }: { token: string; email: string; displayName: string; password: string },
): Promise<SetupResult> {
  const { db, clock, actor } = uc;
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    if (!(await liveSetupToken(tx, clock, actor.serviceId, token)))
      return { ok: false as const, reason: 'invalid_token' as const };
    if (await repo.findUserByEmail(tx, actor.serviceId, input.email))
      return { ok: false as const, reason: 'email_taken' as const };
    if (!(await repo.consumeToken(tx, actor.serviceId, hashToken(token), clock.now())))
      return { ok: false as const, reason: 'invalid_token' as const };
    const user = await repo.insertUser(tx, {
      serviceId: actor.serviceId,
      email: input.email,
      displayName: input.displayName,
      roles: ['service_manager'],
      passwordHash,
      createdAt: clock.now(),
    });
    // The first manager sets up a second factor before reaching any staff page.
    const sessionToken = await createSession(
      tx,
      clock,
      actor.serviceId,
      user.id,
      actor.ip ?? 'unknown',
      { secondStepPending: true },
    );
    await audit(
      tx,
      clock,
      { ...actor, userId: user.id, role: 'service_manager' },
      { action: 'auth.setup_first_manager', recordType: 'user', recordId: user.id },
    );
    return { ok: true as const, sessionToken };
  });
}

/** Everyone with an account in the service, for the managers' Users page. */
export function serviceUsers(db: Db, serviceId: string) {
  return repo.listUsers(db, serviceId);
}

/** Resolves a typed email to a user id, for searches such as the audit log. */
export async function userIdForEmail(
  db: Db,
  serviceId: string,
  email: string,
): Promise<string | null> {
  return (await repo.findUserByEmail(db, serviceId, email))?.id ?? null;
}
