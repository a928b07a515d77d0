import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { auditEvents, communityPosts, communityQueueItems, communityTopics } from '../../db/schema';
import { TestClient, textOf } from '../../../tests/support/client';
import { insertCourse, insertPatient } from '../../../tests/support/fixtures';
import {
  createTestApp,
  createUser,
  TEST_PASSWORD,
  type TestApp,
} from '../../../tests/support/test-app';

/**
 * A member deletes one post of theirs, at any time (exploratory walk: only "Delete everything you
 * have written" was there once the 15-minute edit window had passed). Only its author may; a
 * second click does nothing more; an opening post takes its title; a crisis post deleted while it
 * waits stays in the moderation queue until a moderator looks (hazard H20).
 */

let t: TestApp;
const MOD = 'morgan.mod@example.nhs.uk';
let ada: TestClient;
let ben: TestClient;
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

async function postsOf(topicId: string) {
  return t.database.db.select().from(communityPosts).where(eq(communityPosts.topicId, topicId));
}

async function newTopic(c: TestClient, title: string, body: string) {
  await c.get(`/community/spaces/${spaceId}/new-topic`);
  const made = await c.post(`/community/spaces/${spaceId}/new-topic`, { title, body });
  expect(made.statusCode).toBe(303);
  const url = location(made);
  const topicId = url.startsWith('/community/topics/')
    ? url.split('/')[3]!.split('?')[0]!
    : new URL(`http://x${url}`).searchParams.get('topic')!;
  const [opening] = await postsOf(topicId);
  return { topicId, postId: opening!.id };
}

async function replyTo(c: TestClient, topicId: string, body: string) {
  await c.get(`/community/topics/${topicId}/reply`);
  expect((await c.post(`/community/topics/${topicId}/reply`, { body })).statusCode).toBe(303);
  const mine = (await postsOf(topicId)).filter((p) => p.body === body);
  return mine[mine.length - 1]!.id;
}

async function deleteAudits(postId: string) {
  return t.database.db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.action, 'community.delete_post'), eq(auditEvents.recordId, postId)));
}

beforeAll(async () => {
  t = await createTestApp();
  const therapist = await createUser(t, 'theo.therapist@example.nhs.uk', ['therapist'], 'Theo');
  const adaUser = await createUser(t, 'ada.ash@example.com', ['patient'], 'Ada Ash');
  const benUser = await createUser(t, 'ben.birch@example.com', ['patient'], 'Ben Birch');
  await createUser(t, MOD, ['moderator'], 'Morgan Mod');
  await createUser(t, 'mia.manager@example.nhs.uk', ['service_manager'], 'Mia');
  const ids: string[] = [];
  for (const [u, given, family, email] of [
    [adaUser, 'Ada', 'Ash', 'ada.ash@example.com'],
    [benUser, 'Ben', 'Birch', 'ben.birch@example.com'],
  ] as const) {
    const p = await insertPatient(t, { givenName: given, familyName: family, email, userId: u.id });
    await insertCourse(t, p.id, therapist.id);
    ids.push(p.id);
  }
  const theo = await signedIn('theo.therapist@example.nhs.uk');
  for (const id of ids) {
    await theo.get(`/patients/${id}/community-invitation`);
    await theo.post(`/patients/${id}/community-invitation`, { confirm: 'yes' });
  }
  ada = await signedIn('ada.ash@example.com');
  ben = await signedIn('ben.birch@example.com');
  await join(ada, 'Quiet Willow');
  await join(ben, 'Bright Finch');
  const mia = await signedIn('mia.manager@example.nhs.uk');
  await mia.get('/community/moderators');
  await mia.post('/community/moderators', { name: 'Morgan', email: MOD, badge: 'volunteer' });
  await join(await signedIn(MOD), 'Calm Harbour');
  const home = await ada.get('/community');
  spaceId = /\/community\/spaces\/([0-9a-f-]{36})/.exec(home.body)![1]!;
}, 120_000);
afterAll(async () => t.close());

