import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import {
  auditEvents,
  iptAimRatings,
  iptInventoryPeople,
  iptWorkspaces,
  treatmentCourses,
  type Role,
} from '../../db/schema';
import { formatLondonDate } from '../../domain/calendar';
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
  insertSession,
  insertTherapistProfile,
} from '../../../tests/support/fixtures';
import { currentPhase, notebookItemsFor } from './index';
import { saveFormulation } from './ipt.service';

let t: TestApp;
const ids = {} as Record<
  | 'sam'
  | 'alex'
  | 'priya'
  | 'taylorUser'
  | 'robinUser'
  | 'taylor'
  | 'robin'
  | 'course'
  | 'robinCourse',
  string
>;

async function signedIn(email: string) {
  const c = new TestClient(t.app);
  expect((await c.signIn(email, TEST_PASSWORD)).statusCode).toBe(303);
  return c;
}

const ws = () => `/courses/${ids.course}/ipt`;

function ucFor(userId: string, roles: Role[]) {
  return createUseCase({
    db: t.database.db,
    clock: t.clock,
    actor: systemActor(t.service.id, 'test'),
    user: {
      serviceId: t.service.id,
      userId,
      email: 'x@example.nhs.uk',
      displayName: 'X',
      roles,
      sessionTokenHash: 'x',
    },
    service: t.service,
    links: { publicUrl: 'http://localhost:3000', serviceName: t.service.name },
  });
}

async function auditCount(action: string, outcome: string, recordId?: string) {
  const rows = await t.database.db
    .select()
    .from(auditEvents)
    .where(
      and(
        eq(auditEvents.action, action),
        eq(auditEvents.outcome, outcome),
        recordId ? eq(auditEvents.recordId, recordId) : undefined,
      ),
    );
  return rows.length;
}

const person = (over: Record<string, string> = {}) => ({
  name: 'Jo',
  relationship: 'Sister',
  closeness: '1',
  contact: 'Texts most days',
  supportive: 'Listens without judging',
  difficult: 'Gives advice I did not ask for',
  theyExpect: 'That I visit at weekends',
  patientExpects: 'That she asks before telling Mum things',
  wishedChange: 'Say no without a row',
  ...over,
});

beforeAll(async () => {
  t = await createTestApp();
  const u = async (email: string, roles: Role[], name: string) =>
    (await createUser(t, email, roles, name)).id;
  ids.sam = await u('sam@example.nhs.uk', ['therapist'], 'Sam Okafor');
  ids.alex = await u('alex@example.nhs.uk', ['therapist'], 'Alex Byrne');
  ids.priya = await u('priya@example.nhs.uk', ['supervisor', 'therapist'], 'Dr Priya Shah');
  ids.taylorUser = await u('taylor@example.com', ['patient'], 'Taylor Green');
  ids.robinUser = await u('robin@example.com', ['patient'], 'Robin Hart');
  await insertTherapistProfile(t, ids.priya, {});
  await insertTherapistProfile(t, ids.alex, {});
  await insertTherapistProfile(t, ids.sam, {
    jobTitle: 'Trainee IPT therapist',
    trainee: true,
    supervisorId: ids.priya,
  });
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
  ids.robin = robin.id;
  const course = await insertCourse(t, taylor.id, ids.sam, { attendedSessions: 4 });
  ids.course = course.id;
  ids.robinCourse = (await insertCourse(t, robin.id, ids.alex)).id;
  // Earlier today: the aims added in the tests are set on the day of session 4.
  await insertSession(t, course, new Date(t.clock.now().getTime() - 60 * 60_000), {
    status: 'attended',
    sessionNumber: 4,
  });
});
afterAll(async () => t.close());

