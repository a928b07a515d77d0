/**
 * A worker thread of bench/wall.ts: opens its share of Wall sockets, tells the main thread how
 * many are connected as they come, and for every bench message of the current round records the
 * delay since it was posted (the body carries the time) and any duplicate.
 */
import { parentPort, workerData } from 'node:worker_threads';
import WebSocket from 'ws';

export interface WallClientsInput {
  clients: { url: string; cookie: string }[];
  since: number;
  /** Only messages whose body starts `bench <round> ` count: earlier rounds' are not this one's. */
  round: number;
  origin: string;
}

export type WallClientsEvent =
  | { type: 'progress'; connected: number; failed: number; errors: string[] }
  | { type: 'ready'; connected: number; failed: number; errors: string[] }
  | { type: 'counts'; deliveries: number; duplicates: number; lastAt: number }
  | {
      type: 'report';
      connected: number;
      latencies: number[];
      deliveries: number;
      duplicates: number;
      lastAt: number;
    };

const { clients, since, round, origin } = workerData as WallClientsInput;
const port = parentPort;
if (!port) throw new Error('bench/wall-clients.ts runs as a worker thread');
const post = (event: WallClientsEvent) => {
  port.postMessage(event);
};

const prefix = `bench ${String(round)} `;
const latencies: number[] = [];
let deliveries = 0;
let duplicates = 0;
let lastAt = 0;
const sockets: WebSocket[] = [];
const live = new Set<WebSocket>();
let failed = 0;
const errors: string[] = [];
let reported = false;

function fail(why: string) {
  failed++;
  if (errors.length < 5) errors.push(why);
}

function settled() {
  if (reported || live.size + failed < clients.length) return;
  reported = true;
  post({ type: 'ready', connected: live.size, failed, errors });
}

function open(c: { url: string; cookie: string }) {
  const seen = new Set<string>();
  let caughtUp = false;
  const ws = new WebSocket(c.url, { headers: { cookie: c.cookie }, origin });
  sockets.push(ws);
  ws.on('open', () => {
    ws.send(JSON.stringify({ type: 'hello', since }));
  });
  ws.on('unexpected-response', (_request, response) => {
    fail(`upgrade refused: ${String(response.statusCode)}`);
    caughtUp = true; // counted as failed; not again on close
    settled();
  });
  ws.on('message', (data) => {
    const m = JSON.parse((data as Buffer).toString()) as {
      type: string;
      message?: { id: string; body: string | null };
    };
    if (m.type === 'caught_up') {
      if (!caughtUp) {
        caughtUp = true;
        live.add(ws);
        settled();
      }
      return;
    }
    const body = m.message?.body;
    if (m.type !== 'change' || !m.message || !body?.startsWith(prefix)) return;
    const now = Date.now();
    if (seen.has(m.message.id)) {
      duplicates++;
      return;
    }
    seen.add(m.message.id);
    deliveries++;
    lastAt = now;
    latencies.push(now - Number(body.split(' ')[3]));
  });
  ws.on('error', (err) => {
    if (!caughtUp) {
      caughtUp = true;
      fail(err.message);
      settled();
    }
  });
  ws.on('close', (code, reason) => {
    live.delete(ws);
    if (!caughtUp) {
      caughtUp = true;
      fail(`closed ${String(code)} ${reason.toString()}`);
      settled();
    }
  });
}

const progress = setInterval(() => {
  if (!reported) post({ type: 'progress', connected: live.size, failed, errors });
}, 1000);
progress.unref();

port.on('message', (msg: { type: string }) => {
  if (msg.type === 'counts') post({ type: 'counts', deliveries, duplicates, lastAt });
  if (msg.type === 'report')
    post({ type: 'report', connected: live.size, latencies, deliveries, duplicates, lastAt });
});

// Spread the upgrades so the servers are not hit by thousands at once.
for (const [i, c] of clients.entries()) {
  open(c);
  if (i % 25 === 24) await new Promise((r) => setTimeout(r, 25));
}
settled();
