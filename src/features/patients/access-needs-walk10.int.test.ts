import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { auditEvents, patients, referrals } from '../../db/schema';
import { TestClient, textOf } from '../../../tests/support/client';
import { insertReferral } from '../../../tests/support/fixtures';
import {
  createTestApp,
  createUser,
  TEST_PASSWORD,
  type TestApp,
} from '../../../tests/support/test-app';

/**
 * Walk 10: "Something else" among the communication and access needs could not be described. The
 * forms ask what it is, the record keeps and shows it, and a referral's words reach the record.
 */
let t: TestApp;
let record: string;
const QUIET = 'A quiet room, and time to read things twice';

beforeAll(async () => {
  t = await createTestApp();
  const therapist = await createUser(t, 'therapist@example.nhs.uk', ['therapist']);
  const alice = await createUser(t, 'alice@example.com', ['patient'], 'Alice');
  const rows = await t.database.db
    .insert(patients)
    .values({
      serviceId: t.service.id,
      givenName: 'Alice',
      familyName: 'Able',
      dateOfBirth: '1990-01-01',
      userId: alice.id,
      responsibleClinicianId: therapist.id,
      mobile: '+447700900123',
      allowSms: true,
    })
    .returning();
  record = rows[0]!.id;
});
afterAll(async () => t.close());

const row = async (id = record) =>
  (await t.database.db.select().from(patients).where(eq(patients.id, id)))[0]!;

async function signedIn(email: string) {
  const c = new TestClient(t.app);
  expect((await c.signIn(email, TEST_PASSWORD)).statusCode).toBe(303);
  return c;
}

const details = (extra: Record<string, unknown>) => ({
  mobile: '07700 900123',
  contact: ['sms'],
  ...extra,
});

describe('"Something else" access need', () => {
  it('the patient is asked what it is, and their record shows it', async () => {
    const alice = await signedIn('alice@example.com');
    const form = await alice.get(`/patients/${record}/contact`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('name="needsOther"');

    // Ticked with nothing said: an error at the box, the answers kept, nothing saved.
    const refused = await alice.post(
      `/patients/${record}/contact`,
      details({ address: '3 Hill Road', needs: ['large_print', 'other'], needsOther: '  ' }),
    );
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toMatch(
      /href="#needsOther"[^>]*>Describe the other communication or access needs you have/,
    );
    expect(refused.body).toContain('3 Hill Road');
    expect(refused.body).toMatch(/value="large_print"[^>]*checked|checked[^>]*value="large_print"/);
    expect((await row()).accessNeeds).toEqual([]);

    // Too long: refused, the words kept.
    await alice.get(`/patients/${record}/contact`);
    const long = await alice.post(
      `/patients/${record}/contact`,
      details({ needs: ['other'], needsOther: 'x'.repeat(501) }),
    );
    expect(long.statusCode).toBe(400);
    expect(textOf(long.body)).toContain('The other need must be 500 characters or fewer');
    expect(long.body).toContain('x'.repeat(501));

    await alice.get(`/patients/${record}/contact`);
    const saved = await alice.post(
      `/patients/${record}/contact`,
      details({ needs: ['large_print', 'other'], needsOther: ` ${QUIET} ` }),
    );
    expect(saved.statusCode).toBe(303);
    expect(await row()).toMatchObject({
      accessNeeds: ['large_print', 'other'],
      accessNeedsOther: QUIET,
    });
    expect(textOf((await alice.get(`/patients/${record}`)).body)).toContain(
      `Communication and access needs Large print, Something else: ${QUIET}`,
    );
    // The form shows the words again, under the ticked box.
    expect((await alice.get(`/patients/${record}/contact`)).body).toContain(QUIET);
    const entries = await t.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'patient.update'), eq(auditEvents.patientId, record)));
    expect(entries.map((e) => (e.details as { changed?: string[] }).changed)).toContainEqual(
      expect.arrayContaining(['accessNeeds', 'accessNeedsOther']),
    );
    expect(JSON.stringify(entries)).not.toContain('quiet room');
  });

  it('the clinician sees it, is asked for it, and unticking it clears the words', async () => {
    const c = await signedIn('therapist@example.nhs.uk');
    expect(textOf((await c.get(`/patients/${record}`)).body)).toContain(`Something else: ${QUIET}`);
    expect(textOf((await c.get(`/diary/book?patient=${record}`)).body)).toContain(
      `Their communication and access needs: Large print, Something else: ${QUIET}.`,
    );

    await c.get(`/patients/${record}/details`);
    const refused = await c.post(
      `/patients/${record}/details`,
      details({ needs: ['other'], needsOther: '' }),
    );
    expect(refused.statusCode).toBe(400);
    expect(textOf(refused.body)).toContain(
      'Describe the other communication or access needs they have',
    );

    // Unticked: the words go with it, even if the box still held them.
    await c.get(`/patients/${record}/details`);
    const saved = await c.post(
      `/patients/${record}/details`,
      details({ needs: ['large_print'], needsOther: QUIET }),
    );
    expect(saved.statusCode).toBe(303);
    expect(await row()).toMatchObject({ accessNeeds: ['large_print'], accessNeedsOther: null });
    const page = textOf((await c.get(`/patients/${record}`)).body);
    expect(page).toContain('Communication and access needs Large print');
    expect(page).not.toContain('quiet room');
  });

  it('a record made from a referral keeps what the person told us they need', async () => {
    const referral = await insertReferral(t, {
      givenName: 'Nia',
      familyName: 'Needs',
      answers: {
        communicationNeeds: {
          needs: [
            { code: 'braille', label: 'Braille' },
            { code: 'other', label: 'Something else' },
          ],
          otherDetails: 'Please speak slowly on the phone',
        },
      },
    });
    const c = await signedIn('therapist@example.nhs.uk');
    await c.get(`/staff/referrals/${referral.id}`);
    expect((await c.post(`/staff/referrals/${referral.id}/create-patient`, {})).statusCode).toBe(
      303,
    );
    const [linked] = await t.database.db
      .select()
      .from(referrals)
      .where(eq(referrals.id, referral.id));
    expect(await row(linked!.patientId!)).toMatchObject({
      accessNeeds: ['braille', 'other'],
      accessNeedsOther: 'Please speak slowly on the phone',
    });
  });
});
