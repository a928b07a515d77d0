import { and, asc, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import {
  iptAimRatings,
  iptAims,
  iptInventoryPeople,
  iptTimelineEvents,
  iptWorkspaces,
  type DatePrecision,
  type FocalAreaValue,
  type IptPhaseValue,
} from '../../db/schema';

export type WorkspaceRow = typeof iptWorkspaces.$inferSelect;
export type PersonRow = typeof iptInventoryPeople.$inferSelect;
export type TimelineRow = typeof iptTimelineEvents.$inferSelect;
export type AimRow = typeof iptAims.$inferSelect;
export type AimRatingRow = typeof iptAimRatings.$inferSelect;

interface CourseKey {
  serviceId: string;
  courseId: string;
  patientId: string;
}

export async function findWorkspace(db: Db, serviceId: string, courseId: string) {
  const rows = await db
    .select()
    .from(iptWorkspaces)
    .where(and(eq(iptWorkspaces.serviceId, serviceId), eq(iptWorkspaces.courseId, courseId)))
    .limit(1);
  return rows[0] ?? null;
}

/** The workspace row, created empty on first use; locked so changes happen one at a time. */
export async function lockWorkspace(db: Db, key: CourseKey): Promise<WorkspaceRow> {
  await db.insert(iptWorkspaces).values(key).onConflictDoNothing();
  const rows = await db
    .select()
    .from(iptWorkspaces)
    .where(
      and(eq(iptWorkspaces.serviceId, key.serviceId), eq(iptWorkspaces.courseId, key.courseId)),
    )
    .for('update');
  const row = rows[0];
  if (!row) throw new Error('ipt_workspaces row missing after insert');
  return row;
}

export async function setPhaseOverride(
  db: Db,
  key: CourseKey,
  override: { phase: IptPhaseValue; reason: string; by: string; at: Date } | null,
) {
  await db
    .update(iptWorkspaces)
    .set({
      phaseOverride: override?.phase ?? null,
      phaseOverrideReason: override?.reason ?? null,
      phaseOverrideBy: override?.by ?? null,
      phaseOverrideAt: override?.at ?? null,
    })
    .where(
      and(eq(iptWorkspaces.serviceId, key.serviceId), eq(iptWorkspaces.courseId, key.courseId)),
    );
}

const NO_DRAFT = {
  draftFocalArea: null,
  draftSecondFocalArea: null,
  draftFormulation: null,
  draftBy: null,
  draftAt: null,
} as const;

/**
 * A new shared version of the focal areas and formulation; the patient's agreement no longer
 * applies, and the draft (now shared) is dropped.
 */
export async function saveFormulation(
  db: Db,
  key: CourseKey,
  values: {
    focalArea: FocalAreaValue;
    secondFocalArea: FocalAreaValue | null;
    formulation: string;
    by: string;
    at: Date;
  },
) {
  const rows = await db
    .update(iptWorkspaces)
    .set({
      focalArea: values.focalArea,
      secondFocalArea: values.secondFocalArea,
      formulation: values.formulation,
      formulationBy: values.by,
      formulationAt: values.at,
      formulationVersion: sql`${iptWorkspaces.formulationVersion} + 1`,
      agreedVersion: null,
      agreedAt: null,
      ...NO_DRAFT,
      draftRevision: sql`${iptWorkspaces.draftRevision} + 1`,
    })
    .where(
      and(eq(iptWorkspaces.serviceId, key.serviceId), eq(iptWorkspaces.courseId, key.courseId)),
    )
    .returning({ version: iptWorkspaces.formulationVersion });
  return rows[0]?.version ?? null;
}

/** Keeps a draft for clinicians; the shared version and the agreement are untouched. */
export async function saveDraft(
  db: Db,
  key: CourseKey,
  values: {
    focalArea: FocalAreaValue;
    secondFocalArea: FocalAreaValue | null;
    formulation: string;
    by: string;
    at: Date;
  },
) {
  const rows = await db
    .update(iptWorkspaces)
    .set({
      draftFocalArea: values.focalArea,
      draftSecondFocalArea: values.secondFocalArea,
      draftFormulation: values.formulation,
      draftBy: values.by,
      draftAt: values.at,
      draftRevision: sql`${iptWorkspaces.draftRevision} + 1`,
    })
    .where(
      and(eq(iptWorkspaces.serviceId, key.serviceId), eq(iptWorkspaces.courseId, key.courseId)),
    )
    .returning({ revision: iptWorkspaces.draftRevision });
  return rows[0]?.revision ?? null;
}

/** Drops the draft (it went back to the shared words); the shared version stays as it is. */
export async function dropDraft(db: Db, key: CourseKey) {
  await db
    .update(iptWorkspaces)
    .set({ ...NO_DRAFT, draftRevision: sql`${iptWorkspaces.draftRevision} + 1` })
    .where(
      and(eq(iptWorkspaces.serviceId, key.serviceId), eq(iptWorkspaces.courseId, key.courseId)),
    );
}

/** Records the patient's agreement to exactly this version; false when it has changed since. */
export async function agreeFormulation(
  db: Db,
  serviceId: string,
  courseId: string,
  version: number,
  at: Date,
): Promise<boolean> {
  const rows = await db
    .update(iptWorkspaces)
    .set({ agreedVersion: version, agreedAt: at })
    .where(
      and(
        eq(iptWorkspaces.serviceId, serviceId),
        eq(iptWorkspaces.courseId, courseId),
        eq(iptWorkspaces.formulationVersion, version),
        isNull(iptWorkspaces.agreedAt),
      ),
    )
    .returning({ courseId: iptWorkspaces.courseId });
  return rows.length === 1;
}

// ---- Inventory ---------------------------------------------------------------------------------

export type PersonValues = Pick<
  PersonRow,
  | 'name'
  | 'relationship'
  | 'closeness'
  | 'contact'
  | 'supportive'
  | 'difficult'
  | 'theyExpect'
  | 'patientExpects'
  | 'wishedChange'
>;

export async function listPeople(db: Db, serviceId: string, courseIds: readonly string[]) {
  if (courseIds.length === 0) return [];
  return db
    .select()
    .from(iptInventoryPeople)
    .where(
      and(
        eq(iptInventoryPeople.serviceId, serviceId),
        inArray(iptInventoryPeople.courseId, [...courseIds]),
        isNull(iptInventoryPeople.removedAt),
      ),
    )
    .orderBy(asc(iptInventoryPeople.closeness), asc(iptInventoryPeople.createdAt));
}

export async function findPerson(db: Db, serviceId: string, courseId: string, personId: string) {
  const rows = await db
    .select()
    .from(iptInventoryPeople)
    .where(
      and(
        eq(iptInventoryPeople.serviceId, serviceId),
        eq(iptInventoryPeople.courseId, courseId),
        eq(iptInventoryPeople.id, personId),
        isNull(iptInventoryPeople.removedAt),
      ),
    )
    .limit(1);
  return rows[0] ?? null;
}

export async function insertPerson(
  db: Db,
  key: CourseKey,
  values: PersonValues & { createdBy: string; at: Date },
) {
  const { at, ...rest } = values;
  const [row] = await db
    .insert(iptInventoryPeople)
    .values({ ...key, ...rest, createdAt: at, updatedAt: at })
    .returning();
  if (!row) throw new Error('insert into ipt_inventory_people returned no row');
  return row;
}

export async function updatePerson(
  db: Db,
  serviceId: string,
  personId: string,
  values: PersonValues,
  at: Date,
) {
  await db
    .update(iptInventoryPeople)
    .set({ ...values, updatedAt: at })
    .where(and(eq(iptInventoryPeople.serviceId, serviceId), eq(iptInventoryPeople.id, personId)));
}

export async function removePerson(db: Db, serviceId: string, personId: string, at: Date) {
  await db
    .update(iptInventoryPeople)
    .set({ removedAt: at })
    .where(and(eq(iptInventoryPeople.serviceId, serviceId), eq(iptInventoryPeople.id, personId)));
}

// ---- Timeline ----------------------------------------------------------------------------------

export async function listTimeline(db: Db, serviceId: string, courseIds: readonly string[]) {
  if (courseIds.length === 0) return [];
  return db
    .select()
    .from(iptTimelineEvents)
    .where(
      and(
        eq(iptTimelineEvents.serviceId, serviceId),
        inArray(iptTimelineEvents.courseId, [...courseIds]),
        isNull(iptTimelineEvents.removedAt),
      ),
    )
    .orderBy(asc(iptTimelineEvents.occurredOn), asc(iptTimelineEvents.createdAt));
}

export async function findTimelineEvent(
  db: Db,
  serviceId: string,
  courseId: string,
  eventId: string,
) {
  const rows = await db
    .select()
    .from(iptTimelineEvents)
    .where(
      and(
        eq(iptTimelineEvents.serviceId, serviceId),
        eq(iptTimelineEvents.courseId, courseId),
        eq(iptTimelineEvents.id, eventId),
        isNull(iptTimelineEvents.removedAt),
      ),
    )
    .limit(1);
  return rows[0] ?? null;
}

export async function insertTimelineEvent(
  db: Db,
  key: CourseKey,
  values: {
    what: string;
    occurredOn: string;
    datePrecision: DatePrecision;
    mood: number;
    createdBy: string;
    createdAt: Date;
  },
) {
  const [row] = await db
    .insert(iptTimelineEvents)
    .values({ ...key, ...values })
    .returning();
  if (!row) throw new Error('insert into ipt_timeline_events returned no row');
  return row;
}

export async function removeTimelineEvent(db: Db, serviceId: string, eventId: string, at: Date) {
  await db
    .update(iptTimelineEvents)
    .set({ removedAt: at })
    .where(and(eq(iptTimelineEvents.serviceId, serviceId), eq(iptTimelineEvents.id, eventId)));
}

// ---- Aims --------------------------------------------------------------------------------------

export async function listAims(db: Db, serviceId: string, courseIds: readonly string[]) {
  if (courseIds.length === 0) return [];
  return db
    .select()
    .from(iptAims)
    .where(
      and(
        eq(iptAims.serviceId, serviceId),
        inArray(iptAims.courseId, [...courseIds]),
        isNull(iptAims.removedAt),
      ),
    )
    .orderBy(asc(iptAims.createdAt));
}

export async function findAim(db: Db, serviceId: string, courseId: string, aimId: string) {
  const rows = await db
    .select()
    .from(iptAims)
    .where(
      and(
        eq(iptAims.serviceId, serviceId),
        eq(iptAims.courseId, courseId),
        eq(iptAims.id, aimId),
        isNull(iptAims.removedAt),
      ),
    )
    .limit(1);
  return rows[0] ?? null;
}

export async function insertAim(
  db: Db,
  key: CourseKey,
  values: { aim: string; createdBy: string; createdAt: Date },
) {
  const [row] = await db
    .insert(iptAims)
    .values({ ...key, ...values })
    .returning();
  if (!row) throw new Error('insert into ipt_aims returned no row');
  return row;
}

export async function removeAim(db: Db, serviceId: string, aimId: string, at: Date) {
  await db
    .update(iptAims)
    .set({ removedAt: at })
    .where(and(eq(iptAims.serviceId, serviceId), eq(iptAims.id, aimId)));
}

/** Every rating of these aims, newest first: the history is kept, never overwritten. */
export async function listAimRatings(db: Db, serviceId: string, aimIds: readonly string[]) {
  if (aimIds.length === 0) return [];
  return db
    .select()
    .from(iptAimRatings)
    .where(and(eq(iptAimRatings.serviceId, serviceId), inArray(iptAimRatings.aimId, [...aimIds])))
    .orderBy(desc(iptAimRatings.ratedAt), desc(iptAimRatings.sessionNumber));
}

export async function insertAimRatings(
  db: Db,
  serviceId: string,
  courseId: string,
  ratings: readonly { aimId: string; rating: number }[],
  values: { sessionNumber: number; ratedBy: string; ratedAt: Date },
): Promise<string[]> {
  if (ratings.length === 0) return [];
  // A rating already there for the aim at this session (a second submit at the same moment) is
  // not stored: the unique index says so, and the answer is the aims whose rating was.
  const stored = await db
    .insert(iptAimRatings)
    .values(ratings.map((r) => ({ serviceId, courseId, ...r, ...values })))
    .onConflictDoNothing({
      target: [iptAimRatings.serviceId, iptAimRatings.aimId, iptAimRatings.sessionNumber],
    })
    .returning({ aimId: iptAimRatings.aimId });
  return stored.map((r) => r.aimId);
}

/** The patient's IPT workspaces (one per course), for what is shared with them. */
export async function listWorkspacesOfPatient(db: Db, serviceId: string, patientId: string) {
  return db
    .select()
    .from(iptWorkspaces)
    .where(and(eq(iptWorkspaces.serviceId, serviceId), eq(iptWorkspaces.patientId, patientId)));
}

/** Course ids with any IPT record for this patient (the notebook covers every course). */
export async function courseIdsOfPatient(db: Db, serviceId: string, patientId: string) {
  const tables = [iptWorkspaces, iptInventoryPeople, iptTimelineEvents, iptAims] as const;
  const ids = new Set<string>();
  for (const table of tables) {
    const rows = await db
      .selectDistinct({ courseId: table.courseId })
      .from(table)
      .where(and(eq(table.serviceId, serviceId), eq(table.patientId, patientId)));
    for (const r of rows) ids.add(r.courseId);
  }
  return [...ids];
}
