import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, like } from 'drizzle-orm';
import {
  communityPosts,
  communityQueueItems,
  outboxMessages,
  riskAlerts,
  treatmentCourses,
  users,
} from '../../db/schema';
import { riskSeverity } from '../../domain/risk';
import { TestClient, textOf } from '../../../tests/support/client';
import { insertCourse, insertPatient } from '../../../tests/support/fixtures';
import {
  createTestApp,
  createUser,
  TEST_PASSWORD,
  type TestApp,
} from '../../../tests/support/test-app';

/**
 * Walk 10 of the forums' moderation (hazard H20): crisis words added by an edit after approval go
 * back to the queue and alert again; a report whose reason fears for someone alerts the
 * moderators; a moderator can answer in a topic that waits for them; a deleted crisis post can
 * still be looked at and cleared; asking the clinical team twice raises one alert, quoting the
 * words and graded as words of crisis; a moderator does not sanction themselves.
 */

let t: TestApp;
const MOD = 'morwenna.modley@example.nhs.uk';
let ada: TestClient; // a current patient
let ben: TestClient; // another patient, who reports
let moderator: TestClient;
let adaPatientId: string;
let benPatientId: string;
let spaceId: string;

async function signedIn(email: string) {
  const c = new TestClient(t.app);
  expect((await c.signIn(email, TEST_PASSWORD)).statusCode).toBe(303);
  return c;
}
const location = (res: { headers: Record<string, unknown> }) => String(res.headers.location);

async function join(c: TestClient, pseudonym: string) {
  await c.get('/community/join');
  const res = await c.post('/community/join', {
    pseudonym,
    avatar: 'star-teal',
    adult: 'yes',
    rules: 'yes',
  });
  expect(res.statusCode).toBe(303);
}

async function newTopic(c: TestClient, title: string, body: string) {
  await c.get(`/community/spaces/${spaceId}/new-topic`);
  const made = await c.post(`/community/spaces/${spaceId}/new-topic`, { title, body });
  expect(made.statusCode).toBe(303);
  const url = location(made);
  const topicId = url.startsWith('/community/topics/')
    ? url.split('/')[3]!.split('?')[0]!
    : new URL(`http://x${url}`).searchParams.get('topic')!;
  const [opening] = await t.database.db
    .select()
    .from(communityPosts)
    .where(eq(communityPosts.topicId, topicId));
  return { topicId, postId: opening!.id };
}

async function openItems(postId: string, kind = 'crisis') {
  return (
    await t.database.db
      .select()
      .from(communityQueueItems)
      .where(eq(communityQueueItems.postId, postId))
  ).filter((i) => i.kind === kind && i.resolvedAt === null);
}

const moderatorAlerts = (keyPrefix: string) =>
  t.database.db
    .select()
    .from(outboxMessages)
    .where(
      and(
        eq(outboxMessages.template, 'community-moderator-alert'),
        like(outboxMessages.idempotencyKey, `${keyPrefix}%`),
      ),
    );

const alertsOf = (patientId: string) =>
  t.database.db
    .select()
    .from(riskAlerts)
    .where(and(eq(riskAlerts.patientId, patientId), eq(riskAlerts.source, 'community')));

