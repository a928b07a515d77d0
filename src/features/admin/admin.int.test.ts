import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, outboxMessages } from '../../db/schema';
import { TestClient, textOf } from '../../../tests/support/client';
import { insertPatient, insertReferral } from '../../../tests/support/fixtures';
import {
  createTestApp,
  createUser,
  TEST_PASSWORD,
  type TestApp,
} from '../../../tests/support/test-app';

/** Issue 9, item 20: the audit log in plain words with names, and filters for sent messages. */
let t: TestApp;
let manager: TestClient;
let patientId: string;

const MINUTE = 60_000;

beforeAll(async () => {
  t = await createTestApp();
  const m = await createUser(t, 'manager@example.nhs.uk', ['service_manager'], 'Morgan Manager');
  patientId = (await insertPatient(t, { givenName: 'Ada', familyName: 'Lovelace' })).id;
  // 70 older entries, one a minute, about one patient: more than one page.
  const start = t.clock.now().getTime() - 2 * 24 * 60 * MINUTE;
  await t.database.db.insert(auditEvents).values(
    Array.from({ length: 70 }, (_, i) => ({
      serviceId: t.service.id,
      at: new Date(start + i * MINUTE),
      userId: m.id,
      role: 'service_manager',
      action: 'patient.read',
      patientId,
      recordType: 'patient',
      recordId: `entry-${String(i).padStart(2, '0')}`,
    })),
  );
  const message = (
    n: number,
    channel: 'email' | 'sms',
    recipient: string,
    status: 'sent' | 'failed',
    daysAgo: number,
  ) => ({
    serviceId: t.service.id,
    channel,
    recipient,
    subject: channel === 'email' ? `Subject ${n}` : null,
    body: `Message body ${n}`,
    template: 'test',
    idempotencyKey: `test-${n}`,
    status,
    notBefore: new Date(t.clock.now().getTime() - daysAgo * 24 * 60 * MINUTE),
    nextAttemptAt: new Date(t.clock.now().getTime() - daysAgo * 24 * 60 * MINUTE),
    createdAt: new Date(t.clock.now().getTime() - daysAgo * 24 * 60 * MINUTE),
  });
  await t.database.db
    .insert(outboxMessages)
    .values([
      message(1, 'email', 'ada@example.com', 'sent', 1),
      message(2, 'sms', '+447700900001', 'sent', 1),
      message(3, 'email', 'bob@example.com', 'failed', 1),
      message(4, 'email', 'ada@example.com', 'failed', 10),
      message(5, 'email', 'percent_50%@example.com', 'sent', 1),
    ]);
  manager = new TestClient(t.app);
  await manager.signIn('manager@example.nhs.uk', TEST_PASSWORD);
});
afterAll(async () => t.close());

function nextHref(html: string): string | null {
  const m = /<a class="nhsuk-pagination__link nhsuk-pagination__link--next" href="([^"]+)"/.exec(
    html,
  );
  return m?.[1]?.replace(/&amp;/g, '&') ?? null;
}

describe('audit log', () => {
  it('shows what people did in plain words and the patient’s name, not codes and id fragments', async () => {
    const res = await manager.get('/admin/audit');
    expect(res.statusCode).toBe(200);
    const text = textOf(res.body);
    expect(text).toContain('Opened a patient’s record');
    expect(text).not.toContain('patient.read');
    expect(res.body).toContain(`<a href="/patients/${patientId}">Ada Lovelace</a>`);
    expect(text).not.toContain(patientId.slice(0, 8));
    // Each cell carries its column heading for small screens.
    expect(res.body).toContain('<span class="nhsuk-table-responsive__heading"');
  });

  it('pages through every entry once, even though looking at a page writes audit entries', async () => {
    const rowsOf = (html: string) =>
      [...html.matchAll(/<tbody[\s\S]*?<\/tbody>/g)].join('').split('role="row"').length - 1;
    const first = await manager.get(`/admin/audit?patient=${patientId}`);
    const n = Number(
      /Showing 1 to 50 of (\d+) entries \(page 1 of 2\)/.exec(textOf(first.body))?.[1],
    );
    // The 70 seeded reads, and the earlier test's look at the log.
    expect(n).toBeGreaterThanOrEqual(70);
    expect(n).toBeLessThan(100);
    expect(rowsOf(first.body)).toBe(50);
    const next = nextHref(first.body);
    expect(next).toMatch(/until=\d+/);
    // Looking at the first page wrote audit rows about this patient: the second page still
    // lists the same entries, so none is skipped or shown twice.
    const second = await manager.get(next!);
    expect(textOf(second.body)).toContain(`Showing 51 to ${n} of ${n} entries (page 2 of 2)`);
    expect(rowsOf(second.body)).toBe(n - 50);
    expect(nextHref(second.body)).toBeNull();
    // A fresh search includes what was written since.
    expect(textOf((await manager.get(`/admin/audit?patient=${patientId}`)).body)).not.toContain(
      `of ${n} entries`,
    );
  });
});

