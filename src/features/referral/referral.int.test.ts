import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { and, eq, like } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import {
  auditEvents,
  DEFAULT_SERVICE_SETTINGS,
  locations,
  measureResponses,
  outboxMessages,
  referralDrafts,
  referrals,
  riskAlerts,
  services,
} from '../../db/schema';
import { hashToken } from '../../platform/tokens';
import { TestClient, textOf } from '../../../tests/support/client';
import { createTestApp, type TestApp } from '../../../tests/support/test-app';
import { PAGE_ORDER, PAGES, pageBySlug, type SectionKey } from './referral.forms';
import { GOOD_ANSWERS } from './referral.test-data';
import { REFERENCE_PATTERN, referenceSource } from './reference';

const COOKIE = '__Host-rapport-referral';
const WAIT_WEEKS = 9;

let t: TestApp;
let clients = 0;

beforeAll(async () => {
  t = await createTestApp();
  // A wait the default does not have, to show it comes from the service's settings.
  await t.database.db
    .update(services)
    .set({ settings: { ...DEFAULT_SERVICE_SETTINGS, typicalWaitWeeks: WAIT_WEEKS } })
    .where(eq(services.id, t.service.id));
});
afterAll(async () => t.close());

/** A browser of its own, from its own IP address (the send page allows 5 an hour per address). */
function browser(): TestClient {
  const c = new TestClient(t.app);
  clients += 1;
  c.ip = `10.20.${Math.floor(clients / 200)}.${(clients % 200) + 1}`;
  return c;
}

type Answers = Partial<Record<SectionKey, Record<string, string | string[]>>>;

async function start(c: TestClient): Promise<void> {
  expect((await c.get('/refer')).statusCode).toBe(200);
  const res = await c.post('/refer/start', {});
  expect(res.statusCode).toBe(303);
  expect(res.headers.location).toBe('/refer/name');
}

function continueHref(html: string): string {
  const m = /<a [^>]*href="([^"]+)"[^>]*>Continue with your referral<\/a>/.exec(html);
  if (!m?.[1]) throw new Error('no continue button');
  return m[1].replace(/&amp;/g, '&');
}

/**
 * Answers page after page, following where each Continue goes (and through urgent help), until
 * `until` or the check page. Returns the URLs visited.
 */
async function fillIn(
  c: TestClient,
  overrides: Answers = {},
  until: SectionKey | 'check' = 'check',
): Promise<string[]> {
  const visited: string[] = [];
  let url = '/refer/name';
  for (let i = 0; i < 40; i++) {
    const slug = url.split('?')[0]!.split('/')[2]!;
    if (slug === 'check' || (until !== 'check' && slug === PAGES[until].slug)) break;
    const page = pageBySlug(slug);
    if (!page) throw new Error(`unexpected page ${url}`);
    visited.push(url);
    const res = await c.post(url, overrides[page.key] ?? GOOD_ANSWERS[page.key]);
    if (res.statusCode !== 303) throw new Error(`${url}: ${res.statusCode} ${textOf(res.body)}`);
    url = res.headers.location!;
    if (url.startsWith('/refer/urgent-help')) {
      visited.push(url);
      url = continueHref((await c.get(url)).body);
    }
  }
  return visited;
}

async function startAndFill(c: TestClient, overrides: Answers = {}): Promise<void> {
  await start(c);
  await fillIn(c, overrides);
}

function draftHash(c: TestClient): string {
  return hashToken(c.cookies.get(COOKIE)!);
}

async function draftRow(c: TestClient) {
  const rows = await t.database.db
    .select()
    .from(referralDrafts)
    .where(eq(referralDrafts.tokenHash, draftHash(c)));
  return rows[0] ?? null;
}

async function referralFor(c: TestClient) {
  return t.database.db
    .select()
    .from(referrals)
    .where(eq(referrals.submissionKey, draftHash(c)));
}

function summaryMessages(html: string): string[] {
  const list = /<ul class="nhsuk-list nhsuk-error-summary__list">([\s\S]*?)<\/ul>/.exec(html)?.[1];
  return [...(list ?? '').matchAll(/<a [^>]*>([\s\S]*?)<\/a>/g)].map((m) => textOf(m[1]!).trim());
}

function expectErrors(res: LightMyRequestResponse, messages: string[]): void {
  expect(res.statusCode).toBe(400);
  expect(res.body).toContain('<title>Error: ');
  expect(summaryMessages(res.body)).toEqual(messages);
  // Each message is also shown at its field.
  const atFields = [
    ...res.body.matchAll(
      /class="nhsuk-error-message"[^>]*><span class="nhsuk-u-visually-hidden">Error: <\/span>([\s\S]*?)<\/span>/g,
    ),
  ]
    .map((m) => textOf(m[1]!).trim())
    .join('|');
  for (const m of messages) expect(atFields).toContain(m);
}

/** What axe would catch first on forms: one h1, unique ids, a label for every control. */
function expectSoundMarkup(html: string): void {
  expect(html.match(/<h1[\s>]/g)).toHaveLength(1);
  const ids = [...html.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]!);
  expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
  for (const m of html.matchAll(/<(input|textarea|select)\b([^>]*)>/g)) {
    const attrs = m[2]!;
    if (/type="hidden"/.test(attrs)) continue;
    const id = /id="([^"]+)"/.exec(attrs)?.[1];
    expect(id, `control without id: ${m[0]}`).toBeTruthy();
    expect(html, `no label for ${id}`).toContain(`for="${id}"`);
  }
  // Radios and checkboxes sit in a fieldset with a legend.
  if (/type="(radio|checkbox)"/.test(html)) expect(html).toContain('<legend');
}

