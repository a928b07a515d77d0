import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { withTenant, type Database } from '../../db/client';
import { formatTime, utcToLondon } from '../../domain/calendar';
import { seesWaitingList } from '../../domain/video';
import type { Clock } from '../../platform/clock';
import { outsideHolds, type Connection } from '../../platform/realtime';
import {
  REMOVAL_TEXT,
  type IceServerInfo,
  type ParticipantRole,
  type PeerInfo,
  type RemovalReason,
  type ServerMessage,
} from './signalling';
import * as repo from './video.repository';

/** One person in a room whose socket this instance holds. */
export interface LocalMember {
  id: string;
  serviceId: string;
  appointmentId: string;
  userId: string;
  role: ParticipantRole;
  admitted: boolean;
  /** The room's patient, whom its audit rows are about. */
  patientId: string;
  connection: Pick<Connection, 'send' | 'close'>;
}

/** Close code for a socket the server took out of a call (it was told why first). */
export const CLOSE_REMOVED = 4001;

/**
 * What changed in a room, sent by NOTIFY once committed (ids only, never names or SDP). Every
 * instance reads the room's rows and tells the people whose sockets it holds.
 */
export type RoomNote =
  | { k: 'waiting' | 'joined' | 'admitted' | 'left'; s: string; a: string; m: string }
  /** A supervisor in the call is held again: the therapist left. */
  | { k: 'held'; s: string; a: string; m: string }
  /** One person taken out by the server (their row is gone): told why, and their socket closed. */
  | { k: 'removed'; s: string; a: string; m: string; why: RemovalReason }
  | { k: 'ended'; s: string; a: string }
  /** The appointment was cancelled or moved: everyone out (their rows are gone). */
  | { k: 'closed'; s: string; a: string; why: 'cancelled' | 'moved' }
  /** A signal stored for a member another instance holds: `r` is its row. */
  | { k: 'signal'; s: string; a: string; r: string; to: string }
  /** Passed on as they are; the instance `o` that sent them has told its own sockets already. */
  | { k: 'media'; s: string; a: string; m: string; o: string; audio: boolean; video: boolean }
  | {
      k: 'link';
      s: string;
      a: string;
      m: string;
      o: string;
      to: string;
      state: 'connecting' | 'connected' | 'reconnecting' | 'failed';
    };

export const peerOf = (m: { id: string; name: string; role: ParticipantRole }): PeerInfo => ({
  id: m.id,
  name: m.name,
  role: m.role,
});

/** A member row not refreshed for this long belongs to an instance that stopped. */
export const PRESENCE_TTL_MS = 60_000;
const REFRESH_EVERY_MS = 20_000;

/**
 * One per app instance (ADR 0019). Who is in which room lives in PostgreSQL
 * (`video_room_members`), so the waiting room and the call work whichever instance each person's
 * socket reached. Changes are committed first; their NOTIFY (PostgreSQL: from every instance;
 * PGlite: in process) wakes each hub, which tells the sockets it holds.
 */
