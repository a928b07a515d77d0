/**
 * One person, one record (H3); a duplicate referral leaves the person's other referral open and
 * tells them nothing (H4); assessments only with clinicians who can sign in (H2).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import {
  appointments,
  auditEvents,
  identityLinks,
  outboxMessages,
  patientMessages,
  patients,
  referrals,
  users,
} from '../../db/schema';
import { TestClient, textOf } from '../../../tests/support/client';
import { insertPatient, insertReferral } from '../../../tests/support/fixtures';
import {
  createTestApp,
  createUser,
  TEST_PASSWORD,
  type TestApp,
} from '../../../tests/support/test-app';

let t: TestApp;
let therapistId: string;
const NOW = new Date('2026-11-25T10:00:00Z');

beforeAll(async () => {
  t = await createTestApp({ now: NOW.toISOString() });
  therapistId = (await createUser(t, 'terry@example.nhs.uk', ['therapist'], 'Terry Therapist')).id;
});
afterAll(async () => t.close());

const db = () => t.database.db;
const referralRow = async (id: string) =>
  (await db().select().from(referrals).where(eq(referrals.id, id)))[0]!;
const recordsWith = async (nhsNumber: string) =>
  db().select().from(patients).where(eq(patients.nhsNumber, nhsNumber));

async function signedIn(email = 'terry@example.nhs.uk') {
  const c = new TestClient(t.app);
  expect((await c.signIn(email, TEST_PASSWORD)).statusCode).toBe(303);
  return c;
}

/** Two identical self-referrals from one person, as the exploratory walk sent them. */
async function twoReferrals(nhsNumber: string, familyName: string) {
  const person = {
    givenName: 'Dana',
    familyName,
    dateOfBirth: '1988-08-08',
    postcode: 'LS6 1AA',
    nhsNumber,
    email: `${familyName.toLowerCase()}@example.com`,
    answers: { permissions: { email: true, texts: true } },
  };
  return [await insertReferral(t, person), await insertReferral(t, person)] as const;
}

describe('one patient record per NHS number (H3)', () => {
  it('offers only linking when a record has the NHS number, and refuses a second record', async () => {
    const existing = await insertPatient(t, {
      givenName: 'Nell',
      familyName: 'Numbered',
      dateOfBirth: '1980-01-01',
      nhsNumber: '4857773457',
    });
    const r = await insertReferral(t, {
      givenName: 'Nell',
      familyName: 'Numbered-Wed',
      nhsNumber: '4857773457',
    });
    const c = await signedIn();
    const page = await c.get(`/staff/referrals/${r.id}`);
    expect(page.body).toContain(`value="${existing.id}"`);
    expect(textOf(page.body)).toContain('A patient record already has this NHS number');
    expect(page.body).not.toContain('/create-patient');

    // A tampered or stale form is refused, and nothing is made.
    const refused = await c.post(`/staff/referrals/${r.id}/create-patient`, {});
    expect(refused.statusCode).toBe(409);
    expect(textOf(refused.body)).toContain(
      'A patient record with this NHS number already exists, so a new one cannot be made',
    );
    expect(await recordsWith('4857773457')).toHaveLength(1);
    expect((await referralRow(r.id)).patientId).toBeNull();

    const linked = await c.post(`/staff/referrals/${r.id}/match`, { patientId: existing.id });
    expect(linked.statusCode).toBe(303);
    expect((await referralRow(r.id)).patientId).toBe(existing.id);
  });

  it('still offers a new record when only the name, date of birth and postcode match', async () => {
    const namesake = await insertPatient(t, {
      givenName: 'Sam',
      familyName: 'Same',
      dateOfBirth: '1979-09-09',
      postcode: 'LS1 4AP',
      nhsNumber: '5554321097',
    });
    const r = await insertReferral(t, {
      givenName: 'Sam',
      familyName: 'Same',
      dateOfBirth: '1979-09-09',
      postcode: 'LS1 4AP',
      nhsNumber: '6123456784',
    });
    const c = await signedIn();
    const page = await c.get(`/staff/referrals/${r.id}`);
    expect(page.body).toContain(`value="${namesake.id}"`);
    expect(page.body).toContain(`/staff/referrals/${r.id}/create-patient`);
    expect((await c.post(`/staff/referrals/${r.id}/create-patient`, {})).statusCode).toBe(303);
    expect(await recordsWith('6123456784')).toHaveLength(1);
  });
});

