import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, like } from 'drizzle-orm';
import {
  communityMembers,
  communityPosts,
  outboxMessages,
  riskAlerts,
  treatmentCourses,
} from '../../db/schema';
import { formatLondonDate } from '../../domain/calendar';
import { TestClient, textOf } from '../../../tests/support/client';
import { insertCourse, insertPatient } from '../../../tests/support/fixtures';
import {
  createTestApp,
  createUser,
  TEST_PASSWORD,
  type TestApp,
} from '../../../tests/support/test-app';

/**
 * Issue 13 end to end through the pages: a patient invited by their therapist joins under a
 * pseudonym and posts; a moderator approves a blog post; a carer sees only their spaces; crisis
 * language reaches the queue, the moderators and the therapist, and the author sees help; and no
 * member's real name, email or NHS number reaches another member in any community response.
 */

let t: TestApp;
const REAL = {
  given: 'Taylorine',
  family: 'Quixley',
  email: 'taylorine.quixley@example.com',
  nhs: '9434765919',
};
const CARER = { name: 'Casimir Carewell', email: 'casimir.carewell@example.com' };
const MOD = { name: 'Morwenna Modley', email: 'morwenna.modley@example.nhs.uk' };
let patientId: string;
let therapist: TestClient;
let patient: TestClient;
let carer: TestClient;
let moderator: TestClient;
let manager: TestClient;
/** Every community response body each member saw, for the real-name scan. */
const seen = new Map<TestClient, string[]>();

async function signedIn(email: string) {
  const c = new TestClient(t.app);
  const res = await c.signIn(email, TEST_PASSWORD);
  expect(res.statusCode).toBe(303);
  seen.set(c, []);
  return c;
}
async function get(c: TestClient, url: string) {
  const res = await c.get(url);
  if (url.startsWith('/community')) seen.get(c)?.push(res.body);
  return res;
}
async function post(c: TestClient, url: string, form: Record<string, string | string[]>) {
  const res = await c.post(url, form);
  if (url.startsWith('/community')) seen.get(c)?.push(res.body);
  return res;
}
const location = (res: { headers: Record<string, unknown> }) => String(res.headers.location);

async function join(c: TestClient, pseudonym: string, avatar = 'star-teal') {
  await get(c, '/community/join');
  return post(c, '/community/join', { pseudonym, avatar, adult: 'yes', rules: 'yes' });
}

beforeAll(async () => {
  t = await createTestApp();
  const therapistUser = await createUser(t, 'tess.therapist@example.nhs.uk', ['therapist'], 'Tess');
  const patientUser = await createUser(t, REAL.email, ['patient'], `${REAL.given} ${REAL.family}`);
  await createUser(t, CARER.email, ['community_member'], CARER.name);
  await createUser(t, MOD.email, ['moderator'], MOD.name);
  await createUser(t, 'manny.manager@example.nhs.uk', ['service_manager'], 'Manny');
  const p = await insertPatient(t, {
    givenName: REAL.given,
    familyName: REAL.family,
    email: REAL.email,
    nhsNumber: REAL.nhs,
    userId: patientUser.id,
  });
  patientId = p.id;
  await insertCourse(t, patientId, therapistUser.id);
  therapist = await signedIn('tess.therapist@example.nhs.uk');
  patient = await signedIn(REAL.email);
  carer = await signedIn(CARER.email);
  moderator = await signedIn(MOD.email);
  manager = await signedIn('manny.manager@example.nhs.uk');
}, 120_000);
afterAll(async () => t.close());

