/**
 * Issue 9 items 3, 5 and 11 and issue 10's smaller findings on the self-referral: what the person
 * is told after a risk answer, what happens to an unsent draft with risk answers (hazard H14),
 * urgent referrals on staff screens, page titles, refusals in the log, and the send limit.
 */
import { Writable } from 'node:stream';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { referralDrafts, referrals, riskAlerts } from '../../db/schema';
import { createLogger } from '../../platform/logger';
import { hashToken, newToken } from '../../platform/tokens';
import { TestClient, textOf } from '../../../tests/support/client';
import { insertReferral } from '../../../tests/support/fixtures';
import {
  createTestApp,
  createUser,
  TEST_PASSWORD,
  type TestApp,
} from '../../../tests/support/test-app';
import { PAGE_ORDER, PAGES, type SectionKey } from './referral.forms';
import { GOOD_ANSWERS } from './referral.test-data';
import { surfaceUnsentRiskDrafts, UNSENT_RISK_AFTER_MINUTES } from './unsent-risk';

const COOKIE = '__Host-rapport-referral';

/** Every log line the app writes, parsed. */
const logLines: { level: number; msg?: string; err?: unknown }[] = [];
const sink = new Writable({
  write(chunk: Buffer, _enc, done) {
    for (const line of chunk.toString().split('\n'))
      if (line.trim()) logLines.push(JSON.parse(line) as { level: number; msg?: string });
    done();
  },
});

let t: TestApp;
let ips = 0;

beforeAll(async () => {
  t = await createTestApp({ build: { logger: createLogger('info', sink) } });
});
afterAll(async () => t.close());
beforeEach(() => {
  logLines.length = 0;
});

function browser(ip?: string): TestClient {
  const c = new TestClient(t.app);
  ips += 1;
  c.ip = ip ?? `10.30.${Math.floor(ips / 200)}.${(ips % 200) + 1}`;
  return c;
}

type Answers = Partial<Record<SectionKey, Record<string, string | string[]>>>;

/**
 * A draft written straight to the database with every page answered (as the pages would save
 * it), its cookie set in the browser: the tests here are about sending, not about each page.
 */
async function seedDraft(
  c: TestClient,
  opts: { overrides?: Answers; riskNoted?: string[]; upTo?: SectionKey } = {},
): Promise<string> {
  const token = newToken(16);
  const now = t.clock.now();
  const sections: Record<string, { values: Record<string, string | string[]>; savedAt: string }> =
    {};
  for (const key of PAGE_ORDER) {
    sections[key] = {
      values: opts.overrides?.[key] ?? GOOD_ANSWERS[key],
      savedAt: now.toISOString(),
    };
    if (key === opts.upTo) break;
  }
  await t.database.db.insert(referralDrafts).values({
    serviceId: t.service.id,
    tokenHash: hashToken(token),
    answers: { sections, riskNoted: opts.riskNoted ?? [] },
    createdAt: now,
    updatedAt: now,
    expiresAt: new Date(now.getTime() + 24 * 3600_000),
  });
  c.cookies.set(COOKIE, token);
  // A page first, for the CSRF token.
  await c.get('/refer');
  return hashToken(token);
}

const RISKY: Answers = { risk: { thoughts: 'yes', plans: 'yes', harmOthers: 'no' } };
const RISK_NOTES = [
  'said yes to thoughts of ending their life',
  'said yes to having made plans to end their life',
];

async function staff(roles: ('therapist' | 'service_manager')[]): Promise<TestClient> {
  ips += 1;
  const email = `staff${ips}@example.com`;
  await createUser(t, email, roles, `Staff ${ips}`);
  const c = browser();
  const res = await c.signIn(email, TEST_PASSWORD);
  expect(res.statusCode).toBe(303);
  return c;
}

