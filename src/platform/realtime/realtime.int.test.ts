import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { z } from 'zod';
import { and, eq, sql } from 'drizzle-orm';
import { auditEvents } from '../../db/schema';
import { audit, systemActor } from '../audit';
import { TestClient } from '../../../tests/support/client';
import { createPlatformTestApp } from '../../../tests/support/platform-app';
import {
  createUser,
  TEST_PASSWORD,
  untypedExecute,
  type TestApp,
} from '../../../tests/support/test-app';
import { sessionCookieName } from '../session';
import { channel, CLOSE_SESSION_ENDED, type ErrorFrame } from './index';

const ORIGIN = 'http://localhost:3000';
const HEARTBEAT_MS = 400;
const SESSION_CHECK_MS = 100;

const testChannel = channel('/ws/test', {
  access: 'authenticated',
  messages: z.discriminatedUnion('type', [
    z.object({ type: z.literal('echo'), text: z.string().max(200) }),
    z.object({ type: z.literal('whoami') }),
    z.object({ type: z.literal('fail') }),
    z.object({ type: z.literal('tenant') }),
    z.object({ type: z.literal('send_then_fail') }),
    z.object({ type: z.literal('audit_then_send'), recordId: z.uuid() }),
  ]),
  handlers: {
    echo: (message, connection) => {
      connection.send({ type: 'echo', text: message.text });
    },
    whoami: (_message, connection) => {
      connection.send({ type: 'you', name: connection.auth.displayName });
    },
    fail: () => {
      throw new Error('handler failed on purpose');
    },
    send_then_fail: (_message, connection) => {
      connection.send({ type: 'echo', text: 'never shown' });
      throw new Error('rolled back after sending');
    },
    // The audit row is written with the COMMIT (ADR 0015): the message must wait for it.
    audit_then_send: async (message, connection) => {
      await audit(t.ctx.db, t.ctx.clock, systemActor(t.service.id, 'realtime-test'), {
        action: 'appointment.read',
        recordType: 'appointment',
        recordId: message.recordId,
      });
      connection.send({ type: 'audited', recordId: message.recordId });
    },
    tenant: async (_message, connection) => {
      const result = (await untypedExecute(
        t.ctx.db,
        sql`select current_user as who, current_setting('rapport.service_id', true) as service`,
      )) as { rows: { who: string; service: string }[] };
      const row = result.rows[0];
      connection.send({ type: 'tenant', who: row?.who, service: row?.service });
    },
  },
});
const staffChannel = channel('/ws/staff', {
  access: ['therapist'],
  messages: z.discriminatedUnion('type', [z.object({ type: z.literal('hello') })]),
  handlers: {
    hello: (_m, connection) => {
      connection.send({ type: 'hello' });
    },
  },
});

let t: TestApp;
let base: string;
beforeAll(async () => {
  t = await createPlatformTestApp({
    channels: [testChannel, staffChannel],
    realtimeLimits: {
      maxPayloadBytes: 1024,
      heartbeatMs: HEARTBEAT_MS,
      sessionCheckMs: SESSION_CHECK_MS,
      burst: 5,
      refillPerSecond: 0.5,
      abuseLimit: 3,
    },
  });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const address = t.app.server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  base = `ws://127.0.0.1:${address.port}`;
  await createUser(t, 'rt-patient@example.com', ['patient'], 'Pat Patient');
  await createUser(t, 'rt-therapist@example.com', ['therapist'], 'Theo Therapist');
});
afterAll(async () => t.close());

const open: WebSocket[] = [];
afterEach(() => {
  for (const ws of open.splice(0)) ws.terminate();
});

async function signedIn(email: string): Promise<TestClient> {
  const c = new TestClient(t.app);
  expect((await c.signIn(email, TEST_PASSWORD)).statusCode).toBe(303);
  return c;
}
const cookieOf = (c: TestClient) => {
  const name = sessionCookieName(t.ctx.cookieSettings);
  return `${name}=${c.cookies.get(name) ?? ''}`;
};

interface Client {
  ws: WebSocket;
  next(): Promise<Record<string, unknown>>;
  closed: Promise<{ code: number; reason: string }>;
}

