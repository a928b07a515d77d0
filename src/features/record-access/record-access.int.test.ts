import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { apiClients, auditEvents, patients, users } from '../../db/schema';
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
const signedIn = async (email: string) => {
  const client = new TestClient(t.app);
  await client.signIn(email, TEST_PASSWORD);
  return client;
};

beforeAll(async () => {
  t = await createTestApp();
  const therapist = await createUser(t, 'tess@example.nhs.uk', ['therapist'], 'Tess Thomas');
  await createUser(t, 'manager@example.nhs.uk', ['service_manager'], 'Maya Manager');
  await createUser(t, 'other@example.nhs.uk', ['therapist'], 'Owen Other');
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
      },
      {
        serviceId: t.service.id,
        givenName: 'Bob',
        familyName: 'Baker',
        dateOfBirth: '1980-01-01',
        userId: bob.id,
      },
    ])
    .returning();
  aliceRecord = rows[0]!.id;
  bobRecord = rows[1]!.id;
});
afterAll(async () => t.close());

describe('who has viewed my record', () => {
  it('shows the patient each time a member of staff opened it, in plain words and London time', async () => {
    t.clock.set('2026-07-01T13:05:00Z'); // 2:05pm in London (summer time)
    const tess = await signedIn('tess@example.nhs.uk');
    expect((await tess.get(`/patients/${aliceRecord}`)).statusCode).toBe(200);
    // A refused look shows nothing, so it is not listed as a view.
    const owen = await signedIn('other@example.nhs.uk');
    expect((await owen.get(`/patients/${aliceRecord}`)).statusCode).toBe(404);

    const alice = await signedIn('alice@example.com');
    expect((await alice.get(`/patients/${aliceRecord}`)).statusCode).toBe(200);
    const home = await alice.get('/home');
    expect(home.body).toContain('href="/record-views"');
    const page = await alice.get('/record-views');
    expect(page.statusCode).toBe(200);
    const text = textOf(page.body);
    expect(text).toMatch(
      /Wednesday 1 July 2026 at 2:05pm\s*Tess Thomas\s*Therapist\s*opened your record/,
    );
    expect(text).not.toContain('Owen Other');
    // The patient's own looks are not listed, and no action codes are shown.
    expect(text).not.toMatch(/Alice\s*Patient/);
    expect(text).not.toContain('patient.read');
  });

  it('audits the viewing of the list itself', async () => {
    const alice = await signedIn('alice@example.com');
    const before = await viewsOf(aliceRecord);
    expect((await alice.get('/record-views')).statusCode).toBe(200);
    expect(await viewsOf(aliceRecord)).toBe(before + 1);
  });

  it('answers 404 to another patient, and to clinicians who may open the record', async () => {
    const bob = await signedIn('bob@example.com');
    const res = await bob.get(`/patients/${aliceRecord}/record-views`);
    expect(res.statusCode).toBe(404);
    expect(textOf(res.body)).not.toContain('Tess Thomas');
    // Bob's own list says nothing of Alice's.
    const own = await bob.get('/record-views');
    expect(textOf(own.body)).not.toContain('Tess Thomas');
    const tess = await signedIn('tess@example.nhs.uk');
    expect((await tess.get(`/patients/${aliceRecord}/record-views`)).statusCode).toBe(404);
    const denied = await t.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'record_access.view'), eq(auditEvents.outcome, 'denied')));
    expect(denied.length).toBeGreaterThanOrEqual(2);
  });

  it('shows a service manager the same list per patient, linked from the record', async () => {
    const maya = await signedIn('manager@example.nhs.uk');
    const record = await maya.get(`/patients/${aliceRecord}`);
    expect(record.body).toContain(`href="/patients/${aliceRecord}/record-views"`);
    const page = await maya.get(`/patients/${aliceRecord}/record-views`);
    expect(page.statusCode).toBe(200);
    const text = textOf(page.body);
    expect(text).toContain('Who has viewed Alice Able’s record');
    expect(text).toMatch(/Tess Thomas\s*Therapist\s*opened your record/);
    // The manager's own look at the record is listed too: the patient sees managers as well.
    expect(text).toMatch(/Maya Manager\s*Service manager\s*opened your record/);
    // A therapist's record page does not offer the list.
    const tess = await signedIn('tess@example.nhs.uk');
    expect((await tess.get(`/patients/${aliceRecord}`)).body).not.toContain('/record-views');

    // And the patient then sees that the manager looked at who viewed their record.
    const alice = await signedIn('alice@example.com');
    expect(textOf((await alice.get('/record-views')).body)).toMatch(
      /Maya Manager\s*Service manager\s*looked at who has viewed your record/,
    );
  });

  it('pages through a long list, newest first', async () => {
    t.clock.set('2027-01-04T09:00:00Z');
    const tess = await signedIn('tess@example.nhs.uk');
    for (let i = 0; i < 30; i++) {
      t.clock.advanceMinutes(1);
      expect((await tess.get(`/patients/${aliceRecord}`)).statusCode).toBe(200);
    }
    const alice = await signedIn('alice@example.com');
    const first = textOf((await alice.get('/record-views')).body);
    expect(first).toContain('Monday 4 January 2027 at 9:30am');
    expect(first).not.toContain('Monday 4 January 2027 at 9:05am');
    expect(first).toMatch(/Showing 1 to 25 of \d+/);
    const firstPage = await alice.get('/record-views');
    expect(firstPage.body).toContain('href="/record-views?offset=25"');
    const second = textOf((await alice.get('/record-views?offset=25')).body);
    expect(second).toContain('Monday 4 January 2027 at 9:05am');
    expect(second).toMatch(/Showing 26 to/);
    // A nonsense offset is the first page, not an error.
    expect((await alice.get('/record-views?offset=-3')).statusCode).toBe(200);
  });

  it('never shows another patient’s entries', async () => {
    const bob = await signedIn('bob@example.com');
    const text = textOf((await bob.get(`/patients/${bobRecord}/record-views`)).body);
    expect(text).toContain('Who has viewed your record');
    expect(text).not.toContain('Tess Thomas');
  });
});

