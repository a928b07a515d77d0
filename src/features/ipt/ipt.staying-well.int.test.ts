import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { withTenant } from '../../db/client';
import { auditEvents, stayingWellPlanVersions, treatmentCourses, type Role } from '../../db/schema';
import { systemActor } from '../../platform/audit';
import { createUseCase } from '../../platform/use-case';
import { TestClient, textOf } from '../../../tests/support/client';
import {
  createTestApp,
  createUser,
  TEST_PASSWORD,
  type TestApp,
} from '../../../tests/support/test-app';
import {
  insertCourse,
  insertPatient,
  insertTherapistProfile,
} from '../../../tests/support/fixtures';
import { notebookItemsFor } from './index';

let t: TestApp;
const ids = {} as Record<
  'sam' | 'alex' | 'priya' | 'taylorUser' | 'robinUser' | 'taylor' | 'course' | 'robinCourse',
  string
>;

async function signedIn(email: string) {
  const c = new TestClient(t.app);
  expect((await c.signIn(email, TEST_PASSWORD)).statusCode).toBe(303);
  return c;
}

const staffUrl = () => `/courses/${ids.course}/ipt/staying-well`;
const ownUrl = () => `/therapy/${ids.course}/staying-well`;

const plan = (over: Record<string, string> = {}) => ({
  warningSigns: 'Staying in bed past 10; not answering Jo’s texts',
  whatHelps: 'A walk at lunchtime. Saying how I feel early',
  contact1Name: 'Jo',
  contact1How: '07700 900123',
  crisisPlan: 'Tell Jo. Take away anything I could hurt myself with. Call NHS 111 option 2',
  complete: 'yes',
  basedOn: '0',
  ...over,
});

async function versions() {
  return t.database.db
    .select()
    .from(stayingWellPlanVersions)
    .where(eq(stayingWellPlanVersions.courseId, ids.course))
    .orderBy(stayingWellPlanVersions.version);
}

async function auditCount(action: string, outcome: string) {
  const rows = await t.database.db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.action, action), eq(auditEvents.outcome, outcome)));
  return rows.length;
}

beforeAll(async () => {
  t = await createTestApp();
  const u = async (email: string, roles: Role[], name: string) =>
    (await createUser(t, email, roles, name)).id;
  ids.sam = await u('sam@example.nhs.uk', ['therapist'], 'Sam Okafor');
  ids.alex = await u('alex@example.nhs.uk', ['therapist'], 'Alex Byrne');
  ids.priya = await u('priya@example.nhs.uk', ['supervisor'], 'Dr Priya Shah');
  ids.taylorUser = await u('taylor@example.com', ['patient'], 'Taylor Green');
  ids.robinUser = await u('robin@example.com', ['patient'], 'Robin Hart');
  await insertTherapistProfile(t, ids.priya, {});
  await insertTherapistProfile(t, ids.alex, {});
  await insertTherapistProfile(t, ids.sam, { trainee: true, supervisorId: ids.priya });
  const taylor = await insertPatient(t, {
    givenName: 'Taylor',
    familyName: 'Green',
    userId: ids.taylorUser,
  });
  const robin = await insertPatient(t, {
    givenName: 'Robin',
    familyName: 'Hart',
    userId: ids.robinUser,
  });
  ids.taylor = taylor.id;
  // 12 of 16 attended: working towards session 13, the ending phase (clinical.md).
  ids.course = (await insertCourse(t, taylor.id, ids.sam, { attendedSessions: 12 })).id;
  ids.robinCourse = (await insertCourse(t, robin.id, ids.alex, { attendedSessions: 2 })).id;
});
afterAll(async () => t.close());

