import { accessActorFor, can } from '../../platform/access';
import { queueMessage } from '../../platform/outbox';
import { requireUser, type UseCase } from '../../platform/use-case';
import { activeServiceManagers } from '../auth';
import { alertsRaisedBy, raiseRiskAlertAndTellClinician } from '../risk';
import { crisisWordsAsWritten } from '../../domain/community';
import type { ModerationActionKind } from '../../db/schema';
import * as repo from './community.repository';
import type { MemberRow } from './community.repository';
import { moderatorAlertEmail, noModeratorAlertEmail } from './community.messages';
import { communityResource, ensureCommunity, moderatorMember } from './membership.service';

/**
 * Crisis language from a member (hazard H20): alerts the moderators on duty (every moderator when
 * nobody is on duty) and, when the member is a current patient, raises a risk alert for their
 * therapist. When the community has no active moderator at all, the service's active managers are
 * alerted instead, so that somebody always hears of it. Runs in the caller's transaction, so the
 * alert commits with the post or not at all. Used by forums and blogs here, and by the Wall
 * through the front door.
 */
export async function alertCrisis(
  uc: UseCase,
  input: {
    member: MemberRow;
    recordType: string;
    recordId: string;
    /** The queue the email opens: the Wall passes its own; forums and blogs use the default. */
    queuePath?: string;
    /**
     * A later occasion of crisis language in the same record (an edit after a moderator had
     * approved it): its own key, so its emails are not taken for the first alert's and dropped.
     */
    occasion?: string;
  },
): Promise<{ moderatorsAlerted: number; managersAlerted: number; riskAlertId: string | null }> {
  const { moderatorsAlerted, managersAlerted } = await alertModerators(uc, {
    key: `community-crisis:${input.recordId}${input.occasion ? `:${input.occasion}` : ''}`,
    ...(input.queuePath ? { queuePath: input.queuePath } : {}),
  });
  let riskAlertId: string | null = null;
  const patientId = input.member.patientId;
  if (patientId && (await repo.hasActiveCourse(uc.db, uc.service.id, patientId))) {
    const patient = await repo.findPatientFacts(uc.db, uc.service.id, patientId);
    const alert = await raiseRiskAlertAndTellClinician(
      uc.db,
      uc.clock,
      uc.actor,
      {
        source: 'community',
        reason: 'Used crisis language in a peer-support community post',
        patientId,
        // A forum post is a record of ours: asking the clinical team about it later can see this.
        sourceRecordId: input.recordType === 'community_post' ? input.recordId : null,
        responsibleClinicianId: patient?.responsibleClinicianId ?? null,
      },
      uc.links,
    );
    riskAlertId = alert.id;
  }
  await uc.audit({
    action: 'community.crisis',
    patientId: riskAlertId ? patientId : null,
    recordType: input.recordType,
    recordId: input.recordId,
    details: { moderatorsAlerted, managersAlerted, riskAlertId },
  });
  return { moderatorsAlerted, managersAlerted, riskAlertId };
}

/**
 * Emails the moderators on duty (every moderator when nobody is on duty; the service's active
 * managers when the community has no active moderator) that something urgent waits (H20). The
 * email never carries what was written. `key` makes each occasion's emails its own.
 */
async function alertModerators(
  uc: UseCase,
  input: { key: string; queuePath?: string },
): Promise<{ moderatorsAlerted: number; managersAlerted: number }> {
  const settings = await ensureCommunity(uc);
  const moderators = await repo.moderatorsToAlert(uc.db, uc.service.id);
  // Nobody moderates (none appointed yet, or none active): the managers, who cannot open the
  // queue, are sent to add a moderator (themselves if need be) rather than nobody being told.
  const managers = moderators.length > 0 ? [] : await activeServiceManagers(uc.db, uc.service.id);
  const email =
    moderators.length > 0
      ? moderatorAlertEmail({
          communityName: settings.name,
          queueUrl: `${uc.links.publicUrl}${input.queuePath ?? '/community/moderation'}`,
        })
      : noModeratorAlertEmail({
          communityName: settings.name,
          moderatorsUrl: `${uc.links.publicUrl}/community/moderators`,
        });
  const recipients = [
    ...moderators.map((m) => ({ email: m.email, key: m.memberId })),
    ...managers.map((m) => ({ email: m.email, key: `manager:${m.id}` })),
  ];
  for (const r of recipients)
    await queueMessage(uc.db, uc.clock, {
      serviceId: uc.service.id,
      channel: 'email',
      recipient: r.email,
      subject: email.subject,
      body: email.body,
      template: 'community-moderator-alert',
      idempotencyKey: `${input.key}:${r.key}`,
    });
  return { moderatorsAlerted: moderators.length, managersAlerted: managers.length };
}