describe('the course workspace (therapist)', () => {
  it('shows the phase from the session count, the sessions and the next appointment', async () => {
    const sam = await signedIn('sam@example.nhs.uk');
    const res = await sam.get(ws());
    expect(res.statusCode).toBe(200);
    const text = textOf(res.body);
    // 4 of 16 attended: working towards session 5, the middle phase (clinical.md).
    expect(text).toContain('Phase Middle phase');
    expect(text).toContain('4 of 16 attended; working towards session 5');
    expect(text).toContain('There are no open risk alerts for Taylor');
    expect(text).toContain('No appointment is booked');
    expect(text).toMatch(/Session Date Attendance PHQ-9 GAD-7 4 .* Attended Not given Not given/);
    expect(await auditCount('ipt.workspace_read', 'success', ids.course)).toBeGreaterThan(0);
    // Linked from the course page.
    expect((await sam.get(`/courses/${ids.course}`)).body).toContain(`href="${ws()}"`);
  });

  it('overrides the phase only with a reason, and says so', async () => {
    const sam = await signedIn('sam@example.nhs.uk');
    await sam.get(`${ws()}/phase`);
    const noReason = await sam.post(`${ws()}/phase`, { phase: 'initial', reason: '' });
    expect(noReason.statusCode).toBe(400);
    expect(textOf(noReason.body)).toContain('Enter why this course is in a different phase');
    const ok = await sam.post(`${ws()}/phase`, {
      phase: 'initial',
      reason: 'Two sessions missed; inventory not finished',
    });
    expect(ok.statusCode).toBe(303);
    const text = textOf((await sam.get(ws())).body);
    expect(text).toContain('Phase Initial phase Set by a clinician');
    expect(text).toContain('it would be the middle phase');
    // The course page names the same phase as the workspace, and why (walk 11).
    const coursePage = textOf((await sam.get(`/courses/${ids.course}`)).body);
    // Its start is a day, as on the record, not a time of day.
    expect(coursePage).toMatch(/Started \d{1,2} \w+ \d{4} (?!at)/);
    expect(coursePage).toMatch(/Next session Session \d+: initial phase/);
    expect(coursePage).toContain(
      'Phase set by the therapist: Two sessions missed; inventory not finished',
    );
    const uc = ucFor(ids.sam, ['therapist']);
    expect(await currentPhase(uc, ids.course)).toMatchObject({
      phase: 'initial',
      computed: 'middle',
    });
    expect((await sam.post(`${ws()}/phase`, { phase: 'automatic', reason: '' })).statusCode).toBe(
      303,
    );
    expect((await currentPhase(uc, ids.course))?.phase).toBe('middle');
    expect(await auditCount('ipt.phase_override', 'success', ids.course)).toBe(2);
  });

  it('adds, changes and removes people, drawing the closeness circle with a text list', async () => {
    const sam = await signedIn('sam@example.nhs.uk');
    await sam.get(`${ws()}/people/new`);
    const empty = await sam.post(`${ws()}/people/new`, person({ name: '', closeness: '' }));
    expect(empty.statusCode).toBe(400);
    expect(textOf(empty.body)).toContain('Enter a name or initials for this person');
    expect(empty.body).toContain('href="#closeness-1"');
    expect((await sam.post(`${ws()}/people/new`, person())).statusCode).toBe(303);
    expect(
      (
        await sam.post(
          `${ws()}/people/new`,
          person({ name: 'M', relationship: 'Manager', closeness: '3' }),
        )
      ).statusCode,
    ).toBe(303);
    const page = await sam.get(ws());
    expect(page.body).toContain('<svg class="ipt-circle"');
    expect(page.body).toMatch(/<text[^>]*>Jo<\/text>/);
    expect(textOf(page.body)).toContain('Closest (ring 1) Jo');
    expect(textOf(page.body)).toContain('Less close (ring 3) M');

    const [jo] = await t.database.db
      .select()
      .from(iptInventoryPeople)
      .where(eq(iptInventoryPeople.name, 'Jo'));
    const edit = `${ws()}/people/${jo!.id}/edit`;
    expect((await sam.get(edit)).body).toContain('value="Sister"');
    expect((await sam.post(edit, person({ closeness: '2' }))).statusCode).toBe(303);
    expect(textOf((await sam.get(ws())).body)).toContain('Close (ring 2) Jo');

    const print = await sam.get(`${ws()}/inventory`);
    expect(print.statusCode).toBe(200);
    expect(print.body).toContain('/static/ipt.css');
    expect(textOf(print.body)).toContain(
      'What the patient would like to change Say no without a row',
    );
    // A printed copy says who it is about and when (walk 11: it said "on this page’s date").
    expect(textOf(print.body)).toMatch(
      /Date of birth: 1 January 1980(\. NHS number: \d{3} \d{3} \d{4})?\. From Rapport on \d{1,2} \w+ \d{4}\./,
    );

    const remove = `${ws()}/people/${jo!.id}/remove`;
    expect(textOf((await sam.get(remove)).body)).toContain('Remove Jo (Sister)?');
    expect((await sam.post(remove, {})).statusCode).toBe(303);
    expect(textOf((await sam.get(ws())).body)).toContain('Close (ring 2) Nobody');
    expect((await sam.get(edit)).statusCode).toBe(404);
    expect(await auditCount('ipt.person_remove', 'success', jo!.id)).toBe(1);
  });

  it('adds life events with as much of the date as is known, never in the future', async () => {
    const sam = await signedIn('sam@example.nhs.uk');
    await sam.get(`${ws()}/timeline/new`);
    const future = await sam.post(`${ws()}/timeline/new`, {
      what: 'Wedding',
      'when-day': '',
      'when-month': '',
      'when-year': '2030',
      mood: '8',
    });
    expect(future.statusCode).toBe(400);
    expect(textOf(future.body)).toContain('The date it happened must be today or in the past');
    // Taylor was born in 1980: an event in 1970 is a slip of the keyboard (walk 6).
    const beforeBirth = await sam.post(`${ws()}/timeline/new`, {
      what: 'Moved house',
      'when-day': '',
      'when-month': '',
      'when-year': '1970',
      mood: '5',
    });
    expect(beforeBirth.statusCode).toBe(400);
    expect(textOf(beforeBirth.body)).toContain(
      'The date it happened must be on or after their date of birth',
    );
    const ok = await sam.post(`${ws()}/timeline/new`, {
      what: 'Dad died',
      'when-day': '',
      'when-month': '3',
      'when-year': '2024',
      mood: '2',
    });
    expect(ok.statusCode).toBe(303);
    expect(textOf((await sam.get(ws())).body)).toContain('March 2024 Dad died 2');
  });
});

