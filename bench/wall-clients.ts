/**
 * A worker thread of bench/wall.ts: opens its share of Wall sockets at a steady pace, tells the
 * main thread how many are connected as they come, and for every bench message of the current
 * round records the delay since it was posted (the body carries the time) and any duplicate.
 * A socket reset or dropped before it caught up is opened again after a back-off, as the page's
 * script does (src/client/wall.ts); how many needed that is reported. The workers share the
 * cores with the instances, so a delivery is read without parsing the whole message.
 */
import { parentPort, workerData } from 'node:worker_threads';
import WebSocket from 'ws';

export interface WallClientsInput {
  clients: { url: string; cookie: string }[];
  since: number;
  /** Only messages whose body starts `bench <round> ` count: earlier rounds' are not this one's. */
  round: number;
  origin: string;
  /** Sockets this worker opens a second. */
  connectPerSecond: number;
}

export type WallClientsEvent =
  | { type: 'progress'; connected: number; failed: number; retried: number; errors: string[] }
  | { type: 'ready'; connected: number; failed: number; retried: number; errors: string[] }
  | { type: 'counts'; deliveries: number; duplicates: number; lastAt: number }
  | {
      type: 'report';
      connected: number;
      latencies: number[];
      deliveries: number;
      duplicates: number;
      lastAt: number;
    };

const { clients, since, round, origin, connectPerSecond } = workerData as WallClientsInput;
const port = parentPort;
if (!port) throw new Error('bench/wall-clients.ts runs as a worker thread');
const post = (event: WallClientsEvent) => {
  port.postMessage(event);
};

/** The body of this round's bench messages, as it appears in a `change` message's JSON. */
const needle = Buffer.from(`"body":"bench ${String(round)} `);
const latencies: number[] = [];
let deliveries = 0;
let duplicates = 0;
let lastAt = 0;
const sockets = new Set<WebSocket>();
const live = new Set<WebSocket>();
let failed = 0;
/** Clients that needed more than one attempt to connect and catch up. */
let retried = 0;
const errors: string[] = [];
let reported = false;
/** Attempts per client before it counts as failed; back-off as src/client/wall.ts. */
const ATTEMPTS = 6;
const backoff = (attempt: number) => Math.min(500 * 2 ** attempt, 10_000) * (0.5 + Math.random());

function note(why: string) {
  if (errors.length < 5 && !errors.includes(why)) errors.push(why);
}

function settled() {
  if (reported || live.size + failed < clients.length) return;
  reported = true;
  post({ type: 'ready', connected: live.size, failed, retried, errors });
}

/** Reads a decimal number in `buf` from `at` up to the byte `end`; NaN if there is none. */
function numberAt(buf: Buffer, at: number, end: number): [number, number] {
  let n = 0;
  let i = at;
  for (; i < buf.length && buf[i] !== end; i++) {
    const d = (buf[i] ?? 0) - 48;
    if (d < 0 || d > 9) return [NaN, i];
    n = n * 10 + d;
  }
  return [i === at ? NaN : n, i];
}

function open(c: { url: string; cookie: string }, attempt = 0) {
  /** The post numbers (`bench <round> <k> …`) this socket has had. */
  const seen = new Set<number>();
  let caughtUp = false;
  let settledHere = false;
  const ws = new WebSocket(c.url, { headers: { cookie: c.cookie }, origin });
  sockets.add(ws);
  /** Not caught up: open it again after a back-off, or count it failed after the last attempt. */
  const retry = (why: string) => {
    if (settledHere) return;
    settledHere = true;
    sockets.delete(ws);
    note(why);
    if (attempt + 1 < ATTEMPTS) {
      if (attempt === 0) retried++;
      setTimeout(() => {
        open(c, attempt + 1);
      }, backoff(attempt));
      return;
    }
    failed++;
    settled();
  };
  ws.on('open', () => {
    ws.send(JSON.stringify({ type: 'hello', since }));
  });
  ws.on('unexpected-response', (_request, response) => {
    // Refused outright (signed out, forbidden): not a reset, so not retried.
    settledHere = true;
    sockets.delete(ws);
    note(`upgrade refused: ${String(response.statusCode)}`);
    failed++;
    settled();
    ws.terminate();
  });
  ws.on('message', (raw) => {
    const data = raw as Buffer;
    if (!caughtUp) {
      const m = JSON.parse(data.toString()) as { type: string };
      if (m.type === 'caught_up') {
        caughtUp = true;
        settledHere = true;
        live.add(ws);
        settled();
      }
      return;
    }
    const at = data.indexOf(needle);
    if (at < 0) return;
    const now = Date.now();
    const [k, space] = numberAt(data, at + needle.length, 0x20);
    const [sentAt] = numberAt(data, space + 1, 0x22);
    if (Number.isNaN(k) || Number.isNaN(sentAt)) return;
    if (seen.has(k)) {
      duplicates++;
      return;
    }
    seen.add(k);
    deliveries++;
    lastAt = now;
    latencies.push(now - sentAt);
  });
  ws.on('error', (err) => {
    retry(err.message);
  });
  ws.on('close', (code, reason) => {
    live.delete(ws);
    retry(`closed ${String(code)} ${reason.toString()}`);
  });
}

const progress = setInterval(() => {
  if (!reported) post({ type: 'progress', connected: live.size, failed, retried, errors });
}, 1000);
progress.unref();

port.on('message', (msg: { type: string }) => {
  if (msg.type === 'counts') post({ type: 'counts', deliveries, duplicates, lastAt });
  if (msg.type === 'report')
    post({ type: 'report', connected: live.size, latencies, deliveries, duplicates, lastAt });
});

// A steady pace, in steps of 20 ms, as members arriving rather than all in the same instant.
const started = Date.now();
for (const [i, c] of clients.entries()) {
  const due = started + (i * 1000) / connectPerSecond - Date.now();
  if (due > 20) await new Promise((r) => setTimeout(r, due));
  open(c);
}
settled();
