import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { withTenant } from '../../db/client';
import {
  appointments,
  auditEvents,
  measureResponses,
  outboxMessages,
  patientMessages,
  riskAlerts,
  sessionNoteAddenda,
  sessionNotes,
  sessionTasks,
  treatmentCourses,
} from '../../db/schema';
import { TestClient, textOf } from '../../../tests/support/client';
import {
  insertCourse,
  insertPatient,
  insertSession,
  insertSessionMeasure,
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
  'sam' | 'sup' | 'trainee' | 'other' | 'patientUser' | 'otherPatientUser',
  string
>;
let sessionId = '';
let traineeSessionId = '';
let futureSessionId = '';
let otherSessionId = '';
let missedSessionId = '';

const PROFILE = { professionalBody: 'BACP' as const, registrationNumber: '123456' };
const NOTE = {
  agenda: 'AGENDA-SECRET review of the week',
  focalAreaWork: 'FOCAL-SECRET role transition after the move',
  riskReview: 'RISK-SECRET item 9 zero, no thoughts of harm',
  plan: 'PLAN-SECRET continue with the inventory',
  patientSummary: 'We talked about your move and how you miss your friends.',
};

async function signedIn(email: string) {
  const c = new TestClient(t.app);
  expect((await c.signIn(email, TEST_PASSWORD)).statusCode).toBe(303);
  return c;
}

beforeAll(async () => {
  t = await createTestApp();
  const now = t.clock.now();
  ids.sam = (await createUser(t, 'sam@example.nhs.uk', ['therapist'], 'Sam Okafor')).id;
  ids.sup = (
    await createUser(t, 'sup@example.nhs.uk', ['supervisor', 'therapist'], 'Dr Priya Shah')
  ).id;
  ids.trainee = (await createUser(t, 'jo@example.nhs.uk', ['therapist'], 'Jo Evans')).id;
  ids.other = (await createUser(t, 'alex@example.nhs.uk', ['therapist'], 'Alex Byrne')).id;
  ids.patientUser = (await createUser(t, 'taylor@example.com', ['patient'], 'Taylor')).id;
  ids.otherPatientUser = (await createUser(t, 'robin@example.com', ['patient'], 'Robin')).id;
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
    userId: ids.patientUser,
    responsibleClinicianId: ids.sam,
    email: 'taylor@example.com',
    allowEmail: true,
  });
  const robin = await insertPatient(t, {
    givenName: 'Robin',
    familyName: 'Hale',
    userId: ids.otherPatientUser,
    responsibleClinicianId: ids.trainee,
  });
  const course = await insertCourse(t, taylor.id, ids.sam);
  const robinCourse = await insertCourse(t, robin.id, ids.trainee);
  sessionId = (
    await insertSession(t, course, new Date(now.getTime() - 2 * 3_600_000), {
      status: 'attended',
      sessionNumber: 1,
    })
  ).id;
  futureSessionId = (await insertSession(t, course, new Date(now.getTime() + 7 * 86_400_000))).id;
  missedSessionId = (
    await insertSession(t, course, new Date(now.getTime() - 7 * 86_400_000), {
      status: 'did_not_attend',
    })
  ).id;
  traineeSessionId = (
    await insertSession(t, robinCourse, new Date(now.getTime() - 3 * 3_600_000), {
      status: 'attended',
      sessionNumber: 1,
    })
  ).id;
  otherSessionId = traineeSessionId;
});
afterAll(async () => t.close());

