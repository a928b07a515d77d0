import { formatTime, utcToLondon } from '../../domain/calendar';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { and, eq, like } from 'drizzle-orm';
import { auditEvents, videoRoomEvents, videoRoomMembers } from '../../db/schema';
import { sessionCookieName } from '../../platform/session';
import { TestClient } from '../../../tests/support/client';
import { createTestApp, TEST_PASSWORD, type TestApp } from '../../../tests/support/test-app';
import { bookVideo, seedVideoWorld, type VideoWorld } from '../../../tests/fixtures/video-world';

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
  /** Every message received so far, taken or not. */
  all: Record<string, unknown>[];
  /** Resolves with the close code once the server closes the socket. */
  closed: Promise<number>;
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
  const all: Record<string, unknown>[] = [];
  let wake: (() => void) | null = null;
  ws.on('message', (data) => {
    const m = JSON.parse((data as Buffer).toString()) as Record<string, unknown>;
    queue.push(m);
    all.push(m);
    wake?.();
  });
  const closed = new Promise<number>((resolve) => ws.once('close', resolve));
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => {
      resolve();
    });
    ws.once('error', reject);
  });
  return {
    ws,
    all,
    closed,
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

    // Jo is not in the call: the supervisor is held for her, never in with the patient alone.
    priya.send({ type: 'join', appointmentId: w.appointmentId });
    expect(await priya.next('waiting')).toMatchObject({ self: { role: 'supervisor' } });
    await taylor.post(`/appointments/${w.appointmentId}/video/consent`, {
      supervisorMayJoin: 'no',
    });
    expect(await priya.next('removed')).toMatchObject({ reason: 'consent_withdrawn' });
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

describe('who may be in the room (H21)', () => {
  // Each test has its own appointment on its own morning (Jo cannot have two at once).
  const fresh = (day: string) => {
    t.clock.set(`${day}T10:00:00Z`);
    return bookVideo(
      t,
      {
        patientId: w.taylor.patientId,
        therapistId: w.joId,
        bookedBy: w.joId,
        courseId: w.courseId,
      },
      new Date(t.clock.now().getTime() + 5 * 60_000),
    );
  };
  afterEach(() => {
    t.clock.set('2026-11-25T10:00:00Z');
  });
  const idOf = (m: Record<string, unknown>) => (m.self as { id: string }).id;
  const consent = async (answer: 'yes' | 'no') => {
    const taylor = await signedIn('taylor@example.com');
    await taylor.get(`/appointments/${w.appointmentId}/video`);
    const saved = await taylor.post(`/appointments/${w.appointmentId}/video/consent`, {
      supervisorMayJoin: answer,
    });
    expect(saved.statusCode).toBe(303);
  };

  it('keeps a supervisor out of the call unless the therapist is in it; only the therapist admits; a supervisor never sees who waits, and leaves at once when consent is withdrawn', async () => {
    const id = await fresh('2026-11-26');
    await consent('yes');
    // The supervisor comes first: held for the therapist, not put in with anyone.
    const priya = await socketFor('priya@example.nhs.uk');
    priya.send({ type: 'join', appointmentId: id });
    const priyaId = idOf(await priya.next('waiting'));
    const taylor = await socketFor('taylor@example.com');
    taylor.send({ type: 'join', appointmentId: id });
    const taylorId = idOf(await taylor.next('waiting'));
    // Held, the supervisor cannot let the patient in.
    priya.send({ type: 'admit', participantId: taylorId });
    expect(await priya.next('error')).toMatchObject({ code: 'invalid_message' });
    // Jo's home page lists the waiting patient, never the supervisor held for her.
    const home = (await (await signedIn('jo@example.nhs.uk')).get('/home')).body;
    expect(home).toContain('Taylor, waiting since');
    expect(home).not.toContain('Dr Priya Shah, waiting');

    const jo = await socketFor('jo@example.nhs.uk');
    jo.send({ type: 'join', appointmentId: id });
    const joId = idOf(await jo.next('joined'));
    expect(await jo.next('peer_joined')).toMatchObject({ peer: { id: priyaId } });
    expect((await priya.next('joined')).peers).toEqual([
      { id: joId, name: 'Jo Evans', role: 'therapist' },
    ]);
    const list = await jo.next('waiting_list');
    expect((list.waiting as { id: string }[]).map((x) => x.id)).toEqual([taylorId]);
    // In the call, the supervisor still may not let the patient in, nor end the call.
    priya.send({ type: 'admit', participantId: taylorId });
    expect(await priya.next('error')).toMatchObject({ code: 'invalid_message' });
    priya.send({ type: 'end' });
    expect(await priya.next('error')).toMatchObject({ code: 'invalid_message' });

    jo.send({ type: 'admit', participantId: taylorId });
    expect(((await taylor.next('joined')).peers as { id: string }[]).map((p) => p.id)).toEqual(
      expect.arrayContaining([joId, priyaId]),
    );

    // Jo leaves: the supervisor is held again, out of the call with the patient.
    jo.send({ type: 'leave' });
    expect(await priya.next('waiting')).toMatchObject({ self: { id: priyaId } });
    const left = [await taylor.next('peer_left'), await taylor.next('peer_left')].map((m) => m.id);
    expect(left).toEqual(expect.arrayContaining([joId, priyaId]));
    priya.send({ type: 'media', audio: false, video: false });
    expect(await priya.next('error')).toMatchObject({ code: 'invalid_message' });

    // Back, Jo brings the supervisor in again.
    const jo2 = await socketFor('jo@example.nhs.uk');
    jo2.send({ type: 'join', appointmentId: id });
    const jo2Id = idOf(await jo2.next('joined'));
    await priya.next('joined');
    expect(await taylor.next('peer_joined')).toMatchObject({ peer: { id: jo2Id } });
    expect(await taylor.next('peer_joined')).toMatchObject({ peer: { id: priyaId } });

    // The patient withdraws consent without leaving: the supervisor is out at once.
    await consent('no');
    expect(await priya.next('removed')).toMatchObject({
      reason: 'consent_withdrawn',
      message: expect.stringContaining('asked for the supervisor not to join') as string,
    });
    expect(await priya.closed).toBe(4001);
    expect(await taylor.next('peer_left')).toEqual({ type: 'peer_left', id: priyaId });
    expect(await jo2.next('peer_left')).toEqual({ type: 'peer_left', id: priyaId });
    const back = await socketFor('priya@example.nhs.uk');
    back.send({ type: 'join', appointmentId: id });
    expect(await back.next('refused')).toEqual({ type: 'refused', reason: 'not_found' });
    // The supervisor was never told who was waiting.
    expect(priya.all.filter((m) => m.type === 'waiting_list')).toEqual([]);
    const removedAudit = await t.database.root
      .select({ reason: auditEvents.reason })
      .from(auditEvents)
      .where(and(eq(auditEvents.recordId, id), eq(auditEvents.action, 'video.leave')));
    expect(removedAudit.map((r) => r.reason)).toContain(
      'patient withdrew consent for the supervisor',
    );
  });

  it('replaces a patient’s earlier window with a new one, keeping their admission', async () => {
    const id = await fresh('2026-11-27');
    const jo = await socketFor('jo@example.nhs.uk');
    jo.send({ type: 'join', appointmentId: id });
    await jo.next('joined');
    const first = await socketFor('taylor@example.com');
    first.send({ type: 'join', appointmentId: id });
    const firstId = idOf(await first.next('waiting'));
    jo.send({ type: 'admit', participantId: firstId });
    await first.next('joined');
    expect(await jo.next('peer_joined')).toMatchObject({ peer: { id: firstId } });

    const second = await socketFor('taylor@example.com');
    second.send({ type: 'join', appointmentId: id });
    const secondId = idOf(await second.next('joined'));
    expect(await first.next('removed')).toMatchObject({
      reason: 'replaced',
      message: expect.stringContaining('another window') as string,
    });
    expect(await first.closed).toBe(4001);
    expect(await jo.next('peer_left')).toEqual({ type: 'peer_left', id: firstId });
    expect(await jo.next('peer_joined')).toMatchObject({
      peer: { id: secondId, name: 'Taylor', role: 'patient' },
    });
    const rows = await t.database.db
      .select({ id: videoRoomMembers.id })
      .from(videoRoomMembers)
      .where(
        and(eq(videoRoomMembers.appointmentId, id), eq(videoRoomMembers.userId, w.taylor.userId)),
      );
    expect(rows).toEqual([{ id: secondId }]);
  });

  it('ends the call for everyone when the appointment is cancelled', async () => {
    const id = await fresh('2026-11-30');
    const jo = await socketFor('jo@example.nhs.uk');
    jo.send({ type: 'join', appointmentId: id });
    await jo.next('joined');
    const taylor = await socketFor('taylor@example.com');
    taylor.send({ type: 'join', appointmentId: id });
    await taylor.next('waiting');
    const staff = await signedIn('jo@example.nhs.uk');
    await staff.get(`/diary/appointments/${id}`);
    const cancelled = await staff.post(`/diary/appointments/${id}/cancel`, {
      cancelledBy: 'service',
      reason: 'Therapist unwell',
    });
    expect(cancelled.statusCode).toBe(303);
    for (const s of [jo, taylor]) {
      expect(await s.next('removed')).toEqual({
        type: 'removed',
        reason: 'cancelled',
        message: 'This appointment has been cancelled, so the video call has ended.',
      });
      expect(await s.closed).toBe(4001);
    }
    const rows = await t.database.db
      .select({ id: videoRoomMembers.id })
      .from(videoRoomMembers)
      .where(eq(videoRoomMembers.appointmentId, id));
    expect(rows).toEqual([]);
  });

  it('ends the call when the appointment is moved to another day, and not for a small change', async () => {
    const id = await fresh('2026-12-01');
    const jo = await socketFor('jo@example.nhs.uk');
    jo.send({ type: 'join', appointmentId: id });
    await jo.next('joined');
    const staff = await signedIn('jo@example.nhs.uk');
    await staff.get(`/diary/appointments/${id}/rearrange`);
    // Five minutes later the same morning: the room is still open, and the call goes on.
    const nudged = await staff.post(`/diary/appointments/${id}/rearrange`, {
      'date-day': '1',
      'date-month': '12',
      'date-year': '2026',
      time: '10:10',
      duration: '50',
      mode: 'video',
    });
    expect(nudged.statusCode).toBe(303);
    const still = await t.database.db
      .select({ id: videoRoomMembers.id })
      .from(videoRoomMembers)
      .where(eq(videoRoomMembers.appointmentId, id));
    expect(still).toHaveLength(1);
    await staff.get(`/diary/appointments/${id}/rearrange`);
    const moved = await staff.post(`/diary/appointments/${id}/rearrange`, {
      'date-day': '3',
      'date-month': '12',
      'date-year': '2026',
      time: '11:00',
      duration: '50',
      mode: 'video',
    });
    expect(moved.statusCode).toBe(303);
    expect(await jo.next('removed')).toMatchObject({ reason: 'moved' });
    expect(await jo.closed).toBe(4001);
    expect(jo.all.filter((m) => m.type === 'removed')).toHaveLength(1);
  });

  it('words the page for each person: a supervisor watches a call between others; staff without JavaScript rearrange by phone', async () => {
    await consent('yes');
    const priya = (
      await (await signedIn('priya@example.nhs.uk')).get(`/appointments/${w.appointmentId}/video`)
    ).body;
    expect(priya).toContain('Video appointment between Jo Evans and Taylor');
    expect(priya).toContain('The call goes straight between the people in it');
    expect(priya).not.toContain('you and your patient');
    expect(priya).toContain('Waiting for Jo Evans to start the call');
    expect(priya).toContain('let Jo Evans know');
    // When the call ends: attendance is the therapist's to record, not the supervisor's.
    expect(priya).toContain('The therapist records how the session went.');
    expect(priya).not.toContain('You can record attendance');
    const jo = (
      await (await signedIn('jo@example.nhs.uk')).get(`/appointments/${w.appointmentId}/video`)
    ).body;
    expect(jo).toContain('you and your patient');
    // Staff are never sent to the service's own phone line (advice for patients).
    expect(jo).not.toMatch(/If you cannot, (call|contact)/);
    expect(jo).toContain('to rearrange the appointment. Therapy sessions are not held by phone.');
    const taylor = (
      await (await signedIn('taylor@example.com')).get(`/appointments/${w.appointmentId}/video`)
    ).body;
    expect(taylor).toMatch(/If you cannot, (call|contact) NHS Talking Therapies/);
    expect(taylor).not.toContain('Therapy sessions are not held by phone');
  });
});
