import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { auditEvents, outboxMessages, patients, riskAlerts } from '../../db/schema';
import { queueMessage } from '../../platform/outbox';
import { TestClient, textOf } from '../../../tests/support/client';
import {
  createTestApp,
  createUser,
  TEST_PASSWORD,
  type TestApp,
} from '../../../tests/support/test-app';

let t: TestApp;
let aliceRecord: string;
let bobRecord: string;
beforeAll(async () => {
  t = await createTestApp();
  const therapist = await createUser(t, 'therapist@example.nhs.uk', ['therapist']);
  await createUser(t, 'other-therapist@example.nhs.uk', ['therapist']);
  const alice = await createUser(t, 'alice@example.com', ['patient'], 'Alice');
  const bob = await createUser(t, 'bob@example.com', ['patient'], 'Bob');
  const rows = await t.database.db
    .insert(patients)
    .values([
      {
        serviceId: t.service.id,
        givenName: 'Alice',
        familyName: 'Able',
        dateOfBirth: '1990-01-01',
        userId: alice.id,
        responsibleClinicianId: therapist.id,
        nhsNumber: '9990000018',
      },
      {
        serviceId: t.service.id,
        givenName: 'Bob',
        familyName: 'Baker',
        dateOfBirth: '1980-01-01',
        userId: bob.id,
        responsibleClinicianId: null,
        nhsNumber: null,
      },
    ])
    .returning();
  aliceRecord = rows[0]!.id;
  bobRecord = rows[1]!.id;
});
afterAll(async () => t.close());