describe('a page without a draft (issue 10)', () => {
  it('goes back to the start and logs the refusal at info, with no error or stack trace', async () => {
    const c = browser();
    for (const path of ['/refer/name', '/refer/your-safety', '/refer/check', '/refer/urgent-help'])
      expect((await c.get(path)).headers.location).toBe('/refer');
    const res = await c.post('/refer/check', {}, { csrf: false });
    expect(res.statusCode).toBeLessThan(500);
    // A cookie whose draft is gone (deleted, or never there) is told kindly, also without errors.
    const stale = browser();
    stale.cookies.set(COOKIE, newToken(16));
    expect((await stale.get('/refer/address')).statusCode).toBe(410);
    stale.cookies.set(COOKIE, 'not a token');
    expect((await stale.get('/refer/address')).statusCode).toBe(410);
    expect(logLines.filter((l) => l.level >= 50)).toEqual([]);
    expect(logLines.filter((l) => l.err !== undefined)).toEqual([]);
    expect(logLines.some((l) => l.level === 30 && l.msg === 'referral page without a draft')).toBe(
      true,
    );
  });
});

describe('the send limit (issue 10)', () => {
  it('counts only referrals really sent: refusals for other reasons do not use it up', async () => {
    const ip = '10.31.0.1';
    // Ten refusals: no draft, an unfinished draft.
    for (let i = 0; i < 5; i++) {
      const c = browser(ip);
      await c.get('/refer');
      expect((await c.post('/refer/check', {})).headers.location).toBe('/refer');
    }
    for (let i = 0; i < 5; i++) {
      const c = browser(ip);
      await seedDraft(c, { upTo: 'risk' });
      expect((await c.post('/refer/check', {})).headers.location).toBe('/refer/sessions?change=1');
    }
    // Five real sends are allowed, and sending the same one again is not a new send.
    const sent: TestClient[] = [];
    for (let i = 0; i < 5; i++) {
      const c = browser(ip);
      await seedDraft(c);
      expect((await c.post('/refer/check', {})).headers.location).toBe('/refer/confirmation');
      sent.push(c);
    }
    expect((await sent[0]!.post('/refer/check', {})).headers.location).toBe('/refer/confirmation');
    // The sixth is refused, kindly, and nothing is created.
    const sixth = browser(ip);
    const hash = await seedDraft(sixth);
    const refused = await sixth.post('/refer/check', {});
    expect(refused.statusCode).toBe(429);
    expect(
      await t.database.db.select().from(referrals).where(eq(referrals.submissionKey, hash)),
    ).toHaveLength(0);
    // Another address is not affected, and after an hour this one may send again.
    const other = browser();
    await seedDraft(other);
    expect((await other.post('/refer/check', {})).headers.location).toBe('/refer/confirmation');
    t.clock.advanceMinutes(61);
    await sixth.get('/refer');
    expect((await sixth.post('/refer/check', {})).headers.location).toBe('/refer/confirmation');
  });

  it('lets through only five of six sends from one address made at the same moment', async () => {
    const ip = '10.31.0.2';
    const clients = Array.from({ length: 6 }, () => browser(ip));
    const hashes = await Promise.all(clients.map((c) => seedDraft(c)));
    const answers = await Promise.all(clients.map((c) => c.post('/refer/check', {})));
    expect(answers.map((a) => a.statusCode).sort()).toEqual([303, 303, 303, 303, 303, 429]);
    const made = await Promise.all(
      hashes.map((h) =>
        t.database.db.select().from(referrals).where(eq(referrals.submissionKey, h)),
      ),
    );
    expect(made.filter((rows) => rows.length === 1)).toHaveLength(5);
  });
});

describe('urgent help during the form (issue 9 item 3)', () => {
  it('says only what is true about an unsent referral, and keeps the crisis help', async () => {
    const c = browser();
    await seedDraft(c, { overrides: RISKY, riskNoted: RISK_NOTES, upTo: 'risk' });
    const page = await c.get('/refer/urgent-help?after=your-safety');
    expect(page.statusCode).toBe(200);
    const text = textOf(page.body);
    expect(text).toContain('If you send your referral, we will treat it as urgent');
    expect(text).not.toContain('We will mark your referral as urgent');
    expect(text).toContain('someone from our team may still try to contact you');
    // The crisis help comes before anything about the referral.
    expect(text.indexOf('call 999')).toBeGreaterThan(-1);
    expect(text.indexOf('call 999')).toBeLessThan(text.indexOf('Your referral'));
    expect(text).toContain('Samaritans – call 116 123');
  });

  it('tells people on the start page that risk answers left unsent may be followed up', async () => {
    const text = textOf((await browser().get('/refer')).body);
    expect(text).toContain(
      'If you tell us you might not be safe and do not send your referral, someone from our team may contact you',
    );
  });
});

