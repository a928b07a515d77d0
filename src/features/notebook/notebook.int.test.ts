import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import {
  auditEvents,
  letters,
  notebookFolders,
  notebookNotes,
  sessionTasks,
  stayingWellPlanVersions,
} from '../../db/schema';
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
import { pdfText } from './pdf-text.testkit';

let t: TestApp;
const ids = {} as Record<
  'sam' | 'alex' | 'manager' | 'taylorUser' | 'robinUser' | 'taylor',
  string
>;
let courseId = '';

const PROFILE = { professionalBody: 'BACP' as const, registrationNumber: '123456' };

async function signedIn(email: string) {
  const c = new TestClient(t.app);
  expect((await c.signIn(email, TEST_PASSWORD)).statusCode).toBe(303);
  return c;
}

/** Writes a note through the pages and answers its id. */
async function writeNote(c: TestClient, form: { title: string; body: string; folder?: string }) {
  await c.get('/notebook/notes/new');
  const res = await c.post('/notebook/notes/new', { folder: 'none', ...form });
  expect(res.statusCode).toBe(303);
  const id = /\/notebook\/notes\/([0-9a-f-]{36})/.exec(String(res.headers.location))?.[1];
  expect(id).toMatch(/^[0-9a-f-]{36}$/);
  return id ?? '';
}

async function folderId(name: string) {
  const [row] = await t.database.db
    .select()
    .from(notebookFolders)
    .where(eq(notebookFolders.name, name));
  return row?.id ?? '';
}

const auditRows = (action: string) =>
  t.database.db.select().from(auditEvents).where(eq(auditEvents.action, action));

beforeAll(async () => {
  t = await createTestApp();
  ids.sam = (await createUser(t, 'sam@example.nhs.uk', ['therapist'], 'Sam Okafor')).id;
  ids.alex = (await createUser(t, 'alex@example.nhs.uk', ['therapist'], 'Alex Byrne')).id;
  ids.manager = (await createUser(t, 'max@example.nhs.uk', ['service_manager'], 'Max')).id;
  ids.taylorUser = (await createUser(t, 'taylor@example.com', ['patient'], 'Taylor')).id;
  ids.robinUser = (await createUser(t, 'robin@example.com', ['patient'], 'Robin')).id;
  await insertTherapistProfile(t, ids.sam, PROFILE);
  await insertTherapistProfile(t, ids.alex, PROFILE);
  const taylor = await insertPatient(t, {
    givenName: 'Taylor',
    familyName: 'Reed',
    userId: ids.taylorUser,
  });
  ids.taylor = taylor.id;
  const robin = await insertPatient(t, {
    givenName: 'Robin',
    familyName: 'Hale',
    userId: ids.robinUser,
  });
  const course = await insertCourse(t, taylor.id, ids.sam);
  await insertCourse(t, robin.id, ids.alex);
  courseId = course.id;
  const now = t.clock.now();
  const session = await insertSession(t, course, new Date(now.getTime() - 3_600_000), {
    status: 'attended',
    sessionNumber: 2,
  });
  // Shared into the notebook by other features: a task with a reflection, and a letter.
  await t.database.db.insert(sessionTasks).values({
    serviceId: t.service.id,
    patientId: taylor.id,
    courseId: course.id,
    appointmentId: session.id,
    setBy: ids.sam,
    what: 'Ring my brother about the garden',
    whenText: 'At the weekend',
    whatIDid: 'I rang him on Sunday',
    howItWent: 'Better than I feared',
    reflectedAt: now,
    createdAt: now,
  });
  await t.database.db.insert(letters).values({
    serviceId: t.service.id,
    patientId: taylor.id,
    kind: 'discharge_patient',
    sourceKey: 'notebook-test',
    content: {
      serviceName: t.service.name,
      to: ['Taylor'],
      salutation: 'Dear Taylor',
      heading: 'Your discharge letter',
      patientLines: [],
      paragraphs: ['Your sessions have ended.'],
      signOff: ['With best wishes'],
      date: '25 November 2026',
    },
    createdAt: now,
  });
});
afterAll(async () => t.close());

