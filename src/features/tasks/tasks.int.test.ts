import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { riskAlerts, sessionTasks, treatmentCourses } from '../../db/schema';
import { TestClient, textOf } from '../../../tests/support/client';
import {
  insertCourse,
  insertPatient,
  insertSession,
  insertTherapistProfile,
} from '../../../tests/support/fixtures';
import {
  createTestApp,
  createUser,
  TEST_PASSWORD,
  type TestApp,
} from '../../../tests/support/test-app';

let t: TestApp;
const ids = {} as Record<
  'sam' | 'taylor' | 'robin' | 'taylorSession' | 'robinSession' | 'robinCourse',
  string
>;

async function signedIn(email: string) {
  const c = new TestClient(t.app);
  expect((await c.signIn(email, TEST_PASSWORD)).statusCode).toBe(303);
  return c;
}

/** Sam sets a task at the session, through the form; answers its id. */
async function setTaskAt(sessionId: string, what: string) {
  const sam = await signedIn('sam@example.nhs.uk');
  await sam.get(`/sessions/${sessionId}/tasks/new`);
  const set = await sam.post(`/sessions/${sessionId}/tasks/new`, {
    what,
    when: 'At the weekend',
    withWhom: '',
  });
  expect(set.statusCode).toBe(303);
  const rows = await t.database.db
    .select()
    .from(sessionTasks)
    .where(eq(sessionTasks.appointmentId, sessionId));
  return rows.find((r) => r.what === what)!.id;
}

beforeAll(async () => {
  t = await createTestApp();
  const now = t.clock.now();
  ids.sam = (await createUser(t, 'sam@example.nhs.uk', ['therapist'], 'Sam Okafor')).id;
  await insertTherapistProfile(t, ids.sam, {
    professionalBody: 'BACP',
    registrationNumber: '123456',
  });
  const taylorUser = (await createUser(t, 'taylor@example.com', ['patient'], 'Taylor')).id;
  const robinUser = (await createUser(t, 'robin@example.com', ['patient'], 'Robin')).id;
  const taylor = await insertPatient(t, {
    givenName: 'Taylor',
    familyName: 'Reed',
    userId: taylorUser,
  });
  const robin = await insertPatient(t, {
    givenName: 'Robin',
    familyName: 'Hale',
    userId: robinUser,
  });
  ids.taylor = taylor.id;
  ids.robin = robin.id;
  const course = await insertCourse(t, taylor.id, ids.sam, { attendedSessions: 1 });
  const robinCourse = await insertCourse(t, robin.id, ids.sam, { attendedSessions: 1 });
  ids.robinCourse = robinCourse.id;
  const attended = { status: 'attended' as const, sessionNumber: 1 };
  ids.taylorSession = (
    await insertSession(t, course, new Date(now.getTime() - 2 * 3_600_000), attended)
  ).id;
  ids.robinSession = (
    await insertSession(t, robinCourse, new Date(now.getTime() - 3 * 3_600_000), attended)
  ).id;
});
afterAll(async () => t.close());

describe('words of crisis in a reflection on a task (H18)', () => {
  it('saves it as written, leads with help now, and raises a risk alert quoting them', async () => {
    const taskId = await setTaskAt(ids.taylorSession, 'Tell my sister how I felt');
    const alertsFor = () =>
      t.database.db.select().from(riskAlerts).where(eq(riskAlerts.patientId, ids.taylor));
    const taylor = await signedIn('taylor@example.com');
    await taylor.get(`/tasks/${taskId}`);
    const howItWent = 'It went badly. I want to kill myself, I have a plan to end it tonight.';
    const saved = await taylor.post(`/tasks/${taskId}`, { whatIDid: 'I rang her', howItWent });
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe('/tasks?saved=1&help=now#help-now');
    const [row] = await t.database.db
      .select()
      .from(sessionTasks)
      .where(eq(sessionTasks.id, taskId));
    expect(row!.howItWent).toBe(howItWent);
    const page = await taylor.get('/tasks?saved=1&help=now');
    expect(textOf(page.body)).toContain('Please do not wait for your next session');
    expect(page.body).toContain('href="/urgent-help"');
    expect(textOf(page.body)).not.toContain('Your therapist will read what you wrote');

    const raised = await alertsFor();
    expect(raised).toHaveLength(1);
    expect(raised[0]).toMatchObject({
      source: 'task',
      sourceRecordId: ids.taylorSession,
      responsibleClinicianId: ids.sam,
      actionedAt: null,
    });
    expect(raised[0]!.reason).toMatch(
      /^Used words of crisis writing about a task between sessions: /,
    );
    expect(raised[0]!.reason).toContain('“kill myself”');
    const sam = await signedIn('sam@example.nhs.uk');
    const alertPage = await sam.get(`/staff/risk/${raised[0]!.id}`);
    expect(textOf(alertPage.body)).toContain('Source: Patient’s reflection on a task');
    expect(alertPage.body).toContain(`href="/notes/${ids.taylorSession}#tasks"`);
    expect(textOf((await sam.get(`/notes/${ids.taylorSession}`)).body)).toContain(howItWent);

    // Written again in ordinary words: the thank-you, and no second alert.
    await taylor.get(`/tasks/${taskId}`);
    const ordinary = await taylor.post(`/tasks/${taskId}`, {
      whatIDid: 'I rang her',
      howItWent: 'Better the second time',
    });
    expect(ordinary.headers.location).toBe('/tasks?saved=1');
    const thanks = textOf((await taylor.get('/tasks?saved=1')).body);
    expect(thanks).toContain('Your therapist will read what you wrote before your next session');
    expect(thanks).not.toContain('Please do not wait');
    expect(await alertsFor()).toHaveLength(1);
  });
});

