import { formatTime, utcToLondon } from '../../domain/calendar';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { and, eq, like } from 'drizzle-orm';
import { auditEvents, videoRoomEvents } from '../../db/schema';
import { sessionCookieName } from '../../platform/session';
import { TestClient } from '../../../tests/support/client';
import { createTestApp, TEST_PASSWORD, type TestApp } from '../../../tests/support/test-app';
import { seedVideoWorld, type VideoWorld } from '../../../tests/fixtures/video-world';

const ORIGIN = 'http://localhost:3000';
let t: TestApp;
let w: VideoWorld;
let base: string;

beforeAll(async () => {
  t = await createTestApp({
    env: {
      VIDEO_STUN_URLS: 'stun:stun.example.nhs.uk:3478',
      VIDEO_TURN_URLS: 'turn:turn.example.nhs.uk:3478',
      VIDEO_TURN_SECRET: 'a-long-shared-turn-secret',
    },
  });
  w = await seedVideoWorld(t);
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const address = t.app.server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  base = `ws://127.0.0.1:${address.port}`;
});
afterAll(async () => t.close());

const open: WebSocket[] = [];
afterEach(() => {
  for (const ws of open.splice(0)) ws.terminate();
});

async function signedIn(email: string) {
  const c = new TestClient(t.app);
  expect((await c.signIn(email, TEST_PASSWORD)).statusCode).toBe(303);
  return c;
}

interface Socket {
  send(m: object): void;
  /** The next message of this type (others before it are skipped). */
  next(type: string): Promise<Record<string, unknown>>;
  ws: WebSocket;
}

async function socketFor(email: string): Promise<Socket> {
  const c = await signedIn(email);
  const name = sessionCookieName(t.ctx.cookieSettings);
  const ws = new WebSocket(`${base}/ws/video`, {
    headers: { cookie: `${name}=${c.cookies.get(name) ?? ''}` },
    origin: ORIGIN,
  });
  open.push(ws);
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
    send: (m) => {
      ws.send(JSON.stringify(m));
    },
    next: async (type) => {
      for (;;) {
        const i = queue.findIndex((m) => m.type === type);
        if (i >= 0) return queue.splice(i, 1)[0]!;
        await new Promise<void>((r) => (wake = r));
      }
    },
  };
}

