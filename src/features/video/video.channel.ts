import { randomUUID } from 'node:crypto';
import { ROLE_GROUPS } from '../../platform/access';
import type { AppContext } from '../../platform/context';
import { channel, holdingSends, type Channel, type Connection } from '../../platform/realtime';
import { withTenant } from '../../platform/tenancy';
import { useCaseFor } from '../../platform/use-case';
import { peerOf, type Member, type Room, type VideoHub } from './hub';
import { iceServersFor } from './ice';
import {
  clientMessages,
  VIDEO_SOCKET_PATH,
  type RefusalReason,
  type ServerMessage,
} from './signalling';
import { openVideoRoom, recordRoomEvent } from './video.service';

/**
 * Signalling for video calls over the authenticated WebSocket (ADR 0019). The server checks
 * who may be in which room, holds patients in the waiting room until staff let them in, and
 * passes session descriptions and ICE candidates between the people in a call; the media goes
 * browser to browser (or through TURN), never through here.
 */
export function createVideoChannel(ctx: AppContext, hub: VideoHub): Channel {
  const useCase = (c: Connection) =>
    useCaseFor(c.request, { db: ctx.db, clock: ctx.clock, publicUrl: ctx.config.publicUrl });
  const send = (c: Pick<Connection, 'send'>, message: ServerMessage) => {
    c.send(message);
  };
  const refuse = (c: Connection, reason: RefusalReason, opensAt?: Date) => {
    send(c, { type: 'refused', reason, ...(opensAt ? { opensAt: opensAt.toISOString() } : {}) });
  };
  const ice = (m: { userId: string }) => iceServersFor(ctx.config.video, m.userId);
  const record = (
    c: Connection,
    room: Room,
    userId: string,
    event: 'waiting' | 'joined' | 'admitted' | 'left' | 'ended',
    reason?: string,
  ) =>
    recordRoomEvent(useCase(c), {
      appointmentId: room.appointmentId,
      patientId: room.patientId,
      userId,
      event,
      reason,
    });
  const joinedMessage = (room: Room, member: Member): ServerMessage => ({
    type: 'joined',
    self: peerOf(member),
    peers: hub
      .admitted(room)
      .filter((m) => m !== member)
      .map(peerOf),
    iceServers: ice(member),
  });
  /** In the room, let in, and (for staff-only actions) not the patient. */
  const inCall = (c: Connection, staffOnly = false) => {
    const found = hub.find(c);
    if (!found?.member.admitted) return null;
    if (staffOnly && found.member.role === 'patient') return null;
    return found;
  };
  const notAllowed = (c: Connection) => {
    c.send({ type: 'error', code: 'invalid_message', message: 'Not allowed in this call' });
  };

  async function leave(c: Connection, reason: string) {
    const found = hub.leave(c);
    if (!found) return;
    const { room, member } = found;
    hub.broadcast(room, { type: 'peer_left', id: member.id });
    hub.sendWaitingList(room);
    await record(c, room, member.userId, 'left', reason);
  }

  return channel(VIDEO_SOCKET_PATH, {
    access: [...ROLE_GROUPS.patients, 'therapist', 'supervisor'],
    messages: clientMessages,
    handlers: {
      check: async (m, c) => {
        const room = await openVideoRoom(useCase(c), {
          appointmentId: m.appointmentId,
          purpose: 'check',
        });
        if (!room) refuse(c, 'not_found');
        else send(c, { type: 'checked', iceServers: ice(c.auth) });
      },
      join: async (m, c) => {
        if (hub.find(c)) {
          refuse(c, 'already_joined');
          return;
        }
        const open = await openVideoRoom(useCase(c), {
          appointmentId: m.appointmentId,
          purpose: 'join',
        });
        if (!open) {
          refuse(c, 'not_found');
          return;
        }
        if (open.state.state === 'not_open_yet') {
          refuse(c, 'not_open_yet', open.state.opensAt);
          return;
        }
        if (open.state.state !== 'open') {
          refuse(c, 'closed');
          return;
        }
        const a = open.detail.appointment;
        const { room, member } = hub.enter(c, {
          id: randomUUID(),
          userId: c.auth.userId,
          name: c.auth.displayName,
          role: open.role,
          serviceId: a.serviceId,
          appointmentId: a.id,
          therapistId: a.therapistId,
          patientId: open.detail.patient.id,
          now: ctx.clock.now(),
        });
        if (!member.admitted) {
          send(c, { type: 'waiting', self: peerOf(member), iceServers: ice(member) });
          hub.sendWaitingList(room);
          await record(c, room, member.userId, 'waiting');
          return;
        }
        send(c, joinedMessage(room, member));
        hub.broadcast(room, { type: 'peer_joined', peer: peerOf(member) }, member);
        hub.sendWaitingList(room);
        await record(c, room, member.userId, 'joined');
      },
      admit: async (m, c) => {
        const found = inCall(c, true);
        if (!found) {
          notAllowed(c);
          return;
        }
        const { room } = found;
        const admitted = hub.admit(room, m.participantId);
        // Already let in, or gone: nothing to do.
        if (!admitted) return;
        send(admitted.connection, joinedMessage(room, admitted));
        hub.broadcast(room, { type: 'peer_joined', peer: peerOf(admitted) }, admitted);
        hub.sendWaitingList(room);
        await record(c, room, admitted.userId, 'admitted');
      },
      signal: (m, c) => {
        const found = inCall(c);
        const to = found?.room.members.get(m.to);
        if (!found || !to?.admitted || to === found.member) {
          notAllowed(c);
          return;
        }
        send(to.connection, {
          type: 'signal',
          from: found.member.id,
          ...(m.description ? { description: m.description } : {}),
          ...(m.candidate !== undefined ? { candidate: m.candidate } : {}),
        });
      },
      media: (m, c) => {
        const found = inCall(c);
        if (!found) {
          notAllowed(c);
          return;
        }
        hub.broadcast(
          found.room,
          { type: 'peer_media', id: found.member.id, audio: m.audio, video: m.video },
          found.member,
        );
      },
      link: (m, c) => {
        const found = inCall(c);
        const to = found?.room.members.get(m.to);
        if (!found || !to?.admitted) {
          notAllowed(c);
          return;
        }
        send(to.connection, { type: 'peer_link', id: found.member.id, state: m.state });
      },
      leave: (_m, c) => leave(c, 'left'),
      end: async (_m, c) => {
        const found = inCall(c, true);
        if (found?.member.role !== 'therapist') {
          notAllowed(c);
          return;
        }
        const members = hub.end(found.room);
        for (const member of members) send(member.connection, { type: 'ended', by: 'therapist' });
        await record(c, found.room, found.member.userId, 'ended');
      },
    },
    onClose: (c) => {
      if (!hub.find(c)) return;
      // Outside any message, so in a tenant transaction of its own; the others hear once it commits.
      holdingSends(() =>
        withTenant(ctx.database, c.auth.serviceId, () => leave(c, 'connection closed')),
      ).catch((err: unknown) => {
        ctx.logger.error({ err }, 'video: recording a closed connection failed');
      });
    },
  });
}
