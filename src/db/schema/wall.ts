import {
  bigint,
  boolean,
  foreignKey,
  index,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { communityMembers, type CommunityBadge, type CommunityMemberKind } from './community';
import { services } from './core';

/**
 * The Wall (issue 14, ADR 0023): live chat in the community. Every change (a message, a message
 * hidden) takes the next number in the service's sequence, so a client that has seen up to N
 * asks for what changed after N and ends where a fresh page load would.
 */
const at = (name: string) => timestamp(name, { withTimezone: true });

/** The last sequence number given out, per service; the row lock orders writers by commit. */
export const wallSequences = pgTable('wall_sequences', {
  serviceId: uuid('service_id')
    .primaryKey()
    .references(() => services.id),
  lastSeq: bigint('last_seq', { mode: 'number' }).notNull(),
});

export const wallMessages = pgTable(
  'wall_messages',
  {
    serviceId: uuid('service_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    /** The number it was posted with: the order messages are shown in. */
    seq: bigint('seq', { mode: 'number' }).notNull(),
    /** The number of its last change (posted, or hidden): what a reconnecting client asks after. */
    changeSeq: bigint('change_seq', { mode: 'number' }).notNull(),
    authorId: uuid('author_id').notNull(),
    /** As shown when it was posted; a member's real name is never stored here. */
    pseudonym: text('pseudonym').notNull(),
    avatar: text('avatar').notNull(),
    authorKind: text('author_kind').$type<CommunityMemberKind>().notNull(),
    badge: text('badge').$type<CommunityBadge>(),
    body: text('body').notNull(),
    /** The client's key for this message: a resend after a dropped connection is not a second one. */
    clientKey: text('client_key').notNull(),
    /** Crisis language: at the top of the moderators' queue until one of them has looked. */
    crisis: boolean('crisis').notNull().default(false),
    reviewedAt: at('reviewed_at'),
    postedAt: at('posted_at').notNull(),
    hiddenAt: at('hidden_at'),
    hiddenBy: uuid('hidden_by'),
    hiddenReason: text('hidden_reason'),
  },
  (t) => [
    primaryKey({ columns: [t.serviceId, t.id] }),
    uniqueIndex('wall_messages_seq_idx').on(t.serviceId, t.seq),
    index('wall_messages_change_seq_idx').on(t.serviceId, t.changeSeq),
    uniqueIndex('wall_messages_client_key_idx').on(t.serviceId, t.authorId, t.clientKey),
    index('wall_messages_author_idx').on(t.serviceId, t.authorId, t.postedAt),
    foreignKey({
      columns: [t.serviceId, t.authorId],
      foreignColumns: [communityMembers.serviceId, communityMembers.id],
    }),
  ],
);

/** A member's report of a Wall message, for the moderators' queue. */
export const wallReports = pgTable(
  'wall_reports',
  {
    serviceId: uuid('service_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    messageId: uuid('message_id').notNull(),
    reporterId: uuid('reporter_id').notNull(),
    reason: text('reason').notNull(),
    createdAt: at('created_at').notNull(),
    resolvedAt: at('resolved_at'),
  },
  (t) => [
    primaryKey({ columns: [t.serviceId, t.id] }),
    uniqueIndex('wall_reports_once_idx').on(t.serviceId, t.messageId, t.reporterId),
    foreignKey({
      columns: [t.serviceId, t.messageId],
      foreignColumns: [wallMessages.serviceId, wallMessages.id],
    }),
  ],
);

/** A warning or a suspension from the Wall only (the community's own sanctions are separate). */
export const wallSanctions = pgTable(
  'wall_sanctions',
  {
    serviceId: uuid('service_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    memberId: uuid('member_id').notNull(),
    kind: text('kind').$type<'warning' | 'suspension'>().notNull(),
    reason: text('reason').notNull(),
    until: at('until'),
    byUserId: uuid('by_user_id').notNull(),
    createdAt: at('created_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.serviceId, t.id] }),
    index('wall_sanctions_member_idx').on(t.serviceId, t.memberId),
  ],
);

/** Who has the Wall open, per connection, refreshed by a heartbeat: shared by every instance. */
export const wallPresence = pgTable(
  'wall_presence',
  {
    serviceId: uuid('service_id').notNull(),
    connectionId: uuid('connection_id').notNull(),
    memberId: uuid('member_id').notNull(),
    seenAt: at('seen_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.serviceId, t.connectionId] }),
    index('wall_presence_seen_idx').on(t.serviceId, t.seenAt),
  ],
);
