import {
  communityInvitations,
  communityMembers,
  communityPosts,
  communitySettings,
  communitySpaces,
  communityTopics,
  wallMessages,
  wallSequences,
} from '../../src/db/schema';
import type { Db } from '../../src/db/client';

/**
 * The community part of a meta-test world (issue 13): the patient is a member (a former patient)
 * with a topic in their space; the moderator moderates; the other patient has an open carer
 * invitation, so the join page has an owner and the topic a stranger.
 */
export async function seedCommunity(
  db: Db,
  f: {
    serviceId: string;
    tag: string;
    now: Date;
    patientUserId: string;
    patientId: string;
    moderatorUserId: string;
    otherPatientUserId: string;
  },
) {
  const { serviceId, now } = f;
  await db.insert(communitySettings).values({
    serviceId,
    name: `Community ${f.tag}`,
    description: 'Peer support after treatment.',
    updatedAt: now,
  });
  const spaces = await db
    .insert(communitySpaces)
    .values([
      {
        serviceId,
        name: 'Staying well',
        description: 'Former patients.',
        audience: 'former_patients',
        position: 1,
      },
      {
        serviceId,
        name: 'Supporting someone',
        description: 'Carers.',
        audience: 'carers',
        position: 2,
      },
      {
        serviceId,
        name: 'Everyone',
        description: 'All members.',
        audience: 'everyone',
        position: 3,
      },
    ])
    .returning();
  const member = async (
    userId: string,
    pseudonym: string,
    kind: 'former_patient' | 'moderator',
  ) => {
    const [row] = await db
      .insert(communityMembers)
      .values({
        serviceId,
        userId,
        pseudonym,
        pseudonymKey: pseudonym.toLowerCase().replace(/ /g, ''),
        avatar: 'star-teal',
        kind,
        badge: kind === 'moderator' ? 'volunteer' : null,
        patientId: kind === 'former_patient' ? f.patientId : null,
        rulesAcceptedAt: now,
        joinedAt: now,
      })
      .returning();
    return row!;
  };
  const patientMember = await member(f.patientUserId, `Heron ${f.tag}`, 'former_patient');
  await member(f.moderatorUserId, `Harbour ${f.tag}`, 'moderator');
  await db.insert(communityInvitations).values({
    serviceId,
    userId: f.otherPatientUserId,
    kind: 'carer',
    invitedBy: f.patientUserId,
    createdAt: now,
  });
  const [topic] = await db
    .insert(communityTopics)
    .values({
      serviceId,
      spaceId: spaces[0]!.id,
      kind: 'forum',
      title: 'Morning walks',
      authorId: patientMember.id,
      status: 'visible',
      createdAt: now,
      lastPostAt: now,
    })
    .returning();
  const [post] = await db
    .insert(communityPosts)
    .values({
      serviceId,
      topicId: topic!.id,
      authorId: patientMember.id,
      body: 'Walking helps.',
      isOpening: true,
      status: 'visible',
      createdAt: now,
    })
    .returning();
  // A Wall message of the patient's (issue 14), the first in the service's sequence.
  await db.insert(wallSequences).values({ serviceId, lastSeq: 1 });
  const [wallMessage] = await db
    .insert(wallMessages)
    .values({
      serviceId,
      seq: 1,
      changeSeq: 1,
      authorId: patientMember.id,
      pseudonym: patientMember.pseudonym,
      avatar: patientMember.avatar,
      authorKind: patientMember.kind,
      badge: patientMember.badge,
      body: 'Good morning, Wall.',
      clientKey: `seed-${f.tag}`,
      postedAt: now,
    })
    .returning();
  return {
    wallMessageId: wallMessage!.id,
    communitySpaceId: spaces[0]!.id,
    communityTopicId: topic!.id,
    communityPostId: post!.id,
  };
}
