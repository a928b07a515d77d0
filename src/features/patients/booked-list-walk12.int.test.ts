/**
 * Walk 12 (carried over from stop 43): a person we could not reach on any channel when their
 * appointments were booked or moved was never told of them. When a channel opens (turned on, or a
 * number or address given), they get one message listing the appointments booked for them, with
 * no health detail, once (H6).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, asc, eq } from 'drizzle-orm';
import { appointments, auditEvents, outboxMessages } from '../../db/schema';
import { TestClient } from '../../../tests/support/client';
import { createTestApp, TEST_PASSWORD, type TestApp } from '../../../tests/support/test-app';
import {
  bookingForm,
  insertWaitingPatient,
  seedDiaryWorld,
  type DiaryWorld,
} from '../../../tests/fixtures/diary-world';

let t: TestApp;
let w: DiaryWorld;
let quinn: string;

async function signedIn(email: string) {
  const c = new TestClient(t.app);
  expect((await c.signIn(email, TEST_PASSWORD)).statusCode).toBe(303);
  return c;
}

async function book(patientId: string, day: string, time: string) {
  const manager = await signedIn('manager@example.nhs.uk');
  await manager.get(`/diary/book?patient=${patientId}`);
  const res = await manager.post(
    '/diary/book',
    bookingForm({
      patientId,
      type: 'assessment',
      therapistId: w.alexId,
      duration: '60',
      mode: 'phone',
      'date-day': day,
      time,
    }),
  );
  expect(res.statusCode).toBe(303);
}

/** Staff save the person's contact details with these ways of contact allowed. */
async function allow(patientId: string, contact: string[], email: string, mobile: string) {
  const staff = await signedIn('manager@example.nhs.uk');
  await staff.get(`/patients/${patientId}/details`);
  const res = await staff.post(`/patients/${patientId}/details`, {
    email,
    mobile,
    postcode: 'LS1 4AP',
    contact,
  });
  expect(res.statusCode).toBe(303);
}

const quinnAllows = (contact: string[]) =>
  allow(quinn, contact, 'quinn@example.com', '07700 900003');

async function listsFor(patientId: string) {
  return t.database.db
    .select()
    .from(outboxMessages)
    .where(
      and(
        eq(outboxMessages.patientId, patientId),
        eq(outboxMessages.template, 'appointments-booked-list'),
      ),
    );
}

beforeAll(async () => {
  t = await createTestApp();
  w = await seedDiaryWorld(t);
  // Quinn gave a number and an address but allowed neither: booking tells her nothing.
  quinn = (
    await insertWaitingPatient(t, {
      givenName: 'Quinn',
      familyName: 'Stone',
      email: 'quinn@example.com',
      mobile: '+447700900003',
      allowEmail: false,
      allowSms: false,
    })
  ).patientId;
  await book(quinn, '16', '10:00');
  await book(quinn, '18', '14:00');
});
afterAll(async () => t.close());

