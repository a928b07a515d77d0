import { accessActorFor, can } from '../../platform/access';
import { queueMessage } from '../../platform/outbox';
import { requireUser, type UseCase } from '../../platform/use-case';
import {
  canStillEdit,
  contactDetailsIn,
  describeContactDetails,
  hasCrisisLanguage,
  type ContactDetailKind,
} from '../../domain/community';
import type { PostStatus, TopicKind } from '../../db/schema';
import type { WallForCommunity } from './elsewhere';
import * as repo from './community.repository';
import type { MemberRow, TopicRow } from './community.repository';
import { replyEmail } from './community.messages';
import { activeMember, ensureCommunity, moderatorMember, myMembership } from './membership.service';
import { alertCrisis, alertCrisisReport } from './moderation.service';

/** What the moderation queue says of a post with crisis language: what a moderator can do. */
export const CRISIS_ITEM_REASON =
  'Crisis language: make sure they have help. For a former patient, ask the clinical team to contact them';

/** Whether the member may use this topic's space (blogs belong to everyone). */
async function mayUseTopic(uc: UseCase, member: MemberRow, topic: TopicRow): Promise<boolean> {
  const space = topic.spaceId ? await repo.findSpace(uc.db, uc.service.id, topic.spaceId) : null;
  if (topic.spaceId && !space) return false;
  const actor = await accessActorFor(uc.db, requireUser(uc));
  return can(actor, 'community.use_space', {
    kind: 'community_space',
    serviceId: uc.service.id,
    audience: space?.audience ?? 'everyone',
    membership: { kind: member.kind, status: member.status },
  });
}

/** The community's front page for a member: the spaces they may use. */
export async function communityHome(uc: UseCase) {
  const member = await activeMember(uc);
  if (!member) return null;
  const settings = await ensureCommunity(uc);
  const actor = await accessActorFor(uc.db, requireUser(uc));
  const spaces = (await repo.listSpaces(uc.db, uc.service.id)).filter((s) =>
    can(actor, 'community.use_space', {
      kind: 'community_space',
      serviceId: uc.service.id,
      audience: s.audience,
      membership: { kind: member.kind, status: member.status },
    }),
  );
  return { member, settings, spaces };
}

export async function openSpace(
  uc: UseCase,
  input: { spaceId: string; limit: number; offset: number },
) {
  const home = await communityHome(uc);
  const space = home?.spaces.find((s) => s.id === input.spaceId);
  if (!home || !space) return null;
  const list = await repo.listTopics(uc.db, {
    serviceId: uc.service.id,
    spaceId: space.id,
    kind: 'forum',
    limit: input.limit,
    offset: input.offset,
  });
  return { ...home, space, ...list };
}

export async function blogList(uc: UseCase, input: { limit: number; offset: number }) {
  const member = await activeMember(uc);
  if (!member) return null;
  const list = await repo.listTopics(uc.db, {
    serviceId: uc.service.id,
    spaceId: null,
    kind: 'blog',
    limit: input.limit,
    offset: input.offset,
  });
  return { member, ...list };
}

export interface Posted {
  topicId: string;
  postId: string;
  /** Crisis language: the author is shown the urgent-help page. */
  crisis: boolean;
  /** Waiting for a moderator before others see it. */
  pending: boolean;
}

/**
 * Saves a post and decides who sees it: a post with crisis language is held for a moderator and
 * goes to the top of the queue at once (hazard H20); one that seems to share contact details
 * waits for a moderator (house rules); a member's blog post waits for approval.
 */
