import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '../../db/client';
import {
  auditEvents,
  outboxMessages,
  sessionNotes,
  sessionSummaryCorrections,
} from '../../db/schema';
import { formatDate, utcToLondon } from '../../domain/calendar';
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

/** Corrections to the summary the patient reads (hazard H17). */

let t: TestApp;
const ids = {} as Record<'sam' | 'sup' | 'trainee' | 'other' | 'taylor' | 'robin', string>;
let samSession = '';
let samDraftSession = '';
let traineeSession = '';

const NOTE = {
  agenda: 'AGENDA-SECRET review of the week',
  focalAreaWork: 'FOCAL-SECRET role transition',
  riskReview: 'RISK-SECRET no thoughts of harm',
  plan: 'PLAN-SECRET continue',
  patientSummary: 'We agreed to meet again on Monday.',
};
const PROFILE = { professionalBody: 'BACP' as const, registrationNumber: '123456' };

async function signedIn(email: string) {
  const c = new TestClient(t.app);
  expect((await c.signIn(email, TEST_PASSWORD)).statusCode).toBe(303);
  return c;
}

async function signNote(client: TestClient, appointmentId: string) {
  await client.get(`/notes/${appointmentId}`);
  expect(
    (await client.post(`/notes/${appointmentId}`, { ...NOTE, intent: 'sign' })).statusCode,
  ).toBe(303);
}

async function correctionsOf(appointmentId: string) {
  const [note] = await t.database.db
    .select()
    .from(sessionNotes)
    .where(eq(sessionNotes.appointmentId, appointmentId));
  if (!note) return [];
  return t.database.db
    .select()
    .from(sessionSummaryCorrections)
    .where(eq(sessionSummaryCorrections.noteId, note.id));
}

const today = () => formatDate(utcToLondon(t.clock.now()).date);

beforeAll(async () => {
  t = await createTestApp();
  const now = t.clock.now();
  ids.sam = (await createUser(t, 'sam@example.nhs.uk', ['therapist'], 'Sam Okafor')).id;
  ids.sup = (
    await createUser(t, 'sup@example.nhs.uk', ['supervisor', 'therapist'], 'Dr Priya Shah')
  ).id;
  ids.trainee = (await createUser(t, 'jo@example.nhs.uk', ['therapist'], 'Jo Evans')).id;
  ids.other = (await createUser(t, 'alex@example.nhs.uk', ['therapist'], 'Alex Byrne')).id;
  ids.taylor = (await createUser(t, 'taylor@example.com', ['patient'], 'Taylor')).id;
  ids.robin = (await createUser(t, 'robin@example.com', ['patient'], 'Robin')).id;
  await insertTherapistProfile(t, ids.sam, PROFILE);
  await insertTherapistProfile(t, ids.sup, PROFILE);
  await insertTherapistProfile(t, ids.other, PROFILE);
  await insertTherapistProfile(t, ids.trainee, {
    ...PROFILE,
    trainee: true,
    supervisorId: ids.sup,
  });
  const taylor = await insertPatient(t, {
    givenName: 'Taylor',
    familyName: 'Reed',
    userId: ids.taylor,
    responsibleClinicianId: ids.sam,
    email: 'taylor@example.com',
    allowEmail: true,
  });
  const robin = await insertPatient(t, {
    givenName: 'Robin',
    familyName: 'Hale',
    userId: ids.robin,
    responsibleClinicianId: ids.trainee,
  });
  const course = await insertCourse(t, taylor.id, ids.sam);
  const robinCourse = await insertCourse(t, robin.id, ids.trainee);
  const hoursAgo = (h: number) => new Date(now.getTime() - h * 3_600_000);
  samSession = (
    await insertSession(t, course, hoursAgo(2), { status: 'attended', sessionNumber: 1 })
  ).id;
  samDraftSession = (
    await insertSession(t, course, hoursAgo(26), { status: 'attended', sessionNumber: 2 })
  ).id;
  traineeSession = (
    await insertSession(t, robinCourse, hoursAgo(3), { status: 'attended', sessionNumber: 1 })
  ).id;
});
afterAll(async () => t.close());

