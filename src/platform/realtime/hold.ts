import { AsyncLocalStorage } from 'node:async_hooks';

type Send = () => void;
interface Hold {
  sends: Send[];
  undo: (() => void)[];
  /** Closed once the work has settled: a send from work it left running goes out at once. */
  open: boolean;
}

const current = new AsyncLocalStorage<Hold>();

/**
 * Runs `work` (a message's handling, in its transaction) holding back every socket message it
 * sends, to any socket, until `work` has resolved: live messages are committed before they are
 * shown (DESIGN non-negotiable 3), so a peer told "admitted" can already read what admitted them.
 * If `work` fails, its transaction rolled back and what it would have sent is dropped. Held
 * inside another hold, the messages pass to the outer one, which sends them when it commits.
 */
export async function holdingSends<T>(work: () => Promise<T>): Promise<T> {
  const hold: Hold = { sends: [], undo: [], open: true };
  let result: T;
  try {
    result = await current.run(hold, work);
  } catch (err) {
    hold.open = false;
    for (const undo of hold.undo) undo();
    throw err;
  }
  hold.open = false;
  for (const send of hold.sends) deliver(send);
  return result;
}

/** Sends now, or when the enclosing `holdingSends` work has committed. */
export function deliver(send: Send): void {
  const hold = current.getStore();
  if (hold?.open) hold.sends.push(send);
  else send();
}

/**
 * Undoes an in-memory change if the enclosing `holdingSends` work fails (its transaction rolled
 * back), so what a process remembers matches what the database kept. Outside a hold, nothing.
 */
export function onRollback(undo: () => void): void {
  const hold = current.getStore();
  if (hold?.open) hold.undo.push(undo);
}

/** Runs `fn` outside any hold: for work that starts from a notification, not from a message. */
export function outsideHolds<T>(fn: () => T): T {
  return current.exit(fn);
}
