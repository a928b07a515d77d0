import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { auditEvents, patients, services } from '../../src/db/schema';
import { pageBySlug } from '../../src/features/referral/referral.forms';
import { GOOD_ANSWERS } from '../../src/features/referral/referral.test-data';
import { TestClient, textOf } from '../support/client';
import { createTestApp, createUser, TEST_PASSWORD, type TestApp } from '../support/test-app';

/**
 * Issue 9, item 7: the service's phone, email and address live in its settings and appear on
 * every page that tells people to contact the service.
 */
let t: TestApp;
let manager: TestClient;

const PUBLIC_PAGES = ['/urgent-help', '/accessibility', '/privacy'];

beforeAll(async () => {
  t = await createTestApp();
  await createUser(t, 'manager@example.nhs.uk', ['service_manager'], 'Morgan Manager');
  const patientUser = await createUser(t, 'pat@example.com', ['patient'], 'Pat Patient');
  await t.database.db.insert(patients).values({
    serviceId: t.service.id,
    givenName: 'Pat',
    familyName: 'Patient',
    dateOfBirth: '1990-01-01',
    userId: patientUser.id,
  });
  manager = new TestClient(t.app);
  await manager.signIn('manager@example.nhs.uk', TEST_PASSWORD);
});
afterAll(async () => t.close());

/** Sends a self-referral with good answers and returns the confirmation page's text. */
async function referralConfirmation(): Promise<string> {
  const c = new TestClient(t.app);
  c.ip = `10.99.0.${Math.floor(Math.random() * 200) + 1}`;
  await c.get('/refer');
  let url = (await c.post('/refer/start', {})).headers.location!;
  for (let i = 0; i < 40 && !url.startsWith('/refer/check'); i++) {
    if (url.startsWith('/refer/urgent-help')) {
      const m = /href="([^"]+)"[^>]*>Continue with your referral/.exec((await c.get(url)).body);
      url = m![1]!.replace(/&amp;/g, '&');
      continue;
    }
    const page = pageBySlug(url.split('?')[0]!.split('/')[2]!)!;
    const res = await c.post(url, GOOD_ANSWERS[page.key]);
    expect(res.statusCode, url).toBe(303);
    url = res.headers.location!;
  }
  await c.get('/refer/check');
  expect((await c.post('/refer/check', {})).headers.location).toBe('/refer/confirmation');
  return textOf((await c.get('/refer/confirmation')).body);
}

async function patientHome(): Promise<string> {
  const p = new TestClient(t.app);
  await p.signIn('pat@example.com', TEST_PASSWORD);
  return textOf((await p.get('/home')).body);
}

describe('service contact details', () => {
  it('before a manager enters them, pages say where else to ask instead of showing nothing', async () => {
    for (const url of PUBLIC_PAGES) {
      const text = textOf((await t.app.inject({ url })).body);
      expect(text, url).toContain('has not added its phone number or email address');
    }
  });

  it('refuses details the validators reject, keeping the answers', async () => {
    await manager.get('/admin/contact');
    const res = await manager.post('/admin/contact', {
      phone: '12345',
      email: 'not an email',
      address: '1 Park Row\nLeeds',
      postcode: 'QA1 1AA',
    });
    expect(res.statusCode).toBe(400);
    const text = textOf(res.body);
    expect(text).toContain('Enter a UK phone number');
    expect(text).toContain('Enter an email address in the correct format');
    expect(text).toContain('Enter a real postcode');
    expect(res.body).toContain('value="12345"');
    const empty = await manager.post('/admin/contact', {
      phone: '',
      email: '',
      address: '',
      postcode: '',
    });
    expect(empty.statusCode).toBe(400);
    expect(textOf(empty.body)).toContain('Enter the service’s phone number');
    expect(textOf(empty.body)).toContain('Enter the service’s email address');
    const [row] = await t.database.db
      .select({ contact: services.contact })
      .from(services)
      .where(eq(services.id, t.service.id));
    expect(row!.contact).toBeNull();
  });

  it('saves them normalised and audited, and shows them on the form again', async () => {
    await manager.get('/admin/contact');
    const res = await manager.post('/admin/contact', {
      phone: '01134960000',
      email: 'ipt.team@example.nhs.uk',
      address: '1 Park Row\n\nLeeds',
      postcode: 'ls1 5ab',
    });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/admin?saved=contact');
    expect(textOf((await manager.get('/admin?saved=contact')).body)).toContain(
      'Contact details saved',
    );
    const [row] = await t.database.db
      .select({ contact: services.contact })
      .from(services)
      .where(eq(services.id, t.service.id));
    expect(row!.contact).toEqual({
      phone: '+441134960000',
      email: 'ipt.team@example.nhs.uk',
      addressLines: ['1 Park Row', 'Leeds'],
      postcode: 'LS1 5AB',
    });
    const form = (await manager.get('/admin/contact')).body;
    expect(form).toContain('value="0113 496 0000"');
    const audited = await t.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'service.settings_save'));
    expect(audited.map((a) => a.details)).toContainEqual({ contact: true });
  });

  it('shows them on the urgent help, accessibility and privacy pages', async () => {
    for (const url of PUBLIC_PAGES) {
      const res = await t.app.inject({ url });
      expect(res.body, url).toContain('href="tel:+441134960000"');
      expect(res.body, url).toContain('href="mailto:ipt.team@example.nhs.uk"');
      const text = textOf(res.body);
      expect(text, url).toContain('0113 496 0000');
      // With the hours the phone is answered: the service's office hours.
      expect(text, url).toContain(
        '(lines are open between 9am and 5pm, Monday to Friday, not on bank holidays)',
      );
      expect(text, url).toContain('1 Park Row Leeds LS1 5AB');
    }
  });

  it('shows them on the referral confirmation and the patient’s home page', async () => {
    expect(await referralConfirmation()).toContain('by phone: 0113 496 0000');
    const home = await patientHome();
    expect(home).toContain('by phone: 0113 496 0000');
    expect(home).toContain('ipt.team@example.nhs.uk');
  });

  it('only service managers may change them', async () => {
    const p = new TestClient(t.app);
    await p.signIn('pat@example.com', TEST_PASSWORD);
    expect((await p.get('/admin/contact')).statusCode).toBe(403);
  });
});
