import { and, desc, eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { stayingWellPlanVersions, users, type StayingWellContactValue } from '../../db/schema';

export type StayingWellRow = typeof stayingWellPlanVersions.$inferSelect;
export type StayingWellVersion = StayingWellRow & { savedByName: string };

/** Every version of a course's plan, newest first, with who saved each. */
export async function listVersions(
  db: Db,
  serviceId: string,
  courseId: string,
): Promise<StayingWellVersion[]> {
  const rows = await db
    .select({ plan: stayingWellPlanVersions, savedByName: users.displayName })
    .from(stayingWellPlanVersions)
    .innerJoin(
      users,
      and(
        eq(users.serviceId, stayingWellPlanVersions.serviceId),
        eq(users.id, stayingWellPlanVersions.savedBy),
      ),
    )
    .where(
      and(
        eq(stayingWellPlanVersions.serviceId, serviceId),
        eq(stayingWellPlanVersions.courseId, courseId),
      ),
    )
    .orderBy(desc(stayingWellPlanVersions.version));
  return rows.map((r) => ({ ...r.plan, savedByName: r.savedByName }));
}

/** The current plan of each of a patient's courses (the highest version), newest first. */
export async function latestOfPatient(db: Db, serviceId: string, patientId: string) {
  const rows = await db
    .selectDistinctOn([stayingWellPlanVersions.courseId])
    .from(stayingWellPlanVersions)
    .where(
      and(
        eq(stayingWellPlanVersions.serviceId, serviceId),
        eq(stayingWellPlanVersions.patientId, patientId),
      ),
    )
    .orderBy(stayingWellPlanVersions.courseId, desc(stayingWellPlanVersions.version));
  return rows.sort((a, b) => b.savedAt.getTime() - a.savedAt.getTime());
}

/**
 * Adds the next version. Null when that version number is taken: someone saved since the writer
 * opened the form (the unique key decides, so two saves at once cannot both win).
 */
export async function insertVersion(
  db: Db,
  values: {
    serviceId: string;
    courseId: string;
    patientId: string;
    version: number;
    warningSigns: string;
    whatHelps: string;
    contacts: StayingWellContactValue[];
    crisisPlan: string;
    complete: boolean;
    savedBy: string;
    savedByRole: 'patient' | 'clinician';
    savedAt: Date;
  },
): Promise<StayingWellRow | null> {
  const rows = await db
    .insert(stayingWellPlanVersions)
    .values(values)
    .onConflictDoNothing({
      target: [
        stayingWellPlanVersions.serviceId,
        stayingWellPlanVersions.courseId,
        stayingWellPlanVersions.version,
      ],
    })
    .returning();
  return rows[0] ?? null;
}
