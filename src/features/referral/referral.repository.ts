import { and, asc, eq, gt, isNull, lte, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { builtOnce } from '../../db/statement';
import {
  DEFAULT_SERVICE_SETTINGS,
  locations,
  measureResponses,
  referralDrafts,
  referrals,
  services,
  type ServiceSettings,
} from '../../db/schema';

/** What the referral form shows of each place. */
const placeColumns = {
  id: locations.id,
  name: locations.name,
  address: locations.address,
  postcode: locations.postcode,
  stepFreeAccess: locations.stepFreeAccess,
  accessInformation: locations.accessInformation,
};

const referralSetup = builtOnce((db) =>
  db
    .select({
      settings: services.settings,
      // Null when the service has no active place (a left join: drizzle nulls the whole object).
      place: placeColumns,
    })
    .from(services)
    .leftJoin(locations, and(eq(locations.serviceId, services.id), eq(locations.active, true)))
    .where(eq(services.id, sql.placeholder('serviceId')))
    .orderBy(asc(locations.name)),
);

/**
 * The settings (with defaults for any the service has not set) and the active places together, in
 * one query: every referral page needs both, and a round trip costs more than the join (issue
 * 16). Every referral page runs it, so it is built once (src/db/statement.ts).
 */
export async function findReferralSetup(db: Db, serviceId: string) {
  const rows = await referralSetup(db, { serviceId });
  const settings: ServiceSettings = { ...DEFAULT_SERVICE_SETTINGS, ...(rows[0]?.settings ?? {}) };
  return { settings, locations: rows.flatMap((r) => (r.place ? [r.place] : [])) };
}

// ---- drafts ---------------------------------------------------------------------------------

export type DraftRow = typeof referralDrafts.$inferSelect;

export async function insertDraft(
  db: Db,
  values: {
    serviceId: string;
    tokenHash: string;
    answers: Record<string, unknown>;
    createdAt: Date;
    expiresAt: Date;
  },
) {
  await db.insert(referralDrafts).values({ ...values, updatedAt: values.createdAt });
}

const draftQuery = (db: Db) =>
  db
    .select()
    .from(referralDrafts)
    .where(
      and(
        eq(referralDrafts.serviceId, sql.placeholder('serviceId')),
        eq(referralDrafts.tokenHash, sql.placeholder('tokenHash')),
      ),
    )
    .limit(1);
// Every referral page reads its draft, and the send reads it locked: both built once.
const draftByToken = builtOnce(draftQuery);
const draftByTokenLocked = builtOnce((db) => draftQuery(db).for('update'));

export async function findDraft(
  db: Db,
  serviceId: string,
  tokenHash: string,
  opts: { forUpdate?: boolean } = {},
): Promise<DraftRow | null> {
  const read = opts.forUpdate ? draftByTokenLocked : draftByToken;
  const rows = await read(db, { serviceId, tokenHash });
  return rows[0] ?? null;
}

export async function updateDraftAnswers(
  db: Db,
  serviceId: string,
  tokenHash: string,
  values: { answers: Record<string, unknown>; updatedAt: Date; expiresAt: Date },
) {
  await db
    .update(referralDrafts)
    .set(values)
    .where(and(eq(referralDrafts.serviceId, serviceId), eq(referralDrafts.tokenHash, tokenHash)));
}

const draftSubmitted = builtOnce((db) =>
  db
    .update(referralDrafts)
    // drizzle's update types leave placeholders out, but it fills them as it does an insert's
    // (each through its column's encoder): the casts only tell the type checker so.
    .set({
      referralId: sql.placeholder('referralId') as unknown as string,
      updatedAt: sql.placeholder('updatedAt') as unknown as Date,
      expiresAt: sql.placeholder('expiresAt') as unknown as Date,
      answers: {},
    })
    .where(
      and(
        eq(referralDrafts.serviceId, sql.placeholder('serviceId')),
        eq(referralDrafts.tokenHash, sql.placeholder('tokenHash')),
      ),
    ),
);

/**
 * Marks a draft as sent. Its answers are cleared (they now live in the referral); the row stays
 * until it expires so a reload or resubmit shows the same confirmation.
 */
export async function markDraftSubmitted(
  db: Db,
  serviceId: string,
  tokenHash: string,
  values: { referralId: string; updatedAt: Date; expiresAt: Date },
) {
  await draftSubmitted(db, { serviceId, tokenHash, ...values });
}

export async function deleteDraft(db: Db, serviceId: string, tokenHash: string) {
  await db
    .delete(referralDrafts)
    .where(and(eq(referralDrafts.serviceId, serviceId), eq(referralDrafts.tokenHash, tokenHash)));
}

/** Privacy housekeeping: unfinished answers are not kept beyond their expiry. */
export async function deleteExpiredDrafts(db: Db, serviceId: string, now: Date): Promise<number> {
  const rows = await db
    .delete(referralDrafts)
    .where(and(eq(referralDrafts.serviceId, serviceId), lte(referralDrafts.expiresAt, now)))
    .returning({ tokenHash: referralDrafts.tokenHash });
  return rows.length;
}

/**
 * Drafts in every service (the worker serves the whole deployment) that hold risk answers, were
 * last changed at or before `changedBy`, are still live and unsent, and have raised no alert yet.
 */
export async function unsentRiskDrafts(db: Db, changedBy: Date, now: Date, limit: number) {
  return db
    .select({ serviceId: referralDrafts.serviceId, tokenHash: referralDrafts.tokenHash })
    .from(referralDrafts)
    .where(
      and(
        isNull(referralDrafts.referralId),
        isNull(referralDrafts.riskAlertId),
        lte(referralDrafts.updatedAt, changedBy),
        gt(referralDrafts.expiresAt, now),
        sql`jsonb_array_length(coalesce(${referralDrafts.answers}->'riskNoted', '[]'::jsonb)) > 0`,
      ),
    )
    .orderBy(asc(referralDrafts.updatedAt))
    .limit(limit);
}

export async function markDraftRiskAlert(
  db: Db,
  serviceId: string,
  tokenHash: string,
  riskAlertId: string,
) {
  await db
    .update(referralDrafts)
    .set({ riskAlertId })
    .where(and(eq(referralDrafts.serviceId, serviceId), eq(referralDrafts.tokenHash, tokenHash)));
}

// ---- referrals ------------------------------------------------------------------------------

export type NewReferral = Omit<
  typeof referrals.$inferInsert,
  'id' | 'status' | 'patientId' | 'closedReason' | 'closedNote' | 'closedAt' | 'decidedAt'
>;
export type ReferralRow = typeof referrals.$inferSelect;

// Every send runs it: built once, every column a placeholder (the send's CPU, issue 16).
const referralIfNew = builtOnce((db) =>
  db
    .insert(referrals)
    .values({
      serviceId: sql.placeholder('serviceId'),
      reference: sql.placeholder('reference'),
      source: sql.placeholder('source'),
      urgent: sql.placeholder('urgent'),
      receivedAt: sql.placeholder('receivedAt'),
      givenName: sql.placeholder('givenName'),
      familyName: sql.placeholder('familyName'),
      dateOfBirth: sql.placeholder('dateOfBirth'),
      postcode: sql.placeholder('postcode'),
      nhsNumber: sql.placeholder('nhsNumber'),
      email: sql.placeholder('email'),
      mobile: sql.placeholder('mobile'),
      answers: sql.placeholder('answers'),
      submissionKey: sql.placeholder('submissionKey'),
      updatedAt: sql.placeholder('updatedAt'),
    })
    .onConflictDoNothing()
    .returning(),
);

/**
 * Inserts a referral unless one with the same submission key (or, rarely, reference) exists.
 * Returns the new row, or null when nothing was inserted.
 */
export async function insertReferralIfNew(
  db: Db,
  values: NewReferral,
): Promise<ReferralRow | null> {
  const rows = await referralIfNew(db, {
    ...values,
    source: values.source ?? 'self',
    urgent: values.urgent ?? false,
    nhsNumber: values.nhsNumber ?? null,
    email: values.email ?? null,
    mobile: values.mobile ?? null,
  });
  return rows[0] ?? null;
}

export async function findReferralBySubmissionKey(
  db: Db,
  serviceId: string,
  submissionKey: string,
): Promise<ReferralRow | null> {
  const rows = await db
    .select()
    .from(referrals)
    .where(and(eq(referrals.serviceId, serviceId), eq(referrals.submissionKey, submissionKey)))
    .limit(1);
  return rows[0] ?? null;
}

export async function findReferral(
  db: Db,
  serviceId: string,
  referralId: string,
): Promise<ReferralRow | null> {
  const rows = await db
    .select()
    .from(referrals)
    .where(and(eq(referrals.serviceId, serviceId), eq(referrals.id, referralId)))
    .limit(1);
  return rows[0] ?? null;
}

export interface ReferralMeasureValues {
  serviceId: string;
  referralId: string;
  measureId: string;
  answers: Record<string, number | string>;
  total: number | null;
  band: string | null;
  riskFlag: boolean;
  completedAt: Date;
}

// A send inserts one row per questionnaire answered (up to three): one statement built per count.
const responsesInsertFor = new Map<number, ReturnType<typeof buildResponsesInsert>>();
function buildResponsesInsert(count: number) {
  const row = (i: number) => ({
    serviceId: sql.placeholder(`serviceId${i}`),
    referralId: sql.placeholder(`referralId${i}`),
    measureId: sql.placeholder(`measureId${i}`),
    answers: sql.placeholder(`answers${i}`),
    total: sql.placeholder(`total${i}`),
    band: sql.placeholder(`band${i}`),
    riskFlag: sql.placeholder(`riskFlag${i}`),
    completedAt: sql.placeholder(`completedAt${i}`),
    context: 'referral' as const,
    enteredByRole: 'self_referral' as const,
  });
  return builtOnce((db) =>
    db.insert(measureResponses).values(Array.from({ length: count }, (_, i) => row(i))),
  );
}

/** A referral's questionnaires in one statement (one round trip for all of them). */
export async function insertMeasureResponses(db: Db, values: readonly ReferralMeasureValues[]) {
  if (values.length === 0) return;
  let insert = responsesInsertFor.get(values.length);
  if (!insert) {
    insert = buildResponsesInsert(values.length);
    responsesInsertFor.set(values.length, insert);
  }
  const placeholders: Record<string, unknown> = {};
  values.forEach((v, i) => {
    for (const [key, value] of Object.entries(v)) placeholders[`${key}${i}`] = value;
  });
  await insert(db, placeholders);
}