/** Opens a socket and resolves once it is open; messages queue until `next()` takes them. */
function connect(
  path: string,
  opts: { cookie?: string; origin?: string | null; autoPong?: boolean } = {},
): Promise<Client> {
  const headers: Record<string, string> = {};
  if (opts.cookie) headers.cookie = opts.cookie;
  const ws = new WebSocket(`${base}${path}`, {
    headers,
    ...(opts.origin === null ? {} : { origin: opts.origin ?? ORIGIN }),
    autoPong: opts.autoPong ?? true,
  });
  open.push(ws);
  const queue: Record<string, unknown>[] = [];
  const waiting: ((m: Record<string, unknown>) => void)[] = [];
  ws.on('message', (data) => {
    const message = JSON.parse((data as Buffer).toString()) as Record<string, unknown>;
    const w = waiting.shift();
    if (w) w(message);
    else queue.push(message);
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.on('close', (code, reason) => {
      resolve({ code, reason: reason.toString() });
    }),
  );
  return new Promise((resolve, reject) => {
    ws.once('open', () => {
      resolve({
        ws,
        closed,
        next: () => {
          const m = queue.shift();
          return m ? Promise.resolve(m) : new Promise((r) => waiting.push(r));
        },
      });
    });
    ws.once('unexpected-response', (_req, res) => {
      reject(new Error(`refused ${String(res.statusCode)}`));
    });
    ws.once('error', reject);
  });
}

describe('opening a socket', () => {
  it('refuses an upgrade without a session (401)', async () => {
    await expect(connect('/ws/test')).rejects.toThrow('refused 401');
    await expect(
      connect('/ws/test', { cookie: `${sessionCookieName(t.ctx.cookieSettings)}=forged` }),
    ).rejects.toThrow('refused 401');
  });

  it('refuses another origin, or none (403), even with a valid session', async () => {
    const c = await signedIn('rt-patient@example.com');
    await expect(
      connect('/ws/test', { cookie: cookieOf(c), origin: 'https://evil.example' }),
    ).rejects.toThrow('refused 403');
    await expect(connect('/ws/test', { cookie: cookieOf(c), origin: null })).rejects.toThrow(
      'refused 403',
    );
  });

  it("refuses a channel the person's roles do not allow (403)", async () => {
    const patient = await signedIn('rt-patient@example.com');
    await expect(connect('/ws/staff', { cookie: cookieOf(patient) })).rejects.toThrow(
      'refused 403',
    );
    const therapist = await signedIn('rt-therapist@example.com');
    const client = await connect('/ws/staff', { cookie: cookieOf(therapist) });
    client.ws.send(JSON.stringify({ type: 'hello' }));
    expect(await client.next()).toEqual({ type: 'hello' });
  });
});

describe('messages', () => {
  it('routes typed messages to their handlers', async () => {
    const c = await signedIn('rt-patient@example.com');
    const client = await connect('/ws/test', { cookie: cookieOf(c) });
    client.ws.send(JSON.stringify({ type: 'echo', text: 'hello' }));
    expect(await client.next()).toEqual({ type: 'echo', text: 'hello' });
    client.ws.send(JSON.stringify({ type: 'whoami' }));
    expect(await client.next()).toEqual({ type: 'you', name: 'Pat Patient' });
  });

  it('handles each message as the service’s tenant, under row-level security', async () => {
    const c = await signedIn('rt-patient@example.com');
    const client = await connect('/ws/test', { cookie: cookieOf(c) });
    client.ws.send(JSON.stringify({ type: 'tenant' }));
    expect(await client.next()).toEqual({
      type: 'tenant',
      who: 'rapport_app',
      service: t.service.id,
    });
  });

  it('answers invalid JSON, unknown types, bad fields and failing handlers with error frames', async () => {
    const c = await signedIn('rt-patient@example.com');
    const client = await connect('/ws/test', { cookie: cookieOf(c) });
    client.ws.send('{not json');
    expect(await client.next()).toMatchObject({ type: 'error', code: 'invalid_json' });
    client.ws.send(JSON.stringify({ type: 'delete_everything' }));
    expect(await client.next()).toMatchObject({ type: 'error', code: 'invalid_message' });
    client.ws.send(JSON.stringify({ type: 'echo', text: 42 }));
    const bad = (await client.next()) as unknown as ErrorFrame;
    expect(bad.code).toBe('invalid_message');
    expect(bad.message).toContain('text');
    client.ws.send(JSON.stringify({ type: 'fail' }));
    const failed = (await client.next()) as unknown as ErrorFrame;
    expect(failed.code).toBe('internal');
    expect(failed.message).not.toContain('on purpose');
    // The connection survives all of these.
    client.ws.send(JSON.stringify({ type: 'echo', text: 'still here' }));
    expect(await client.next()).toEqual({ type: 'echo', text: 'still here' });
  });

  it('sends nothing a handler sent when its transaction rolls back', async () => {
    const c = await signedIn('rt-patient@example.com');
    const client = await connect('/ws/test', { cookie: cookieOf(c) });
    client.ws.send(JSON.stringify({ type: 'send_then_fail' }));
    expect(await client.next()).toMatchObject({ type: 'error', code: 'internal' });
    client.ws.send(JSON.stringify({ type: 'echo', text: 'after' }));
    expect(await client.next()).toEqual({ type: 'echo', text: 'after' });
  });

  it('sends a handler’s messages only once its transaction has committed', async () => {
    const c = await signedIn('rt-patient@example.com');
    const client = await connect('/ws/test', { cookie: cookieOf(c) });
    for (let i = 0; i < 3; i++) {
      const recordId = crypto.randomUUID();
      client.ws.send(JSON.stringify({ type: 'audit_then_send', recordId }));
      expect(await client.next()).toEqual({ type: 'audited', recordId });
      // Read at once, through another connection: the row is already there.
      const rows = await t.database.root
        .select({ id: auditEvents.recordId })
        .from(auditEvents)
        .where(and(eq(auditEvents.serviceId, t.service.id), eq(auditEvents.recordId, recordId)));
      expect(rows).toHaveLength(1);
    }
  });

  it('closes a socket that sends an oversized message (1009)', async () => {
    const c = await signedIn('rt-patient@example.com');
    const client = await connect('/ws/test', { cookie: cookieOf(c) });
    client.ws.send(JSON.stringify({ type: 'echo', text: 'x'.repeat(2000) }));
    expect((await client.closed).code).toBe(1009);
  });

  it('refuses messages over the rate with an error frame', async () => {
    const c = await signedIn('rt-patient@example.com');
    const client = await connect('/ws/test', { cookie: cookieOf(c) });
    for (let i = 0; i < 6; i++) client.ws.send(JSON.stringify({ type: 'echo', text: `m${i}` }));
    const received = [];
    for (let i = 0; i < 6; i++) received.push(await client.next());
    expect(received.filter((m) => m.type === 'echo')).toHaveLength(5);
    expect(received.filter((m) => m.code === 'rate_limited')).toHaveLength(1);
  });

  it('closes a socket that keeps sending over the rate (1008)', async () => {
    const c = await signedIn('rt-patient@example.com');
    const client = await connect('/ws/test', { cookie: cookieOf(c) });
    for (let i = 0; i < 20; i++) client.ws.send(JSON.stringify({ type: 'echo', text: `m${i}` }));
    const closed = await client.closed;
    expect(closed.code).toBe(1008);
    expect(closed.reason).toContain('rate');
  });
});

describe('keeping sockets honest', () => {
  it('terminates a client that stops answering pings', async () => {
    const c = await signedIn('rt-patient@example.com');
    const alive = await connect('/ws/test', { cookie: cookieOf(c) });
    const dead = await connect('/ws/test', { cookie: cookieOf(c), autoPong: false });
    // Terminated without a close frame: the client sees an abnormal closure.
    expect((await dead.closed).code).toBe(1006);
    // A client that answers is still served after the same heartbeats.
    alive.ws.send(JSON.stringify({ type: 'echo', text: 'alive' }));
    expect(await alive.next()).toEqual({ type: 'echo', text: 'alive' });
  });

  it('closes every socket of a session when the person signs out', async () => {
    const c = await signedIn('rt-patient@example.com');
    const other = await signedIn('rt-patient@example.com');
    const first = await connect('/ws/test', { cookie: cookieOf(c) });
    const second = await connect('/ws/test', { cookie: cookieOf(c) });
    const otherSession = await connect('/ws/test', { cookie: cookieOf(other) });
    await c.get('/sign-out');
    expect((await c.post('/sign-out', {})).statusCode).toBe(303);
    const [a, b] = await Promise.all([first.closed, second.closed]);
    expect(a).toEqual({ code: CLOSE_SESSION_ENDED, reason: 'signed out' });
    expect(b.code).toBe(CLOSE_SESSION_ENDED);
    // The same person's other session is untouched.
    otherSession.ws.send(JSON.stringify({ type: 'echo', text: 'other' }));
    expect(await otherSession.next()).toEqual({ type: 'echo', text: 'other' });
    // And the signed-out cookie no longer opens a socket.
    await expect(connect('/ws/test', { cookie: cookieOf(c) })).rejects.toThrow('refused 401');
  });

  it('closes the socket when its session expires on the clock', async () => {
    const c = await signedIn('rt-therapist@example.com');
    const client = await connect('/ws/test', { cookie: cookieOf(c) });
    client.ws.send(JSON.stringify({ type: 'echo', text: 'before' }));
    expect(await client.next()).toEqual({ type: 'echo', text: 'before' });
    // Staff sessions end after 15 idle minutes.
    t.clock.advanceMinutes(16);
    expect(await client.closed).toEqual({ code: CLOSE_SESSION_ENDED, reason: 'session ended' });
  });
});