describe('focal area, formulation and agreement', () => {
  const formulation = (text: string) => ({
    focalArea: 'grief',
    secondFocalArea: 'none',
    formulation: text,
  });

  it('the patient reads it, agrees, and is asked again after a change', async () => {
    const sam = await signedIn('sam@example.nhs.uk');
    await sam.get(`${ws()}/formulation`);
    const same = await sam.post(`${ws()}/formulation`, {
      ...formulation('x'),
      secondFocalArea: 'grief',
    });
    expect(same.statusCode).toBe(400);
    expect(textOf(same.body)).toContain('The second focal area must be different');
    expect(
      (
        await sam.post(
          `${ws()}/formulation`,
          formulation('Since your dad died you have pulled away.'),
        )
      ).statusCode,
    ).toBe(303);

    const taylor = await signedIn('taylor@example.com');
    const mine = await taylor.get('/therapy');
    expect(mine.statusCode).toBe(200);
    expect(textOf(mine.body)).toContain('We will focus on grief and loss');
    expect(textOf(mine.body)).toContain('Since your dad died you have pulled away.');
    expect(textOf((await sam.get(ws())).body)).toContain('Waiting for the patient to agree');

    const agree = await taylor.post(`/therapy/${ids.course}/agree`, { version: '1' });
    expect(agree.statusCode).toBe(303);
    expect(textOf((await taylor.get('/therapy')).body)).toContain('You agreed to this on');
    expect(textOf((await sam.get(ws())).body)).toContain('Agreed by the patient on');

    // Saving the same words keeps the agreement; a change clears it.
    await sam.get(`${ws()}/formulation`);
    await sam.post(`${ws()}/formulation`, formulation('Since your dad died you have pulled away.'));
    expect(textOf((await sam.get(ws())).body)).toContain('Agreed by the patient on');
    await sam.post(
      `${ws()}/formulation`,
      formulation('Since your dad died, you have pulled away from friends.'),
    );
    expect(textOf((await sam.get(ws())).body)).toContain('Waiting for the patient to agree');
    const [row] = await t.database.db
      .select()
      .from(iptWorkspaces)
      .where(eq(iptWorkspaces.courseId, ids.course));
    expect(row).toMatchObject({ formulationVersion: 2, agreedVersion: null, agreedAt: null });

    // Agreeing to the words read before the change is refused: they must read it again.
    await taylor.get('/therapy');
    const stale = await taylor.post(`/therapy/${ids.course}/agree`, { version: '1' });
    expect(stale.statusCode).toBe(400);
    expect(textOf(stale.body)).toContain(
      'Your therapist has changed this since you opened the page',
    );
    expect(stale.body).toContain('pulled away from friends');
    expect((await taylor.post(`/therapy/${ids.course}/agree`, { version: '2' })).statusCode).toBe(
      303,
    );
    expect(await auditCount('ipt.formulation_agree', 'success', ids.course)).toBe(2);

    // A page opened on version 1 (another tab) cannot overwrite version 2 unseen (walk 6).
    const older = await sam.post(`${ws()}/formulation`, {
      ...formulation('Old words from another tab.'),
      basedOn: '1',
    });
    expect(older.statusCode).toBe(400);
    expect(textOf(older.body)).toContain('The formulation was changed after you opened this page');
    expect(older.body).toContain('Old words from another tab.');
    const page = await sam.get(`${ws()}/formulation`);
    expect(page.body).toContain('name="basedOn" value="2"');
    expect(
      (
        await sam.post(`${ws()}/formulation`, {
          ...formulation('Since your dad died, you have pulled away from friends and family.'),
          basedOn: '2',
        })
      ).statusCode,
    ).toBe(303);
    // The patient agrees to the new words, as the next test expects.
    await taylor.get('/therapy');
    expect((await taylor.post(`/therapy/${ids.course}/agree`, { version: '3' })).statusCode).toBe(
      303,
    );
  });
});