describe('starting', () => {
  it('explains the form, and a page without a draft goes back to the start', async () => {
    const c = browser();
    const page = await c.get('/refer');
    expect(page.statusCode).toBe(200);
    expect(textOf(page.body)).toContain('Refer yourself for talking therapy');
    expect(textOf(page.body)).toContain('you do not need an account');
    expect(textOf(page.body)).toContain('18 or older');
    const res = await c.get('/refer/name');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/refer');
  });

  it('keeps a random token in a __Host- HttpOnly SameSite=Lax cookie and stores only its hash', async () => {
    const c = browser();
    await c.get('/refer');
    const res = await c.post('/refer/start', {});
    const setCookie = String(res.headers['set-cookie']);
    expect(setCookie).toMatch(/__Host-rapport-referral=[A-Za-z0-9_-]{22};/);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Lax/);
    expect(setCookie).toMatch(/Secure/);
    expect(setCookie).toMatch(/Path=\//);
    // A day longer than the answers are kept (24 hours), so a late return gets the kind page.
    expect(setCookie).toMatch(/Max-Age=172800/);
    const raw = c.cookies.get(COOKIE)!;
    const byRaw = await t.database.db
      .select()
      .from(referralDrafts)
      .where(eq(referralDrafts.tokenHash, raw));
    expect(byRaw).toHaveLength(0);
    expect(await draftRow(c)).not.toBeNull();
  });

  it('carries on an unfinished referral, and "Start again" deletes it', async () => {
    const c = browser();
    await start(c);
    await fillIn(c, {}, 'address');
    const page = await c.get('/refer');
    expect(textOf(page.body)).toContain('You have already started a referral');
    expect(page.body).toContain('href="/refer/address"');
    const again = await c.post('/refer/start', {});
    expect(again.headers.location).toBe('/refer/address');
    const oldHash = draftHash(c);
    const restart = await c.post('/refer/start', { restart: '1' });
    expect(restart.headers.location).toBe('/refer/name');
    expect(draftHash(c)).not.toBe(oldHash);
    const old = await t.database.db
      .select()
      .from(referralDrafts)
      .where(eq(referralDrafts.tokenHash, oldHash));
    expect(old).toHaveLength(0);
  });
});

