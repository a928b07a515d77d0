import { accessActorFor, can } from '../../platform/access';
import { requireUser, type UseCase } from '../../platform/use-case';
import * as repo from './community.repository';
import type { SpaceRow, VideoRow } from './community.repository';
import { communityResource, ensureCommunity, myMembership } from './membership.service';
import type { VideoDetails, VideoType } from './videos.forms';

/**
 * The video library (issue 13): staff publish videos with captions and a transcript into spaces;
 * members see the videos of the spaces they may use. Managers and clinician moderators manage
 * the library; any moderator may hide a video. Anyone else is told nothing (404).
 */

export interface VideoViewer {
  /** Publishes and hides (managers, clinician moderators). */
  manages: boolean;
  /** Hides and shows again, and sees hidden videos (managers and every moderator). */
  curates: boolean;
  /** The signed-in user is an active member (their community navigation applies). */
  member: boolean;
  moderator: boolean;
  /** The spaces whose videos they see. */
  spaces: SpaceRow[];
}

/** Who is looking at the library, and which spaces they see; null for anyone else. */
export async function videoViewer(uc: UseCase): Promise<VideoViewer | null> {
  const member = await myMembership(uc);
  const actor = await accessActorFor(uc.db, requireUser(uc));
  const resource = communityResource(uc, member);
  const manages = can(actor, 'community.manage_videos', resource);
  const moderator = can(actor, 'community.moderate', resource);
  const active = can(actor, 'community.take_part', resource);
  if (!manages && !active) return null;
  await ensureCommunity(uc);
  const all = await repo.listSpaces(uc.db, uc.service.id);
  const spaces =
    manages || moderator
      ? all
      : all.filter(
          (s) =>
            member &&
            can(actor, 'community.use_space', {
              kind: 'community_space',
              serviceId: uc.service.id,
              audience: s.audience,
              membership: { kind: member.kind, status: member.status },
            }),
        );
  return { manages, curates: manages || moderator, member: active, moderator, spaces };
}

export interface VideoListItem extends VideoRow {
  spaceNames: string[];
}

function visibleTo(viewer: VideoViewer, video: VideoRow, spaceIds: readonly string[]): boolean {
  if (video.hiddenAt && !viewer.curates) return false;
  return spaceIds.some((id) => viewer.spaces.some((s) => s.id === id));
}

export async function videoLibrary(uc: UseCase) {
  const viewer = await videoViewer(uc);
  if (!viewer) return null;
  const videos = await repo.listVideos(uc.db, uc.service.id);
  const spacesOf = await repo.videoSpaces(
    uc.db,
    uc.service.id,
    videos.map((v) => v.id),
  );
  const items: VideoListItem[] = videos
    .filter((v) => visibleTo(viewer, v, spacesOf.get(v.id) ?? []))
    .map((v) => ({
      ...v,
      spaceNames: viewer.spaces
        .filter((s) => spacesOf.get(v.id)?.includes(s.id))
        .map((s) => s.name),
    }));
  return { viewer, videos: items };
}

/** One video the viewer may see, or null (404). */
export async function openVideo(uc: UseCase, videoId: string) {
  const viewer = await videoViewer(uc);
  if (!viewer) return null;
  const video = await repo.findVideo(uc.db, uc.service.id, videoId);
  if (!video) return null;
  const spaceIds = (await repo.videoSpaces(uc.db, uc.service.id, [video.id])).get(video.id) ?? [];
  if (!visibleTo(viewer, video, spaceIds)) return null;
  return {
    viewer,
    video: {
      ...video,
      spaceNames: viewer.spaces.filter((s) => spaceIds.includes(s.id)).map((s) => s.name),
    },
  };
}

/** The upload page's facts: the spaces to choose from. Null unless the user manages videos. */
export async function videoPublisher(uc: UseCase) {
  const viewer = await videoViewer(uc);
  if (!viewer?.manages) {
    await uc.audit({ action: 'community.video_upload', outcome: 'denied' });
    return null;
  }
  return viewer;
}

/** Saves an uploaded video (its files already in place) with its spaces; audited. */
export async function publishVideo(
  uc: UseCase,
  input: VideoDetails & {
    transcript: string;
    videoFile: string;
    videoType: VideoType;
    videoBytes: number;
    captionsFile: string;
  },
) {
  const user = requireUser(uc);
  const viewer = await videoPublisher(uc);
  if (!viewer || input.spaceIds.some((id) => !viewer.spaces.some((s) => s.id === id))) return null;
  return uc.transaction(async (tx) => {
    const video = await repo.insertVideo(tx.db, {
      serviceId: tx.service.id,
      title: input.title,
      description: input.description,
      transcript: input.transcript,
      videoFile: input.videoFile,
      videoType: input.videoType,
      videoBytes: input.videoBytes,
      captionsFile: input.captionsFile,
      uploadedBy: user.userId,
      createdAt: tx.clock.now(),
    });
    await repo.insertVideoSpaces(tx.db, tx.service.id, video.id, input.spaceIds);
    await tx.audit({
      action: 'community.video_upload',
      recordType: 'community_video',
      recordId: video.id,
      details: { bytes: input.videoBytes, type: input.videoType, spaces: input.spaceIds.length },
    });
    return video;
  });
}

/** Hides a video from members (with the reason), or shows it again; audited. */
export async function setVideoVisibility(
  uc: UseCase,
  input: { videoId: string; hide: boolean; reason: string },
) {
  const user = requireUser(uc);
  const open = await openVideo(uc, input.videoId);
  if (!open?.viewer.curates) {
    await uc.audit({
      action: 'community.video_hide',
      outcome: 'denied',
      recordType: 'community_video',
      recordId: input.videoId,
    });
    return null;
  }
  await repo.setVideoHidden(
    uc.db,
    uc.service.id,
    open.video.id,
    input.hide ? { at: uc.clock.now(), by: user.userId, reason: input.reason } : null,
  );
  await uc.audit({
    action: 'community.video_hide',
    recordType: 'community_video',
    recordId: open.video.id,
    details: { hidden: input.hide, reason: input.reason },
  });
  return open.video;
}
