import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { withTenant } from '../../db/client';
import { auditEvents, outboxMessages, patientMessages, patients } from '../../db/schema';
import { createUseCase, type UseCase } from '../../platform/use-case';
import { TestClient, textOf } from '../../../tests/support/client';
import {
  createTestApp,
  createUser,
  TEST_PASSWORD,
  type TestApp,
} from '../../../tests/support/test-app';
import { sendMessageToPatient } from './index';

let t: TestApp;
let staffId: string;
const STAFF_TEXT =
  'Dear Alice, we talked about your low mood and have added you to the waiting list for interpersonal therapy.';

/** A therapist's use case, in the service's own transaction, as a request would run it. */
function asTherapist<T>(fn: (uc: UseCase) => Promise<T>): Promise<T> {
  return withTenant(t.database, t.service.id, (db) =>
    fn(
      createUseCase({
        db,
        clock: t.clock,
        actor: {
          serviceId: t.service.id,
          userId: staffId,
          role: 'therapist',
          ip: null,
          requestId: null,
        },
        user: {
          userId: staffId,
          serviceId: t.service.id,
          roles: ['therapist'],
          displayName: 'Tess',
          email: 'tess@example.nhs.uk',
          sessionTokenHash: 'not-a-session',
        },
        service: t.service,
        links: { publicUrl: t.config.publicUrl, serviceName: t.service.name },
      }),
    ),
  );
}

async function addPatient(values: Partial<typeof patients.$inferInsert>) {
  const [row] = await t.database.db
    .insert(patients)
    .values({
      serviceId: t.service.id,
      givenName: 'Pat',
      familyName: 'Person',
      dateOfBirth: '1990-01-01',
      ...values,
    })
    .returning();
  return row!;
}

const outboxOf = async (patientId: string) =>
  (await t.database.db.select().from(outboxMessages)).filter((m) => m.patientId === patientId);

beforeAll(async () => {
  t = await createTestApp();
  staffId = (await createUser(t, 'tess@example.nhs.uk', ['therapist'], 'Tess')).id;
});
afterAll(async () => t.close());

