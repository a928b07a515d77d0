/**
 * The Wall in the browser: the page is complete without this (it lists recent messages and
 * posts by reloading); with it, messages arrive live and post without a reload. The socket says
 * the last change it saw, so after a drop it is sent exactly what it missed.
 */
interface WallMessage {
  id: string;
  seq: number;
  changeSeq: number;
  authorMemberId: string;
  pseudonym: string;
  badge: 'clinician' | 'former_patient' | 'volunteer' | null;
  postedAt: string;
  body: string | null;
  hidden: boolean;
  needsModerator?: boolean;
}

type ServerMessage =
  | { type: 'change'; message: WallMessage }
  | { type: 'caught_up'; seq: number }
  | { type: 'presence'; here: number }
  | { type: 'posted'; key: string; seq: number }
  | { type: 'refused'; key: string; message: string }
  | { type: 'crisis'; helpUrl: string }
  | { type: 'reload'; reason: string }
  | { type: 'error'; code: string; message: string };

const BADGES = { clinician: 'Clinician', former_patient: 'Former patient', volunteer: 'Volunteer' };

const list = document.getElementById('wall-messages') as HTMLOListElement | null;
const form = document.getElementById('wall-form') as HTMLFormElement | null;
const statusLine = document.getElementById('wall-status');
const hereCount = document.getElementById('wall-here');

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

const londonParts = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** "Monday 30 November 2026 at 10am", as the server's pages write it (formatLondonDateTime). */
function timeText(iso: string): string {
  const parts = londonParts.formatToParts(new Date(iso));
  const part = (type: Intl.DateTimeFormatPartTypes) =>
    parts.find((p) => p.type === type)?.value ?? '';
  const hours = Number(part('hour'));
  const minutes = part('minute');
  const clock =
    hours === 0 && minutes === '00'
      ? 'midnight'
      : hours === 12 && minutes === '00'
        ? 'midday'
        : `${hours % 12 === 0 ? 12 : hours % 12}${minutes === '00' ? '' : `:${minutes}`}${hours < 12 ? 'am' : 'pm'}`;
  return `${part('weekday')} ${part('day')} ${part('month')} ${part('year')} at ${clock}`;
}

/** Builds a message as the server's page does (text only: never HTML from the server). */
function render(message: WallMessage, moderator: boolean, memberId: string): HTMLLIElement {
  const li = el('li', 'rapport-wall__message');
  li.id = `m-${message.id}`;
  li.dataset.seq = String(message.changeSeq);
  const meta = el('p', 'nhsuk-body-s nhsuk-u-margin-bottom-1');
  meta.append(el('strong', undefined, message.pseudonym));
  if (message.badge)
    meta.append(' ', el('strong', 'nhsuk-tag nhsuk-tag--blue', BADGES[message.badge]));
  const time = el('time', undefined, timeText(message.postedAt));
  time.dateTime = message.postedAt;
  meta.append(' ', time);
  if (message.needsModerator)
    meta.append(' ', el('strong', 'nhsuk-tag nhsuk-tag--red', 'Needs a moderator'));
  li.append(meta);
  if (message.hidden) {
    li.append(el('p', 'nhsuk-body nhsuk-u-secondary-text-color', 'This message was removed'));
    return li;
  }
  li.append(el('p', 'nhsuk-body rapport-wall__body', message.body ?? ''));
  const mine = message.authorMemberId === memberId;
  if (mine && !moderator) return li;
  const actions = el('p', 'nhsuk-body-s');
  const link = (href: string, text: string, hidden: string) => {
    const a = el('a', undefined, text);
    a.href = href;
    a.append(el('span', 'nhsuk-u-visually-hidden', hidden));
    return a;
  };
  if (!mine)
    actions.append(
      link(
        `/community/wall/messages/${message.id}/report`,
        'Report',
        ` this message by ${message.pseudonym}`,
      ),
    );
  if (moderator)
    actions.append(
      ...(mine ? [] : [' · ']),
      link(`/community/wall/messages/${message.id}/hide`, 'Hide', ' this message'),
      // Nobody warns or suspends themselves.
      ...(mine
        ? []
        : [
            ' · ',
            link(
              `/community/wall/messages/${message.id}/sanction`,
              'Warn or suspend',
              ` ${message.pseudonym}`,
            ),
          ]),
    );
  li.append(actions);
  return li;
}

