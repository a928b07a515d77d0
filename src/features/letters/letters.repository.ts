import { and, desc, eq, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { builtOnce } from '../../db/statement';
import {
  discharges,
  letters,
  onwardReferrals,
  outboxMessages,
  patients,
  users,
  type LetterKind,
} from '../../db/schema';

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
        eq(letters.toGp, true),
        isNull(letters.gpSentAnotherWayAt),
      ),
    )
    .returning({ id: letters.id });
  return rows.length > 0;
}

/**
 * Letters for the GP practice that have not reached it (a discharge GP letter, or an onward
 * referral copied to the GP), written by whoever `writtenBy` picks, with who wrote them: no email
 * on its way or sent (it failed, was only logged, or there was no practice email), and not
 * recorded as sent another way. Reads the outbox by the letter's key (`letter:<id>:gp`,
 * letters.delivery), and the discharge or onward referral the letter belongs to (its source,
 * `discharge:<id>:gp` from courses.discharge or `onward:<id>` from triage.onward) for the page
 * where it can be sent. Runs on clinicians' home pages, so each use is built once.
 */
const gpLettersNotDeliveredBy = (db: Db, writtenBy: SQL) =>
  db
    .select({
      letterId: letters.id,
      kind: letters.kind,
      courseId: discharges.courseId,
      referralId: onwardReferrals.referralId,
      patientId: letters.patientId,
      givenName: patients.givenName,
      familyName: patients.familyName,
      writtenAt: letters.createdAt,
      writer: users.displayName,
      emailStatus: outboxMessages.status,
    })
    .from(letters)
    .innerJoin(
      patients,
      and(eq(patients.serviceId, letters.serviceId), eq(patients.id, letters.patientId)),
    )
    .innerJoin(users, and(eq(users.serviceId, letters.serviceId), eq(users.id, letters.createdBy)))
    .leftJoin(
      discharges,
      and(
        eq(letters.kind, 'discharge_gp'),
        eq(discharges.serviceId, letters.serviceId),
        sql`${discharges.id} = split_part(${letters.sourceKey}, ':', 2)::uuid`,
      ),
    )
    .leftJoin(
      onwardReferrals,
      and(
        eq(letters.kind, 'onward_referral'),
        eq(onwardReferrals.serviceId, letters.serviceId),
        sql`${onwardReferrals.id} = split_part(${letters.sourceKey}, ':', 2)::uuid`,
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
        writtenBy,
        // In the SQL text, not a parameter, so a prepared plan can use the partial index.
        sql`${letters.toGp}`,
        isNull(letters.gpSentAnotherWayAt),
        or(
          isNull(outboxMessages.id),
          inArray(outboxMessages.status, ['failed', 'logged', 'cancelled']),
        ),
      ),
    )
    .orderBy(letters.createdAt);

const notDeliveredByWriter = builtOnce((db) =>
  gpLettersNotDeliveredBy(db, eq(letters.createdBy, sql.placeholder('createdBy'))),
);
/** Written by staff whose access has been removed: nobody else would see these. */
const notDeliveredByFormerStaff = builtOnce((db) =>
  gpLettersNotDeliveredBy(db, eq(users.active, false)),
);

export async function gpLettersNotDelivered(db: Db, serviceId: string, createdBy: string) {
  return notDeliveredByWriter(db, { serviceId, createdBy });
}

export async function gpLettersNotDeliveredByFormerStaff(db: Db, serviceId: string) {
  return notDeliveredByFormerStaff(db, { serviceId });
}
