import type { AppContext } from '../../platform/context';
import type { Channel } from '../../platform/realtime';
import { PRESENCE_TTL_MS, VideoHub } from './hub';
import { iceServersFor } from './ice';
import { createVideoChannel } from './video.channel';
import * as repo from './video.repository';
import type { WaitingPatient } from './views/VideoWaitingPanel';

export {
  openVideoRoom,
  arrivalsFor,
  whenVideoAppointmentCancelled,
  whenVideoAppointmentMoved,
  type OpenRoom,
} from './video.service';
export { VideoRoomPage, type VideoRoomPageProps } from './views/VideoRoomPage';
export { VideoWaitingPanel, type WaitingPatient } from './views/VideoWaitingPanel';
export { registerVideoRoutes } from './video.routes';
export type { VideoHub } from './hub';

/** Starts this instance's video hub: it listens for room changes made on any instance. */
export async function startVideoHub(
  ctx: Pick<AppContext, 'database' | 'clock' | 'logger' | 'config'>,
): Promise<VideoHub> {
  const hub = new VideoHub(ctx.database, ctx.clock, ctx.logger, (userId) =>
    iceServersFor(ctx.config.video, userId),
  );
  await hub.start();
  return hub;
}

/** The signalling channel for video calls, to give the realtime plugin. */
export function videoChannel(ctx: AppContext, hub: VideoHub): Channel {
  return createVideoChannel(ctx, hub);
}

/** Patients waiting now to be let in to this therapist's video appointments, on any instance. */
export function waitingForTherapist(
  ctx: Pick<AppContext, 'db' | 'clock'>,
  serviceId: string,
  therapistId: string,
): Promise<WaitingPatient[]> {
  const freshAfter = new Date(ctx.clock.now().getTime() - PRESENCE_TTL_MS);
  return repo.waitingFor(ctx.db, serviceId, therapistId, freshAfter);
}
