/**
 * A worker thread of bench/wall.ts: opens its share of Wall sockets, and for every message it is
 * sent records the delay since the post (the body carries the time it was sent) and duplicates.
 */
import { parentPort, workerData } from 'node:worker_threads';
import WebSocket from 'ws';

interface Input {
  clients: { url: string; cookie: string }[];
  since: number;
}
const { clients, since } = workerData as Input;
const port = parentPort;
if (!port) throw new Error('bench/wall-clients.ts runs as a worker thread');

const latencies: number[] = [];
let deliveries = 0;
let duplicates = 0;
const seenByClient: Set<string>[] = [];
const sockets: WebSocket[] = [];
let caughtUp = 0;

for (const [i, c] of clients.entries()) {
  const seen = new Set<string>();
  seenByClient.push(seen);
  const ws = new WebSocket(c.url, {
    headers: { cookie: c.cookie },
    origin: 'http://localhost:3000',
  });
  sockets.push(ws);
  ws.on('open', () => {
    ws.send(JSON.stringify({ type: 'hello', since }));
  });
  ws.on('message', (data) => {
    const m = JSON.parse((data as Buffer).toString()) as {
      type: string;
      message?: { id: string; body: string | null };
    };
    if (m.type === 'caught_up') {
      caughtUp++;
      if (caughtUp === clients.length) port.postMessage({ type: 'ready' });
      return;
    }
    if (m.type !== 'change' || !m.message?.body?.startsWith('bench ')) return;
    const sentAt = Number(m.message.body.split(' ')[2]);
    if (seen.has(m.message.id)) {
      duplicates++;
      return;
    }
    seen.add(m.message.id);
    deliveries++;
    latencies.push(Date.now() - sentAt);
  });
  ws.on('error', (err) => {
    port.postMessage({ type: 'error', index: i, message: err.message });
  });
  // Spread the connections so the servers are not hit by thousands of upgrades at once.
  if (i % 50 === 49) await new Promise((r) => setTimeout(r, 20));
}

port.on('message', (msg: { type: string }) => {
  if (msg.type === 'report') {
    // Ids each client saw: the main thread counts what was lost against what was posted.
    const perClient = seenByClient.map((s) => [...s]);
    port.postMessage({ type: 'report', latencies, deliveries, duplicates, perClient });
  }
  if (msg.type === 'close') {
    for (const ws of sockets) ws.terminate();
    port.postMessage({ type: 'closed' });
  }
});
