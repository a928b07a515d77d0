import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import {
  auditEvents,
  communityMembers,
  communityPosts,
  outboxMessages,
  riskAlerts,
  users,
} from '../../db/schema';
import { TestClient, textOf } from '../../../tests/support/client';
import { insertCourse, insertPatient } from '../../../tests/support/fixtures';
import {
  createTestApp,
  createUser,
  TEST_PASSWORD,
  type TestApp,
} from '../../../tests/support/test-app';

/**
 * Walk 10, membership: a patient in treatment invited as a relative or carer keeps their clinical
 * safety net (hazard H20); a suspension is not undone by leaving and joining again; nobody poses
 * as the moderator with a look-alike letter; deleting says it is done; a carer is not told about
 * an NHS record they do not have.
 */

let t: TestApp;
const MOD = { name: 'Morwenna Modley', email: 'morwenna.modley@example.nhs.uk' };
const PAT = { given: 'Petra', family: 'Quillfeather', email: 'petra.quillfeather@example.com' };
const CARER = { name: 'Cormac Carewell', email: 'cormac.carewell@example.com' };
const LATER = { given: 'Lorcan', family: 'Latterby', email: 'lorcan.latterby@example.com' };
const CRISIS = "I can't go on like this, I just want to end it all";
let patientId: string;
let laterPatientId: string;
let therapist: TestClient;
let manager: TestClient;
let moderator: TestClient;
let patient: TestClient;
let carer: TestClient;

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
async function invite(by: TestClient, who: { name: string; email: string }) {
  await by.get('/community/invite');
  const sent = await by.post('/community/invite', who);
  expect(sent.statusCode).toBe(303);
}
async function memberOf(email: string) {
  const [row] = await t.database.db
    .select({ member: communityMembers })
    .from(communityMembers)
    .innerJoin(users, eq(users.id, communityMembers.userId))
    .where(eq(users.email, email));
  return row!.member;
}
/** Posts a new topic in the member's first space; answers the opening post's id. */
async function newTopic(c: TestClient, title: string, body: string) {
  const home = await c.get('/community');
  const spaceId = /\/community\/spaces\/([0-9a-f-]{36})/.exec(home.body)![1]!;
  await c.get(`/community/spaces/${spaceId}/new-topic`);
  const made = await c.post(`/community/spaces/${spaceId}/new-topic`, { title, body });
  expect(made.statusCode).toBe(303);
  const [opening] = await t.database.db
    .select()
    .from(communityPosts)
    .where(eq(communityPosts.body, body));
  return opening!.id;
}

beforeAll(async () => {
  t = await createTestApp();
  const therapistUser = await createUser(t, 'tess.therapist@example.nhs.uk', ['therapist'], 'Tess');
  await createUser(t, 'manny.manager@example.nhs.uk', ['service_manager'], 'Manny');
  await createUser(t, MOD.email, ['moderator'], MOD.name);
  const patientUser = await createUser(t, PAT.email, ['patient'], `${PAT.given} ${PAT.family}`);
  await createUser(t, CARER.email, ['community_member'], CARER.name);
  const p = await insertPatient(t, {
    givenName: PAT.given,
    familyName: PAT.family,
    email: PAT.email,
    userId: patientUser.id,
  });
  patientId = p.id;
  await insertCourse(t, patientId, therapistUser.id);
  const laterUser = await createUser(t, LATER.email, ['patient'], `${LATER.given} ${LATER.family}`);
  laterPatientId = (
    await insertPatient(t, {
      givenName: LATER.given,
      familyName: LATER.family,
      email: LATER.email,
      userId: laterUser.id,
    })
  ).id;
  await insertCourse(t, laterPatientId, therapistUser.id);
  therapist = await signedIn('tess.therapist@example.nhs.uk');
  manager = await signedIn('manny.manager@example.nhs.uk');
  moderator = await signedIn(MOD.email);
  patient = await signedIn(PAT.email);
  carer = await signedIn(CARER.email);
  await manager.get('/community/moderators');
  const added = await manager.post('/community/moderators', {
    name: MOD.name,
    email: MOD.email,
    badge: 'clinician',
  });
  expect(added.statusCode).toBe(303);
  expect((await join(moderator, 'Steady Harbour', 'leaf-green')).statusCode).toBe(303);
}, 120_000);
afterAll(async () => t.close());

