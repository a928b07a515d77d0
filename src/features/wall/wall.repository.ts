import { and, asc, countDistinct, desc, eq, exists, gt, isNull, lt, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import {
  services,
  wallMessages,
  wallPresence,
  wallReports,
  wallSanctions,
  wallSequences,
} from '../../db/schema';

export type WallMessageRow = typeof wallMessages.$inferSelect;
export type WallSanctionRow = typeof wallSanctions.$inferSelect;

/** The NOTIFY channel: the payload is the service id whose Wall changed (never content). */
export const WALL_CHANNEL = 'rapport_wall';

/**
 * The service's next sequence number. The row stays locked until the caller's transaction ends,
 * so numbers are committed in order and a reader never sees N+1 before N.
 */
export async function nextSeq(db: Db, serviceId: string): Promise<number> {
  const [row] = await db
    .insert(wallSequences)
    .values({ serviceId, lastSeq: 1 })
    .onConflictDoUpdate({
      target: wallSequences.serviceId,
      set: { lastSeq: sql`${wallSequences.lastSeq} + 1` },
    })
    .returning({ seq: wallSequences.lastSeq });
  if (!row) throw new Error('wall sequence upsert returned no row');
  return row.seq;
}

/** Wakes every app instance's Wall hub once the caller's transaction commits. */
/** A member's own messages, newest first, leaving out those they have erased. */
export async function messagesByAuthor(db: Db, serviceId: string, authorId: string) {
  return db
    .select({
      body: wallMessages.body,
      postedAt: wallMessages.postedAt,
      hiddenAt: wallMessages.hiddenAt,
      hiddenReason: wallMessages.hiddenReason,
    })
    .from(wallMessages)
    .where(
      and(
        eq(wallMessages.serviceId, serviceId),
        eq(wallMessages.authorId, authorId),
        sql`${wallMessages.body} <> ''`,
      ),
    )
    .orderBy(desc(wallMessages.seq));
}

/**
 * Erases a member's messages: the text goes for good, and each is removed for everyone with its
 * own change number, so a reconnecting screen catches up on every one (a shared number could be
 * cut off by the catch-up limit). Answers how many were erased.
 */
export async function eraseMessagesOf(
  db: Db,
  serviceId: string,
  authorId: string,
  at: Date,
): Promise<number> {
  const mine = and(
    eq(wallMessages.serviceId, serviceId),
    eq(wallMessages.authorId, authorId),
    sql`${wallMessages.body} <> ''`,
  );
  const [counted] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(wallMessages)
    .where(mine);
  const n = counted?.n ?? 0;
  if (n === 0) return 0;
  // Reserve n change numbers at once: the last is `last`, the first `last - n + 1`.
  const [reserved] = await db
    .update(wallSequences)
    .set({ lastSeq: sql`${wallSequences.lastSeq} + ${n}` })
    .where(eq(wallSequences.serviceId, serviceId))
    .returning({ last: wallSequences.lastSeq });
  if (!reserved) throw new Error('wall sequence missing for a service with messages');
  const first = reserved.last - n + 1;
  await db.execute(sql`
    with mine as (
      select id, row_number() over (order by seq) - 1 as k
      from wall_messages
      where service_id = ${serviceId} and author_id = ${authorId} and body <> ''
    )
    update wall_messages w
    set body = '',
        change_seq = ${first} + mine.k,
        hidden_at = coalesce(w.hidden_at, ${at}),
        hidden_by = coalesce(w.hidden_by, ${authorId}),
        hidden_reason = coalesce(w.hidden_reason, 'Deleted by its author')
    from mine
    where w.service_id = ${serviceId} and w.id = mine.id`);
  return n;
}

export async function notifyChanged(db: Db, serviceId: string): Promise<void> {
  await db.execute(sql`select pg_notify(${WALL_CHANNEL}, ${serviceId})`);
}

export async function insertMessage(db: Db, row: typeof wallMessages.$inferInsert) {
  const [inserted] = await db.insert(wallMessages).values(row).returning();
  if (!inserted) throw new Error('wall message insert returned no row');
  return inserted;
}

export async function findByClientKey(db: Db, serviceId: string, authorId: string, key: string) {
  const [row] = await db
    .select()
    .from(wallMessages)
    .where(
      and(
        eq(wallMessages.serviceId, serviceId),
        eq(wallMessages.authorId, authorId),
        eq(wallMessages.clientKey, key),
      ),
    );
  return row ?? null;
}

export async function findMessage(db: Db, serviceId: string, id: string) {
  const [row] = await db
    .select()
    .from(wallMessages)
    .where(and(eq(wallMessages.serviceId, serviceId), eq(wallMessages.id, id)));
  return row ?? null;
}

/** The member's messages since `since`, for the repeat and rate rules. */
export async function recentByAuthor(db: Db, serviceId: string, authorId: string, since: Date) {
  return db
    .select({ body: wallMessages.body, postedAt: wallMessages.postedAt })
    .from(wallMessages)
    .where(
      and(
        eq(wallMessages.serviceId, serviceId),
        eq(wallMessages.authorId, authorId),
        gt(wallMessages.postedAt, since),
      ),
    );
}

/** The latest `limit` messages, oldest first, for a page load. */
export async function latestMessages(db: Db, serviceId: string, limit: number) {
  const rows = await db
    .select()
    .from(wallMessages)
    .where(eq(wallMessages.serviceId, serviceId))
    .orderBy(desc(wallMessages.seq))
    .limit(limit);
  return rows.reverse();
}

/** Everything that changed after `afterSeq`, in order: what a client that saw `afterSeq` lacks. */
export async function changesAfter(db: Db, serviceId: string, afterSeq: number, limit: number) {
  return db
    .select()
    .from(wallMessages)
    .where(and(eq(wallMessages.serviceId, serviceId), gt(wallMessages.changeSeq, afterSeq)))
    .orderBy(asc(wallMessages.changeSeq))
    .limit(limit);
}

export async function currentSeq(db: Db, serviceId: string): Promise<number> {
  const [row] = await db
    .select({ seq: wallSequences.lastSeq })
    .from(wallSequences)
    .where(eq(wallSequences.serviceId, serviceId));
  return row?.seq ?? 0;
}

export async function hideMessage(
  db: Db,
  serviceId: string,
  id: string,
  change: { changeSeq: number; at: Date; by: string; reason: string },
) {
  const [row] = await db
    .update(wallMessages)
    .set({
      changeSeq: change.changeSeq,
      hiddenAt: change.at,
      hiddenBy: change.by,
      hiddenReason: change.reason,
    })
    .where(
      and(
        eq(wallMessages.serviceId, serviceId),
        eq(wallMessages.id, id),
        isNull(wallMessages.hiddenAt),
      ),
    )
    .returning();
  return row ?? null;
}

export async function insertReport(db: Db, row: typeof wallReports.$inferInsert) {
  const rows = await db.insert(wallReports).values(row).onConflictDoNothing().returning();
  return rows[0] ?? null;
}

/** Whether this member has reported this message before (one report each, kept once resolved). */
export async function hasReported(
  db: Db,
  serviceId: string,
  messageId: string,
  reporterId: string,
): Promise<boolean> {
  const rows = await db
    .select({ one: sql`1` })
    .from(wallReports)
    .where(
      and(
        eq(wallReports.serviceId, serviceId),
        eq(wallReports.messageId, messageId),
        eq(wallReports.reporterId, reporterId),
      ),
    )
    .limit(1);
  return rows.length > 0;
}

export async function openReports(db: Db, serviceId: string) {
  return db
    .select({ report: wallReports, message: wallMessages })
    .from(wallReports)
    .innerJoin(
      wallMessages,
      and(
        eq(wallMessages.serviceId, wallReports.serviceId),
        eq(wallMessages.id, wallReports.messageId),
      ),
    )
    .where(and(eq(wallReports.serviceId, serviceId), isNull(wallReports.resolvedAt)))
    .orderBy(desc(wallMessages.crisis), asc(wallReports.createdAt));
}

export async function resolveReportsFor(db: Db, serviceId: string, messageId: string, at: Date) {
  await db
    .update(wallReports)
    .set({ resolvedAt: at })
    .where(
      and(
        eq(wallReports.serviceId, serviceId),
        eq(wallReports.messageId, messageId),
        isNull(wallReports.resolvedAt),
      ),
    );
}

export async function insertSanction(db: Db, row: typeof wallSanctions.$inferInsert) {
  const [inserted] = await db.insert(wallSanctions).values(row).returning();
  if (!inserted) throw new Error('wall sanction insert returned no row');
  return inserted;
}

/** A suspension from the Wall still running at `now`, if any. */
export async function activeSuspension(db: Db, serviceId: string, memberId: string, now: Date) {
  const [row] = await db
    .select()
    .from(wallSanctions)
    .where(
      and(
        eq(wallSanctions.serviceId, serviceId),
        eq(wallSanctions.memberId, memberId),
        eq(wallSanctions.kind, 'suspension'),
        gt(wallSanctions.until, now),
      ),
    )
    .orderBy(desc(wallSanctions.until))
    .limit(1);
  return row ?? null;
}

/** The latest warning or suspension, to tell the member why. */
export async function latestSanction(db: Db, serviceId: string, memberId: string) {
  const [row] = await db
    .select()
    .from(wallSanctions)
    .where(and(eq(wallSanctions.serviceId, serviceId), eq(wallSanctions.memberId, memberId)))
    .orderBy(desc(wallSanctions.createdAt))
    .limit(1);
  return row ?? null;
}

/** Every warning and suspension the member was given on the Wall, newest first. */
export async function sanctionsOf(db: Db, serviceId: string, memberId: string) {
  return db
    .select()
    .from(wallSanctions)
    .where(and(eq(wallSanctions.serviceId, serviceId), eq(wallSanctions.memberId, memberId)))
    .orderBy(desc(wallSanctions.createdAt));
}

export async function touchPresence(
  db: Db,
  row: { serviceId: string; connectionId: string; memberId: string; seenAt: Date },
) {
  await db
    .insert(wallPresence)
    .values(row)
    .onConflictDoUpdate({
      target: [wallPresence.serviceId, wallPresence.connectionId],
      set: { seenAt: row.seenAt },
    });
}

/** A PostgreSQL array literal of values that need no quoting (uuids, ISO times). */
const arrayLiteral = (values: readonly string[]) => `{${values.join(',')}}`;

/**
 * Refreshes many sockets' presence rows in one statement of four parameters (the rows as
 * arrays): an instance with thousands of sockets does this every 20 seconds, and building a
 * statement with a parameter per value held its event loop, and so the live fan-out, for tens
 * of milliseconds.
 */
export async function touchPresenceMany(
  db: Db,
  rows: readonly { serviceId: string; connectionId: string; memberId: string; seenAt: Date }[],
) {
  if (rows.length === 0) return;
  await db.execute(sql`
    insert into wall_presence (service_id, connection_id, member_id, seen_at)
    select * from unnest(
      ${arrayLiteral(rows.map((r) => r.serviceId))}::uuid[],
      ${arrayLiteral(rows.map((r) => r.connectionId))}::uuid[],
      ${arrayLiteral(rows.map((r) => r.memberId))}::uuid[],
      ${arrayLiteral(rows.map((r) => r.seenAt.toISOString()))}::timestamptz[])
    on conflict (service_id, connection_id) do update set seen_at = excluded.seen_at`);
}

export async function removePresence(db: Db, serviceId: string, connectionId: string) {
  await db
    .delete(wallPresence)
    .where(and(eq(wallPresence.serviceId, serviceId), eq(wallPresence.connectionId, connectionId)));
}

/** How many members have the Wall open (a connection seen since `since`), on any instance. */
export async function membersHere(db: Db, serviceId: string, since: Date): Promise<number> {
  const [row] = await db
    .select({ n: countDistinct(wallPresence.memberId) })
    .from(wallPresence)
    .where(and(eq(wallPresence.serviceId, serviceId), gt(wallPresence.seenAt, since)));
  return row?.n ?? 0;
}

export async function purgePresence(db: Db, before: Date) {
  await db.delete(wallPresence).where(lt(wallPresence.seenAt, before));
}

export async function markReviewed(db: Db, serviceId: string, id: string, at: Date) {
  await db
    .update(wallMessages)
    .set({ reviewedAt: at })
    .where(and(eq(wallMessages.serviceId, serviceId), eq(wallMessages.id, id)));
}

/** Crisis messages no moderator has looked at or hidden yet, oldest first. */
export async function crisisToReview(db: Db, serviceId: string) {
  return db
    .select()
    .from(wallMessages)
    .where(
      and(
        eq(wallMessages.serviceId, serviceId),
        eq(wallMessages.crisis, true),
        isNull(wallMessages.reviewedAt),
        isNull(wallMessages.hiddenAt),
      ),
    )
    .orderBy(asc(wallMessages.seq));
}

/**
 * How many messages wait in the moderators' queue (crisis language not yet looked at, or an open
 * report) and how many of those use crisis language, in one query: counts, never the words.
 */
export async function waitingCounts(db: Db, serviceId: string) {
  const openReport = db
    .select({ one: sql`1` })
    .from(wallReports)
    .where(
      and(
        eq(wallReports.serviceId, wallMessages.serviceId),
        eq(wallReports.messageId, wallMessages.id),
        isNull(wallReports.resolvedAt),
      ),
    );
  const [row] = await db
    .select({
      total: sql<number>`count(*)`.mapWith(Number),
      crisis: sql<number>`count(*) filter (where ${wallMessages.crisis})`.mapWith(Number),
    })
    .from(wallMessages)
    .where(
      and(
        eq(wallMessages.serviceId, serviceId),
        or(
          and(
            eq(wallMessages.crisis, true),
            isNull(wallMessages.reviewedAt),
            isNull(wallMessages.hiddenAt),
          ),
          exists(openReport),
        ),
      ),
    );
  return { total: row?.total ?? 0, crisis: row?.crisis ?? 0 };
}

/** The service's office hours and settings (Wall hours are a setting). */
export async function serviceHours(db: Db, serviceId: string) {
  const [row] = await db
    .select({ officeHours: services.officeHours, settings: services.settings })
    .from(services)
    .where(eq(services.id, serviceId));
  return row ?? null;
}
