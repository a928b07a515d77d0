/**
 * The last contact with the server that counts as activity, shared by every tab of a sign-in
 * (localStorage), so the idle sign-out (session.ts) knows of contact made by other code too: a
 * video call keeping its session going (video.ts).
 */
export const SHARED_KEY = 'rapport-session-contact';

export function sharedContact(): number {
  try {
    return Number(localStorage.getItem(SHARED_KEY) ?? '0');
  } catch {
    return 0;
  }
}

export function shareContact(at: number): void {
  try {
    localStorage.setItem(SHARED_KEY, String(Math.max(at, sharedContact())));
  } catch {
    // Private browsing may refuse storage: each tab then keeps its own time.
  }
}