describe('walk 10: membership', () => {
  it('refuses a name that poses as the moderator with a look-alike letter or hidden characters', async () => {
    await invite(moderator, CARER);
    const cyrillic = await join(carer, 'Ѕteady Harbour');
    expect(cyrillic.statusCode).toBe(400);
    expect(textOf(cyrillic.body)).toContain(
      'Your community name can only use the letters A to Z (with or without accents)',
    );
    const accented = await join(carer, 'Stéady Harbour');
    expect(accented.statusCode).toBe(400);
    expect(textOf(accented.body)).toContain('Someone is already using that name');
    const override = await join(carer, 'Kind \u202EKestrel');
    expect(override.statusCode).toBe(400);
    expect(textOf(override.body)).toContain('must not include hidden characters');
    expect((await join(carer, 'Kind Kestrel', 'circle-blue')).statusCode).toBe(303);
    // Titles too: a right-to-left override makes a title read backwards.
    const home = await carer.get('/community');
    const spaceId = /\/community\/spaces\/([0-9a-f-]{36})/.exec(home.body)![1]!;
    await carer.get(`/community/spaces/${spaceId}/new-topic`);
    const bad = await carer.post(`/community/spaces/${spaceId}/new-topic`, {
      title: 'Hello \u202Eereh',
      body: 'Hello',
    });
    expect(bad.statusCode).toBe(400);
    expect(textOf(bad.body)).toContain('The title must not include hidden characters');
  });

  it('links a patient in treatment invited as a carer to their record: a crisis post reaches their team', async () => {
    await invite(moderator, { name: 'Petra', email: PAT.email });
    expect((await join(patient, 'Quiet Fern')).statusCode).toBe(303);
    const member = await memberOf(PAT.email);
    // They take part as what they were invited as; their record is linked all the same.
    expect(member.kind).toBe('carer');
    expect(member.patientId).toBe(patientId);
    const [joined] = await t.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'community.join'), eq(auditEvents.recordId, member.id)));
    expect(joined!.patientId).toBe(patientId);

    const postId = await newTopic(patient, 'Tonight', CRISIS);
    const alerts = await t.database.db
      .select()
      .from(riskAlerts)
      .where(and(eq(riskAlerts.patientId, patientId), eq(riskAlerts.source, 'community')));
    expect(alerts).toHaveLength(1);
    expect(textOf((await therapist.get('/staff/risk')).body)).toContain(PAT.family);

    const review = await moderator.get(`/community/moderation/posts/${postId}`);
    expect(review.statusCode).toBe(200);
    expect(textOf(review.body)).not.toContain('not one of our patients');
    // Their team already has an alert for this post (raised with it): not asked a second time.
    expect(textOf(review.body)).toContain('The clinical team was asked about this post on');
    expect(review.body).not.toContain('value="ask_clinical_team"');
    // A patient is told their record does not change when they leave or delete.
    expect(textOf((await patient.get('/community/you')).body)).toContain(
      'does not change your NHS record with us',
    );
  });

  it('keeps the link to their record when they leave and are invited again as a carer', async () => {
    await patient.get('/community/leave');
    expect((await patient.post('/community/leave', { confirm: 'yes' })).statusCode).toBe(303);
    await invite(carer, { name: 'Petra', email: PAT.email });
    expect((await join(patient, 'Quiet Fern')).statusCode).toBe(303);
    const member = await memberOf(PAT.email);
    expect(member.status).toBe('active');
    expect(member.patientId).toBe(patientId);
  });

  it('links a member who joined before as a carer, and is one of our patients, on their next visit', async () => {
    // As the walk found it: joined through a carer invitation, with no link to their record.
    const later = await signedIn(LATER.email);
    await invite(moderator, { name: 'Lorcan', email: LATER.email });
    expect((await join(later, 'Brave Otter')).statusCode).toBe(303);
    const m = await memberOf(LATER.email);
    await t.database.db
      .update(communityMembers)
      .set({ patientId: null })
      .where(eq(communityMembers.id, m.id));
    expect((await later.get('/community')).statusCode).toBe(200);
    expect((await memberOf(LATER.email)).patientId).toBe(laterPatientId);
    await newTopic(later, 'Struggling', 'I want to kill myself');
    const alerts = await t.database.db
      .select()
      .from(riskAlerts)
      .where(and(eq(riskAlerts.patientId, laterPatientId), eq(riskAlerts.source, 'community')));
    expect(alerts).toHaveLength(1);
  });

  it('does not let a suspended member undo the suspension by leaving and joining again', async () => {
    const postId = await newTopic(carer, 'Names', 'You can find me at the big house on the hill.');
    await moderator.get(`/community/moderation/posts/${postId}`);
    const suspended = await moderator.post(`/community/moderation/posts/${postId}`, {
      action: 'suspend',
      reason: 'Shared where you live',
    });
    expect(suspended.statusCode).toBe(303);
    const until = (await memberOf(CARER.email)).suspendedUntil!;
    expect(until).not.toBeNull();

    const leave = await carer.get('/community/leave');
    expect(textOf(leave.body)).toContain(
      'If you join again, you will still be suspended until the end of your suspension.',
    );
    // A relative or carer has no NHS record with us: not told it does not change.
    expect(textOf(leave.body)).not.toContain('NHS record');
    expect((await carer.post('/community/leave', { confirm: 'yes' })).statusCode).toBe(303);

    const form = await moderator.get('/community/invite');
    expect(textOf(form.body)).toContain(
      'If a moderator suspended someone or ended their membership, joining again does not change that',
    );
    await invite(moderator, CARER);
    const joinPage = await carer.get('/community/join');
    expect(joinPage.statusCode).toBe(200);
    expect(textOf(joinPage.body)).toContain('A moderator suspended you until');
    expect(textOf(joinPage.body)).toContain('Joining again does not end the suspension');
    expect((await join(carer, 'Kind Kestrel', 'circle-blue')).statusCode).toBe(303);
    const back = await memberOf(CARER.email);
    expect(back.status).toBe('suspended');
    expect(back.suspendedUntil).toEqual(until);
    expect(back.statusReason).toBe('Shared where you live');
    const away = await carer.get('/community');
    expect(away.statusCode).toBe(403);
    expect(textOf(away.body)).toContain('You are suspended from the community');
    // A relative or carer has no NHS care with us.
    expect(textOf(away.body)).not.toContain('NHS care');
  });

  it('lets them back once the suspension has ended, and never invites back a member put out', async () => {
    const m = await memberOf(CARER.email);
    await carer.get('/community/leave');
    expect((await carer.post('/community/leave', { confirm: 'yes' })).statusCode).toBe(303);
    await t.database.db
      .update(communityMembers)
      .set({ suspendedUntil: new Date(t.clock.now().getTime() - 60_000) })
      .where(eq(communityMembers.id, m.id));
    await invite(moderator, CARER);
    expect(textOf((await carer.get('/community/join')).body)).not.toContain('suspended you');
    expect((await join(carer, 'Kind Kestrel', 'circle-blue')).statusCode).toBe(303);
    expect((await memberOf(CARER.email)).status).toBe('active');
    expect((await carer.get('/community')).statusCode).toBe(200);

    // Banned: no invitation at all, from a member or a manager.
    await t.database.db
      .update(communityMembers)
      .set({ status: 'banned', statusReason: 'Repeated abuse' })
      .where(eq(communityMembers.id, m.id));
    const before = await t.database.db
      .select()
      .from(outboxMessages)
      .where(
        and(
          eq(outboxMessages.template, 'community-invitation'),
          eq(outboxMessages.recipient, CARER.email),
        ),
      );
    await invite(moderator, CARER);
    await manager.get('/community/moderators');
    await manager.post('/community/moderators', {
      name: CARER.name,
      email: CARER.email,
      badge: 'volunteer',
    });
    const after = await t.database.db
      .select()
      .from(outboxMessages)
      .where(
        and(
          eq(outboxMessages.template, 'community-invitation'),
          eq(outboxMessages.recipient, CARER.email),
        ),
      );
    expect(after).toHaveLength(before.length);
    expect((await carer.get('/community/join')).statusCode).toBe(404);
    expect((await memberOf(CARER.email)).status).toBe('banned');
  });

  it('confirms that everything was deleted, and tells only a patient about their NHS record', async () => {
    const later = await signedIn(LATER.email);
    await later.get('/community/you/delete');
    const done = await later.post('/community/you/delete', { confirm: 'yes' });
    expect(location(done)).toBe('/community/you?deleted=1');
    const page = textOf((await later.get('/community/you?deleted=1')).body);
    expect(page).toContain('You have deleted everything you had written');
    expect(page).toContain('does not change your NHS record with us');
    expect(textOf((await later.get('/community/you')).body)).not.toContain(
      'You have deleted everything',
    );
    // Someone with no record with us (here the moderator, as a relative or carer would be) is not
    // told about one.
    expect(textOf((await moderator.get('/community/you')).body)).not.toContain('NHS record');
  });

  it('tells the public how a relative or carer is invited', async () => {
    const page = await new TestClient(t.app).get('/ipt/after-treatment');
    expect(textOf(page.body)).toContain('Invite a relative or carer');
  });
});