beforeAll(async () => {
  t = await createTestApp();
  const therapist = await createUser(t, 'tess.therapist@example.nhs.uk', ['therapist'], 'Tess');
  const adaUser = await createUser(t, 'ada.arden@example.com', ['patient'], 'Ada Arden');
  const benUser = await createUser(t, 'ben.brook@example.com', ['patient'], 'Ben Brook');
  await createUser(t, MOD, ['moderator'], 'Morwenna Modley');
  await createUser(t, 'manny.manager@example.nhs.uk', ['service_manager'], 'Manny');
  const a = await insertPatient(t, {
    givenName: 'Ada',
    familyName: 'Arden',
    email: 'ada.arden@example.com',
    userId: adaUser.id,
  });
  const b = await insertPatient(t, {
    givenName: 'Ben',
    familyName: 'Brook',
    email: 'ben.brook@example.com',
    userId: benUser.id,
  });
  adaPatientId = a.id;
  benPatientId = b.id;
  await insertCourse(t, adaPatientId, therapist.id);
  await insertCourse(t, benPatientId, therapist.id);
  const tess = await signedIn('tess.therapist@example.nhs.uk');
  for (const id of [adaPatientId, benPatientId]) {
    await tess.get(`/patients/${id}/community-invitation`);
    await tess.post(`/patients/${id}/community-invitation`, { confirm: 'yes' });
  }
  ada = await signedIn('ada.arden@example.com');
  ben = await signedIn('ben.brook@example.com');
  await join(ada, 'Quiet Willow');
  await join(ben, 'Bright Finch');
  const manny = await signedIn('manny.manager@example.nhs.uk');
  await manny.get('/community/moderators');
  await manny.post('/community/moderators', { name: 'Morwenna', email: MOD, badge: 'volunteer' });
  moderator = await signedIn(MOD);
  await join(moderator, 'Calm Harbour');
  const home = await ada.get('/community');
  spaceId = /\/community\/spaces\/([0-9a-f-]{36})/.exec(home.body)![1]!;
}, 120_000);
afterAll(async () => t.close());

