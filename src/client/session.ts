import { SHARED_KEY } from './session-contact';

/**
 * Signing out after a time without activity, without losing what someone is writing (WCAG 2.2.1,
 * timing adjustable). The server ends a session after `data-session-idle-seconds` without a
 * request. Typing on a page is activity too, so while someone types this tells the server, at
 * most once a minute. Two minutes before the end it says so and offers to stay signed in; at the
 * end it says they were signed out and that what is on the page was not saved.
 * Without JavaScript none of this runs and the server's limit applies as it is.
 */
const idleMs = Number(document.body.dataset.sessionIdleSeconds ?? '0') * 1000;
const WARN_BEFORE_MS = 2 * 60_000;
/** The server writes activity at most once a minute, so telling it more often does nothing. */
const TELL_EVERY_MS = 60_000;
// Other tabs of the same sign-in keep the session going too, and a video call: they share the
// last contact (SHARED_KEY).

let lastContact = Date.now();
let panel: HTMLElement | null = null;
let returnFocus: HTMLElement | null = null;
let signedOut = false;

function shared(): number {
  try {
    return Number(localStorage.getItem(SHARED_KEY) ?? '0');
  } catch {
    return 0;
  }
}

function contacted(at: number): void {
  lastContact = Math.max(lastContact, at);
  try {
    localStorage.setItem(SHARED_KEY, String(lastContact));
  } catch {
    // Private browsing may refuse storage: this tab still keeps its own time.
  }
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text?: string) {
  const node = document.createElement(tag);
  node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function minutesText(ms: number): string {
  const minutes = Math.max(1, Math.ceil(ms / 60_000));
  return minutes === 1 ? '1 minute' : `${minutes} minutes`;
}

function closePanel(): void {
  // Give focus back only if it is still in the panel: someone who went back to a field is typing.
  const focusWasInPanel = panel?.contains(document.activeElement) ?? false;
  panel?.remove();
  panel = null;
  if (focusWasInPanel) returnFocus?.focus();
  returnFocus = null;
}

/**
 * Asks the server whether the session is still there: `alive` also counts as activity,
 * `status` does not (checking at the end of the idle time must never extend it).
 */
async function signedIn(ask: 'alive' | 'status'): Promise<boolean> {
  // The server counts the request when it arrives, so the contact is when it was sent, not when
  // the answer came back (a slow answer must not make the session seem longer than it is).
  const sentAt = Date.now();
  try {
    const res = await fetch(`/session/${ask}`, {
      credentials: 'same-origin',
      redirect: 'manual',
      headers: { accept: 'application/json' },
    });
    if (res.status !== 204) return false;
    if (ask === 'alive') contacted(sentAt);
    return true;
  } catch {
    // Offline for a moment: the next check or keystroke tries again.
    return true;
  }
}

function showPanel(heading: string, text: string, action: HTMLElement): void {
  if (!panel) {
    const active = document.activeElement;
    returnFocus = active instanceof HTMLElement && active !== document.body ? active : null;
  }
  panel?.remove();
  panel = el('div', 'rapport-timeout');
  panel.setAttribute('role', 'alertdialog');
  panel.setAttribute('aria-labelledby', 'rapport-timeout-heading');
  panel.setAttribute('aria-describedby', 'rapport-timeout-text');
  const inner = el('div', 'nhsuk-width-container');
  const h = el('h2', 'nhsuk-heading-m', heading);
  h.id = 'rapport-timeout-heading';
  h.tabIndex = -1;
  const p = el('p', 'nhsuk-body', text);
  p.id = 'rapport-timeout-text';
  inner.append(h, p, action);
  panel.append(inner);
  document.body.append(panel);
  h.focus();
}

function warn(remaining: number): void {
  const stay = el('button', 'nhsuk-button nhsuk-u-margin-bottom-0', 'Stay signed in');
  stay.type = 'button';
  stay.addEventListener('click', () => {
    void signedIn('alive').then((ok) => {
      if (ok) closePanel();
      else endOfSession();
    });
  });
  showPanel(
    'You will be signed out soon',
    `For your security, we sign you out when you have not used this site for a while. ` +
      `You will be signed out in ${minutesText(remaining)}.`,
    stay,
  );
}

function endOfSession(): void {
  if (signedOut) return;
  signedOut = true;
  const signIn = el('a', 'nhsuk-button nhsuk-u-margin-bottom-0', 'Sign in again');
  // Back to this page after signing in again.
  signIn.setAttribute(
    'href',
    `/sign-in?next=${encodeURIComponent(location.pathname + location.search)}`,
  );
  // The panel can fill a phone screen at 400% zoom and hide what they typed (walk 10): it closes.
  const close = el('button', 'nhsuk-button nhsuk-button--secondary', 'Close this message');
  close.type = 'button';
  close.addEventListener('click', closePanel);
  const actions = el('div', 'nhsuk-button-group nhsuk-u-margin-bottom-0');
  signIn.classList.remove('nhsuk-u-margin-bottom-0');
  actions.append(signIn, close);
  showPanel(
    'You have been signed out',
    'For your security, we signed you out because you had not used this site for a while. ' +
      'Anything you typed on this page since you last saved it has not been saved: close this ' +
      'message and copy it before you sign in again.',
    actions,
  );
}

function tick(): void {
  if (signedOut) return;
  lastContact = Math.max(lastContact, shared());
  const remaining = lastContact + idleMs - Date.now();
  if (remaining <= 0) {
    // Ask before saying it ended (the clocks may differ by a moment); asking does not extend it.
    void signedIn('status').then((ok) => {
      if (!ok) endOfSession();
    });
  } else if (remaining <= WARN_BEFORE_MS) {
    if (panel) {
      const text = document.getElementById('rapport-timeout-text');
      if (text)
        text.textContent = text.textContent.replace(
          /in \d+ minutes?\./,
          `in ${minutesText(remaining)}.`,
        );
    } else warn(remaining);
  } else if (panel) closePanel();
}

function activity(event: Event): void {
  if (signedOut || Date.now() - lastContact < TELL_EVERY_MS) return;
  // Typing in the warning itself is not writing on the page.
  if (panel && event.target instanceof Node && panel.contains(event.target)) return;
  void signedIn('alive').then((ok) => {
    if (ok && panel) closePanel();
  });
}

if (idleMs > 0) {
  contacted(Date.now());
  for (const type of ['input', 'keydown', 'change'])
    document.addEventListener(type, activity, { passive: true });
  setInterval(tick, 5_000);
}

export {};
