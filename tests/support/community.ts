import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  communityInvitations,
  communityMembers,
  communityPosts,
  communitySettings,
  communitySpaces,
  communityTopics,
  communityVideos,
  communityVideoSpaces,
  wallMessages,
  wallSequences,
} from '../../src/db/schema';
import type { Db } from '../../src/db/client';
import { videoDir } from '../../src/features/community/videos.storage';
import { FAKE_WEBM, TINY_VTT } from '../fixtures/community-video';

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
    /** Where the app keeps uploads: the seeded video's files are written there. */
    uploadsDir: string;
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
      // A long web address with no hyphens: the every-page walk checks it wraps at 320px (walk 10).
      body: 'Walking helps. https://www.youtube.com/watch?v=1ZYbU82GVz4&list=PLQltO7RlbjPJnbfHLsFJWP5Qpz5CzBq2V',
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
  // A video in the former patients' space, its files on disk (issue 13).
  const dir = videoDir(f.uploadsDir);
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, `seed-${f.tag}.webm`), FAKE_WEBM);
  await writeFile(join(dir, `seed-${f.tag}.vtt`), TINY_VTT);
  const [video] = await db
    .insert(communityVideos)
    .values({
      serviceId,
      title: 'A morning walk',
      description: 'A walk by the river.',
      transcript: 'Walking helps.',
      videoFile: `seed-${f.tag}.webm`,
      videoType: 'video/webm',
      videoBytes: FAKE_WEBM.length,
      captionsFile: `seed-${f.tag}.vtt`,
      uploadedBy: f.moderatorUserId,
      createdAt: now,
    })
    .returning();
  await db
    .insert(communityVideoSpaces)
    .values({ serviceId, videoId: video!.id, spaceId: spaces[0]!.id });
  return {
    communityVideoId: video!.id,
    wallMessageId: wallMessage!.id,
    communitySpaceId: spaces[0]!.id,
    communityTopicId: topic!.id,
    communityPostId: post!.id,
  };
}