describe('patient records', () => {
  it('a patient sees their own record and gets 404 for another patient’s', async () => {
    const alice = new TestClient(t.app);
    await alice.signIn('alice@example.com', TEST_PASSWORD);
    const own = await alice.get(`/patients/${aliceRecord}`);
    expect(own.statusCode).toBe(200);
    expect(textOf(own.body)).toContain('999 000 0018');
    const other = await alice.get(`/patients/${bobRecord}`);
    expect(other.statusCode).toBe(404);
    expect(textOf(other.body)).not.toContain('Baker');
    expect((await alice.get('/patients/not-a-uuid')).statusCode).toBe(404);
  });

  it('a therapist sees their caseload only', async () => {
    const mine = new TestClient(t.app);
    await mine.signIn('therapist@example.nhs.uk', TEST_PASSWORD);
    expect((await mine.get(`/patients/${aliceRecord}`)).statusCode).toBe(200);
    const other = new TestClient(t.app);
    await other.signIn('other-therapist@example.nhs.uk', TEST_PASSWORD);
    expect((await other.get(`/patients/${aliceRecord}`)).statusCode).toBe(404);
  });

  it('the record’s back link returns to the page the clinician came from', async () => {
    const mine = new TestClient(t.app);
    await mine.signIn('therapist@example.nhs.uk', TEST_PASSWORD);
    const fromRisk = await mine.get(`/patients/${aliceRecord}`, {
      referer: 'http://localhost:80/staff/risk',
    });
    expect(fromRisk.body).toContain('href="/staff/risk">Back to risk alerts</a>');
    const direct = await mine.get(`/patients/${aliceRecord}`);
    expect(textOf(direct.body)).toContain('Back to the caseload');
    const elsewhere = await mine.get(`/patients/${aliceRecord}`, {
      referer: 'https://elsewhere.example/staff/risk',
    });
    expect(textOf(elsewhere.body)).toContain('Back to the caseload');
  });

  it('shows the clinician the open risk alerts at the top of the record, each linking to it (H2)', async () => {
    const [alert] = await t.database.db
      .insert(riskAlerts)
      .values({
        serviceId: t.service.id,
        source: 'questionnaire',
        reason: "PHQ-9 question 9 answered 'Nearly every day' by the patient",
        patientId: aliceRecord,
        responsibleClinicianId: null,
        raisedAt: new Date('2026-03-02T09:00:00Z'),
      })
      .returning();
    try {
      const mine = new TestClient(t.app);
      await mine.signIn('therapist@example.nhs.uk', TEST_PASSWORD);
      const page = await mine.get(`/patients/${aliceRecord}`);
      expect(textOf(page.body)).toContain('1 open risk alert');
      expect(page.body).toContain(`href="/staff/risk/${alert!.id}"`);
      expect(textOf(page.body)).toContain("PHQ-9 question 9 answered 'Nearly every day'");
      // The person's own view of their details does not list alerts about them.
      const alice = new TestClient(t.app);
      await alice.signIn('alice@example.com', TEST_PASSWORD);
      const own = await alice.get(`/patients/${aliceRecord}`);
      expect(own.statusCode).toBe(200);
      expect(textOf(own.body)).not.toContain('risk alert');
      // Once someone records what they did and closes it, it leaves the record.
      await t.database.db
        .update(riskAlerts)
        .set({ actionTaken: 'Spoke to her', actionedAt: new Date('2026-03-02T10:00:00Z') })
        .where(eq(riskAlerts.id, alert!.id));
      expect(textOf((await mine.get(`/patients/${aliceRecord}`)).body)).not.toContain(
        'open risk alert',
      );
    } finally {
      await t.database.db.delete(riskAlerts).where(eq(riskAlerts.id, alert!.id));
    }
  });

  it('a signed-out visitor is sent to sign in', async () => {
    const res = await t.app.inject({ url: `/patients/${aliceRecord}` });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toContain('/sign-in?next=');
  });

  it('every read, and every refused read, writes an audit row', async () => {
    const rows = await t.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.serviceId, t.service.id), eq(auditEvents.action, 'patient.read')));
    const outcomes = rows.map(
      (r) =>
        `${r.recordId === aliceRecord ? 'alice' : r.recordId === bobRecord ? 'bob' : 'other'}:${r.outcome}`,
    );
    expect(outcomes).toContain('alice:success');
    expect(outcomes).toContain('bob:denied');
    expect(outcomes).toContain('alice:denied');
  });

  it('a service manager can search the audit log by patient', async () => {
    await createUser(t, 'manager@example.nhs.uk', ['service_manager'], 'Manager');
    const m = new TestClient(t.app);
    await m.signIn('manager@example.nhs.uk', TEST_PASSWORD);
    const res = await m.get(`/admin/audit?patient=${aliceRecord}`);
    expect(res.statusCode).toBe(200);
    expect(textOf(res.body)).toMatch(/\d+ entr/);
    expect(textOf(res.body)).toContain('Opened a patient’s record');
    const bad = await m.get(
      '/admin/audit?patient=nonsense&from-day=31&from-month=2&from-year=2026',
    );
    expect(bad.statusCode).toBe(400);
    expect(textOf(bad.body)).toContain('From date must be a real date');
    const byUser = await m.get(
      '/admin/audit?user=alice%40example.com&from-day=1&from-month=1&from-year=2026&to-day=31&to-month=12&to-year=2026',
    );
    expect(byUser.statusCode).toBe(200);
    expect(textOf(byUser.body)).toContain('Signed in');
    const patientCannot = new TestClient(t.app);
    await patientCannot.signIn('alice@example.com', TEST_PASSWORD);
    const refused = await patientCannot.get('/admin/audit');
    expect(refused.statusCode).toBe(403);
    // A patient has no service manager to speak to; staff do.
    expect(textOf(refused.body)).toContain('please contact the service');
    expect(textOf(refused.body)).not.toContain('service manager');
  });
});

