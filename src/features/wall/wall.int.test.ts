import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { and, eq } from 'drizzle-orm';
import {
  communityMembers,
  outboxMessages,
  riskAlerts,
  wallMessages,
  wallPresence,
  wallReports,
} from '../../db/schema';
import { membersHere, touchPresenceMany } from './wall.repository';
import { sessionCookieName } from '../../platform/session';
import { TestClient, textOf } from '../../../tests/support/client';
import { insertCourse, insertPatient } from '../../../tests/support/fixtures';
import {
  createTestApp,
  createUser,
  TEST_PASSWORD,
  type TestApp,
} from '../../../tests/support/test-app';

// Tuesday 1 December 2026, 2pm in London: the Wall is open.
const OPEN = '2026-12-01T14:00:00Z';

let t: TestApp;
let base: string;

async function member(
  email: string,
  pseudonym: string,
  options: { moderator?: boolean; patientId?: string } = {},
) {
  const user = await createUser(
    t,
    email,
    options.moderator ? ['moderator'] : ['community_member'],
    `Real ${pseudonym}`,
  );
  const [row] = await t.database.db
    .insert(communityMembers)
    .values({
      serviceId: t.service.id,
      userId: user.id,
      pseudonym,
      pseudonymKey: pseudonym.toLowerCase(),
      avatar: 'circle-blue',
      kind: options.moderator ? 'moderator' : 'former_patient',
      badge: options.moderator ? 'clinician' : 'former_patient',
      patientId: options.patientId ?? null,
      onDuty: options.moderator ?? false,
      rulesAcceptedAt: t.clock.now(),
      joinedAt: t.clock.now(),
    })
    .returning();
  const client = new TestClient(t.app);
  expect((await client.signIn(email, TEST_PASSWORD)).statusCode).toBe(303);
  return { user, member: row!, client };
}

const cookieOf = (c: TestClient) => {
  const name = sessionCookieName(t.ctx.cookieSettings);
  return `${name}=${c.cookies.get(name) ?? ''}`;
};

const sockets: WebSocket[] = [];
afterEach(() => {
  for (const ws of sockets.splice(0)) ws.terminate();
});

