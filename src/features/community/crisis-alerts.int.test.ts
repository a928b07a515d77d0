import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, inArray, like } from 'drizzle-orm';
import { withTenant } from '../../db/client';
import {
  communityMembers,
  communityPosts,
  outboxMessages,
  riskAlerts,
  treatmentCourses,
  users,
} from '../../db/schema';
import { systemActor } from '../../platform/audit';
import { createUseCase } from '../../platform/use-case';
import { TestClient } from '../../../tests/support/client';
import { insertCourse, insertPatient } from '../../../tests/support/fixtures';
import {
  createTestApp,
  createUser,
  TEST_PASSWORD,
  type TestApp,
} from '../../../tests/support/test-app';
import { alertCrisis } from './moderation.service';

/**
 * Hazard H20: a crisis post is never held with nobody told. With no active moderator in the
 * service (none appointed yet, or every moderator's account inactive) the service's active
 * managers are emailed instead, with no content, and sent to where they can add a moderator (or
 * themselves); once there is a moderator, the moderators are emailed as before and the managers
 * are not. The author, a former patient with no active course, raises no risk alert.
 */

let t: TestApp;
const PATIENT = { given: 'Orla', family: 'Fenwick', email: 'orla.fenwick@example.com' };
const MANNY = 'manny.manager@example.nhs.uk';
const MABEL = 'mabel.manager@example.nhs.uk';
const IVOR = 'ivor.inactive@example.nhs.uk';
const MOD = { name: 'Morwenna Modley', email: 'morwenna.modley@example.nhs.uk' };
const CRISIS = 'I want to end my life tonight, I have the pills ready.';
let patientId: string;
let patient: TestClient;
let manny: TestClient;
let mabel: TestClient;
let moderator: TestClient;
let spaceId: string;

async function signedIn(email: string) {
  const c = new TestClient(t.app);
  expect((await c.signIn(email, TEST_PASSWORD)).statusCode).toBe(303);
  return c;
}
const location = (res: { headers: Record<string, unknown> }) => String(res.headers.location);

async function join(c: TestClient, pseudonym: string, avatar = 'star-teal') {
  await c.get('/community/join');
  return c.post('/community/join', { pseudonym, avatar, adult: 'yes', rules: 'yes' });
}

/** Posts a new topic with crisis words; answers the post's id and where the author was sent. */
async function crisisPost(title: string) {
  await patient.get(`/community/spaces/${spaceId}/new-topic`);
  const made = await patient.post(`/community/spaces/${spaceId}/new-topic`, {
    title,
    body: CRISIS,
  });
  expect(made.statusCode).toBe(303);
  const topicId = new URL(`http://x${location(made)}`).searchParams.get('topic')!;
  const [opening] = await t.database.db
    .select()
    .from(communityPosts)
    .where(eq(communityPosts.topicId, topicId));
  return { postId: opening!.id, redirect: location(made) };
}

/** The crisis alerts queued for one post. */
async function alertsFor(postId: string) {
  return t.database.db
    .select()
    .from(outboxMessages)
    .where(
      and(
        eq(outboxMessages.template, 'community-moderator-alert'),
        like(outboxMessages.idempotencyKey, `community-crisis:${postId}:%`),
      ),
    );
}

beforeAll(async () => {
  t = await createTestApp();
  const therapist = await createUser(t, 'tess.therapist@example.nhs.uk', ['therapist'], 'Tess');
  const patientUser = await createUser(
    t,
    PATIENT.email,
    ['patient'],
    `${PATIENT.given} ${PATIENT.family}`,
  );
  await createUser(t, MANNY, ['service_manager'], 'Manny');
  await createUser(t, MABEL, ['service_manager'], 'Mabel');
  // A manager who has left: their account is inactive, so they are never emailed.
  const ivor = await createUser(t, IVOR, ['service_manager'], 'Ivor');
  await t.database.db.update(users).set({ active: false }).where(eq(users.id, ivor.id));
  await createUser(t, MOD.email, ['moderator'], MOD.name);
  const p = await insertPatient(t, {
    givenName: PATIENT.given,
    familyName: PATIENT.family,
    email: PATIENT.email,
    userId: patientUser.id,
  });
  patientId = p.id;
  await insertCourse(t, patientId, therapist.id);
  // Invited at discharge; by the time they post, their course has ended (a former patient).
  const tess = await signedIn('tess.therapist@example.nhs.uk');
  await tess.get(`/patients/${patientId}/community-invitation`);
  expect(
    (await tess.post(`/patients/${patientId}/community-invitation`, { confirm: 'yes' })).statusCode,
  ).toBe(303);
  await t.database.db
    .update(treatmentCourses)
    .set({ status: 'ended' })
    .where(eq(treatmentCourses.patientId, patientId));
  patient = await signedIn(PATIENT.email);
  expect((await join(patient, 'Quiet Willow')).statusCode).toBe(303);
  const home = await patient.get('/community');
  spaceId = /\/community\/spaces\/([0-9a-f-]{36})/.exec(home.body)![1]!;
  manny = await signedIn(MANNY);
  mabel = await signedIn(MABEL);
  moderator = await signedIn(MOD.email);
}, 120_000);
afterAll(async () => t.close());

