import { and, eq, lt, or, sql } from 'drizzle-orm';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../db/client';
import { builtOnce } from '../db/statement';
import { sessions, users, type OidcKind, type Role } from '../db/schema';
import type { Clock } from './clock';
import { hashToken, newToken } from './tokens';
import { isStaff, type AuthUser } from './types';

export const STAFF_IDLE_MS = 15 * 60_000;
export const OTHER_IDLE_MS = 30 * 60_000;
export const ABSOLUTE_MS = 12 * 60 * 60_000;
/** Between the password and the second factor: long enough to find a phone, no longer. */
export const SECOND_STEP_MS = 10 * 60_000;
/** Write last_seen_at at most once a minute, so every page view is not a database write. */
const TOUCH_EVERY_MS = 60_000;

export function idleLimitFor(roles: readonly Role[]): number {
  return isStaff(roles) ? STAFF_IDLE_MS : OTHER_IDLE_MS;
}

export interface CookieSettings {
  secure: boolean;
}

/** `__Host-` pins the cookie to this host and path `/`; browsers require Secure with it. */
export function sessionCookieName(settings: CookieSettings): string {
  return settings.secure ? '__Host-rapport-session' : 'rapport-session';
}

/**
 * A new session and its token. `secondStepPending` makes the half-way session of staff who have
 * given their password but not yet their second factor: it is never a signed-in user.
 */
export async function createSession(
  db: Db,
  clock: Clock,
  serviceId: string,
  userId: string,
  ip: string,
  options: { secondStepPending?: boolean; signedInWith?: OidcKind } = {},
): Promise<string> {
  const token = newToken(16);
  const now = clock.now();
  await db.insert(sessions).values({
    serviceId,
    tokenHash: hashToken(token),
    userId,
    createdAt: now,
    lastSeenAt: now,
    ip,
    secondStepPending: options.secondStepPending ?? false,
    signedInWith: options.signedInWith ?? null,
  });
  return token;
}

/** The cookie's token hash when it has the shape of one of ours, else null. */
export function sessionTokenHashFrom(
  request: FastifyRequest,
  settings: CookieSettings,
): string | null {
  const raw = request.cookies[sessionCookieName(settings)];
  // A malformed or oversized cookie is simply no session, never an error page.
  if (!raw || raw.length > 64 || !/^[A-Za-z0-9_-]+$/.test(raw)) return null;
  return hashToken(raw);
}

export interface PendingSession {
  serviceId: string;
  userId: string;
  email: string;
  displayName: string;
  roles: Role[];
  tokenHash: string;
  webauthnChallenge: string | null;
  pendingTotpSecret: string | null;
}

/** The half-way session (password given, second step not yet), while it is fresh. */
export async function resolvePendingSession(
  db: Db,
  clock: Clock,
  request: FastifyRequest,
  settings: CookieSettings,
): Promise<PendingSession | null> {
  const tokenHash = sessionTokenHashFrom(request, settings);
  if (!tokenHash) return null;
  const serviceId = request.service.id;
  const rows = await db
    .select({
      userId: users.id,
      email: users.email,
      displayName: users.displayName,
      roles: users.roles,
      active: users.active,
      createdAt: sessions.createdAt,
      webauthnChallenge: sessions.webauthnChallenge,
      pendingTotpSecret: sessions.pendingTotpSecret,
    })
    .from(sessions)
    .innerJoin(users, and(eq(users.serviceId, sessions.serviceId), eq(users.id, sessions.userId)))
    .where(
      and(
        eq(sessions.serviceId, serviceId),
        eq(sessions.tokenHash, tokenHash),
        eq(sessions.secondStepPending, true),
      ),
    )
    .limit(1);
  const row = rows[0];
  if (!row) return null;
  if (!row.active || clock.now().getTime() - row.createdAt.getTime() > SECOND_STEP_MS) {
    await deleteSession(db, serviceId, tokenHash);
    return null;
  }
  return {
    serviceId,
    userId: row.userId,
    email: row.email,
    displayName: row.displayName,
    roles: row.roles,
    tokenHash,
    webauthnChallenge: row.webauthnChallenge,
    pendingTotpSecret: row.pendingTotpSecret,
  };
}

/** Stores (or clears) per-session second-factor state: a WebAuthn challenge, an enrolment secret. */
export async function setSessionSecondFactorState(
  db: Db,
  serviceId: string,
  tokenHash: string,
  state: { webauthnChallenge?: string | null; pendingTotpSecret?: string | null },
): Promise<void> {
  await db
    .update(sessions)
    .set(state)
    .where(and(eq(sessions.serviceId, serviceId), eq(sessions.tokenHash, tokenHash)));
}

/** Reads this session's WebAuthn challenge (for a signed-in user adding a passkey). */
export async function sessionChallenge(
  db: Db,
  serviceId: string,
  tokenHash: string,
): Promise<string | null> {
  const rows = await db
    .select({ c: sessions.webauthnChallenge })
    .from(sessions)
    .where(and(eq(sessions.serviceId, serviceId), eq(sessions.tokenHash, tokenHash)))
    .limit(1);
  return rows[0]?.c ?? null;
}

export function setSessionCookie(
  reply: FastifyReply,
  settings: CookieSettings,
  token: string,
): void {
  reply.setCookie(sessionCookieName(settings), token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: settings.secure,
    // No maxAge: a browser session cookie; the server enforces idle and absolute limits.
  });
}

