import { and, arrayContains, asc, count, eq, gt, isNull, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { signInFailures, users, userTokens, type Role, type TokenPurpose } from '../../db/schema';

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export async function findUserByEmail(db: Db, serviceId: string, email: string) {
  const rows = await db
    .select()
    .from(users)
    .where(and(eq(users.serviceId, serviceId), eq(users.emailNormalised, normaliseEmail(email))))
    .limit(1);
  return rows[0] ?? null;
}

/** A user by id, their row locked until the transaction ends (an invitation sent again). */
export async function lockUserById(db: Db, serviceId: string, userId: string) {
  const rows = await db
    .select()
    .from(users)
    .where(and(eq(users.serviceId, serviceId), eq(users.id, userId)))
    .for('update');
  return rows[0] ?? null;
}

export async function findUserById(db: Db, serviceId: string, userId: string) {
  const rows = await db
    .select()
    .from(users)
    .where(and(eq(users.serviceId, serviceId), eq(users.id, userId)))
    .limit(1);
  return rows[0] ?? null;
}

export async function insertUser(
  db: Db,
  values: {
    serviceId: string;
    email: string;
    displayName: string;
    roles: Role[];
    passwordHash?: string | null;
    createdAt: Date;
  },
) {
  const rows = await db
    .insert(users)
    .values({
      serviceId: values.serviceId,
      email: values.email.trim(),
      emailNormalised: normaliseEmail(values.email),
      displayName: values.displayName.trim(),
      roles: values.roles,
      passwordHash: values.passwordHash ?? null,
      passwordChangedAt: values.passwordHash ? values.createdAt : null,
      createdAt: values.createdAt,
    })
    .returning();
  const row = rows[0];
  if (!row) throw new Error('insert returned no row');
  return row;
}

export async function setPasswordHash(
  db: Db,
  serviceId: string,
  userId: string,
  passwordHash: string,
  at: Date,
) {
  await db
    .update(users)
    .set({ passwordHash, passwordChangedAt: at })
    .where(and(eq(users.serviceId, serviceId), eq(users.id, userId)));
}

/** The service's managers who can sign in. */
const activeManagersOf = (serviceId: string) =>
  and(
    eq(users.serviceId, serviceId),
    arrayContains(users.roles, ['service_manager']),
    eq(users.active, true),
  );

/**
 * The service's managers who can sign in, with their email: who is told when something needs the
 * service (a question escalated, a crisis post with no moderator).
 */
export async function activeServiceManagers(db: Db, serviceId: string) {
  return db
    .select({ id: users.id, email: users.email })
    .from(users)
    .where(activeManagersOf(serviceId))
    .orderBy(asc(users.id));
}

export async function countServiceManagers(db: Db, serviceId: string): Promise<number> {
  const rows = await db.select({ n: count() }).from(users).where(activeManagersOf(serviceId));
  return rows[0]?.n ?? 0;
}

export async function listUsers(db: Db, serviceId: string) {
  return db.select().from(users).where(eq(users.serviceId, serviceId)).orderBy(users.displayName);
}

export async function insertToken(
  db: Db,
  values: {
    serviceId: string;
    tokenHash: string;
    userId: string | null;
    purpose: TokenPurpose;
    expiresAt: Date;
    createdAt: Date;
  },
) {
  await db.insert(userTokens).values(values);
}

/** A live token: right purpose, not used, not expired. */
export async function findLiveToken(
  db: Db,
  serviceId: string,
  tokenHash: string,
  purposes: TokenPurpose[],
  now: Date,
) {
  const rows = await db
    .select()
    .from(userTokens)
    .where(
      and(
        eq(userTokens.serviceId, serviceId),
        eq(userTokens.tokenHash, tokenHash),
        isNull(userTokens.usedAt),
        gt(userTokens.expiresAt, now),
      ),
    )
    .limit(1);
  const row = rows[0];
  return row && purposes.includes(row.purpose) ? row : null;
}

/** Marks a token used; returns false if someone used it first (single use under a race too). */
export async function consumeToken(
  db: Db,
  serviceId: string,
  tokenHash: string,
  now: Date,
): Promise<boolean> {
  const rows = await db
    .update(userTokens)
    .set({ usedAt: now })
    .where(
      and(
        eq(userTokens.serviceId, serviceId),
        eq(userTokens.tokenHash, tokenHash),
        isNull(userTokens.usedAt),
      ),
    )
    .returning({ t: userTokens.tokenHash });
  return rows.length === 1;
}

export async function expireUnusedTokens(
  db: Db,
  serviceId: string,
  purpose: TokenPurpose,
  userId: string | null,
  now: Date,
) {
  await db
    .update(userTokens)
    .set({ expiresAt: now })
    .where(
      and(
        eq(userTokens.serviceId, serviceId),
        eq(userTokens.purpose, purpose),
        userId ? eq(userTokens.userId, userId) : isNull(userTokens.userId),
        isNull(userTokens.usedAt),
        gt(userTokens.expiresAt, now),
      ),
    );
}

export async function recordSignInFailure(
  db: Db,
  values: {
    serviceId: string;
    emailNormalised: string;
    ip: string;
    knownDevice: boolean;
    at: Date;
  },
) {
  await db.insert(signInFailures).values(values);
}

export interface FailureWindow {
  count: number;
  latest: Date | null;
}

export async function failuresForAccount(
  db: Db,
  serviceId: string,
  emailNormalised: string,
  knownDevice: boolean,
  since: Date,
): Promise<FailureWindow> {
  const rows = await db
    .select({ n: count(), latest: sql<string | null>`max(${signInFailures.at})` })
    .from(signInFailures)
    .where(
      and(
        eq(signInFailures.serviceId, serviceId),
        eq(signInFailures.emailNormalised, emailNormalised),
        eq(signInFailures.knownDevice, knownDevice),
        gt(signInFailures.at, since),
      ),
    );
  return toWindow(rows[0]);
}

export async function failuresForIp(
  db: Db,
  serviceId: string,
  ip: string,
  since: Date,
): Promise<FailureWindow> {
  const rows = await db
    .select({ n: count(), latest: sql<string | null>`max(${signInFailures.at})` })
    .from(signInFailures)
    .where(
      and(
        eq(signInFailures.serviceId, serviceId),
        eq(signInFailures.ip, ip),
        gt(signInFailures.at, since),
      ),
    );
  return toWindow(rows[0]);
}

function toWindow(row: { n: number; latest: string | Date | null } | undefined): FailureWindow {
  if (!row || row.n === 0 || !row.latest) return { count: 0, latest: null };
  return { count: row.n, latest: new Date(row.latest) };
}

/** The owner's own failures, made on browsers that have signed in to this account before. */
export async function clearKnownDeviceFailures(db: Db, serviceId: string, emailNormalised: string) {
  await db
    .delete(signInFailures)
    .where(
      and(
        eq(signInFailures.serviceId, serviceId),
        eq(signInFailures.emailNormalised, emailNormalised),
        eq(signInFailures.knownDevice, true),
      ),
    );
}

/**
 * The service's active managers, locked until the transaction ends: two managers removing each
 * other at once are counted one after the other, so the service always keeps one.
 */
export async function lockActiveManagers(db: Db, serviceId: string): Promise<string[]> {
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .where(activeManagersOf(serviceId))
    .for('update');
  return rows.map((r) => r.id);
}

/**
 * Locks a colleague's row with the active managers' rows, in id order so that two managers
 * changing each other at once wait rather than deadlock. While it is held, nothing can allocate
 * them a course (allocation reads the therapist `for share`) or change their roles.
 */
export async function lockColleagueWithManagers(db: Db, serviceId: string, userId: string) {
  await db
    .select({ id: users.id })
    .from(users)
    .where(
      and(eq(users.serviceId, serviceId), or(eq(users.id, userId), activeManagersOf(serviceId))),
    )
    .orderBy(asc(users.id))
    .for('update');
}

export async function setUserRoles(db: Db, serviceId: string, userId: string, roles: Role[]) {
  await db
    .update(users)
    .set({ roles })
    .where(and(eq(users.serviceId, serviceId), eq(users.id, userId)));
}

export async function setUserActive(
  db: Db,
  serviceId: string,
  userId: string,
  active: boolean,
): Promise<boolean> {
  const rows = await db
    .update(users)
    .set({ active })
    .where(and(eq(users.serviceId, serviceId), eq(users.id, userId), eq(users.active, !active)))
    .returning({ id: users.id });
  return rows.length > 0;
}
