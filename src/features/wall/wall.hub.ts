/**
 * One per app instance: the Wall sockets this instance holds, per service, and the fan-out to
 * them. Every change is committed first; its NOTIFY (PostgreSQL: from any instance; PGlite: in
 * process) wakes the hub, which reads what changed after the last number it sent and sends it
 * to each socket exactly once, in order. A socket that joins says the last number it saw and is
 * sent what it missed before it joins the live stream, so it ends where a page load would.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { withTenant, type Database } from '../../db/client';
import type { Clock } from '../../platform/clock';
import type { Connection } from '../../platform/realtime';
import { messageView, moderatorView, PRESENCE_TTL_MS, WALL_CATCH_UP_LIMIT } from './wall.service';
import * as repo from './wall.repository';

interface Client {
  readonly id: string;
  readonly connection: Connection;
  readonly memberId: string;
  readonly moderator: boolean;
  /** The highest change number this socket has been sent. */
  sentUpTo: number;
  /** False while it catches up: the live stream skips it until then. */
  live: boolean;
}

interface Room {
  clients: Map<string, Client>;
  /** The highest change number read for this service. */
  lastRead: number;
  /** Reads are one at a time per service, so nothing is sent twice or out of order. */
  reading: Promise<void>;
  /**
   * A read is queued and has not started: it will see everything committed before it starts,
   * so further wake-ups until then need no read of their own (a burst of NOTIFYs is one read).
   */
  queued: boolean;
  here: number;
}

/** How often each instance refreshes its sockets' presence row and tells them who is here. */
const PRESENCE_EVERY_MS = 20_000;

export class WallHub {
  private readonly rooms = new Map<string, Room>();
  private stopListening: (() => Promise<void>) | null = null;
  private presenceTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly database: Database,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  async start(): Promise<void> {
    this.stopListening = await this.database.listen(
      repo.WALL_CHANNEL,
      (serviceId) => {
        this.changed(serviceId);
      },
      // After a dropped LISTEN connection, notifications may have been missed: read every room.
      () => {
        for (const serviceId of this.rooms.keys()) this.changed(serviceId);
      },
    );
    this.presenceTimer = setInterval(() => void this.refreshPresence(), PRESENCE_EVERY_MS);
    this.presenceTimer.unref();
  }

  async stop(): Promise<void> {
    if (this.presenceTimer) clearInterval(this.presenceTimer);
    const stop = this.stopListening;
    this.stopListening = null;
    // A database already closed (a failed start, a test) has nothing left to unlisten.
    await stop?.().catch(() => undefined);
  }

  /** Sockets open on this instance, for tests and the benchmark. */
  get size(): number {
    let n = 0;
    for (const room of this.rooms.values()) n += room.clients.size;
    return n;
  }

  private room(serviceId: string): Room {
    let room = this.rooms.get(serviceId);
    if (!room) {
      room = {
        clients: new Map(),
        lastRead: -1,
        reading: Promise.resolve(),
        queued: false,
        here: -1,
      };
      this.rooms.set(serviceId, room);
    }
    return room;
  }

  /**
   * Adds a socket that has seen changes up to `since`: sends what it missed (up to the catch-up
   * limit; beyond that it is told to reload), then it receives every change live.
   */
  async join(
    serviceId: string,
    connection: Connection,
    member: { memberId: string; moderator: boolean },
    since: number,
  ): Promise<string> {
    const room = this.room(serviceId);
    const client: Client = {
      id: randomUUID(),
      connection,
      memberId: member.memberId,
      moderator: member.moderator,
      sentUpTo: since,
      live: false,
    };
    room.clients.set(client.id, client);
    // The presence row goes in the first catch-up read's transaction: one transaction a join.
    // Who is here is counted there too, so the page does not say "0 members" until the next
    // presence tick (walk 7).
    let here: number | null = null;
    for (;;) {
      const first = here === null;
      const read = await withTenant(this.database, serviceId, async (tx) => {
        let counted: number | null = null;
        if (first) {
          const now = this.clock.now();
          await repo.touchPresence(tx, {
            serviceId,
            connectionId: client.id,
            memberId: client.memberId,
            seenAt: now,
          });
          counted = await repo.membersHere(
            tx,
            serviceId,
            new Date(now.getTime() - PRESENCE_TTL_MS),
          );
        }
        const changes = await repo.changesAfter(
          tx,
          serviceId,
          client.sentUpTo,
          WALL_CATCH_UP_LIMIT,
        );
        return { counted, changes };
      });
      here ??= read.counted;
      const rows = read.changes;
      if (rows.length >= WALL_CATCH_UP_LIMIT) {
        connection.send({ type: 'reload', reason: 'too many changes to catch up' });
        return client.id;
      }
      this.sendRows(client, rows);
      // Changes read live while this socket caught up were skipped for it: read them again.
      if (room.lastRead <= client.sentUpTo) break;
    }
    // No read of its own: every change committed after the last catch-up read has a NOTIFY
    // still to come or a read in flight (which sends to it now that it is live), and any read
    // that finished meanwhile moved `lastRead` past `sentUpTo`, which the loop above re-read.
    client.live = true;
    connection.send({ type: 'caught_up', seq: client.sentUpTo });
    if (here !== null) this.tellWhoIsHere(room, here, client);
    return client.id;
  }

