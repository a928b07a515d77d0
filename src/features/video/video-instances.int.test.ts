import { formatTime, utcToLondon } from '../../domain/calendar';
/**
 * A video call across two app instances sharing one PostgreSQL (issue 12, ADR 0019): the patient's
 * socket reaches instance A, the therapist's instance B, with no sticky routing. The waiting room,
 * admission, signalling and leaving all cross between them (rows + LISTEN/NOTIFY).
 */
import { secondInstance, type SecondInstance } from '../../../tests/support/second-instance';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import WebSocket from 'ws';
import { and, eq } from 'drizzle-orm';
import { auditEvents } from '../../db/schema';
import { sessionCookieName } from '../../platform/session';
import { TestClient } from '../../../tests/support/client';
import { createTestApp, TEST_PASSWORD, type TestApp } from '../../../tests/support/test-app';
import { seedVideoWorld, type VideoWorld } from '../../../tests/fixtures/video-world';

const pgUrl = inject('postgresUrl');

describe.runIf(pgUrl)('a video call across two app instances', () => {
  let a: TestApp;
  let b: SecondInstance;
  let w: VideoWorld;
  const bases: string[] = [];
  const sockets: WebSocket[] = [];

  beforeAll(async () => {
    a = await createTestApp();
    w = await seedVideoWorld(a);
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

  async function signedIn(email: string) {
    const c = new TestClient(a.app);
    expect((await c.signIn(email, TEST_PASSWORD)).statusCode).toBe(303);
    return c;
  }

  async function socketFor(email: string, base: string) {
    const c = await signedIn(email);
    const name = sessionCookieName(a.ctx.cookieSettings);
    const ws = new WebSocket(`${base}/ws/video`, {
      headers: { cookie: `${name}=${c.cookies.get(name) ?? ''}` },
      origin: 'http://localhost:3000',
    });
    sockets.push(ws);
    const queue: Record<string, unknown>[] = [];
    let wake: (() => void) | null = null;
    ws.on('message', (data) => {
      queue.push(JSON.parse((data as Buffer).toString()) as Record<string, unknown>);
      wake?.();
    });
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => {
        resolve();
      });
      ws.once('error', reject);
    });
    return {
      ws,
      send: (m: object) => {
        ws.send(JSON.stringify(m));
      },
      /** The next message of this type that matches (others before it are skipped). */
      next: async (type: string, match: (m: Record<string, unknown>) => boolean = () => true) => {
        for (;;) {
          const i = queue.findIndex((m) => m.type === type && match(m));
          if (i >= 0) return queue.splice(i, 1)[0]!;
          await new Promise<void>((r) => (wake = r));
        }
      },
    };
  }

  it('holds the patient on A until the therapist on B lets them in, then relays between them', async () => {
    const jo = await socketFor('jo@example.nhs.uk', bases[1]!);
    jo.send({ type: 'join', appointmentId: w.appointmentId });
    const joId = ((await jo.next('joined')).self as { id: string }).id;

    const taylor = await socketFor('taylor@example.com', bases[0]!);
    taylor.send({ type: 'join', appointmentId: w.appointmentId });
    const taylorId = ((await taylor.next('waiting')).self as { id: string }).id;
    // The therapist on B hears of the patient waiting on A.
    const list = await jo.next('waiting_list', (m) => (m.waiting as unknown[]).length > 0);
    expect(list.waiting).toEqual([
      {
        id: taylorId,
        name: 'Taylor',
        since: a.clock.now().toISOString(),
        sinceText: formatTime(utcToLondon(a.clock.now()).time),
      },
    ]);
    // Either instance's diary shows who is waiting.
    for (const app of [a.app, b.app]) {
      const pages = await signedIn('jo@example.nhs.uk');
      const onApp = new TestClient(app);
      onApp.cookies = pages.cookies;
      expect((await onApp.get('/diary')).body).toContain(
        `href="/appointments/${w.appointmentId}/video">Taylor, waiting since 10am`,
      );
    }

    jo.send({ type: 'admit', participantId: taylorId });
    const joined = await taylor.next('joined');
    expect(joined.peers).toEqual([{ id: joId, name: 'Jo Evans', role: 'therapist' }]);
    // Told they are in, the admission is on record already.
    const admits = await a.database.root
      .select({ action: auditEvents.action })
      .from(auditEvents)
      .where(and(eq(auditEvents.recordId, w.appointmentId), eq(auditEvents.action, 'video.admit')));
    expect(admits).toHaveLength(1);
    expect(await jo.next('peer_joined')).toEqual({
      type: 'peer_joined',
      peer: { id: taylorId, name: 'Taylor', role: 'patient' },
    });

    // Signalling crosses both ways, in order.
    taylor.send({ type: 'signal', to: joId, description: { type: 'offer', sdp: 'v=0 offer' } });
    taylor.send({ type: 'signal', to: joId, candidate: { candidate: 'candidate:1', sdpMid: '0' } });
    expect(await jo.next('signal')).toEqual({
      type: 'signal',
      from: taylorId,
      description: { type: 'offer', sdp: 'v=0 offer' },
    });
    expect(await jo.next('signal')).toEqual({
      type: 'signal',
      from: taylorId,
      candidate: { candidate: 'candidate:1', sdpMid: '0' },
    });
    jo.send({ type: 'signal', to: taylorId, description: { type: 'answer', sdp: 'v=0 answer' } });
    expect(await taylor.next('signal')).toMatchObject({
      from: joId,
      description: { type: 'answer' },
    });
    jo.send({ type: 'media', audio: false, video: true });
    expect(await taylor.next('peer_media')).toEqual({
      type: 'peer_media',
      id: joId,
      audio: false,
      video: true,
    });
    taylor.send({ type: 'link', to: joId, state: 'reconnecting' });
    expect(await jo.next('peer_link')).toEqual({
      type: 'peer_link',
      id: taylorId,
      state: 'reconnecting',
    });

    // A dropped patient socket on A: the therapist on B sees them go, and back they go straight in.
    taylor.ws.terminate();
    expect(await jo.next('peer_left')).toEqual({ type: 'peer_left', id: taylorId });
    const back = await socketFor('taylor@example.com', bases[0]!);
    back.send({ type: 'join', appointmentId: w.appointmentId });
    expect((await back.next('joined')).peers).toEqual([
      { id: joId, name: 'Jo Evans', role: 'therapist' },
    ]);

    jo.send({ type: 'end' });
    expect(await back.next('ended')).toEqual({ type: 'ended', by: 'therapist' });
    expect(await jo.next('ended')).toEqual({ type: 'ended', by: 'therapist' });
  });
});
