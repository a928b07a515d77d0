import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { outboxMessages, patientMessages, patients, riskAlerts } from '../../db/schema';
import { TestClient, textOf } from '../../../tests/support/client';
import { insertCourse, insertPatient, insertSession } from '../../../tests/support/fixtures';
import {
  createTestApp,
  createUser,
  TEST_PASSWORD,
  type TestApp,
} from '../../../tests/support/test-app';

/** A missed session after a risk answer goes on the risk queue (hazard H29). */
let t: TestApp;
let therapistId: string;
let terry: TestClient;

beforeAll(async () => {
  t = await createTestApp({ now: '2026-12-01T12:00:00Z' });
  therapistId = (await createUser(t, 'terry@example.nhs.uk', ['therapist'], 'Terry Therapist')).id;
  terry = new TestClient(t.app);
  expect((await terry.signIn('terry@example.nhs.uk', TEST_PASSWORD)).statusCode).toBe(303);
});
afterAll(async () => t.close());

/** A patient in a course, a session this morning at `hour`, and risk told `daysBefore` it. */
async function sessionToday(name: string, hour: number, daysBefore: number | null) {
  const patient = await insertPatient(t, { givenName: name, familyName: 'Tester' });
  const course = await insertCourse(t, patient.id, therapistId);
  const session = await insertSession(
    t,
    course,
    `2026-12-01T${String(hour).padStart(2, '0')}:00:00Z`,
  );
  if (daysBefore !== null)
    await t.database.db.insert(riskAlerts).values({
      serviceId: t.service.id,
      source: 'questionnaire',
      reason: "PHQ-9 item 9 answered 'More than half the days'",
      patientId: patient.id,
      responsibleClinicianId: therapistId,
      raisedAt: new Date(session.startsAt.getTime() - daysBefore * 86_400_000),
      // Dealt with at the time: the missed session is still a reason to call.
      actionedAt: new Date(session.startsAt.getTime() - daysBefore * 86_400_000 + 3_600_000),
    });
  const record = (status: string) =>
    terry.post(`/diary/appointments/${session.id}/attendance`, { status });
  const missedAlerts = () =>
    t.database.db
      .select()
      .from(riskAlerts)
      .where(and(eq(riskAlerts.patientId, patient.id), eq(riskAlerts.source, 'attendance')));
  return { patient, session, record, missedAlerts };
}