describe('crisis alerts when the community has no moderator (H20)', () => {
  let firstPostId: string;
  let helpPage: string;

  it('emails the service’s active managers, with no content, linking to where they add a moderator', async () => {
    const { postId, redirect } = await crisisPost('Tonight');
    firstPostId = postId;
    helpPage = redirect;
    expect(redirect).toMatch(/^\/community\/urgent-help\?topic=/);
    const alerts = await alertsFor(postId);
    expect(alerts.map((a) => a.recipient).sort()).toEqual([MABEL, MANNY]);
    for (const a of alerts) {
      expect(a.body).toContain('http://localhost:3000/community/moderators');
      expect(a.body).not.toContain('/community/moderation');
      expect(`${a.subject}\n${a.body}`).not.toMatch(/end my life|pills|tonight|Orla|Fenwick/i);
    }
    // A former patient: no course, so no risk alert; the managers are the only people told.
    const risk = await t.database.db
      .select()
      .from(riskAlerts)
      .where(eq(riskAlerts.patientId, patientId));
    expect(risk).toHaveLength(0);
  });

  it('tells the author only what is true, and where to get help now', async () => {
    const help = await patient.get(helpPage);
    expect(help.statusCode).toBe(200);
    expect(help.body).not.toContain('a moderator will read it soon');
    expect(help.body).toContain('let the people who look after this community know');
    expect(help.body).toContain('999');
    expect(help.body).toContain('NHS 111');
    expect(help.body).toContain('116 123');
  });

  it('queues each manager’s alert once, however often the alert runs for the same post', async () => {
    const [member] = await t.database.db
      .select()
      .from(communityMembers)
      .where(eq(communityMembers.pseudonym, 'Quiet Willow'));
    const result = await withTenant(t.database, t.service.id, (db) =>
      alertCrisis(
        createUseCase({
          db,
          clock: t.clock,
          actor: systemActor(t.service.id, 'crisis-test'),
          user: null,
          service: t.service,
          links: { publicUrl: 'http://localhost:3000', serviceName: t.service.name },
        }),
        { member: member!, recordType: 'community_post', recordId: firstPostId },
      ),
    );
    expect(result).toMatchObject({ moderatorsAlerted: 0, managersAlerted: 2, riskAlertId: null });
    expect(await alertsFor(firstPostId)).toHaveLength(2);
  });

  it('lets a manager follow the link, add themselves as a moderator and find the post in the queue', async () => {
    // Managers cannot work the queue until they are moderators: that is why the email does not
    // link to it.
    expect((await mabel.get('/community/moderation')).statusCode).toBe(404);
    expect((await mabel.get('/community/moderators')).statusCode).toBe(200);
    const sent = await mabel.post('/community/moderators', {
      name: 'Mabel',
      email: MABEL,
      badge: 'clinician',
    });
    expect(sent.statusCode).toBe(303);
    expect((await join(mabel, 'Steady Oak', 'leaf-green')).statusCode).toBe(303);
    const queue = await mabel.get('/community/moderation');
    expect(queue.statusCode).toBe(200);
    expect(queue.body).toContain(`/community/moderation/posts/${firstPostId}`);
  });

  it('emails the moderators, and not the managers, once there is a moderator', async () => {
    await manny.get('/community/moderators');
    await manny.post('/community/moderators', {
      name: MOD.name,
      email: MOD.email,
      badge: 'volunteer',
    });
    expect((await join(moderator, 'Calm Harbour', 'circle-blue')).statusCode).toBe(303);
    const { postId } = await crisisPost('Again');
    const alerts = await alertsFor(postId);
    expect(alerts.map((a) => a.recipient).sort()).toEqual([MABEL, MOD.email].sort());
    for (const a of alerts) {
      expect(a.body).toContain('http://localhost:3000/community/moderation');
      expect(a.body).not.toContain('/community/moderators');
    }
  });

  it('falls back to the managers again when every moderator’s account is inactive', async () => {
    await t.database.db
      .update(users)
      .set({ active: false })
      .where(inArray(users.email, [MOD.email, MABEL]));
    const { postId } = await crisisPost('Still here');
    const alerts = await alertsFor(postId);
    expect(alerts.map((a) => a.recipient)).toEqual([MANNY]);
    expect(alerts[0]!.body).toContain('/community/moderators');
  });
});