describe('question pages', () => {
  it('shows a specific error at each field with status 400, keeps the answers, then continues', async () => {
    const c = browser();
    await start(c);
    const cases: {
      key: SectionKey;
      bad: Record<string, string | string[]>;
      messages: string[];
      kept?: string[];
    }[] = [
      {
        key: 'name',
        bad: { givenName: '', familyName: 'Taylor' },
        messages: ['Enter your first name'],
        kept: ['value="Taylor"'],
      },
      {
        key: 'dateOfBirth',
        bad: { 'dateOfBirth-day': '31', 'dateOfBirth-month': '2', 'dateOfBirth-year': '1990' },
        messages: ['Date of birth must be a real date'],
        kept: ['value="31"', 'value="1990"'],
      },
      {
        key: 'dateOfBirth',
        bad: { 'dateOfBirth-day': '1', 'dateOfBirth-month': '1', 'dateOfBirth-year': '2030' },
        messages: ['Date of birth must be in the past'],
      },
      {
        key: 'address',
        bad: { addressLine1: '', addressLine2: '', addressTown: 'Leeds', postcode: 'XX1' },
        messages: ['Enter the first line of your address', 'Enter a real postcode'],
        kept: ['value="Leeds"', 'value="XX1"'],
      },
      {
        key: 'contact',
        bad: { mobile: '12345', otherPhone: '', email: 'nope' },
        messages: [
          'Enter a UK phone number, like 01632 960 001 or 07700 900 982',
          'Enter an email address in the correct format, like name@example.com',
        ],
        kept: ['value="12345"', 'value="nope"'],
      },
      {
        key: 'contact',
        bad: { mobile: '', otherPhone: '', email: '' },
        messages: ['Enter a phone number so we can contact you'],
      },
      {
        key: 'permissions',
        bad: {},
        messages: [
          'Select if we can leave a voicemail',
          'Select if we can send you text messages',
          'Select if we can email you',
        ],
      },
      {
        key: 'nhsNumber',
        bad: { nhsNumber: '943 476 5918' },
        messages: ['NHS number is not valid. Check you have entered it correctly'],
        kept: ['value="943 476 5918"'],
      },
      {
        key: 'gp',
        bad: { gpRegistered: 'yes', gpName: '', gpAddress: 'Leeds' },
        messages: ['Enter the name of your GP practice'],
        kept: ['>Leeds</textarea>'],
      },
      {
        key: 'gender',
        bad: {},
        messages: ["Select your gender, or select 'I would prefer not to say'"],
      },
      {
        key: 'ethnicity',
        bad: {},
        messages: ["Select your ethnic group, or select 'Not stated'"],
      },
      {
        key: 'language',
        bad: { firstLanguage: '', interpreter: 'yes' },
        messages: ['Enter your first language'],
      },
      {
        key: 'needs',
        bad: { needs: ['other'], needsOther: '' },
        messages: ['Describe the other communication or access needs you have'],
      },
      {
        key: 'troubling',
        // Pasted far past the limit: still the page's own message, the text kept.
        bad: { troubling: 'x'.repeat(12_000) },
        messages: ['Describe what is troubling you in 2,000 characters or fewer'],
        kept: [`>${'x'.repeat(12_000)}</textarea>`],
      },
      {
        key: 'areas',
        bad: {},
        messages: [
          "Select any that fit what is troubling you, or select 'None of these, or I am not sure'",
        ],
      },
      {
        key: 'otherServices',
        bad: { otherServices: 'yes', otherServicesDetails: '' },
        messages: ['Enter the mental health services you are in touch with'],
      },
      {
        key: 'phq9',
        bad: { phq9_1: '2', phq9_2: '1', phq9_4: '0', phq9_5: '0', phq9_6: '0', phq9_7: '0' },
        messages: [
          'Select an answer for question 3',
          'Select an answer for question 8',
          'Select an answer for question 9',
        ],
        kept: ['name="phq9_1" checked="" value="2"'],
      },
      {
        key: 'gad7',
        bad: {},
        messages: [1, 2, 3, 4, 5, 6, 7].map((n) => `Select an answer for question ${n}`),
      },
      {
        key: 'wsas',
        bad: {},
        messages: [1, 2, 3, 4, 5].map((n) => `Select an answer for question ${n}`),
      },
      {
        key: 'risk',
        bad: { plans: 'no' },
        messages: [
          'Select yes if you have been having thoughts of ending your life',
          'Select yes if you have been having thoughts of harming someone else',
        ],
      },
      {
        key: 'sessions',
        bad: {},
        messages: ['Select how you would prefer to have your sessions'],
      },
      { key: 'gpConsent', bad: {}, messages: ['Select yes if we can contact your GP'] },
    ];
    const tested = new Set<SectionKey>();
    for (const key of PAGE_ORDER) {
      const url = `/refer/${PAGES[key].slug}`;
      const shown = await c.get(url);
      if (key === 'location') {
        // Video calls were chosen: the location page is skipped.
        expect(shown.statusCode).toBe(303);
        continue;
      }
      expect(shown.statusCode, url).toBe(200);
      expectSoundMarkup(shown.body);
      for (const test of cases.filter((x) => x.key === key)) {
        const res = await c.post(url, test.bad);
        expectErrors(res, test.messages);
        for (const k of test.kept ?? []) expect(res.body).toContain(k);
        expectSoundMarkup(res.body);
        tested.add(key);
      }
      const ok = await c.post(url, GOOD_ANSWERS[key]);
      expect(ok.statusCode, url).toBe(303);
    }
    expect([...tested].sort()).toEqual(
      PAGE_ORDER.filter((k) => k !== 'location')
        .slice()
        .sort(),
    );
  });

  it('has a back link to the previous page, and answers that survive a reload', async () => {
    const c = browser();
    await start(c);
    const name = await c.get('/refer/name');
    expect(name.body).toContain('<a class="nhsuk-back-link" href="/refer">');
    await fillIn(c, {}, 'contact');
    const address = await c.get('/refer/address');
    expect(address.body).toContain('<a class="nhsuk-back-link" href="/refer/date-of-birth">');
    expect(address.body).toContain('value="1 High Street"');
    expect((await c.get('/refer/date-of-birth')).body).toContain('value="1990"');
  });

  it('will not skip ahead: a later page sends you to the first unanswered one', async () => {
    const c = browser();
    await start(c);
    await fillIn(c, {}, 'address');
    const res = await c.get('/refer/mood');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/refer/address');
    expect((await c.post('/refer/mood', GOOD_ANSWERS.phq9)).headers.location).toBe(
      '/refer/address',
    );
    expect((await c.get('/refer/check')).headers.location).toBe('/refer/address?change=1');
  });

  it('asks about texts only with a mobile, and email only with an address', async () => {
    const c = browser();
    await start(c);
    await fillIn(
      c,
      { contact: { mobile: '', otherPhone: '0113 496 0000', email: '' } },
      'permissions',
    );
    const page = await c.get('/refer/contact-permissions');
    expect(page.body).toContain('name="voicemail"');
    expect(page.body).not.toContain('name="texts"');
    expect(page.body).not.toContain('name="emails"');
  });

  it('offers active locations for face-to-face sessions', async () => {
    const [active, , chapel] = await t.database.db
      .insert(locations)
      .values([
        {
          serviceId: t.service.id,
          name: 'Riverside Centre',
          address: '1 River Road, Leeds',
          postcode: 'LS1 4AP',
          stepFreeAccess: true,
          openingHours: {},
        },
        {
          serviceId: t.service.id,
          name: 'Closed Clinic',
          address: '2 Old Road, Leeds',
          postcode: 'LS2 7AA',
          openingHours: {},
          active: false,
        },
        {
          serviceId: t.service.id,
          name: 'Chapel Street Clinic',
          address: '1 Chapel Street, Leeds',
          postcode: 'LS3 1AA',
          stepFreeAccess: false,
          openingHours: {},
        },
      ])
      .returning();
    try {
      const c = browser();
      await start(c);
      await fillIn(c, { sessions: { sessionMode: 'face_to_face' } }, 'location');
      const sessions = await c.get('/refer/sessions');
      expect(textOf(sessions.body)).toContain('Interpersonal therapy is not offered by phone');
      expect(textOf((await c.get('/refer/location')).body)).not.toContain(
        'You told us you need step-free access',
      );
      await fillIn(
        c,
        { needs: { needs: ['step_free_access'] }, sessions: { sessionMode: 'face_to_face' } },
        'location',
      );
      const page = await c.get('/refer/location');
      expect(page.statusCode).toBe(200);
      expectSoundMarkup(page.body);
      expect(textOf(page.body)).toContain('Riverside Centre');
      expect(textOf(page.body)).toContain('Step-free access');
      // Someone who needs step-free access is told which places lack it.
      expect(textOf(page.body)).toContain('You told us you need step-free access');
      expect(textOf(page.body)).toContain('1 Chapel Street, Leeds, LS3 1AA. No step-free access');
      expect(textOf(page.body)).not.toContain('Closed Clinic');
      expect(textOf(page.body)).toContain('No preference');
      expectErrors(await c.post('/refer/location', { location: 'nowhere' }), [
        'Select where you would prefer to have face-to-face sessions',
      ]);
      await fillIn(c, {
        needs: { needs: ['step_free_access'] },
        sessions: { sessionMode: 'face_to_face' },
        location: { location: active!.id },
      });
      const check = await c.get('/refer/check');
      expect(textOf(check.body)).toContain('Riverside Centre');
      expect(textOf(check.body)).not.toContain('This place has no step-free access');
      const upstairs = await c.post('/refer/location?change=1', { location: chapel!.id });
      expect(upstairs.headers.location).toBe('/refer/check');
      expect(textOf((await c.get('/refer/check')).body)).toContain(
        'Chapel Street Clinic This place has no step-free access, which you told us you need.',
      );
      await c.post('/refer/location?change=1', { location: active!.id });
      await c.post('/refer/check', {});
      const [referral] = await referralFor(c);
      expect(referral!.answers).toMatchObject({
        sessions: { mode: 'face_to_face', locationName: 'Riverside Centre' },
      });
    } finally {
      await t.database.db.delete(locations).where(eq(locations.serviceId, t.service.id));
    }
  });
});