export function clearSessionCookie(reply: FastifyReply, settings: CookieSettings): void {
  reply.clearCookie(sessionCookieName(settings), {
    path: '/',
    secure: settings.secure,
    httpOnly: true,
    sameSite: 'lax',
  });
}

/**
 * Ends a session. Says which OpenID provider it was signed in through (null for a password, or
 * when there was no such session), so that signing out can end the session there too.
 */
export async function deleteSession(
  db: Db,
  serviceId: string,
  tokenHash: string,
): Promise<OidcKind | null> {
  const [ended] = await db
    .delete(sessions)
    .where(and(eq(sessions.serviceId, serviceId), eq(sessions.tokenHash, tokenHash)))
    .returning({ signedInWith: sessions.signedInWith });
  return ended?.signedInWith ?? null;
}

/**
 * Ends a person's sessions that came through one OpenID provider (their link to it was removed);
 * their other sessions stay. Returns the ended sessions' token hashes, to close their sockets.
 */
export async function deleteSessionsSignedInWith(
  db: Db,
  serviceId: string,
  userId: string,
  signedInWith: OidcKind,
): Promise<string[]> {
  const ended = await db
    .delete(sessions)
    .where(
      and(
        eq(sessions.serviceId, serviceId),
        eq(sessions.userId, userId),
        eq(sessions.signedInWith, signedInWith),
      ),
    )
    .returning({ tokenHash: sessions.tokenHash });
  return ended.map((s) => s.tokenHash);
}

export async function deleteAllSessions(
  db: Db,
  serviceId: string,
  userId: string,
): Promise<number> {
  const rows = await db
    .delete(sessions)
    .where(and(eq(sessions.serviceId, serviceId), eq(sessions.userId, userId)))
    .returning({ t: sessions.tokenHash });
  return rows.length;
}

/**
 * The signed-in session and its user in one statement (a session half-way through sign-in is
 * nobody). Every request runs it, so it is built once (src/db/statement.ts).
 */
const sessionLookup = builtOnce((db) =>
  db
    .select({
      userId: users.id,
      email: users.email,
      displayName: users.displayName,
      roles: users.roles,
      active: users.active,
      createdAt: sessions.createdAt,
      lastSeenAt: sessions.lastSeenAt,
    })
    .from(sessions)
    .innerJoin(users, and(eq(users.serviceId, sessions.serviceId), eq(users.id, sessions.userId)))
    .where(
      and(
        eq(sessions.serviceId, sql.placeholder('serviceId')),
        eq(sessions.tokenHash, sql.placeholder('tokenHash')),
        eq(sessions.secondStepPending, false),
      ),
    )
    .limit(1),
);

/**
 * The browser's session timeout script (src/client/session.ts) asks these: `alive` counts as
 * activity (someone typing, or choosing "Stay signed in"); `status` only asks whether the session
 * is still there, so checking at the end of the idle time never extends it.
 */
export const SESSION_ALIVE_PATH = '/session/alive';
export const SESSION_STATUS_PATH = '/session/status';

/** Looks the cookie up; expired sessions are deleted and treated as absent. */
export async function resolveSession(
  db: Db,
  clock: Clock,
  request: FastifyRequest,
  settings: CookieSettings,
): Promise<AuthUser | null> {
  const tokenHash = sessionTokenHashFrom(request, settings);
  if (!tokenHash) return null;
  const touch = request.url !== SESSION_STATUS_PATH;
  return resolveSessionByHash(db, clock, request.service.id, tokenHash, { touch });
}

/**
 * The session behind a token hash, or null when it is gone or expired (then deleted).
 * `touch: false` checks without counting as activity (a socket's periodic re-check).
 */
export async function resolveSessionByHash(
  db: Db,
  clock: Clock,
  serviceId: string,
  tokenHash: string,
  options: { touch?: boolean } = {},
): Promise<AuthUser | null> {
  const rows = await sessionLookup(db, { serviceId, tokenHash });
  const row = rows[0];
  if (!row) return null;
  const now = clock.now().getTime();
  const idle = now - row.lastSeenAt.getTime();
  const age = now - row.createdAt.getTime();
  if (!row.active || idle > idleLimitFor(row.roles) || age > ABSOLUTE_MS) {
    await deleteSession(db, serviceId, tokenHash);
    return null;
  }
  if (options.touch !== false && idle > TOUCH_EVERY_MS) {
    await db
      .update(sessions)
      .set({ lastSeenAt: clock.now() })
      .where(and(eq(sessions.serviceId, serviceId), eq(sessions.tokenHash, tokenHash)));
  }
  return {
    serviceId,
    userId: row.userId,
    email: row.email,
    displayName: row.displayName,
    roles: row.roles,
    sessionTokenHash: tokenHash,
  };
}

/** Housekeeping: removes sessions past the absolute limit or idle beyond the longest idle limit. */
export async function purgeExpiredSessions(db: Db, clock: Clock): Promise<void> {
  const now = clock.now().getTime();
  await db
    .delete(sessions)
    .where(
      or(
        lt(sessions.createdAt, new Date(now - ABSOLUTE_MS)),
        lt(sessions.lastSeenAt, new Date(now - OTHER_IDLE_MS)),
      ),
    );
}
