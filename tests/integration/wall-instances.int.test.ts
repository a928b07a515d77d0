/**
 * The Wall on two app instances sharing one PostgreSQL (issue 14): a message posted through one
 * reaches the sockets of the other (LISTEN/NOTIFY), and a hidden message vanishes on both.
 */
import { secondInstance, type SecondInstance } from '../support/second-instance';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import WebSocket from 'ws';
import { communityMembers } from '../../src/db/schema';
import { sessionCookieName } from '../../src/platform/session';
import { TestClient } from '../support/client';
import { createTestApp, createUser, TEST_PASSWORD, type TestApp } from '../support/test-app';

const pgUrl = inject('postgresUrl');

describe.runIf(pgUrl)('the Wall across two app instances', () => {
  let a: TestApp;
  let b: SecondInstance;
  const bases: string[] = [];
  const sockets: WebSocket[] = [];

  beforeAll(async () => {
    a = await createTestApp({ now: '2026-12-01T14:00:00Z' });
    b = await secondInstance(a, pgUrl);
    for (const app of [a.app, b.app]) {
      await app.listen({ port: 0, host: '127.0.0.1' });
      const address = app.server.address();
      if (!address || typeof address === 'string') throw new Error('no port');
      bases.push(`ws://127.0.0.1:${address.port}`);
    }
  }, 120_000);

  afterAll(async () => {
    for (const ws of sockets) ws.terminate();
    await b.close();
    await a.close();
  });

  async function member(email: string, pseudonym: string, moderator = false) {
    const user = await createUser(
      a,
      email,
      [moderator ? 'moderator' : 'community_member'],
      pseudonym,
    );
    await a.database.db.insert(communityMembers).values({
      serviceId: a.service.id,
      userId: user.id,
      pseudonym,
      pseudonymKey: pseudonym.toLowerCase(),
      avatar: 'circle-blue',
      kind: moderator ? 'moderator' : 'former_patient',
      badge: moderator ? 'clinician' : 'former_patient',
      onDuty: moderator,
      rulesAcceptedAt: a.clock.now(),
      joinedAt: a.clock.now(),
    });
    const client = new TestClient(a.app);
    expect((await client.signIn(email, TEST_PASSWORD)).statusCode).toBe(303);
    return client;
  }

  async function live(client: TestClient, base: string) {
    const cookie = `${sessionCookieName(a.ctx.cookieSettings)}=${client.cookies.get(sessionCookieName(a.ctx.cookieSettings)) ?? ''}`;
    const ws = new WebSocket(`${base}/community/wall/live`, {
      headers: { cookie },
      origin: 'http://localhost:3000',
    });
    sockets.push(ws);
    const bodies = new Map<string, string | null>();
    const listeners: (() => void)[] = [];
    let caughtUp = false;
    ws.on('message', (data) => {
      const m = JSON.parse((data as Buffer).toString()) as {
        type: string;
        message?: { id: string; body: string | null };
      };
      if (m.type === 'caught_up') caughtUp = true;
      if (m.type === 'change' && m.message) bodies.set(m.message.id, m.message.body);
      for (const l of listeners.splice(0)) l();
    });
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => {
        resolve();
      });
      ws.once('unexpected-response', (_q, res) => {
        reject(new Error(`refused ${String(res.statusCode)}`));
      });
    });
    ws.send(JSON.stringify({ type: 'hello', since: 0 }));
    const until = async (check: () => boolean) => {
      while (!check()) await new Promise<void>((r) => listeners.push(r));
    };
    await until(() => caughtUp);
    return { ws, bodies, until };
  }

  it('delivers a post made on one instance to sockets on both, and hides it on both', async () => {
    const one = await member('two-a@example.com', 'Gannet');
    const two = await member('two-b@example.com', 'Puffin');
    const mod = await member('two-mod@example.com', 'Osprey', true);
    const onA = await live(one, bases[0] ?? '');
    const onB = await live(two, bases[1] ?? '');
    onA.ws.send(
      JSON.stringify({ type: 'post', key: 'two-key-0001', body: 'Hello from instance A' }),
    );
    await onB.until(() => [...onB.bodies.values()].includes('Hello from instance A'));
    const id = [...onB.bodies].find(([, body]) => body === 'Hello from instance A')?.[0] ?? '';

    // Hidden through the other instance's pages: both sockets see it go.
    const modOnB = new TestClient(b.app);
    modOnB.cookies = mod.cookies;
    await modOnB.get(`/community/wall/messages/${id}/hide`);
    const hide = await modOnB.post(`/community/wall/messages/${id}/hide`, { reason: 'Test' });
    expect(hide.statusCode).toBe(303);
    await onA.until(() => onA.bodies.get(id) === null);
    await onB.until(() => onB.bodies.get(id) === null);
  });
});