describe('unsent drafts with risk answers (hazard H14)', () => {
  async function alertsWithReason(part: string) {
    const rows = await t.database.db.select().from(riskAlerts);
    return rows.filter((r) => r.reason.includes(part));
  }

  it('raises one alert with the contact details after an hour unsent, and it joins the referral if sent', async () => {
    const c = browser();
    const hash = await seedDraft(c, {
      overrides: {
        ...RISKY,
        name: { givenName: 'Unsent', familyName: 'Person' },
        contact: { mobile: '07700 900123', otherPhone: '', email: 'unsent@example.com' },
      },
      riskNoted: RISK_NOTES,
      upTo: 'risk',
    });
    // A draft with no risk answer is never surfaced.
    await seedDraft(browser(), {
      overrides: { name: { givenName: 'Calm', familyName: 'Person' } },
      upTo: 'risk',
    });

    t.clock.advanceMinutes(UNSENT_RISK_AFTER_MINUTES - 1);
    await surfaceUnsentRiskDrafts(t.database.db, t.clock);
    expect(await alertsWithReason('Unsent Person')).toHaveLength(0);

    t.clock.advanceMinutes(1);
    const surfaced = await surfaceUnsentRiskDrafts(t.database.db, t.clock);
    // (Earlier tests' risky drafts are due too: this one is checked by its alert below.)
    expect(surfaced.length).toBeGreaterThan(0);
    const [alert, ...more] = await alertsWithReason('Unsent Person');
    expect(more).toHaveLength(0);
    expect(alert).toMatchObject({
      source: 'referral',
      actionedAt: null,
      referralId: null,
      reason:
        'Self-referral NOT SENT: Unsent Person gave risk answers and has not sent the form: said yes to thoughts of ending their life; said yes to having made plans to end their life. Contact: mobile 07700 900123; email unsent@example.com (voicemail allowed).',
    });
    expect(alert!.escalateAt).not.toBeNull();
    expect(await alertsWithReason('Calm Person')).toHaveLength(0);

    // Once only, however often the worker runs.
    t.clock.advanceMinutes(5);
    expect(await surfaceUnsentRiskDrafts(t.database.db, t.clock)).toEqual([]);

    // The duty clinician sees it on the service's risk queue, with the contact details.
    const clinician = await staff(['therapist']);
    const queue = textOf((await clinician.get('/staff/risk')).body);
    expect(queue).toContain('Self-referral NOT SENT: Unsent Person');
    expect(queue).toContain('mobile 07700 900123');

    // The person comes back and sends it: the alert now belongs to the referral.
    await c.get('/refer/check');
    await c.post('/refer/sessions', GOOD_ANSWERS.sessions);
    await c.post('/refer/contact-your-gp', GOOD_ANSWERS.gpConsent);
    await c.get('/refer/check');
    expect((await c.post('/refer/check', {})).headers.location).toBe('/refer/confirmation');
    const [referral] = await t.database.db
      .select()
      .from(referrals)
      .where(eq(referrals.submissionKey, hash));
    const linked = await t.database.db
      .select()
      .from(riskAlerts)
      .where(eq(riskAlerts.referralId, referral!.id));
    expect(linked.map((a) => a.id)).toContain(alert!.id);
  });

  it('does not raise an alert for a draft sent within the hour, or already deleted', async () => {
    const sent = browser();
    await seedDraft(sent, {
      overrides: { ...RISKY, name: { givenName: 'Quick', familyName: 'Sender' } },
      riskNoted: RISK_NOTES,
    });
    expect((await sent.post('/refer/check', {})).headers.location).toBe('/refer/confirmation');
    await seedDraft(browser(), {
      overrides: { ...RISKY, name: { givenName: 'Long', familyName: 'Gone' } },
      riskNoted: RISK_NOTES,
      upTo: 'risk',
    });
    t.clock.advanceMinutes(25 * 60);
    await surfaceUnsentRiskDrafts(t.database.db, t.clock);
    expect(await alertsWithReason('Self-referral NOT SENT: Quick Sender')).toHaveLength(0);
    expect(await alertsWithReason('Self-referral NOT SENT: Long Gone')).toHaveLength(0);
  });
});

