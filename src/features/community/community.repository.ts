import { and, asc, count, desc, eq, ilike, inArray, isNotNull, isNull, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import {
  communityInvitations,
  communityMembers,
  communityModerationActions,
  communityPosts,
  communityQueueItems,
  communitySettings,
  communitySpaces,
  communitySubscriptions,
  communityTopics,
  communityVideos,
  communityVideoSpaces,
  patients,
  treatmentCourses,
  users,
  type CommunityBadge,
  type CommunityMemberKind,
  type CommunityMemberStatus,
  type CommunitySpaceAudience,
  type ModerationActionKind,
  type PostStatus,
  type QueueItemKind,
  type TopicKind,
} from '../../db/schema';

/**
 * The community's SQL. Queries that feed pages other members see select pseudonyms and avatars
 * only: no query here that lists posts or members joins `users` or `patients`.
 */

/** The row an insert returned (it always returns one, or throws). */
function one<T>(rows: T[]): T {
  const row = rows[0];
  if (!row) throw new Error('insert returned no row');
  return row;
}

export type MemberRow = typeof communityMembers.$inferSelect;
export type SpaceRow = typeof communitySpaces.$inferSelect;
export type TopicRow = typeof communityTopics.$inferSelect;
export type PostRow = typeof communityPosts.$inferSelect;
export type InvitationRow = typeof communityInvitations.$inferSelect;
export type VideoRow = typeof communityVideos.$inferSelect;

// --- settings and spaces ---

export async function findSettings(db: Db, serviceId: string) {
  const rows = await db
    .select()
    .from(communitySettings)
    .where(eq(communitySettings.serviceId, serviceId));
  return rows[0] ?? null;
}

export async function insertSettings(db: Db, row: typeof communitySettings.$inferInsert) {
  await db.insert(communitySettings).values(row).onConflictDoNothing();
}

export async function listSpaces(db: Db, serviceId: string) {
  return db
    .select()
    .from(communitySpaces)
    .where(eq(communitySpaces.serviceId, serviceId))
    .orderBy(asc(communitySpaces.position));
}

export async function insertSpaces(
  db: Db,
  rows: {
    serviceId: string;
    name: string;
    description: string;
    audience: CommunitySpaceAudience;
    position: number;
  }[],
) {
  await db.insert(communitySpaces).values(rows);
}

export async function findSpace(db: Db, serviceId: string, spaceId: string) {
  const rows = await db
    .select()
    .from(communitySpaces)
    .where(and(eq(communitySpaces.serviceId, serviceId), eq(communitySpaces.id, spaceId)));
  return rows[0] ?? null;
}

// --- people (the only reads of users and patients: for the member themselves, never others) ---

export async function findUserContact(db: Db, serviceId: string, userId: string) {
  const rows = await db
    .select({
      id: users.id,
      email: users.email,
      displayName: users.displayName,
      active: users.active,
    })
    .from(users)
    .where(and(eq(users.serviceId, serviceId), eq(users.id, userId)));
  return rows[0] ?? null;
}

/** The facts about a patient the community needs: access, age, their name to keep out of a pseudonym. */
export async function findPatientFacts(db: Db, serviceId: string, patientId: string) {
  const rows = await db
    .select({
      id: patients.id,
      userId: patients.userId,
      givenName: patients.givenName,
      familyName: patients.familyName,
      dateOfBirth: patients.dateOfBirth,
      responsibleClinicianId: patients.responsibleClinicianId,
    })
    .from(patients)
    .where(and(eq(patients.serviceId, serviceId), eq(patients.id, patientId)));
  return rows[0] ?? null;
}

/**
 * The patient record of the signed-in user, if they are one of the service's patients: whoever
 * invited them and however they joined, a crisis post must reach their clinical team (walk 10).
 */
export async function findPatientIdForUser(db: Db, serviceId: string, userId: string) {
  const rows = await db
    .select({ id: patients.id })
    .from(patients)
    .where(and(eq(patients.serviceId, serviceId), eq(patients.userId, userId)));
  return rows[0]?.id ?? null;
}

/** Whether the patient is in a course of treatment now (a crisis post then reaches their therapist). */
export async function hasActiveCourse(db: Db, serviceId: string, patientId: string) {
  const rows = await db
    .select({ n: count() })
    .from(treatmentCourses)
    .where(
      and(
        eq(treatmentCourses.serviceId, serviceId),
        eq(treatmentCourses.patientId, patientId),
        eq(treatmentCourses.status, 'active'),
      ),
    );
  return (rows[0]?.n ?? 0) > 0;
}

// --- invitations and members ---

export async function findOpenInvitation(db: Db, serviceId: string, userId: string) {
  const rows = await db
    .select()
    .from(communityInvitations)
    .where(
      and(
        eq(communityInvitations.serviceId, serviceId),
        eq(communityInvitations.userId, userId),
        isNull(communityInvitations.acceptedAt),
      ),
    );
  return rows[0] ?? null;
}

export async function insertInvitation(db: Db, row: typeof communityInvitations.$inferInsert) {
  const rows = await db.insert(communityInvitations).values(row).returning();
  return one(rows);
}

export async function acceptInvitation(db: Db, serviceId: string, id: string, at: Date) {
  await db
    .update(communityInvitations)
    .set({ acceptedAt: at })
    .where(and(eq(communityInvitations.serviceId, serviceId), eq(communityInvitations.id, id)));
}

export async function findMemberByUser(db: Db, serviceId: string, userId: string) {
  const rows = await db
    .select()
    .from(communityMembers)
    .where(and(eq(communityMembers.serviceId, serviceId), eq(communityMembers.userId, userId)));
  return rows[0] ?? null;
}

/** Of these members, the ones linked to a patient record of the service. */
export async function memberIdsWithPatient(
  db: Db,
  serviceId: string,
  memberIds: readonly string[],
): Promise<string[]> {
  if (memberIds.length === 0) return [];
  const rows = await db
    .select({ id: communityMembers.id })
    .from(communityMembers)
    .where(
      and(
        eq(communityMembers.serviceId, serviceId),
        inArray(communityMembers.id, [...memberIds]),
        isNotNull(communityMembers.patientId),
      ),
    );
  return rows.map((r) => r.id);
}

export async function findMember(db: Db, serviceId: string, memberId: string) {
  const rows = await db
    .select()
    .from(communityMembers)
    .where(and(eq(communityMembers.serviceId, serviceId), eq(communityMembers.id, memberId)));
  return rows[0] ?? null;
}

export async function pseudonymTaken(db: Db, serviceId: string, key: string, exceptUserId: string) {
  const rows = await db
    .select({ userId: communityMembers.userId })
    .from(communityMembers)
    .where(and(eq(communityMembers.serviceId, serviceId), eq(communityMembers.pseudonymKey, key)));
  return rows.some((r) => r.userId !== exceptUserId);
}

export async function upsertMember(
  db: Db,
  row: {
    serviceId: string;
    userId: string;
    pseudonym: string;
    pseudonymKey: string;
    avatar: string;
    kind: CommunityMemberKind;
    badge: CommunityBadge | null;
    patientId: string | null;
    /** Active, or the suspension or ban they left under (rejoining does not lift it, walk 10). */
    status: 'active' | 'suspended' | 'banned';
    statusReason: string | null;
    suspendedUntil: Date | null;
    at: Date;
  },
) {
  const values = {
    serviceId: row.serviceId,
    userId: row.userId,
    pseudonym: row.pseudonym,
    pseudonymKey: row.pseudonymKey,
    avatar: row.avatar,
    kind: row.kind,
    badge: row.badge,
    patientId: row.patientId,
    status: row.status,
    statusReason: row.statusReason,
    suspendedUntil: row.suspendedUntil,
    rulesAcceptedAt: row.at,
    joinedAt: row.at,
  };
  // A member who left and is invited again rejoins under the same row (their old posts stay theirs).
  // A link to their patient record is never dropped: an invitation as a carer carries none.
  const rows = await db
    .insert(communityMembers)
    .values(values)
    .onConflictDoUpdate({
      target: [communityMembers.serviceId, communityMembers.userId],
      set: {
        ...values,
        patientId: sql`coalesce(excluded.patient_id, ${communityMembers.patientId})`,
      },
    })
    .returning();
  return one(rows);
}

/** Links a member to their patient record (a member who became one of our patients after joining). */
export async function linkMemberToPatient(
  db: Db,
  serviceId: string,
  memberId: string,
  patientId: string,
) {
  await db
    .update(communityMembers)
    .set({ patientId })
    .where(
      and(
        eq(communityMembers.serviceId, serviceId),
        eq(communityMembers.id, memberId),
        isNull(communityMembers.patientId),
      ),
    );
}

export async function setMemberStatus(
  db: Db,
  serviceId: string,
  memberId: string,
  status: CommunityMemberStatus,
  reason: string | null,
  suspendedUntil: Date | null,
) {
  await db
    .update(communityMembers)
    .set({ status, statusReason: reason, suspendedUntil })
    .where(and(eq(communityMembers.serviceId, serviceId), eq(communityMembers.id, memberId)));
}

export async function setOnDuty(db: Db, serviceId: string, memberId: string, onDuty: boolean) {
  await db
    .update(communityMembers)
    .set({ onDuty })
    .where(and(eq(communityMembers.serviceId, serviceId), eq(communityMembers.id, memberId)));
}

/** Moderators to alert: those on duty, or every active moderator when nobody is on duty. */
export async function moderatorsToAlert(db: Db, serviceId: string) {
  const rows = await db
    .select({ memberId: communityMembers.id, onDuty: communityMembers.onDuty, email: users.email })
    .from(communityMembers)
    .innerJoin(
      users,
      and(eq(users.serviceId, communityMembers.serviceId), eq(users.id, communityMembers.userId)),
    )
    .where(
      and(
        eq(communityMembers.serviceId, serviceId),
        eq(communityMembers.kind, 'moderator'),
        eq(communityMembers.status, 'active'),
        eq(users.active, true),
      ),
    );
  const onDuty = rows.filter((r) => r.onDuty);
  return onDuty.length > 0 ? onDuty : rows;
}

/** Moderators on duty, for the Wall's "who is here" (pseudonyms and badges only). */
export async function listOnDutyModerators(db: Db, serviceId: string) {
  return db
    .select({
      memberId: communityMembers.id,
      pseudonym: communityMembers.pseudonym,
      avatar: communityMembers.avatar,
      badge: communityMembers.badge,
    })
    .from(communityMembers)
    .where(
      and(
        eq(communityMembers.serviceId, serviceId),
        eq(communityMembers.kind, 'moderator'),
        eq(communityMembers.status, 'active'),
        eq(communityMembers.onDuty, true),
      ),
    )
    .orderBy(asc(communityMembers.pseudonym));
}

// --- topics and posts ---

const authorColumns = {
  authorPseudonym: communityMembers.pseudonym,
  authorAvatar: communityMembers.avatar,
  authorBadge: communityMembers.badge,
  authorKind: communityMembers.kind,
};

export interface TopicListItem {
  id: string;
  title: string;
  kind: TopicKind;
  status: PostStatus;
  createdAt: Date;
  lastPostAt: Date;
  authorPseudonym: string;
  authorAvatar: string;
  authorBadge: CommunityBadge | null;
  replies: number;
}

export async function listTopics(
  db: Db,
  q: { serviceId: string; spaceId: string | null; kind: TopicKind; limit: number; offset: number },
): Promise<{ topics: TopicListItem[]; total: number }> {
  const where = and(
    eq(communityTopics.serviceId, q.serviceId),
    eq(communityTopics.kind, q.kind),
    eq(communityTopics.status, 'visible'),
    q.spaceId === null ? isNull(communityTopics.spaceId) : eq(communityTopics.spaceId, q.spaceId),
  );
  const topics = await db
    .select({
      id: communityTopics.id,
      title: communityTopics.title,
      kind: communityTopics.kind,
      status: communityTopics.status,
      createdAt: communityTopics.createdAt,
      lastPostAt: communityTopics.lastPostAt,
      authorPseudonym: communityMembers.pseudonym,
      authorAvatar: communityMembers.avatar,
      authorBadge: communityMembers.badge,
      replies: sql<number>`(select count(*)::int from ${communityPosts} p where p.service_id = ${communityTopics.serviceId} and p.topic_id = ${communityTopics.id} and p.status = 'visible' and not p.is_opening)`,
    })
    .from(communityTopics)
    .innerJoin(
      communityMembers,
      and(
        eq(communityMembers.serviceId, communityTopics.serviceId),
        eq(communityMembers.id, communityTopics.authorId),
      ),
    )
    .where(where)
    .orderBy(desc(communityTopics.lastPostAt), desc(communityTopics.id))
    .limit(q.limit)
    .offset(q.offset);
  const [total] = await db.select({ n: count() }).from(communityTopics).where(where);
  return { topics, total: total?.n ?? 0 };
}

export async function findTopic(db: Db, serviceId: string, topicId: string) {
  const rows = await db
    .select()
    .from(communityTopics)
    .where(and(eq(communityTopics.serviceId, serviceId), eq(communityTopics.id, topicId)));
  return rows[0] ?? null;
}

export async function insertTopic(db: Db, row: typeof communityTopics.$inferInsert) {
  const rows = await db.insert(communityTopics).values(row).returning();
  return one(rows);
}

export async function setTopicStatus(
  db: Db,
  serviceId: string,
  topicId: string,
  status: PostStatus,
) {
  await db
    .update(communityTopics)
    .set({ status })
    .where(and(eq(communityTopics.serviceId, serviceId), eq(communityTopics.id, topicId)));
}

export async function touchTopic(db: Db, serviceId: string, topicId: string, at: Date) {
  await db
    .update(communityTopics)
    .set({ lastPostAt: at })
    .where(and(eq(communityTopics.serviceId, serviceId), eq(communityTopics.id, topicId)));
}

export interface PostView {
  id: string;
  topicId: string;
  authorId: string;
  body: string;
  isOpening: boolean;
  status: PostStatus;
  hiddenReason: string | null;
  crisis: boolean;
  createdAt: Date;
  editedAt: Date | null;
  authorPseudonym: string;
  authorAvatar: string;
  authorBadge: CommunityBadge | null;
  authorKind: CommunityMemberKind;
}

const postColumns = {
  id: communityPosts.id,
  topicId: communityPosts.topicId,
  authorId: communityPosts.authorId,
  body: communityPosts.body,
  isOpening: communityPosts.isOpening,
  status: communityPosts.status,
  hiddenReason: communityPosts.hiddenReason,
  crisis: communityPosts.crisis,
  createdAt: communityPosts.createdAt,
  editedAt: communityPosts.editedAt,
  ...authorColumns,
};

const postAuthorJoin = and(
  eq(communityMembers.serviceId, communityPosts.serviceId),
  eq(communityMembers.id, communityPosts.authorId),
);

const queueItemPostJoin = and(
  eq(communityPosts.serviceId, communityQueueItems.serviceId),
  eq(communityPosts.id, communityQueueItems.postId),
);

const postTopicJoin = and(
  eq(communityTopics.serviceId, communityPosts.serviceId),
  eq(communityTopics.id, communityPosts.topicId),
);

/** The moderation queue's order: crisis language first, then reports, each oldest first. */
const queueOrder = [
  sql`case ${communityQueueItems.kind} when 'crisis' then 0 when 'report' then 1 else 2 end`,
  asc(communityQueueItems.createdAt),
];

/** A topic's posts as a member sees them: visible ones, and their own whatever their state. */
export async function listPosts(
  db: Db,
  q: {
    serviceId: string;
    topicId: string;
    viewerId: string;
    /** A moderator sees the posts waiting or hidden too (never a deleted one's words). */
    moderator?: boolean;
    limit: number;
    offset: number;
  },
): Promise<{ posts: PostView[]; total: number }> {
  const where = and(
    eq(communityPosts.serviceId, q.serviceId),
    eq(communityPosts.topicId, q.topicId),
    or(
      eq(communityPosts.status, 'visible'),
      // An opening post its author deleted, in a topic kept for its replies: "Deleted by its
      // author" in its place, so the replies read as replies.
      and(eq(communityPosts.isOpening, true), eq(communityPosts.status, 'deleted')),
      q.moderator ? inArray(communityPosts.status, ['pending', 'hidden']) : undefined,
      and(
        eq(communityPosts.authorId, q.viewerId),
        inArray(communityPosts.status, ['pending', 'hidden']),
      ),
    ),
  );
  const posts = await db
    .select(postColumns)
    .from(communityPosts)
    .innerJoin(communityMembers, postAuthorJoin)
    .where(where)
    .orderBy(asc(communityPosts.createdAt), asc(communityPosts.id))
    .limit(q.limit)
    .offset(q.offset);
  const [total] = await db.select({ n: count() }).from(communityPosts).where(where);
  return { posts, total: total?.n ?? 0 };
}

export async function findPost(db: Db, serviceId: string, postId: string) {
  const rows = await db
    .select(postColumns)
    .from(communityPosts)
    .innerJoin(communityMembers, postAuthorJoin)
    .where(and(eq(communityPosts.serviceId, serviceId), eq(communityPosts.id, postId)));
  return rows[0] ?? null;
}

export async function insertPost(db: Db, row: typeof communityPosts.$inferInsert) {
  const rows = await db.insert(communityPosts).values(row).returning();
  return one(rows);
}

export async function updatePost(
  db: Db,
  serviceId: string,
  postId: string,
  set: Partial<Pick<PostRow, 'body' | 'editedAt' | 'status' | 'hiddenReason' | 'crisis'>>,
) {
  await db
    .update(communityPosts)
    .set(set)
    .where(and(eq(communityPosts.serviceId, serviceId), eq(communityPosts.id, postId)));
}

/** Search visible posts in the given spaces (and the blogs) by words in the title or text. */
export async function searchPosts(
  db: Db,
  q: { serviceId: string; spaceIds: string[]; text: string; limit: number; offset: number },
) {
  const pattern = `%${q.text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const where = and(
    eq(communityPosts.serviceId, q.serviceId),
    eq(communityPosts.status, 'visible'),
    eq(communityTopics.status, 'visible'),
    or(
      q.spaceIds.length > 0 ? inArray(communityTopics.spaceId, q.spaceIds) : sql`false`,
      isNull(communityTopics.spaceId),
    ),
    or(ilike(communityPosts.body, pattern), ilike(communityTopics.title, pattern)),
  );
  const join = and(
    eq(communityTopics.serviceId, communityPosts.serviceId),
    eq(communityTopics.id, communityPosts.topicId),
  );
  const rows = await db
    .select({ ...postColumns, topicTitle: communityTopics.title, topicKind: communityTopics.kind })
    .from(communityPosts)
    .innerJoin(communityTopics, join)
    .innerJoin(communityMembers, postAuthorJoin)
    .where(where)
    .orderBy(desc(communityPosts.createdAt), desc(communityPosts.id))
    .limit(q.limit)
    .offset(q.offset);
  const [total] = await db
    .select({ n: count() })
    .from(communityPosts)
    .innerJoin(communityTopics, join)
    .where(where);
  return { results: rows, total: total?.n ?? 0 };
}

export async function postsByAuthor(db: Db, serviceId: string, authorId: string) {
  return db
    .select({
      id: communityPosts.id,
      topicId: communityPosts.topicId,
      topicTitle: communityTopics.title,
      topicKind: communityTopics.kind,
      body: communityPosts.body,
      status: communityPosts.status,
      hiddenReason: communityPosts.hiddenReason,
      createdAt: communityPosts.createdAt,
      editedAt: communityPosts.editedAt,
    })
    .from(communityPosts)
    .innerJoin(
      communityTopics,
      and(
        eq(communityTopics.serviceId, communityPosts.serviceId),
        eq(communityTopics.id, communityPosts.topicId),
      ),
    )
    .where(
      and(
        eq(communityPosts.serviceId, serviceId),
        eq(communityPosts.authorId, authorId),
        sql`${communityPosts.status} <> 'deleted'`,
      ),
    )
    .orderBy(asc(communityPosts.createdAt));
}

/** Deletes what a member wrote: the words go, a "deleted" marker keeps replies in order. */
export async function deleteContentOf(db: Db, serviceId: string, authorId: string) {
  await db
    .update(communityPosts)
    .set({ body: '', status: 'deleted', hiddenReason: null })
    .where(and(eq(communityPosts.serviceId, serviceId), eq(communityPosts.authorId, authorId)));
  await db
    .update(communityTopics)
    .set({ title: 'Deleted by its author', status: 'deleted' })
    .where(and(eq(communityTopics.serviceId, serviceId), eq(communityTopics.authorId, authorId)));
}

/**
 * Deletes one post its author wrote: the words go, a "deleted" marker keeps replies in order.
 * False when it was deleted already (a second click), so nothing is done or recorded twice. Its
 * queue items stay open for a moderator (H20).
 */
export async function deletePostOf(db: Db, serviceId: string, postId: string, authorId: string) {
  const rows = await db
    .update(communityPosts)
    .set({ body: '', status: 'deleted', hiddenReason: null })
    .where(
      and(
        eq(communityPosts.serviceId, serviceId),
        eq(communityPosts.id, postId),
        eq(communityPosts.authorId, authorId),
        sql`${communityPosts.status} <> 'deleted'`,
      ),
    )
    .returning({ id: communityPosts.id });
  return rows.length > 0;
}

/** How many posts of a topic others can read. */
export async function countVisiblePosts(db: Db, serviceId: string, topicId: string) {
  const [row] = await db
    .select({ n: count() })
    .from(communityPosts)
    .where(
      and(
        eq(communityPosts.serviceId, serviceId),
        eq(communityPosts.topicId, topicId),
        eq(communityPosts.status, 'visible'),
      ),
    );
  return row?.n ?? 0;
}

/**
 * A topic whose opening post its author deleted: its title (their words too) goes; the topic
 * itself goes too unless `keep` (others' replies are there to read).
 */
export async function markTopicDeletedByAuthor(
  db: Db,
  serviceId: string,
  topicId: string,
  keep: boolean,
) {
  await db
    .update(communityTopics)
    .set({ title: 'Deleted by its author', ...(keep ? {} : { status: 'deleted' as const }) })
    .where(and(eq(communityTopics.serviceId, serviceId), eq(communityTopics.id, topicId)));
}

// --- subscriptions ---

export async function isSubscribed(db: Db, serviceId: string, memberId: string, topicId: string) {
  const rows = await db
    .select({ n: count() })
    .from(communitySubscriptions)
    .where(
      and(
        eq(communitySubscriptions.serviceId, serviceId),
        eq(communitySubscriptions.memberId, memberId),
        eq(communitySubscriptions.topicId, topicId),
      ),
    );
  return (rows[0]?.n ?? 0) > 0;
}

export async function subscribe(
  db: Db,
  serviceId: string,
  memberId: string,
  topicId: string,
  at: Date,
) {
  await db
    .insert(communitySubscriptions)
    .values({ serviceId, memberId, topicId, createdAt: at })
    .onConflictDoNothing();
}

export async function unsubscribe(db: Db, serviceId: string, memberId: string, topicId: string) {
  await db
    .delete(communitySubscriptions)
    .where(
      and(
        eq(communitySubscriptions.serviceId, serviceId),
        eq(communitySubscriptions.memberId, memberId),
        eq(communitySubscriptions.topicId, topicId),
      ),
    );
}

/** Who to tell about a new reply: active subscribers' email addresses, never the author's. */
export async function subscriberContacts(
  db: Db,
  serviceId: string,
  topicId: string,
  exceptMemberId: string,
) {
  return db
    .select({ memberId: communityMembers.id, email: users.email })
    .from(communitySubscriptions)
    .innerJoin(
      communityMembers,
      and(
        eq(communityMembers.serviceId, communitySubscriptions.serviceId),
        eq(communityMembers.id, communitySubscriptions.memberId),
      ),
    )
    .innerJoin(
      users,
      and(eq(users.serviceId, communityMembers.serviceId), eq(users.id, communityMembers.userId)),
    )
    .where(
      and(
        eq(communitySubscriptions.serviceId, serviceId),
        eq(communitySubscriptions.topicId, topicId),
        eq(communityMembers.status, 'active'),
        eq(users.active, true),
        sql`${communityMembers.id} <> ${exceptMemberId}`,
      ),
    );
}

// --- moderation ---

export async function insertQueueItem(
  db: Db,
  row: {
    serviceId: string;
    kind: QueueItemKind;
    postId: string;
    reporterId?: string | null;
    reason: string;
    createdAt: Date;
  },
) {
  const rows = await db.insert(communityQueueItems).values(row).returning();
  return one(rows);
}

/** Open items, crisis first, then reports, then approvals; oldest first within each. */
export async function openQueue(db: Db, serviceId: string) {
  return db
    .select({
      id: communityQueueItems.id,
      kind: communityQueueItems.kind,
      postId: communityQueueItems.postId,
      reason: communityQueueItems.reason,
      createdAt: communityQueueItems.createdAt,
      topicId: communityPosts.topicId,
      topicTitle: communityTopics.title,
      topicKind: communityTopics.kind,
      postStatus: communityPosts.status,
      authorPseudonym: communityMembers.pseudonym,
    })
    .from(communityQueueItems)
    .innerJoin(communityPosts, queueItemPostJoin)
    .innerJoin(communityTopics, postTopicJoin)
    .innerJoin(communityMembers, postAuthorJoin)
    .where(
      and(eq(communityQueueItems.serviceId, serviceId), isNull(communityQueueItems.resolvedAt)),
    )
    .orderBy(...queueOrder);
}

/**
 * The first `limit` open items, in the queue's order (crisis first), with how many are open in
 * all and how many of those are crisis items: one query, for a moderator's home page (H20).
 */
export async function openQueueSummary(db: Db, serviceId: string, limit: number) {
  const rows = await db
    .select({
      id: communityQueueItems.id,
      kind: communityQueueItems.kind,
      postId: communityQueueItems.postId,
      createdAt: communityQueueItems.createdAt,
      topicTitle: communityTopics.title,
      total: sql<number>`count(*) over ()`.mapWith(Number),
      crisis:
        sql<number>`count(*) filter (where ${communityQueueItems.kind} = 'crisis') over ()`.mapWith(
          Number,
        ),
    })
    .from(communityQueueItems)
    .innerJoin(communityPosts, queueItemPostJoin)
    .innerJoin(communityTopics, postTopicJoin)
    .where(
      and(eq(communityQueueItems.serviceId, serviceId), isNull(communityQueueItems.resolvedAt)),
    )
    .orderBy(...queueOrder)
    .limit(limit);
  return {
    total: rows[0]?.total ?? 0,
    crisis: rows[0]?.crisis ?? 0,
    items: rows.map(({ id, kind, postId, createdAt, topicTitle }) => ({
      id,
      kind,
      postId,
      createdAt,
      topicTitle,
    })),
  };
}

/**
 * This member's open reports of this post, oldest first (a second report of the same kind adds
 * nothing).
 */
export async function openReportsBy(db: Db, serviceId: string, postId: string, reporterId: string) {
  return db
    .select({
      id: communityQueueItems.id,
      kind: communityQueueItems.kind,
      createdAt: communityQueueItems.createdAt,
    })
    .from(communityQueueItems)
    .where(
      and(
        eq(communityQueueItems.serviceId, serviceId),
        eq(communityQueueItems.postId, postId),
        eq(communityQueueItems.reporterId, reporterId),
        isNull(communityQueueItems.resolvedAt),
      ),
    )
    .orderBy(asc(communityQueueItems.createdAt));
}

/** Which of these posts the member has an open report of: one query for a page of posts. */
export async function postsReportedBy(
  db: Db,
  serviceId: string,
  reporterId: string,
  postIds: readonly string[],
): Promise<Set<string>> {
  if (postIds.length === 0) return new Set();
  const rows = await db
    .selectDistinct({ postId: communityQueueItems.postId })
    .from(communityQueueItems)
    .where(
      and(
        eq(communityQueueItems.serviceId, serviceId),
        eq(communityQueueItems.reporterId, reporterId),
        inArray(communityQueueItems.postId, [...postIds]),
        isNull(communityQueueItems.resolvedAt),
      ),
    );
  return new Set(rows.map((r) => r.postId));
}

export async function openItemsForPost(db: Db, serviceId: string, postId: string) {
  return db
    .select()
    .from(communityQueueItems)
    .where(
      and(
        eq(communityQueueItems.serviceId, serviceId),
        eq(communityQueueItems.postId, postId),
        isNull(communityQueueItems.resolvedAt),
      ),
    )
    .orderBy(asc(communityQueueItems.createdAt));
}

export async function resolveItemsForPost(
  db: Db,
  serviceId: string,
  postId: string,
  by: string,
  at: Date,
) {
  await db
    .update(communityQueueItems)
    .set({ resolvedAt: at, resolvedBy: by })
    .where(
      and(
        eq(communityQueueItems.serviceId, serviceId),
        eq(communityQueueItems.postId, postId),
        isNull(communityQueueItems.resolvedAt),
      ),
    );
}

export async function insertModerationAction(
  db: Db,
  row: {
    serviceId: string;
    action: ModerationActionKind;
    moderatorId: string;
    memberId: string;
    postId: string | null;
    reason: string;
    at: Date;
  },
) {
  await db.insert(communityModerationActions).values(row);
}

/** What moderators have done about a member, newest first: shown to the member. */
export async function actionsAbout(db: Db, serviceId: string, memberId: string) {
  return db
    .select({
      action: communityModerationActions.action,
      reason: communityModerationActions.reason,
      at: communityModerationActions.at,
      postId: communityModerationActions.postId,
      // Which post, by its topic's title: "hid your post" alone does not say (walk 10).
      topicTitle: communityTopics.title,
    })
    .from(communityModerationActions)
    .leftJoin(
      communityPosts,
      and(
        eq(communityPosts.serviceId, communityModerationActions.serviceId),
        eq(communityPosts.id, communityModerationActions.postId),
      ),
    )
    .leftJoin(
      communityTopics,
      and(
        eq(communityTopics.serviceId, communityPosts.serviceId),
        eq(communityTopics.id, communityPosts.topicId),
      ),
    )
    .where(
      and(
        eq(communityModerationActions.serviceId, serviceId),
        eq(communityModerationActions.memberId, memberId),
      ),
    )
    .orderBy(desc(communityModerationActions.at));
}

// --- videos ---

export async function listVideos(db: Db, serviceId: string) {
  return db
    .select()
    .from(communityVideos)
    .where(eq(communityVideos.serviceId, serviceId))
    .orderBy(desc(communityVideos.createdAt));
}

export async function findVideo(db: Db, serviceId: string, videoId: string) {
  const rows = await db
    .select()
    .from(communityVideos)
    .where(and(eq(communityVideos.serviceId, serviceId), eq(communityVideos.id, videoId)));
  return rows[0] ?? null;
}

export async function insertVideo(db: Db, row: typeof communityVideos.$inferInsert) {
  const rows = await db.insert(communityVideos).values(row).returning();
  return one(rows);
}

/** The spaces each video shows in, for the videos given. */
export async function videoSpaces(db: Db, serviceId: string, videoIds: readonly string[]) {
  if (videoIds.length === 0) return new Map<string, string[]>();
  const rows = await db
    .select()
    .from(communityVideoSpaces)
    .where(
      and(
        eq(communityVideoSpaces.serviceId, serviceId),
        inArray(communityVideoSpaces.videoId, [...videoIds]),
      ),
    );
  const bySpace = new Map<string, string[]>();
  for (const r of rows) bySpace.set(r.videoId, [...(bySpace.get(r.videoId) ?? []), r.spaceId]);
  return bySpace;
}

export async function insertVideoSpaces(
  db: Db,
  serviceId: string,
  videoId: string,
  spaceIds: readonly string[],
) {
  await db
    .insert(communityVideoSpaces)
    .values(spaceIds.map((spaceId) => ({ serviceId, videoId, spaceId })));
}

export async function setVideoHidden(
  db: Db,
  serviceId: string,
  videoId: string,
  hidden: { at: Date; by: string; reason: string } | null,
) {
  await db
    .update(communityVideos)
    .set({
      hiddenAt: hidden?.at ?? null,
      hiddenBy: hidden?.by ?? null,
      hiddenReason: hidden?.reason ?? null,
    })
    .where(and(eq(communityVideos.serviceId, serviceId), eq(communityVideos.id, videoId)));
}