describe('changing contact and GP details', () => {
  const aliceRow = async () =>
    (await t.database.db.select().from(patients).where(eq(patients.id, aliceRecord)))[0]!;

  it('the responsible therapist changes them; the change is audited by field, not value', async () => {
    const c = new TestClient(t.app);
    expect((await c.signIn('therapist@example.nhs.uk', TEST_PASSWORD)).statusCode).toBe(303);
    expect(textOf((await c.get(`/patients/${aliceRecord}`)).body)).toContain(
      'Change contact and GP details',
    );
    const form = await c.get(`/patients/${aliceRecord}/details`);
    expect(form.statusCode).toBe(200);
    const saved = await c.post(`/patients/${aliceRecord}/details`, {
      address: '1 New Street\nLeeds',
      postcode: 'ls1 4ap',
      email: 'Alice@Example.com',
      mobile: '07700 900123',
      gpPractice: 'Park Surgery',
      gpEmail: 'park.surgery@nhs.net',
      contact: ['email', 'sms'],
      needs: ['step_free_access', 'not-a-need'],
    });
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe(`/patients/${aliceRecord}?done=details`);
    expect(await aliceRow()).toMatchObject({
      address: '1 New Street\nLeeds',
      postcode: 'LS1 4AP',
      email: 'Alice@example.com',
      mobile: '+447700900123',
      gpPractice: 'Park Surgery',
      gpEmail: 'park.surgery@nhs.net',
      allowEmail: true,
      allowSms: true,
      allowVoicemail: false,
      allowLettersByEmail: false,
      accessNeeds: ['step_free_access'],
    });
    expect(textOf((await c.get(`/patients/${aliceRecord}`)).body)).toContain(
      'Communication and access needs Step-free access',
    );
    const [entry] = await t.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'patient.update'), eq(auditEvents.patientId, aliceRecord)));
    expect(entry?.details).toEqual({
      changed: [
        'address',
        'postcode',
        'email',
        'mobile',
        'gpPractice',
        'gpEmail',
        'allowEmail',
        'allowSms',
        'accessNeeds',
      ],
    });
    expect(JSON.stringify(entry)).not.toContain('park.surgery');

    // Clearing a field stores nothing, not an empty string.
    await c.get(`/patients/${aliceRecord}/details`);
    await c.post(`/patients/${aliceRecord}/details`, {
      address: '1 New Street\nLeeds',
      postcode: 'LS1 4AP',
      email: '',
      mobile: '+447700900123',
      gpPractice: 'Park Surgery',
      gpEmail: 'park.surgery@nhs.net',
      contact: ['sms'],
    });
    expect(await aliceRow()).toMatchObject({ email: null, allowEmail: false, allowSms: true });
  });

  it('refuses a bad postcode, email or phone with the NHS error summary and keeps the answers', async () => {
    const c = new TestClient(t.app);
    expect((await c.signIn('therapist@example.nhs.uk', TEST_PASSWORD)).statusCode).toBe(303);
    await c.get(`/patients/${aliceRecord}/details`);
    const before = await aliceRow();
    const res = await c.post(`/patients/${aliceRecord}/details`, {
      address: 'Somewhere else',
      postcode: 'not a postcode',
      email: 'alice-at-example',
      mobile: '01632 960 001',
      gpPractice: 'Hill Surgery',
      gpEmail: 'hill surgery',
    });
    expect(res.statusCode).toBe(400);
    const text = textOf(res.body);
    expect(text).toContain('There is a problem');
    expect(text).toContain("Enter the practice's secure NHS email address, ending in nhs.net");
    expect(text).toContain('Enter a UK mobile phone number');

    // Permission to text needs a number to text; letters by email need permission to email.
    await c.get(`/patients/${aliceRecord}/details`);
    const noNumber = await c.post(`/patients/${aliceRecord}/details`, {
      mobile: '',
      contact: ['sms'],
    });
    expect(noNumber.statusCode).toBe(400);
    expect(textOf(noNumber.body)).toContain('Enter their mobile phone number, or untick');
    expect(noNumber.body).toMatch(/value="sms"[^>]*checked|checked[^>]*value="sms"/);
    await c.get(`/patients/${aliceRecord}/details`);
    const lettersOnly = await c.post(`/patients/${aliceRecord}/details`, {
      email: 'alice@example.com',
      contact: ['letters'],
    });
    expect(textOf(lettersOnly.body)).toContain(
      'Letters can be attached to emails only if they agree to email. Tick email as well, or untick letters attached to emails',
    );
    expect(res.body).toContain('value="Hill Surgery"');
    expect(res.body).toContain('Somewhere else');
    expect(await aliceRow()).toEqual(before);
  });

  it('keeps a way to reach the person, and a GP email only on secure NHSmail (H2, H27)', async () => {
    const c = new TestClient(t.app);
    expect((await c.signIn('therapist@example.nhs.uk', TEST_PASSWORD)).statusCode).toBe(303);
    const before = await aliceRow();
    // Every way of contacting them blanked: refused on the mobile box, answers kept.
    await c.get(`/patients/${aliceRecord}/details`);
    const blank = await c.post(`/patients/${aliceRecord}/details`, {
      address: '',
      postcode: '',
      email: '',
      mobile: '',
      gpPractice: 'Blank Test Surgery',
      gpEmail: '',
    });
    expect(blank.statusCode).toBe(400);
    expect(textOf(blank.body)).toContain('There is a problem');
    expect(blank.body).toMatch(
      /href="#mobile"[^>]*>Enter their mobile phone number or email address, so we can contact them/,
    );
    expect(blank.body).toContain('value="Blank Test Surgery"');
    expect(await aliceRow()).toEqual(before);

    // A practice's personal webmail, or a look-alike of NHSmail, is not where letters may go.
    for (const gpEmail of ['aire.valley@gmail.com', 'aire.valley@example.nhs.net']) {
      await c.get(`/patients/${aliceRecord}/details`);
      const webmail = await c.post(`/patients/${aliceRecord}/details`, {
        email: 'alice@example.com',
        gpPractice: 'Aire Valley Surgery',
        gpEmail,
      });
      expect(webmail.statusCode).toBe(400);
      expect(webmail.body).toMatch(
        /href="#gpEmail"[^>]*>Enter the practice(&#x27;|')s secure NHS email address, ending in nhs.net/,
      );
      expect(webmail.body).toContain(`value="${gpEmail}"`);
    }
    expect(await aliceRow()).toEqual(before);

    // The person blanking their own: the same rule, in their words.
    const alice = new TestClient(t.app);
    expect((await alice.signIn('alice@example.com', TEST_PASSWORD)).statusCode).toBe(303);
    await alice.get(`/patients/${aliceRecord}/contact`);
    const own = await alice.post(`/patients/${aliceRecord}/contact`, {
      address: '3 Blank Road',
      postcode: '',
      email: '',
      mobile: '',
    });
    expect(own.statusCode).toBe(400);
    expect(own.body).toMatch(
      /href="#mobile"[^>]*>Enter your mobile phone number or email address, so we can contact you/,
    );
    expect(own.body).toContain('3 Blank Road');
    expect(await aliceRow()).toEqual(before);
    // An email address alone is enough.
    await c.get(`/patients/${aliceRecord}/details`);
    const emailOnly = await c.post(`/patients/${aliceRecord}/details`, {
      address: before.address ?? '',
      postcode: before.postcode ?? '',
      email: 'alice@example.com',
      mobile: '',
      gpPractice: before.gpPractice ?? '',
      gpEmail: before.gpEmail ?? '',
      contact: ['email'],
    });
    expect(emailOnly.statusCode).toBe(303);
    expect(await aliceRow()).toMatchObject({ email: 'alice@example.com', mobile: null });
    // Put back as it was for the tests after.
    const { email, mobile, allowEmail, allowSms, allowVoicemail, allowLettersByEmail } = before;
    await t.database.db
      .update(patients)
      .set({ email, mobile, allowEmail, allowSms, allowVoicemail, allowLettersByEmail })
      .where(eq(patients.id, aliceRecord));
  });

  it('is not for another therapist (404) or the patient themself (403)', async () => {
    const other = new TestClient(t.app);
    expect((await other.signIn('other-therapist@example.nhs.uk', TEST_PASSWORD)).statusCode).toBe(
      303,
    );
    expect((await other.get(`/patients/${aliceRecord}/details`)).statusCode).toBe(404);
    const alice = new TestClient(t.app);
    expect((await alice.signIn('alice@example.com', TEST_PASSWORD)).statusCode).toBe(303);
    expect((await alice.get(`/patients/${aliceRecord}/details`)).statusCode).toBe(403);
    const own = textOf((await alice.get(`/patients/${aliceRecord}`)).body);
    expect(own).not.toContain('Change contact and GP details');
    expect(own).toContain('Change your contact details');
  });

  it('the patient changes their own contact details and ways of contact, never their GP details', async () => {
    const alice = new TestClient(t.app);
    expect((await alice.signIn('alice@example.com', TEST_PASSWORD)).statusCode).toBe(303);
    const before = await aliceRow();
    const page = await alice.get(`/patients/${aliceRecord}`);
    expect(page.body).toContain(`href="/patients/${aliceRecord}/contact"`);
    expect((await alice.get(`/patients/${aliceRecord}/contact`)).statusCode).toBe(200);

    // Asking for texts with no number: the error speaks to them, and their answers are kept.
    const refused = await alice.post(`/patients/${aliceRecord}/contact`, {
      address: '2 Quiet Lane',
      mobile: '',
      contact: ['sms'],
    });
    expect(refused.statusCode).toBe(400);
    expect(textOf(refused.body)).toContain('Enter your mobile phone number, or untick');
    expect(refused.body).toContain('2 Quiet Lane');

    // Stopping texts at once: no email or texts, a new number kept for phone calls.
    await alice.get(`/patients/${aliceRecord}/contact`);
    const saved = await alice.post(`/patients/${aliceRecord}/contact`, {
      address: '2 Quiet Lane',
      postcode: before.postcode ?? '',
      email: before.email ?? '',
      mobile: '07700 900456',
      contact: [],
      // Not on the form; sent anyway, it changes nothing.
      gpPractice: 'Elsewhere Surgery',
      gpEmail: 'elsewhere@nhs.net',
    });
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe(`/patients/${aliceRecord}?done=contact`);
    expect(textOf((await alice.get(saved.headers.location!)).body)).toContain(
      'Your contact details have been saved.',
    );
    const after = await aliceRow();
    expect(after).toMatchObject({
      address: '2 Quiet Lane',
      mobile: '+447700900456',
      allowEmail: false,
      allowSms: false,
      allowVoicemail: false,
      allowLettersByEmail: false,
      gpPractice: before.gpPractice,
      gpEmail: before.gpEmail,
    });
    const entries = await t.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'patient.update'), eq(auditEvents.patientId, aliceRecord)));
    const mine = entries.filter((e) => (e.details as { by?: string } | null)?.by === 'patient');
    expect(mine).toHaveLength(1);
    expect((mine[0]!.details as { changed: string[] }).changed).toEqual(
      expect.arrayContaining(['address', 'mobile', 'allowSms']),
    );
    expect((mine[0]!.details as { changed: string[] }).changed).not.toContain('gpPractice');
    expect(textOf((await alice.get(`/patients/${aliceRecord}`)).body)).toContain(
      'We may contact you by None: no emails, texts or voicemails',
    );
  });

  it('is not for another patient (404) or for staff (403), who have their own form', async () => {
    const bob = new TestClient(t.app);
    expect((await bob.signIn('bob@example.com', TEST_PASSWORD)).statusCode).toBe(303);
    expect((await bob.get(`/patients/${aliceRecord}/contact`)).statusCode).toBe(404);
    const therapist = new TestClient(t.app);
    expect((await therapist.signIn('therapist@example.nhs.uk', TEST_PASSWORD)).statusCode).toBe(
      303,
    );
    expect((await therapist.get(`/patients/${aliceRecord}/contact`)).statusCode).toBe(403);
  });
});