/** Adds one to the moderator's "Moderation queue (n)" link. */
function bumpQueue(): void {
  const count = document.getElementById('wall-queue-count');
  if (count) count.textContent = String(Number(count.textContent) + 1);
}

/** A random key; `crypto.randomUUID` exists only on HTTPS pages and localhost. */
function newKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

function start(list: HTMLOListElement): void {
  const moderator = list.dataset.moderator === 'true';
  const memberId = list.dataset.member ?? '';
  let lastSeq = Number(list.dataset.lastSeq ?? '0');
  let socket: WebSocket | null = null;
  let retry = 0;
  const pending = new Map<string, string>();

  const apply = (message: WallMessage) => {
    if (message.changeSeq <= lastSeq) return;
    lastSeq = message.changeSeq;
    list.dataset.lastSeq = String(lastSeq);
    document.getElementById('wall-empty')?.remove();
    const existing = document.getElementById(`m-${message.id}`);
    const node = render(message, moderator, memberId);
    // A new message for the moderators counts in their queue link at once (walk 5).
    if (moderator && message.needsModerator && !existing) bumpQueue();
    if (existing) existing.replaceWith(node);
    else list.append(node);
  };

  const say = (text: string) => {
    if (statusLine) statusLine.textContent = text;
  };

  const connect = () => {
    const url = new URL('/community/wall/live', window.location.href);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    const ws = new WebSocket(url);
    socket = ws;
    ws.addEventListener('open', () => {
      retry = 0;
      ws.send(JSON.stringify({ type: 'hello', since: lastSeq }));
    });
    ws.addEventListener('message', (event) => {
      const data = JSON.parse(String(event.data)) as ServerMessage;
      switch (data.type) {
        case 'change':
          apply(data.message);
          break;
        case 'caught_up':
          document.body.dataset.wallLive = 'true';
          // Messages typed while the connection was down are sent again with the same key.
          for (const [key, body] of pending) ws.send(JSON.stringify({ type: 'post', key, body }));
          break;
        case 'presence':
          if (hereCount)
            hereCount.textContent = `${data.here} ${data.here === 1 ? 'member' : 'members'}`;
          break;
        case 'posted':
          pending.delete(data.key);
          say('Your message was posted.');
          break;
        case 'refused': {
          // Given back to change (contact details taken out, say), unless they typed anew.
          const refusedText = pending.get(data.key);
          pending.delete(data.key);
          const textarea = form?.querySelector('textarea');
          if (textarea && refusedText && !textarea.value) textarea.value = refusedText;
          say(data.message);
          break;
        }
        case 'crisis':
          window.location.assign(data.helpUrl);
          break;
        case 'reload':
          window.location.reload();
          break;
        case 'error':
          say(data.message);
          break;
      }
    });
    ws.addEventListener('close', () => {
      document.body.dataset.wallLive = 'false';
      socket = null;
      // Back off, but not for long: a member is waiting to read.
      const delay = Math.min(500 * 2 ** retry, 10_000);
      retry++;
      window.setTimeout(connect, delay);
    });
  };

  form?.addEventListener('submit', (event) => {
    const textarea = form.querySelector('textarea');
    if (!socket || socket.readyState !== WebSocket.OPEN || !textarea) return; // the form posts
    event.preventDefault();
    const body = textarea.value;
    if (!body.trim()) {
      say('Write a message before you send it.');
      return;
    }
    const key = newKey();
    pending.set(key, body);
    socket.send(JSON.stringify({ type: 'post', key, body }));
    textarea.value = '';
    say('Sending…');
  });

  connect();
}

if (list) start(list);