async function savePost(
  uc: UseCase,
  input: {
    member: MemberRow;
    topicId: string;
    body: string;
    isOpening: boolean;
    needsApproval: boolean;
    titleForCheck?: string;
  },
) {
  const text = `${input.titleForCheck ?? ''}\n${input.body}`;
  const crisis = hasCrisisLanguage(text);
  const contacts = contactDetailsIn(text);
  const status: PostStatus =
    crisis || contacts.length > 0 || input.needsApproval ? 'pending' : 'visible';
  const now = uc.clock.now();
  const post = await repo.insertPost(uc.db, {
    serviceId: uc.service.id,
    topicId: input.topicId,
    authorId: input.member.id,
    body: input.body,
    isOpening: input.isOpening,
    status,
    crisis,
    createdAt: now,
  });
  if (crisis) {
    await repo.insertQueueItem(uc.db, {
      serviceId: uc.service.id,
      kind: 'crisis',
      postId: post.id,
      reason: CRISIS_ITEM_REASON,
      createdAt: now,
    });
    await alertCrisis(uc, {
      member: input.member,
      recordType: 'community_post',
      recordId: post.id,
    });
  } else if (contacts.length > 0) {
    await holdForContactDetails(uc, post.id, contacts);
  } else if (input.needsApproval) {
    await repo.insertQueueItem(uc.db, {
      serviceId: uc.service.id,
      kind: 'approval',
      postId: post.id,
      reason: 'A member’s blog post waiting for approval',
      createdAt: now,
    });
  }
  await uc.audit({
    action: 'community.post',
    recordType: 'community_post',
    recordId: post.id,
    details: { crisis, status, contactDetails: contacts },
  });
  return { post, crisis, pending: status === 'pending' };
}

async function holdForContactDetails(uc: UseCase, postId: string, kinds: ContactDetailKind[]) {
  await repo.insertQueueItem(uc.db, {
    serviceId: uc.service.id,
    kind: 'contact_details',
    postId,
    reason: `Seems to share ${describeContactDetails(kinds)}: check before others see it`,
    createdAt: uc.clock.now(),
  });
}

/** Starts a forum topic in a space, or a blog post (spaceId null). */
export async function startTopic(
  uc: UseCase,
  input: { kind: TopicKind; spaceId: string | null; title: string; body: string },
): Promise<Posted | null> {
  const home = await communityHome(uc);
  if (!home) return null;
  if (input.kind === 'forum' && !home.spaces.some((s) => s.id === input.spaceId)) return null;
  const member = home.member;
  // Members' blog posts are checked first; moderators (clinicians among them) publish at once.
  const needsApproval = input.kind === 'blog' && member.kind !== 'moderator';
  return uc.transaction(async (tx) => {
    const now = tx.clock.now();
    const topic = await repo.insertTopic(tx.db, {
      serviceId: tx.service.id,
      spaceId: input.kind === 'forum' ? input.spaceId : null,
      kind: input.kind,
      title: input.title,
      authorId: member.id,
      status: 'pending',
      createdAt: now,
      lastPostAt: now,
    });
    const saved = await savePost(tx, {
      member,
      topicId: topic.id,
      body: input.body,
      isOpening: true,
      needsApproval,
      titleForCheck: input.title,
    });
    await repo.setTopicStatus(tx.db, tx.service.id, topic.id, saved.post.status);
    return {
      topicId: topic.id,
      postId: saved.post.id,
      crisis: saved.crisis,
      pending: saved.pending,
    };
  });
}

/** A topic as a member sees it. */
export async function openTopic(
  uc: UseCase,
  input: { topicId: string; limit: number; offset: number },
) {
  const member = await activeMember(uc);
  if (!member) return null;
  const topic = await repo.findTopic(uc.db, uc.service.id, input.topicId);
  if (!topic || !(await mayUseTopic(uc, member, topic))) return null;
  // Others see a topic once it is visible; its author sees it while it waits or is hidden, and
  // so does a moderator, who may reply to its author there (walk 10: where to get help now).
  const moderating = topic.status !== 'visible' && (await moderatorMember(uc)) !== null;
  if (
    topic.status !== 'visible' &&
    !((topic.authorId === member.id || moderating) && topic.status !== 'deleted')
  )
    return null;
  const space = topic.spaceId ? await repo.findSpace(uc.db, uc.service.id, topic.spaceId) : null;
  const list = await repo.listPosts(uc.db, {
    serviceId: uc.service.id,
    topicId: topic.id,
    viewerId: member.id,
    moderator: moderating,
    limit: input.limit,
    offset: input.offset,
  });
  const subscribed = await repo.isSubscribed(uc.db, uc.service.id, member.id, topic.id);
  // The posts on this page the member has reported and a moderator has not yet dealt with.
  const reported = await repo.postsReportedBy(
    uc.db,
    uc.service.id,
    member.id,
    list.posts.filter((p) => p.authorId !== member.id).map((p) => p.id),
  );
  return {
    member,
    topic,
    space,
    subscribed,
    reported,
    now: uc.clock.now(),
    // Anyone may reply in a visible topic; a moderator also in one waiting for a moderator, to
    // answer its author before deciding (walk 10: a carer's crisis topic, which only its author
    // and the moderators can see; the reply is seen by them alone until it is approved).
    mayReply: topic.status === 'visible' || (topic.status === 'pending' && moderating),
    ...list,
  };
}

