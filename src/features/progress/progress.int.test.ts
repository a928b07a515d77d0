import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { measureResponses, patients, users } from '../../db/schema';
import { TestClient, textOf } from '../../../tests/support/client';
import {
  insertCourse,
  insertPatient,
  insertSession,
  insertSessionMeasure,
} from '../../../tests/support/fixtures';
import {
  createTestApp,
  createUser,
  TEST_PASSWORD,
  type TestApp,
} from '../../../tests/support/test-app';

let t: TestApp;
let patientId: string;
beforeAll(async () => {
  t = await createTestApp();
  const therapist = await createUser(t, 'therapist@example.nhs.uk', ['therapist']);
  await createUser(t, 'other@example.nhs.uk', ['therapist']);
  const user = await createUser(t, 'pat@example.com', ['patient'], 'Pat');
  const [p] = await t.database.db
    .insert(patients)
    .values({
      serviceId: t.service.id,
      givenName: 'Pat',
      familyName: 'Jones',
      dateOfBirth: '1990-01-01',
      userId: user.id,
      responsibleClinicianId: therapist.id,
    })
    .returning();
  patientId = p!.id;
  const base = {
    serviceId: t.service.id,
    patientId,
    answers: {},
    enteredByRole: 'patient' as const,
  };
  await t.database.db.insert(measureResponses).values([
    {
      ...base,
      measureId: 'phq9',
      total: 19,
      context: 'referral',
      completedAt: new Date('2026-09-01T10:00:00Z'),
    },
    {
      ...base,
      measureId: 'phq9',
      total: 12,
      context: 'session',
      completedAt: new Date('2026-10-01T10:00:00Z'),
    },
    // A superseded (corrected) score is not charted.
    {
      ...base,
      measureId: 'phq9',
      total: 27,
      context: 'session',
      completedAt: new Date('2026-10-02T10:00:00Z'),
      supersededAt: new Date('2026-10-02T11:00:00Z'),
    },
    {
      ...base,
      measureId: 'phq9',
      total: 4,
      context: 'session',
      completedAt: new Date('2026-10-08T10:00:00Z'),
    },
  ]);
});
afterAll(async () => t.close());

describe('progress pages', () => {
  it('shows the patient their own scores as a chart and a table, kindly worded', async () => {
    const c = new TestClient(t.app);
    await c.signIn('pat@example.com', TEST_PASSWORD);
    const res = await c.get('/progress');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('role="img"');
    const text = textOf(res.body);
    expect(text).toContain('Your progress');
    expect(text).toContain('Lower scores mean fewer difficulties');
    expect(res.body).not.toContain('<td class="nhsuk-table__cell">27</td>');
    expect(res.body).toContain('<td class="nhsuk-table__cell">4</td>');
    expect(text).not.toMatch(/caseness|severe/i);
    // Plain words, the same two scores as the table, and none of the staff summary's jargon.
    expect(text).toContain(
      'Your score on the low mood questionnaire (PHQ-9) went from 19, your first score (referral, 1 September 2026), to 4, your latest (8 October 2026). Lower is better.',
    );
    expect(text).not.toMatch(/reliable|From the first score|PHQ-9: \d scores/i);
    expect(text).toContain('Referral, 1 September 2026 (first score)');
    expect(text).toContain('Your first score: 19');
  });
  it('shows the responsible therapist the chart with caseness line and reliable change', async () => {
    const c = new TestClient(t.app);
    await c.signIn('therapist@example.nhs.uk', TEST_PASSWORD);
    const res = await c.get(`/patients/${patientId}/progress`);
    expect(res.statusCode).toBe(200);
    const text = textOf(res.body);
    expect(text).toContain('Caseness line: 10 or more');
    expect(text).toContain('Reliable improvement');
    // The baseline is the pairing rule's first score (ADR 0005): the first session, not the referral.
    expect(text).toContain('Latest 4 (down 8 since the first score, at a treatment session, 12)');
    expect(text).toContain('From the first score, 12 (1 October 2026), to 4 (8 October 2026)');
    // Dates throughout, since the referral score has no session number: one kind of x axis.
    expect(res.body).toContain('>Date</text>');
    expect(res.body).not.toContain('>Session</text>');
  });
  it('gives another therapist 404', async () => {
    const c = new TestClient(t.app);
    await c.signIn('other@example.nhs.uk', TEST_PASSWORD);
    expect((await c.get(`/patients/${patientId}/progress`)).statusCode).toBe(404);
  });
});

describe('a score answered before a session that did not take place (walk 9)', () => {
  it('is shown, labelled, and the summary says the course outcome does not count it', async () => {
    const [therapist] = await t.database.db
      .select()
      .from(users)
      .where(eq(users.email, 'therapist@example.nhs.uk'));
    const patient = await insertPatient(t, {
      givenName: 'Kim',
      responsibleClinicianId: therapist!.id,
    });
    const course = await insertCourse(t, patient.id, therapist!.id);
    const scores = (n: number) => ({
      phq9_1: n,
      phq9_2: n,
      phq9_3: n,
      phq9_4: 0,
      phq9_5: 0,
      phq9_6: 0,
      phq9_7: 0,
      phq9_8: 0,
      phq9_9: 0,
    });
    const held = await insertSession(t, course, '2026-10-01T10:00:00Z', {
      status: 'attended',
      sessionNumber: 1,
    });
    const first = await insertSessionMeasure(t, held, 'phq9', scores(3));
    const cancelled = await insertSession(t, course, '2026-10-08T10:00:00Z', {
      status: 'cancelled',
      cancelledBy: 'service',
      cancellationReason: 'Discharged',
      sessionNumber: 2,
    });
    const late = await insertSessionMeasure(t, cancelled, 'phq9', scores(1));
    // Each answered on its session's day (the fixture dates both now).
    for (const [response, session] of [
      [first, held],
      [late, cancelled],
    ] as const)
      await t.database.db
        .update(measureResponses)
        .set({ completedAt: session.startsAt })
        .where(eq(measureResponses.id, response.id));
    const c = new TestClient(t.app);
    await c.signIn('therapist@example.nhs.uk', TEST_PASSWORD);
    const text = textOf((await c.get(`/patients/${patient.id}/progress`)).body);
    expect(text).toContain('before a session that did not take place');
    expect(text).toContain("so the course's outcome does not count it");
  });
});