describe('forum moderation, walk 10 (H20)', () => {
  it('sends an approved crisis post edited to say more back to the top of the queue, and alerts again, once', async () => {
    const { topicId } = await newTopic(ada, 'Mornings', 'Mornings are hard.');
    await ada.get(`/community/topics/${topicId}/reply`);
    await ada.post(`/community/topics/${topicId}/reply`, {
      body: "I'd rather be dead. I can't go on.",
    });
    const [reply] = (
      await t.database.db.select().from(communityPosts).where(eq(communityPosts.topicId, topicId))
    ).filter((p) => !p.isOpening);
    const postId = reply!.id;
    expect(await openItems(postId)).toHaveLength(1);
    expect(await moderatorAlerts(`community-crisis:${postId}`)).toHaveLength(1);
    expect(await alertsOf(adaPatientId)).toHaveLength(1);
    await moderator.get(`/community/moderation/posts/${postId}`);
    expect(
      (
        await moderator.post(`/community/moderation/posts/${postId}`, {
          action: 'approve',
          reason: '',
        })
      ).statusCode,
    ).toBe(303);
    expect(await openItems(postId)).toHaveLength(0);

    const worse = "I'd rather be dead. I can't go on. I am going to end my life tonight";
    await ada.get(`/community/posts/${postId}/edit`);
    const edited = await ada.post(`/community/posts/${postId}/edit`, { body: worse });
    expect(location(edited)).toMatch(/^\/community\/urgent-help/);
    // Back in the queue, first; the moderators emailed again (with no words); a risk alert.
    expect(await openItems(postId)).toHaveLength(1);
    const queue = await moderator.get('/community/moderation');
    expect(/<strong class="nhsuk-tag[^"]*">([^<]+)</.exec(queue.body)?.[1]).toBe('Crisis language');
    expect(queue.body).toContain(`/community/moderation/posts/${postId}`);
    const emails = await moderatorAlerts(`community-crisis:${postId}`);
    expect(emails).toHaveLength(2);
    for (const e of emails) expect(`${e.subject}${e.body}`).not.toMatch(/dead|end my life/i);
    expect(await alertsOf(adaPatientId)).toHaveLength(2);
    expect(textOf((await moderator.get('/home')).body)).toMatch(/uses? crisis language/);

    // The same edit sent twice: one item, no more alerts.
    await ada.post(`/community/posts/${postId}/edit`, { body: worse });
    expect(await openItems(postId)).toHaveLength(1);
    expect(await moderatorAlerts(`community-crisis:${postId}`)).toHaveLength(2);
    expect(await alertsOf(adaPatientId)).toHaveLength(2);
  });

  it('alerts the moderators at once when a report’s reason fears for someone, with no risk alert from it', async () => {
    const { postId, topicId } = await newTopic(ada, 'Gardening', 'Planting beans today.');
    expect(location(await ada.get(`/community/topics/${topicId}`))).toBeDefined();
    const before = (await alertsOf(adaPatientId)).length;
    await ben.get(`/community/posts/${postId}/report`);
    const reported = await ben.post(`/community/posts/${postId}/report`, {
      reason: 'I saw them saying they want to die, please check on them',
    });
    expect(reported.statusCode).toBe(303);
    const [item] = await openItems(postId);
    expect(item).toBeDefined();
    const emails = await moderatorAlerts(`community-crisis-report:${item!.id}`);
    expect(emails.map((e) => e.recipient)).toEqual([MOD]);
    expect(`${emails[0]!.subject}${emails[0]!.body}`).not.toMatch(/want to die|check on them/i);
    // Nobody's clinical record is touched by another member's words.
    expect(await alertsOf(adaPatientId)).toHaveLength(before);
    expect(await alertsOf(benPatientId)).toHaveLength(0);
    // A report without crisis words alerts nobody.
    const other = await newTopic(ada, 'Beans', 'More beans.');
    await ben.get(`/community/posts/${other.postId}/report`);
    await ben.post(`/community/posts/${other.postId}/report`, { reason: 'Off topic' });
    expect(await moderatorAlerts('community-crisis-report:')).toHaveLength(1);
  });

  it('lets a moderator open a topic waiting for them and reply, seen by its author and not others', async () => {
    const { topicId, postId } = await newTopic(ada, 'Tonight', 'I want to end it all.');
    expect((await ben.get(`/community/topics/${topicId}`)).statusCode).toBe(404);
    const review = await moderator.get(`/community/moderation/posts/${postId}`);
    expect(review.body).toContain(`href="/community/topics/${topicId}"`);
    const topic = await moderator.get(`/community/topics/${topicId}`);
    expect(topic.statusCode).toBe(200);
    expect(textOf(topic.body)).toContain('I want to end it all.');
    expect(textOf(topic.body)).toContain('Only its author and the moderators can see it');
    expect(topic.body).toContain(`href="/community/topics/${topicId}/reply"`);
    expect((await moderator.get(`/community/topics/${topicId}/reply`)).statusCode).toBe(200);
    const answered = await moderator.post(`/community/topics/${topicId}/reply`, {
      body: 'We are here. Please call NHS 111 or Samaritans on 116 123 now.',
    });
    expect(answered.statusCode).toBe(303);
    expect(textOf((await ada.get(`/community/topics/${topicId}`)).body)).toContain(
      'Samaritans on 116 123',
    );
    expect((await ben.get(`/community/topics/${topicId}`)).statusCode).toBe(404);
    // A member who is not a moderator still cannot reply in someone else's waiting topic.
    expect((await ben.get(`/community/topics/${topicId}/reply`)).statusCode).toBe(404);
  });

  it('lets a moderator open and clear a crisis post its author deleted, and not before', async () => {
    const carol = await createUser(t, 'carol.c@example.com', ['patient'], 'Carol Cole');
    const p = await insertPatient(t, {
      givenName: 'Carol',
      familyName: 'Cole',
      email: 'carol.c@example.com',
      userId: carol.id,
    });
    const [therapist] = await t.database.db
      .select({ id: users.id })
      .from(users)
      .where(eq(users.email, 'tess.therapist@example.nhs.uk'));
    await insertCourse(t, p.id, therapist!.id);
    const tess = await signedIn('tess.therapist@example.nhs.uk');
    await tess.get(`/patients/${p.id}/community-invitation`);
    await tess.post(`/patients/${p.id}/community-invitation`, { confirm: 'yes' });
    const c = await signedIn('carol.c@example.com');
    await join(c, 'Gentle Heron');
    const { postId } = await newTopic(c, 'Help', 'I want to die.');
    await c.get('/community/you/delete');
    const deleted = await c.post('/community/you/delete', { confirm: 'yes' });
    expect(deleted.statusCode).toBe(303);
    const [row] = await t.database.db
      .select()
      .from(communityPosts)
      .where(eq(communityPosts.id, postId));
    expect(row!.status).toBe('deleted');
    // Still in the queue, and now it opens.
    expect(await openItems(postId)).toHaveLength(1);
    const review = await moderator.get(`/community/moderation/posts/${postId}`);
    expect(review.statusCode).toBe(200);
    expect(textOf(review.body)).toContain('Its author has deleted what they wrote');
    expect(review.body).not.toContain('value="approve"');
    expect(review.body).not.toContain('value="hide"');
    // Only looking at it or asking: publishing or hiding a deleted post is refused.
    const refused = await moderator.post(`/community/moderation/posts/${postId}`, {
      action: 'restore',
      reason: 'x',
    });
    expect(refused.statusCode).toBe(404);
    const looked = await moderator.post(`/community/moderation/posts/${postId}`, {
      action: 'dismiss',
      reason: '',
    });
    expect(looked.statusCode).toBe(303);
    expect(await openItems(postId)).toHaveLength(0);
    expect((await moderator.get(`/community/moderation`)).body).not.toContain(postId);
    // Cleared: a deleted post no longer opens.
    expect((await moderator.get(`/community/moderation/posts/${postId}`)).statusCode).toBe(404);
  });

  it('asks the clinical team once per open alert, quoting the words, graded as words of crisis', async () => {
    await t.database.db
      .update(treatmentCourses)
      .set({ status: 'ended' })
      .where(eq(treatmentCourses.patientId, adaPatientId));
    const before = (await alertsOf(adaPatientId)).length;
    const { postId } = await newTopic(ada, 'Still', "I'd rather be dead. I can't go on.");
    expect(await alertsOf(adaPatientId)).toHaveLength(before);
    const review = await moderator.get(`/community/moderation/posts/${postId}`);
    expect(review.body).toContain('value="ask_clinical_team"');
    const asked = await moderator.post(`/community/moderation/posts/${postId}`, {
      action: 'ask_clinical_team',
      reason: 'Your post worried us, so we have asked the team to call you.',
    });
    expect(location(asked)).toBe(`/community/moderation/posts/${postId}?asked=yes`);
    const page = textOf((await moderator.get(location(asked))).body);
    expect(page).toContain('We have asked the clinical team to contact them');
    expect(page).toContain('The clinical team was asked about this post on');
    const raised = (await alertsOf(adaPatientId)).filter((a) => a.sourceRecordId === postId);
    expect(raised).toHaveLength(1);
    expect(raised[0]!.reason).toContain("“I'd rather be dead. I can't go on.”");
    expect(riskSeverity(raised[0]!)).toBe('frequent_thoughts');
    // Not offered again while the alert is open; asked again anyway (a reload): nothing more.
    expect((await moderator.get(`/community/moderation/posts/${postId}`)).body).not.toContain(
      'value="ask_clinical_team"',
    );
    const again = await moderator.post(`/community/moderation/posts/${postId}`, {
      action: 'ask_clinical_team',
      reason: 'Your post worried us, so we have asked the team to call you.',
    });
    expect(location(again)).toBe(`/community/moderation/posts/${postId}?asked=already`);
    expect(textOf((await moderator.get(location(again))).body)).toContain(
      'had already been asked about this post: we have not asked again',
    );
    expect((await alertsOf(adaPatientId)).filter((a) => a.sourceRecordId === postId)).toHaveLength(
      1,
    );
  });

  it('does not let a moderator warn, suspend or end the membership of themselves', async () => {
    const { postId } = await newTopic(moderator, 'Welcome', 'Hello, call me if you need.');
    const [mine] = await t.database.db
      .select()
      .from(communityPosts)
      .where(eq(communityPosts.id, postId));
    expect(mine).toBeDefined();
    const review = await moderator.get(`/community/moderation/posts/${postId}`);
    expect(review.statusCode).toBe(200);
    for (const action of ['warn', 'suspend', 'ban'])
      expect(review.body).not.toContain(`value="${action}"`);
    for (const action of ['suspend', 'ban']) {
      const res = await moderator.post(`/community/moderation/posts/${postId}`, {
        action,
        reason: 'testing',
      });
      expect(res.statusCode).toBe(404);
    }
    expect((await moderator.get('/community')).statusCode).toBe(200);
  });
});