export async function reply(
  uc: UseCase,
  input: { topicId: string; body: string },
): Promise<Posted | null> {
  const open = await openTopic(uc, { topicId: input.topicId, limit: 1, offset: 0 });
  if (!open?.mayReply) return null;
  const { member, topic } = open;
  return uc.transaction(async (tx) => {
    const saved = await savePost(tx, {
      member,
      topicId: topic.id,
      body: input.body,
      isOpening: false,
      needsApproval: false,
    });
    if (!saved.pending) {
      await repo.touchTopic(tx.db, tx.service.id, topic.id, tx.clock.now());
      await notifySubscribers(tx, topic.id, member.id, saved.post.id);
    }
    return {
      topicId: topic.id,
      postId: saved.post.id,
      crisis: saved.crisis,
      pending: saved.pending,
    };
  });
}

async function notifySubscribers(uc: UseCase, topicId: string, authorId: string, postId: string) {
  const settings = await ensureCommunity(uc);
  const email = replyEmail({
    communityName: settings.name,
    topicUrl: `${uc.links.publicUrl}/community/topics/${topicId}`,
  });
  for (const s of await repo.subscriberContacts(uc.db, uc.service.id, topicId, authorId))
    await queueMessage(uc.db, uc.clock, {
      serviceId: uc.service.id,
      channel: 'email',
      recipient: s.email,
      subject: email.subject,
      body: email.body,
      template: 'community-reply',
      idempotencyKey: `community-reply:${postId}:${s.memberId}`,
    });
}

/** The member's own post, editable for 15 minutes after posting. */
export async function ownEditablePost(uc: UseCase, postId: string) {
  const member = await activeMember(uc);
  if (!member) return null;
  const post = await repo.findPost(uc.db, uc.service.id, postId);
  if (!post || post.authorId !== member.id || post.status === 'deleted' || post.status === 'hidden')
    return null;
  const topic = await repo.findTopic(uc.db, uc.service.id, post.topicId);
  if (!topic) return null;
  return { member, post, topic, editable: canStillEdit(post.createdAt, uc.clock.now()) };
}