describe('aims', () => {
  it('rates every aim at a review session and keeps the history', async () => {
    const sam = await signedIn('sam@example.nhs.uk');
    // Nothing to rate yet: back to the workspace.
    expect((await sam.get(`${ws()}/aims/rate`)).statusCode).toBe(303);
    await sam.get(`${ws()}/aims/new`);
    expect((await sam.post(`${ws()}/aims/new`, { aim: '' })).statusCode).toBe(400);
    expect(
      (await sam.post(`${ws()}/aims/new`, { aim: 'See friends once a week' })).statusCode,
    ).toBe(303);
    expect((await sam.post(`${ws()}/aims/new`, { aim: 'Visit the grave' })).statusCode).toBe(303);
    const form = await sam.get(`${ws()}/aims/rate`);
    const aimIds = [...form.body.matchAll(/name="rating-([0-9a-f-]{36})"/g)].map((m) => m[1]!);
    const unique = [...new Set(aimIds)];
    expect(unique).toHaveLength(2);
    const missing = await sam.post(`${ws()}/aims/rate`, {
      sessionNumber: '4',
      [`rating-${unique[0]}`]: '3',
    });
    expect(missing.statusCode).toBe(400);
    expect(textOf(missing.body)).toContain('Select a progress rating from 0 to 10 for aim 2');
    for (const [session, a, b] of [
      ['2', '3', '1'],
      ['4', '6', '5'],
    ] as const)
      expect(
        (
          await sam.post(`${ws()}/aims/rate`, {
            sessionNumber: session,
            [`rating-${unique[0]}`]: a,
            [`rating-${unique[1]}`]: b,
          })
        ).statusCode,
      ).toBe(303);
    const text = textOf((await sam.get(ws())).body);
    expect(text).toContain(
      'Progress: 6 out of 10 at session 4. All ratings: 3 at session 2, 6 at session 4',
    );
    const ratings = await t.database.db
      .select()
      .from(iptAimRatings)
      .where(eq(iptAimRatings.courseId, ids.course));
    expect(ratings).toHaveLength(4);
    const taylor = await signedIn('taylor@example.com');
    expect(textOf((await taylor.get('/therapy')).body)).toContain(
      'How far you have got, out of 10: 3 at session 2, 6 at session 4',
    );
  });

  it('rates an aim only at sessions from the day it was set (H11)', async () => {
    const now = t.clock.now();
    const daysAgo = (n: number) => new Date(now.getTime() - n * 86_400_000);
    const user = await createUser(t, 'kit@example.com', ['patient'], 'Kit Lowe');
    const kit = await insertPatient(t, { givenName: 'Kit', familyName: 'Lowe', userId: user.id });
    const course = await insertCourse(t, kit.id, ids.sam, { attendedSessions: 2 });
    await insertSession(t, course, daysAgo(14), { status: 'attended', sessionNumber: 1 });
    await insertSession(t, course, daysAgo(7), { status: 'attended', sessionNumber: 2 });
    const url = `/courses/${course.id}/ipt`;
    const sam = await signedIn('sam@example.nhs.uk');
    // Aim 1 before session 1; aim 2 between sessions 1 and 2.
    for (const [ago, aim] of [
      [20, 'Call my sister each week'],
      [10, 'Join the walking group'],
    ] as const) {
      t.clock.set(daysAgo(ago).toISOString());
      await sam.get(`${url}/aims/new`);
      expect((await sam.post(`${url}/aims/new`, { aim })).statusCode).toBe(303);
    }
    t.clock.set(now.toISOString());
    const form = await sam.get(`${url}/aims/rate`);
    const [first, second] = [
      ...new Set([...form.body.matchAll(/rating-([0-9a-f-]{36})/g)].map((m) => m[1]!)),
    ];
    // At session 2 both are asked for.
    expect(form.body).toContain(`name="rating-${second}"`);
    // At session 1 aim 2 did not exist: not asked for, said why, and a rating for it refused.
    const early = await sam.post(`${url}/aims/rate`, {
      sessionNumber: '1',
      [`rating-${first}`]: '2',
      [`rating-${second}`]: '4',
    });
    expect(early.statusCode).toBe(400);
    const why = `Aim 2 was set on ${formatLondonDate(daysAgo(10))}, after session 1 on ${formatLondonDate(daysAgo(14))}, so it is not rated at that session`;
    expect(textOf(early.body)).toContain(why);
    expect(early.body).not.toContain(`name="rating-${second}"`);
    expect(early.body).toContain(`name="rating-${first}"`);
    // Aim 1 alone at session 1: saved, aim 2 not counted as missing there.
    const ok = await sam.post(`${url}/aims/rate`, {
      sessionNumber: '1',
      [`rating-${first}`]: '2',
    });
    expect(ok.statusCode).toBe(303);
    const ratings = await t.database.db
      .select()
      .from(iptAimRatings)
      .where(eq(iptAimRatings.courseId, course.id));
    expect(ratings.map((r) => [r.aimId, r.sessionNumber])).toEqual([[first, 1]]);
    // At session 2, aim 2 is asked for again.
    const missing = await sam.post(`${url}/aims/rate`, {
      sessionNumber: '2',
      [`rating-${first}`]: '3',
    });
    expect(missing.statusCode).toBe(400);
    expect(textOf(missing.body)).toContain('Select a progress rating from 0 to 10 for aim 2');
  });

  it('rates only at a session that has taken place, once per aim (H11)', async () => {
    const sam = await signedIn('sam@example.nhs.uk');
    const form = await sam.get(`${ws()}/aims/rate`);
    const unique = [
      ...new Set([...form.body.matchAll(/name="rating-([0-9a-f-]{36})"/g)].map((m) => m[1]!)),
    ];
    const rate = (sessionNumber: string) =>
      sam.post(`${ws()}/aims/rate`, {
        sessionNumber,
        [`rating-${unique[0]}`]: '5',
        [`rating-${unique[1]}`]: '2',
      });
    const count = async () =>
      (
        await t.database.db
          .select()
          .from(iptAimRatings)
          .where(eq(iptAimRatings.courseId, ids.course))
      ).length;
    const before = await count();
    // Four sessions have taken place: the fifth has not.
    const future = await rate('5');
    expect(future.statusCode).toBe(400);
    expect(textOf(future.body)).toContain(
      'Session 5 has not taken place yet. Enter a session from 1 to 4',
    );
    expect(future.body).toContain('href="#sessionNumber"');
    expect(future.body).toMatch(
      /name="sessionNumber"[^>]*value="5"|value="5"[^>]*name="sessionNumber"/,
    );
    // Session 4 was rated in the test before.
    const twice = await rate('4');
    expect(twice.statusCode).toBe(400);
    expect(textOf(twice.body)).toContain('You already rated aims 1 and 2 at session 4');
    expect(await count()).toBe(before);
  });

  it('keeps one set of ratings when the form is sent twice at the same moment (H11)', async () => {
    const sam = await signedIn('sam@example.nhs.uk');
    const form = await sam.get(`${ws()}/aims/rate`);
    const unique = [
      ...new Set([...form.body.matchAll(/name="rating-([0-9a-f-]{36})"/g)].map((m) => m[1]!)),
    ];
    const body = { sessionNumber: '3', [`rating-${unique[0]}`]: '4', [`rating-${unique[1]}`]: '3' };
    // On PostgreSQL the ratings table is held while both submits read and try to insert, so they
    // truly meet (PGlite has one connection: there they run one after the other).
    const postgres = t.database.kind === 'postgres';
    let release = () => {};
    const held = new Promise<void>((r) => (release = r));
    let locked = () => {};
    const isLocked = new Promise<void>((r) => (locked = r));
    const locker = postgres
      ? t.database.root.transaction(async (tx) => {
          await tx.execute(sql`lock table ipt_aim_ratings in share row exclusive mode`);
          locked();
          await held;
        })
      : Promise.resolve();
    if (postgres) await isLocked;
    const both = Promise.all([
      sam.post(`${ws()}/aims/rate`, body),
      sam.post(`${ws()}/aims/rate`, body),
    ]);
    // Both submits are waiting on the held table (no fixed sleep: the machine may be slow).
    const waitingOnLocks = async () => {
      const result = (await t.database.root.execute(
        sql`select count(*)::int as n from pg_stat_activity where wait_event_type = 'Lock' and datname = current_database()`,
      )) as { rows: { n: number }[] };
      return result.rows[0]?.n ?? 0;
    };
    if (postgres)
      await vi.waitFor(
        async () => {
          expect(await waitingOnLocks()).toBeGreaterThanOrEqual(2);
        },
        { timeout: 30_000, interval: 25 },
      );
    release();
    await locker;
    const answers = await both;
    expect(answers.map((a) => a.statusCode).sort()).toEqual([303, 400]);
    const refused = answers.find((a) => a.statusCode === 400)!;
    expect(textOf(refused.body)).toContain('You already rated aims 1 and 2 at session 3');
    const atSession3 = await t.database.db
      .select()
      .from(iptAimRatings)
      .where(and(eq(iptAimRatings.courseId, ids.course), eq(iptAimRatings.sessionNumber, 3)));
    expect(atSession3.map((r) => r.aimId).sort()).toEqual([...unique].sort());
  });
});

