import { and, asc, desc, eq, isNull, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { builtOnce } from '../../db/statement';
import { onwardReferrals, patients, referrals, users, type OnwardSentWay } from '../../db/schema';

export type OnwardReferralRow = typeof onwardReferrals.$inferSelect;

export async function insertOnwardReferral(db: Db, row: typeof onwardReferrals.$inferInsert) {
  const [inserted] = await db.insert(onwardReferrals).values(row).returning();
  if (!inserted) throw new Error('onward referral insert returned no row');
  return inserted;
}

export async function setOnwardLetter(db: Db, row: OnwardReferralRow, letterId: string) {
  await db
    .update(onwardReferrals)
    .set({ letterId })
    .where(and(eq(onwardReferrals.serviceId, row.serviceId), eq(onwardReferrals.id, row.id)));
}

export async function onwardReferralsFor(db: Db, serviceId: string, referralId: string) {
  return db
    .select()
    .from(onwardReferrals)
    .where(
      and(eq(onwardReferrals.serviceId, serviceId), eq(onwardReferrals.referralId, referralId)),
    )
    .orderBy(desc(onwardReferrals.createdAt));
}

/** The receiving services this service has referred to before: the list grows as staff add. */
export async function knownReceivingServices(db: Db, serviceId: string): Promise<string[]> {
  const rows = await db
    .selectDistinct({ name: onwardReferrals.receivingService })
    .from(onwardReferrals)
    .where(eq(onwardReferrals.serviceId, serviceId))
    .orderBy(asc(onwardReferrals.receivingService))
    .limit(200);
  return rows.map((r) => r.name);
}

/** The referral ends here: the person's care moves to the receiving service. */
export async function closeReferredOn(
  db: Db,
  serviceId: string,
  referralId: string,
  at: Date,
  note: string,
) {
  await db
    .update(referrals)
    .set({ closedAt: at, closedNote: note, updatedAt: at })
    .where(
      and(
        eq(referrals.serviceId, serviceId),
        eq(referrals.id, referralId),
        sql`${referrals.closedAt} is null`,
      ),
    );
}

/** How the person gets their letters, as agreed at the assessment (H27). */
export async function setLetterPreferences(
  db: Db,
  serviceId: string,
  patientId: string,
  prefs: { gpEmail: string | null; allowLettersByEmail: boolean },
) {
  await db
    .update(patients)
    .set({
      allowLettersByEmail: prefs.allowLettersByEmail,
      ...(prefs.gpEmail === null ? {} : { gpEmail: prefs.gpEmail }),
    })
    .where(and(eq(patients.serviceId, serviceId), eq(patients.id, patientId)));
}

/**
 * Records that the letter was sent to the receiving service, once: a second record (a double
 * click, or a colleague at the same time) changes nothing and answers false.
 */
export async function markOnwardSent(
  db: Db,
  serviceId: string,
  where: { referralId: string; onwardId: string },
  sent: { at: Date; by: string; how: OnwardSentWay },
): Promise<OnwardReferralRow | null> {
  const [row] = await db
    .update(onwardReferrals)
    .set({ sentAt: sent.at, sentBy: sent.by, sentHow: sent.how })
    .where(
      and(
        eq(onwardReferrals.serviceId, serviceId),
        eq(onwardReferrals.id, where.onwardId),
        eq(onwardReferrals.referralId, where.referralId),
        isNull(onwardReferrals.sentAt),
      ),
    )
    .returning();
  return row ?? null;
}

/**
 * Onward referrals whose letter is not yet recorded as sent, made by whoever `madeBy` picks, with
 * who made them. On clinicians' home pages, so each use is built once (docs/adr/0031); they read
 * the partial index of unsent ones.
 */
const unsentOnward = (db: Db, madeBy: SQL) =>
  db
    .select({
      onwardId: onwardReferrals.id,
      referralId: onwardReferrals.referralId,
      patientId: onwardReferrals.patientId,
      givenName: patients.givenName,
      familyName: patients.familyName,
      receivingService: onwardReferrals.receivingService,
      urgency: onwardReferrals.urgency,
      referredAt: onwardReferrals.createdAt,
      madeBy: users.displayName,
    })
    .from(onwardReferrals)
    .innerJoin(
      patients,
      and(
        eq(patients.serviceId, onwardReferrals.serviceId),
        eq(patients.id, onwardReferrals.patientId),
      ),
    )
    .innerJoin(
      users,
      and(eq(users.serviceId, onwardReferrals.serviceId), eq(users.id, onwardReferrals.createdBy)),
    )
    .where(
      and(
        eq(onwardReferrals.serviceId, sql.placeholder('serviceId')),
        isNull(onwardReferrals.sentAt),
        madeBy,
      ),
    )
    .limit(200);

const unsentByCreator = builtOnce((db) =>
  unsentOnward(db, eq(onwardReferrals.createdBy, sql.placeholder('createdBy'))),
);
/** Made by staff whose access has been removed: nobody else would see these. */
const unsentByFormerStaff = builtOnce((db) => unsentOnward(db, eq(users.active, false)));

export async function onwardNotSentBy(db: Db, serviceId: string, createdBy: string) {
  return unsentByCreator(db, { serviceId, createdBy });
}

export async function onwardNotSentByFormerStaff(db: Db, serviceId: string) {
  return unsentByFormerStaff(db, { serviceId });
}
