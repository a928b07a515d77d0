import type { Connection } from '../../platform/realtime';
import type { ParticipantRole, PeerInfo, ServerMessage } from './signalling';

/** One person in a room, on one socket. */
export interface Member {
  id: string;
  userId: string;
  name: string;
  role: ParticipantRole;
  connection: Pick<Connection, 'send'>;
  admitted: boolean;
  since: Date;
}

export interface Room {
  serviceId: string;
  appointmentId: string;
  therapistId: string;
  patientId: string;
  members: Map<string, Member>;
  /** Patients let in during this room's life: a dropped socket that comes back goes straight in. */
  admittedUsers: Set<string>;
}

export const peerOf = (m: Member): PeerInfo => ({ id: m.id, name: m.name, role: m.role });

/**
 * Who is in which room, in this process's memory (ADR 0019): live presence only. What must
 * last (arrivals, admissions, who left) goes to the audit trail and the room events table.
 */
export class VideoHub {
  private readonly rooms = new Map<string, Room>();
  private readonly byConnection = new Map<object, { room: Room; member: Member }>();

  private static key(serviceId: string, appointmentId: string) {
    return `${serviceId}:${appointmentId}`;
  }

  find(connection: object): { room: Room; member: Member } | null {
    return this.byConnection.get(connection) ?? null;
  }

  enter(
    connection: Pick<Connection, 'send'>,
    who: Omit<Member, 'connection' | 'admitted' | 'since' | 'id'> & {
      id: string;
      serviceId: string;
      appointmentId: string;
      therapistId: string;
      patientId: string;
      now: Date;
    },
  ): { room: Room; member: Member } {
    const key = VideoHub.key(who.serviceId, who.appointmentId);
    let room = this.rooms.get(key);
    if (!room) {
      room = {
        serviceId: who.serviceId,
        appointmentId: who.appointmentId,
        therapistId: who.therapistId,
        patientId: who.patientId,
        members: new Map(),
        admittedUsers: new Set(),
      };
      this.rooms.set(key, room);
    }
    // Staff come straight in; a patient waits until let in (once per room's life).
    const member: Member = {
      id: who.id,
      userId: who.userId,
      name: who.name,
      role: who.role,
      connection,
      admitted: who.role !== 'patient' || room.admittedUsers.has(who.userId),
      since: who.now,
    };
    room.members.set(member.id, member);
    this.byConnection.set(connection, { room, member });
    return { room, member };
  }

  admit(room: Room, memberId: string): Member | null {
    const member = room.members.get(memberId);
    if (!member || member.admitted) return null;
    member.admitted = true;
    room.admittedUsers.add(member.userId);
    return member;
  }

  leave(connection: object): { room: Room; member: Member } | null {
    const found = this.byConnection.get(connection);
    if (!found) return null;
    this.byConnection.delete(connection);
    found.room.members.delete(found.member.id);
    this.forget(found.room);
    return found;
  }

  /** Ends the call for everyone: each must be let in again to a new call. */
  end(room: Room): Member[] {
    const members = [...room.members.values()];
    for (const m of members) this.byConnection.delete(m.connection);
    room.members.clear();
    room.admittedUsers.clear();
    this.forget(room);
    return members;
  }

  private forget(room: Room) {
    if (room.members.size === 0 && room.admittedUsers.size === 0)
      this.rooms.delete(VideoHub.key(room.serviceId, room.appointmentId));
  }

  admitted(room: Room): Member[] {
    return [...room.members.values()].filter((m) => m.admitted);
  }

  waiting(room: Room): Member[] {
    return [...room.members.values()].filter((m) => !m.admitted);
  }

  /** Patients waiting to be let in to this therapist's rooms (the diary and home page show them). */
  waitingFor(
    serviceId: string,
    therapistId: string,
  ): { appointmentId: string; name: string; since: Date }[] {
    const out: { appointmentId: string; name: string; since: Date }[] = [];
    for (const room of this.rooms.values()) {
      if (room.serviceId !== serviceId || room.therapistId !== therapistId) continue;
      for (const m of this.waiting(room))
        out.push({ appointmentId: room.appointmentId, name: m.name, since: m.since });
    }
    return out.sort((a, b) => a.since.getTime() - b.since.getTime());
  }

  /** Sends to the room's admitted members, except one. */
  broadcast(room: Room, message: ServerMessage, except?: Member) {
    for (const m of this.admitted(room)) if (m !== except) m.connection.send(message);
  }

  /** Tells the staff in the room who is waiting. */
  sendWaitingList(room: Room) {
    const waiting = this.waiting(room).map((m) => ({
      id: m.id,
      name: m.name,
      since: m.since.toISOString(),
    }));
    for (const m of this.admitted(room))
      if (m.role !== 'patient') m.connection.send({ type: 'waiting_list', waiting });
  }
}
