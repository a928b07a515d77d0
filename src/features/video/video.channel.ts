import { randomUUID } from 'node:crypto';
import { ROLE_GROUPS } from '../../platform/access';
import { mayAdmit, mayEnd, placeInRoom } from '../../domain/video';
import type { AppContext } from '../../platform/context';
import {
  channel,
  holdingSends,
  onRollback,
  type Channel,
  type Connection,
} from '../../platform/realtime';
import { withTenant } from '../../platform/tenancy';
import { useCaseFor } from '../../platform/use-case';
import type { LocalMember, RoomNote, VideoHub } from './hub';
import { iceServersFor } from './ice';
import {
  clientMessages,
  VIDEO_SOCKET_PATH,
  type RefusalReason,
  type ServerMessage,
} from './signalling';
import * as repo from './video.repository';
import { openVideoRoom, recordRoomEvent } from './video.service';

/**
 * Signalling for video calls over the authenticated WebSocket (ADR 0019). The server checks
 * who may be in which room, holds patients in the waiting room until staff let them in, and
 * passes session descriptions and ICE candidates between the people in a call; the media goes
 * browser to browser (or through TURN), never through here. Who is in which room is in the
 * database, so the people in one call may be connected to different app instances: each change
 * is committed with a NOTIFY, and every instance's hub tells its own sockets (hub.ts).
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
  const note = (n: RoomNote) => repo.notify(ctx.db, n);
  const record = (
    c: Connection,
    member: Pick<LocalMember, 'appointmentId' | 'patientId'>,
    userId: string,
    event: 'waiting' | 'joined' | 'admitted' | 'left' | 'ended',
    reason?: string,
  ) =>
    recordRoomEvent(useCase(c), {
      appointmentId: member.appointmentId,
      patientId: member.patientId,
      userId,
      event,
      reason,
    });
  /** In the room and in the call (not waiting, not held). */
  const inCall = (c: Connection) => {
    const member = hub.find(c);
    return member?.admitted ? member : null;
  };
  const notAllowed = (c: Connection) => {
    c.send({ type: 'error', code: 'invalid_message', message: 'Not allowed in this call' });
  };
  async function leave(c: Connection, reason: string) {
    const member = hub.remove(c);
    if (!member) return;
    await repo.lockPatientRooms(ctx.db, member.patientId);
    await repo.removeMember(ctx.db, member.serviceId, member.id);
    await record(c, member, member.userId, 'left', reason);
    await note({ k: 'left', s: member.serviceId, a: member.appointmentId, m: member.id });
    // A supervisor is never in the call without the therapist (H21): held until they are back.
    if (member.role === 'therapist')
      for (const held of await repo.setSupervisorsIn(
        ctx.db,
        member.serviceId,
        member.appointmentId,
        false,
      ))
        await note({ k: 'held', s: member.serviceId, a: member.appointmentId, m: held.id });
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
        const patientId = open.detail.patient.id;
        const now = ctx.clock.now();
        // Read under the lock, so a withdrawn consent or a therapist arriving is not missed.
        await repo.lockPatientRooms(ctx.db, patientId);
        const present = await repo.roomMembers(ctx.db, a.serviceId, a.id, hub.freshAfter());
        const consent =
          open.role === 'supervisor'
            ? await repo.findConsent(ctx.db, a.serviceId, patientId)
            : null;
        // Another window or device of the same person is replaced by this one, which keeps its
        // place: one of each person in the room.
        const previous = present.filter((r) => r.userId === c.auth.userId);
        for (const p of previous) {
          await repo.removeMember(ctx.db, a.serviceId, p.id);
          await record(c, { appointmentId: a.id, patientId }, p.userId, 'left', 'replaced');
          await note({ k: 'removed', s: a.serviceId, a: a.id, m: p.id, why: 'replaced' });
        }
        const place = placeInRoom(open.role, {
          therapistIn: present.some((r) => r.role === 'therapist' && r.userId !== c.auth.userId),
          admittedBefore:
            previous.some((p) => p.admitted) ||
            (open.role === 'patient' &&
              (await repo.wasAdmitted(ctx.db, a.serviceId, a.id, c.auth.userId))),
          supervisorConsented: consent?.supervisorMayJoin ?? false,
        });
        if (place === 'out') {
          refuse(c, 'not_found');
          return;
        }
        const admitted = place === 'in';
        const row: repo.MemberRow = {
          serviceId: a.serviceId,
          id: randomUUID(),
          appointmentId: a.id,
          userId: c.auth.userId,
          name: c.auth.displayName,
          role: open.role,
          admitted,
          since: now,
          seenAt: now,
        };
        await repo.addMember(ctx.db, row);
        const member: LocalMember = { ...row, patientId, connection: c };
        // Known here at once, so the notes this join causes reach this socket too; forgotten
        // again if the transaction fails.
        hub.add(c, member);
        onRollback(() => hub.remove(c));
        if (place === 'held') {
          // Told to wait for the therapist (the page says so); not on anyone's waiting list.
          send(c, {
            type: 'waiting',
            self: { id: row.id, name: row.name, role: row.role },
            iceServers: ice(row),
          });
          return;
        }
        if (!admitted) {
          send(c, {
            type: 'waiting',
            self: { id: row.id, name: row.name, role: row.role },
            iceServers: ice(row),
          });
          await record(c, member, row.userId, 'waiting');
          await note({ k: 'waiting', s: row.serviceId, a: row.appointmentId, m: row.id });
          return;
        }
        const rows = await repo.roomMembers(
          ctx.db,
          row.serviceId,
          row.appointmentId,
          hub.freshAfter(),
        );
        send(c, hub.joinedMessage(row, rows));
        await record(c, member, row.userId, 'joined');
        await note({ k: 'joined', s: row.serviceId, a: row.appointmentId, m: row.id });
        // The therapist is in: supervisors held for them come in now.
        if (row.role === 'therapist')
          for (const sup of await repo.setSupervisorsIn(ctx.db, a.serviceId, a.id, true)) {
            await record(c, member, sup.userId, 'joined', 'supervisor in with the therapist');
            await note({ k: 'admitted', s: a.serviceId, a: a.id, m: sup.id });
          }
      },
      admit: async (m, c) => {
        const me = inCall(c);
        if (!me || !mayAdmit(me.role)) {
          notAllowed(c);
          return;
        }
        const admitted = await repo.admitMember(
          ctx.db,
          me.serviceId,
          me.appointmentId,
          m.participantId,
        );
        // Already let in, or gone: nothing to do.
        if (!admitted) return;
        await record(c, me, admitted.userId, 'admitted');
        await note({ k: 'admitted', s: me.serviceId, a: me.appointmentId, m: admitted.id });
      },
      signal: async (m, c) => {
        const me = inCall(c);
        if (!me || m.to === me.id) {
          notAllowed(c);
          return;
        }
        const message: ServerMessage = {
          type: 'signal',
          from: me.id,
          ...(m.description ? { description: m.description } : {}),
          ...(m.candidate !== undefined ? { candidate: m.candidate } : {}),
        };
        const local = hub.get(m.to);
        if (local) {
          if (!local.admitted || local.appointmentId !== me.appointmentId) notAllowed(c);
          else send(local.connection, message);
          return;
        }
        // On another instance (or nowhere): stored, and taken by the instance that holds them.
        const to = (
          await repo.roomMembers(ctx.db, me.serviceId, me.appointmentId, hub.freshAfter())
        ).find((r) => r.id === m.to);
        if (!to?.admitted) {
          notAllowed(c);
          return;
        }
        const r = await repo.addSignal(ctx.db, {
          serviceId: me.serviceId,
          toMember: to.id,
          message,
          at: ctx.clock.now(),
        });
        await note({ k: 'signal', s: me.serviceId, a: me.appointmentId, r, to: to.id });
      },
      media: async (m, c) => {
        const me = inCall(c);
        if (!me) {
          notAllowed(c);
          return;
        }
        for (const other of hub.inRoom(me.serviceId, me.appointmentId))
          if (other.admitted && other !== me)
            send(other.connection, {
              type: 'peer_media',
              id: me.id,
              audio: m.audio,
              video: m.video,
            });
        await note({
          k: 'media',
          s: me.serviceId,
          a: me.appointmentId,
          m: me.id,
          o: hub.instanceId,
          audio: m.audio,
          video: m.video,
        });
      },
      link: async (m, c) => {
        const me = inCall(c);
        if (!me) {
          notAllowed(c);
          return;
        }
        const local = hub.get(m.to);
        if (local) {
          if (!local.admitted || local.appointmentId !== me.appointmentId) notAllowed(c);
          else send(local.connection, { type: 'peer_link', id: me.id, state: m.state });
          return;
        }
        await note({
          k: 'link',
          s: me.serviceId,
          a: me.appointmentId,
          m: me.id,
          o: hub.instanceId,
          to: m.to,
          state: m.state,
        });
      },
      leave: (_m, c) => leave(c, 'left'),
      end: async (_m, c) => {
        const me = inCall(c);
        if (!me || !mayEnd(me.role)) {
          notAllowed(c);
          return;
        }
        await repo.clearRoom(ctx.db, me.serviceId, me.appointmentId);
        await record(c, me, me.userId, 'ended');
        await note({ k: 'ended', s: me.serviceId, a: me.appointmentId });
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