describe('a person told of nothing when booked gets the appointments once a channel opens', () => {
  it('texts turned on send one text listing the booked appointments; saving again sends nothing more', async () => {
    const before = await t.database.db
      .select()
      .from(outboxMessages)
      .where(eq(outboxMessages.patientId, quinn));
    expect(before).toEqual([]);

    await quinnAllows(['sms']);
    const [text, ...more] = await listsFor(quinn);
    expect(more).toEqual([]);
    expect(text).toMatchObject({ channel: 'sms', recipient: '+447700900003', status: 'pending' });
    expect(text!.body).toBe(
      'Now that we can text you: you have 2 appointments with NHS Talking Therapies, the next on Wednesday 16 December 2026 at 10am. It is a phone call. We will call you. See them all, or cancel or change one: http://localhost:3000/appointments',
    );
    expect(text!.notBefore.getTime()).toBe(t.clock.now().getTime());
    const audits = await t.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'patient.update'), eq(auditEvents.patientId, quinn)));
    expect(audits.at(-1)?.details).toMatchObject({ changed: ['allowSms'], appointmentsListed: 1 });

    // Saved again, as it is and with another change; emails turned on too (texts already told
    // her): nothing more.
    await quinnAllows(['sms']);
    await quinnAllows(['sms', 'voicemail']);
    await quinnAllows(['sms', 'email', 'voicemail']);
    expect((await listsFor(quinn)).map((m) => m.id)).toEqual([text!.id]);
  });

  it('sent, then every channel off and on again with the same appointments: nothing more', async () => {
    await t.outbox.runOnce();
    await quinnAllows([]);
    await quinnAllows(['email']);
    expect((await listsFor(quinn)).map((m) => m.status)).toEqual(['sent']);
  });

  it('lists each appointment by email when another was booked while she could not be reached', async () => {
    await quinnAllows([]);
    await book(quinn, '21', '11:00');
    await quinnAllows(['email']);
    const email = (await listsFor(quinn)).find((m) => m.channel === 'email')!;
    expect(email.subject).toBe('Your appointments with NHS Talking Therapies');
    for (const when of [
      'Wednesday 16 December 2026 at 10am',
      'Friday 18 December 2026 at 2pm',
      'Monday 21 December 2026 at 11am',
    ])
      expect(email.body).toContain(`- ${when}, for 60 minutes. It is a phone call.`);
    expect(email.body).not.toMatch(/depress|therapy\b|\bIPT\b|interpersonal|assessment/i);
  });

  it('sends no list to someone who could already be reached (the booking told them)', async () => {
    await quinnAllows(['email']);
    const robin = w.robin.patientId; // emails allowed, texts not
    await book(robin, '17', '10:00');
    await allow(robin, ['email', 'sms'], 'robin@example.com', '07700 900002');
    expect(await listsFor(robin)).toEqual([]);
  });

  it('a list held for the morning is renewed when one of its appointments is cancelled first; one booked since is not in it', async () => {
    const pat = (
      await insertWaitingPatient(t, {
        givenName: 'Pat',
        familyName: 'Holt',
        email: 'pat@example.com',
        mobile: '+447700900009',
        allowEmail: false,
        allowSms: false,
      })
    ).patientId;
    await book(pat, '15', '10:00');
    await book(pat, '17', '14:00');
    const [keep, drop] = await t.database.db
      .select()
      .from(appointments)
      .where(eq(appointments.patientId, pat))
      .orderBy(asc(appointments.startsAt));
    const day = t.clock.now();
    t.clock.set('2026-11-26T22:30:00Z'); // texts wait until 08:00
    try {
      await allow(pat, ['sms'], 'pat@example.com', '07700 900009');
      const [held] = await listsFor(pat);
      expect(held!.body).toContain('you have 2 appointments');
      expect(held!.status).toBe('pending');

      const staff = await signedIn('manager@example.nhs.uk');
      const cancel = async (id: string) => {
        await staff.get(`/diary/appointments/${id}/cancel`);
        return staff.post(`/diary/appointments/${id}/cancel`, {
          cancelledBy: 'service',
          reason: 'Clinic closed',
        });
      };
      // Booked since (she could be texted then, so the booking told her): not in the list, and
      // cancelling it leaves the list alone.
      await book(pat, '18', '09:00');
      const later = (
        await t.database.db
          .select()
          .from(appointments)
          .where(eq(appointments.patientId, pat))
          .orderBy(asc(appointments.startsAt))
      ).at(-1)!;
      expect((await cancel(later.id)).statusCode).toBe(303);
      expect((await listsFor(pat)).map((m) => m.status)).toEqual(['pending']);

      expect((await cancel(drop!.id)).statusCode).toBe(303);
      const lists = await listsFor(pat);
      expect(lists.map((m) => m.status).sort()).toEqual(['cancelled', 'pending']);
      const fresh = lists.find((m) => m.status === 'pending')!;
      expect(fresh).toMatchObject({ channel: 'sms', recipient: '+447700900009' });
      expect(fresh.notBefore.toISOString()).toBe('2026-11-27T08:00:00.000Z');
      // A second press repeats nothing.
      await cancel(drop!.id);
      expect(await listsFor(pat)).toHaveLength(2);

      t.clock.set('2026-11-27T08:00:00Z');
      while ((await t.outbox.runOnce()) > 0);
      const sent = t.notifier.sent.filter((m) => m.body.startsWith('Now that we can text you'));
      const pats = sent.filter((m) => m.recipient === '+447700900009').map((m) => m.body);
      expect(pats).toEqual([
        'Now that we can text you: your appointment with NHS Talking Therapies is on Tuesday 15 December 2026 at 10am, for 60 minutes. It is a phone call. We will call you. To cancel or change it: http://localhost:3000/appointments',
      ]);
      expect(keep!.status).toBe('booked');
    } finally {
      t.clock.set(day);
    }
  });
});