describe('access', () => {
  it('another therapist gets 404 (audited as denied); the supervisor may open it', async () => {
    const alex = await signedIn('alex@example.nhs.uk');
    expect((await alex.get(ws())).statusCode).toBe(404);
    expect((await alex.get(`${ws()}/inventory`)).statusCode).toBe(404);
    expect(await auditCount('ipt.workspace_read', 'denied', ids.course)).toBeGreaterThan(0);
    const priya = await signedIn('priya@example.nhs.uk');
    expect((await priya.get(ws())).statusCode).toBe(200);
  });

  it('audits a refused opening or change against the patient, so a search by patient finds it', async () => {
    const alex = await signedIn('alex@example.nhs.uk');
    expect((await alex.get(`${ws()}/formulation`)).statusCode).toBe(404);
    expect((await alex.post(`${ws()}/people/new`, person({ name: 'Snoop' }))).statusCode).toBe(404);
    const denied = await t.database.db
      .select()
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.userId, ids.alex),
          eq(auditEvents.recordId, ids.course),
          eq(auditEvents.outcome, 'denied'),
        ),
      );
    expect(denied.length).toBeGreaterThanOrEqual(2);
    expect(denied.map((r) => r.patientId)).toEqual(denied.map(() => ids.taylor));
  });

  it('a patient cannot see another patient’s inventory or agree for them (404)', async () => {
    const robin = await signedIn('robin@example.com');
    const own = await robin.get('/therapy');
    expect(own.statusCode).toBe(200);
    expect(textOf(own.body)).not.toContain('Manager');
    expect(textOf(own.body)).not.toContain('pulled away');
    expect((await robin.post(`/therapy/${ids.course}/agree`, { version: '2' })).statusCode).toBe(
      404,
    );
    // The staff pages are not for patients at all.
    expect((await robin.get(`${ws()}/inventory`)).statusCode).toBe(403);
    expect(
      await notebookItemsFor(ucFor(ids.robinUser, ['patient']), { patientId: ids.taylor }),
    ).toEqual([]);
    expect(await currentPhase(ucFor(ids.robinUser, ['patient']), ids.course)).toBeNull();
    expect(await auditCount('ipt.shared_read', 'denied', ids.taylor)).toBe(1);
  });

  it('a patient cannot edit the therapist’s fields', async () => {
    const taylor = await signedIn('taylor@example.com');
    await taylor.get('/therapy');
    const before = await t.database.db
      .select()
      .from(iptInventoryPeople)
      .where(eq(iptInventoryPeople.courseId, ids.course));
    for (const [url, form] of [
      [`${ws()}/people/new`, person({ name: 'Hacker' })],
      [`${ws()}/formulation`, { focalArea: 'grief', secondFocalArea: 'none', formulation: 'x' }],
      [`${ws()}/phase`, { phase: 'ending', reason: 'x' }],
      [`${ws()}/aims/new`, { aim: 'x' }],
    ] as const) {
      const res = await taylor.post(url, form);
      expect(res.statusCode).toBe(403);
    }
    const after = await t.database.db
      .select()
      .from(iptInventoryPeople)
      .where(eq(iptInventoryPeople.courseId, ids.course));
    expect(after).toEqual(before);
    const [row] = await t.database.db
      .select()
      .from(iptWorkspaces)
      .where(eq(iptWorkspaces.courseId, ids.course));
    expect(row?.formulation).toContain('pulled away from friends');
  });
});

