import { and, asc, eq, isNull, lt, or } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { userRecoveryCodes, userSecondFactors, type SecondFactorKind } from '../../db/schema';

export type SecondFactorRow = typeof userSecondFactors.$inferSelect;

export function factorsOf(db: Db, serviceId: string, userId: string): Promise<SecondFactorRow[]> {
  return db
    .select()
    .from(userSecondFactors)
    .where(and(eq(userSecondFactors.serviceId, serviceId), eq(userSecondFactors.userId, userId)))
    .orderBy(asc(userSecondFactors.createdAt));
}

/** Each account's second factors by kind, for the users list ("Authenticator app, 2 passkeys"). */
export async function factorKindsByUser(
  db: Db,
  serviceId: string,
): Promise<Map<string, SecondFactorKind[]>> {
  const rows = await db
    .select({ userId: userSecondFactors.userId, kind: userSecondFactors.kind })
    .from(userSecondFactors)
    .where(eq(userSecondFactors.serviceId, serviceId))
    .orderBy(asc(userSecondFactors.createdAt));
  const byUser = new Map<string, SecondFactorKind[]>();
  for (const row of rows) byUser.set(row.userId, [...(byUser.get(row.userId) ?? []), row.kind]);
  return byUser;
}

export async function insertFactor(
  db: Db,
  values: {
    serviceId: string;
    userId: string;
    kind: SecondFactorKind;
    name: string;
    totpSecret?: string;
    totpLastStep?: number;
    credentialId?: string;
    publicKey?: string;
    signCount?: number;
    transports?: string[];
    createdAt: Date;
  },
): Promise<void> {
  await db.insert(userSecondFactors).values(values);
}

/**
 * Records a TOTP step as used, only if it is later than the last one: two requests racing with
 * the same code cannot both win.
 */
export async function claimTotpStep(
  db: Db,
  serviceId: string,
  factorId: string,
  step: number,
  at: Date,
): Promise<boolean> {
  const rows = await db
    .update(userSecondFactors)
    .set({ totpLastStep: step, lastUsedAt: at })
    .where(
      and(
        eq(userSecondFactors.serviceId, serviceId),
        eq(userSecondFactors.id, factorId),
        or(isNull(userSecondFactors.totpLastStep), lt(userSecondFactors.totpLastStep, step)),
      ),
    )
    .returning({ last: userSecondFactors.totpLastStep });
  return rows.length === 1;
}

export async function updatePasskeyUse(
  db: Db,
  serviceId: string,
  factorId: string,
  signCount: number,
  at: Date,
): Promise<void> {
  await db
    .update(userSecondFactors)
    .set({ signCount, lastUsedAt: at })
    .where(and(eq(userSecondFactors.serviceId, serviceId), eq(userSecondFactors.id, factorId)));
}

export async function deleteFactorsOf(db: Db, serviceId: string, userId: string): Promise<number> {
  const rows = await db
    .delete(userSecondFactors)
    .where(and(eq(userSecondFactors.serviceId, serviceId), eq(userSecondFactors.userId, userId)))
    .returning({ id: userSecondFactors.id });
  await db
    .delete(userRecoveryCodes)
    .where(and(eq(userRecoveryCodes.serviceId, serviceId), eq(userRecoveryCodes.userId, userId)));
  return rows.length;
}

export async function replaceRecoveryCodes(
  db: Db,
  serviceId: string,
  userId: string,
  hashes: string[],
  at: Date,
): Promise<void> {
  await db
    .delete(userRecoveryCodes)
    .where(and(eq(userRecoveryCodes.serviceId, serviceId), eq(userRecoveryCodes.userId, userId)));
  if (hashes.length > 0)
    await db
      .insert(userRecoveryCodes)
      .values(hashes.map((codeHash) => ({ serviceId, userId, codeHash, createdAt: at })));
}

export function unusedRecoveryCodes(db: Db, serviceId: string, userId: string) {
  return db
    .select()
    .from(userRecoveryCodes)
    .where(
      and(
        eq(userRecoveryCodes.serviceId, serviceId),
        eq(userRecoveryCodes.userId, userId),
        isNull(userRecoveryCodes.usedAt),
      ),
    );
}

/** Marks a recovery code used; false if it was used first by another request. */
export async function useRecoveryCode(
  db: Db,
  serviceId: string,
  id: string,
  at: Date,
): Promise<boolean> {
  const rows = await db
    .update(userRecoveryCodes)
    .set({ usedAt: at })
    .where(
      and(
        eq(userRecoveryCodes.serviceId, serviceId),
        eq(userRecoveryCodes.id, id),
        isNull(userRecoveryCodes.usedAt),
      ),
    )
    .returning({ id: userRecoveryCodes.id });
  return rows.length === 1;
}