describe('messages behind sign-in', () => {
  it('stores the message for the inbox and texts and emails only that one is waiting', async () => {
    const alice = await createUser(t, 'alice@example.com', ['patient'], 'Alice');
    const record = await addPatient({
      givenName: 'Alice',
      userId: alice.id,
      email: 'alice@example.com',
      mobile: '07700900001',
      allowEmail: true,
      allowSms: true,
    });
    const sent = await asTherapist((uc) =>
      sendMessageToPatient(uc, {
        patientId: record.id,
        subject: 'After your wellbeing assessment',
        body: STAFF_TEXT,
        sourceKey: 'test:alice:1',
      }),
    );
    expect(sent).toEqual({ channels: ['email', 'sms'], access: 'has_account' });
    const queued = await outboxOf(record.id);
    expect(queued.map((m) => [m.channel, m.template])).toEqual([
      ['email', 'new-message'],
      ['sms', 'new-message'],
    ]);
    for (const m of queued) {
      expect(m.body).not.toContain('waiting list');
      expect(m.body).not.toContain('low mood');
      expect(m.body).toContain('http://localhost:3000/messages');
      expect(`${m.subject ?? ''} ${m.body}`).not.toMatch(/assessment|therapy/i);
    }
    // A retried request stores and announces it once.
    await asTherapist((uc) =>
      sendMessageToPatient(uc, {
        patientId: record.id,
        subject: 'After your wellbeing assessment',
        body: STAFF_TEXT,
        sourceKey: 'test:alice:1',
      }),
    );
    expect(await outboxOf(record.id)).toHaveLength(2);

    // The patient reads it behind sign-in; it is new once, then read; each look is audited.
    const client = new TestClient(t.app);
    await client.signIn('alice@example.com', TEST_PASSWORD);
    expect((await client.get('/home')).body).toContain('href="/messages"');
    const first = await client.get('/messages');
    expect(first.statusCode).toBe(200);
    const text = textOf(first.body);
    expect(text).toContain('After your wellbeing assessment New');
    expect(text).toContain('added you to the waiting list for interpersonal therapy');
    const [row] = await t.database.db
      .select()
      .from(patientMessages)
      .where(eq(patientMessages.patientId, record.id));
    expect(row!.readAt).toEqual(t.clock.now());
    expect(textOf((await client.get('/messages')).body)).not.toContain(
      'After your wellbeing assessment New',
    );
    const looks = await t.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'message.list_own'), eq(auditEvents.patientId, record.id)));
    expect(looks).toHaveLength(2);
    const sends = await t.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'message.send'), eq(auditEvents.patientId, record.id)));
    expect(sends).toHaveLength(1);
    expect(sends[0]!.userId).toBe(staffId);
  });

  it('keeps line breaks without inline styles, and links only to this service', async () => {
    const dee = await createUser(t, 'dee@example.com', ['patient'], 'Dee');
    const record = await addPatient({ givenName: 'Dee', userId: dee.id });
    const site = t.config.publicUrl;
    await asTherapist((uc) =>
      sendMessageToPatient(uc, {
        patientId: record.id,
        subject: 'Your letter',
        body: [
          `You can read your letter here: ${site}/letters/L-1/pdf`,
          `Please tell us how it went: ${site}/feedback/F-1. Thank you.`,
          '',
          'Not links: https://evil.example/x and javascript:alert(1) and <b>bold</b>',
        ].join('\n'),
        sourceKey: 'test:dee:1',
      }),
    );
    const client = new TestClient(t.app);
    await client.signIn('dee@example.com', TEST_PASSWORD);
    const page = await client.get('/messages');
    expect(page.statusCode).toBe(200);
    // The Content-Security-Policy blocks inline styles: the stylesheet's class keeps the breaks.
    expect(page.body).not.toContain('style=');
    expect(page.body).toContain(
      // Own links say where they go in words, not as raw addresses (walk 4).
      `<p class="rapport-pre-wrap">You can read your letter here: <a href="${site}/letters/L-1/pdf">Read your letter (PDF)</a>\nPlease tell us how it went: <a href="${site}/feedback/F-1">Tell us how it went</a>. Thank you.</p>`,
    );
    expect(page.body).toContain(
      '<p class="rapport-pre-wrap">Not links: https://evil.example/x and javascript:alert(1) and &lt;b&gt;bold&lt;/b&gt;</p>',
    );
    expect(page.body).not.toContain('href="https://evil.example');
    expect(page.body).not.toContain('href="javascript:');
  });

  it('shows a patient only their own messages, and keeps staff out of the inbox', async () => {
    const bob = await createUser(t, 'bob@example.com', ['patient'], 'Bob');
    await addPatient({ givenName: 'Bob', userId: bob.id });
    const client = new TestClient(t.app);
    await client.signIn('bob@example.com', TEST_PASSWORD);
    const page = await client.get('/messages');
    expect(page.statusCode).toBe(200);
    expect(textOf(page.body)).toContain('You have no messages.');
    expect(textOf(page.body)).not.toContain('low mood');
    const staff = new TestClient(t.app);
    await staff.signIn('tess@example.nhs.uk', TEST_PASSWORD);
    expect((await staff.get('/messages')).statusCode).toBe(403);
  });

  it('invites a patient with no account, by the email they allowed, and says how to read it', async () => {
    const record = await addPatient({
      givenName: 'Cara',
      email: 'cara@example.com',
      mobile: '07700900003',
      allowEmail: true,
      allowSms: true,
    });
    const sent = await asTherapist((uc) =>
      sendMessageToPatient(uc, {
        patientId: record.id,
        subject: 'After your wellbeing assessment',
        body: STAFF_TEXT,
        sourceKey: 'test:cara:1',
      }),
    );
    expect(sent?.access).toBe('invited');
    const [linked] = await t.database.db.select().from(patients).where(eq(patients.id, record.id));
    expect(linked!.userId).not.toBeNull();
    const queued = await outboxOf(record.id);
    expect(queued.map((m) => m.template).sort()).toEqual([
      'new-message',
      'new-message',
      'patient-account-invitation',
    ]);
    const sms = queued.find((m) => m.channel === 'sms')!;
    expect(sms.body).toContain('first set up your account with the link in the other email');
    expect(sms.body).not.toContain('interpersonal');
  });

  it('tells a patient with no account and no email to contact the service', async () => {
    const record = await addPatient({ givenName: 'Dev', mobile: '07700900004', allowSms: true });
    const sent = await asTherapist((uc) =>
      sendMessageToPatient(uc, {
        patientId: record.id,
        subject: 'After your wellbeing assessment',
        body: STAFF_TEXT,
        sourceKey: 'test:dev:1',
      }),
    );
    expect(sent).toEqual({ channels: ['sms'], access: 'ask_us' });
    const [sms] = await outboxOf(record.id);
    expect(sms!.body).toContain('Please contact');
    expect(sms!.body).not.toContain('interpersonal');
  });
});