describe('session notes (hazard H17)', () => {
  it('saves a draft, refuses to sign it half-written, then signs and locks it', async () => {
    const sam = await signedIn('sam@example.nhs.uk');
    expect((await sam.get(`/notes/${sessionId}`)).statusCode).toBe(200);
    const draft = await sam.post(`/notes/${sessionId}`, {
      ...NOTE,
      riskReview: '',
      intent: 'save',
    });
    expect(draft.statusCode).toBe(303);
    // Two tabs: the older one's save would wipe what the newer saved, so it is refused (walk 6).
    const tabOne = /name="basedOn" value="([^"]+)"/.exec(
      (await sam.get(`/notes/${sessionId}`)).body,
    )![1]!;
    const tabTwo = tabOne;
    expect(
      (
        await sam.post(`/notes/${sessionId}`, {
          ...NOTE,
          riskReview: '',
          plan: 'Plan from tab one',
          basedOn: tabOne,
          intent: 'save',
        })
      ).statusCode,
    ).toBe(303);
    const stale = await sam.post(`/notes/${sessionId}`, {
      ...NOTE,
      riskReview: '',
      plan: '',
      agenda: 'Agenda from tab two',
      basedOn: tabTwo,
      intent: 'save',
    });
    expect(stale.statusCode).toBe(400);
    expect(textOf(stale.body)).toContain(
      'This note was saved on another page after you opened this one',
    );
    expect(stale.body).toContain('Agenda from tab two');
    expect((await sam.get(`/notes/${sessionId}`)).body).toContain('Plan from tab one');
    const refused = await sam.post(`/notes/${sessionId}`, {
      ...NOTE,
      riskReview: '',
      intent: 'sign',
    });
    expect(refused.statusCode).toBe(400);
    expect(textOf(refused.body)).toContain('Enter the risk review before you sign the note');
    await sam.get(`/notes/${sessionId}`);
    expect((await sam.post(`/notes/${sessionId}`, { ...NOTE, intent: 'sign' })).statusCode).toBe(
      303,
    );
    const page = textOf((await sam.get(`/notes/${sessionId}`)).body);
    expect(page).toContain('Signed and locked');
    expect(page).toContain('RISK-SECRET');
    // A later post cannot overwrite it.
    const overwrite = await sam.post(`/notes/${sessionId}`, {
      ...NOTE,
      plan: 'CHANGED',
      intent: 'save',
    });
    expect(overwrite.statusCode).toBe(400);
    const [row] = await t.database.db
      .select()
      .from(sessionNotes)
      .where(eq(sessionNotes.appointmentId, sessionId));
    expect(row?.plan).toBe(NOTE.plan);
    expect(row?.needsCountersignature).toBe(false);
  });

  it('shows the session’s questionnaires above the note, with question 9’s answer (walk 6)', async () => {
    const sam = await signedIn('sam@example.nhs.uk');
    const [session] = await t.database.db
      .select()
      .from(appointments)
      .where(eq(appointments.id, sessionId));
    const phq9 = Object.fromEntries(
      Array.from({ length: 9 }, (_, i) => [`phq9_${i + 1}`, i === 8 ? 1 : 2]),
    );
    await insertSessionMeasure(t, session!, 'phq9', phq9);
    await insertSessionMeasure(
      t,
      session!,
      'gad7',
      Object.fromEntries(Array.from({ length: 7 }, (_, i) => [`gad7_${i + 1}`, 1])),
    );
    const text = textOf((await sam.get(`/notes/${sessionId}`)).body);
    expect(text).toContain('Questionnaires for this session');
    expect(text).toContain('PHQ-9 Score 17 (moderately severe) Risk answer');
    expect(text).toMatch(/Question 9 \(thoughts of being better off dead[^)]*\): Several days/);
    expect(text).toContain('GAD-7 Score 7 (mild)');
    // The phobia scales are read item by item, with caseness at 4 or more (walk 11: the note
    // said only "Read question by question").
    await t.database.db.insert(measureResponses).values({
      serviceId: t.service.id,
      measureId: 'iapt_phobia',
      answers: { iapt_phobia_1: 6, iapt_phobia_2: 2, iapt_phobia_3: 4 },
      total: null,
      band: null,
      riskFlag: false,
      context: 'session',
      patientId: session!.patientId,
      appointmentId: session!.id,
      courseId: session!.courseId,
      completedAt: t.clock.now(),
      enteredByRole: 'patient',
    });
    expect(textOf((await sam.get(`/notes/${sessionId}`)).body)).toMatch(
      /Phobia scales Social[^:]*: 6 \(at caseness\), [^:]+: 2, [^:]+: 4 \(at caseness\)/,
    );
    // The questionnaires page says it too, for every PHQ-9, "Not at all" included.
    const history = textOf((await sam.get(`/patients/${session!.patientId}/questionnaires`)).body);
    expect(history).toContain('Several days');

    // A session with none says so.
    expect(textOf((await sam.get(`/notes/${missedSessionId}`)).body)).toContain(
      'No questionnaires were answered for this session.',
    );
  });

  it('links the patient’s open risk alerts from the note, where risk is reviewed (walk 11)', async () => {
    const sam = await signedIn('sam@example.nhs.uk');
    const [session] = await t.database.db
      .select()
      .from(appointments)
      .where(eq(appointments.id, sessionId));
    const [alert] = await t.database.db
      .insert(riskAlerts)
      .values({
        serviceId: t.service.id,
        source: 'questionnaire',
        reason: "PHQ-9 question 9 answered 'Several days' by the patient before their session",
        patientId: session!.patientId,
        responsibleClinicianId: ids.sam,
        raisedAt: new Date(session!.startsAt.getTime() - 3_600_000),
      })
      .returning();
    try {
      const page = await sam.get(`/notes/${sessionId}`);
      expect(page.body).toContain(`href="/staff/risk/${alert!.id}"`);
      expect(textOf(page.body)).toContain('There is an open risk alert for');
      // Closed with what was done, it is no longer shown as open here.
      await t.database.db
        .update(riskAlerts)
        .set({ actionTaken: 'Safety plan agreed', actionedAt: new Date(session!.startsAt) })
        .where(eq(riskAlerts.id, alert!.id));
      expect((await sam.get(`/notes/${sessionId}`)).body).not.toContain(
        `href="/staff/risk/${alert!.id}"`,
      );
    } finally {
      await t.database.db.delete(riskAlerts).where(eq(riskAlerts.id, alert!.id));
    }
  });

  it('keeps a note for a session that has not started as a draft: it cannot be signed yet', async () => {
    const sam = await signedIn('sam@example.nhs.uk');
    await sam.get(`/notes/${futureSessionId}`);
    const early = await sam.post(`/notes/${futureSessionId}`, { ...NOTE, intent: 'sign' });
    expect(early.statusCode).toBe(400);
    expect(textOf(early.body)).toContain('once the session has started');
    const [row] = await t.database.db
      .select()
      .from(sessionNotes)
      .where(eq(sessionNotes.appointmentId, futureSessionId));
    expect(row).toBeUndefined();
  });

  it('refuses a direct UPDATE or DELETE of a signed note in the database, even as the owner', async () => {
    await expect(
      t.database.db
        .update(sessionNotes)
        .set({ plan: 'tampered' })
        .where(eq(sessionNotes.appointmentId, sessionId)),
    ).rejects.toThrow();
    await expect(
      t.database.db.delete(sessionNotes).where(eq(sessionNotes.appointmentId, sessionId)),
    ).rejects.toThrow();
    await expect(
      withTenant(t.database, t.service.id, (db) =>
        db
          .update(sessionNotes)
          .set({ signedAt: null, signedBy: null })
          .where(eq(sessionNotes.appointmentId, sessionId)),
      ),
    ).rejects.toThrow();
    const [row] = await t.database.db
      .select()
      .from(sessionNotes)
      .where(eq(sessionNotes.appointmentId, sessionId));
    expect(row?.plan).toBe(NOTE.plan);
    expect(row?.signedAt).not.toBeNull();
  });

  it('adds addenda below a signed note, and they cannot be changed either', async () => {
    const sam = await signedIn('sam@example.nhs.uk');
    await sam.get(`/notes/${sessionId}/addenda/new`);
    const empty = await sam.post(`/notes/${sessionId}/addenda/new`, { addendum: ' ' });
    expect(empty.statusCode).toBe(400);
    const added = await sam.post(`/notes/${sessionId}/addenda/new`, {
      addendum: 'ADDENDUM: the patient phoned to add that she has started a new job.',
    });
    expect(added.statusCode).toBe(303);
    expect(textOf((await sam.get(`/notes/${sessionId}`)).body)).toContain('ADDENDUM: the patient');
    await expect(
      t.database.db.update(sessionNoteAddenda).set({ body: 'tampered' }),
    ).rejects.toThrow();
  });

  it('never shows the clinical note to the patient; they see only the summary, once signed', async () => {
    const patient = await signedIn('taylor@example.com');
    const note = await patient.get(`/notes/${sessionId}`);
    expect([403, 404]).toContain(note.statusCode);
    expect(note.body).not.toContain('SECRET');
    const summaries = await patient.get('/summaries');
    expect(summaries.statusCode).toBe(200);
    expect(textOf(summaries.body)).toContain('how you miss your friends');
    expect(summaries.body).not.toContain('SECRET');
  });

  it('says on a missed session’s note that they did not come, and keeps its summary from them (walk 4)', async () => {
    const sam = await signedIn('sam@example.nhs.uk');
    const page = await sam.get(`/notes/${missedSessionId}`);
    expect(textOf(page.body)).toContain('Taylor did not attend this session.');
    expect(
      (
        await sam.post(`/notes/${missedSessionId}`, {
          ...NOTE,
          patientSummary: 'MISSED-SUMMARY we talked about your move',
          intent: 'sign',
        })
      ).statusCode,
    ).toBe(303);
    const patient = await signedIn('taylor@example.com');
    const summaries = textOf((await patient.get('/summaries')).body);
    expect(summaries).toContain('how you miss your friends');
    expect(summaries).not.toContain('MISSED-SUMMARY');
  });

  it('refuses to cancel a session with a signed note, from either form (H11, H17, walk 9)', async () => {
    const sam = await signedIn('sam@example.nhs.uk');
    const [course] = await t.database.db
      .select()
      .from(treatmentCourses)
      .where(eq(treatmentCourses.therapistId, ids.sam));
    // Begun at 5am, attendance not yet recorded, its note signed.
    const started = await insertSession(
      t,
      course!,
      new Date(t.clock.now().getTime() - 5 * 3_600_000),
    );
    await sam.get(`/notes/${started.id}`);
    expect((await sam.post(`/notes/${started.id}`, { ...NOTE, intent: 'sign' })).statusCode).toBe(
      303,
    );
    await sam.get(`/diary/appointments/${started.id}`);
    for (const [url, body] of [
      [`/diary/appointments/${started.id}/cancel`, { cancelledBy: 'patient', reason: 'Was ill' }],
      [
        `/diary/appointments/${started.id}/attendance`,
        { status: 'cancelled', cancelledBy: 'patient', reason: 'Was ill' },
      ],
    ] as const) {
      const refused = await sam.post(url, body);
      expect(refused.statusCode).toBe(400);
      expect(textOf(refused.body)).toContain(
        'This session has a signed note, so it cannot be cancelled',
      );
    }
    const [row] = await t.database.db
      .select()
      .from(appointments)
      .where(eq(appointments.id, started.id));
    expect(row!.status).toBe('booked');
    // What the note says: it took place (and so it is not left among those to record).
    await sam.get(`/diary/appointments/${started.id}`);
    expect(
      (await sam.post(`/diary/appointments/${started.id}/attendance`, { status: 'attended' }))
        .statusCode,
    ).toBe(303);
  });

  it('refuses to record a session with a signed note as missed: an addendum corrects it (H11, H17, walk 9)', async () => {
    const sam = await signedIn('sam@example.nhs.uk');
    const page = await sam.get(`/diary/appointments/${sessionId}`);
    expect(page.statusCode).toBe(200);
    const missed = await sam.post(`/diary/appointments/${sessionId}/attendance`, {
      status: 'did_not_attend',
    });
    expect(missed.statusCode).toBe(400);
    const text = textOf(missed.body);
    expect(text).toContain('There is a problem');
    expect(text).toContain('This session has a signed note, so it cannot be recorded as missed');
    expect(text).toContain('add an addendum to the note');
    const [row] = await t.database.db
      .select()
      .from(appointments)
      .where(eq(appointments.id, sessionId));
    expect(row!.status).toBe('attended');
    // No "we missed you", and the patient keeps their summary.
    const messages = await t.database.db
      .select()
      .from(patientMessages)
      .where(eq(patientMessages.sourceKey, `missed:${sessionId}`));
    expect(messages).toHaveLength(0);
    const patient = await signedIn('taylor@example.com');
    expect(textOf((await patient.get('/summaries')).body)).toContain('how you miss your friends');
    // A missed session whose note was signed as missed may be saved as missed again.
    await sam.get(`/diary/appointments/${missedSessionId}`);
    expect(
      (
        await sam.post(`/diary/appointments/${missedSessionId}/attendance`, {
          status: 'did_not_attend',
        })
      ).statusCode,
    ).toBe(303);
  });

  it('answers 404 to another therapist and writes a denied audit row', async () => {
    const alex = await signedIn('alex@example.nhs.uk');
    expect((await alex.get(`/notes/${sessionId}`)).statusCode).toBe(404);
    expect((await alex.post(`/notes/${sessionId}`, { ...NOTE, intent: 'save' })).statusCode).toBe(
      404,
    );
    const denied = await t.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'note.read'), eq(auditEvents.outcome, 'denied')));
    expect(denied.some((e) => e.recordId === sessionId)).toBe(true);
    // A refused look at a cancelled session's note still names the patient (walk 11).
    const [session] = await t.database.db
      .select()
      .from(appointments)
      .where(eq(appointments.id, sessionId));
    const cancelled = await insertSession(
      t,
      { id: session!.courseId!, patientId: session!.patientId, therapistId: ids.sam },
      '2026-11-20T11:00:00Z',
      { status: 'cancelled', cancelledBy: 'patient', cancellationReason: 'Unwell' },
    );
    expect((await alex.get(`/notes/${cancelled.id}`)).statusCode).toBe(404);
    const [row] = await t.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'note.read'), eq(auditEvents.recordId, cancelled.id)));
    expect(row).toMatchObject({ outcome: 'denied', patientId: session!.patientId });
  });

  it('needs the supervisor to countersign a trainee’s note; nobody else can', async () => {
    const jo = await signedIn('jo@example.nhs.uk');
    await jo.get(`/notes/${traineeSessionId}`);
    expect(
      (await jo.post(`/notes/${traineeSessionId}`, { ...NOTE, intent: 'sign' })).statusCode,
    ).toBe(303);
    expect(textOf((await jo.get(`/notes/${traineeSessionId}`)).body)).toContain(
      'waiting for the supervisor to countersign',
    );
    // The trainee cannot countersign their own note, and the note says why rather than nothing.
    const own = await jo.post(`/notes/${traineeSessionId}/countersign`, {});
    expect(own.headers.location).toBe(`/notes/${traineeSessionId}?refused=own-note`);
    const ownPage = await jo.get(own.headers.location as string);
    expect(textOf(ownPage.body)).toContain('There is a problem');
    expect(ownPage.body).toMatch(/<title>Error: Session note/);
    expect(ownPage.body).toContain('href="#note-status"');
    expect(ownPage.body).toContain('id="note-status"');
    expect(textOf(ownPage.body)).toContain('You cannot countersign your own note');
    // A made-up reason in the address says nothing.
    expect(
      textOf((await jo.get(`/notes/${traineeSessionId}?refused=toString`)).body),
    ).not.toContain('There is a problem');
    const read = async () =>
      (
        await t.database.db
          .select()
          .from(sessionNotes)
          .where(eq(sessionNotes.appointmentId, traineeSessionId))
      )[0];
    expect((await read())?.countersignedAt).toBeNull();
    // Robin does not see the trainee's summary until the supervisor has read and countersigned
    // it (walk 6).
    const robin = await signedIn('robin@example.com');
    const robinSummaries = async () => textOf((await robin.get('/summaries')).body);
    expect(await robinSummaries()).not.toContain(NOTE.patientSummary);
    // Another therapist gets 404.
    const alex = await signedIn('alex@example.nhs.uk');
    expect((await alex.post(`/notes/${otherSessionId}/countersign`, {})).statusCode).toBe(404);
    // The supervisor sees the button and countersigns.
    const sup = await signedIn('sup@example.nhs.uk');
    const page = await sup.get(`/notes/${traineeSessionId}`);
    expect(textOf(page.body)).toContain('Countersign note');
    expect((await sup.post(`/notes/${traineeSessionId}/countersign`, {})).statusCode).toBe(303);
    const row = await read();
    expect(row?.countersignedBy).toBe(ids.sup);
    expect(textOf((await sup.get(`/notes/${traineeSessionId}`)).body)).toContain(
      'Signed and locked',
    );
    expect(await robinSummaries()).toContain(NOTE.patientSummary);
    // Pressed again from a page opened before it was countersigned: told it no longer waits.
    const again = await sup.post(`/notes/${traineeSessionId}/countersign`, {});
    expect(again.headers.location).toBe(`/notes/${traineeSessionId}?refused=not-waiting`);
    expect(textOf((await sup.get(again.headers.location as string)).body)).toContain(
      'This note is not waiting for a countersignature',
    );
    // Now locked: even the countersignature cannot be changed.
    await expect(
      t.database.db
        .update(sessionNotes)
        .set({ countersignedAt: new Date() })
        .where(eq(sessionNotes.appointmentId, traineeSessionId)),
    ).rejects.toThrow();
  });

  it('lists an attended session with no signed note after one working day as overdue', async () => {
    const sam = await signedIn('sam@example.nhs.uk');
    const course = (
      await t.database.db
        .select()
        .from(sessionNotes)
        .where(eq(sessionNotes.appointmentId, sessionId))
    )[0]!;
    // Wednesday 25 November 2026 10:00; a session on Monday 23rd was due by 17:00 on Tuesday.
    const late = await insertSession(
      t,
      { id: course.courseId, patientId: course.patientId, therapistId: ids.sam },
      '2026-11-23T10:00:00Z',
      { status: 'attended', sessionNumber: 2 },
    );
    const recent = await insertSession(
      t,
      { id: course.courseId, patientId: course.patientId, therapistId: ids.sam },
      '2026-11-24T14:00:00Z',
      { status: 'attended', sessionNumber: 3 },
    );
    const page = await sam.get('/overdue-notes');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`/notes/${late.id}`);
    expect(page.body).not.toContain(`/notes/${recent.id}`);
    expect(page.body).not.toContain(`/notes/${sessionId}`);
    // The listing is audited against the patient it names (walk 11: no patient on the row).
    const listed = await t.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'note.overdue_list'), eq(auditEvents.recordId, late.id)));
    expect(listed.map((r) => r.patientId)).toEqual([course.patientId]);
  });

  it('lists ended sessions whose attendance is not recorded, each opening its appointment', async () => {
    const sam = await signedIn('sam@example.nhs.uk');
    const note = (
      await t.database.db
        .select()
        .from(sessionNotes)
        .where(eq(sessionNotes.appointmentId, sessionId))
    )[0]!;
    const course = { id: note.courseId, patientId: note.patientId, therapistId: ids.sam };
    // Now is Wednesday 25 November 2026 10:00.
    const ended = await insertSession(t, course, '2026-11-24T09:00:00Z');
    const notYet = await insertSession(t, course, '2026-11-25T09:30:00Z');
    const cancelled = await insertSession(t, course, '2026-11-24T11:00:00Z', {
      status: 'cancelled',
      cancelledBy: 'patient',
      cancellationReason: 'Unwell',
    });
    const page = await sam.get('/overdue-notes');
    expect(page.statusCode).toBe(200);
    expect(textOf(page.body)).toContain('Record whether they came');
    expect(page.body).toContain(`/diary/appointments/${ended.id}`);
    expect(page.body).not.toContain(`/diary/appointments/${notYet.id}`);
    expect(page.body).not.toContain(`/diary/appointments/${cancelled.id}`);
    const listed = await t.database.db
      .select()
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.action, 'appointment.unrecorded_list'),
          eq(auditEvents.recordId, ended.id),
        ),
      );
    expect(listed.length).toBeGreaterThan(0);

    // Recorded: it leaves the list.
    await t.database.db
      .update(appointments)
      .set({ status: 'did_not_attend' })
      .where(eq(appointments.id, ended.id));
    expect((await sam.get('/overdue-notes')).body).not.toContain(`/diary/appointments/${ended.id}`);
  });
});