describe('the peer-support community', () => {
  it('keeps people who are not members out, telling them nothing of it', async () => {
    // A patient is told how people join (walk 7), and nothing of what is inside.
    const notYet = await get(patient, '/community');
    expect(notYet.statusCode).toBe(404);
    expect(textOf(notYet.body)).toContain('You are not a member of the community');
    expect(textOf(notYet.body)).toContain('your therapist can invite you to join');
    expect((await get(carer, '/community/search?q=x')).statusCode).toBe(404);
    expect((await get(therapist, '/community/moderation')).statusCode).toBe(404);
  });

  it('lets the therapist invite their patient, once, by an email with no health detail', async () => {
    const page = await therapist.get(`/patients/${patientId}/community-invitation`);
    expect(page.statusCode).toBe(200);
    const refused = await therapist.post(`/patients/${patientId}/community-invitation`, {});
    expect(refused.statusCode).toBe(400);
    const sent = await therapist.post(`/patients/${patientId}/community-invitation`, {
      confirm: 'yes',
    });
    expect(sent.statusCode).toBe(303);
    expect(location(sent)).toContain('outcome=invited');
    const again = await therapist.post(`/patients/${patientId}/community-invitation`, {
      confirm: 'yes',
    });
    expect(location(again)).toContain('outcome=already_invited');
    const emails = await t.database.db
      .select()
      .from(outboxMessages)
      .where(eq(outboxMessages.template, 'community-invitation'));
    expect(emails.map((e) => e.recipient)).toEqual([REAL.email]);
    expect(emails[0]!.body).toContain('/community/join');
    expect(emails[0]!.body).toContain(`You are invited to join the ${t.service.name} community,`);
    // The service's own name may say "Talking Therapies"; nothing else may.
    expect(emails[0]!.body.replaceAll(t.service.name, 'the service')).not.toMatch(
      /therap|treatment|depress/i,
    );
  });

  it('sends the invited patient to join, and refuses a pseudonym with their real name', async () => {
    const home = await get(patient, '/community');
    expect(home.statusCode).toBe(303);
    expect(location(home)).toBe('/community/join');
    const form = await get(patient, '/community/join');
    expect(form.body).toContain('This community is not a crisis service');
    expect(form.body).toContain(`<h1>Join the ${t.service.name} community</h1>`);
    const bad = await join(patient, `${REAL.given} Walks`);
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('must not include your real name');
    const place = await join(patient, 'Leeds Lass');
    expect(place.statusCode).toBe(400);
    const noRules = await post(patient, '/community/join', {
      pseudonym: 'Blue Heron',
      avatar: 'star-teal',
      adult: 'yes',
    });
    expect(noRules.statusCode).toBe(400);
    const invitedHome = (await get(patient, '/home')).body;
    expect(invitedHome).not.toContain('href="/community"');
    expect(invitedHome).toContain('href="/community/join"');
    const ok = await join(patient, 'Blue Heron');
    expect(ok.statusCode).toBe(303);
    // A member finds their way in from their home page.
    const memberHome = (await get(patient, '/home')).body;
    expect(memberHome).toContain('href="/community"');
    expect(memberHome).not.toContain('href="/community/join"');
    const now = await get(patient, '/community');
    expect(now.statusCode).toBe(200);
    expect(now.body).toContain('Blue Heron');
    expect(now.body).toContain('Staying well after therapy');
    expect(now.body).toContain('Supporting someone'.slice(0, 0)); // (carers' space checked below)
  });

  it('lets the member start a topic, reply, edit for 15 minutes only, and find it by search', async () => {
    const home = await get(patient, '/community');
    const spaceId = /\/community\/spaces\/([0-9a-f-]{36})/.exec(home.body)![1]!;
    await get(patient, `/community/spaces/${spaceId}/new-topic`);
    const empty = await post(patient, `/community/spaces/${spaceId}/new-topic`, {
      title: '',
      body: '',
    });
    expect(empty.statusCode).toBe(400);
    const made = await post(patient, `/community/spaces/${spaceId}/new-topic`, {
      title: 'Walking helps me',
      body: 'I walk **every** morning. <script>alert(1)</script>',
    });
    expect(made.statusCode).toBe(303);
    const topicUrl = location(made);
    const topic = await get(patient, topicUrl);
    expect(topic.body).toContain('<strong>every</strong>');
    expect(topic.body).not.toContain('<script>alert(1)');
    const postId = /\/community\/posts\/([0-9a-f-]{36})\/edit/.exec(topic.body)![1]!;
    await get(patient, `/community/posts/${postId}/edit`);
    const edited = await post(patient, `/community/posts/${postId}/edit`, {
      body: 'I walk every morning by the river.',
    });
    expect(edited.statusCode).toBe(303);
    // Sixteen minutes on (moved in the database: staff sessions here would time out).
    await t.database.db
      .update(communityPosts)
      .set({ createdAt: new Date(t.clock.now().getTime() - 16 * 60_000) })
      .where(eq(communityPosts.id, postId));
    const late = await get(patient, `/community/posts/${postId}/edit`);
    expect(late.body).toContain('You can no longer change this post');
    const lateSave = await post(patient, `/community/posts/${postId}/edit`, { body: 'changed' });
    expect(lateSave.statusCode).toBe(303);
    const [row] = await t.database.db
      .select()
      .from(communityPosts)
      .where(eq(communityPosts.id, postId));
    expect(row!.body).toBe('I walk every morning by the river.');
    const found = await get(patient, '/community/search?q=river');
    expect(found.body).toContain('Walking helps me');
    const none = await get(patient, '/community/search?q=%25');
    expect(none.statusCode).toBe(200);
    // Too long to search for: said on the form, the words kept (walk 10: a bare 400 page).
    const words = 'river '.repeat(40).trim();
    const long = await get(patient, `/community/search?q=${encodeURIComponent(words)}`);
    expect(long.statusCode).toBe(400);
    expect(textOf(long.body)).toContain('Words to look for must be 200 characters or fewer');
    expect(long.body).toContain('<title>Error: Search the community');
    expect(long.body).toContain(`value="${words}"`);
  });

  it('lets a manager add a moderator with a badge, who joins and sees the badge', async () => {
    // The manager is not a member: no community menu, whose pages are not there for them.
    const form = await manager.get('/community/moderators');
    expect(form.statusCode).toBe(200);
    expect(form.body).not.toContain('href="/community/blogs"');
    expect(form.body).toContain('href="/home"');
    const sent = await manager.post('/community/moderators', {
      name: MOD.name,
      email: MOD.email,
      badge: 'clinician',
    });
    expect(sent.statusCode).toBe(303);
    expect((await join(moderator, 'Calm Harbour', 'leaf-green')).statusCode).toBe(303);
    const queue = await get(moderator, '/community/moderation');
    expect(queue.statusCode).toBe(200);
    expect(
      (await post(moderator, '/community/moderation/duty', { onDuty: 'yes' })).statusCode,
    ).toBe(303);
    const home = await get(moderator, '/community');
    expect(home.body).toContain('Moderator: clinician');
    // The header takes a moderator back to the community from anywhere, their home page too.
    const modHome = (await get(moderator, '/home')).body;
    const headerNav = modHome.slice(modHome.indexOf('<header'), modHome.indexOf('</header>'));
    expect(headerNav).toMatch(/href="\/community"[^>]*>Community</);
    // A member is not a moderator.
    expect((await get(patient, '/community/moderation')).statusCode).toBe(404);
  });

  it('lets a member invite a carer, who sees only the carers’ and shared spaces', async () => {
    // A patient who has not joined may not invite anyone: no form that would only refuse them.
    await createUser(t, 'not.joined@example.com', ['patient'], 'Nell');
    const outsider = await signedIn('not.joined@example.com');
    expect((await outsider.get('/community/invite')).statusCode).toBe(404);
    const member = await get(patient, '/community/invite');
    expect(member.body).toContain('href="/community/blogs"');
    const sent = await post(patient, '/community/invite', {
      name: CARER.name,
      email: CARER.email,
    });
    expect(sent.statusCode).toBe(303);
    expect((await join(carer, 'Kind Kestrel', 'circle-blue')).statusCode).toBe(303);
    const home = await get(carer, '/community');
    expect(home.body).toContain('Supporting someone');
    expect(home.body).not.toContain('Staying well after therapy');
    // The patient's topic is in the former patients' space: a carer gets 404.
    const topics = await t.database.db.select().from(communityPosts);
    const topicId = topics[0]!.topicId;
    expect((await get(carer, `/community/topics/${topicId}`)).statusCode).toBe(404);
    expect((await get(carer, '/community/search?q=river')).body).not.toContain('Walking helps me');
    // A carer with no account yet is told what the new account is for.
    await get(patient, '/community/invite');
    await post(patient, '/community/invite', { name: 'Nia New', email: 'nia.new@example.com' });
    const [accountEmail] = await t.database.db
      .select()
      .from(outboxMessages)
      .where(
        and(
          eq(outboxMessages.recipient, 'nia.new@example.com'),
          eq(outboxMessages.template, 'account-invitation'),
        ),
      );
    expect(accountEmail!.body).toContain('so you can join its online peer-support community');
  });

  it('holds a member’s blog post until a moderator approves it', async () => {
    await get(patient, '/community/blogs/new');
    const made = await post(patient, '/community/blogs/new', {
      title: 'What I learnt',
      body: 'Small steps add up.',
    });
    expect(made.statusCode).toBe(303);
    const blogs = await get(carer, '/community/blogs');
    expect(blogs.body).not.toContain('What I learnt');
    const queue = await get(moderator, '/community/moderation');
    expect(queue.body).toContain('Awaiting approval');
    const postId = /\/community\/moderation\/posts\/([0-9a-f-]{36})/.exec(queue.body)![1]!;
    await get(moderator, `/community/moderation/posts/${postId}`);
    const review = await get(moderator, `/community/moderation/posts/${postId}`);
    expect(textOf(review.body)).toContain('Awaiting approval');
    expect(textOf(review.body)).toContain('Waiting for a moderator: only its author can see it');
    expect(review.body).not.toContain('value="restore"');
    // Hiding needs a reason the member can read; approving does not.
    const noReason = await post(moderator, `/community/moderation/posts/${postId}`, {
      action: 'hide',
      reason: '',
    });
    expect(noReason.statusCode).toBe(400);
    expect(textOf(noReason.body)).toContain('Give a reason: the member will see it');
    const approved = await post(moderator, `/community/moderation/posts/${postId}`, {
      action: 'approve',
      reason: '',
    });
    expect(approved.statusCode).toBe(303);
    expect((await get(carer, '/community/blogs')).body).toContain('What I learnt');
  });

  it('lets a member report a post; a hidden post shows its author why', async () => {
    const blogs = await get(carer, '/community/blogs');
    const topicUrl = /href="(\/community\/topics\/[0-9a-f-]{36})"/.exec(blogs.body)![1]!;
    const topic = await get(carer, topicUrl);
    const postId = /\/community\/posts\/([0-9a-f-]{36})\/report/.exec(topic.body)![1]!;
    await get(carer, `/community/posts/${postId}/report`);
    const reported = await post(carer, `/community/posts/${postId}/report`, {
      reason: 'Names a street',
    });
    expect(reported.statusCode).toBe(303);
    expect(location(reported)).toBe(`${topicUrl}?reported=1`);
    // The topic page confirms it, in a success banner.
    const confirmed = await get(carer, location(reported));
    expect(confirmed.body).toContain('nhsuk-notification-banner--success');
    expect(textOf(confirmed.body)).toContain(
      'You have reported this post and the community’s moderators will look at it.',
    );
    // Said once: the banner does not come back. The post now says it is reported, not "Report".
    const later = await get(carer, topicUrl);
    expect(later.body).not.toContain('nhsuk-notification-banner');
    expect(textOf(later.body)).toContain('You have reported this post');
    expect(later.body).not.toContain(`/community/posts/${postId}/report`);
    // The report page says so, with the date, instead of asking again (no form).
    const page = await get(carer, `/community/posts/${postId}/report`);
    expect(page.statusCode).toBe(200);
    expect(textOf(page.body)).toContain(
      `You reported this post on ${formatLondonDate(t.clock.now())}. A moderator will look at it.`,
    );
    expect(page.body).not.toContain(`action="/community/posts/${postId}/report"`);
    expect(page.body).not.toContain('name="reason"');
    // Their report was not about crisis: they can still say the author may be in danger (H20).
    expect(page.body).toContain(`href="/community/posts/${postId}/report?worried=yes"`);
    const worriedForm = await get(carer, `/community/posts/${postId}/report?worried=yes`);
    expect(worriedForm.body).toContain('name="reason"');
    expect(textOf(worriedForm.body)).toContain('You have already reported this post.');
    // Another member who has not reported it still gets the form.
    const others = await get(moderator, `/community/posts/${postId}/report`);
    expect(others.body).toContain('name="reason"');
    // Reporting it again while the report is open (a hand-made POST) adds nothing, and says so.
    const again = await post(carer, `/community/posts/${postId}/report`, {
      reason: 'Still names a street',
    });
    expect(location(again)).toBe(`${topicUrl}?reported=already`);
    expect(textOf((await get(carer, location(again))).body)).toContain(
      'You have already reported this post.',
    );
    // Unless the new reason speaks of crisis: that goes in, at the top of the queue (H20).
    const worried = await post(carer, `/community/posts/${postId}/report?worried=yes`, {
      reason: 'I think they want to end it all',
    });
    expect(location(worried)).toBe(`${topicUrl}?reported=1`);
    // Reported about crisis: the page says so, and offers nothing more to add.
    const after = await get(carer, `/community/posts/${postId}/report?worried=yes`);
    expect(textOf(after.body)).toContain('You reported this post on');
    expect(after.body).not.toContain('name="reason"');
    expect(after.body).not.toContain('?worried=yes');
    const queue = await get(moderator, '/community/moderation');
    expect(queue.body).toContain('Names a street');
    expect(queue.body).not.toContain('Still names a street');
    expect(/<strong class="nhsuk-tag[^"]*">([^<]+)</.exec(queue.body)?.[1]).toBe('Crisis language');
    await get(moderator, `/community/moderation/posts/${postId}`);
    await post(moderator, `/community/moderation/posts/${postId}`, {
      action: 'hide',
      reason: 'It names a street near you',
    });
    expect((await get(carer, topicUrl)).statusCode).toBe(404);
    const mine = await get(patient, topicUrl);
    expect(mine.body).toContain('It names a street near you');
    const you = textOf((await get(patient, '/community/you')).body);
    expect(you).toContain('It names a street near you');
    // Which post: its topic's title (walk 10: "hid your post" alone did not say).
    expect(you).toContain('a moderator hid your post in “What I learnt”.');
  });

  it('holds a post that shares a phone number for a moderator, and tells its author why', async () => {
    const home = await get(patient, '/community');
    const spaceId = /\/community\/spaces\/([0-9a-f-]{36})/.exec(home.body)![1]!;
    await get(patient, `/community/spaces/${spaceId}/new-topic`);
    const made = await post(patient, `/community/spaces/${spaceId}/new-topic`, {
      title: 'Anyone nearby?',
      body: 'Text me on 07700 900123 if you want to meet for a walk.',
    });
    expect(made.statusCode).toBe(303);
    const topicUrl = location(made);
    const mine = await get(patient, topicUrl);
    expect(mine.body).toContain('Waiting for a moderator');
    expect(mine.body).toContain('It looks like it has a phone number in it');
    // Neither the space's list nor the topic shows it to others yet.
    // Not for other members; a moderator may open it (to answer), seeing that it waits.
    expect(textOf((await get(moderator, topicUrl)).body)).toContain(
      'Only its author and the moderators can see it',
    );
    expect((await get(moderator, `/community/spaces/${spaceId}`)).body).not.toContain(
      'Anyone nearby?',
    );
    const queue = await get(moderator, '/community/moderation');
    expect(queue.body).toContain('Contact details');
    const item = /\/community\/moderation\/posts\/([0-9a-f-]{36})"[^<]*>Anyone nearby\?/.exec(
      queue.body,
    );
    expect(item).not.toBeNull();
    const review = await get(moderator, `/community/moderation/posts/${item![1]!}`);
    expect(review.body).toContain('Seems to share a phone number');
    await post(moderator, `/community/moderation/posts/${item![1]!}`, {
      action: 'hide',
      reason: 'Please do not share your phone number here',
    });
    expect((await get(patient, topicUrl)).body).toContain(
      'Please do not share your phone number here',
    );
  });

  it('sends a visible post back to a moderator when an edit adds an email address', async () => {
    const home = await get(patient, '/community');
    const spaceId = /\/community\/spaces\/([0-9a-f-]{36})/.exec(home.body)![1]!;
    await get(patient, `/community/spaces/${spaceId}/new-topic`);
    const made = await post(patient, `/community/spaces/${spaceId}/new-topic`, {
      title: 'Sleep',
      body: 'A warm bath before bed helps me.',
    });
    const topicUrl = location(made);
    const topic = await get(patient, topicUrl);
    expect(topic.body).not.toContain('Waiting for a moderator');
    expect((await get(moderator, topicUrl)).statusCode).toBe(200);
    const postId = /\/community\/posts\/([0-9a-f-]{36})\/edit/.exec(topic.body)![1]!;
    await get(patient, `/community/posts/${postId}/edit`);
    await post(patient, `/community/posts/${postId}/edit`, {
      body: 'A warm bath helps. Email me: taylorine.q@example.com',
    });
    expect((await get(patient, topicUrl)).body).toContain('an email address');
    // Not for other members; a moderator may open it (to answer), seeing that it waits.
    expect(textOf((await get(moderator, topicUrl)).body)).toContain(
      'Only its author and the moderators can see it',
    );
    await get(moderator, `/community/moderation/posts/${postId}`);
    const approved = await post(moderator, `/community/moderation/posts/${postId}`, {
      action: 'approve',
      reason: 'Author asked us to leave it',
    });
    expect(approved.statusCode).toBe(303);
    expect((await get(moderator, topicUrl)).statusCode).toBe(200);
  });

  it('puts a held post up once its author takes the contact details out', async () => {
    const home = await get(patient, '/community');
    const spaceId = /\/community\/spaces\/([0-9a-f-]{36})/.exec(home.body)![1]!;
    await get(patient, `/community/spaces/${spaceId}/new-topic`);
    const made = await post(patient, `/community/spaces/${spaceId}/new-topic`, {
      title: 'Evening walks',
      body: 'Anyone want to walk? Ring 07700 900124.',
    });
    const topicUrl = location(made);
    // Waiting: a moderator may open it (to answer its author), and sees it waits for them.
    expect(textOf((await get(moderator, topicUrl)).body)).toContain('Waiting for a moderator');
    const mine = await get(patient, topicUrl);
    const postId = /\/community\/posts\/([0-9a-f-]{36})\/edit/.exec(mine.body)![1]!;
    await get(patient, `/community/posts/${postId}/edit`);
    await post(patient, `/community/posts/${postId}/edit`, {
      body: 'Evening walks help me. Anyone else find that?',
    });
    expect((await get(moderator, topicUrl)).statusCode).toBe(200);
    expect(textOf((await get(patient, topicUrl)).body)).not.toContain('Waiting for a moderator');
    expect((await get(moderator, '/community/moderation')).body).not.toContain('Evening walks');
  });

  it('puts crisis language at the top of the queue, alerts moderators and the therapist, and shows help', async () => {
    const home = await get(patient, '/community');
    const spaceId = /\/community\/spaces\/([0-9a-f-]{36})/.exec(home.body)![1]!;
    await get(patient, `/community/spaces/${spaceId}/new-topic`);
    const made = await post(patient, `/community/spaces/${spaceId}/new-topic`, {
      title: 'Tonight',
      body: 'I cannot cope and I want to end my life.',
    });
    expect(made.statusCode).toBe(303);
    expect(location(made)).toMatch(/^\/community\/urgent-help\?topic=/);
    const help = await get(patient, location(made));
    expect(help.body).toContain('NHS 111');
    expect(help.body).toContain('999');
    const queue = await get(moderator, '/community/moderation');
    expect(queue.body.indexOf('Crisis language')).toBeGreaterThan(-1);
    const firstTag = /<strong class="nhsuk-tag[^"]*">([^<]+)</.exec(queue.body)?.[1];
    expect(firstTag).toBe('Crisis language');
    const alerts = await t.database.db
      .select()
      .from(outboxMessages)
      .where(
        and(
          eq(outboxMessages.template, 'community-moderator-alert'),
          like(outboxMessages.idempotencyKey, 'community-crisis:%'),
        ),
      );
    expect(alerts.map((a) => a.recipient)).toEqual([MOD.email]);
    expect(alerts[0]!.body).not.toContain('end my life');
    const risk = await t.database.db
      .select()
      .from(riskAlerts)
      .where(and(eq(riskAlerts.patientId, patientId), eq(riskAlerts.source, 'community')));
    expect(risk).toHaveLength(1);
    // Held for a moderator: other members do not see it; a moderator may open it to answer.
    const topicId = new URL(`http://x${location(made)}`).searchParams.get('topic')!;
    const held = await get(moderator, `/community/topics/${topicId}`);
    expect(held.statusCode).toBe(200);
    expect(textOf(held.body)).toContain('This topic waits for a moderator');
  });

  it('shows a moderator on their home page what waits, crisis language first (H20)', async () => {
    const queue = await get(moderator, '/community/moderation');
    const crisisPost = /href="(\/community\/moderation\/posts\/[0-9a-f-]{36})"/.exec(
      queue.body,
    )![1]!;
    const home = await moderator.get('/home');
    expect(home.statusCode).toBe(200);
    const text = textOf(home.body);
    expect(text).toContain('Waiting for moderation');
    expect(text).toMatch(/1 post uses crisis language\. Read it first/);
    // Crisis items first and marked, each opening the post's review; then the way to the queue.
    expect(/<strong class="nhsuk-tag[^"]*">([^<]+)</.exec(home.body)?.[1]).toBe('Crisis language');
    expect(/href="(\/community\/moderation\/posts\/[0-9a-f-]{36})"/.exec(home.body)?.[1]).toBe(
      crisisPost,
    );
    expect(text).toContain('Tonight');
    expect(home.body).toContain('href="/community/moderation"');
    // What the member wrote stays in the queue, not on the home page.
    expect(text).not.toContain('end my life');
    // Headings go down one level at a time.
    const levels = [...home.body.matchAll(/<h([1-6])[\s>]/g)].map((m) => Number(m[1]));
    expect(levels[0]).toBe(1);
    for (let i = 1; i < levels.length; i++)
      expect(levels[i]!).toBeLessThanOrEqual(levels[i - 1]! + 1);
    // A member who does not moderate sees none of it.
    expect(textOf((await carer.get('/home')).body)).not.toContain('Waiting for moderation');
  });

  it('raises no risk alert once the patient’s course has ended', async () => {
    await t.database.db
      .update(treatmentCourses)
      .set({ status: 'ended' })
      .where(eq(treatmentCourses.patientId, patientId));
    const home = await get(patient, '/community');
    const spaceId = /\/community\/spaces\/([0-9a-f-]{36})/.exec(home.body)![1]!;
    await get(patient, `/community/spaces/${spaceId}/new-topic`);
    await post(patient, `/community/spaces/${spaceId}/new-topic`, {
      title: 'Again',
      body: 'Thinking about suicide.',
    });
    const risk = await t.database.db
      .select()
      .from(riskAlerts)
      .where(eq(riskAlerts.source, 'community'));
    expect(risk).toHaveLength(1);

    // The moderator can hand it to the clinical team, who can reach them (walk 4).
    const queue = await get(moderator, '/community/moderation');
    const held = [...queue.body.matchAll(/\/community\/moderation\/posts\/([0-9a-f-]{36})/g)].map(
      (m) => m[1]!,
    );
    let postId = '';
    for (const id of held)
      if (
        textOf((await get(moderator, `/community/moderation/posts/${id}`)).body).includes(
          'Thinking about suicide',
        )
      )
        postId = id;
    const review = await get(moderator, `/community/moderation/posts/${postId}`);
    expect(review.body).toContain('value="ask_clinical_team"');
    const asked = await post(moderator, `/community/moderation/posts/${postId}`, {
      action: 'ask_clinical_team',
      reason: 'Your post worried us, so we have asked the team to call you.',
    });
    expect(asked.statusCode).toBe(303);
    const after = await t.database.db
      .select()
      .from(riskAlerts)
      .where(and(eq(riskAlerts.patientId, patientId), eq(riskAlerts.source, 'community')));
    expect(after).toHaveLength(2);
    // The words themselves, quoted as the Wall's alert quotes them, and graded as crisis words.
    expect(after.map((a) => a.reason)).toContain(
      'A community moderator asked the clinical team to contact them about a post: “Thinking about suicide.”: Your post worried us, so we have asked the team to call you.. Words of crisis in it: “suicide”',
    );
    // The post itself is still to be decided, and the member is told what was done.
    expect(textOf((await get(moderator, `/community/moderation/posts/${postId}`)).body)).toContain(
      'Crisis language',
    );
    expect(textOf((await get(patient, '/community/you')).body)).toContain(
      'asked our clinical team to get in touch with you',
    );
  });

  it('tells the moderator a carer has no clinical team to ask, and where to send them', async () => {
    const home = await get(carer, '/community');
    const spaceId = /\/community\/spaces\/([0-9a-f-]{36})/.exec(home.body)![1]!;
    await get(carer, `/community/spaces/${spaceId}/new-topic`);
    await post(carer, `/community/spaces/${spaceId}/new-topic`, {
      title: 'Tonight',
      body: 'I want to end my life, caring is too much.',
    });
    const queue = await get(moderator, '/community/moderation');
    const held = [...queue.body.matchAll(/\/community\/moderation\/posts\/([0-9a-f-]{36})/g)].map(
      (m) => m[1]!,
    );
    let review = '';
    for (const id of held) {
      const page = (await get(moderator, `/community/moderation/posts/${id}`)).body;
      if (textOf(page).includes('caring is too much')) review = page;
    }
    expect(textOf(review)).toContain('They are a relative or carer, not one of our patients');
    expect(review).toContain('href="/urgent-help"');
    expect(review).not.toContain('value="ask_clinical_team"');
  });

  it('lets a member download and delete what they wrote, and leave', async () => {
    const download = await get(patient, '/community/you/download');
    expect(download.headers['content-type']).toContain('application/json');
    expect(download.body).toContain('by the river');
    await get(patient, '/community/you/delete');
    expect((await post(patient, '/community/you/delete', { confirm: 'yes' })).statusCode).toBe(303);
    const after = await get(patient, '/community/you/download');
    expect(after.body).not.toContain('by the river');
    // Suspended: told so kindly on community pages, not "Page not found"; may still leave.
    await t.database.db
      .update(communityMembers)
      .set({
        status: 'suspended',
        statusReason: 'Shared another member’s details',
        suspendedUntil: new Date(t.clock.now().getTime() + 7 * 86_400_000),
      })
      .where(eq(communityMembers.pseudonym, 'Blue Heron'));
    const away = await get(patient, '/community');
    expect(away.statusCode).toBe(403);
    expect(textOf(away.body)).toContain('You are suspended from the community');
    expect(textOf(away.body)).toContain('Their reason: Shared another member’s details');
    expect(away.body).toContain('href="/community/you"');
    // The Wall says so too.
    const wall = await get(patient, '/community/wall');
    expect(wall.statusCode).toBe(403);
    expect(textOf(wall.body)).toContain('You are suspended from the community');
    const you = textOf((await get(patient, '/community/you')).body);
    expect(you).toContain('Leave the community');
    expect(you).not.toContain('Invite a relative or carer');
    await get(patient, '/community/leave');
    expect((await post(patient, '/community/leave', { confirm: 'yes' })).statusCode).toBe(303);
    expect((await get(patient, '/community')).statusCode).toBe(404);
    expect((await get(patient, '/community/wall')).statusCode).toBe(404);
    const [m] = await t.database.db
      .select()
      .from(communityMembers)
      .where(eq(communityMembers.pseudonym, 'Blue Heron'));
    expect(m!.status).toBe('left');
    // The clinical record is untouched: the therapist still opens it.
    expect((await therapist.get(`/patients/${patientId}`)).statusCode).toBe(200);
  });

  it('never shows a member another member’s real name, email or NHS number', () => {
    const others: [TestClient, string[]][] = [
      [carer, [REAL.given, REAL.family, REAL.email, REAL.nhs, MOD.name, 'Morwenna']],
      [moderator, [REAL.given, REAL.family, REAL.email, REAL.nhs, CARER.name, CARER.email]],
      [patient, [CARER.name, 'Casimir', CARER.email, MOD.name, MOD.email]],
    ];
    let scanned = 0;
    for (const [client, secrets] of others)
      for (const body of seen.get(client) ?? []) {
        scanned++;
        for (const s of secrets) expect(body).not.toContain(s);
      }
    expect(scanned).toBeGreaterThan(30);
  });
});
