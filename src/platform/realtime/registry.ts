/** What the registry needs of a live socket. */
export interface RegisteredSocket {
  readonly serviceId: string;
  readonly userId: string;
  readonly sessionTokenHash: string;
  close(code: number, reason: string): void;
}

/** Close code for "your session is over; sign in again" (4000-4999 are the application's). */
export const CLOSE_SESSION_ENDED = 4401;
/** Close code when the person's roles no longer allow this channel. */
export const CLOSE_FORBIDDEN = 4403;

/**
 * The sockets open in this process, by session, so sign-out can close them at once
 * instead of waiting for the next periodic session check.
 */
export class SocketRegistry {
  private readonly bySession = new Map<string, Set<RegisteredSocket>>();

  add(socket: RegisteredSocket): void {
    let set = this.bySession.get(socket.sessionTokenHash);
    if (!set) {
      set = new Set();
      this.bySession.set(socket.sessionTokenHash, set);
    }
    set.add(socket);
  }

  remove(socket: RegisteredSocket): void {
    const set = this.bySession.get(socket.sessionTokenHash);
    if (!set) return;
    set.delete(socket);
    if (set.size === 0) this.bySession.delete(socket.sessionTokenHash);
  }

  get size(): number {
    let n = 0;
    for (const set of this.bySession.values()) n += set.size;
    return n;
  }

  /** Closes every socket opened with this session; returns how many. */
  closeSessionSockets(tokenHash: string, reason = 'signed out'): number {
    const set = this.bySession.get(tokenHash);
    if (!set) return 0;
    const sockets = [...set];
    for (const s of sockets) s.close(CLOSE_SESSION_ENDED, reason);
    return sockets.length;
  }

  /** Closes every socket of one person, whichever session opened it (sign out everywhere). */
  closeUserSockets(serviceId: string, userId: string, reason = 'signed out'): number {
    const sockets = [...this.bySession.values()]
      .flatMap((set) => [...set])
      .filter((s) => s.serviceId === serviceId && s.userId === userId);
    for (const s of sockets) s.close(CLOSE_SESSION_ENDED, reason);
    return sockets.length;
  }
}