export async function editPost(
  uc: UseCase,
  input: { postId: string; body: string },
): Promise<(Posted & { expired: false }) | { expired: true; topicId: string } | null> {
  const own = await ownEditablePost(uc, input.postId);
  if (!own) return null;
  if (!own.editable) return { expired: true, topicId: own.topic.id };
  const { member, post, topic } = own;
  return uc.transaction(async (tx) => {
    const crisis = hasCrisisLanguage(input.body);
    // Contact details added by an edit go back to a moderator, as a new post's would.
    const contacts = post.status === 'visible' ? contactDetailsIn(input.body) : [];
    // What the post waits for, if anything. Open crisis items count even on a visible post (a
    // member's report with crisis words).
    const waitingFor = await repo.openItemsForPost(tx.db, tx.service.id, post.id);
    // Held only for contact details, and the author has taken them out: it goes up as it is.
    const released =
      !crisis &&
      post.status === 'pending' &&
      waitingFor.length > 0 &&
      waitingFor.every((item) => item.kind === 'contact_details') &&
      contactDetailsIn(post.isOpening ? `${topic.title}\n${input.body}` : input.body).length === 0;
    const status: PostStatus =
      crisis || contacts.length > 0 ? 'pending' : released ? 'visible' : post.status;
    await repo.updatePost(tx.db, tx.service.id, post.id, {
      body: input.body,
      editedAt: tx.clock.now(),
      status,
      crisis: post.crisis || crisis,
    });
    // A topic whose opening post goes back to a moderator waits with it.
    if (post.isOpening && status !== post.status)
      await repo.setTopicStatus(tx.db, tx.service.id, topic.id, status);
    // Crisis words in an edit go back to the top of the queue and alert again (walk 10: a post
    // approved, then edited to say more, had vanished from everyone), unless a crisis item for
    // it is still waiting (the same edit sent twice): that one is already at the top.
    if (crisis && !waitingFor.some((item) => item.kind === 'crisis')) {
      const item = await repo.insertQueueItem(tx.db, {
        serviceId: tx.service.id,
        kind: 'crisis',
        postId: post.id,
        reason: CRISIS_ITEM_REASON,
        createdAt: tx.clock.now(),
      });
      await alertCrisis(tx, {
        member,
        recordType: 'community_post',
        recordId: post.id,
        // The first crisis words of this post keep the key a new post's alert has.
        ...(post.crisis ? { occasion: item.id } : {}),
      });
    } else if (!crisis && contacts.length > 0) {
      await holdForContactDetails(tx, post.id, contacts);
    } else if (released) {
      await repo.resolveItemsForPost(tx.db, tx.service.id, post.id, member.id, tx.clock.now());
    }
    await tx.audit({
      action: 'community.edit',
      recordType: 'community_post',
      recordId: post.id,
      details: { status, ...(released ? { contactDetailsTakenOut: true } : {}) },
    });
    return {
      expired: false,
      topicId: topic.id,
      postId: post.id,
      crisis,
      pending: status === 'pending',
    };
  });
}

/**
 * The member's own post, to delete at any time (their words, their right), as long as they are a
 * member (a suspended member too, as for deleting everything). Anyone else's: null. `gone` when
 * they have deleted it already (a second click), with where they can still go.
 */
export async function ownPostToDelete(uc: UseCase, postId: string) {
  const member = await myMembership(uc);
  if (!member || member.status === 'left') return null;
  const post = await repo.findPost(uc.db, uc.service.id, postId);
  if (!post || post.authorId !== member.id) return null;
  const topic = await repo.findTopic(uc.db, uc.service.id, post.topicId);
  if (!topic) return null;
  return { member, post, topic, gone: post.status === 'deleted' };
}

/** Whether the member can still open the topic (to go back to it); else their own page. */
export async function topicStillOpen(uc: UseCase, topicId: string): Promise<boolean> {
  return (await openTopic(uc, { topicId, limit: 1, offset: 0 })) !== null;
}

/**
 * Deletes one of the member's posts: the words go, what others replied stays. An opening post
 * takes its topic's title with it ("Deleted by its author"); the topic stays while others'
 * replies can be read there, else it goes as when they delete everything. Whatever waits in the
 * moderation queue about it stays there until a moderator looks (hazard H20: crisis words are a
 * concern after the words are gone). Deleting it again does nothing.
 */
export async function deleteOwnPost(
  uc: UseCase,
  postId: string,
): Promise<{ topicId: string } | null> {
  return uc.transaction(async (tx) => {
    const own = await ownPostToDelete(tx, postId);
    if (!own) return null;
    const { member, post, topic } = own;
    if (!(await repo.deletePostOf(tx.db, tx.service.id, post.id, member.id)))
      return { topicId: topic.id };
    let topicKept: boolean | null = null;
    if (post.isOpening) {
      topicKept =
        topic.status === 'visible' &&
        (await repo.countVisiblePosts(tx.db, tx.service.id, topic.id)) > 0;
      await repo.markTopicDeletedByAuthor(tx.db, tx.service.id, topic.id, topicKept);
    }
    const waiting = await repo.openItemsForPost(tx.db, tx.service.id, post.id);
    await tx.audit({
      action: 'community.delete_post',
      recordType: 'community_post',
      recordId: post.id,
      details: {
        opening: post.isOpening,
        ...(topicKept === null ? {} : { topicKept }),
        stillInQueue: waiting.map((i) => i.kind),
      },
    });
    return { topicId: topic.id };
  });
}