/** A live Wall socket that collects every message it is sent. */
async function live(c: TestClient, since: number) {
  const ws = new WebSocket(`${base}/community/wall/live`, {
    headers: { cookie: cookieOf(c) },
    origin: 'http://localhost:3000',
  });
  sockets.push(ws);
  const received: Record<string, unknown>[] = [];
  const listeners: (() => void)[] = [];
  ws.on('message', (data) => {
    received.push(JSON.parse((data as Buffer).toString()) as Record<string, unknown>);
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
  ws.send(JSON.stringify({ type: 'hello', since }));
  /** Waits until `check` holds for what was received (the test's own timeout bounds it). */
  const until = async (check: (r: Record<string, unknown>[]) => boolean) => {
    while (!check(received)) await new Promise<void>((r) => listeners.push(r));
  };
  await until((r) => r.some((m) => m.type === 'caught_up'));
  const changes = () =>
    received
      .filter((m) => m.type === 'change')
      .map(
        (m) => m.message as { id: string; body: string | null; hidden: boolean; changeSeq: number },
      );
  return { ws, received, until, changes };
}

beforeAll(async () => {
  t = await createTestApp({ now: OPEN });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const address = t.app.server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  base = `ws://127.0.0.1:${address.port}`;
});
afterAll(() => t.close());

describe('the Wall', () => {
  it('shows a member the Wall with who is here, and is not there for anyone else', async () => {
    const { client } = await member('wall-a@example.com', 'Skylark');
    const page = await client.get('/community/wall');
    expect(page.statusCode).toBe(200);
    expect(textOf(page.body)).toContain('The Wall is not a crisis service');
    expect(page.body).toContain('name="body"');
    // Who will read it is said before they post (walk 5).
    expect(textOf(page.body)).toContain('Everyone on the Wall can read it as soon as you post it');

    await createUser(t, 'not-member@example.com', ['community_member'], 'Nora Nobody');
    const stranger = new TestClient(t.app);
    await stranger.signIn('not-member@example.com', TEST_PASSWORD);
    expect((await stranger.get('/community/wall')).statusCode).toBe(404);
  });

  it('posts without JavaScript, once even when the form is sent twice', async () => {
    const { client, member: m } = await member('wall-b@example.com', 'Heron');
    const page = await client.get('/community/wall');
    const key = /name="key" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
    expect(key).not.toBe('');
    const first = await client.post('/community/wall', {
      body: 'Hello everyone, good to be here',
      key,
    });
    expect(first.statusCode).toBe(303);
    const again = await client.post('/community/wall', {
      body: 'Hello everyone, good to be here',
      key,
    });
    expect(again.statusCode).toBe(303);
    const rows = await t.database.db
      .select()
      .from(wallMessages)
      .where(and(eq(wallMessages.serviceId, t.service.id), eq(wallMessages.authorId, m.id)));
    expect(rows).toHaveLength(1);
    const other = await member('wall-b2@example.com', 'Egret');
    const seen = await other.client.get('/community/wall');
    expect(textOf(seen.body)).toContain('Hello everyone, good to be here');
    expect(textOf(seen.body)).toContain('Heron');
    // Another member sees the pseudonym only: never the real name or email, even in the source.
    expect(seen.body).not.toContain('Real Heron');
    expect(seen.body).not.toContain('wall-b@example.com');
    // Another member may report it; its author has nothing to report.
    const id = rows[0]!.id;
    expect(seen.body).toContain(`/community/wall/messages/${id}/report`);
    const own = await client.get('/community/wall');
    expect(own.body).not.toContain(`/community/wall/messages/${id}/report`);
    const tried = await client.get(`/community/wall/messages/${id}/report`);
    expect(tried.statusCode).toBe(303);
    expect(tried.headers.location).toBe('/community/wall');
    await other.client.get(`/community/wall/messages/${id}/report`);
    const reported = await other.client.post(`/community/wall/messages/${id}/report`, {
      reason: 'Just checking reports work',
    });
    expect(reported.statusCode).toBe(303);
    expect(reported.headers.location).toBe('/community/wall?reported=1');
    expect(textOf((await other.client.get('/community/wall?reported=1')).body)).toContain(
      'Your report has been sent to the moderators',
    );
    // Again: not asked for a reason twice, not stored twice; told they reported it already.
    const formAgain = await other.client.get(`/community/wall/messages/${id}/report`);
    expect(formAgain.statusCode).toBe(303);
    expect(formAgain.headers.location).toBe('/community/wall?reported=already');
    await other.client.get('/community/wall');
    const reportedAgain = await other.client.post(`/community/wall/messages/${id}/report`, {
      reason: 'Once more',
    });
    expect(reportedAgain.headers.location).toBe('/community/wall?reported=already');
    expect(textOf((await other.client.get('/community/wall?reported=already')).body)).toContain(
      'You have already reported this message',
    );
    const reports = await t.database.db
      .select()
      .from(wallReports)
      .where(and(eq(wallReports.serviceId, t.service.id), eq(wallReports.messageId, id)));
    expect(reports).toHaveLength(1);
  });

  it("counts a reported crisis message once in the moderator's queue link", async () => {
    const mod = await member('wall-mod-count@example.com', 'Hobby', { moderator: true });
    const queueCount = async () => {
      const page = await mod.client.get('/community/wall');
      return Number(/id="wall-queue-count">(\d+)</.exec(page.body)?.[1]);
    };
    const before = await queueCount();
    const author = await member('wall-count-a@example.com', 'Greylag');
    await author.client.get('/community/wall');
    await author.client.post('/community/wall', {
      body: 'I want to end my life',
      key: 'abcdefgh-31',
    });
    expect(await queueCount()).toBe(before + 1);
    const [row] = await t.database.db
      .select()
      .from(wallMessages)
      .where(eq(wallMessages.authorId, author.member.id));
    const reporter = await member('wall-count-b@example.com', 'Turnstone');
    await reporter.client.get(`/community/wall/messages/${row!.id}/report`);
    const reported = await reporter.client.post(`/community/wall/messages/${row!.id}/report`, {
      reason: 'Worried about them',
    });
    expect(reported.headers.location).toBe('/community/wall?reported=1');
    expect(await queueCount()).toBe(before + 1);
  });

  it('offers a moderator no warning or suspension of themselves', async () => {
    const { client, member: m } = await member('wall-mod-self@example.com', 'Osprey', {
      moderator: true,
    });
    const page = await client.get('/community/wall');
    const key = /name="key" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
    expect(
      (await client.post('/community/wall', { body: 'Good morning, all', key })).statusCode,
    ).toBe(303);
    const [row] = await t.database.db
      .select()
      .from(wallMessages)
      .where(and(eq(wallMessages.serviceId, t.service.id), eq(wallMessages.authorId, m.id)));
    const own = await client.get('/community/wall');
    expect(own.body).toContain(`/community/wall/messages/${row!.id}/hide`);
    expect(own.body).not.toContain(`/community/wall/messages/${row!.id}/sanction`);
    const tried = await client.get(`/community/wall/messages/${row!.id}/sanction`);
    expect(tried.statusCode).toBe(303);
    expect(tried.headers.location).toBe('/community/wall');
  });

  it('refuses an empty, over-long or repeated message with the answer kept', async () => {
    const { client } = await member('wall-c@example.com', 'Wren');
    await client.get('/community/wall');
    const long = await client.post('/community/wall', { body: 'x'.repeat(501), key: 'abcdefgh-1' });
    expect(long.statusCode).toBe(400);
    expect(textOf(long.body)).toContain('500 characters or fewer');
    await client.post('/community/wall', { body: 'Same words', key: 'abcdefgh-2' });
    await client.get('/community/wall');
    const repeat = await client.post('/community/wall', { body: 'same  WORDS', key: 'abcdefgh-3' });
    expect(repeat.statusCode).toBe(400);
    expect(textOf(repeat.body)).toContain('You have just sent this message');
    expect(repeat.body).toContain('same  WORDS');
    await client.get('/community/wall');
    const phone = await client.post('/community/wall', {
      body: 'Text me on 07700 900123',
      key: 'abcdefgh-4',
    });
    expect(phone.statusCode).toBe(400);
    expect(textOf(phone.body)).toContain('please do not share contact details on the Wall');
    expect(phone.body).toContain('Text me on 07700 900123');
  });

  it('is read-only outside office hours and says when it opens', async () => {
    t.clock.set(new Date('2026-12-05T11:00:00Z')); // a Saturday
    try {
      const { client } = await member('wall-d@example.com', 'Plover');
      const page = await client.get('/community/wall');
      expect(textOf(page.body)).toContain('The Wall is closed now');
      expect(textOf(page.body)).toContain('7 December 2026');
      expect(page.body).not.toContain('name="body"');
      const post = await client.post('/community/wall', {
        body: 'Anyone about?',
        key: 'abcdefgh-4',
      });
      expect(post.statusCode).toBe(400);
      expect(textOf(post.body)).toContain('The Wall is closed now');
    } finally {
      t.clock.set(new Date(OPEN));
    }
  });

  it('sends a crisis message to the help page, alerts moderators and the patient’s therapist', async () => {
    const therapist = await createUser(
      t,
      'wall-therapist@example.com',
      ['therapist'],
      'Tara Therapist',
    );
    const patient = await insertPatient(t, {
      givenName: 'Pat',
      familyName: 'Crisis',
      responsibleClinicianId: therapist.id,
    });
    await insertCourse(t, patient.id, therapist.id);
    await member('wall-mod@example.com', 'Kestrel', { moderator: true });
    const { client } = await member('wall-e@example.com', 'Linnet', { patientId: patient.id });
    await client.get('/community/wall');
    const res = await client.post('/community/wall', {
      body: 'I want to end my life',
      key: 'abcdefgh-5',
    });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/community/wall/help');
    const alerts = await t.database.db
      .select()
      .from(riskAlerts)
      .where(and(eq(riskAlerts.serviceId, t.service.id), eq(riskAlerts.patientId, patient.id)));
    expect(alerts).toHaveLength(1);
    expect(alerts[0]?.responsibleClinicianId).toBe(therapist.id);
    const emails = await t.database.db
      .select()
      .from(outboxMessages)
      .where(eq(outboxMessages.template, 'community-moderator-alert'));
    expect(emails.map((e) => e.recipient)).toContain('wall-mod@example.com');
    expect(emails.every((e) => !e.body.includes('end my life'))).toBe(true);
    // The email opens the Wall's own queue, where the message is, not the forums' queue.
    const toModerator = emails.find((e) => e.recipient === 'wall-mod@example.com');
    expect(toModerator?.body).toContain(`${t.config.publicUrl}/community/wall/moderation`);
    expect(toModerator?.body).not.toMatch(/\/community\/moderation\b/);
  });

  it('lets a moderator ask the clinical team to contact a former patient, not a carer (walk 5)', async () => {
    const therapist = await createUser(t, 'wall-t2@example.com', ['therapist'], 'Theo Therapist');
    // Their course has ended: no alert is raised by itself, so only the moderator can ask.
    const patient = await insertPatient(t, {
      givenName: 'Former',
      familyName: 'Patient',
      responsibleClinicianId: therapist.id,
    });
    const mod = await member('wall-mod5@example.com', 'Goshawk', { moderator: true });
    const former = await member('wall-former@example.com', 'Greenshank', { patientId: patient.id });
    const carer = await member('wall-carer@example.com', 'Stint');
    await t.database.db
      .update(communityMembers)
      .set({ kind: 'carer', badge: null })
      .where(eq(communityMembers.id, carer.member.id));
    for (const [who, key] of [
      [former, 'abcdefgh-21'],
      [carer, 'abcdefgh-22'],
    ] as const) {
      await who.client.get('/community/wall');
      await who.client.post('/community/wall', { body: 'I want to end my life tonight', key });
    }
    const alertsFor = () =>
      t.database.db
        .select()
        .from(riskAlerts)
        .where(and(eq(riskAlerts.serviceId, t.service.id), eq(riskAlerts.patientId, patient.id)));
    expect(await alertsFor()).toHaveLength(0);

    const [formerMessage] = await t.database.db
      .select()
      .from(wallMessages)
      .where(eq(wallMessages.authorId, former.member.id));
    const [carerMessage] = await t.database.db
      .select()
      .from(wallMessages)
      .where(eq(wallMessages.authorId, carer.member.id));
    // The forums' queue says the Wall has some waiting, and links to it.
    const forums = await mod.client.get('/community/moderation');
    expect(textOf(forums.body)).toMatch(
      /\d+ messages with crisis language( and \d+ reported messages?)? waiting on the Wall/,
    );
    expect(forums.body).toContain('href="/community/wall/moderation"');
    const queue = await mod.client.get('/community/wall/moderation');
    const askAbout = (id: string) => `/community/wall/messages/${id}/ask-clinical-team`;
    expect(queue.body).toContain(askAbout(formerMessage!.id));
    expect(queue.body).not.toContain(askAbout(carerMessage!.id));
    expect(textOf(queue.body)).toContain('They are not one of our patients (a relative or carer)');

    // Not for a carer: nothing to ask, nothing changes.
    const refused = await mod.client.post(
      `/community/wall/messages/${carerMessage!.id}/ask-clinical-team`,
      {},
    );
    expect(refused.headers.location).toBe('/community/wall/moderation');
    // Nor for a member who is not a moderator.
    expect(
      (
        await former.client.post(
          `/community/wall/messages/${formerMessage!.id}/ask-clinical-team`,
          {},
        )
      ).statusCode,
    ).toBe(404);
    expect(await alertsFor()).toHaveLength(0);

    const asked = await mod.client.post(
      `/community/wall/messages/${formerMessage!.id}/ask-clinical-team`,
      {},
    );
    expect(asked.headers.location).toBe('/community/wall/moderation?done=asked');
    const [alert] = await alertsFor();
    expect(alert?.responsibleClinicianId).toBe(therapist.id);
    expect(alert?.reason).toContain('I want to end my life tonight');
    expect(alert?.actionedAt).toBeNull();
    // Looked at: off the crisis list; the member sees that we asked.
    const after = await mod.client.get('/community/wall/moderation?done=asked');
    expect(textOf(after.body)).toContain('We have asked the clinical team to contact them');
    expect(after.body).not.toContain(
      `/community/wall/messages/${formerMessage!.id}/ask-clinical-team`,
    );
    expect(textOf((await former.client.get('/community/you')).body)).toContain(
      'asked our clinical team to get in touch with you',
    );
    // A moderator can go off and on duty from the Wall itself, and is brought back to it.
    const wall = await mod.client.get('/community/wall');
    expect(textOf(wall.body)).toContain('You are on duty: you get urgent alerts.');
    const off = await mod.client.post('/community/moderation/duty', { onDuty: 'no', back: 'wall' });
    expect(off.headers.location).toBe('/community/wall');
    expect(textOf((await mod.client.get('/community/wall')).body)).toContain('You are off duty.');
    // A member who is not a moderator is not offered it.
    expect(textOf((await former.client.get('/community/wall')).body)).not.toContain('off duty');
  });

  it('refreshes many sockets’ presence at once: new rows added, old ones brought up to date', async () => {
    const one = await member('wall-p1@example.com', 'Godwit');
    const two = await member('wall-p2@example.com', 'Whimbrel');
    const serviceId = t.service.id;
    const long = new Date(t.clock.now().getTime() - 10 * 60_000);
    const ids = [crypto.randomUUID(), crypto.randomUUID(), crypto.randomUUID()];
    const rows = (seenAt: Date) =>
      ids.map((connectionId, i) => ({
        serviceId,
        connectionId,
        memberId: (i === 0 ? one : two).member.id,
        seenAt,
      }));
    const minuteAgo = new Date(t.clock.now().getTime() - 60_000);
    const before = await membersHere(t.database.db, serviceId, minuteAgo);
    await touchPresenceMany(t.database.db, rows(long));
    expect(await membersHere(t.database.db, serviceId, minuteAgo)).toBe(before);
    await touchPresenceMany(t.database.db, rows(t.clock.now()));
    expect(await membersHere(t.database.db, serviceId, minuteAgo)).toBe(before + 2);
    const stored = await t.database.db
      .select()
      .from(wallPresence)
      .where(eq(wallPresence.memberId, two.member.id));
    expect(stored.map((r) => r.seenAt.getTime())).toEqual([
      t.clock.now().getTime(),
      t.clock.now().getTime(),
    ]);
    await t.database.db.delete(wallPresence).where(eq(wallPresence.serviceId, serviceId));
  });

  it('sends posts live and a hidden message vanishes for everyone at once', async () => {
    const a = await member('wall-f@example.com', 'Dunlin');
    const b = await member('wall-g@example.com', 'Curlew');
    const mod = await member('wall-mod2@example.com', 'Merlin', { moderator: true });
    const since = Number(
      /data-last-seq="(\d+)"/.exec((await a.client.get('/community/wall')).body)?.[1],
    );
    const la = await live(a.client, since);
    // Who is here is sent on joining, counting the one who joined, not at the next tick (walk 7).
    const presence = (r: Record<string, unknown>[]) =>
      r.filter((m) => m.type === 'presence').map((m) => m.here as number);
    await la.until((r) => presence(r).length > 0);
    const before = presence(la.received)[0]!;
    expect(before).toBeGreaterThanOrEqual(1);
    const lb = await live(b.client, since);
    await lb.until((r) => presence(r).length > 0);
    expect(presence(lb.received)[0]).toBe(before + 1);
    await la.until((r) => presence(r).includes(before + 1));
    la.ws.send(JSON.stringify({ type: 'post', key: 'live-key-0001', body: 'Live from Dunlin' }));
    await lb.until(() => lb.changes().some((m) => m.body === 'Live from Dunlin'));
    await la.until((r) => r.some((m) => m.type === 'posted'));
    const posted = lb.changes().find((m) => m.body === 'Live from Dunlin')!;

    // A moderator hides it without JavaScript: both sockets get the change.
    await mod.client.get(`/community/wall/messages/${posted.id}/hide`);
    const hide = await mod.client.post(`/community/wall/messages/${posted.id}/hide`, {
      reason: 'Shares a phone number',
    });
    expect(hide.statusCode).toBe(303);
    for (const l of [la, lb])
      await l.until(() =>
        l.changes().some((m) => m.id === posted.id && m.hidden && m.body === null),
      );
    const page = await b.client.get('/community/wall');
    expect(textOf(page.body)).toContain('This message was removed');
    expect(page.body).not.toContain('Live from Dunlin');
    // A member who is not a moderator cannot hide.
    expect((await b.client.get(`/community/wall/messages/${posted.id}/hide`)).statusCode).toBe(404);
    // The author is told why, and sees what they wrote (walk 5).
    const mine = textOf((await a.client.get('/community/you')).body);
    expect(mine).toContain(
      'a moderator removed your message on the Wall. Their reason: Shares a phone number',
    );
    expect(mine).toContain('Live from Dunlin (removed: Shares a phone number)');
  });

  it('lets a member download and delete what they wrote on the Wall (walk 5)', async () => {
    const a = await member('wall-k@example.com', 'Knot');
    const b = await member('wall-l@example.com', 'Ruff');
    const since = Number(
      /data-last-seq="(\d+)"/.exec((await b.client.get('/community/wall')).body)?.[1],
    );
    const lb = await live(b.client, since);
    await a.client.get('/community/wall');
    for (const [i, body] of ['First from Knot', 'Second from Knot'].entries())
      expect(
        (await a.client.post('/community/wall', { body, key: `knot-key-000${i}` })).statusCode,
      ).toBe(303);
    const fromKnot = () => lb.changes().filter((m) => m.body?.includes('from Knot'));
    await lb.until(() => fromKnot().length === 2);
    const knotIds = fromKnot().map((m) => m.id);
    const download = await a.client.get('/community/you/download');
    const data = JSON.parse(download.body) as { wallMessages: { text: string }[] };
    expect(data.wallMessages.map((m) => m.text)).toEqual(['Second from Knot', 'First from Knot']);
    expect(textOf((await a.client.get('/community/you')).body)).toContain('Second from Knot');

    await a.client.get('/community/you/delete');
    const deleted = await a.client.post('/community/you/delete', { confirm: 'yes' });
    expect(deleted.statusCode).toBe(303);
    // Gone for everyone at once, and from the database.
    await lb.until(() =>
      knotIds.every((id) => lb.changes().some((m) => m.id === id && m.hidden && m.body === null)),
    );
    const stored = await t.database.db
      .select()
      .from(wallMessages)
      .where(eq(wallMessages.authorId, a.member.id));
    expect(stored.map((m) => m.body)).toEqual(['', '']);
    expect(new Set(stored.map((m) => m.changeSeq)).size).toBe(2);
    expect(textOf((await b.client.get('/community/wall')).body)).not.toContain('from Knot');
    const after = JSON.parse((await a.client.get('/community/you/download')).body) as {
      wallMessages: unknown[];
    };
    expect(after.wallMessages).toEqual([]);
  });

  it('counts on a moderator’s home page what waits on the Wall, crisis language first, never the words (H20)', async () => {
    const mod = await member('wall-mod-home@example.com', 'Kittiwake', { moderator: true });
    const a = await member('wall-home-a@example.com', 'Razorbill');
    const b = await member('wall-home-b@example.com', 'Guillemot');
    const home = async (c: TestClient) => {
      const res = await c.get('/home');
      expect(res.statusCode).toBe(200);
      return res;
    };
    const counts = async () => {
      const text = textOf((await home(mod.client)).body);
      const total = /(\d+) messages? (?:is|are) waiting on the Wall/.exec(text)?.[1];
      const crisis = /(\d+) messages? on the Wall uses? crisis language/.exec(text)?.[1];
      return { total: Number(total ?? 0), crisis: Number(crisis ?? 0), text };
    };
    const before = await counts();

    // One message with crisis language, and one plain message another member reports.
    await a.client.get('/community/wall');
    await a.client.post('/community/wall', { body: 'I want to end my life', key: 'home-key-001' });
    await a.client.get('/community/wall');
    await a.client.post('/community/wall', { body: 'Who saw the match?', key: 'home-key-002' });
    const mine = await t.database.db
      .select({ id: wallMessages.id, crisis: wallMessages.crisis })
      .from(wallMessages)
      .where(eq(wallMessages.authorId, a.member.id));
    const crisisId = mine.find((m) => m.crisis)!.id;
    const plainId = mine.find((m) => !m.crisis)!.id;
    await b.client.get(`/community/wall/messages/${plainId}/report`);
    const reported = await b.client.post(`/community/wall/messages/${plainId}/report`, {
      reason: 'Off topic',
    });
    expect(reported.statusCode).toBe(303);

    const after = await counts();
    expect(after.total).toBe(before.total + 2);
    expect(after.crisis).toBe(before.crisis + 1);
    // Crisis language first, above the forums' items; the way to the Wall's queue; no words.
    expect(after.text.indexOf('on the Wall use')).toBeLessThan(
      after.text.indexOf('in the forums and blogs'),
    );
    expect((await home(mod.client)).body).toContain('href="/community/wall/moderation"');
    expect(after.text).not.toContain('end my life');
    expect(after.text).not.toContain('Who saw the match');
    expect(after.text).not.toContain('Off topic');
    // A member who does not moderate sees none of it.
    expect(textOf((await home(b.client)).body)).not.toContain('waiting on the Wall');

    // Looked at and hidden: neither waits any longer.
    await mod.client.get('/community/wall/moderation');
    expect(
      (await mod.client.post(`/community/wall/messages/${crisisId}/reviewed`, {})).statusCode,
    ).toBe(303);
    await mod.client.get(`/community/wall/messages/${plainId}/hide`);
    await mod.client.post(`/community/wall/messages/${plainId}/hide`, { reason: 'Off topic' });
    const done = await counts();
    expect(done.total).toBe(before.total);
    expect(done.crisis).toBe(before.crisis);
  });

  it('answers a hand-made socket frame in plain words, never zod’s', async () => {
    const a = await member('wall-frames@example.com', 'Puffin');
    const since = Number(
      /data-last-seq="(\d+)"/.exec((await a.client.get('/community/wall')).body)?.[1],
    );
    const l = await live(a.client, since);
    const errors = () => l.received.filter((m) => m.type === 'error').map((m) => m.message);
    // Over the frame's bound (the page's text box stops at 500 characters): the member's limit.
    const tooLong = 'a'.repeat(4001);
    l.ws.send(JSON.stringify({ type: 'post', key: 'frame-key-0001', body: tooLong }));
    await l.until(() => errors().length === 1);
    expect(errors()[0]).toBe('Your message must be 500 characters or fewer');
    // Anything else malformed: a missing key, an unknown type, not JSON at all.
    l.ws.send(JSON.stringify({ type: 'post', body: 'No key' }));
    l.ws.send(JSON.stringify({ type: 'shout', body: 'Hello' }));
    l.ws.send('{not json');
    await l.until(() => errors().length === 4);
    for (const said of errors().slice(1))
      expect(said).toBe('Your message could not be sent. Reload the page and try again');
    for (const said of errors()) expect(String(said)).not.toMatch(/expected|body:|key:|JSON/);
    // Nothing was posted.
    const posted = await t.database.db
      .select({ id: wallMessages.id })
      .from(wallMessages)
      .where(eq(wallMessages.authorId, a.member.id));
    expect(posted).toEqual([]);
  });

  it('a socket that drops and comes back gets every message exactly once', async () => {
    const a = await member('wall-h@example.com', 'Avocet');
    const b = await member('wall-i@example.com', 'Shrike');
    const since = Number(
      /data-last-seq="(\d+)"/.exec((await b.client.get('/community/wall')).body)?.[1],
    );
    const first = await live(b.client, since);
    await a.client.get('/community/wall');
    await a.client.post('/community/wall', { body: 'Before the drop', key: 'drop-key-0001' });
    await first.until(() => first.changes().some((m) => m.body === 'Before the drop'));
    const seen = Math.max(...first.changes().map((m) => m.changeSeq));
    first.ws.terminate();
    for (let i = 0; i < 3; i++) {
      await a.client.get('/community/wall');
      await a.client.post('/community/wall', { body: `While away ${i}`, key: `drop-key-010${i}` });
    }
    const second = await live(b.client, seen);
    const all = [...first.changes(), ...second.changes()].map((m) => m.body);
    expect(all.filter((x) => x === 'Before the drop')).toHaveLength(1);
    for (let i = 0; i < 3; i++) expect(all.filter((x) => x === `While away ${i}`)).toHaveLength(1);
  });
});