describe('corrections to the summary the patient reads (hazard H17)', () => {
  it('keeps the summary as it is and shows the correction below it, labelled, to the patient', async () => {
    const sam = await signedIn('sam@example.nhs.uk');
    await signNote(sam, samSession);
    const outboxBefore = (await t.database.db.select().from(outboxMessages)).length;
    const form = await sam.get(`/notes/${samSession}/corrections/new`);
    expect(form.statusCode).toBe(200);
    expect(textOf(form.body)).toContain(NOTE.patientSummary);

    // Empty: the NHS error summary, 400.
    const empty = await sam.post(`/notes/${samSession}/corrections/new`, { correction: '  ' });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('nhsuk-error-summary');
    expect(textOf(empty.body)).toContain('Enter the correction to the summary');
    // Too long: refused with the words kept.
    const long = `Our next session is on Tuesday. ${'x'.repeat(2_000)}`;
    const tooLong = await sam.post(`/notes/${samSession}/corrections/new`, { correction: long });
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.body).toContain(long);
    expect(await correctionsOf(samSession)).toHaveLength(0);

    const added = await sam.post(`/notes/${samSession}/corrections/new`, {
      correction: 'Our next session is on Tuesday, not Monday.',
    });
    expect(added.statusCode).toBe(303);
    expect(added.headers.location).toBe(`/notes/${samSession}#summary-corrections`);

    // The summary never changed; the correction is its own row, with author and time.
    const [note] = await t.database.db
      .select()
      .from(sessionNotes)
      .where(eq(sessionNotes.appointmentId, samSession));
    expect(note?.patientSummary).toBe(NOTE.patientSummary);
    const [row] = await correctionsOf(samSession);
    expect(row).toMatchObject({
      serviceId: t.service.id,
      authorId: ids.sam,
      body: 'Our next session is on Tuesday, not Monday.',
      needsCountersignature: false,
      countersignedAt: null,
    });
    expect(row?.createdAt.getTime()).toBe(t.clock.now().getTime());

    // Staff see it on the note page, with its status.
    const page = textOf((await sam.get(`/notes/${samSession}`)).body);
    expect(page).toContain('Corrections to the summary');
    expect(page).toContain('Our next session is on Tuesday, not Monday.');
    expect(page).toContain('Shown to the patient');

    // The patient reads the summary, then the correction, labelled.
    const taylor = await signedIn('taylor@example.com');
    const summaries = textOf((await taylor.get('/summaries')).body);
    expect(summaries).toContain(NOTE.patientSummary);
    expect(summaries).toContain(`Correction added on ${today()} by Sam Okafor`);
    expect(summaries.indexOf('Our next session is on Tuesday')).toBeGreaterThan(
      summaries.indexOf(NOTE.patientSummary),
    );
    expect(summaries).not.toContain('SECRET');
    // And in their notebook, so the summary is never read there without it.
    const print = textOf((await taylor.get('/notebook/print')).body);
    expect(print).toContain('Our next session is on Tuesday, not Monday.');

    // Audited: the addition, the form's read, and the patient's read (counting corrections).
    const audit = await t.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.recordId, note!.id));
    expect(audit.filter((a) => a.action === 'note.summary_correction')).toHaveLength(1);
    expect(audit.some((a) => a.action === 'note.read' && a.userId === ids.sam)).toBe(true);
    const patientRead = await t.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'note.read'), eq(auditEvents.userId, ids.taylor)));
    expect(patientRead.some((a) => a.details?.corrections === 1)).toBe(true);
    // No message to the patient: none is sent when a summary reaches them either.
    expect(await t.database.db.select().from(outboxMessages)).toHaveLength(outboxBefore);
  });

  it('takes corrections only on a signed note: a draft is edited instead', async () => {
    const sam = await signedIn('sam@example.nhs.uk');
    const form = await sam.get(`/notes/${samDraftSession}/corrections/new`);
    expect(form.statusCode).toBe(303);
    expect(form.headers.location).toBe(`/notes/${samDraftSession}`);
    const post = await sam.post(`/notes/${samDraftSession}/corrections/new`, {
      correction: 'Too soon',
    });
    expect(post.statusCode).toBe(303);
    expect(await correctionsOf(samDraftSession)).toHaveLength(0);
  });

  it('hides a trainee’s correction from the patient until their named supervisor countersigns it', async () => {
    const jo = await signedIn('jo@example.nhs.uk');
    const sup = await signedIn('sup@example.nhs.uk');
    await signNote(jo, traineeSession);
    await sup.get(`/notes/${traineeSession}`);
    expect((await sup.post(`/notes/${traineeSession}/countersign`, {})).statusCode).toBe(303);
    const robin = await signedIn('robin@example.com');
    const robinReads = async () => textOf((await robin.get('/summaries')).body);
    expect(await robinReads()).toContain(NOTE.patientSummary);

    await jo.get(`/notes/${traineeSession}/corrections/new`);
    expect(
      (
        await jo.post(`/notes/${traineeSession}/corrections/new`, {
          correction: 'TRAINEE-CORRECTION: the group meets on Thursdays.',
        })
      ).statusCode,
    ).toBe(303);
    const [correction] = await correctionsOf(traineeSession);
    expect(correction?.needsCountersignature).toBe(true);
    expect(textOf((await jo.get(`/notes/${traineeSession}`)).body)).toContain(
      'Waiting for the supervisor to countersign',
    );
    expect(await robinReads()).not.toContain('TRAINEE-CORRECTION');

    // The author cannot countersign their own correction.
    await jo.get(`/notes/${traineeSession}`);
    const own = await jo.post(`/notes/${traineeSession}/corrections/countersign`, {
      correctionId: correction!.id,
    });
    expect((await correctionsOf(traineeSession))[0]?.countersignedAt).toBeNull();
    // Told why, at the corrections, rather than nothing happening.
    expect(own.headers.location).toBe(
      `/notes/${traineeSession}?correctionRefused=own-note#summary-corrections`,
    );
    const ownPage = await jo.get(`/notes/${traineeSession}?correctionRefused=own-note`);
    expect(ownPage.body).toContain('href="#summary-corrections"');
    expect(textOf(ownPage.body)).toContain('You cannot countersign your own correction');
    // Another therapist gets 404.
    const alex = await signedIn('alex@example.nhs.uk');
    await alex.get('/home');
    expect(
      (
        await alex.post(`/notes/${traineeSession}/corrections/countersign`, {
          correctionId: correction!.id,
        })
      ).statusCode,
    ).toBe(404);
    expect(await robinReads()).not.toContain('TRAINEE-CORRECTION');

    // The supervisor finds it where they find trainees' notes waiting, and countersigns it.
    const supervision = await sup.get('/supervision');
    expect(textOf(supervision.body)).toContain('Corrections to summaries to countersign');
    expect(supervision.body).toContain(`/notes/${traineeSession}#correction-${correction!.id}`);
    const notePage = await sup.get(`/notes/${traineeSession}`);
    expect(textOf(notePage.body)).toContain('Countersign correction');
    expect(
      (
        await sup.post(`/notes/${traineeSession}/corrections/countersign`, {
          correctionId: correction!.id,
        })
      ).statusCode,
    ).toBe(303);
    expect((await correctionsOf(traineeSession))[0]?.countersignedBy).toBe(ids.sup);
    const reads = await robinReads();
    expect(reads).toContain('TRAINEE-CORRECTION: the group meets on Thursdays.');
    expect(reads).toContain(`Correction added on ${today()} by Jo Evans`);
    expect(textOf((await sup.get('/supervision')).body)).not.toContain(
      'Corrections to summaries to countersign',
    );
    const [audit] = await t.database.db
      .select()
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.action, 'note.summary_correction_countersign'),
          eq(auditEvents.outcome, 'success'),
        ),
      );
    expect(audit?.userId).toBe(ids.sup);

    // The supervisor may add one too (as they may an addendum): it needs no countersignature.
    await sup.get(`/notes/${traineeSession}/corrections/new`);
    await sup.post(`/notes/${traineeSession}/corrections/new`, {
      correction: 'SUPERVISOR-CORRECTION: and on Saturdays.',
    });
    expect(await robinReads()).toContain('SUPERVISOR-CORRECTION');
  });

  it('refuses an UPDATE or DELETE of a correction in the database, whoever connects', async () => {
    const [mine] = await correctionsOf(samSession);
    const [traineeOne] = await correctionsOf(traineeSession);
    expect(mine && traineeOne).toBeTruthy();
    const byId = (id: string) => eq(sessionSummaryCorrections.id, id);
    await expect(
      t.database.db
        .update(sessionSummaryCorrections)
        .set({ body: 'tampered' })
        .where(byId(mine!.id)),
    ).rejects.toThrow();
    await expect(
      withTenant(t.database, t.service.id, (db) =>
        db.update(sessionSummaryCorrections).set({ body: 'tampered' }).where(byId(mine!.id)),
      ),
    ).rejects.toThrow();
    await expect(
      t.database.db.delete(sessionSummaryCorrections).where(byId(mine!.id)),
    ).rejects.toThrow();
    // A qualified clinician's correction takes no countersignature; a countersigned one keeps it.
    await expect(
      t.database.db
        .update(sessionSummaryCorrections)
        .set({ countersignedAt: new Date(), countersignedBy: ids.sup })
        .where(byId(mine!.id)),
    ).rejects.toThrow();
    await expect(
      t.database.db
        .update(sessionSummaryCorrections)
        .set({ countersignedAt: new Date() })
        .where(byId(traineeOne!.id)),
    ).rejects.toThrow();
    const [after] = await correctionsOf(samSession);
    expect(after?.body).toBe('Our next session is on Tuesday, not Monday.');
  });

  it('answers 404 to a stranger, audits the refusal, and shows no other service the rows', async () => {
    const alex = await signedIn('alex@example.nhs.uk');
    expect((await alex.get(`/notes/${samSession}/corrections/new`)).statusCode).toBe(404);
    await alex.get('/home');
    expect(
      (await alex.post(`/notes/${samSession}/corrections/new`, { correction: 'Not mine' }))
        .statusCode,
    ).toBe(404);
    // A trainee who is not the session's therapist is a stranger too.
    const jo = await signedIn('jo@example.nhs.uk');
    expect((await jo.get(`/notes/${samSession}/corrections/new`)).statusCode).toBe(404);
    const patient = await signedIn('taylor@example.com');
    expect([403, 404]).toContain(
      (await patient.get(`/notes/${samSession}/corrections/new`)).statusCode,
    );
    expect(await correctionsOf(samSession)).toHaveLength(1);
    const denied = await t.database.db
      .select()
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.action, 'note.summary_correction'),
          eq(auditEvents.outcome, 'denied'),
          eq(auditEvents.recordId, samSession),
        ),
      );
    expect(denied.length).toBeGreaterThanOrEqual(3);
    // Row-level security: another service sees none of them.
    const seen = await withTenant(t.database, randomUUID(), (db) =>
      db.select().from(sessionSummaryCorrections),
    );
    expect(seen).toEqual([]);
  });
});
