import { and, count, desc, eq, inArray, isNull } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { patientMessages } from '../../db/schema';

export type NewMessage = typeof patientMessages.$inferInsert;

/** Stores a message once per source: a retried request finds the one already stored. */
export async function insertMessage(db: Db, message: NewMessage) {
  const [row] = await db
    .insert(patientMessages)
    .values(message)
    .onConflictDoNothing({ target: [patientMessages.serviceId, patientMessages.sourceKey] })
    .returning();
  return row ?? null;
}

export async function listMessages(
  db: Db,
  serviceId: string,
  q: { patientId: string; limit: number; offset: number },
) {
  const where = and(
    eq(patientMessages.serviceId, serviceId),
    eq(patientMessages.patientId, q.patientId),
  );
  // One after the other: inside a request's transaction both run on one client.
  const rows = await db
    .select()
    .from(patientMessages)
    .where(where)
    .orderBy(desc(patientMessages.createdAt), desc(patientMessages.id))
    .limit(q.limit)
    .offset(q.offset);
  const totals = await db.select({ n: count() }).from(patientMessages).where(where);
  return { rows, total: totals[0]?.n ?? 0 };
}

export async function markRead(db: Db, serviceId: string, ids: string[], at: Date) {
  if (ids.length === 0) return;
  await db
    .update(patientMessages)
    .set({ readAt: at })
    .where(
      and(
        eq(patientMessages.serviceId, serviceId),
        inArray(patientMessages.id, ids),
        isNull(patientMessages.readAt),
      ),
    );
}