/**
 * A member reported something with words of crisis in their reason ("they said they want to
 * die"): the moderators are alerted at once, as for crisis language (walk 10, H20); they decide
 * what to do. No risk alert is raised on anyone from someone else's words: the reported words
 * were checked when they were written. Used by forums here, and by the Wall through the front door.
 */
export async function alertCrisisReport(
  uc: UseCase,
  input: {
    /** What makes this occasion's emails their own. */
    key: string;
    recordType: string;
    recordId: string;
    /** The queue the email opens: the Wall passes its own; forums use the default. */
    queuePath?: string;
    /** The forums' queue item, named in the audit. */
    queueItemId?: string;
  },
) {
  const alerted = await alertModerators(uc, {
    key: input.key,
    ...(input.queuePath ? { queuePath: input.queuePath } : {}),
  });
  await uc.audit({
    action: 'community.crisis',
    recordType: input.recordType,
    recordId: input.recordId,
    details: {
      ...alerted,
      riskAlertId: null,
      ...(input.queueItemId ? { report: input.queueItemId } : {}),
    },
  });
  return alerted;
}

/** The moderation queue (crisis first); null unless the user moderates. */
export async function moderationQueue(uc: UseCase) {
  const me = await moderatorMember(uc);
  if (!me) return null;
  return { me, items: await repo.openQueue(uc.db, uc.service.id) };
}

/** How many items a moderator's home page lists; the queue has the rest. */
const WAITING_ON_HOME = 5;

/** What waits for a moderator, for their home page (hazard H20). */
export type ModerationWaiting = Awaited<ReturnType<typeof repo.openQueueSummary>>;

/**
 * What waits in the forums' and blogs' moderation queue, crisis first, for a moderator's home
 * page (hazard H20): the first few items and the counts, in one query. Null unless the user
 * moderates.
 */
export async function moderationWaiting(uc: UseCase): Promise<ModerationWaiting | null> {
  if (!(await moderatorMember(uc))) return null;
  return repo.openQueueSummary(uc.db, uc.service.id, WAITING_ON_HOME);
}

/**
 * One post as a moderator reviews it, with why it is in the queue. A post its author has deleted
 * still opens while it has items waiting (walk 10): crisis words someone wrote stay a concern
 * after the words are gone, and a moderator marks the item as looked at. With the open risk
 * alert raised for this post, if any: the clinical team has been asked and not yet acted.
 */
export async function reviewPost(uc: UseCase, postId: string) {
  const me = await moderatorMember(uc);
  if (!me) return null;
  const post = await repo.findPost(uc.db, uc.service.id, postId);
  if (!post) return null;
  const items = await repo.openItemsForPost(uc.db, uc.service.id, postId);
  if (post.status === 'deleted' && items.length === 0) return null;
  const topic = await repo.findTopic(uc.db, uc.service.id, post.topicId);
  if (!topic) return null;
  const author = await repo.findMember(uc.db, uc.service.id, post.authorId);
  const openAlert = author?.patientId
    ? ((await openAlertsForPost(uc, author.patientId, post.id))[0] ?? null)
    : null;
  return {
    me,
    post,
    topic,
    items,
    /** Their own post: a moderator does not warn, suspend or end their own membership. */
    own: post.authorId === me.id,
    /** When the open risk alert about this post was raised; null when none is open. */
    clinicalTeamAskedAt: openAlert?.raisedAt ?? null,
  };
}

