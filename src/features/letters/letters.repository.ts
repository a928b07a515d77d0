import { and, desc, eq, inArray, isNull, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { builtOnce } from '../../db/statement';
import { discharges, letters, outboxMessages, patients, type LetterKind } from '../../db/schema';

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

/** Records that a GP letter email did not deliver was sent another way; once (null before). */
export async function markGpLetterSentAnotherWay(
  db: Db,
  serviceId: string,
  letterId: string,
  by: string,
  at: Date,
): Promise<boolean> {
  const rows = await db
    .update(letters)
    .set({ gpSentAnotherWayAt: at, gpSentAnotherWayBy: by })
    .where(
      and(
        eq(letters.serviceId, serviceId),
        eq(letters.id, letterId),
        eq(letters.kind, 'discharge_gp'),
        isNull(letters.gpSentAnotherWayAt),
      ),
    )
    .returning({ id: letters.id });
  return rows.length > 0;
}

/**
 * A clinician's discharge GP letters that have not reached the practice: no email on its way or
 * sent (it failed, was only logged, or there was no practice email), and not recorded as sent
 * another way. Reads the outbox by the letter's key (`letter:<id>:gp`, letters.delivery) and the
 * discharge for its course. Runs on the therapist's home page, so it is built once.
 */
const gpLettersNotDeliveredStatement = builtOnce((db) =>
  db
    .select({
      letterId: letters.id,
      courseId: discharges.courseId,
      patientId: letters.patientId,
      givenName: patients.givenName,
      familyName: patients.familyName,
      writtenAt: letters.createdAt,
      emailStatus: outboxMessages.status,
    })
    .from(letters)
    .innerJoin(
      patients,
      and(eq(patients.serviceId, letters.serviceId), eq(patients.id, letters.patientId)),
    )
    // The GP letter's source is `discharge:<discharge id>:gp` (courses.discharge).
    .innerJoin(
      discharges,
      and(
        eq(discharges.serviceId, letters.serviceId),
        sql`${discharges.id} = split_part(${letters.sourceKey}, ':', 2)::uuid`,
      ),
    )
    .leftJoin(
      outboxMessages,
      and(
        eq(outboxMessages.serviceId, letters.serviceId),
        sql`${outboxMessages.idempotencyKey} = 'letter:' || ${letters.id} || ':gp'`,
      ),
    )
    .where(
      and(
        eq(letters.serviceId, sql.placeholder('serviceId')),
        eq(letters.createdBy, sql.placeholder('createdBy')),
        eq(letters.kind, 'discharge_gp'),
        isNull(letters.gpSentAnotherWayAt),
        or(
          isNull(outboxMessages.id),
          inArray(outboxMessages.status, ['failed', 'logged', 'cancelled']),
        ),
      ),
    )
    .orderBy(letters.createdAt),
);

export async function gpLettersNotDelivered(db: Db, serviceId: string, createdBy: string) {
  return gpLettersNotDeliveredStatement(db, { serviceId, createdBy });
}