  leave(serviceId: string, clientId: string): void {
    const room = this.rooms.get(serviceId);
    if (!room) return;
    room.clients.delete(clientId);
    void withTenant(this.database, serviceId, (tx) =>
      repo.removePresence(tx, serviceId, clientId),
    ).catch((err: unknown) => {
      this.logger.warn({ err }, 'wall presence removal failed');
    });
    if (room.clients.size === 0) this.rooms.delete(serviceId);
  }

  /** A change was committed for this service: read it and send it to the live sockets. */
  changed(serviceId: string): void {
    const room = this.rooms.get(serviceId);
    if (!room || room.queued) return;
    room.queued = true;
    room.reading = room.reading
      .then(() => {
        room.queued = false;
        return this.readAndSend(serviceId, room);
      })
      .catch((err: unknown) => {
        this.logger.error({ err, serviceId }, 'wall fan-out failed');
      });
  }

  private async readAndSend(serviceId: string, room: Room): Promise<void> {
    let from = room.lastRead;
    if (from < 0) {
      // First read for this room: start from the lowest number any socket has.
      from = Math.min(...[...room.clients.values()].map((c) => c.sentUpTo));
      if (!Number.isFinite(from)) return;
    }
    const rows = await withTenant(this.database, serviceId, (tx) =>
      repo.changesAfter(tx, serviceId, from, WALL_CATCH_UP_LIMIT),
    );
    if (rows.length === 0) return;
    room.lastRead = rows.at(-1)?.changeSeq ?? room.lastRead;
    for (const client of room.clients.values()) if (client.live) this.sendRows(client, rows);
    if (rows.length === WALL_CATCH_UP_LIMIT) this.changed(serviceId);
  }

  /** Sends the rows this socket has not had, serialising each row once per audience. */
  private sendRows(client: Client, rows: repo.WallMessageRow[]): void {
    for (const row of rows) {
      if (row.changeSeq <= client.sentUpTo) continue;
      client.connection.sendJson(this.serialised(row, client.moderator));
      client.sentUpTo = row.changeSeq;
    }
  }

  private readonly cache = new WeakMap<repo.WallMessageRow, [string?, string?]>();
  private serialised(row: repo.WallMessageRow, moderator: boolean): string {
    let pair = this.cache.get(row);
    if (!pair) {
      pair = [];
      this.cache.set(row, pair);
    }
    const i = moderator ? 1 : 0;
    pair[i] ??= JSON.stringify({
      type: 'change',
      message: moderator ? moderatorView(row) : messageView(row),
    });
    return pair[i];
  }

  /**
   * Tells the room's sockets how many are here when the number changed, and a socket that just
   * joined in any case (its page was drawn before it was counted).
   */
  private tellWhoIsHere(room: Room, here: number, joined?: Client): void {
    const json = JSON.stringify({ type: 'presence', here });
    if (here !== room.here) {
      room.here = here;
      for (const client of room.clients.values()) client.connection.sendJson(json);
    } else if (joined) joined.connection.sendJson(json);
  }

  /** Keeps this instance's presence rows fresh and tells its sockets how many are here. */
  private async refreshPresence(): Promise<void> {
    const now = this.clock.now();
    for (const [serviceId, room] of this.rooms) {
      try {
        const here = await withTenant(this.database, serviceId, async (tx) => {
          await repo.touchPresenceMany(
            tx,
            [...room.clients.values()].map((client) => ({
              serviceId,
              connectionId: client.id,
              memberId: client.memberId,
              seenAt: now,
            })),
          );
          await repo.purgePresence(tx, new Date(now.getTime() - PRESENCE_TTL_MS));
          return repo.membersHere(tx, serviceId, new Date(now.getTime() - PRESENCE_TTL_MS));
        });
        this.tellWhoIsHere(room, here);
      } catch (err) {
        this.logger.warn({ err, serviceId }, 'wall presence refresh failed');
      }
    }
  }
}