export async function setSubscription(uc: UseCase, input: { topicId: string; follow: boolean }) {
  const open = await openTopic(uc, { topicId: input.topicId, limit: 1, offset: 0 });
  if (!open) return null;
  if (input.follow)
    await repo.subscribe(uc.db, uc.service.id, open.member.id, open.topic.id, uc.clock.now());
  else await repo.unsubscribe(uc.db, uc.service.id, open.member.id, open.topic.id);
  return { topicId: open.topic.id };
}

/**
 * A post another member may report: one they can see, not their own; with their reports of it
 * still open (oldest first), so the page can say they have reported it instead of asking again.
 */
export async function reportablePost(uc: UseCase, postId: string) {
  const member = await activeMember(uc);
  if (!member) return null;
  const post = await repo.findPost(uc.db, uc.service.id, postId);
  if (!post || post.status !== 'visible' || post.authorId === member.id) return null;
  const topic = await repo.findTopic(uc.db, uc.service.id, post.topicId);
  if (!topic || topic.status !== 'visible' || !(await mayUseTopic(uc, member, topic))) return null;
  const myOpenReports = await repo.openReportsBy(uc.db, uc.service.id, post.id, member.id);
  return { member, post, topic, myOpenReports };
}

/**
 * A member reports a post to the moderators. Reporting the same post again while their report is
 * still open adds nothing (`already`), unless the new reason speaks of crisis and the open report
 * does not: that goes in as a crisis item, at the top of the queue (H20).
 */
export async function reportPost(
  uc: UseCase,
  input: { postId: string; reason: string },
): Promise<{ topicId: string; already: boolean } | null> {
  const found = await reportablePost(uc, input.postId);
  if (!found) return null;
  const kind = hasCrisisLanguage(input.reason) ? 'crisis' : 'report';
  if (found.myOpenReports.some((i) => i.kind === kind || i.kind === 'crisis'))
    return { topicId: found.topic.id, already: true };
  return uc.transaction(async (tx) => {
    const item = await repo.insertQueueItem(tx.db, {
      serviceId: tx.service.id,
      kind,
      postId: found.post.id,
      reporterId: found.member.id,
      reason: input.reason,
      createdAt: tx.clock.now(),
    });
    // Someone fears for the author: the moderators hear at once, as for a crisis post (H20).
    if (kind === 'crisis')
      await alertCrisisReport(tx, {
        key: `community-crisis-report:${item.id}`,
        recordType: 'community_post',
        recordId: found.post.id,
        queueItemId: item.id,
      });
    await tx.audit({
      action: 'community.report',
      recordType: 'community_post',
      recordId: found.post.id,
    });
    return { topicId: found.topic.id, already: false };
  });
}

export async function searchCommunity(
  uc: UseCase,
  input: { text: string; limit: number; offset: number },
) {
  const home = await communityHome(uc);
  if (!home) return null;
  if (input.text.trim() === '') return { ...home, results: [], total: 0 };
  const found = await repo.searchPosts(uc.db, {
    serviceId: uc.service.id,
    spaceIds: home.spaces.map((s) => s.id),
    text: input.text.trim(),
    limit: input.limit,
    offset: input.offset,
  });
  return { ...home, ...found };
}

/** The member's own page: their membership, posts, and what moderators did with reasons. */
export async function myCommunityPage(uc: UseCase, elsewhere: WallForCommunity) {
  const member = await myMembership(uc);
  if (!member || member.status === 'left') return null;
  const posts = await repo.postsByAuthor(uc.db, uc.service.id, member.id);
  const notices = await repo.actionsAbout(uc.db, uc.service.id, member.id);
  const wallMessages = await elsewhere.wallMessagesOf(uc, member.id);
  return { member, posts, notices, wallMessages };
}