async function viewsOf(patientId: string): Promise<number> {
  const rows = await t.database.db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.patientId, patientId), eq(auditEvents.action, 'record_access.view')));
  return rows.length;
}

describe('reads by another system', () => {
  it('shows the patient each read of their record through the FHIR API, naming the system', async () => {
    t.clock.set('2027-02-01T10:00:00Z');
    const [someone] = await t.database.db.select().from(users).limit(1);
    const [client] = await t.database.db
      .insert(apiClients)
      .values({
        serviceId: t.service.id,
        name: 'Leeds GP system',
        scopes: ['system/Patient.read'],
        jwks: { keys: [] },
        createdAt: t.clock.now(),
        createdBy: someone!.id,
      })
      .returning();
    // As the API writes them: the client as the actor, no user (fhir.service.ts).
    await t.database.db.insert(auditEvents).values({
      serviceId: t.service.id,
      at: t.clock.now(),
      role: `api_client:${client!.id}`,
      action: 'fhir.read',
      patientId: aliceRecord,
      recordType: 'Patient',
      recordId: aliceRecord,
    });
    const alice = await signedIn('alice@example.com');
    const text = textOf((await alice.get('/record-views')).body);
    expect(text).toMatch(
      /Monday 1 February 2027 at 10am\s*Leeds GP system\s*Another system connected to ours, such as a GP system\s*read your record/,
    );
    expect(text).not.toContain('api_client');
    // Bob's list has no read of Alice's record.
    const bob = await signedIn('bob@example.com');
    expect(textOf((await bob.get('/record-views')).body)).not.toContain('Leeds GP system');
  });
});