describe('the staying-well plan (issue 11, H26)', () => {
  it('is offered prominently to both in the ending phase, and not before', async () => {
    const sam = await signedIn('sam@example.nhs.uk');
    const ws = await sam.get(`/courses/${ids.course}/ipt`);
    expect(textOf(ws.body)).toContain(
      'This course is in the ending phase: write the staying-well plan',
    );
    expect(ws.body).toContain(`href="${staffUrl()}/edit"`);
    const taylor = await signedIn('taylor@example.com');
    const own = await taylor.get('/therapy');
    expect(textOf(own.body)).toContain('Now is the time to write your staying-well plan');
    expect(own.body).toContain(`href="${ownUrl()}/edit"`);
    // Robin is in the initial phase: nothing to offer yet.
    const robin = await signedIn('robin@example.com');
    expect(textOf((await robin.get('/therapy')).body)).not.toContain('staying-well plan');
    const alex = await signedIn('alex@example.nhs.uk');
    const early = textOf((await alex.get(`/courses/${ids.robinCourse}/ipt`)).body);
    expect(early).toContain('Staying-well plan Written together in the ending phase. Start it now');
  });

  it('is not asked for once the course has ended without one', async () => {
    const user = await createUser(t, 'jess@example.com', ['patient'], 'Jess Lowe');
    const jess = await insertPatient(t, { givenName: 'Jess', familyName: 'Lowe', userId: user.id });
    const course = await insertCourse(t, jess.id, ids.alex, { attendedSessions: 12 });
    await t.database.db
      .update(treatmentCourses)
      .set({ status: 'ended', endedAt: t.clock.now() })
      .where(eq(treatmentCourses.id, course.id));
    const client = await signedIn('jess@example.com');
    const text = textOf((await client.get('/therapy')).body);
    expect(text).toContain('Your sessions with us have ended.');
    expect(text).not.toContain('Now is the time to write your staying-well plan');
    expect(text).not.toContain('Your therapist will write this with you in your first sessions');
  });

  it('cannot be marked ready without what to do in a crisis, and keeps the answers', async () => {
    const sam = await signedIn('sam@example.nhs.uk');
    expect((await sam.get(`${staffUrl()}/edit`)).statusCode).toBe(200);
    const res = await sam.post(`${staffUrl()}/edit`, plan({ crisisPlan: '' }));
    expect(res.statusCode).toBe(400);
    expect(textOf(res.body)).toContain(
      'Write what to do in a crisis before marking the plan as ready',
    );
    expect(res.body).toContain('href="#crisisPlan"');
    expect(res.body).toContain('07700 900123');
    const half = await sam.post(
      `${staffUrl()}/edit`,
      plan({ contact2How: 'Text', crisisPlan: 'x' }),
    );
    expect(textOf(half.body)).toContain('Enter a name or initials for this person');
    expect(await versions()).toHaveLength(0);
    // The database holds the rule too, whoever writes the row.
    await expect(
      t.database.db.insert(stayingWellPlanVersions).values({
        serviceId: t.service.id,
        courseId: ids.course,
        patientId: ids.taylor,
        version: 1,
        warningSigns: 'Sleeping badly',
        crisisPlan: ' ',
        complete: true,
        savedBy: ids.sam,
        savedByRole: 'clinician',
        savedAt: t.clock.now(),
      }),
    ).rejects.toThrow();
  });

  it('the therapist writes it; the patient reads it with the urgent-help numbers', async () => {
    const sam = await signedIn('sam@example.nhs.uk');
    await sam.get(`${staffUrl()}/edit`);
    const saved = await sam.post(`${staffUrl()}/edit`, plan());
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe(staffUrl());
    const [v1] = await versions();
    expect(v1).toMatchObject({
      version: 1,
      savedBy: ids.sam,
      savedByRole: 'clinician',
      complete: true,
      contacts: [{ name: 'Jo', how: '07700 900123' }],
    });
    const staffText = textOf((await sam.get(staffUrl())).body);
    expect(staffText).toContain('Ready Version 1, saved by Sam Okafor on');

    const taylor = await signedIn('taylor@example.com');
    expect((await taylor.get('/therapy')).body).toContain(`href="${ownUrl()}"`);
    const page = await taylor.get(ownUrl());
    expect(page.statusCode).toBe(200);
    const text = textOf(page.body);
    expect(text).toContain('Your staying-well plan');
    expect(text).toContain('Version 1, saved by Sam Okafor (your therapist)');
    expect(text).toContain('My warning signs Staying in bed past 10');
    expect(text).toContain('Jo 07700 900123');
    for (const urgent of ['999', 'NHS 111', 'option 2', '116 123']) expect(text).toContain(urgent);
    expect(page.body).toContain('href="tel:116123"');
    expect(await auditCount('ipt.staying_well_save', 'success')).toBe(1);
    expect(await auditCount('ipt.staying_well_read', 'success')).toBeGreaterThan(1);
  });

  it('the patient changes it too; each save is a version with who and when', async () => {
    const taylor = await signedIn('taylor@example.com');
    const form = await taylor.get(`${ownUrl()}/edit`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('name="basedOn" value="1"');
    expect(form.body).toContain('Staying in bed past 10');
    const res = await taylor.post(
      `${ownUrl()}/edit`,
      plan({ basedOn: '1', whatHelps: 'A walk at lunchtime. Calling Jo on Sundays' }),
    );
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(ownUrl());
    const all = await versions();
    expect(all.map((v) => [v.version, v.savedByRole, v.savedBy])).toEqual([
      [1, 'clinician', ids.sam],
      [2, 'patient', ids.taylorUser],
    ]);
    expect(all[0]?.whatHelps).toBe('A walk at lunchtime. Saying how I feel early');
    const own = textOf((await taylor.get(ownUrl())).body);
    expect(own).toContain('Version 2, saved by you on');
    const sam = await signedIn('sam@example.nhs.uk');
    const staff = textOf((await sam.get(staffUrl())).body);
    expect(staff).toContain('Version 2, saved by Taylor Green (the patient)');
    expect(staff).toMatch(/1 Sam Okafor .* Yes/);
  });

  it('refuses a save made on an older version, showing the plan as saved now', async () => {
    const sam = await signedIn('sam@example.nhs.uk');
    await sam.get(`${staffUrl()}/edit`);
    const res = await sam.post(`${staffUrl()}/edit`, plan({ basedOn: '1', whatHelps: 'Old' }));
    expect(res.statusCode).toBe(400);
    const text = textOf(res.body);
    expect(text).toContain('The plan was changed by someone else after you opened this page');
    expect(text).toContain('Calling Jo on Sundays');
    expect(res.body).toContain('href="#plan"');
    // The form now saves on top of the newest version, with the writer's words kept.
    expect(res.body).toContain('name="basedOn" value="2"');
    expect(res.body).toContain('>Old</textarea>');
    expect(await versions()).toHaveLength(2);
    expect((await sam.post(`${staffUrl()}/edit`, plan({ basedOn: '2' }))).statusCode).toBe(303);
    expect(await versions()).toHaveLength(3);
  });

  it('is kept in the notebook, with the urgent-help numbers', async () => {
    const uc = createUseCase({
      db: t.database.db,
      clock: t.clock,
      actor: systemActor(t.service.id, 'test'),
      user: {
        serviceId: t.service.id,
        userId: ids.taylorUser,
        email: 'taylor@example.com',
        displayName: 'Taylor Green',
        roles: ['patient'],
        sessionTokenHash: 'x',
      },
      service: t.service,
      links: { publicUrl: 'http://localhost:3000', serviceName: t.service.name },
    });
    const items = await notebookItemsFor(uc, { patientId: ids.taylor });
    const item = items.find((i) => i.kind === 'staying_well');
    expect(item).toMatchObject({ title: 'Your staying-well plan', href: ownUrl() });
    expect(item?.text).toContain('My warning signs\nStaying in bed past 10');
    expect(item?.text).toContain('People I can contact\nJo: 07700 900123');
    expect(item?.text).toContain('NHS 111 and choose option 2');
    expect(item?.text).toContain('116 123');
  });

  it('strangers get 404 and are audited; supervisors read but do not write', async () => {
    const before = await auditCount('ipt.staying_well_read', 'denied');
    const robin = await signedIn('robin@example.com');
    expect((await robin.get(ownUrl())).statusCode).toBe(404);
    expect((await robin.get(`${ownUrl()}/edit`)).statusCode).toBe(404);
    const alex = await signedIn('alex@example.nhs.uk');
    expect((await alex.get(staffUrl())).statusCode).toBe(404);
    expect((await alex.post(`${staffUrl()}/edit`, plan({ basedOn: '3' }))).statusCode).toBe(404);
    expect(await auditCount('ipt.staying_well_read', 'denied')).toBeGreaterThan(before + 2);
    // Each side has its own pages: the patient does not open theirs through the staff URL.
    const taylor = await signedIn('taylor@example.com');
    expect((await taylor.get(staffUrl())).statusCode).toBe(403);
    const sam = await signedIn('sam@example.nhs.uk');
    expect((await sam.get(ownUrl())).statusCode).toBe(403);
    const priya = await signedIn('priya@example.nhs.uk');
    const read = await priya.get(staffUrl());
    expect(read.statusCode).toBe(200);
    expect(read.body).not.toContain(`href="${staffUrl()}/edit"`);
    expect((await priya.get(`${staffUrl()}/edit`)).statusCode).toBe(404);
    expect(await versions()).toHaveLength(3);
  });

  it('keeps every version: the app cannot change or remove one', async () => {
    await expect(
      withTenant(t.database, t.service.id, (db) =>
        db
          .update(stayingWellPlanVersions)
          .set({ crisisPlan: 'changed' })
          .where(eq(stayingWellPlanVersions.courseId, ids.course)),
      ),
    ).rejects.toThrow();
    await expect(
      withTenant(t.database, t.service.id, (db) =>
        db.delete(stayingWellPlanVersions).where(eq(stayingWellPlanVersions.courseId, ids.course)),
      ),
    ).rejects.toThrow();
    expect(await versions()).toHaveLength(3);
  });

  it('after discharge it is read and printed, not changed', async () => {
    await t.database.db
      .update(treatmentCourses)
      .set({ status: 'ended', endedAt: t.clock.now() })
      .where(eq(treatmentCourses.id, ids.course));
    const taylor = await signedIn('taylor@example.com');
    const page = await taylor.get(ownUrl());
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain(`href="${ownUrl()}/edit"`);
    const edit = await taylor.get(`${ownUrl()}/edit`);
    expect(edit.statusCode).toBe(303);
    expect(edit.headers.location).toBe(ownUrl());
    expect((await taylor.post(`${ownUrl()}/edit`, plan({ basedOn: '3' }))).statusCode).toBe(303);
    expect(await versions()).toHaveLength(3);
  });
});