describe('check your answers', () => {
  it('lists the answers with change links that come back to the check page', async () => {
    const c = browser();
    await startAndFill(c);
    const check = await c.get('/refer/check');
    expect(check.statusCode).toBe(200);
    expectSoundMarkup(check.body);
    const text = textOf(check.body);
    expect(text).toContain('Sam Taylor');
    expect(text).toContain('5 March 1990');
    expect(text).toContain('943 476 5919');
    expect(text).toContain('LS1 1AA');
    expect(text).toContain('07700 900982');
    expect(text).toContain('Conflict in close relationships');
    expect(text).toContain('Change name');
    expect(check.body).toContain('href="/refer/name?change=1"');
    const change = await c.get('/refer/name?change=1');
    expect(change.body).toContain('<a class="nhsuk-back-link" href="/refer/check">');
    expect(change.body).toContain('action="/refer/name?change=1"');
    const saved = await c.post('/refer/name?change=1', {
      givenName: 'Samira',
      familyName: 'Taylor',
    });
    expect(saved.headers.location).toBe('/refer/check');
    expect(textOf((await c.get('/refer/check')).body)).toContain('Samira Taylor');
  });

  it('asks a new question when a change needs one (an email added needs permission)', async () => {
    const c = browser();
    await startAndFill(c, {
      contact: { mobile: '07700 900982', otherPhone: '', email: '' },
      permissions: { voicemail: 'yes', texts: 'no' },
    });
    await c.post('/refer/contact-details?change=1', {
      mobile: '07700 900982',
      otherPhone: '',
      email: 'sam@example.com',
    });
    const check = await c.get('/refer/check');
    expect(check.statusCode).toBe(303);
    expect(check.headers.location).toBe('/refer/contact-permissions?change=1');
    const page = await c.get('/refer/contact-permissions?change=1');
    expect(page.body).toContain('name="emails"');
    // The answers already given are still there.
    expect(page.body).toContain('name="voicemail" checked="" value="yes"');
  });

  it('shows HTML typed into free text as plain text', async () => {
    const c = browser();
    await startAndFill(c, {
      name: { givenName: '<b>Sam</b>', familyName: 'Taylor' },
      troubling: { troubling: '<script>alert("x")</script>\n<img src=x onerror=alert(1)>' },
    });
    const check = await c.get('/refer/check');
    expect(check.body).not.toContain('<script>alert');
    expect(check.body).not.toContain('<img src=x');
    expect(check.body).not.toContain('<b>Sam</b>');
    expect(check.body).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(check.body).toContain('&lt;b&gt;Sam&lt;/b&gt;');
    const edit = await c.get('/refer/what-is-troubling-you');
    expect(edit.body).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
  });
});