export class VideoHub {
  readonly instanceId = randomUUID();
  private readonly members = new Map<string, LocalMember>();
  private readonly byConnection = new Map<object, LocalMember>();
  /** Notes are handled one at a time, in the order they were committed. */
  private handling: Promise<void> = Promise.resolve();
  private stopListening: (() => Promise<void>) | null = null;
  private refreshTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly database: Database,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly ice: (userId: string) => IceServerInfo[],
  ) {}

  async start(): Promise<void> {
    this.stopListening = await this.database.listen(repo.VIDEO_CHANNEL, (payload) => {
      // A notification is not part of any message's handling: what it sends goes out now.
      outsideHolds(() => {
        this.received(payload);
      });
    });
    this.refreshTimer = setInterval(() => void this.refresh(), REFRESH_EVERY_MS);
    this.refreshTimer.unref();
  }

  async stop(): Promise<void> {
    if (this.refreshTimer) clearInterval(this.refreshTimer);
    const stop = this.stopListening;
    this.stopListening = null;
    await stop?.().catch(() => undefined);
    await this.handling;
  }

  /** Rows seen since this instant are present. */
  freshAfter(): Date {
    return new Date(this.clock.now().getTime() - PRESENCE_TTL_MS);
  }

  find(connection: object): LocalMember | null {
    return this.byConnection.get(connection) ?? null;
  }

  get(memberId: string): LocalMember | null {
    return this.members.get(memberId) ?? null;
  }

  add(connection: object, member: LocalMember): void {
    this.members.set(member.id, member);
    this.byConnection.set(connection, member);
  }

  /** Forgets one member held here (taken out by the server); null if not held here. */
  private drop(memberId: string): LocalMember | null {
    const member = this.members.get(memberId);
    if (!member) return null;
    this.members.delete(memberId);
    for (const [c, m] of this.byConnection) if (m === member) this.byConnection.delete(c);
    return member;
  }

  /** Tells someone why they were taken out of the call, then closes their socket. */
  private takeOut(member: LocalMember, why: RemovalReason): void {
    member.connection.send({ type: 'removed', reason: why, message: REMOVAL_TEXT[why] });
    member.connection.close(CLOSE_REMOVED, why);
  }

  remove(connection: object): LocalMember | null {
    const member = this.byConnection.get(connection);
    if (!member) return null;
    this.byConnection.delete(connection);
    this.members.delete(member.id);
    return member;
  }

  /** Sockets open on this instance, for tests. */
  get size(): number {
    return this.members.size;
  }

  inRoom(serviceId: string, appointmentId: string): LocalMember[] {
    return [...this.members.values()].filter(
      (m) => m.serviceId === serviceId && m.appointmentId === appointmentId,
    );
  }

  joinedMessage(self: repo.MemberRow, rows: readonly repo.MemberRow[]): ServerMessage {
    return {
      type: 'joined',
      self: peerOf(self),
      peers: rows.filter((r) => r.admitted && r.id !== self.id).map(peerOf),
      iceServers: this.ice(self.userId),
    };
  }

  private received(payload: string): void {
    let note: RoomNote;
    try {
      note = JSON.parse(payload) as RoomNote;
    } catch {
      this.logger.warn('video: unreadable room notification');
      return;
    }
    this.handling = this.handling
      .then(() => this.handle(note))
      .catch((err: unknown) => {
        this.logger.error({ err, kind: note.k }, 'video: room notification failed');
      });
  }

  private async handle(note: RoomNote): Promise<void> {
    switch (note.k) {
      case 'signal': {
        const to = this.members.get(note.to);
        if (!to) return;
        const row = await withTenant(this.database, note.s, (tx) =>
          repo.takeSignal(tx, note.s, note.r),
        );
        if (row && to.admitted && to.appointmentId === note.a)
          to.connection.send(row.message as ServerMessage);
        return;
      }
      case 'media':
        if (note.o === this.instanceId) return;
        for (const m of this.inRoom(note.s, note.a))
          if (m.admitted && m.id !== note.m)
            m.connection.send({
              type: 'peer_media',
              id: note.m,
              audio: note.audio,
              video: note.video,
            });
        return;
      case 'link': {
        if (note.o === this.instanceId) return;
        const to = this.members.get(note.to);
        if (to?.admitted && to.serviceId === note.s && to.appointmentId === note.a)
          to.connection.send({ type: 'peer_link', id: note.m, state: note.state });
        return;
      }
      case 'ended':
        for (const m of this.inRoom(note.s, note.a)) {
          this.drop(m.id);
          m.connection.send({ type: 'ended', by: 'therapist' });
        }
        return;
      case 'closed':
        for (const m of this.inRoom(note.s, note.a)) {
          this.drop(m.id);
          this.takeOut(m, note.why);
        }
        return;
      case 'removed': {
        const gone = this.drop(note.m);
        if (gone) this.takeOut(gone, note.why);
        // The others hear they left.
        await this.roomChanged({ k: 'left', s: note.s, a: note.a, m: note.m });
        return;
      }
      default:
        await this.roomChanged(note);
    }
  }

  /** Someone came in, was let in or left: tell this instance's people in that room. */
  private async roomChanged(
    note: Extract<RoomNote, { k: 'waiting' | 'joined' | 'admitted' | 'left' | 'held' }>,
  ): Promise<void> {
    if (this.inRoom(note.s, note.a).length === 0) return;
    const rows = await withTenant(this.database, note.s, (tx) =>
      repo.roomMembers(tx, note.s, note.a, this.freshAfter()),
    );
    const subject = rows.find((r) => r.id === note.m);
    const local = this.inRoom(note.s, note.a);
    // Held until the therapist is back: out of the call, and the others hear they left.
    const held = note.k === 'held' ? this.members.get(note.m) : undefined;
    if (held && subject && !subject.admitted) {
      held.admitted = false;
      held.connection.send({
        type: 'waiting',
        self: peerOf(subject),
        iceServers: this.ice(subject.userId),
      });
    }
    if (note.k === 'admitted' && subject) {
      const let_in = this.members.get(subject.id);
      if (let_in && !let_in.admitted) {
        let_in.admitted = true;
        let_in.connection.send(this.joinedMessage(subject, rows));
      }
    }
    for (const m of local) {
      if (!m.admitted || m.id === note.m) continue;
      if ((note.k === 'joined' || note.k === 'admitted') && subject?.admitted)
        m.connection.send({ type: 'peer_joined', peer: peerOf(subject) });
      if (note.k === 'left' || note.k === 'held')
        m.connection.send({ type: 'peer_left', id: note.m });
    }
    // Only patients wait to be let in; a supervisor held for the therapist is not listed.
    const waiting = rows
      .filter((r) => !r.admitted && r.role === 'patient')
      .map((r) => ({
        id: r.id,
        name: r.name,
        since: r.since.toISOString(),
        // Written as the rest of Rapport writes times ("3:30pm"), not by the browser's locale.
        sinceText: formatTime(utcToLondon(r.since).time),
      }));
    for (const m of local)
      if (m.admitted && seesWaitingList(m.role))
        m.connection.send({ type: 'waiting_list', waiting });
  }

  /** Keeps this instance's rows fresh, and clears what a stopped instance left behind. */
  private async refresh(): Promise<void> {
    const now = this.clock.now();
    const byService = new Map<string, string[]>();
    for (const m of this.members.values())
      byService.set(m.serviceId, [...(byService.get(m.serviceId) ?? []), m.id]);
    for (const [serviceId, ids] of byService) {
      try {
        await withTenant(this.database, serviceId, async (tx) => {
          await repo.touchMembers(tx, serviceId, ids, now);
          const gone = await repo.purgeStale(tx, serviceId, this.freshAfter());
          for (const g of gone) {
            await repo.notify(tx, {
              k: 'left',
              s: serviceId,
              a: g.appointmentId,
              m: g.id,
            } satisfies RoomNote);
            // A supervisor is never in a call the therapist is not in (H21).
            if (g.role === 'therapist')
              for (const h of await repo.setSupervisorsIn(tx, serviceId, g.appointmentId, false))
                await repo.notify(tx, {
                  k: 'held',
                  s: serviceId,
                  a: g.appointmentId,
                  m: h.id,
                } satisfies RoomNote);
          }
        });
      } catch (err) {
        this.logger.warn({ err, serviceId }, 'video: presence refresh failed');
      }
    }
  }
}
