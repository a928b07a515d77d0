/**
 * Walk 10: a person who allows texts (or emails) again gets the reminders of the appointments
 * already booked on that channel, as booking would have queued them (H6): none repeated, none
 * already due, none for an appointment past or cancelled.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, asc, eq } from 'drizzle-orm';
import { appointments, auditEvents, outboxMessages, patients } from '../../db/schema';
import { TestClient } from '../../../tests/support/client';
import { createTestApp, TEST_PASSWORD, type TestApp } from '../../../tests/support/test-app';
import { bookingForm, seedDiaryWorld, type DiaryWorld } from '../../../tests/fixtures/diary-world';

let t: TestApp;
let w: DiaryWorld;
let robin: string;
let booked: string;
let past: string;
let cancelled: string;

async function signedIn(email: string) {
  const c = new TestClient(t.app);
  expect((await c.signIn(email, TEST_PASSWORD)).statusCode).toBe(303);
  return c;
}

/** Robin's reminders not withdrawn, on a channel, as [appointment id, send time]. */
async function waiting(channel: 'sms' | 'email') {
  const rows = await t.database.db
    .select()
    .from(outboxMessages)
    .where(
      and(
        eq(outboxMessages.patientId, robin),
        eq(outboxMessages.channel, channel),
        eq(outboxMessages.template, 'appointment-reminder'),
        eq(outboxMessages.status, 'pending'),
      ),
    )
    .orderBy(asc(outboxMessages.notBefore));
  return rows;
}

const whenFor = (rows: Awaited<ReturnType<typeof waiting>>) =>
  rows.map((r) => [r.idempotencyKey.split(':')[1], r.notBefore.toISOString()]);

/** Robin saves her own contact details, with these ways of contact allowed. */
async function saveOwn(contact: string[]) {
  const own = await signedIn('robin@example.com');
  await own.get(`/patients/${robin}/contact`);
  const res = await own.post(`/patients/${robin}/contact`, {
    email: 'robin@example.com',
    mobile: '07700 900002',
    postcode: 'LS1 4AP',
    contact,
  });
  expect(res.statusCode).toBe(303);
}

beforeAll(async () => {
  t = await createTestApp();
  w = await seedDiaryWorld(t);
  robin = w.robin.patientId; // emails allowed, texts not
  // A wellbeing assessment booked next week, through the diary: its reminders go by email only.
  const manager = await signedIn('manager@example.nhs.uk');
  await manager.get(`/diary/book?patient=${robin}`);
  const res = await manager.post(
    '/diary/book',
    bookingForm({
      patientId: robin,
      type: 'assessment',
      therapistId: w.alexId,
      duration: '60',
      mode: 'phone',
      'date-day': '3',
    }),
  );
  expect(res.statusCode).toBe(303);
  booked = /\/diary\/appointments\/([0-9a-f-]{36})/.exec(String(res.headers.location))![1]!;
  // One still marked booked but already over, and one cancelled: neither is reminded of.
  const now = t.clock.now();
  const at = (days: number) => new Date(now.getTime() + days * 86_400_000);
  const common = {
    serviceId: t.service.id,
    patientId: robin,
    therapistId: w.alexId,
    type: 'assessment' as const,
    mode: 'phone' as const,
    bookedBy: w.managerId,
    createdAt: now,
    updatedAt: now,
  };
  const rows = await t.database.db
    .insert(appointments)
    .values([
      { ...common, startsAt: at(-2), endsAt: new Date(at(-2).getTime() + 3_600_000) },
      {
        ...common,
        startsAt: at(14),
        endsAt: new Date(at(14).getTime() + 3_600_000),
        status: 'cancelled',
        cancelledBy: 'service',
        cancellationReason: 'Therapist unwell',
        cancelledAt: now,
      },
    ])
    .returning();
  past = rows[0]!.id;
  cancelled = rows[1]!.id;
});
afterAll(async () => t.close());

describe('allowing texts or emails again brings back the reminders of booked appointments', () => {
  it('texts turned on queue the booked session’s text reminders, at the times booking chose; saving again queues nothing more', async () => {
    const emails = await waiting('email');
    expect(emails.length).toBe(2);
    expect(await waiting('sms')).toEqual([]);

    await saveOwn(['email', 'sms']);
    const texts = await waiting('sms');
    // The same reminders booking queued by email (two days and two hours before), by text.
    expect(whenFor(texts)).toEqual(whenFor(emails));
    expect(whenFor(texts).map(([id]) => id)).toEqual([booked, booked]);
    for (const text of texts) {
      expect(text.recipient).toBe('+447700900002');
      expect(text.notBefore.getTime()).toBeGreaterThan(t.clock.now().getTime());
      expect(text.body).toContain(
        'Reminder: your appointment with NHS Talking Therapies is on Thursday 3 December 2026 at 10am',
      );
      expect(text.body).not.toMatch(/depress|therapy|\bIPT\b|interpersonal|assessment/i);
    }
    // Nothing for the appointment already over, or the cancelled one.
    const all = await t.database.db
      .select()
      .from(outboxMessages)
      .where(eq(outboxMessages.patientId, robin));
    for (const id of [past, cancelled])
      expect(all.filter((m) => m.idempotencyKey.includes(id))).toEqual([]);
    const audits = await t.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'patient.update'), eq(auditEvents.patientId, robin)))
      .orderBy(asc(auditEvents.id));
    expect(audits.at(-1)?.details).toEqual({
      changed: ['allowSms'],
      by: 'patient',
      remindersQueued: 2,
    });

    // Saved again, as it is, and with another change: nothing more is queued.
    const count = async () =>
      (await t.database.db.select().from(outboxMessages).where(eq(outboxMessages.patientId, robin)))
        .length;
    const before = await count();
    await saveOwn(['email', 'sms']);
    await saveOwn(['email', 'sms', 'voicemail']);
    expect(await count()).toBe(before);

    // The record said texts were off while her reminders still waited (changed elsewhere): turning
    // them on again repeats none of them.
    await t.database.db.update(patients).set({ allowSms: false }).where(eq(patients.id, robin));
    await saveOwn(['email', 'sms']);
    expect(await count()).toBe(before);
    expect(whenFor(await waiting('sms'))).toEqual(whenFor(texts));
  });

  it('texts off then on again: the withdrawn reminders come back once', async () => {
    const texts = whenFor(await waiting('sms'));
    await saveOwn(['email']);
    expect(await waiting('sms')).toEqual([]);
    await saveOwn(['email', 'sms']);
    expect(whenFor(await waiting('sms'))).toEqual(texts);
  });

  it('emails turned back on by a clinician queue the email reminders; none already due', async () => {
    const emails = whenFor(await waiting('email'));
    await saveOwn(['sms']);
    expect(await waiting('email')).toEqual([]);

    // The day before, after the two-day reminder's time: only the two-hour one is still to come.
    const [twoDays, twoHours] = emails;
    t.clock.set(new Date(new Date(twoDays![1]!).getTime() + 60_000));
    const staff = await signedIn('manager@example.nhs.uk');
    await staff.get(`/patients/${robin}/details`);
    const res = await staff.post(`/patients/${robin}/details`, {
      email: 'robin@example.com',
      mobile: '07700 900002',
      postcode: 'LS1 4AP',
      contact: ['email', 'sms'],
    });
    expect(res.statusCode).toBe(303);
    const now = await waiting('email');
    expect(whenFor(now)).toEqual([twoHours]);
    expect(now[0]!.recipient).toBe('robin@example.com');
    expect(now[0]!.subject).toBeTruthy();
  });
});
