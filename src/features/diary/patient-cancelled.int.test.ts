import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { auditEvents, treatmentCourses } from '../../db/schema';
import { TestClient, textOf } from '../../../tests/support/client';
import { createTestApp, TEST_PASSWORD, type TestApp } from '../../../tests/support/test-app';
import {
  bookingForm,
  seedDiaryWorld,
  startCourse,
  type DiaryWorld,
} from '../../../tests/fixtures/diary-world';

// H29: a session the patient cancels themselves is listed for their therapist to offer another,
// until one is booked or the course ends; the patient is told that is what happens.

let t: TestApp;
let w: DiaryWorld;
let course: string;

const HEADING = 'Cancelled by the patient: offer another session';

async function signedIn(email: string) {
  const c = new TestClient(t.app);
  expect((await c.signIn(email, TEST_PASSWORD)).statusCode).toBe(303);
  return c;
}

async function bookAs(email: string, form: Record<string, string>) {
  const c = await signedIn(email);
  await c.get(
    form.courseId ? `/diary/book?course=${form.courseId}` : `/diary/book?patient=${form.patientId}`,
  );
  const res = await c.post('/diary/book', form);
  expect(res.statusCode).toBe(303);
  return /\/diary\/appointments\/([0-9a-f-]{36})/.exec(String(res.headers.location))![1]!;
}

const taylorsSession = (day: string) =>
  bookingForm({
    patientId: w.taylor.patientId,
    courseId: course,
    therapistId: w.samId,
    'date-day': day,
  });

async function taylorCancels(appointmentId: string, reason: string) {
  const taylor = await signedIn('taylor@example.com');
  await taylor.get(`/appointments/${appointmentId}/cancel`);
  const res = await taylor.post(`/appointments/${appointmentId}/cancel`, { reason });
  expect(res.statusCode).toBe(303);
  return { taylor, location: String(res.headers.location) };
}

beforeAll(async () => {
  t = await createTestApp();
  w = await seedDiaryWorld(t);
  course = await startCourse(t, w.taylor.patientId, w.samId, 16);
});
afterAll(async () => t.close());

describe('a session the patient cancels (H29)', () => {
  it('is listed for their therapist with the reason, not for another, until another is booked', async () => {
    const first = await bookAs('sam@example.nhs.uk', taylorsSession('2'));
    t.clock.advanceMinutes(5);
    const { taylor, location } = await taylorCancels(first, 'My mum is unwell this week');

    // The patient is told what happens next.
    expect(location).toBe('/appointments?done=cancelled-offer');
    const list = textOf((await taylor.get(location)).body);
    expect(list).toContain(
      'Your appointment has been cancelled. We have sent you a confirmation. Your therapist will be in touch to offer you another time.',
    );

    // Their therapist sees it on the diary, with the name, date, reason and a way to book.
    const sam = await signedIn('sam@example.nhs.uk');
    const diary = await sam.get('/diary');
    const text = textOf(diary.body);
    expect(text).toContain(HEADING);
    expect(text).toContain('Book another session for Taylor Green');
    expect(text).toContain('Wednesday 2 December 2026 at 10am');
    expect(text).toContain('My mum is unwell this week');
    expect(diary.body).toContain(`href="/diary/book?course=${course}&amp;type=ipt_session"`);
    // Seeing them is audited, in plain words, against the patient and the session.
    const seen = await t.database.db
      .select()
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.action, 'appointment.patient_cancelled_list'),
          eq(auditEvents.recordId, first),
        ),
      );
    expect(seen.length).toBeGreaterThan(0);
    expect(seen[0]!.patientId).toBe(w.taylor.patientId);

    // Another therapist does not see it.
    const alex = await signedIn('alex@example.nhs.uk');
    expect(textOf((await alex.get('/diary')).body)).not.toContain(HEADING);

    // Booked since the cancellation: it leaves the list.
    t.clock.advanceMinutes(5);
    await bookAs('sam@example.nhs.uk', taylorsSession('9'));
    expect(textOf((await sam.get('/diary')).body)).not.toContain(HEADING);
  });

  it('leaves the list when the course ends', async () => {
    t.clock.advanceMinutes(5);
    const another = await bookAs('sam@example.nhs.uk', taylorsSession('16'));
    t.clock.advanceMinutes(5);
    await taylorCancels(another, 'Work has changed my shifts');
    const sam = await signedIn('sam@example.nhs.uk');
    expect(textOf((await sam.get('/diary')).body)).toContain('Work has changed my shifts');
    await t.database.db
      .update(treatmentCourses)
      .set({ status: 'ended', endedAt: t.clock.now() })
      .where(and(eq(treatmentCourses.serviceId, t.service.id), eq(treatmentCourses.id, course)));
    expect(textOf((await sam.get('/diary')).body)).not.toContain(HEADING);
  });

  it('an assessment the patient cancels says we will arrange another; it is not on the list', async () => {
    const assessment = await bookAs(
      'manager@example.nhs.uk',
      bookingForm({
        patientId: w.robin.patientId,
        type: 'assessment',
        therapistId: w.alexId,
        duration: '60',
        'date-day': '3',
      }),
    );
    const robin = await signedIn('robin@example.com');
    await robin.get(`/appointments/${assessment}/cancel`);
    const res = await robin.post(`/appointments/${assessment}/cancel`, { reason: 'I am away' });
    expect(res.headers.location).toBe('/appointments?done=cancelled-assessment');
    expect(textOf((await robin.get(String(res.headers.location))).body)).toContain(
      'We will be in touch to arrange another time for your assessment.',
    );
    const alex = await signedIn('alex@example.nhs.uk');
    expect(textOf((await alex.get('/diary')).body)).not.toContain(HEADING);
  });
});
