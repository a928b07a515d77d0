import { and, asc, eq, lt } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { apiClientAssertions, apiClients, type PublicJwk } from '../../db/schema';

export type ApiClientRow = typeof apiClients.$inferSelect;

export async function listClients(db: Db, serviceId: string) {
  return db
    .select()
    .from(apiClients)
    .where(eq(apiClients.serviceId, serviceId))
    .orderBy(asc(apiClients.name), asc(apiClients.createdAt));
}

export async function findClient(db: Db, serviceId: string, id: string) {
  const rows = await db
    .select()
    .from(apiClients)
    .where(and(eq(apiClients.serviceId, serviceId), eq(apiClients.id, id)))
    .limit(1);
  return rows[0] ?? null;
}

export async function insertClient(
  db: Db,
  values: {
    serviceId: string;
    name: string;
    scopes: string[];
    jwks: { keys: PublicJwk[] };
    createdAt: Date;
    createdBy: string;
  },
) {
  const [row] = await db.insert(apiClients).values(values).returning();
  if (!row) throw new Error('insert returned no row');
  return row;
}

export async function deactivateClient(db: Db, serviceId: string, id: string, at: Date) {
  await db
    .update(apiClients)
    .set({ active: false, deactivatedAt: at })
    .where(and(eq(apiClients.serviceId, serviceId), eq(apiClients.id, id)));
}

/** Records an assertion's jti; false when it was used before (a replay). */
export async function useAssertion(
  db: Db,
  values: { serviceId: string; clientId: string; jti: string; expiresAt: Date },
  now: Date,
): Promise<boolean> {
  // Expired jtis can no longer be replayed (the assertion itself has expired): forget them.
  await db
    .delete(apiClientAssertions)
    .where(
      and(
        eq(apiClientAssertions.serviceId, values.serviceId),
        lt(apiClientAssertions.expiresAt, new Date(now.getTime() - 60_000)),
      ),
    );
  const rows = await db
    .insert(apiClientAssertions)
    .values(values)
    .onConflictDoNothing()
    .returning({ jti: apiClientAssertions.jti });
  return rows.length === 1;
}