describe('deleting one post of your own', () => {
  it('lets its author delete a reply after the edit window, once, audited; nobody else', async () => {
    const { topicId } = await newTopic(ben, 'Evenings', 'Evenings are long.');
    const postId = await replyTo(ada, topicId, 'Walking after tea helps me.');
    t.clock.advanceMinutes(20);
    const page = await ada.get(`/community/topics/${topicId}`);
    // The edit window has passed: no Edit, but Delete, on her post only.
    expect(page.body).not.toContain(`/community/posts/${postId}/edit`);
    expect(page.body).toContain(`href="/community/posts/${postId}/delete"`);
    expect(page.body.match(/\/delete"/g)).toHaveLength(1);
    // Anyone else, a moderator too, is told nothing.
    const mod = await signedIn(MOD);
    for (const c of [ben, mod]) {
      expect((await c.get(`/community/posts/${postId}/delete`)).statusCode).toBe(404);
      await c.get('/community');
      expect(
        (await c.post(`/community/posts/${postId}/delete`, { confirm: 'yes' })).statusCode,
      ).toBe(404);
    }
    const ask = await ada.get(`/community/posts/${postId}/delete`);
    expect(ask.statusCode).toBe(200);
    expect(textOf(ask.body)).toContain('Are you sure you want to delete your post?');
    expect(textOf(ask.body)).toContain('This cannot be undone');
    expect(textOf(ask.body)).toContain('Walking after tea helps me.');
    expect(ask.body).toContain(`href="/community/topics/${topicId}"`);
    // Not confirmed: said so, nothing deleted.
    const unconfirmed = await ada.post(`/community/posts/${postId}/delete`, {});
    expect(unconfirmed.statusCode).toBe(400);
    expect(textOf(unconfirmed.body)).toContain('Confirm that you want to delete your post');
    expect((await postsOf(topicId)).find((p) => p.id === postId)!.status).toBe('visible');
    const done = await ada.post(`/community/posts/${postId}/delete`, { confirm: 'yes' });
    expect(done.statusCode).toBe(303);
    expect(location(done)).toBe(`/community/topics/${topicId}?deleted=1`);
    const after = textOf((await ada.get(location(done))).body);
    expect(after).toContain('Your post has been deleted');
    expect(after).not.toContain('Walking after tea helps me.');
    expect(after).toContain('Evenings are long.');
    const row = (await postsOf(topicId)).find((p) => p.id === postId)!;
    expect(row.status).toBe('deleted');
    expect(row.body).toBe('');
    expect(textOf((await ben.get(`/community/topics/${topicId}`)).body)).not.toContain(
      'Walking after tea',
    );
    // A second click (or the back button) goes to the same place and records nothing more.
    const again = await ada.post(`/community/posts/${postId}/delete`, { confirm: 'yes' });
    expect(again.statusCode).toBe(303);
    expect(location(again)).toBe(`/community/topics/${topicId}?deleted=1`);
    expect((await ada.get(`/community/posts/${postId}/delete`)).statusCode).toBe(303);
    const audits = await deleteAudits(postId);
    expect(audits).toHaveLength(1);
    expect(audits[0]!.details).toMatchObject({ opening: false, stillInQueue: [] });
  });

  it('keeps a topic whose opening post is deleted while others replied, without its title', async () => {
    const { topicId, postId } = await newTopic(ada, 'My sister', 'I argued with my sister.');
    await replyTo(ben, topicId, 'That sounds hard. Talking later may help.');
    await ada.get(`/community/posts/${postId}/delete`);
    const done = await ada.post(`/community/posts/${postId}/delete`, { confirm: 'yes' });
    expect(location(done)).toBe(`/community/topics/${topicId}?deleted=1`);
    const [topic] = await t.database.db
      .select()
      .from(communityTopics)
      .where(eq(communityTopics.id, topicId));
    expect(topic!.title).toBe('Deleted by its author');
    expect(topic!.status).toBe('visible');
    const seen = textOf((await ben.get(`/community/topics/${topicId}`)).body);
    expect(seen).toContain('Deleted by its author.');
    expect(seen).not.toContain('I argued with my sister');
    expect(seen).not.toContain('My sister');
    expect(seen).toContain('That sounds hard. Talking later may help.');
    expect((await deleteAudits(postId))[0]!.details).toMatchObject({
      opening: true,
      topicKept: true,
    });
  });

  it('takes a topic nobody replied to with its opening post, back to their page', async () => {
    const { topicId, postId } = await newTopic(ada, 'Sleep', 'I slept badly again.');
    await ada.get(`/community/posts/${postId}/delete`);
    const done = await ada.post(`/community/posts/${postId}/delete`, { confirm: 'yes' });
    expect(location(done)).toBe('/community/you?deleted=post');
    expect(textOf((await ada.get(location(done))).body)).toContain('Your post has been deleted');
    expect((await ben.get(`/community/topics/${topicId}`)).statusCode).toBe(404);
    expect(textOf((await ben.get(`/community/spaces/${spaceId}`)).body)).not.toContain('Sleep');
  });

  it('lets a member delete a post from their own page, and goes back there', async () => {
    const { topicId } = await newTopic(ben, 'Gardens', 'The garden is calm.');
    const postId = await replyTo(ada, topicId, 'I grow tomatoes.');
    const you = await ada.get('/community/you');
    expect(you.body).toContain(`href="/community/posts/${postId}/delete?from=you"`);
    const ask = await ada.get(`/community/posts/${postId}/delete?from=you`);
    expect(ask.body).toContain(`action="/community/posts/${postId}/delete?from=you"`);
    expect(ask.body).toContain('href="/community/you"');
    const done = await ada.post(`/community/posts/${postId}/delete?from=you`, { confirm: 'yes' });
    expect(location(done)).toBe('/community/you?deleted=post');
    const page = await ada.get(location(done));
    expect(textOf(page.body)).toContain('Your post has been deleted');
    expect(page.body).not.toContain(`/community/posts/${postId}/delete`);
  });

  it('keeps a crisis post its author deleted in the moderation queue, and its review opens (H20)', async () => {
    const { topicId } = await newTopic(ben, 'Nights', 'Nights are the worst.');
    await ada.get(`/community/topics/${topicId}/reply`);
    await ada.post(`/community/topics/${topicId}/reply`, { body: 'I want to die.' });
    const postId = (await postsOf(topicId)).find((p) => p.body === 'I want to die.')!.id;
    // Her own waiting post: she may delete it.
    expect((await ada.get(`/community/topics/${topicId}`)).body).toContain(
      `/community/posts/${postId}/delete`,
    );
    await ada.get(`/community/posts/${postId}/delete`);
    const done = await ada.post(`/community/posts/${postId}/delete`, { confirm: 'yes' });
    expect(done.statusCode).toBe(303);
    const open = (
      await t.database.db
        .select()
        .from(communityQueueItems)
        .where(eq(communityQueueItems.postId, postId))
    ).filter((i) => i.resolvedAt === null);
    expect(open.map((i) => i.kind)).toEqual(['crisis']);
    expect((await deleteAudits(postId))[0]!.details).toMatchObject({ stillInQueue: ['crisis'] });
    const mod = await signedIn(MOD);
    expect((await mod.get('/community/moderation')).body).toContain(
      `/community/moderation/posts/${postId}`,
    );
    const review = await mod.get(`/community/moderation/posts/${postId}`);
    expect(review.statusCode).toBe(200);
    expect(textOf(review.body)).toContain('Its author has deleted what they wrote');
    expect(review.body).toContain('value="dismiss"');
  });
});
