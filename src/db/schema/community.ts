import { sql } from 'drizzle-orm';
import {
  boolean,
  foreignKey,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { patients, services, users } from './core';

/**
 * The peer-support community (issue 13, ADR 0020). Members are known to each other only by a
 * pseudonym and a drawn avatar; their real name, email and NHS number stay in `users` and
 * `patients`, which no community page reads for another member.
 */

const at = (name: string) => timestamp(name, { withTimezone: true });

export const COMMUNITY_MEMBER_KINDS = ['former_patient', 'carer', 'moderator'] as const;
export type CommunityMemberKind = (typeof COMMUNITY_MEMBER_KINDS)[number];
export const COMMUNITY_BADGES = ['clinician', 'former_patient', 'volunteer'] as const;
export type CommunityBadge = (typeof COMMUNITY_BADGES)[number];
export const COMMUNITY_MEMBER_STATUSES = ['active', 'suspended', 'banned', 'left'] as const;
export type CommunityMemberStatus = (typeof COMMUNITY_MEMBER_STATUSES)[number];

/** The community's name and description, and whether patients may join during treatment. */
export const communitySettings = pgTable('community_settings', {
  serviceId: uuid('service_id')
    .primaryKey()
    .references(() => services.id),
  name: text('name').notNull(),
  description: text('description').notNull(),
  allowDuringTreatment: boolean('allow_during_treatment').notNull().default(true),
  updatedAt: at('updated_at').notNull(),
});

/** An invitation to one user account; accepted by signing in and choosing a pseudonym. */
export const communityInvitations = pgTable(
  'community_invitations',
  {
    serviceId: uuid('service_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    userId: uuid('user_id').notNull(),
    kind: text('kind').$type<CommunityMemberKind>().notNull(),
    badge: text('badge').$type<CommunityBadge>(),
    /** The patient record, for a patient invited by their therapist. */
    patientId: uuid('patient_id'),
    invitedBy: uuid('invited_by').notNull(),
    createdAt: at('created_at').notNull(),
    acceptedAt: at('accepted_at'),
  },
  (t) => [
    primaryKey({ columns: [t.serviceId, t.id] }),
    uniqueIndex('community_invitations_open_idx')
      .on(t.serviceId, t.userId)
      .where(sql`${t.acceptedAt} is null`),
    foreignKey({ columns: [t.serviceId, t.userId], foreignColumns: [users.serviceId, users.id] }),
    foreignKey({
      columns: [t.serviceId, t.patientId],
      foreignColumns: [patients.serviceId, patients.id],
    }),
  ],
);

export const communityMembers = pgTable(
  'community_members',
  {
    serviceId: uuid('service_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    userId: uuid('user_id').notNull(),
    pseudonym: text('pseudonym').notNull(),
    /** Folded for uniqueness (domain/community `normalisePseudonym`). */
    pseudonymKey: text('pseudonym_key').notNull(),
    avatar: text('avatar').notNull(),
    kind: text('kind').$type<CommunityMemberKind>().notNull(),
    badge: text('badge').$type<CommunityBadge>(),
    patientId: uuid('patient_id'),
    status: text('status').$type<CommunityMemberStatus>().notNull().default('active'),
    /** Why a moderator suspended or banned the member: shown to them. */
    statusReason: text('status_reason'),
    suspendedUntil: at('suspended_until'),
    /** A moderator who is on duty gets crisis alerts at once. */
    onDuty: boolean('on_duty').notNull().default(false),
    rulesAcceptedAt: at('rules_accepted_at').notNull(),
    joinedAt: at('joined_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.serviceId, t.id] }),
    uniqueIndex('community_members_user_idx').on(t.serviceId, t.userId),
    uniqueIndex('community_members_pseudonym_idx').on(t.serviceId, t.pseudonymKey),
    foreignKey({ columns: [t.serviceId, t.userId], foreignColumns: [users.serviceId, users.id] }),
    foreignKey({
      columns: [t.serviceId, t.patientId],
      foreignColumns: [patients.serviceId, patients.id],
    }),
  ],
);

export const SPACE_AUDIENCES = ['former_patients', 'carers', 'everyone'] as const;
export type CommunitySpaceAudience = (typeof SPACE_AUDIENCES)[number];

export const communitySpaces = pgTable(
  'community_spaces',
  {
    serviceId: uuid('service_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    name: text('name').notNull(),
    description: text('description').notNull(),
    audience: text('audience').$type<CommunitySpaceAudience>().notNull(),
    position: integer('position').notNull(),
  },
  (t) => [primaryKey({ columns: [t.serviceId, t.id] })],
);

export const TOPIC_KINDS = ['forum', 'blog'] as const;
export type TopicKind = (typeof TOPIC_KINDS)[number];
export const POST_STATUSES = ['visible', 'pending', 'hidden', 'deleted'] as const;
export type PostStatus = (typeof POST_STATUSES)[number];

/** A forum topic or a blog post: a title over its opening post, with replies or comments. */
export const communityTopics = pgTable(
  'community_topics',
  {
    serviceId: uuid('service_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    spaceId: uuid('space_id'),
    kind: text('kind').$type<TopicKind>().notNull(),
    title: text('title').notNull(),
    authorId: uuid('author_id').notNull(),
    status: text('status').$type<PostStatus>().notNull(),
    createdAt: at('created_at').notNull(),
    lastPostAt: at('last_post_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.serviceId, t.id] }),
    index('community_topics_space_idx').on(t.serviceId, t.spaceId, t.lastPostAt),
    foreignKey({
      columns: [t.serviceId, t.spaceId],
      foreignColumns: [communitySpaces.serviceId, communitySpaces.id],
    }),
    foreignKey({
      columns: [t.serviceId, t.authorId],
      foreignColumns: [communityMembers.serviceId, communityMembers.id],
    }),
  ],
);

export const communityPosts = pgTable(
  'community_posts',
  {
    serviceId: uuid('service_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    topicId: uuid('topic_id').notNull(),
    authorId: uuid('author_id').notNull(),
    /** Markdown as written; rendered through the sanitiser on every view. */
    body: text('body').notNull(),
    isOpening: boolean('is_opening').notNull().default(false),
    status: text('status').$type<PostStatus>().notNull(),
    /** Why a moderator hid it: shown to its author. */
    hiddenReason: text('hidden_reason'),
    crisis: boolean('crisis').notNull().default(false),
    createdAt: at('created_at').notNull(),
    editedAt: at('edited_at'),
  },
  (t) => [
    primaryKey({ columns: [t.serviceId, t.id] }),
    index('community_posts_topic_idx').on(t.serviceId, t.topicId, t.createdAt),
    index('community_posts_author_idx').on(t.serviceId, t.authorId),
    foreignKey({
      columns: [t.serviceId, t.topicId],
      foreignColumns: [communityTopics.serviceId, communityTopics.id],
    }),
    foreignKey({
      columns: [t.serviceId, t.authorId],
      foreignColumns: [communityMembers.serviceId, communityMembers.id],
    }),
  ],
);

export const communitySubscriptions = pgTable(
  'community_subscriptions',
  {
    serviceId: uuid('service_id').notNull(),
    memberId: uuid('member_id').notNull(),
    topicId: uuid('topic_id').notNull(),
    createdAt: at('created_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.serviceId, t.memberId, t.topicId] }),
    index('community_subscriptions_topic_idx').on(t.serviceId, t.topicId),
    foreignKey({
      columns: [t.serviceId, t.memberId],
      foreignColumns: [communityMembers.serviceId, communityMembers.id],
    }).onDelete('cascade'),
    foreignKey({
      columns: [t.serviceId, t.topicId],
      foreignColumns: [communityTopics.serviceId, communityTopics.id],
    }).onDelete('cascade'),
  ],
);

export const QUEUE_ITEM_KINDS = ['crisis', 'report', 'contact_details', 'approval'] as const;
export type QueueItemKind = (typeof QUEUE_ITEM_KINDS)[number];

/** The moderation queue: crisis posts first, then reports, then posts awaiting approval. */
export const communityQueueItems = pgTable(
  'community_queue_items',
  {
    serviceId: uuid('service_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    kind: text('kind').$type<QueueItemKind>().notNull(),
    postId: uuid('post_id').notNull(),
    /** The member who reported it (reports only). */
    reporterId: uuid('reporter_id'),
    reason: text('reason').notNull(),
    createdAt: at('created_at').notNull(),
    resolvedAt: at('resolved_at'),
    resolvedBy: uuid('resolved_by'),
  },
  (t) => [
    primaryKey({ columns: [t.serviceId, t.id] }),
    index('community_queue_open_idx').on(t.serviceId, t.resolvedAt, t.createdAt),
    foreignKey({
      columns: [t.serviceId, t.postId],
      foreignColumns: [communityPosts.serviceId, communityPosts.id],
    }).onDelete('cascade'),
  ],
);

export const MODERATION_ACTIONS = [
  'approve',
  'hide',
  'restore',
  'warn',
  'suspend',
  'ban',
  'dismiss',
  'ask_clinical_team',
] as const;
export type ModerationActionKind = (typeof MODERATION_ACTIONS)[number];

/** Every moderator action with its reason; the member it concerns sees the ones about them. */
export const communityModerationActions = pgTable(
  'community_moderation_actions',
  {
    serviceId: uuid('service_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    action: text('action').$type<ModerationActionKind>().notNull(),
    moderatorId: uuid('moderator_id').notNull(),
    memberId: uuid('member_id').notNull(),
    postId: uuid('post_id'),
    reason: text('reason').notNull(),
    at: at('at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.serviceId, t.id] }),
    index('community_moderation_member_idx').on(t.serviceId, t.memberId, t.at),
    foreignKey({
      columns: [t.serviceId, t.moderatorId],
      foreignColumns: [communityMembers.serviceId, communityMembers.id],
    }),
    foreignKey({
      columns: [t.serviceId, t.memberId],
      foreignColumns: [communityMembers.serviceId, communityMembers.id],
    }),
  ],
);

/** The video library: uploaded by staff, each with WebVTT captions and a transcript. */
export const communityVideos = pgTable(
  'community_videos',
  {
    serviceId: uuid('service_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    title: text('title').notNull(),
    description: text('description').notNull(),
    transcript: text('transcript').notNull(),
    /** File names under the uploads directory (random, never the uploader's). */
    videoFile: text('video_file').notNull(),
    videoType: text('video_type').notNull(),
    videoBytes: integer('video_bytes').notNull(),
    captionsFile: text('captions_file').notNull(),
    uploadedBy: uuid('uploaded_by').notNull(),
    createdAt: at('created_at').notNull(),
    /** Hidden by a moderator (with the reason): members no longer see it; the files stay. */
    hiddenAt: at('hidden_at'),
    hiddenBy: uuid('hidden_by'),
    hiddenReason: text('hidden_reason'),
  },
  (t) => [
    primaryKey({ columns: [t.serviceId, t.id] }),
    foreignKey({
      columns: [t.serviceId, t.uploadedBy],
      foreignColumns: [users.serviceId, users.id],
    }),
  ],
);

/** The spaces a video shows in: a member sees it when they may use one of them. */
export const communityVideoSpaces = pgTable(
  'community_video_spaces',
  {
    serviceId: uuid('service_id').notNull(),
    videoId: uuid('video_id').notNull(),
    spaceId: uuid('space_id').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.serviceId, t.videoId, t.spaceId] }),
    index('community_video_spaces_space_idx').on(t.serviceId, t.spaceId),
    foreignKey({
      columns: [t.serviceId, t.videoId],
      foreignColumns: [communityVideos.serviceId, communityVideos.id],
    }).onDelete('cascade'),
    foreignKey({
      columns: [t.serviceId, t.spaceId],
      foreignColumns: [communitySpaces.serviceId, communitySpaces.id],
    }).onDelete('cascade'),
  ],
);
