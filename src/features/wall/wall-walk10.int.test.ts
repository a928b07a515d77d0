import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, like } from 'drizzle-orm';
import {
  communityMembers,
  outboxMessages,
  riskAlerts,
  wallMessages,
  wallReports,
} from '../../db/schema';
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

/** Posts a message through the form and answers its row. */
async function post(who: Awaited<ReturnType<typeof member>>, body: string, key: string) {
  await who.client.get('/community/wall');
  expect((await who.client.post('/community/wall', { body, key })).statusCode).toBe(303);
  const [row] = await t.database.db
    .select()
    .from(wallMessages)
    .where(and(eq(wallMessages.authorId, who.member.id), eq(wallMessages.clientKey, key)));
  return row!;
}

async function report(who: Awaited<ReturnType<typeof member>>, messageId: string, reason: string) {
  await who.client.get(`/community/wall/messages/${messageId}/report`);
  const res = await who.client.post(`/community/wall/messages/${messageId}/report`, { reason });
  expect(res.headers.location).toBe('/community/wall?reported=1');
  const [row] = await t.database.db
    .select()
    .from(wallReports)
    .where(and(eq(wallReports.messageId, messageId), eq(wallReports.reporterId, who.member.id)));
  return row!;
}

/** A page's text with the space textOf leaves after a <time> before punctuation closed up. */
const pageText = (body: string) => textOf(body).replace(/\s+([:.])/g, '$1');

/** The moderator alert emails sent about one record (a message or a report). */
const alertsAbout = (recordId: string) =>
  t.database.db
    .select()
    .from(outboxMessages)
    .where(
      and(
        eq(outboxMessages.template, 'community-moderator-alert'),
        like(outboxMessages.idempotencyKey, `community-crisis:${recordId}:%`),
      ),
    );

const riskAlertsOf = (patientId: string) =>
  t.database.db
    .select()
    .from(riskAlerts)
    .where(and(eq(riskAlerts.serviceId, t.service.id), eq(riskAlerts.patientId, patientId)));

beforeAll(async () => {
  t = await createTestApp({ now: OPEN });
});
afterAll(() => t.close());

