import { AsyncLocalStorage } from 'node:async_hooks';

type Send = () => void;
interface Hold {
  sends: Send[];
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
  const hold: Hold = { sends: [], open: true };
  let result: T;
  try {
    result = await current.run(hold, work);
  } finally {
    hold.open = false;
  }
  for (const send of hold.sends) deliver(send);
  return result;
}

/** Sends now, or when the enclosing `holdingSends` work has committed. */
export function deliver(send: Send): void {
  const hold = current.getStore();
  if (hold?.open) hold.sends.push(send);
  else send();
}