describe('titles (issue 9 item 11)', () => {
  it('gives the contact details and contact permissions pages distinct titles', async () => {
    const c = browser();
    await seedDraft(c, { upTo: 'contact' });
    const title = (html: string) => /<title>([^<]*)<\/title>/.exec(html)?.[1] ?? '';
    const h1 = (html: string) => textOf(/<h1[^>]*>([\s\S]*?)<\/h1>/.exec(html)?.[1] ?? '').trim();
    const contact = (await c.get(`/refer/${PAGES.contact.slug}`)).body;
    const permissions = (await c.get(`/refer/${PAGES.permissions.slug}`)).body;
    expect(h1(contact)).toBe('What are your contact details?');
    expect(h1(permissions)).toBe('Can we leave you messages?');
    expect(title(contact)).not.toBe(title(permissions));
  });
});

describe('urgent referrals (issue 9 item 5)', () => {
  it('the urgent confirmation does not also say how long people wait', async () => {
    const urgent = browser();
    await seedDraft(urgent, { overrides: RISKY, riskNoted: RISK_NOTES });
    await urgent.post('/refer/check', {});
    const text = textOf((await urgent.get('/refer/confirmation')).body);
    expect(text).toContain('We have marked your referral as urgent');
    expect(text).not.toContain('people wait');
    expect(text).toContain('we will contact you as a priority');

    const routine = browser();
    await seedDraft(routine);
    await routine.post('/refer/check', {});
    expect(textOf((await routine.get('/refer/confirmation')).body)).toContain('people wait');
  });

  it('puts urgent referrals first on the waiting list, then the longest waiting', async () => {
    const day = 86_400_000;
    const now = t.clock.now().getTime();
    const oldRoutine = await insertReferral(t, {
      familyName: 'Oldroutine',
      status: 'ipt_waiting',
      receivedAt: new Date(now - 30 * day),
    });
    const newUrgent = await insertReferral(t, {
      familyName: 'Newurgent',
      status: 'ipt_waiting',
      urgent: true,
      receivedAt: new Date(now - 2 * day),
    });
    const oldUrgent = await insertReferral(t, {
      familyName: 'Oldurgent',
      status: 'ipt_waiting',
      urgent: true,
      receivedAt: new Date(now - 10 * day),
    });
    const clinician = await staff(['therapist']);
    const html = (await clinician.get('/staff/waiting-list')).body;
    const order = [oldUrgent, newUrgent, oldRoutine].map((r) => html.indexOf(r.familyName));
    expect(order.every((i) => i > -1)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it('shows no risk callout on a referral whose risk answers are all "No"', async () => {
    const calm = await insertReferral(t, { familyName: 'Allno' });
    const worried = await insertReferral(t, {
      familyName: 'Saidyes',
      answers: { risk: { thoughtsOfEndingLife: true } },
    });
    const clinician = await staff(['therapist']);
    const calmPage = (await clinician.get(`/staff/referrals/${calm.id}`)).body;
    expect(calmPage).toContain('Allno');
    expect(calmPage).not.toMatch(/<h2[^>]*>\s*<span[^>]*>Important: <\/span>\s*Risk/);
    expect(textOf(calmPage)).not.toContain('Important: Risk');
    const worriedPage = textOf((await clinician.get(`/staff/referrals/${worried.id}`)).body);
    expect(worriedPage).toContain('Important: Risk');
    expect(worriedPage).toContain('Thoughts of ending their life: Yes');
  });
});