describe('the patient’s own notes and folders', () => {
  it('makes, renames and refuses a second folder of the same name', async () => {
    const taylor = await signedIn('taylor@example.com');
    expect((await taylor.get('/notebook/folders/new')).statusCode).toBe(200);
    expect((await taylor.post('/notebook/folders/new', { name: '  Family ' })).statusCode).toBe(
      303,
    );
    await taylor.get('/notebook/folders/new');
    const again = await taylor.post('/notebook/folders/new', { name: 'family' });
    expect(again.statusCode).toBe(400);
    expect(textOf(again.body)).toContain('You already have a folder called family');
    const empty = await taylor.post('/notebook/folders/new', { name: '' });
    expect(empty.statusCode).toBe(400);
    expect(textOf(empty.body)).toContain('Enter a name for the folder');
    await taylor.post('/notebook/folders/new', { name: 'Work' });
    const work = await folderId('Work');
    await taylor.get(`/notebook/folders/${work}/rename`);
    expect(
      (await taylor.post(`/notebook/folders/${work}/rename`, { name: 'Work and money' }))
        .statusCode,
    ).toBe(303);
    const page = textOf((await taylor.get('/notebook')).body);
    expect(page).toContain('Folder: Family');
    expect(page).toContain('Folder: Work and money');
    expect(await folderId('Work')).toBe('');
  });

  it('writes, reads, changes, moves and deletes a note, each audited', async () => {
    const taylor = await signedIn('taylor@example.com');
    const family = await folderId('Family');
    const noteId = await writeNote(taylor, {
      title: 'Talking to Mum',
      body: 'I want to tell her\nhow tired I am.',
      folder: family,
    });
    const page = await taylor.get(`/notebook/notes/${noteId}`);
    expect(page.statusCode).toBe(200);
    expect(textOf(page.body)).toContain('Talking to Mum');
    expect(textOf(page.body)).toContain('Only you can read this note.');

    const noTitle = await taylor.post(`/notebook/notes/${noteId}/edit`, { title: ' ', body: 'x' });
    expect(noTitle.statusCode).toBe(400);
    expect(textOf(noTitle.body)).toContain('Give your note a title');
    // Pasted past the limit: the form's own message, with every word kept to shorten.
    await taylor.get(`/notebook/notes/${noteId}/edit`);
    const long = 'I feel '.repeat(2_000);
    const tooLong = await taylor.post(`/notebook/notes/${noteId}/edit`, { title: 'A', body: long });
    expect(tooLong.statusCode).toBe(400);
    expect(textOf(tooLong.body)).toContain('Your note must be 10,000 characters or fewer');
    expect(tooLong.body).toContain(long.trim());
    await taylor.get(`/notebook/notes/${noteId}/edit`);
    expect(
      (
        await taylor.post(`/notebook/notes/${noteId}/edit`, {
          title: 'Talking to Mum on Sunday',
          body: 'I told her how tired I am.',
        })
      ).statusCode,
    ).toBe(303);

    await taylor.get(`/notebook/notes/${noteId}/move`);
    expect(
      (await taylor.post(`/notebook/notes/${noteId}/move`, { folder: 'none' })).statusCode,
    ).toBe(303);
    let [row] = await t.database.db
      .select()
      .from(notebookNotes)
      .where(eq(notebookNotes.id, noteId));
    expect(row?.folderId).toBeNull();
    expect(row?.title).toBe('Talking to Mum on Sunday');
    // A folder that is not one of hers (here, made up) is refused at the field.
    const bogus = await taylor.post(`/notebook/notes/${noteId}/move`, {
      folder: '00000000-0000-4000-8000-000000000000',
    });
    expect(bogus.statusCode).toBe(400);
    await taylor.post(`/notebook/notes/${noteId}/move`, { folder: family });
    [row] = await t.database.db.select().from(notebookNotes).where(eq(notebookNotes.id, noteId));
    expect(row?.folderId).toBe(family);

    await taylor.get(`/notebook/notes/${noteId}/delete`);
    expect((await taylor.post(`/notebook/notes/${noteId}/delete`, {})).statusCode).toBe(303);
    expect((await taylor.get(`/notebook/notes/${noteId}`)).statusCode).toBe(404);
    for (const action of [
      'notebook.note_create',
      'notebook.note_read',
      'notebook.note_update',
      'notebook.note_move',
      'notebook.note_delete',
      'notebook.folder_create',
      'notebook.folder_rename',
    ]) {
      const rows = await auditRows(action);
      expect(rows.filter((r) => r.outcome === 'success').length, action).toBeGreaterThan(0);
    }
  });

  it('deletes an empty folder only: a folder with notes keeps them', async () => {
    const taylor = await signedIn('taylor@example.com');
    const family = await folderId('Family');
    await writeNote(taylor, { title: 'Dad', body: '', folder: family });
    const confirm = await taylor.get(`/notebook/folders/${family}/delete`);
    expect(textOf(confirm.body)).toContain('This folder still has 1 note in it');
    await taylor.get(`/notebook/folders/new`);
    const refused = await taylor.post(`/notebook/folders/${family}/delete`, {});
    expect(refused.statusCode).toBe(400);
    expect(await folderId('Family')).toBe(family);
    const work = await folderId('Work and money');
    expect((await taylor.post(`/notebook/folders/${work}/delete`, {})).statusCode).toBe(303);
    expect(await folderId('Work and money')).toBe('');
  });
});