describe('notebookItemsFor', () => {
  it('gives the patient what is shared with them, newest first', async () => {
    const items = await notebookItemsFor(ucFor(ids.taylorUser, ['patient']), {
      patientId: ids.taylor,
    });
    expect(items.map((i) => i.kind).sort()).toEqual([
      'aims',
      'formulation',
      'inventory',
      'timeline',
    ]);
    const byKind = Object.fromEntries(items.map((i) => [i.kind, i]));
    expect(byKind.formulation?.text).toContain('Focus: grief and loss.');
    expect(byKind.formulation?.text).toContain('You agreed to this on');
    expect(byKind.aims?.text).toContain(
      '1. See friends once a week (progress 6 out of 10 at session 4)',
    );
    expect(byKind.inventory?.text).toBe('M (Manager): less close');
    expect(byKind.timeline?.text).toBe('March 2024: Dad died (mood 2 out of 10)');
    expect(items.every((i) => i.href.startsWith('/therapy#'))).toBe(true);
    // The therapist (responsible clinician) sees the same.
    expect(
      await notebookItemsFor(ucFor(ids.sam, ['therapist']), { patientId: ids.taylor }),
    ).toHaveLength(4);
    expect(
      await notebookItemsFor(ucFor(ids.alex, ['therapist']), { patientId: ids.taylor }),
    ).toEqual([]);
  });
});

