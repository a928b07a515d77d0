import { and, desc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { letters, type LetterKind } from '../../db/schema';

export type LetterRow = typeof letters.$inferSelect;

/** Writes a letter once per source: a retried request finds the one already written. */
export async function insertLetter(db: Db, letter: typeof letters.$inferInsert) {
  const [row] = await db
    .insert(letters)
    .values(letter)
    .onConflictDoNothing({ target: [letters.serviceId, letters.sourceKey] })
    .returning();
  if (row) return row;
  const [existing] = await db
    .select()
    .from(letters)
    .where(and(eq(letters.serviceId, letter.serviceId), eq(letters.sourceKey, letter.sourceKey)));
  return existing ?? null;
}

export async function findLetter(db: Db, serviceId: string, letterId: string) {
  const rows = await db
    .select()
    .from(letters)
    .where(and(eq(letters.serviceId, serviceId), eq(letters.id, letterId)))
    .limit(1);
  return rows[0] ?? null;
}

export async function listLetters(
  db: Db,
  serviceId: string,
  patientId: string,
  kinds: readonly LetterKind[],
) {
  return db
    .select()
    .from(letters)
    .where(
      and(
        eq(letters.serviceId, serviceId),
        eq(letters.patientId, patientId),
        inArray(letters.kind, [...kinds]),
      ),
    )
    .orderBy(desc(letters.createdAt));
}