describe('a missed session after a risk answer', () => {
  it('raises an alert for the session’s therapist, on the queue until someone records what they did', async () => {
    const s = await sessionToday('Mia', 10, 20);
    // What "Did not attend" will do is said before it is saved (walk 7).
    expect(textOf((await terry.get(`/diary/appointments/${s.session.id}`)).body)).toContain(
      'We send them a message saying we missed them, once, unless they have come to an appointment since or it was more than a week ago.',
    );
    const recorded = await s.record('did_not_attend');
    expect(recorded.statusCode).toBe(303);
    const [alert] = await s.missedAlerts();
    // The page they come back to says an alert is open, not that one might be (walk 6), and
    // links to it.
    const back = await terry.get(recorded.headers.location as string);
    expect(textOf(back.body)).toContain('A risk alert is open');
    expect(textOf(back.body)).toContain('Contact them today');
    expect(back.body).toContain(`href="/staff/risk/${alert!.id}"`);
    expect(alert).toMatchObject({
      sourceRecordId: s.session.id,
      responsibleClinicianId: therapistId,
      actionedAt: null,
    });
    expect(alert!.reason).toContain(
      'Did not attend the session on Tuesday 1 December 2026 at 10am',
    );
    expect(alert!.reason).toContain("(PHQ-9 item 9 answered 'More than half the days')");
    // It escalates at the end of the working day if nobody acts: same-day contact.
    expect(alert!.escalateAt).not.toBeNull();
    // Their clinician is emailed, as for every other alert, with no health detail (walk 6).
    const emails = await t.database.db
      .select()
      .from(outboxMessages)
      .where(
        and(
          eq(outboxMessages.template, 'risk-alert-raised'),
          eq(outboxMessages.recipient, 'terry@example.nhs.uk'),
          eq(outboxMessages.patientId, s.patient.id),
        ),
      );
    expect(emails).toHaveLength(1);
    expect(emails[0]!.body).not.toMatch(/PHQ|Did not attend|Mia/);
    const queue = textOf((await terry.get('/staff/risk')).body);
    expect(queue).toContain('Missed appointment');
    expect(queue).toContain('Mia Tester');
    expect(textOf((await terry.get('/home')).body)).toContain('Mia Tester');

    // Corrected to attended and back again: still the one alert.
    await terry.get(`/diary/appointments/${s.session.id}`);
    expect((await s.record('attended')).statusCode).toBe(303);
    await terry.get(`/diary/appointments/${s.session.id}`);
    expect((await s.record('did_not_attend')).statusCode).toBe(303);
    expect(await s.missedAlerts()).toHaveLength(1);
  });

  it('sends the patient a kind message, once, whatever their risk; the email says only that one is waiting', async () => {
    const s = await sessionToday('Rae', 6, null);
    await t.database.db
      .update(patients)
      .set({ email: 'rae@example.com', allowEmail: true })
      .where(eq(patients.id, s.patient.id));
    const inbox = () =>
      t.database.db
        .select()
        .from(patientMessages)
        .where(eq(patientMessages.patientId, s.patient.id));
    await terry.get(`/diary/appointments/${s.session.id}`);
    expect((await s.record('did_not_attend')).statusCode).toBe(303);
    const [message] = await inbox();
    expect(message!.subject).toBe('We missed you at your session');
    expect(message!.body).toContain(
      'We are sorry we missed you at your session on Tuesday 1 December',
    );
    expect(message!.body).toContain('NHS 111 and choose option 2');
    const [notice] = await t.database.db
      .select()
      .from(outboxMessages)
      .where(eq(outboxMessages.patientId, s.patient.id));
    expect(notice!.recipient).toBe('rae@example.com');
    expect(notice!.body).not.toMatch(/missed|session/i);
    // Corrected and recorded as missed again: no second message.
    await terry.get(`/diary/appointments/${s.session.id}`);
    await s.record('attended');
    await terry.get(`/diary/appointments/${s.session.id}`);
    await s.record('did_not_attend');
    expect(await inbox()).toHaveLength(1);
  });

  it('sends no message once they have come since, or a week on, and tells the clinician why (walk 7)', async () => {
    const s = await sessionToday('Sol', 5, null);
    const inbox = (patientId: string) =>
      t.database.db.select().from(patientMessages).where(eq(patientMessages.patientId, patientId));
    await terry.get(`/diary/appointments/${s.session.id}`);
    expect((await s.record('attended')).statusCode).toBe(303);
    // They came to the next session too; the first is corrected to missed days later.
    const course = { id: s.session.courseId!, patientId: s.patient.id, therapistId };
    await insertSession(t, course, '2026-12-03T10:00:00Z', { status: 'attended' });
    // Signed in afresh after each move of the clock: a session ends after a while idle.
    const later = async (at: string) => {
      t.clock.set(at);
      const c = new TestClient(t.app);
      expect((await c.signIn('terry@example.nhs.uk', TEST_PASSWORD)).statusCode).toBe(303);
      return c;
    };
    const record = async (c: TestClient, id: string) => {
      await c.get(`/diary/appointments/${id}`);
      return c.post(`/diary/appointments/${id}/attendance`, { status: 'did_not_attend' });
    };
    try {
      const days = await later('2026-12-04T09:00:00Z');
      const corrected = await record(days, s.session.id);
      expect(corrected.headers.location).toBe(
        `/diary/appointments/${s.session.id}?done=missed_seen_since`,
      );
      expect(textOf((await days.get(corrected.headers.location as string)).body)).toContain(
        'We have not sent them a message, because they have come to an appointment since.',
      );
      expect(await inbox(s.patient.id)).toHaveLength(0);

      // Recorded for the first time more than a week after the session: no message either.
      const late = await sessionToday('Tam', 4, null);
      const weekOn = await later('2026-12-08T04:01:00Z');
      const missed = await record(weekOn, late.session.id);
      expect(missed.headers.location).toBe(
        `/diary/appointments/${late.session.id}?done=missed_too_late`,
      );
      expect(textOf((await weekOn.get(missed.headers.location as string)).body)).toContain(
        'because the appointment was more than a week ago. Contact them yourself if you need to.',
      );
      expect(await inbox(late.patient.id)).toHaveLength(0);
    } finally {
      t.clock.set('2026-12-01T12:00:00Z');
    }
  });

  it('raises nothing for a missed session with no risk told in the 16 weeks before', async () => {
    const none = await sessionToday('Noor', 9, null);
    await terry.get(`/diary/appointments/${none.session.id}`);
    const missed = await none.record('did_not_attend');
    expect(missed.statusCode).toBe(303);
    expect(await none.missedAlerts()).toHaveLength(0);
    expect(textOf((await terry.get(missed.headers.location as string)).body)).not.toContain(
      'A risk alert is open',
    );

    const longAgo = await sessionToday('Olu', 8, 120);
    await terry.get(`/diary/appointments/${longAgo.session.id}`);
    expect((await longAgo.record('did_not_attend')).statusCode).toBe(303);
    expect(await longAgo.missedAlerts()).toHaveLength(0);
  });

  it('raises nothing when the person came', async () => {
    const came = await sessionToday('Pia', 7, 5);
    await terry.get(`/diary/appointments/${came.session.id}`);
    expect((await came.record('attended')).statusCode).toBe(303);
    expect(await came.missedAlerts()).toHaveLength(0);
  });
});