describe('sending', () => {
  it('creates the referral, its scores and a text (only texts were allowed), then confirms', async () => {
    const c = browser();
    await startAndFill(c);
    const sent = await c.post('/refer/check', {});
    expect(sent.statusCode).toBe(303);
    expect(sent.headers.location).toBe('/refer/confirmation');

    // Committed before the confirmation shows.
    const [referral] = await referralFor(c);
    expect(referral).toMatchObject({
      source: 'self',
      status: 'new',
      urgent: false,
      givenName: 'Sam',
      familyName: 'Taylor',
      dateOfBirth: '1990-03-05',
      postcode: 'LS1 1AA',
      nhsNumber: '9434765919',
      mobile: '+447700900982',
      email: 'sam@example.com',
    });
    expect(referral!.reference).toMatch(REFERENCE_PATTERN);
    expect(referral!.answers).toMatchObject({
      version: 1,
      troubling: 'Since my partner and I split up I have felt low.',
      permissions: { voicemail: true, texts: true, email: false },
    });

    const page = await c.get('/refer/confirmation');
    expect(page.statusCode).toBe(200);
    expectSoundMarkup(page.body);
    const text = textOf(page.body);
    expect(text).toContain('Referral sent');
    expect(text).toContain(referral!.reference);
    expect(text).toContain(`people wait about ${WAIT_WEEKS} weeks`);
    expect(text).toContain('We have sent you a text message');
    expect(text).not.toContain('marked your referral as urgent');

    const scores = await t.database.db
      .select()
      .from(measureResponses)
      .where(eq(measureResponses.referralId, referral!.id));
    expect(scores.map((s) => [s.measureId, s.total, s.context, s.enteredByRole]).sort()).toEqual([
      ['gad7', 7, 'referral', 'self_referral'],
      ['phq9', 8, 'referral', 'self_referral'],
      ['wsas', 10, 'referral', 'self_referral'],
    ]);
    expect(scores.every((s) => !s.riskFlag)).toBe(true);

    const messages = await t.database.db
      .select()
      .from(outboxMessages)
      .where(like(outboxMessages.idempotencyKey, `referral-confirmation:${referral!.id}:%`));
    expect(messages.map((m) => [m.channel, m.recipient, m.idempotencyKey])).toEqual([
      ['sms', '+447700900982', `referral-confirmation:${referral!.id}:sms`],
    ]);
    await t.outbox.runOnce();
    const delivered = t.notifier.sent.find((m) => m.id === messages[0]!.id);
    expect(delivered?.body).toBe(
      `NHS Talking Therapies: we have your referral, reference ${referral!.reference}. We will contact you soon. If you need help now call 111 (option 2).`,
    );

    const audits = await t.database.db
      .select()
      .from(auditEvents)
      .where(
        and(eq(auditEvents.action, 'referral.create'), eq(auditEvents.recordId, referral!.id)),
      );
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ recordType: 'referral', userId: null, ip: c.ip });
    expect(
      await t.database.db.select().from(riskAlerts).where(eq(riskAlerts.referralId, referral!.id)),
    ).toEqual([]);

    // The draft keeps only the link to the referral.
    const draft = await draftRow(c);
    expect(draft).toMatchObject({ referralId: referral!.id, answers: {} });
  });

  it('emails only when email was allowed, and sends nothing when nothing was', async () => {
    const emailOnly = browser();
    await startAndFill(emailOnly, { permissions: { voicemail: 'no', texts: 'no', emails: 'yes' } });
    await emailOnly.post('/refer/check', {});
    const [a] = await referralFor(emailOnly);
    const aMessages = await t.database.db
      .select()
      .from(outboxMessages)
      .where(like(outboxMessages.idempotencyKey, `referral-confirmation:${a!.id}:%`));
    expect(aMessages.map((m) => [m.channel, m.recipient])).toEqual([['email', 'sam@example.com']]);
    expect(aMessages[0]!.body).toContain(a!.reference);
    expect(aMessages[0]!.body).toContain(`about ${WAIT_WEEKS} weeks`);
    expect(textOf((await emailOnly.get('/refer/confirmation')).body)).toContain(
      'We have sent you an email',
    );

    const none = browser();
    await startAndFill(none, { permissions: { voicemail: 'yes', texts: 'no', emails: 'no' } });
    await none.post('/refer/check', {});
    const [b] = await referralFor(none);
    const bMessages = await t.database.db
      .select()
      .from(outboxMessages)
      .where(like(outboxMessages.idempotencyKey, `referral-confirmation:${b!.id}:%`));
    expect(bMessages).toEqual([]);
    expect(textOf((await none.get('/refer/confirmation')).body)).not.toContain('We have sent you');
  });

  it('texts the reference at once to someone referring themselves at night: they are waiting for it (H10)', async () => {
    const day = t.clock.now();
    t.clock.set('2026-11-25T23:10:00Z');
    try {
      const c = browser();
      await startAndFill(c);
      await c.post('/refer/check', {});
      const [referral] = await referralFor(c);
      const [text] = await t.database.db
        .select()
        .from(outboxMessages)
        .where(like(outboxMessages.idempotencyKey, `referral-confirmation:${referral!.id}:sms`));
      expect(text!.notBefore.toISOString()).toBe('2026-11-25T23:10:00.000Z');
    } finally {
      t.clock.set(day);
    }
  });

  it('makes one referral however often the same form is sent', async () => {
    const c = browser();
    await startAndFill(c);
    const check = await c.get('/refer/check');
    expect(check.statusCode).toBe(200);
    const first = await c.post('/refer/check', {});
    const second = await c.post('/refer/check', {});
    expect(first.headers.location).toBe('/refer/confirmation');
    expect(second.headers.location).toBe('/refer/confirmation');
    const rows = await referralFor(c);
    expect(rows).toHaveLength(1);
    const page1 = textOf((await c.get('/refer/confirmation')).body);
    expect(page1).toContain(rows[0]!.reference);
    // Back to the check page, or a question, after sending: the confirmation again.
    expect((await c.get('/refer/check')).headers.location).toBe('/refer/confirmation');
    expect((await c.post('/refer/name', GOOD_ANSWERS.name)).headers.location).toBe(
      '/refer/confirmation',
    );
    const scores = await t.database.db
      .select()
      .from(measureResponses)
      .where(eq(measureResponses.referralId, rows[0]!.id));
    expect(scores).toHaveLength(3);
    // The start page says it was sent, and offers a new referral.
    const startPage = textOf((await c.get('/refer')).body);
    expect(startPage).toContain(rows[0]!.reference);
    expect(startPage).toContain('Start a new referral');
  });

  it('makes one referral from two sends at the same moment', async () => {
    const c = browser();
    await startAndFill(c);
    const [a, b] = await Promise.all([c.post('/refer/check', {}), c.post('/refer/check', {})]);
    expect(a.statusCode).toBe(303);
    expect(b.statusCode).toBe(303);
    expect(a.headers.location).toBe('/refer/confirmation');
    expect(b.headers.location).toBe('/refer/confirmation');
    const rows = await referralFor(c);
    expect(rows).toHaveLength(1);
    const scores = await t.database.db
      .select()
      .from(measureResponses)
      .where(eq(measureResponses.referralId, rows[0]!.id));
    expect(scores).toHaveLength(3);
    const audits = await t.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'referral.create'), eq(auditEvents.recordId, rows[0]!.id)));
    expect(audits).toHaveLength(1);
  });

  it('tries another reference in the unlikely event one is taken', async () => {
    // References are random: force the next few, to make a collision happen.
    const forced = vi
      .spyOn(referenceSource, 'next')
      .mockReturnValueOnce('RAP-AAAA-AAAA')
      .mockReturnValueOnce('RAP-AAAA-AAAA')
      .mockReturnValueOnce('RAP-BBBB-BBBB');
    try {
      const first = browser();
      await startAndFill(first);
      await first.post('/refer/check', {});
      const second = browser();
      await startAndFill(second);
      expect((await second.post('/refer/check', {})).headers.location).toBe('/refer/confirmation');
      expect(forced).toHaveBeenCalledTimes(3);
      expect((await referralFor(first))[0]!.reference).toBe('RAP-AAAA-AAAA');
      expect((await referralFor(second))[0]!.reference).toBe('RAP-BBBB-BBBB');
      expect(textOf((await second.get('/refer/confirmation')).body)).toContain('RAP-BBBB-BBBB');
    } finally {
      forced.mockRestore();
    }
  });

  // The send limit (5 referrals sent an hour per address, refusals not counted) is tested in
  // referral.safety.int.test.ts.
});