describe('after the course has ended (discharged)', () => {
  it('shows the formulation without asking the patient to agree, and refuses an agreement', async () => {
    const alex = await signedIn('alex@example.nhs.uk');
    const robinWs = `/courses/${ids.robinCourse}/ipt`;
    await alex.get(`${robinWs}/formulation`);
    expect(
      (
        await alex.post(`${robinWs}/formulation`, {
          focalArea: 'role-transitions',
          secondFocalArea: 'none',
          formulation: 'Since the move you have felt cut off.',
        })
      ).statusCode,
    ).toBe(303);
    await t.database.db
      .update(treatmentCourses)
      .set({ status: 'ended', endedAt: t.clock.now(), endedReason: 'completed' })
      .where(eq(treatmentCourses.id, ids.robinCourse));

    const robin = await signedIn('robin@example.com');
    const page = textOf((await robin.get('/therapy')).body);
    expect(page).toContain('Your sessions with us have ended');
    expect(page).toContain('Since the move you have felt cut off.');
    expect(page).not.toContain('I agree with this');
    expect(page).not.toContain('tell us you agree');

    const agree = await robin.post(`/therapy/${ids.robinCourse}/agree`, { version: '1' });
    expect(agree.statusCode).toBe(400);
    expect(textOf(agree.body)).toContain(
      'Your sessions with us have ended, so there is nothing more to agree here',
    );
    const [row] = await t.database.db
      .select()
      .from(iptWorkspaces)
      .where(eq(iptWorkspaces.courseId, ids.robinCourse));
    expect(row?.agreedAt).toBeNull();
    expect(await auditCount('ipt.formulation_agree', 'denied', ids.robinCourse)).toBe(1);
  });
});

