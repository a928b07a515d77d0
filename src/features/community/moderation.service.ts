import { accessActorFor, can } from '../../platform/access';
import { queueMessage } from '../../platform/outbox';
import { requireUser, type UseCase } from '../../platform/use-case';
import { activeServiceManagers } from '../auth';
import { raiseRiskAlertAndTellClinician } from '../risk';
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
  },
): Promise<{ moderatorsAlerted: number; managersAlerted: number; riskAlertId: string | null }> {
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
      idempotencyKey: `community-crisis:${input.recordId}:${r.key}`,
    });
  const managersAlerted = managers.length;
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
    details: { moderatorsAlerted: moderators.length, managersAlerted, riskAlertId },
  });
  return { moderatorsAlerted: moderators.length, managersAlerted, riskAlertId };
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

/** One post as a moderator reviews it, with why it is in the queue. */
export async function reviewPost(uc: UseCase, postId: string) {
  const me = await moderatorMember(uc);
  if (!me) return null;
  const post = await repo.findPost(uc.db, uc.service.id, postId);
  if (!post || post.status === 'deleted') return null;
  const topic = await repo.findTopic(uc.db, uc.service.id, post.topicId);
  if (!topic) return null;
  const items = await repo.openItemsForPost(uc.db, uc.service.id, postId);
  return { me, post, topic, items };
}

/**
 * A former patient's worrying words, after their care ended: the moderator cannot reach them,
 * the clinical team can (walks 4 and 5). A risk alert on their record, kept until a clinician
 * records what they did (H20).
 */
async function alertClinicalTeam(tx: UseCase, patientId: string, about: string, reason: string) {
  const patient = await repo.findPatientFacts(tx.db, tx.service.id, patientId);
  await raiseRiskAlertAndTellClinician(
    tx.db,
    tx.clock,
    tx.actor,
    {
      source: 'community',
      reason: `A community moderator asked the clinical team to contact them about ${about}${reason ? `: ${reason}` : ''}`,
      patientId,
      responsibleClinicianId: patient?.responsibleClinicianId ?? null,
    },
    tx.links,
  );
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
  await alertClinicalTeam(tx, author.patientId, input.about, input.reason);
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

/**
 * A moderator acts on a post and its author, with a reason the author sees. Every action closes
 * the post's open queue items and is audited.
 */
export async function moderate(
  uc: UseCase,
  input: { postId: string; action: ModerationActionKind; reason: string; suspendDays?: number },
): Promise<{ ok: true } | null> {
  const review = await reviewPost(uc, input.postId);
  if (!review) {
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
        await alertClinicalTeam(tx, author.patientId, 'a post', input.reason);
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
    return { ok: true } as const;
  });
}