describe('the video page', () => {
  it('shows the patient and the therapist the room, and everyone else 404', async () => {
    const taylor = await signedIn('taylor@example.com');
    const page = await taylor.get(`/appointments/${w.appointmentId}/video`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Video calls need JavaScript');
    expect(page.body).toContain('not recorded');
    expect(page.body).toContain('The video room is open now.');
    expect(page.body).toMatch(/src="\/static\/client\/video\.js\?v=[0-9a-f]{12}"/);
    const later = await taylor.get(`/appointments/${w.laterId}/video`);
    expect(later.body).toContain('The video room opens at 9:45am on Wednesday 2 December');
    const jo = await (
      await signedIn('jo@example.nhs.uk')
    ).get(`/appointments/${w.appointmentId}/video`);
    expect(jo.statusCode).toBe(200);
    // The therapist has the patient's number to hand if the call drops; the patient's page not.
    expect(jo.body).toContain('href="tel:+447700900001"');
    expect(page.body).not.toContain('tel:+447700900001');
    for (const email of [
      'robin@example.com',
      'sam@example.nhs.uk',
      'manager@example.nhs.uk',
      'priya@example.nhs.uk',
    ])
      expect(
        (await (await signedIn(email)).get(`/appointments/${w.appointmentId}/video`)).statusCode,
        email,
      ).toBe(404);
  });

  it('serves the bundled browser code', async () => {
    const res = await t.app.inject({ url: '/static/client/video.js' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('javascript');
    expect(res.body).toContain('RTCPeerConnection');
  });
});

describe('the signalling channel', () => {
  it('gives time-limited TURN credentials to those who may join, and refuses strangers', async () => {
    const taylor = await socketFor('taylor@example.com');
    taylor.send({ type: 'check', appointmentId: w.appointmentId });
    const checked = await taylor.next('checked');
    const servers = checked.iceServers as { urls: string[]; username?: string }[];
    expect(servers[0]).toEqual({ urls: ['stun:stun.example.nhs.uk:3478'] });
    expect(servers[1]!.username).toMatch(new RegExp(`^\\d+:${w.taylor.userId}$`));
    const robin = await socketFor('robin@example.com');
    robin.send({ type: 'check', appointmentId: w.appointmentId });
    expect(await robin.next('refused')).toEqual({ type: 'refused', reason: 'not_found' });
    robin.send({ type: 'join', appointmentId: w.appointmentId });
    expect(await robin.next('refused')).toEqual({ type: 'refused', reason: 'not_found' });
    taylor.send({ type: 'join', appointmentId: w.laterId });
    expect(await taylor.next('refused')).toMatchObject({ reason: 'not_open_yet' });
  });

  it('holds the patient in the waiting room until the therapist lets them in, then relays signals', async () => {
    const jo = await socketFor('jo@example.nhs.uk');
    jo.send({ type: 'join', appointmentId: w.appointmentId });
    const joJoined = await jo.next('joined');
    expect(joJoined.peers).toEqual([]);
    // The list sent as Jo came in is empty; waited for before Taylor joins, so it cannot name her.
    expect((await jo.next('waiting_list')).waiting).toEqual([]);

    const taylor = await socketFor('taylor@example.com');
    taylor.send({ type: 'join', appointmentId: w.appointmentId });
    const waiting = await taylor.next('waiting');
    const taylorId = (waiting.self as { id: string }).id;
    const list = await jo.next('waiting_list');
    expect(list.waiting).toEqual([
      {
        id: taylorId,
        name: 'Taylor',
        since: t.clock.now().toISOString(),
        sinceText: formatTime(utcToLondon(t.clock.now()).time),
      },
    ]);
    // Written as the home page's waiting panel writes it ("3:30pm"), not "15:30".
    expect((list.waiting as { sinceText: string }[])[0]!.sinceText).toMatch(
      /^(\d{1,2}(:\d\d)?[ap]m|midday|midnight)$/,
    );
    // Jo sees who is waiting from the home page and the diary, linking to the call.
    const joPages = await signedIn('jo@example.nhs.uk');
    for (const path of ['/home', '/diary']) {
      const body = (await joPages.get(path)).body;
      expect(body, path).toContain('Waiting for you in a video appointment');
      expect(body, path).toContain(
        `href="/appointments/${w.appointmentId}/video">Taylor, waiting since 10am`,
      );
    }
    // While waiting the patient cannot signal anyone, nor let themselves in.
    const joId = (joJoined.self as { id: string }).id;
    taylor.send({ type: 'signal', to: joId, description: { type: 'offer', sdp: 'v=0' } });
    expect(await taylor.next('error')).toMatchObject({ code: 'invalid_message' });
    taylor.send({ type: 'admit', participantId: taylorId });
    expect(await taylor.next('error')).toMatchObject({ code: 'invalid_message' });

    jo.send({ type: 'admit', participantId: taylorId });
    const joined = await taylor.next('joined');
    // Told they are in, the patient's admission is already on record, read on another connection.
    const admits = await t.database.root
      .select({ action: auditEvents.action })
      .from(auditEvents)
      .where(and(eq(auditEvents.recordId, w.appointmentId), eq(auditEvents.action, 'video.admit')));
    expect(admits).toHaveLength(1);
    expect(joined.peers).toEqual([{ id: joId, name: 'Jo Evans', role: 'therapist' }]);
    expect(await jo.next('peer_joined')).toEqual({
      type: 'peer_joined',
      peer: { id: taylorId, name: 'Taylor', role: 'patient' },
    });
    taylor.send({ type: 'signal', to: joId, description: { type: 'offer', sdp: 'v=0' } });
    expect(await jo.next('signal')).toEqual({
      type: 'signal',
      from: taylorId,
      description: { type: 'offer', sdp: 'v=0' },
    });
    // Oversized session descriptions are refused by the schema.
    taylor.send({
      type: 'signal',
      to: joId,
      description: { type: 'offer', sdp: 'x'.repeat(13_000) },
    });
    expect(await taylor.next('error')).toMatchObject({ code: 'invalid_message' });

    // Only the therapist ends the call, for everyone.
    taylor.send({ type: 'end' });
    expect(await taylor.next('error')).toMatchObject({ code: 'invalid_message' });
    jo.send({ type: 'end' });
    expect(await taylor.next('ended')).toEqual({ type: 'ended', by: 'therapist' });
    expect(await jo.next('ended')).toEqual({ type: 'ended', by: 'therapist' });

    // Messages go out once the change that caused them has committed (non-negotiable 3): the
    // audit rows are already there when the messages arrive.
    const actions = (
      await t.database.root
        .select({ action: auditEvents.action, outcome: auditEvents.outcome })
        .from(auditEvents)
        .where(and(eq(auditEvents.recordId, w.appointmentId), like(auditEvents.action, 'video.%')))
    ).map((a) => `${a.action}:${a.outcome}`);
    expect(actions).toEqual(
      expect.arrayContaining([
        'video.join:success',
        'video.admit:success',
        'video.end:success',
        'video.join:denied',
      ]),
    );
    const events = await t.database.db
      .select({ event: videoRoomEvents.event })
      .from(videoRoomEvents)
      .where(eq(videoRoomEvents.appointmentId, w.appointmentId));
    expect(events.map((e) => e.event)).toEqual(
      expect.arrayContaining(['joined', 'waiting', 'admitted', 'ended']),
    );
  });

  it('lets the trainee’s supervisor in only after the patient consents', async () => {
    const priya = await socketFor('priya@example.nhs.uk');
    priya.send({ type: 'join', appointmentId: w.appointmentId });
    expect(await priya.next('refused')).toEqual({ type: 'refused', reason: 'not_found' });

    const taylor = await signedIn('taylor@example.com');
    const page = await taylor.get(`/appointments/${w.appointmentId}/video`);
    expect(page.body).toContain('May your therapist&#x27;s supervisor join');
    const saved = await taylor.post(`/appointments/${w.appointmentId}/video/consent`, {
      supervisorMayJoin: 'yes',
    });
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe(`/appointments/${w.appointmentId}/video?consent=yes`);
    // Nobody else can answer for the patient (staff cannot use the route at all).
    const jo = await signedIn('jo@example.nhs.uk');
    await jo.get(`/appointments/${w.appointmentId}/video`);
    expect(
      (await jo.post(`/appointments/${w.appointmentId}/video/consent`, { supervisorMayJoin: 'no' }))
        .statusCode,
    ).toBe(403);

    priya.send({ type: 'join', appointmentId: w.appointmentId });
    expect(await priya.next('joined')).toMatchObject({ self: { role: 'supervisor' } });
    await taylor.post(`/appointments/${w.appointmentId}/video/consent`, {
      supervisorMayJoin: 'no',
    });
    const again = await socketFor('priya@example.nhs.uk');
    again.send({ type: 'join', appointmentId: w.appointmentId });
    expect(await again.next('refused')).toEqual({ type: 'refused', reason: 'not_found' });
  });

  it('tells the others when someone’s connection closes', async () => {
    const jo = await socketFor('jo@example.nhs.uk');
    jo.send({ type: 'join', appointmentId: w.appointmentId });
    await jo.next('joined');
    const taylor = await socketFor('taylor@example.com');
    taylor.send({ type: 'join', appointmentId: w.appointmentId });
    const waiting = await taylor.next('waiting');
    jo.send({ type: 'admit', participantId: (waiting.self as { id: string }).id });
    await taylor.next('joined');
    taylor.ws.terminate();
    expect(await jo.next('peer_left')).toMatchObject({ id: (waiting.self as { id: string }).id });
    // Let in once: back after a drop, the patient goes straight into the call.
    const back = await socketFor('taylor@example.com');
    back.send({ type: 'join', appointmentId: w.appointmentId });
    expect((await back.next('joined')).peers).toHaveLength(1);
  });
});