describe('messages waiting follow a change of contact details (H6)', () => {
  it('a new number re-addresses waiting texts; texts turned off withdraws them, emails untouched; the worker sends no withdrawn one', async () => {
    const carolUser = await createUser(t, 'carol@example.com', ['patient'], 'Carol');
    const therapist = (
      await t.database.db
        .select({ id: patients.responsibleClinicianId })
        .from(patients)
        .where(eq(patients.id, aliceRecord))
    )[0]!.id;
    const [carol] = await t.database.db
      .insert(patients)
      .values({
        serviceId: t.service.id,
        givenName: 'Carol',
        familyName: 'Cole',
        dateOfBirth: '1985-01-01',
        userId: carolUser.id,
        responsibleClinicianId: therapist,
        email: 'carol@example.com',
        mobile: '+447700900111',
        allowEmail: true,
        allowSms: true,
      })
      .returning();
    const carolId = carol!.id;
    const later = new Date(t.clock.now().getTime() + 60 * 86_400_000);
    const queue = (key: string, channel: 'sms' | 'email', recipient: string) =>
      queueMessage(t.database.db, t.clock, {
        serviceId: t.service.id,
        channel,
        recipient,
        subject: channel === 'email' ? 'Reminder' : null,
        body: 'You have an appointment.',
        template: 'appointment-reminder',
        patientId: carolId,
        idempotencyKey: `h6-test:${key}`,
        notBefore: later,
      });
    await queue('sms-1', 'sms', '+447700900111');
    await queue('sms-2', 'sms', '+447700900111');
    await queue('email-1', 'email', 'carol@example.com');
    // A copy to the GP about her is not hers to redirect.
    await queue('gp', 'email', 'practice@nhs.net');
    const rows = async () =>
      new Map(
        (
          await t.database.db
            .select()
            .from(outboxMessages)
            .where(eq(outboxMessages.patientId, carolId))
        ).map((r) => [r.idempotencyKey.replace('h6-test:', ''), r]),
      );
    const auditDetails = async () =>
      (
        await t.database.db
          .select()
          .from(auditEvents)
          .where(and(eq(auditEvents.action, 'patient.update'), eq(auditEvents.patientId, carolId)))
          .orderBy(auditEvents.id)
      ).map((e) => e.details);

    // Staff record a new mobile: her waiting texts go to it.
    const staff = new TestClient(t.app);
    expect((await staff.signIn('therapist@example.nhs.uk', TEST_PASSWORD)).statusCode).toBe(303);
    await staff.get(`/patients/${carolId}/details`);
    const moved = await staff.post(`/patients/${carolId}/details`, {
      email: 'carol@example.com',
      mobile: '07700 900222',
      contact: ['email', 'sms'],
    });
    expect(moved.statusCode).toBe(303);
    let now = await rows();
    expect(now.get('sms-1')).toMatchObject({ status: 'pending', recipient: '+447700900222' });
    expect(now.get('sms-2')).toMatchObject({ status: 'pending', recipient: '+447700900222' });
    expect(now.get('email-1')).toMatchObject({ status: 'pending', recipient: 'carol@example.com' });
    expect(now.get('gp')).toMatchObject({ status: 'pending', recipient: 'practice@nhs.net' });
    expect(await auditDetails()).toEqual([{ changed: ['mobile'], messagesReaddressed: 2 }]);

    // Carol turns texts off herself: her waiting texts are withdrawn, her emails still go.
    const own = new TestClient(t.app);
    expect((await own.signIn('carol@example.com', TEST_PASSWORD)).statusCode).toBe(303);
    await own.get(`/patients/${carolId}/contact`);
    const off = await own.post(`/patients/${carolId}/contact`, {
      email: 'carol@example.com',
      mobile: '07700 900222',
      contact: ['email'],
    });
    expect(off.statusCode).toBe(303);
    now = await rows();
    expect(now.get('sms-1')?.status).toBe('cancelled');
    expect(now.get('sms-2')?.status).toBe('cancelled');
    expect(now.get('email-1')?.status).toBe('pending');
    expect(now.get('gp')?.status).toBe('pending');
    expect((await auditDetails())[1]).toEqual({
      changed: ['allowSms'],
      by: 'patient',
      messagesWithdrawn: 2,
    });
    expect(JSON.stringify(await auditDetails())).not.toContain('7700');

    // When they fall due, the worker sends the emails and never a withdrawn text.
    t.clock.set(new Date(later.getTime() + 60_000));
    t.notifier.sent = [];
    while ((await t.outbox.runOnce()) > 0);
    const sent = t.notifier.sent.filter((m) => m.body === 'You have an appointment.');
    expect(sent.map((m) => m.recipient).sort()).toEqual(['carol@example.com', 'practice@nhs.net']);
    now = await rows();
    expect(now.get('sms-1')?.status).toBe('cancelled');
  });
});