describe('risk answers', () => {
  it('shows urgent help straight after the answer, then marks the referral urgent with an open alert', async () => {
    const c = browser();
    await start(c);
    const visited = await fillIn(c, {
      phq9: { ...GOOD_ANSWERS.phq9, phq9_9: '2' },
      risk: { thoughts: 'yes', plans: 'no', harmOthers: 'no' },
    });
    // Urgent help comes right after PHQ-9 and right after the safety questions.
    expect(visited[visited.indexOf('/refer/mood') + 1]).toBe('/refer/urgent-help?after=mood');
    expect(visited[visited.indexOf('/refer/your-safety') + 1]).toBe(
      '/refer/urgent-help?after=your-safety',
    );
    const help = await c.get('/refer/urgent-help?after=mood');
    expectSoundMarkup(help.body);
    const text = textOf(help.body);
    for (const needed of [
      'call 999',
      'or go to A&E',
      'Call NHS 111 and choose the mental health option (option 2)',
      'Samaritans – call 116 123',
      'Shout – text SHOUT to 85258',
    ])
      expect(text).toContain(needed);
    expect(continueHref(help.body)).toBe('/refer/anxiety');
    expect(help.body).toContain('<a class="nhsuk-back-link" href="/refer/mood">');

    await c.post('/refer/check', {});
    const [referral] = await referralFor(c);
    expect(referral!.urgent).toBe(true);
    const alerts = await t.database.db
      .select()
      .from(riskAlerts)
      .where(eq(riskAlerts.referralId, referral!.id));
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({
      source: 'referral',
      actionedAt: null,
      reason:
        "Self-referral: PHQ-9 item 9 answered 'More than half the days'; said yes to thoughts of ending their life",
    });
    const [phq9] = await t.database.db
      .select()
      .from(measureResponses)
      .where(
        and(eq(measureResponses.referralId, referral!.id), eq(measureResponses.measureId, 'phq9')),
      );
    expect(phq9!.riskFlag).toBe(true);

    const page = textOf((await c.get('/refer/confirmation')).body);
    expect(page).toContain('We have marked your referral as urgent');
    expect(page).toContain('Samaritans – call 116 123');
    expect(page).toContain('Call NHS 111 and choose the mental health option (option 2)');
  });

  it('keeps a risk answer sent with another question left out, shows urgent help once, then what is missing (walk 8)', async () => {
    const c = browser();
    await start(c);
    await fillIn(c, {}, 'phq9');
    const res = await c.post('/refer/mood', { phq9_9: '3', phq9_1: '1' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/refer/urgent-help?after=mood');
    const draft = await draftRow(c);
    expect((draft!.answers as { riskNoted: string[] }).riskNoted).toEqual([
      "PHQ-9 item 9 answered 'Nearly every day'",
    ]);
    // After the help, back to the page to finish it, with the answers kept and what is missing
    // shown at once.
    expect(continueHref((await c.get(res.headers.location!)).body)).toBe('/refer/mood');
    const again = await c.get('/refer/mood');
    const item9 = [...again.body.matchAll(/<input[^>]*name="phq9_9"[^>]*>/g)].map((m) => m[0]);
    expect(item9.filter((input) => / checked/.test(input))).toEqual([
      expect.stringContaining('value="3"'),
    ]);
    const missing = summaryMessages(again.body);
    expect(missing).toHaveLength(7);
    expectErrors(again, missing);
    // Sent again still unfinished, with the same risk answer: the errors again, not crisis help
    // again (the two pages looped, and the person was never told what was missing).
    const resent = await c.post('/refer/mood', { phq9_9: '3', phq9_1: '1' });
    expectErrors(resent, missing);
    expect(resent.body).toMatch(/<input[^>]*name="phq9_1"[^>]*checked=""[^>]*value="1"/);
    // A new risk answer on the page still shows crisis help first.
    expect((await c.post('/refer/mood', { phq9_9: '2', phq9_1: '1' })).headers.location).toBe(
      '/refer/urgent-help?after=mood',
    );
    expect((await draftRow(c))!.answers).toMatchObject({
      riskNoted: [
        "PHQ-9 item 9 answered 'Nearly every day'",
        "PHQ-9 item 9 answered 'More than half the days'",
      ],
    });
    // The next page cannot be skipped to: the unfinished page comes first.
    expect((await c.get('/refer/anxiety')).headers.location).toBe('/refer/mood');
    // Finished, the page goes on as usual.
    const done = await c.post('/refer/mood', { ...GOOD_ANSWERS.phq9, phq9_9: '2' });
    expect(done.headers.location).toBe('/refer/urgent-help?after=mood');
    expect(continueHref((await c.get(done.headers.location!)).body)).toBe('/refer/anxiety');

    // The safety page alike, with only its first question answered.
    const safety = browser();
    await start(safety);
    await fillIn(safety, {}, 'risk');
    const partial = await safety.post('/refer/your-safety', { thoughts: 'yes' });
    expect(partial.headers.location).toBe('/refer/urgent-help?after=your-safety');
    expect((await draftRow(safety))!.answers).toMatchObject({
      riskNoted: ['said yes to thoughts of ending their life'],
    });
    const help = await safety.get(partial.headers.location!);
    expect(continueHref(help.body)).toBe('/refer/your-safety');
    const safetyAgain = await safety.get('/refer/your-safety');
    expect(summaryMessages(safetyAgain.body)).toHaveLength(2);
    expectErrors(safetyAgain, summaryMessages(safetyAgain.body));
    expectErrors(
      await safety.post('/refer/your-safety', { thoughts: 'yes' }),
      summaryMessages(safetyAgain.body),
    );
    // A page with a question left out and no risk answer is shown again with its errors, as before.
    const calm = browser();
    await start(calm);
    await fillIn(calm, {}, 'risk');
    const refused = await calm.post('/refer/your-safety', { thoughts: 'no' });
    expect(refused.statusCode).toBe(400);
    expect((await draftRow(calm))!.answers).toMatchObject({ riskNoted: [] });
  });

  it('counts words of crisis written about what is troubling them (walk 8)', async () => {
    const c = browser();
    await start(c);
    const visited = await fillIn(c, {
      troubling: { troubling: 'Everything since the split. Honestly I want to die some days.' },
    });
    expect(visited[visited.indexOf('/refer/what-is-troubling-you') + 1]).toBe(
      '/refer/urgent-help?after=what-is-troubling-you',
    );
    await c.post('/refer/check', {});
    const [referral] = await referralFor(c);
    expect(referral!.urgent).toBe(true);
    const [alert] = await t.database.db
      .select()
      .from(riskAlerts)
      .where(eq(riskAlerts.referralId, referral!.id));
    expect(alert!.reason).toBe('Self-referral: wrote “want to die” in what is troubling them');
  });

  it('from a change link, urgent help continues back to the check page', async () => {
    const c = browser();
    await startAndFill(c);
    const res = await c.post('/refer/your-safety?change=1', {
      thoughts: 'no',
      plans: 'no',
      harmOthers: 'yes',
    });
    expect(res.headers.location).toBe('/refer/urgent-help?after=your-safety&change=1');
    expect(continueHref((await c.get(res.headers.location!)).body)).toBe('/refer/check');
  });

  it('keeps a risk answer that was changed back to no', async () => {
    const c = browser();
    await startAndFill(c);
    await c.post('/refer/your-safety?change=1', { thoughts: 'yes', plans: 'no', harmOthers: 'no' });
    await c.post('/refer/your-safety?change=1', { thoughts: 'no', plans: 'no', harmOthers: 'no' });
    await c.post('/refer/check', {});
    const [referral] = await referralFor(c);
    expect(referral!.urgent).toBe(true);
    const [alert] = await t.database.db
      .select()
      .from(riskAlerts)
      .where(eq(riskAlerts.referralId, referral!.id));
    expect(alert!.reason).toBe(
      'Self-referral: said yes to thoughts of ending their life (an earlier answer, since changed)',
    );
  });

  it('emails an urgent referral no typical wait, and nothing to say it is urgent', async () => {
    const c = browser();
    await startAndFill(c, {
      risk: { thoughts: 'yes', plans: 'no', harmOthers: 'no' },
      permissions: { voicemail: 'no', texts: 'no', emails: 'yes' },
    });
    await c.post('/refer/check', {});
    const [referral] = await referralFor(c);
    expect(referral!.urgent).toBe(true);
    const page = textOf((await c.get('/refer/confirmation')).body);
    expect(page).toContain('we will contact you as a priority');
    expect(page).not.toContain('people wait');

    const [email] = await t.database.db
      .select()
      .from(outboxMessages)
      .where(like(outboxMessages.idempotencyKey, `referral-confirmation:${referral!.id}:%`));
    expect(email!.channel).toBe('email');
    expect(email!.body).toContain(referral!.reference);
    expect(email!.body).toContain('We will contact you as soon as we can.');
    expect(email!.body).not.toContain('people wait');
    expect(email!.body).not.toMatch(/as urgent|priority|marked|ending their life|answers/i);
  });
});

describe('who can refer, and privacy', () => {
  it('tells someone under 18 kindly where to go instead, and does not let them go on', async () => {
    const c = browser();
    await start(c);
    await fillIn(c, {}, 'dateOfBirth');
    const res = await c.post('/refer/date-of-birth', {
      'dateOfBirth-day': '26',
      'dateOfBirth-month': '11',
      'dateOfBirth-year': '2008',
    });
    expect(res.statusCode).toBe(200);
    expectSoundMarkup(res.body);
    const text = textOf(res.body);
    expect(text).toContain('This service is for people aged 18 or over');
    // A young person gets a line they can call now (walk 10).
    expect(text).toContain('call Childline free on 0800 1111');
    expect(text).toContain('speak to your GP');
    expect(text).toContain("Children and Young People's Mental Health Services");
    expect(text).toContain('You can refer yourself from 26 November 2026');
    expect(res.body).toContain('href="/refer/date-of-birth"');
    expect((await draftRow(c))!.answers).not.toHaveProperty('sections.dateOfBirth');
    const next = await c.get('/refer/address');
    expect(next.headers.location).toBe('/refer/date-of-birth');
    // 18 today is old enough.
    const ok = await c.post('/refer/date-of-birth', {
      'dateOfBirth-day': '25',
      'dateOfBirth-month': '11',
      'dateOfBirth-year': '2008',
    });
    expect(ok.headers.location).toBe('/refer/address');
  });

  it('deletes unfinished answers after 24 hours from the last change, kindly', async () => {
    const c = browser();
    await start(c);
    await fillIn(c, {}, 'address');
    t.clock.advanceMinutes(23 * 60);
    await c.post('/refer/address', GOOD_ANSWERS.address); // a change keeps them another 24 hours
    t.clock.advanceMinutes(23 * 60);
    expect((await c.get('/refer/contact-details')).statusCode).toBe(200);
    const hash = draftHash(c);
    t.clock.advanceMinutes(61);
    const res = await c.get('/refer/contact-details');
    expect(res.statusCode).toBe(410);
    expectSoundMarkup(res.body);
    expect(textOf(res.body)).toContain('Your answers were deleted for your privacy');
    expect(textOf(res.body)).toContain('start again');
    expect(c.cookies.has(COOKIE)).toBe(false);
    const rows = await t.database.db
      .select()
      .from(referralDrafts)
      .where(eq(referralDrafts.tokenHash, hash));
    expect(rows).toHaveLength(0);
  });

  it('deletes everyone’s expired drafts when someone starts', async () => {
    const old = browser();
    await start(old);
    const hash = draftHash(old);
    t.clock.advanceMinutes(25 * 60);
    await start(browser());
    const rows = await t.database.db
      .select()
      .from(referralDrafts)
      .where(eq(referralDrafts.tokenHash, hash));
    expect(rows).toHaveLength(0);
  });

  it('treats an unknown or malformed draft cookie as deleted answers', async () => {
    for (const value of ['A'.repeat(22), 'not a token!', 'x'.repeat(300)]) {
      const c = browser();
      await c.get('/refer');
      c.cookies.set(COOKIE, value);
      const res = await c.get('/refer/name');
      expect(res.statusCode).toBe(410);
      expect(textOf(res.body)).toContain('Your answers were deleted for your privacy');
      c.cookies.set(COOKIE, value);
      const post = await c.post('/refer/check', {});
      expect(post.statusCode).toBe(410);
    }
  });
});

describe('spam protection', () => {
  it('has a hidden field on the first page and the send page', async () => {
    const c = browser();
    await start(c);
    const expectTrap = (html: string) => {
      const trap =
        /<div class="nhsuk-u-visually-hidden" aria-hidden="true"><label for="referral-website">Leave this field empty<\/label>(<input [^>]*>)<\/div>/.exec(
          html,
        )?.[1];
      expect(trap).toBeDefined();
      for (const attr of [
        'type="text"',
        'id="referral-website"',
        'name="website"',
        'tabindex="-1"',
        'autocomplete="off"',
        'value=""',
      ])
        expect(trap!.toLowerCase()).toContain(attr);
    };
    expectTrap((await c.get('/refer/name')).body);
    expect((await c.get('/refer/date-of-birth')).body).not.toContain('name="website"');
    await fillIn(c);
    expectTrap((await c.get('/refer/check')).body);
  });

  it('pretends the first page worked but saves nothing when the trap is filled', async () => {
    const c = browser();
    await start(c);
    const res = await c.post('/refer/name', {
      ...GOOD_ANSWERS.name,
      website: 'http://spam.example',
    });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/refer/date-of-birth');
    expect((await draftRow(c))!.answers).toEqual({ sections: {}, riskNoted: [] });
  });

  it('pretends to send but creates nothing when the trap is filled on the send page', async () => {
    const c = browser();
    await startAndFill(c);
    const hash = draftHash(c);
    const res = await c.post('/refer/check', { website: 'spam' });
    expect(res.statusCode).toBe(200);
    expect(textOf(res.body)).toContain('Referral sent');
    const rows = await t.database.db
      .select()
      .from(referrals)
      .where(eq(referrals.submissionKey, hash));
    expect(rows).toHaveLength(0);
    const drafts = await t.database.db
      .select()
      .from(referralDrafts)
      .where(eq(referralDrafts.tokenHash, hash));
    expect(drafts).toHaveLength(0);
  });
});
