import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { auditEvents, outboxMessages, users } from '../../db/schema';
import { TestClient, textOf } from '../../../tests/support/client';
import {
  createTestApp,
  createUser,
  TEST_PASSWORD,
  type TestApp,
} from '../../../tests/support/test-app';

/** A staff invitation sent again: a fresh 7-day link, the earlier one dead, managers only. */
let t: TestApp;
const DAY = 24 * 60 * 60_000;

async function signedIn(email: string) {
  const c = new TestClient(t.app);
  expect((await c.signIn(email, TEST_PASSWORD)).statusCode).toBe(303);
  return c;
}

/** The newest invitation link emailed to this address. */
async function latestLink(recipient: string): Promise<string> {
  await t.outbox.runOnce();
  const mail = t.notifier.sent.filter((m) => m.recipient === recipient).at(-1);
  expect(mail?.subject).toContain('Set up your');
  return /(\/account\/set-password\?token=[\w-]+)/.exec(mail!.body)![1]!;
}

async function invitee() {
  const [row] = await t.database.db
    .select()
    .from(users)
    .where(and(eq(users.serviceId, t.service.id), eq(users.email, 'new@example.nhs.uk')));
  return row!;
}

beforeAll(async () => {
  t = await createTestApp();
  await createUser(t, 'manager@example.nhs.uk', ['service_manager'], 'Morgan Reid');
  await createUser(t, 'chris@example.nhs.uk', ['therapist'], 'Chris Lane');
});
afterAll(async () => t.close());

describe('sending a staff invitation again', () => {
  it('says so when the person invited is invited again, pointing at the list', async () => {
    const m = await signedIn('manager@example.nhs.uk');
    await m.get('/admin/users');
    const first = await m.post('/admin/users', {
      displayName: 'New Therapist',
      email: 'new@example.nhs.uk',
      roles: ['therapist'],
    });
    expect(first.statusCode).toBe(303);
    const link = await latestLink('new@example.nhs.uk');
    // A week and a day later the link has run out.
    t.clock.advance(8 * DAY);
    expect((await new TestClient(t.app).get(link)).statusCode).toBe(410);

    const later = await signedIn('manager@example.nhs.uk');
    await later.get('/admin/users');
    const again = await later.post('/admin/users', {
      displayName: 'New Therapist',
      email: 'NEW@example.nhs.uk',
      roles: ['therapist'],
    });
    expect(again.statusCode).toBe(400);
    const { id } = await invitee();
    expect(textOf(again.body)).toContain(
      'This person has been invited already. Send the invitation again from the list',
    );
    expect(again.body).toContain(`href="#invitation-${id}"`);
    expect(again.body).toContain(`id="invitation-${id}"`);
    expect(again.body).toContain('value="NEW@example.nhs.uk"');

    // Someone who has set up their account is told it is taken, as before.
    const taken = await later.post('/admin/users', {
      displayName: 'Chris Lane',
      email: 'chris@example.nhs.uk',
      roles: ['therapist'],
    });
    expect(taken.statusCode).toBe(400);
    expect(textOf(taken.body)).toContain('Someone already has an account with this email address');
  });

  it('sends a fresh link, and the earlier one stops working', async () => {
    const m = await signedIn('manager@example.nhs.uk');
    const { id } = await invitee();
    const list = await m.get('/admin/users');
    expect(list.body).toContain(`action="/admin/users/${id}/invitation"`);
    expect(textOf(list.body)).toContain('Send the invitation again to New Therapist');

    const sent = await m.post(`/admin/users/${id}/invitation`, {});
    expect(sent.statusCode).toBe(303);
    expect(sent.headers.location).toBe(`/admin/users?reinvited=${id}`);
    const page = await m.get(String(sent.headers.location));
    expect(textOf(page.body)).toContain(
      'We have sent New Therapist a new invitation at new@example.nhs.uk. The link works for 7 days',
    );
    const second = await latestLink('new@example.nhs.uk');
    const mail = t.notifier.sent.filter((x) => x.recipient === 'new@example.nhs.uk').at(-1)!;
    expect(mail.body).toContain('An account has been made for you with');
    expect((await new TestClient(t.app).get(second)).statusCode).toBe(200);

    // Sent once more (the email went astray): only the newest link works.
    await m.get('/admin/users');
    expect((await m.post(`/admin/users/${id}/invitation`, {})).statusCode).toBe(303);
    const third = await latestLink('new@example.nhs.uk');
    expect(third).not.toBe(second);
    expect((await new TestClient(t.app).get(second)).statusCode).toBe(410);
    expect((await new TestClient(t.app).get(third)).statusCode).toBe(200);

    const audited = await t.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'user.invitation_resend'));
    expect(audited).toHaveLength(2);
    expect(audited[0]).toMatchObject({ recordType: 'user', recordId: id, outcome: 'success' });

    // Once they have set their password there is nothing to send again.
    const person = new TestClient(t.app);
    await person.get(third);
    const set = await person.post('/account/set-password', {
      token: third.split('=')[1]!,
      password: 'tangerine lighthouse',
      confirm: 'tangerine lighthouse',
    });
    expect(set.statusCode).toBe(303);
    const after = await m.get('/admin/users');
    expect(after.body).not.toContain(`/admin/users/${id}/invitation`);
    const before = (await t.database.db.select().from(outboxMessages)).length;
    const late = await m.post(`/admin/users/${id}/invitation`, {});
    expect(late.statusCode).toBe(303);
    expect(late.headers.location).toBe('/admin/users');
    expect(await t.database.db.select().from(outboxMessages)).toHaveLength(before);
  });

  it('is for service managers only', async () => {
    const { id } = await invitee();
    const c = await signedIn('chris@example.nhs.uk');
    await c.get('/home');
    expect((await c.post(`/admin/users/${id}/invitation`, {})).statusCode).toBe(403);
  });
});
