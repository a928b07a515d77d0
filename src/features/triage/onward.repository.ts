import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { onwardReferrals, patients, referrals } from '../../db/schema';

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