describe('tasks after the course has ended (discharged)', () => {
  let openTask = '';
  let doneTask = '';

  beforeAll(async () => {
    openTask = await setTaskAt(ids.robinSession, 'Walk to the park with Sam');
    doneTask = await setTaskAt(ids.robinSession, 'Write to my brother');
    const robin = await signedIn('robin@example.com');
    await robin.get(`/tasks/${doneTask}`);
    expect(
      (await robin.post(`/tasks/${doneTask}`, { whatIDid: 'I wrote', howItWent: 'He wrote back' }))
        .statusCode,
    ).toBe(303);
    await t.database.db
      .update(treatmentCourses)
      .set({ status: 'ended', endedAt: t.clock.now(), endedReason: 'completed' })
      .where(eq(treatmentCourses.id, ids.robinCourse));
  });

  it('refuses a new task at a session of the course', async () => {
    const sam = await signedIn('sam@example.nhs.uk');
    const count = async () => (await t.database.db.select().from(sessionTasks)).length;
    const before = await count();
    expect(textOf((await sam.get(`/notes/${ids.robinSession}`)).body)).not.toContain('Set a task');
    expect((await sam.get(`/sessions/${ids.robinSession}/tasks/new`)).statusCode).toBe(404);
    const posted = await sam.post(`/sessions/${ids.robinSession}/tasks/new`, {
      what: 'Something new',
      when: 'Soon',
      withWhom: '',
    });
    expect(posted.statusCode).toBe(404);
    expect(await count()).toBe(before);
  });

  it('shows the patient their tasks read only, saying their sessions have ended', async () => {
    const robin = await signedIn('robin@example.com');
    const list = textOf((await robin.get('/tasks')).body);
    expect(list).toContain('Your sessions have ended');
    expect(list).toContain('Walk to the park with Sam');
    expect(list).not.toContain('To do');
    // The task they wrote about is not called "Done": it may not have gone to plan.
    expect(list).toContain('You wrote about it');
    expect(list).not.toMatch(/\bDone\b/);
    const open = await robin.get(`/tasks/${openTask}`);
    expect(open.statusCode).toBe(200);
    expect(textOf(open.body)).toContain('Your sessions with us have ended');
    expect(textOf(open.body)).not.toContain('before your next session');
    expect(open.body).not.toContain('name="howItWent"');
    const done = textOf((await robin.get(`/tasks/${doneTask}`)).body);
    expect(done).toContain('He wrote back');
  });

  it('refuses a reflection sent anyway, kindly, and saves nothing', async () => {
    const robin = await signedIn('robin@example.com');
    await robin.get(`/tasks/${openTask}`);
    const refused = await robin.post(`/tasks/${openTask}`, {
      whatIDid: 'I walked',
      howItWent: 'Fine',
    });
    expect(refused.statusCode).toBe(400);
    expect(textOf(refused.body)).toContain(
      'Your sessions have ended, so you can no longer write about this task here',
    );
    expect(refused.body).toContain('href="#ended"');
    const [row] = await t.database.db
      .select()
      .from(sessionTasks)
      .where(eq(sessionTasks.id, openTask));
    expect(row!.reflectedAt).toBeNull();
  });

  it('still alerts on words of crisis in a refused reflection, and leads with help now (H18)', async () => {
    const robin = await signedIn('robin@example.com');
    const alertsBefore = (await t.database.db.select().from(riskAlerts)).length;
    await robin.get(`/tasks/${openTask}`);
    const refused = await robin.post(`/tasks/${openTask}`, {
      whatIDid: 'Nothing',
      howItWent: 'I want to kill myself',
    });
    expect(refused.statusCode).toBe(303);
    expect(refused.headers.location).toBe('/tasks?help=now#help-now');
    expect(textOf((await robin.get('/tasks?help=now')).body)).toContain('Please do not wait');
    const alerts = await t.database.db.select().from(riskAlerts);
    expect(alerts).toHaveLength(alertsBefore + 1);
    expect(alerts.at(-1)!.reason).toContain('“kill myself”');
    const [row] = await t.database.db
      .select()
      .from(sessionTasks)
      .where(eq(sessionTasks.id, openTask));
    expect(row!.reflectedAt).toBeNull();
  });
});
