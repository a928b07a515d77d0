import { and, eq, isNull, lt } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { identityLinks, oidcSignInFlows, users, type OidcKind, type Role } from '../../db/schema';

export async function insertFlow(
  db: Db,
  row: {
    serviceId: string;
    kind: OidcKind;
    state: string;
    nonce: string;
    codeVerifier: string;
    next: string;
    createdAt: Date;
  },
): Promise<string> {
  const [inserted] = await db
    .insert(oidcSignInFlows)
    .values(row)
    .returning({ id: oidcSignInFlows.id });
  if (!inserted) throw new Error('sign-in flow not stored');
  return inserted.id;
}

export async function findFlow(db: Db, serviceId: string, id: string, kind: OidcKind) {
  const rows = await db
    .select()
    .from(oidcSignInFlows)
    .where(
      and(
        eq(oidcSignInFlows.serviceId, serviceId),
        eq(oidcSignInFlows.id, id),
        eq(oidcSignInFlows.kind, kind),
      ),
    )
    .limit(1);
  return rows[0] ?? null;
}

export type FlowRow = NonNullable<Awaited<ReturnType<typeof findFlow>>>;

/** Marks the callback as used; false when it already was (a replayed callback). */
export async function claimCallback(
  db: Db,
  serviceId: string,
  id: string,
  at: Date,
): Promise<boolean> {
  const rows = await db
    .update(oidcSignInFlows)
    .set({ callbackAt: at })
    .where(
      and(
        eq(oidcSignInFlows.serviceId, serviceId),
        eq(oidcSignInFlows.id, id),
        isNull(oidcSignInFlows.callbackAt),
      ),
    )
    .returning({ id: oidcSignInFlows.id });
  return rows.length === 1;
}

export async function setPendingLink(
  db: Db,
  serviceId: string,
  id: string,
  pending: { issuer: string; subject: string; userId: string; patientId: string },
): Promise<void> {
  await db
    .update(oidcSignInFlows)
    .set({
      pendingIssuer: pending.issuer,
      pendingSubject: pending.subject,
      pendingUserId: pending.userId,
      pendingPatientId: pending.patientId,
    })
    .where(and(eq(oidcSignInFlows.serviceId, serviceId), eq(oidcSignInFlows.id, id)));
}

export async function deleteFlow(db: Db, serviceId: string, id: string): Promise<void> {
  await db
    .delete(oidcSignInFlows)
    .where(and(eq(oidcSignInFlows.serviceId, serviceId), eq(oidcSignInFlows.id, id)));
}

/** Housekeeping for flows abandoned at the provider: they are useless after their time limit. */
export async function deleteFlowsBefore(db: Db, serviceId: string, before: Date): Promise<void> {
  await db
    .delete(oidcSignInFlows)
    .where(and(eq(oidcSignInFlows.serviceId, serviceId), lt(oidcSignInFlows.createdAt, before)));
}

export async function findLinkBySubject(
  db: Db,
  serviceId: string,
  kind: OidcKind,
  issuer: string,
  subject: string,
) {
  const rows = await db
    .select()
    .from(identityLinks)
    .where(
      and(
        eq(identityLinks.serviceId, serviceId),
        eq(identityLinks.kind, kind),
        eq(identityLinks.issuer, issuer),
        eq(identityLinks.subject, subject),
      ),
    )
    .limit(1);
  return rows[0] ?? null;
}

export async function findLinkByUser(db: Db, serviceId: string, kind: OidcKind, userId: string) {
  const rows = await db
    .select()
    .from(identityLinks)
    .where(
      and(
        eq(identityLinks.serviceId, serviceId),
        eq(identityLinks.kind, kind),
        eq(identityLinks.userId, userId),
      ),
    )
    .limit(1);
  return rows[0] ?? null;
}

/** Which providers each account of the service signs in with. */
export async function linkKindsByUser(db: Db, serviceId: string) {
  const rows = await db
    .select({ userId: identityLinks.userId, kind: identityLinks.kind })
    .from(identityLinks)
    .where(eq(identityLinks.serviceId, serviceId));
  const kinds = new Map<string, OidcKind[]>();
  for (const r of rows) kinds.set(r.userId, [...(kinds.get(r.userId) ?? []), r.kind]);
  return kinds;
}

export async function insertLink(
  db: Db,
  row: {
    serviceId: string;
    kind: OidcKind;
    issuer: string;
    subject: string;
    userId: string;
    patientId: string | null;
    createdAt: Date;
  },
): Promise<string> {
  const [inserted] = await db
    .insert(identityLinks)
    .values({ ...row, lastUsedAt: row.createdAt })
    .returning({ id: identityLinks.id });
  if (!inserted) throw new Error('identity link not stored');
  return inserted.id;
}

export async function deleteLink(db: Db, serviceId: string, id: string): Promise<void> {
  await db
    .delete(identityLinks)
    .where(and(eq(identityLinks.serviceId, serviceId), eq(identityLinks.id, id)));
}

export async function touchLink(db: Db, serviceId: string, id: string, at: Date): Promise<void> {
  await db
    .update(identityLinks)
    .set({ lastUsedAt: at })
    .where(and(eq(identityLinks.serviceId, serviceId), eq(identityLinks.id, id)));
}

export async function setUserRoles(
  db: Db,
  serviceId: string,
  userId: string,
  roles: Role[],
): Promise<void> {
  await db
    .update(users)
    .set({ roles })
    .where(and(eq(users.serviceId, serviceId), eq(users.id, userId)));
}