describe('tasks between sessions', () => {
  let taskId = '';

  it('lets the therapist set a task at a session, with a reminder only where the patient agreed', async () => {
    const sam = await signedIn('sam@example.nhs.uk');
    await sam.get(`/sessions/${sessionId}/tasks/new`);
    const missing = await sam.post(`/sessions/${sessionId}/tasks/new`, {
      what: '',
      when: '',
      withWhom: '',
    });
    expect(missing.statusCode).toBe(400);
    const set = await sam.post(`/sessions/${sessionId}/tasks/new`, {
      what: 'Ring Jess and tell her about the new job',
      when: 'Before Thursday',
      withWhom: 'Jess',
    });
    expect(set.statusCode).toBe(303);
    const [task] = await t.database.db
      .select()
      .from(sessionTasks)
      .where(eq(sessionTasks.appointmentId, sessionId));
    taskId = task!.id;
    const queued = await t.database.db
      .select()
      .from(outboxMessages)
      .where(eq(outboxMessages.template, 'task-reminder'));
    expect(queued.map((m) => m.channel)).toEqual(['email']);
    // A day before the next booked session; nothing of the task in it.
    const next = new Date(t.clock.now().getTime() + 7 * 86_400_000 - 86_400_000);
    expect(queued[0]!.notBefore.toISOString()).toBe(next.toISOString());
    expect(queued[0]!.body).not.toContain('Jess');
    expect(futureSessionId).not.toBe('');
    // Kept under that session's reminders: cancelling it, moving it or a discharge stops it too.
    expect(queued[0]!.idempotencyKey.startsWith(`appt:${futureSessionId}:`)).toBe(true);
  });

  it('agrees tasks only at a session that has taken place (H11, walk 6)', async () => {
    const sam = await signedIn('sam@example.nhs.uk');
    const count = async () => (await t.database.db.select().from(sessionTasks)).length;
    const before = await count();
    for (const id of [futureSessionId, missedSessionId]) {
      expect(textOf((await sam.get(`/notes/${id}`)).body)).not.toContain('Set a task');
      expect((await sam.get(`/sessions/${id}/tasks/new`)).statusCode).toBe(404);
    }
    expect(await count()).toBe(before);
    expect(textOf((await sam.get(`/notes/${sessionId}`)).body)).toContain(
      'Set a task at this session',
    );
  });

  it('shows the patient their task; they reflect; the therapist sees it on the note page', async () => {
    const patient = await signedIn('taylor@example.com');
    expect(textOf((await patient.get('/tasks')).body)).toContain('Ring Jess');
    // Dated by the session it was agreed at, not the day it was typed in.
    const [session] = await t.database.db
      .select()
      .from(appointments)
      .where(eq(appointments.id, sessionId));
    const sessionDay = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/London',
      day: 'numeric',
      month: 'long',
      year: 'numeric',
    }).format(session!.startsAt);
    expect(textOf((await patient.get(`/tasks/${taskId}`)).body)).toContain(
      `Agreed at Your session on`,
    );
    expect(textOf((await patient.get(`/tasks/${taskId}`)).body)).toContain(sessionDay);
    const refused = await patient.post(`/tasks/${taskId}`, { whatIDid: '', howItWent: '' });
    expect(refused.statusCode).toBe(400);
    const saved = await patient.post(`/tasks/${taskId}`, {
      whatIDid: 'I rang her on Tuesday',
      howItWent: 'Better than I expected, she was pleased for me',
    });
    expect(saved.statusCode).toBe(303);
    const sam = await signedIn('sam@example.nhs.uk');
    expect(textOf((await sam.get(`/notes/${sessionId}`)).body)).toContain('Better than I expected');
    // The reminder is no longer needed.
    const [reminder] = await t.database.db
      .select()
      .from(outboxMessages)
      .where(and(eq(outboxMessages.template, 'task-reminder')));
    expect(reminder?.status).toBe('cancelled');
  });

  it('withdraws an unreflected task when its session is corrected to missed, and restores it when corrected back (H11)', async () => {
    const sam = await signedIn('sam@example.nhs.uk');
    // Another attended session, with two tasks: one the patient reflects on, one not.
    const [course] = await t.database.db
      .select({ id: appointments.courseId, patientId: appointments.patientId })
      .from(appointments)
      .where(eq(appointments.id, sessionId));
    const second = await insertSession(
      t,
      { id: course!.id!, patientId: course!.patientId, therapistId: ids.sam },
      // Two days ago: clear of the other sessions this file books.
      new Date(t.clock.now().getTime() - 2 * 86_400_000 - 5 * 3_600_000),
      { status: 'attended', sessionNumber: 2 },
    );
    for (const what of ['Walk to the shop with Jess', 'Write down three good moments'])
      expect(
        (
          await sam.post(`/sessions/${second.id}/tasks/new`, {
            what,
            when: 'This week',
            withWhom: '',
          })
        ).statusCode,
      ).toBe(303);
    const atSecond = async () =>
      t.database.db.select().from(sessionTasks).where(eq(sessionTasks.appointmentId, second.id));
    const reflected = (await atSecond()).find((x) => x.what.startsWith('Write'))!;
    const patient = await signedIn('taylor@example.com');
    expect(
      (
        await patient.post(`/tasks/${reflected.id}`, {
          whatIDid: 'I wrote them on the bus',
          howItWent: 'It helped a little',
        })
      ).statusCode,
    ).toBe(303);
    const walk = (await atSecond()).find((x) => x.what.startsWith('Walk'))!;
    const reminderOfWalk = async () =>
      (await t.database.db.select().from(outboxMessages)).filter((m) =>
        m.idempotencyKey.includes(`:task-reminder:${walk.id}:`),
      );
    expect((await reminderOfWalk()).map((m) => m.status)).toEqual(['pending']);

    // Corrected: the patient did not come after all.
    const missed = await sam.post(`/diary/appointments/${second.id}/attendance`, {
      status: 'did_not_attend',
    });
    expect(missed.statusCode).toBe(303);
    const after = await atSecond();
    expect(after.find((x) => x.id === walk.id)!.withdrawnAt).not.toBeNull();
    expect(after.find((x) => x.id === reflected.id)!.withdrawnAt).toBeNull();
    expect((await reminderOfWalk()).map((m) => m.status)).toEqual(['cancelled']);
    const list = textOf((await patient.get('/tasks')).body);
    expect(list).not.toContain('Walk to the shop');
    expect(list).toContain('Write down three good moments');
    expect((await patient.get(`/tasks/${walk.id}`)).statusCode).toBe(404);
    expect(
      (await patient.post(`/tasks/${walk.id}`, { whatIDid: 'x', howItWent: 'y' })).statusCode,
    ).toBe(404);
    // The therapist still sees it, marked as withdrawn and why.
    const note = textOf((await sam.get(`/notes/${sessionId}`)).body);
    expect(note).toContain('Walk to the shop with Jess Withdrawn');
    expect(note).toContain('the session was recorded as missed');
    const [withdrawal] = await t.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'task.withdraw'), eq(auditEvents.recordId, second.id)));
    expect(withdrawal?.details).toEqual({ tasks: [walk.id] });

    // Corrected back to attended: it is the patient's again.
    expect(
      (await sam.post(`/diary/appointments/${second.id}/attendance`, { status: 'attended' }))
        .statusCode,
    ).toBe(303);
    expect((await atSecond()).every((x) => x.withdrawnAt === null)).toBe(true);
    expect(textOf((await patient.get('/tasks')).body)).toContain('Walk to the shop');
    const restored = await t.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'task.restore'), eq(auditEvents.recordId, second.id)));
    expect(restored).toHaveLength(1);
  });

  it('answers 404 when another patient asks for the task, and lists none of it for them', async () => {
    const robin = await signedIn('robin@example.com');
    expect((await robin.get(`/tasks/${taskId}`)).statusCode).toBe(404);
    expect(
      (await robin.post(`/tasks/${taskId}`, { whatIDid: 'x', howItWent: 'y' })).statusCode,
    ).toBe(404);
    expect((await robin.get('/tasks')).body).not.toContain('Ring Jess');
  });
});