describe('sharing a note with the therapist', () => {
  it('shows the therapist only the notes shared, read-only, until unshared', async () => {
    const taylor = await signedIn('taylor@example.com');
    const shared = await writeNote(taylor, { title: 'For Sam', body: 'SHARED-TEXT about work' });
    await writeNote(taylor, { title: 'Just mine', body: 'PRIVATE-TEXT about Mum' });
    await taylor.get(`/notebook/notes/${shared}`);
    expect(
      (await taylor.post(`/notebook/notes/${shared}/share`, { share: 'yes' })).statusCode,
    ).toBe(303);
    expect(textOf((await taylor.get(`/notebook/notes/${shared}`)).body)).toContain(
      'You shared this note on',
    );

    const sam = await signedIn('sam@example.nhs.uk');
    const course = textOf((await sam.get(`/courses/${courseId}`)).body);
    expect(course).toContain('Notes the patient has shared');
    expect(course).toContain('For Sam');
    expect(course).toContain('SHARED-TEXT');
    expect(course).not.toContain('Just mine');
    expect(course).not.toContain('PRIVATE-TEXT');
    // Read-only: the therapist cannot open, change or unshare the note itself.
    expect((await sam.get(`/notebook/notes/${shared}`)).statusCode).toBe(404);
    expect((await sam.get(`/notebook/notes/${shared}/edit`)).statusCode).toBe(404);
    await sam.get(`/courses/${courseId}`);
    expect((await sam.post(`/notebook/notes/${shared}/share`, { share: 'no' })).statusCode).toBe(
      404,
    );
    const listed = await auditRows('notebook.shared_list');
    expect(listed.some((r) => r.patientId === ids.taylor && r.outcome === 'success')).toBe(true);

    // Another therapist, and a manager, do not see the patient's notes on the course page.
    const max = await signedIn('max@example.nhs.uk');
    const asManager = textOf((await max.get(`/courses/${courseId}`)).body);
    expect(asManager).not.toContain('For Sam');
    expect(asManager).not.toContain('Notes the patient has shared');
    const alex = await signedIn('alex@example.nhs.uk');
    expect((await alex.get(`/courses/${courseId}`)).statusCode).toBe(404);

    await taylor.get(`/notebook/notes/${shared}`);
    expect((await taylor.post(`/notebook/notes/${shared}/share`, { share: 'no' })).statusCode).toBe(
      303,
    );
    const after = textOf((await sam.get(`/courses/${courseId}`)).body);
    expect(after).not.toContain('For Sam');
    expect(after).toContain('has not shared any notes');
    expect((await auditRows('notebook.note_share')).length).toBe(1);
    expect((await auditRows('notebook.note_unshare')).length).toBe(1);
  });
});

describe('strangers', () => {
  it('get 404 for a patient’s note and folder: another patient, a therapist, a manager', async () => {
    const [note] = await t.database.db
      .select()
      .from(notebookNotes)
      .where(and(eq(notebookNotes.patientId, ids.taylor), eq(notebookNotes.title, 'Just mine')));
    const family = await folderId('Family');
    const before = (await auditRows('notebook.note_read')).filter((r) => r.outcome === 'denied');
    for (const email of ['robin@example.com', 'sam@example.nhs.uk', 'max@example.nhs.uk']) {
      const c = await signedIn(email);
      for (const url of [
        `/notebook/notes/${note!.id}`,
        `/notebook/notes/${note!.id}/edit`,
        `/notebook/notes/${note!.id}/delete`,
        `/notebook/folders/${family}/rename`,
      ])
        expect((await c.get(url)).statusCode, `${email} ${url}`).toBe(404);
      await c.get('/home');
      expect(
        (await c.post(`/notebook/notes/${note!.id}/edit`, { title: 'Mine now', body: '' }))
          .statusCode,
      ).toBe(404);
      expect((await c.post(`/notebook/folders/${family}/delete`, {})).statusCode).toBe(404);
    }
    const [still] = await t.database.db
      .select()
      .from(notebookNotes)
      .where(eq(notebookNotes.id, note!.id));
    expect(still?.title).toBe('Just mine');
    expect(await folderId('Family')).toBe(family);
    const denied = (await auditRows('notebook.note_read')).filter((r) => r.outcome === 'denied');
    expect(denied.length - before.length).toBe(3);
    // Another patient's own notebook shows nothing of Taylor's.
    const robin = await signedIn('robin@example.com');
    const page = textOf((await robin.get('/notebook')).body);
    expect(page).not.toContain('Just mine');
    expect(page).not.toContain('Family');
    expect(page).not.toContain('Ring my brother');
  });
});

