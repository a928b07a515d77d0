import { z } from 'zod';

/**
 * The video signalling protocol (ADR 0019). The browser code in src/client imports these types
 * only; the server checks every incoming message against the schemas. Media never passes through
 * the server: only session descriptions and ICE candidates, each bounded in size.
 */
const id = z.uuid();
/** An SDP offer or answer for one audio and one video track stays well under this. */
const MAX_SDP = 12_000;

export const sessionDescription = z.object({
  type: z.enum(['offer', 'answer', 'pranswer', 'rollback']),
  sdp: z.string().max(MAX_SDP).optional(),
});
export const iceCandidate = z.object({
  candidate: z.string().max(1000),
  sdpMid: z.string().max(64).nullable().optional(),
  sdpMLineIndex: z.number().int().min(0).max(64).nullable().optional(),
  usernameFragment: z.string().max(256).nullable().optional(),
});

export const clientMessages = z.discriminatedUnion('type', [
  /** Before joining: can this browser reach us, and with which ICE servers (the device check). */
  z.object({ type: z.literal('check'), appointmentId: id }),
  z.object({ type: z.literal('join'), appointmentId: id }),
  z.object({ type: z.literal('admit'), participantId: id }),
  z.object({
    type: z.literal('signal'),
    to: id,
    description: sessionDescription.optional(),
    candidate: iceCandidate.nullable().optional(),
  }),
  z.object({ type: z.literal('media'), audio: z.boolean(), video: z.boolean() }),
  z.object({
    type: z.literal('link'),
    to: id,
    state: z.enum(['connecting', 'connected', 'reconnecting', 'failed']),
  }),
  z.object({ type: z.literal('leave') }),
  z.object({ type: z.literal('end') }),
]);
export type ClientMessage = z.output<typeof clientMessages>;

export type ParticipantRole = 'patient' | 'therapist' | 'supervisor';
export interface PeerInfo {
  id: string;
  name: string;
  role: ParticipantRole;
}
export interface IceServerInfo {
  urls: string[];
  username?: string;
  credential?: string;
}
export type RefusalReason = 'not_found' | 'not_open_yet' | 'closed' | 'already_joined';

/** Why the server took someone out of a call (their socket is closed after the message). */
export type RemovalReason = 'replaced' | 'consent_withdrawn' | 'cancelled' | 'moved';

/** What the person taken out is told, in plain words. */
export const REMOVAL_TEXT: Record<RemovalReason, string> = {
  replaced: 'You joined this video appointment from another window, so you have left it here.',
  consent_withdrawn:
    'The patient has asked for the supervisor not to join their video appointments, so you have left the call.',
  cancelled: 'This appointment has been cancelled, so the video call has ended.',
  moved: 'This appointment has been moved or changed, so the video call has ended.',
};

/** What the server sends. */
export type ServerMessage =
  | { type: 'checked'; iceServers: IceServerInfo[] }
  | { type: 'refused'; reason: RefusalReason; opensAt?: string }
  | { type: 'waiting'; self: PeerInfo; iceServers: IceServerInfo[] }
  | { type: 'joined'; self: PeerInfo; peers: PeerInfo[]; iceServers: IceServerInfo[] }
  | {
      type: 'waiting_list';
      waiting: { id: string; name: string; since: string; sinceText: string }[];
    }
  | { type: 'peer_joined'; peer: PeerInfo }
  | { type: 'peer_left'; id: string }
  | {
      type: 'signal';
      from: string;
      description?: z.output<typeof sessionDescription>;
      candidate?: z.output<typeof iceCandidate> | null;
    }
  | { type: 'peer_media'; id: string; audio: boolean; video: boolean }
  | { type: 'peer_link'; id: string; state: 'connecting' | 'connected' | 'reconnecting' | 'failed' }
  | { type: 'ended'; by: 'therapist' }
  | { type: 'removed'; reason: RemovalReason; message: string }
  | { type: 'error'; code: string; message: string };

export const VIDEO_SOCKET_PATH = '/ws/video';