/** The risk alerts raised about this post that no clinician has yet closed. */
async function openAlertsForPost(uc: UseCase, patientId: string, postId: string) {
  const raised = await alertsRaisedBy(uc.db, uc.service.id, patientId, 'community', postId);
  return raised.filter((a) => a.actionedAt === null);
}

/**
 * A former patient's worrying words, after their care ended: the moderator cannot reach them,
 * the clinical team can (walks 4 and 5). A risk alert on their record, kept until a clinician
 * records what they did (H20).
 */
async function alertClinicalTeam(
  tx: UseCase,
  input: { patientId: string; about: string; reason: string; sourceRecordId?: string },
) {
  const patient = await repo.findPatientFacts(tx.db, tx.service.id, input.patientId);
  // The crisis words in what they wrote, named as the risk queue grades them (H2): words of
  // crisis come before "other risk answers", a plan or a goodbye first of all (walk 10).
  const words = crisisWordsAsWritten(input.about);
  await raiseRiskAlertAndTellClinician(
    tx.db,
    tx.clock,
    tx.actor,
    {
      source: 'community',
      reason: `A community moderator asked the clinical team to contact them about ${input.about}${input.reason ? `: ${input.reason}` : ''}${words.length > 0 ? `. Words of crisis in it: ${words.map((w) => `“${w}”`).join(', ')}` : ''}`,
      patientId: input.patientId,
      sourceRecordId: input.sourceRecordId ?? null,
      responsibleClinicianId: patient?.responsibleClinicianId ?? null,
    },
    tx.links,
  );
}

/** What a post said, in quotation marks, for the clinician (as the Wall's alert quotes it). */
export function quotedPost(body: string): string {
  return body.trim() === ''
    ? 'a post they have since deleted'
    : `a post: “${body.length > 300 ? `${body.slice(0, 300)}…` : body}”`;
}

/**
 * The same from the Wall, inside the caller's transaction: the alert, and the action recorded so
 * the member sees on their page that we asked. False when the author has no record with us (a
 * relative or carer), when there is nobody to ask.
 */
export async function askClinicalTeamAbout(
  tx: UseCase,
  input: { moderatorMemberId: string; authorMemberId: string; about: string; reason: string },
): Promise<boolean> {
  const sid = tx.service.id;
  const author = await repo.findMember(tx.db, sid, input.authorMemberId);
  if (!author?.patientId) return false;
  await alertClinicalTeam(tx, {
    patientId: author.patientId,
    about: input.about,
    reason: input.reason,
  });
  await repo.insertModerationAction(tx.db, {
    serviceId: sid,
    action: 'ask_clinical_team',
    moderatorId: input.moderatorMemberId,
    memberId: author.id,
    postId: null,
    reason: input.reason,
    at: tx.clock.now(),
  });
  return true;
}

/**
 * Tells a member on their community page what a moderator did about something they wrote outside
 * the forums (a message on the Wall hidden, with the reason), as the house rules promise.
 */
export async function noticeToMember(
  tx: UseCase,
  input: { moderatorMemberId: string; memberId: string; action: 'hide'; reason: string },
) {
  await repo.insertModerationAction(tx.db, {
    serviceId: tx.service.id,
    action: input.action,
    moderatorId: input.moderatorMemberId,
    memberId: input.memberId,
    postId: null,
    reason: input.reason,
    at: tx.clock.now(),
  });
}

/** Which of these members are the service's patients, whom the clinical team can be asked about. */
export async function membersWithRecord(uc: UseCase, memberIds: readonly string[]) {
  return new Set(await repo.memberIdsWithPatient(uc.db, uc.service.id, memberIds));
}

export const MODERATOR_ACTIONS: readonly ModerationActionKind[] = [
  'approve',
  'dismiss',
  'hide',
  'restore',
  'warn',
  'suspend',
  'ban',
  'ask_clinical_team',
];