describe('closing a duplicate referral (H4)', () => {
  it('makes no record and sends nothing, so the other referral makes the one record', async () => {
    const [first, second] = await twoReferrals('9434765919', 'Dupont');
    const c = await signedIn();
    const form = await c.get(`/staff/referrals/${second.id}/close`);
    expect(form.statusCode).toBe(200);
    const formText = textOf(form.body);
    expect(formText).toContain('Reference of their other referral, which stays open');
    expect(formText).toContain('If it is a duplicate, we send them nothing and make no patient');

    const closed = await c.post(`/staff/referrals/${second.id}/close`, {
      reason: 'duplicate',
      duplicateOf: first.reference.toLowerCase(),
      note: 'Sent twice.',
      message: 'We have closed your referral.',
    });
    expect(closed.statusCode).toBe(303);
    expect(closed.headers.location).toBe(`/staff/referrals/${second.id}?done=closed_duplicate`);
    const row = await referralRow(second.id);
    expect(row).toMatchObject({
      status: 'closed',
      closedReason: 'duplicate',
      closedNote: `Duplicate of ${first.reference}. Sent twice.`,
      patientId: null,
    });
    // No record made from the duplicate, and no "we have closed your referral" to the person.
    expect(await recordsWith('9434765919')).toEqual([]);
    expect(
      await db()
        .select()
        .from(patientMessages)
        .where(eq(patientMessages.sourceKey, `referral-closed:${second.id}`)),
    ).toEqual([]);
    const outbox = await db().select().from(outboxMessages);
    expect(outbox.filter((m) => m.recipient === 'dupont@example.com')).toEqual([]);
    const [audit] = await db()
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'referral.close'), eq(auditEvents.recordId, second.id)));
    expect(audit!.details).toMatchObject({ duplicateOf: first.id, messageChannels: [] });
    const after = textOf((await c.get(closed.headers.location as string)).body);
    expect(after).toContain('Referral closed as a duplicate');
    expect(after).toContain('No message was sent to the person');

    // The first referral makes the one record; the FHIR search would find one.
    expect(textOf((await c.get(`/staff/referrals/${first.id}`)).body)).toContain(
      'No existing patient record has the same NHS number',
    );
    expect((await c.post(`/staff/referrals/${first.id}/create-patient`, {})).statusCode).toBe(303);
    expect(await recordsWith('9434765919')).toHaveLength(1);
    expect((await referralRow(first.id)).status).toBe('new');
  });

  it('needs the other referral: open, not this one, and the same person; answers kept', async () => {
    const [first, second] = await twoReferrals('7000111224', 'Twice');
    const stranger = await insertReferral(t, { nhsNumber: '7102030401' });
    const ended = await insertReferral(t, { nhsNumber: '7000111224', status: 'discharged' });
    const c = await signedIn();
    await c.get(`/staff/referrals/${second.id}/close`);
    const tries: [string, string][] = [
      ['', 'Enter the reference of the referral this one duplicates'],
      ['RAP-NONE-NONE', 'No referral has that reference'],
      [second.reference, 'Enter the reference of the other referral, not this one'],
      [stranger.reference, `Referral ${stranger.reference} is for someone else`],
      [ended.reference, `Referral ${ended.reference} is no longer open`],
    ];
    for (const [duplicateOf, message] of tries) {
      const res = await c.post(`/staff/referrals/${second.id}/close`, {
        reason: 'duplicate',
        duplicateOf,
        note: 'Kept note.',
        message: '',
      });
      expect(res.statusCode, duplicateOf).toBe(400);
      expect(textOf(res.body), duplicateOf).toContain(message);
      expect(res.body).toContain('href="#duplicateOf"');
      expect(res.body).toContain('Kept note.');
      expect(res.body).toMatch(/checked="" value="duplicate"/);
    }
    expect(await referralRow(second.id)).toMatchObject({ status: 'new', patientId: null });
    expect(await recordsWith('7000111224')).toEqual([]);
    expect((await referralRow(first.id)).status).toBe('new');
  });
});

describe('who an assessment can be booked with (H2)', () => {
  it('offers and accepts only therapists who can sign in, never one only invited', async () => {
    const invited = await createUser(t, 'ivy@example.nhs.uk', ['therapist'], 'Ivy Invited');
    await db().update(users).set({ passwordHash: null }).where(eq(users.id, invited.id));
    // Signed in through the service's staff single sign-on: no password, yet can sign in.
    const sso = await createUser(t, 'sol@example.nhs.uk', ['therapist'], 'Sol Single-Sign-On');
    await db().update(users).set({ passwordHash: null }).where(eq(users.id, sso.id));
    await db().insert(identityLinks).values({
      serviceId: t.service.id,
      kind: 'staff',
      issuer: 'https://sso.example.nhs.uk',
      subject: 'sol',
      userId: sso.id,
      patientId: null,
      createdAt: NOW,
      lastUsedAt: NOW,
    });
    const p = await insertPatient(t, { givenName: 'Bo', familyName: 'Booked' });
    const r = await insertReferral(t, { givenName: 'Bo', familyName: 'Booked', patientId: p.id });
    const c = await signedIn();
    const form = await c.get(`/staff/referrals/${r.id}/book`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain(`value="${therapistId}"`);
    expect(form.body).toContain(`value="${sso.id}"`);
    expect(form.body).not.toContain(invited.id);
    expect(textOf(form.body)).not.toContain('Ivy Invited');

    const tampered = await c.post(`/staff/referrals/${r.id}/book`, {
      clinicianId: invited.id,
      'date-day': '2',
      'date-month': '12',
      'date-year': '2026',
      time: '2:30pm',
      mode: 'phone',
    });
    expect(tampered.statusCode).toBe(400);
    expect(textOf(tampered.body)).toContain('Select the clinician who will do the assessment');
    expect(tampered.body).toContain('href="#clinicianId"');
    expect((await referralRow(r.id)).status).toBe('new');
    expect(await db().select().from(appointments).where(eq(appointments.patientId, p.id))).toEqual(
      [],
    );
    const [record] = await db().select().from(patients).where(eq(patients.id, p.id));
    expect(record!.responsibleClinicianId).toBeNull();
  });
});