describe('a draft of the formulation (H15)', () => {
  const drafting = { course: '', patient: '', user: '' };
  const url = () => `/courses/${drafting.course}/ipt`;
  const words = (text: string, over: Record<string, string> = {}) => ({
    focalArea: 'role-transitions',
    secondFocalArea: 'none',
    formulation: text,
    ...over,
  });
  const SHARED = 'Since the move you have felt cut off from your friends.';
  const DRAFT = 'Since the move you have felt cut off, and your sister';
  const FINISHED = 'Since the move you have felt cut off, and your sister worries about you.';
  const rowOf = async () =>
    (
      await t.database.db
        .select()
        .from(iptWorkspaces)
        .where(eq(iptWorkspaces.courseId, drafting.course))
    )[0];

  beforeAll(async () => {
    drafting.user = (await createUser(t, 'morgan@example.com', ['patient'], 'Morgan Lee')).id;
    const morgan = await insertPatient(t, {
      givenName: 'Morgan',
      familyName: 'Lee',
      userId: drafting.user,
    });
    drafting.patient = morgan.id;
    drafting.course = (await insertCourse(t, morgan.id, ids.sam, { attendedSessions: 3 })).id;
  });

  it('keeps a draft from the patient, then shares it; a stale page is refused, a stranger gets 404', async () => {
    const sam = await signedIn('sam@example.nhs.uk');
    const morgan = await signedIn('morgan@example.com');
    // Shared and agreed: version 1.
    const first = await sam.get(`${url()}/formulation`);
    expect(first.body).toContain('Save as draft');
    expect(first.body).toContain('Share with Morgan');
    expect((await sam.post(`${url()}/formulation`, words(SHARED))).statusCode).toBe(303);
    await morgan.get('/therapy');
    expect(
      (await morgan.post(`/therapy/${drafting.course}/agree`, { version: '1' })).statusCode,
    ).toBe(303);
    const phaseBefore = await currentPhase(ucFor(ids.sam, ['therapist']), drafting.course);

    // A draft: the patient keeps the shared words and their agreement.
    const form = await sam.get(`${url()}/formulation`);
    expect(form.body).toContain('name="basedOn" value="1"');
    const tabOne = /name="draftBasedOn" value="(\d+)"/.exec(form.body)?.[1] ?? 'missing';
    expect(form.body).not.toContain('You have a draft saved');
    const saved = await sam.post(`${url()}/formulation`, {
      ...words(DRAFT, { secondFocalArea: 'interpersonal-disputes' }),
      basedOn: '1',
      draftBasedOn: tabOne,
      intent: 'draft',
    });
    expect(saved.statusCode).toBe(303);
    expect(await rowOf()).toMatchObject({
      formulation: SHARED,
      formulationVersion: 1,
      agreedVersion: 1,
      draftFormulation: DRAFT,
      draftSecondFocalArea: 'interpersonal-disputes',
      draftBy: ids.sam,
      draftAt: t.clock.now(),
      draftRevision: Number(tabOne) + 1,
    });
    const own = await morgan.get('/therapy');
    expect(textOf(own.body)).toContain(SHARED);
    expect(textOf(own.body)).toContain('You agreed to this on');
    expect(own.body).not.toContain('your sister');
    expect(own.body).not.toContain('relationship difficulties');
    const items = await notebookItemsFor(ucFor(drafting.user, ['patient']), {
      patientId: drafting.patient,
    });
    const shared = items.find((i) => i.kind === 'formulation');
    expect(shared?.text).toContain(SHARED);
    expect(shared?.text).toContain('You agreed to this on');
    expect(JSON.stringify(items)).not.toContain('your sister');
    // The phase counts only what is shared (and today only the session count).
    expect(await currentPhase(ucFor(ids.sam, ['therapist']), drafting.course)).toEqual(phaseBefore);
    expect(await auditCount('ipt.formulation_draft_save', 'success', drafting.course)).toBe(1);

    // Staff see both; the form opens on the draft and says so.
    const workspace = textOf((await sam.get(url())).body);
    expect(workspace).toContain('Shared with Morgan');
    expect(workspace).toContain('Agreed by the patient on');
    expect(workspace).toContain('Draft, not shared yet');
    expect(workspace).toContain(DRAFT);
    expect(workspace).toContain('Saved by you on');
    // Sam's supervisor is told whose draft it is, not that it is theirs.
    const priya = await signedIn('priya@example.nhs.uk');
    expect(textOf((await priya.get(url())).body)).toContain('Saved by Sam Okafor on');
    const priyaForm = textOf((await priya.get(`${url()}/formulation`)).body);
    expect(priyaForm).toContain('There is a draft by Sam Okafor saved on');
    expect(priyaForm).not.toContain('You have a draft');
    const again = await sam.get(`${url()}/formulation`);
    expect(textOf(again.body)).toContain('You have a draft saved on');
    expect(textOf(again.body)).toContain('not yet shared');
    expect(again.body).toContain(DRAFT);
    const tabTwo = /name="draftBasedOn" value="(\d+)"/.exec(again.body)?.[1] ?? 'missing';
    expect(tabTwo).toBe(String(Number(tabOne) + 1));

    // A page opened before the draft (another tab) may neither save over it nor share.
    for (const intent of ['draft', 'share']) {
      const stale = await sam.post(`${url()}/formulation`, {
        ...words('Words from the other tab.'),
        basedOn: '1',
        draftBasedOn: tabOne,
        intent,
      });
      expect(stale.statusCode).toBe(400);
      expect(textOf(stale.body)).toContain(
        'The formulation was changed after you opened this page',
      );
      expect(stale.body).toContain('Words from the other tab.');
    }
    expect(await rowOf()).toMatchObject({ draftFormulation: DRAFT, formulationVersion: 1 });

    // A stranger gets 404 for either button, audited as denied.
    const alex = await signedIn('alex@example.nhs.uk');
    expect((await alex.get(`${url()}/formulation`)).statusCode).toBe(404);
    expect(
      (
        await alex.post(`${url()}/formulation`, {
          ...words('Snooping'),
          intent: 'draft',
        })
      ).statusCode,
    ).toBe(404);
    expect(await auditCount('ipt.workspace_read', 'denied', drafting.course)).toBe(2);
    // The service refuses it too, audited under the draft's own action.
    expect(
      await saveFormulation(ucFor(ids.alex, ['therapist']), {
        courseId: drafting.course,
        formulation: {
          intent: 'draft',
          focalArea: 'grief',
          secondFocalArea: null,
          formulation: 'Snooping',
          basedOn: null,
          draftBasedOn: null,
        },
      }),
    ).toEqual({ ok: false, notFound: true });
    expect(await auditCount('ipt.formulation_draft_save', 'denied', drafting.course)).toBe(1);
    expect(await rowOf()).toMatchObject({ draftFormulation: DRAFT });

    // Sharing: a new version the patient sees, the agreement cleared, the draft gone.
    const share = await sam.post(`${url()}/formulation`, {
      ...words(FINISHED),
      basedOn: '1',
      draftBasedOn: tabTwo,
      intent: 'share',
    });
    expect(share.statusCode).toBe(303);
    expect(await rowOf()).toMatchObject({
      formulation: FINISHED,
      formulationVersion: 2,
      agreedVersion: null,
      agreedAt: null,
      draftFormulation: null,
      draftAt: null,
      draftBy: null,
    });
    const after = textOf((await morgan.get('/therapy')).body);
    expect(after).toContain(FINISHED);
    expect(after).toContain('I agree with this');
    const staff = textOf((await sam.get(url())).body);
    expect(staff).toContain('Waiting for the patient to agree');
    expect(staff).not.toContain('Draft, not shared yet');
    expect(textOf((await sam.get(`${url()}/formulation`)).body)).not.toContain(
      'You have a draft saved',
    );
  });
});