describe('search', () => {
  it('finds the patient’s own notes and the shared items by word', async () => {
    const taylor = await signedIn('taylor@example.com');
    const all = textOf((await taylor.get('/notebook')).body);
    expect(all).toContain('Ring my brother about the garden');
    expect(all).toContain('Your discharge letter');

    const mum = textOf((await taylor.get('/notebook?q=MUM')).body);
    expect(mum).toContain('Just mine');
    expect(mum).not.toContain('For Sam');
    expect(mum).not.toContain('Ring my brother');

    // Every word must match; a shared task's reflection is searched too.
    const feared = textOf((await taylor.get('/notebook?q=feared+sunday')).body);
    expect(feared).toContain('Ring my brother about the garden');
    expect(feared).not.toContain('Just mine');
    expect(feared).toContain('1 thing matches');

    const none = textOf((await taylor.get('/notebook?q=%25_nothing')).body);
    expect(none).toContain('Nothing in your notebook matches');
    const searches = await auditRows('notebook.search');
    expect(searches.length).toBe(3);
    // The words themselves are not kept in the audit trail.
    expect(JSON.stringify(searches.map((s) => s.details))).not.toContain('feared');
  });
});

describe('print and PDF', () => {
  it('prints everything opened out, and downloads a PDF with the note titles', async () => {
    const taylor = await signedIn('taylor@example.com');
    const print = await taylor.get('/notebook/print');
    expect(print.statusCode).toBe(200);
    expect(print.body).toContain('/static/notebook.css');
    expect(textOf(print.body)).toContain('PRIVATE-TEXT about Mum');

    const res = await taylor.get('/notebook/pdf');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(String(res.headers['content-disposition'])).toMatch(/^attachment; filename="notebook-/);
    const pdf = res.rawPayload;
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = pdfText(pdf).replace(/\s+/g, ' ');
    expect(text).toContain('Just mine');
    expect(text).toContain('For Sam');
    expect(text).toContain('Folder: Family');
    expect(text).toContain('Ring my brother about the garden');
    expect((await auditRows('notebook.pdf')).length).toBe(1);

    const robin = await signedIn('robin@example.com');
    const theirs = pdfText((await robin.get('/notebook/pdf')).rawPayload);
    expect(theirs).not.toContain('Just mine');
    const sam = await signedIn('sam@example.nhs.uk');
    expect((await sam.get('/notebook/pdf')).statusCode).toBe(403);
  });
});

describe('a staying-well plan not finished yet (walk 13, H26)', () => {
  it('is labelled “not finished yet” in the notebook, the printout and the PDF, until it is ready', async () => {
    const user = await createUser(t, 'morgan@example.com', ['patient'], 'Morgan');
    const morgan = await insertPatient(t, {
      givenName: 'Morgan',
      familyName: 'Lane',
      userId: user.id,
    });
    const course = await insertCourse(t, morgan.id, ids.sam);
    const plan = (version: number, complete: boolean) => ({
      serviceId: t.service.id,
      courseId: course.id,
      patientId: morgan.id,
      version,
      warningSigns: 'Sleeping badly',
      whatHelps: 'Walking with my sister',
      crisisPlan: complete ? 'Ring my sister, then NHS 111' : '',
      complete,
      savedBy: ids.sam,
      savedByRole: 'clinician' as const,
      savedAt: t.clock.now(),
    });
    await t.database.db.insert(stayingWellPlanVersions).values(plan(1, false));
    const c = await signedIn('morgan@example.com');
    const pages = async () => ({
      notebook: textOf((await c.get('/notebook')).body),
      print: textOf((await c.get('/notebook/print')).body),
      pdf: pdfText((await c.get('/notebook/pdf')).rawPayload).replace(/\s+/g, ' '),
    });

    const draft = await pages();
    for (const text of [draft.notebook, draft.print, draft.pdf]) {
      expect(text).toContain('Walking with my sister');
      expect(text).toContain('Your staying-well plan (not finished yet)');
      expect(text).toContain(
        'Not finished yet. You and your therapist are still writing this plan',
      );
    }

    await t.database.db.insert(stayingWellPlanVersions).values(plan(2, true));
    const ready = await pages();
    for (const text of [ready.notebook, ready.print, ready.pdf]) {
      expect(text).toContain('Ring my sister, then NHS 111');
      expect(text).toContain('Your staying-well plan');
      expect(text).not.toMatch(/not finished yet/i);
    }
  });
});
