import type { AppContext } from '../../platform/context';
import type { Channel } from '../../platform/realtime';
import { VideoHub } from './hub';
import { createVideoChannel } from './video.channel';

export { openVideoRoom, arrivalsFor, type OpenRoom } from './video.service';
export { VideoRoomPage, type VideoRoomPageProps } from './views/VideoRoomPage';
export { VideoWaitingPanel, type WaitingPatient } from './views/VideoWaitingPanel';
export { registerVideoRoutes } from './video.routes';

// One hub per app, found from the app's socket registry (tests build several apps per process).
const hubs = new WeakMap<object, VideoHub>();
function hubOf(ctx: Pick<AppContext, 'sockets'>): VideoHub {
  let hub = hubs.get(ctx.sockets);
  if (!hub) {
    hub = new VideoHub();
    hubs.set(ctx.sockets, hub);
  }
  return hub;
}

/** The signalling channel for video calls, to give the realtime plugin. */
export function videoChannel(ctx: AppContext): Channel {
  return createVideoChannel(ctx, hubOf(ctx));
}

/** Patients waiting now to be let in to this therapist's video appointments (live). */
export function waitingForTherapist(
  ctx: Pick<AppContext, 'sockets'>,
  serviceId: string,
  therapistId: string,
) {
  return hubOf(ctx).waitingFor(serviceId, therapistId);
}