/** What a moderator may do about a post its author has deleted: mark it looked at, or ask. */
const ON_DELETED: readonly ModerationActionKind[] = ['dismiss', 'ask_clinical_team'];
/** What a moderator may not do about their own post (as on the Wall). */
const NOT_ON_OWN: readonly ModerationActionKind[] = ['warn', 'suspend', 'ban'];

/** The actions a moderator is offered and may take on this post. */
export function mayTake(
  review: { own: boolean; post: { status: string } },
  action: ModerationActionKind,
): boolean {
  if (review.own && NOT_ON_OWN.includes(action)) return false;
  if (review.post.status === 'deleted' && !ON_DELETED.includes(action)) return false;
  return true;
}

/**
 * A moderator acts on a post and its author, with a reason the author sees. Every action closes
 * the post's open queue items and is audited. Asking the clinical team a second time while the
 * alert raised for this post is still open raises nothing more (`asked: 'already'`).
 */
export async function moderate(
  uc: UseCase,
  input: { postId: string; action: ModerationActionKind; reason: string; suspendDays?: number },
): Promise<{ ok: true; asked?: 'yes' | 'already' } | null> {
  const review = await reviewPost(uc, input.postId);
  if (!review || !mayTake(review, input.action)) {
    await uc.audit({
      action: 'community.moderate',
      outcome: 'denied',
      recordType: 'community_post',
      recordId: input.postId,
    });
    return null;
  }
  const { me, post, topic } = review;
  const actor = await accessActorFor(uc.db, requireUser(uc));
  if (!can(actor, 'community.moderate', communityResource(uc, me))) return null;
  const now = uc.clock.now();
  return uc.transaction(async (tx) => {
    const sid = tx.service.id;
    switch (input.action) {
      case 'approve':
      case 'restore':
        await repo.updatePost(tx.db, sid, post.id, { status: 'visible', hiddenReason: null });
        if (post.isOpening) await repo.setTopicStatus(tx.db, sid, topic.id, 'visible');
        break;
      case 'hide':
        await repo.updatePost(tx.db, sid, post.id, {
          status: 'hidden',
          hiddenReason: input.reason,
        });
        if (post.isOpening) await repo.setTopicStatus(tx.db, sid, topic.id, 'hidden');
        break;
      case 'warn':
      case 'dismiss':
        break;
      case 'suspend':
        await repo.setMemberStatus(
          tx.db,
          sid,
          post.authorId,
          'suspended',
          input.reason,
          new Date(now.getTime() + (input.suspendDays ?? 7) * 86_400_000),
        );
        break;
      case 'ban':
        await repo.setMemberStatus(tx.db, sid, post.authorId, 'banned', input.reason, null);
        break;
      case 'ask_clinical_team': {
        const author = await repo.findMember(tx.db, sid, post.authorId);
        if (!author?.patientId) return null;
        // Asked already and the alert still open (a second click, a reload): not again.
        if ((await openAlertsForPost(tx, author.patientId, post.id)).length > 0)
          return { ok: true, asked: 'already' } as const;
        await alertClinicalTeam(tx, {
          patientId: author.patientId,
          about: quotedPost(post.body),
          reason: input.reason,
          sourceRecordId: post.id,
        });
        break;
      }
    }
    await repo.insertModerationAction(tx.db, {
      serviceId: sid,
      action: input.action,
      moderatorId: me.id,
      memberId: post.authorId,
      postId: post.id,
      reason: input.reason,
      at: now,
    });
    // Asking the clinical team leaves the post itself still to be decided.
    if (input.action !== 'ask_clinical_team')
      await repo.resolveItemsForPost(tx.db, sid, post.id, me.id, now);
    await tx.audit({
      action: 'community.moderate',
      recordType: 'community_post',
      recordId: post.id,
      reason: input.reason,
      details: { action: input.action, memberId: post.authorId },
    });
    return input.action === 'ask_clinical_team'
      ? ({ ok: true, asked: 'yes' } as const)
      : ({ ok: true } as const);
  });
}