describe('audit log entries about a referral', () => {
  it('name the referral by its reference, linked to it, and can be found by it', async () => {
    const referral = await insertReferral(t, { givenName: 'Rita', familyName: 'Unmatched' });
    const other = await insertReferral(t);
    // The manager opens both referrals (before either has a patient record).
    expect((await manager.get(`/staff/referrals/${referral.id}`)).statusCode).toBe(200);
    expect((await manager.get(`/staff/referrals/${other.id}`)).statusCode).toBe(200);
    // And an API client asked for a record that does not exist.
    await t.database.db.insert(auditEvents).values({
      serviceId: t.service.id,
      at: t.clock.now(),
      role: 'api_client:unknown',
      action: 'fhir.read',
      recordType: 'Patient',
      recordId: '00000000-0000-4000-8000-000000000000',
      outcome: 'failure',
      reason: 'not_found',
    });
    const res = await manager.get('/admin/audit');
    const text = textOf(res.body);
    expect(text).toContain('Opened a referral – triage');
    expect(res.body).toContain(
      `<a href="/staff/referrals/${referral.id}">${referral.reference}</a>`,
    );
    expect(text).toContain('An API client read a record – no such record');
    expect(text).not.toContain('not_found');
    // Found by its reference, typed in any case: only the entries about that referral.
    const found = await manager.get(`/admin/audit?referral=${referral.reference.toLowerCase()}`);
    expect(found.statusCode).toBe(200);
    expect(textOf(found.body)).toContain('1 entry');
    expect(found.body).toContain(referral.reference);
    expect(found.body).not.toContain(other.reference);
    // A risk alert raised from the referral's answers (no patient record yet) names it too.
    await t.database.db.insert(auditEvents).values({
      serviceId: t.service.id,
      at: t.clock.now(),
      role: null,
      action: 'risk_alert.raise',
      recordType: 'risk_alert',
      recordId: '00000000-0000-4000-8000-000000000001',
      details: { source: 'referral', referralId: referral.id },
    });
    const withAlert = await manager.get(`/admin/audit?referral=${referral.reference}`);
    expect(textOf(withAlert.body)).toContain('2 entries');
    expect(textOf(withAlert.body)).toContain('Raised a risk alert');
    expect(withAlert.body).not.toContain(other.reference);
    expect(
      withAlert.body.match(new RegExp(`>${referral.reference}</a>`, 'g'))?.length,
      'both entries link the referral',
    ).toBe(2);
    const bad = await manager.get('/admin/audit?referral=RAP-123');
    expect(bad.statusCode).toBe(400);
    expect(textOf(bad.body)).toContain(
      'Enter the referral reference in the correct format, like RAP-4KX9-M2QD',
    );
  });
});

describe('sent messages', () => {
  it('lists every message without filters', async () => {
    const text = textOf((await manager.get('/admin/messages')).body);
    expect(text).toContain('5 messages');
  });

  it('filters by recipient (part, any case, wildcards taken literally), kind, status and date', async () => {
    const by = async (query: string) => {
      const res = await manager.get(`/admin/messages?${query}`);
      expect(res.statusCode, query).toBe(200);
      return [...textOf(res.body).matchAll(/Message body (\d)/g)].map((m) => m[1]).sort();
    };
    expect(await by('recipient=ADA%40')).toEqual(['1', '4']);
    expect(await by('recipient=%25')).toEqual(['5']);
    expect(await by('recipient=_50')).toEqual(['5']);
    expect(await by('channel=sms')).toEqual(['2']);
    expect(await by('status=failed')).toEqual(['3', '4']);
    expect(
      await by('channel=email&status=failed&from-day=20&from-month=11&from-year=2026'),
    ).toEqual(['3']);
    expect(await by('to-day=20&to-month=11&to-year=2026')).toEqual(['4']);
  });

  it('never shows the token of a one-time set-password link', async () => {
    await createUser(t, 'pat@example.com', ['patient'], 'Pat');
    const stranger = new TestClient(t.app);
    await stranger.get('/forgot-password');
    expect((await stranger.post('/forgot-password', { email: 'pat@example.com' })).statusCode).toBe(
      200,
    );
    const rows = await t.database.db.select().from(outboxMessages);
    const sent = rows.find((r) => r.recipient === 'pat@example.com');
    const token = /set-password\?token=([A-Za-z0-9_-]+)/.exec(sent?.body ?? '')?.[1];
    expect(token).toBeDefined();
    const page = await manager.get('/admin/messages?recipient=pat%40');
    expect(textOf(page.body)).toContain('/account/set-password?token=(hidden)');
    expect(page.body).not.toContain(token!);
  });

  it('says what is wrong with a filter it cannot use', async () => {
    const res = await manager.get('/admin/messages?channel=pigeon&status=lost');
    expect(res.statusCode).toBe(400);
    const text = textOf(res.body);
    expect(text).toContain('Select email, text message or all kinds');
    expect(text).toContain('Select a status from the list');
  });
});