describe('the Wall (walk 10)', () => {
  it('alerts the moderators at once when a report says someone is at risk, and puts it first', async () => {
    const therapist = await createUser(t, 'w10-therapist@example.com', ['therapist'], 'T Ther');
    // Author and reporter are both current patients: neither gets a risk alert from the report.
    const authorPatient = await insertPatient(t, {
      givenName: 'Author',
      familyName: 'Patient',
      responsibleClinicianId: therapist.id,
    });
    await insertCourse(t, authorPatient.id, therapist.id);
    const reporterPatient = await insertPatient(t, {
      givenName: 'Reporter',
      familyName: 'Patient',
      responsibleClinicianId: therapist.id,
    });
    await insertCourse(t, reporterPatient.id, therapist.id);
    const mod = await member('w10-mod@example.com', 'Dunlin', { moderator: true });
    const author = await member('w10-author@example.com', 'Sanderling', {
      patientId: authorPatient.id,
    });
    const reporter = await member('w10-reporter@example.com', 'Knot', {
      patientId: reporterPatient.id,
    });
    const homeCounts = async () => {
      const text = textOf((await mod.client.get('/home')).body);
      const total = /(\d+) messages? (?:is|are) waiting on the Wall/.exec(text)?.[1];
      const crisis = /(\d+) messages? on the Wall uses? crisis language/.exec(text)?.[1];
      return { total: Number(total ?? 0), crisis: Number(crisis ?? 0) };
    };

    // A plain report: no alert, in the reported list.
    const plain = await post(author, 'Anyone watch the film last night?', 'w10-key-001');
    const plainReport = await report(reporter, plain.id, 'Off topic, sorry');
    expect(await alertsAbout(plainReport.id)).toHaveLength(0);
    const before = await homeCounts();

    // A report in crisis words: the moderator is emailed at once, with none of the words.
    const worrying = await post(author, 'Giving everything away this week', 'w10-key-002');
    expect(worrying.crisis).toBe(false);
    const crisisReport = await report(reporter, worrying.id, 'I think they are suicidal');
    const emails = await alertsAbout(crisisReport.id);
    expect(emails.map((e) => e.recipient)).toEqual(['w10-mod@example.com']);
    expect(emails[0]!.body).toContain(`${t.config.publicUrl}/community/wall/moderation`);
    expect(emails[0]!.body).not.toContain('suicidal');
    expect(emails[0]!.body).not.toContain('Giving everything away');
    expect(emails[0]!.subject).not.toContain('suicidal');
    // Someone else's words raise no risk alert on the author, nor on the reporter.
    expect(await riskAlertsOf(authorPatient.id)).toHaveLength(0);
    expect(await riskAlertsOf(reporterPatient.id)).toHaveLength(0);

    // First in the queue, with the crisis messages; the plain report stays below.
    const queue = textOf((await mod.client.get('/community/wall/moderation')).body);
    const crisisAt = queue.indexOf('Reported: someone may be at risk');
    expect(crisisAt).toBeGreaterThan(queue.indexOf('Crisis language'));
    expect(crisisAt).toBeLessThan(queue.indexOf('Reported messages'));
    expect(queue.indexOf('I think they are suicidal')).toBeLessThan(
      queue.indexOf('Reported messages'),
    );
    expect(queue.indexOf('Off topic, sorry')).toBeGreaterThan(queue.indexOf('Reported messages'));
    // Counted as crisis on the moderator's home page and the forums' queue.
    const after = await homeCounts();
    expect(after).toEqual({ total: before.total + 1, crisis: before.crisis + 1 });
    expect(textOf((await mod.client.get('/community/moderation')).body)).toMatch(
      /1 message with crisis language/,
    );

    // Looked at: off the queue and the counts.
    await mod.client.post(`/community/wall/messages/${worrying.id}/reviewed`, {});
    expect(await homeCounts()).toEqual(before);
  });

  it('tells a member of a Wall warning on the Wall and on their membership page', async () => {
    const mod = await member('w10-mod2@example.com', 'Curlew', { moderator: true });
    const who = await member('w10-warned@example.com', 'Redshank');
    const message = await post(who, 'You are all idiots', 'w10-key-101');
    await mod.client.get(`/community/wall/messages/${message.id}/sanction`);
    const done = await mod.client.post(`/community/wall/messages/${message.id}/sanction`, {
      kind: 'warning',
      days: '',
      reason: 'Please be kind to other members',
    });
    expect(done.statusCode).toBe(303);

    const wall = textOf((await who.client.get('/community/wall')).body);
    expect(wall).toContain('A moderator has warned you');
    expect(wall).toContain('Tuesday 1 December 2026 at 2pm');
    expect(wall).toContain('Their reason: Please be kind to other members');
    const you = pageText((await who.client.get('/community/you')).body);
    expect(you).toContain(
      'Tuesday 1 December 2026 at 2pm: a moderator warned you about what you wrote on the Wall. Their reason: Please be kind to other members',
    );
    // Nobody else is told.
    expect(textOf((await mod.client.get('/community/wall')).body)).not.toContain(
      'A moderator has warned you',
    );

    // A fortnight on it leaves the Wall page; their membership page keeps it.
    t.clock.set(new Date('2026-12-16T14:00:00Z'));
    try {
      // Signed in again: the clock has moved past the session's life.
      const later = new TestClient(t.app);
      expect((await later.signIn('w10-warned@example.com', TEST_PASSWORD)).statusCode).toBe(303);
      const wallLater = await later.get('/community/wall');
      expect(wallLater.statusCode).toBe(200);
      expect(textOf(wallLater.body)).toContain('Messages');
      expect(textOf(wallLater.body)).not.toContain('A moderator has warned you');
      expect(textOf((await later.get('/community/you')).body)).toContain(
        'warned you about what you wrote on the Wall',
      );
    } finally {
      t.clock.set(new Date(OPEN));
    }
  });

  it('says when a Wall suspension ends in London time, never an ISO instant', async () => {
    const mod = await member('w10-mod3@example.com', 'Whinchat', { moderator: true });
    const who = await member('w10-suspended@example.com', 'Stonechat');
    const message = await post(who, 'Same rude words again', 'w10-key-201');
    await mod.client.get(`/community/wall/messages/${message.id}/sanction`);
    await mod.client.post(`/community/wall/messages/${message.id}/sanction`, {
      kind: 'suspension',
      days: '7',
      reason: 'Repeated rudeness',
    });

    const page = await who.client.get('/community/wall');
    const wall = textOf(page.body);
    expect(wall).toContain('You cannot post on the Wall for now');
    expect(wall).toContain('paused your posting on the Wall until Tuesday 8 December 2026 at 2pm');
    expect(wall).toContain('Their reason: Repeated rudeness');
    expect(wall).not.toMatch(/\d{4}-\d{2}-\d{2}T/);
    expect(page.body).not.toContain('name="body"');
    // A post sent anyway is refused in the same words.
    const refused = await who.client.post('/community/wall', {
      body: 'Let me post',
      key: 'w10-key-202',
    });
    expect(refused.statusCode).toBe(400);
    expect(textOf(refused.body)).toContain('until Tuesday 8 December 2026 at 2pm');
    expect(textOf(refused.body)).not.toMatch(/\d{4}-\d{2}-\d{2}T/);
    expect(pageText((await who.client.get('/community/you')).body)).toContain(
      'a moderator paused your posting on the Wall until Tuesday 8 December 2026 at 2pm. Their reason: Repeated rudeness',
    );
  });

  it('has the community menu, and shows no one "here" or on duty while closed', async () => {
    await member('w10-mod4@example.com', 'Wheatear', { moderator: true });
    const who = await member('w10-reader@example.com', 'Pipit');
    const open = await who.client.get('/community/wall');
    for (const href of ['/community/blogs', '/community/search', '/community/you'])
      expect(open.body).toContain(`href="${href}"`);
    expect(textOf(open.body)).toContain('here now');
    expect(textOf(open.body)).toContain('Wheatear Clinician (moderator on duty)');

    t.clock.set(new Date('2026-12-05T11:00:00Z')); // a Saturday
    try {
      // Signed in again: the clock has moved past the session's life.
      const later = new TestClient(t.app);
      expect((await later.signIn('w10-reader@example.com', TEST_PASSWORD)).statusCode).toBe(303);
      const closed = await later.get('/community/wall');
      expect(closed.statusCode).toBe(200);
      const text = textOf(closed.body);
      expect(text).toContain('The Wall is closed now');
      expect(text).toContain('Monday 7 December 2026');
      expect(text).not.toContain('here now');
      expect(text).not.toContain('moderator on duty');
      expect(text).not.toContain('No moderator is on duty');
      expect(closed.body).toContain('href="/community/you"');
    } finally {
      t.clock.set(new Date(OPEN));
    }
  });
});
