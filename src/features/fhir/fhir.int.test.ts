import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiClients,
  auditEvents,
  measureResponses,
  patients,
  riskAlerts,
  serviceHosts,
  users,
} from '../../db/schema';
import { textOf } from '../../../tests/support/client';
import { fhirSchemaErrors } from '../../../tests/support/fhir-schema';
import { insertReferral } from '../../../tests/support/fixtures';
import { createTestApp, type TestApp } from '../../../tests/support/test-app';
import { buildWorld, Sessions, type World } from '../../../tests/support/world';

/** The FHIR API driven as an integration would: register, get a token, search, read, page. */

const TOKEN_URL = 'http://localhost:3000/api/oauth/token';
const BASE = '/api/fhir/r4';
const NHS_NUMBER = '9434765919';
const HOST_B = 'second.example.nhs.uk';

interface Bundle {
  resourceType: 'Bundle';
  total: number;
  link: { relation: string; url: string }[];
  entry?: {
    fullUrl: string;
    resource: { resourceType: string; id: string } & Record<string, unknown>;
  }[];
}

let t: TestApp;
let world: World;
let key: { privateKey: CryptoKey; publicJwk: Record<string, unknown> };
let allClient: string;
let patientOnlyClient: string;
let clientB: string;

async function keyPair() {
  const { privateKey, publicKey } = await generateKeyPair('ES384', { extractable: true });
  return {
    privateKey,
    publicJwk: { ...(await exportJWK(publicKey)), alg: 'ES384', kid: randomUUID() },
  };
}

async function assertion(
  clientId: string,
  opts: { aud?: string; expSeconds?: number; jti?: string; privateKey?: CryptoKey } = {},
) {
  const now = Math.floor(t.clock.now().getTime() / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: 'ES384', kid: String(key.publicJwk.kid) })
    .setIssuer(clientId)
    .setSubject(clientId)
    .setAudience(opts.aud ?? TOKEN_URL)
    .setIssuedAt(now)
    .setExpirationTime(now + (opts.expSeconds ?? 240))
    .setJti(opts.jti ?? randomUUID())
    .sign(opts.privateKey ?? key.privateKey);
}

function tokenRequest(clientAssertion: string, scope: string, host?: string) {
  return t.app.inject({
    method: 'POST',
    url: '/api/oauth/token',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      ...(host ? { host } : {}),
    },
    payload: new URLSearchParams({
      grant_type: 'client_credentials',
      scope,
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: clientAssertion,
    }).toString(),
  });
}

async function token(clientId: string, scope = 'system/*.read'): Promise<string> {
  const res = await tokenRequest(await assertion(clientId), scope);
  expect(res.statusCode, res.body).toBe(200);
  return res.json<{ access_token: string }>().access_token;
}

const get = (url: string, bearer: string, host?: string) =>
  t.app.inject({ url, headers: { authorization: `Bearer ${bearer}`, ...(host ? { host } : {}) } });

function expectValid(resource: { resourceType: string }) {
  expect(fhirSchemaErrors(resource)).toEqual([]);
}

beforeAll(async () => {
  t = await createTestApp();
  world = await buildWorld(t);
  const db = t.database.db;
  await db.insert(serviceHosts).values({ host: HOST_B, serviceId: world.b.service.id });
  await db
    .update(patients)
    .set({ nhsNumber: NHS_NUMBER, email: 'taylor@example.com', postcode: 'LS1 4AP' })
    .where(eq(patients.id, world.a.patientId));
  await db
    .update(measureResponses)
    .set({
      answers: {
        phq9_1: 1,
        phq9_2: 2,
        phq9_3: 1,
        phq9_4: 2,
        phq9_5: 1,
        phq9_6: 1,
        phq9_7: 2,
        phq9_8: 1,
        phq9_9: 1,
      },
      band: 'moderate',
    })
    .where(eq(measureResponses.id, world.a.responseId));
  await db.insert(riskAlerts).values({
    serviceId: t.service.id,
    source: 'questionnaire',
    reason: 'PHQ-9 item 9 answered "Several days"',
    patientId: world.a.patientId,
    sourceRecordId: world.a.responseId,
    raisedAt: t.clock.now(),
  });
  key = await keyPair();

  // A service manager registers two systems through the page, as they would.
  const manager = await new Sessions(t, world).as('manager');
  await manager.get('/admin/api-clients/new');
  const register = async (name: string, scopes: string[]) => {
    const res = await manager.post('/admin/api-clients/new', {
      name,
      scopes,
      jwks: JSON.stringify({ keys: [key.publicJwk] }),
    });
    expect(res.statusCode, res.body).toBe(303);
    const id = /registered=([0-9a-f-]{36})/.exec(String(res.headers.location))?.[1];
    if (!id) throw new Error('no client id');
    await manager.get('/admin/api-clients/new');
    return id;
  };
  allClient = await register('Shared care record', ['system/*.read']);
  patientOnlyClient = await register('Demographics only', ['system/Patient.read']);
  // Service B's own client, with the same key: still never a way into service A.
  const [b] = await db
    .insert(apiClients)
    .values({
      serviceId: world.b.service.id,
      name: 'B analytics',
      scopes: ['system/*.read'],
      jwks: { keys: [key.publicJwk as { kty: string }] },
      createdAt: t.clock.now(),
      createdBy: world.b.userIds.manager,
    })
    .returning();
  clientB = b!.id;
}, 120_000);
afterAll(async () => t.close());

describe('the token endpoint (SMART Backend Services)', () => {
  it('issues a five-minute bearer token for a signed assertion, audited with the client as actor', async () => {
    const res = await tokenRequest(
      await assertion(allClient),
      'system/Patient.read system/Observation.read',
    );
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const body = res.json<Record<string, unknown>>();
    expect(body).toMatchObject({
      token_type: 'bearer',
      expires_in: 300,
      scope: 'system/Patient.read system/Observation.read',
    });
    const rows = await t.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'api_client.token'), eq(auditEvents.recordId, allClient)));
    expect(rows.some((r) => r.role === `api_client:${allClient}` && r.outcome === 'success')).toBe(
      true,
    );
  });

  it('refuses a replayed, expired, wrongly addressed or wrongly signed assertion', async () => {
    const once = await assertion(allClient);
    expect((await tokenRequest(once, 'system/*.read')).statusCode).toBe(200);
    const replay = await tokenRequest(once, 'system/*.read');
    expect(replay.statusCode).toBe(401);
    expect(replay.json()).toMatchObject({ error: 'invalid_client' });

    expect(
      (await tokenRequest(await assertion(allClient, { expSeconds: -120 }), 'system/*.read'))
        .statusCode,
    ).toBe(401);
    expect(
      (await tokenRequest(await assertion(allClient, { expSeconds: 3600 }), 'system/*.read'))
        .statusCode,
    ).toBe(401);
    expect(
      (
        await tokenRequest(
          await assertion(allClient, { aud: 'https://elsewhere/token' }),
          'system/*.read',
        )
      ).statusCode,
    ).toBe(401);
    const stranger = await keyPair();
    expect(
      (
        await tokenRequest(
          await assertion(allClient, { privateKey: stranger.privateKey }),
          'system/*.read',
        )
      ).statusCode,
    ).toBe(401);
    expect((await tokenRequest(await assertion(randomUUID()), 'system/*.read')).statusCode).toBe(
      401,
    );
    const denied = await t.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'api_client.token'), eq(auditEvents.outcome, 'denied')));
    expect(denied.map((r) => r.reason)).toEqual(
      expect.arrayContaining([
        'replayed',
        'expired',
        'too_long',
        'wrong_audience',
        'bad_signature',
      ]),
    );
  });

  it('grants only registered scopes, and refuses a request for none of them', async () => {
    const res = await tokenRequest(
      await assertion(patientOnlyClient),
      'system/Patient.read system/Observation.read',
    );
    expect(res.json()).toMatchObject({ scope: 'system/Patient.read' });
    const none = await tokenRequest(await assertion(patientOnlyClient), 'system/Observation.read');
    expect(none.statusCode).toBe(400);
    expect(none.json()).toMatchObject({ error: 'invalid_scope' });
    const wrongGrant = await t.app.inject({
      method: 'POST',
      url: '/api/oauth/token',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'grant_type=password&username=a&password=b',
    });
    expect(wrongGrant.statusCode).toBe(400);
    expect(wrongGrant.json()).toMatchObject({ error: 'unsupported_grant_type' });
  });

  it("is the client's own service only: service B's client gets nothing from service A's address", async () => {
    expect((await tokenRequest(await assertion(clientB), 'system/*.read')).statusCode).toBe(401);
    const res = await tokenRequest(
      await assertion(clientB, { aud: `http://${HOST_B}/api/oauth/token` }),
      'system/*.read',
      HOST_B,
    );
    expect(res.statusCode, res.body).toBe(200);
    const tokenB = res.json<{ access_token: string }>().access_token;
    // Service B's token at service A's address is not a token at all.
    expect((await get(`${BASE}/Patient`, tokenB)).statusCode).toBe(401);
    const own = (await get(`${BASE}/Patient`, tokenB, HOST_B)).json<Bundle>();
    expect(own.entry?.map((e) => e.resource.id)).not.toContain(world.a.patientId);
    expect(own.entry?.map((e) => e.resource.id)).toContain(world.b.patientId);
  });
});

describe('reading and searching', () => {
  it('serves /metadata and the SMART configuration without a token', async () => {
    const meta = await t.app.inject({ url: `${BASE}/metadata` });
    expect(meta.statusCode).toBe(200);
    expect(meta.headers['content-type']).toMatch(/^application\/fhir\+json/);
    const statement = meta.json<{
      resourceType: string;
      rest: { resource: { type: string }[] }[];
    }>();
    expectValid(statement);
    // The validator can fail: a wrong date is caught.
    expect(fhirSchemaErrors({ resourceType: 'Patient', birthDate: '25/11/2026' })).not.toEqual([]);
    expect(statement.rest[0]?.resource.map((r) => r.type)).toContain('Observation');
    const smart = await t.app.inject({ url: `${BASE}/.well-known/smart-configuration` });
    expect(smart.json()).toMatchObject({
      token_endpoint_auth_methods_supported: ['private_key_jwt'],
    });
  });

  it('finds a patient by NHS number and reads them, each a valid R4 resource, audited per patient', async () => {
    const bearer = await token(allClient);
    const res = await get(
      `${BASE}/Patient?identifier=https://fhir.nhs.uk/Id/nhs-number|${NHS_NUMBER}`,
      bearer,
    );
    expect(res.statusCode).toBe(200);
    const bundle = res.json<Bundle>();
    expectValid(bundle);
    expect(bundle.total).toBe(1);
    expect(bundle.entry?.[0]?.resource).toMatchObject({
      resourceType: 'Patient',
      id: world.a.patientId,
      identifier: [{ system: 'https://fhir.nhs.uk/Id/nhs-number', value: NHS_NUMBER }],
    });
    const spaced = await get(`${BASE}/Patient?identifier=943%20476%205919`, bearer);
    expect(spaced.json<Bundle>().total).toBe(1);
    const otherSystem = await get(
      `${BASE}/Patient?identifier=https://example.org/mrn|${NHS_NUMBER}`,
      bearer,
    );
    expect(otherSystem.json<Bundle>().total).toBe(0);
    const partial = await get(`${BASE}/Patient?identifier=943476591`, bearer);
    expect(partial.json<Bundle>().total).toBe(0);
    // Gender comes from their latest referral's answer, as FHIR's administrative gender.
    expect(bundle.entry?.[0]?.resource).toMatchObject({ gender: 'female' });
    await insertReferral(t, {
      patientId: world.a.patientId,
      status: 'closed',
      answers: { gender: { code: 'non_binary', label: 'Non-binary', description: null } },
    });
    const read = await get(`${BASE}/Patient/${world.a.patientId}`, bearer);
    expect(read.statusCode).toBe(200);
    expectValid(read.json<{ resourceType: string }>());
    expect(read.json()).toMatchObject({ id: world.a.patientId, gender: 'other' });
    // A malformed id: not found, as an OperationOutcome in FHIR's media type, in words.
    const malformed = await get(`${BASE}/Patient/not-a-uuid`, bearer);
    expect(malformed.statusCode).toBe(404);
    expect(malformed.headers['content-type']).toContain('application/fhir+json');
    const outcome = malformed.json<{ issue: { diagnostics: string }[] }>();
    expect(outcome.issue[0]?.diagnostics).toBe('The id in the address is not valid: ids are UUIDs');
    const audit = await t.database.db
      .select()
      .from(auditEvents)
      .where(
        and(eq(auditEvents.action, 'fhir.read'), eq(auditEvents.patientId, world.a.patientId)),
      );
    expect(
      audit.some((r) => r.role === `api_client:${allClient}` && r.recordType === 'Patient'),
    ).toBe(true);
    // The audit log names the system as the manager registered it, not by its id.
    const manager = await new Sessions(t, world).as('manager');
    const log = textOf((await manager.get('/admin/audit')).body);
    expect(log).toContain('Shared care record (connected system)');
    expect(log).not.toContain(`api_client:${allClient}`);
  });

  it('searches every resource type, and every resource is valid R4', async () => {
    const bearer = await token(allClient);
    const counts: Record<string, number> = {};
    for (const type of [
      'Patient',
      'Practitioner',
      'PractitionerRole',
      'Location',
      'EpisodeOfCare',
      'Appointment',
      'QuestionnaireResponse',
      'Observation',
      'Flag',
    ]) {
      const res = await get(`${BASE}/${type}?_count=200`, bearer);
      expect(res.statusCode, `${type}: ${res.body}`).toBe(200);
      const bundle = res.json<Bundle>();
      expectValid(bundle);
      for (const e of bundle.entry ?? []) expectValid(e.resource);
      counts[type] = bundle.total;
    }
    // Every patient and active course the world seeds in service A (tests/support/world.ts).
    expect(counts).toMatchObject({
      Patient: 5,
      Location: 1,
      QuestionnaireResponse: 1,
      Observation: 1,
      Flag: 1,
    });
    expect(counts.Practitioner).toBeGreaterThanOrEqual(4);
  });

  it('shows a clinician only invited, who cannot sign in yet, as not active', async () => {
    const [invited] = await t.database.db
      .insert(users)
      .values({
        serviceId: t.service.id,
        email: 'invited.therapist@example.nhs.uk',
        emailNormalised: 'invited.therapist@example.nhs.uk',
        displayName: 'Ivy Invited',
        roles: ['therapist'],
        passwordHash: null,
        createdAt: t.clock.now(),
      })
      .returning();
    const bearer = await token(allClient);
    for (const type of ['Practitioner', 'PractitionerRole']) {
      const res = await get(`${BASE}/${type}/${invited!.id}`, bearer);
      expect(res.statusCode, type).toBe(200);
      expect(res.json<{ active: boolean }>().active, type).toBe(false);
    }
    // A colleague who has signed in is active.
    const joined = (await get(`${BASE}/Practitioner?_count=200`, bearer))
      .json<Bundle>()
      .entry?.filter((e) => e.resource.active === true);
    expect(joined?.length).toBeGreaterThanOrEqual(4);
  });

  it('gives the PHQ-9 total with its LOINC code, linked to the questionnaire response', async () => {
    const bearer = await token(allClient);
    const bundle = (
      await get(`${BASE}/Observation?patient=Patient/${world.a.patientId}`, bearer)
    ).json<Bundle>();
    expect(bundle.entry?.[0]?.resource).toMatchObject({
      status: 'final',
      code: { coding: [{ system: 'http://loinc.org', code: '44261-6' }] },
      valueInteger: 12,
      derivedFrom: [{ reference: `QuestionnaireResponse/${world.a.responseId}` }],
    });
  });

  it('filters by patient, status and date, and pages with next and previous links', async () => {
    const bearer = await token(allClient);
    const all = (
      await get(`${BASE}/Appointment?patient=${world.a.patientId}`, bearer)
    ).json<Bundle>();
    // The next session, last week's (attended) and one the patient cancelled.
    expect(all.total).toBe(3);
    const booked = (
      await get(`${BASE}/Appointment?patient=${world.a.patientId}&status=booked`, bearer)
    ).json<Bundle>();
    expect(booked.total).toBe(1);
    const today = t.clock.now().toISOString().slice(0, 10);
    const fromToday = (
      await get(`${BASE}/Appointment?patient=${world.a.patientId}&date=ge${today}`, bearer)
    ).json<Bundle>();
    expect(fromToday.total).toBe(1);
    const range = (
      await get(`${BASE}/Appointment?date=ge2000-01&date=lt2000-02`, bearer)
    ).json<Bundle>();
    expect(range.total).toBe(0);

    const first = (
      await get(`${BASE}/Appointment?patient=${world.a.patientId}&_count=2`, bearer)
    ).json<Bundle>();
    expect(first.entry).toHaveLength(2);
    const next = first.link.find((l) => l.relation === 'next')?.url;
    expect(next).toContain('_offset=2');
    expect(first.link.some((l) => l.relation === 'previous')).toBe(false);
    const second = (
      await get(new URL(next!).pathname + new URL(next!).search, bearer)
    ).json<Bundle>();
    expect(second.entry).toHaveLength(1);
    expect(first.entry?.map((e) => e.resource.id)).not.toContain(second.entry?.[0]?.resource.id);
    expect(second.link.some((l) => l.relation === 'next')).toBe(false);
    expect(second.link.find((l) => l.relation === 'previous')?.url).not.toContain('_offset');

    // `_count=0`: the total only, with no entries and no page to go on to (FHIR search 3.2.1.7).
    const totalOnly = await get(
      `${BASE}/Appointment?patient=${world.a.patientId}&_count=0`,
      bearer,
    );
    expect(totalOnly.statusCode).toBe(200);
    const counted = totalOnly.json<Bundle>();
    expect(counted.total).toBe(3);
    expect(counted).not.toHaveProperty('entry');
    expect(counted.link.map((l) => l.relation)).toEqual(['self']);
    expect(counted.link[0]?.url).toContain('_count=0');

    const lastUpdated = (
      await get(`${BASE}/Patient?_lastUpdated=gt2100-01-01`, bearer)
    ).json<Bundle>();
    expect(lastUpdated.total).toBe(0);
  });

  it('searches on computed update times and registration numbers', async () => {
    const bearer = await token(allClient);
    const total = async (q: string) => (await get(`${BASE}/${q}`, bearer)).json<Bundle>().total;
    expect(await total('Flag?status=active&_lastUpdated=ge2026-11-25')).toBe(1);
    expect(await total('Flag?status=inactive')).toBe(0);
    expect(await total('Practitioner?_lastUpdated=lt2000-01-01')).toBe(0);
    expect(await total('EpisodeOfCare?status=active&_lastUpdated=le2026-11-25')).toBe(3);
    const hcpc = (
      await get(
        `${BASE}/Practitioner?identifier=https://fhir.hl7.org.uk/Id/hcpc-number|PYL999`,
        bearer,
      )
    ).json<Bundle>();
    expect(hcpc.entry?.map((e) => e.resource.id)).toEqual([world.a.userIds.trainee]);
  });

  it('answers a bad or unknown search parameter with a 400 OperationOutcome', async () => {
    const bearer = await token(allClient);
    for (const q of [
      'Appointment?status=lost',
      'Appointment?date=yesterday',
      'Patient?name=Taylor',
      'Observation?patient=nobody',
      'Flag?_count=many',
    ]) {
      const res = await get(`${BASE}/${q}`, bearer);
      expect(res.statusCode, q).toBe(400);
      expect(res.json<{ resourceType: string }>().resourceType).toBe('OperationOutcome');
    }
  });

  it('gathers one patient with $everything, within the scopes of the token', async () => {
    const bearer = await token(allClient);
    const res = await get(`${BASE}/Patient/${world.a.patientId}/$everything`, bearer);
    expect(res.statusCode).toBe(200);
    const bundle = res.json<Bundle>();
    expectValid(bundle);
    const types = new Set(bundle.entry?.map((e) => e.resource.resourceType));
    for (const type of [
      'Patient',
      'EpisodeOfCare',
      'Appointment',
      'QuestionnaireResponse',
      'Observation',
      'Flag',
      'Practitioner',
    ])
      expect(types, type).toContain(type);
    const subjects = bundle.entry
      ?.map((e) => (e.resource.subject ?? e.resource.patient) as { reference: string } | undefined)
      .filter((r) => r !== undefined)
      .map((r) => r.reference);
    expect(new Set(subjects)).toEqual(new Set([`Patient/${world.a.patientId}`]));

    const narrow = await token(patientOnlyClient, 'system/Patient.read');
    const only = (
      await get(`${BASE}/Patient/${world.a.patientId}/$everything`, narrow)
    ).json<Bundle>();
    expect(only.entry?.map((e) => e.resource.resourceType)).toEqual(['Patient']);
  });

  it('refuses a filter on $everything or a read rather than sending the whole record', async () => {
    const bearer = await token(allClient);
    for (const q of [
      `Patient/${world.a.patientId}/$everything?_type=Patient`,
      `Patient/${world.a.patientId}/$everything?_since=2099-01-01`,
      `Patient/${world.a.patientId}/$everything?start=2099-01-01`,
      `Patient/${world.a.patientId}?_elements=id`,
    ]) {
      const res = await get(`${BASE}/${q}`, bearer);
      expect(res.statusCode, q).toBe(400);
      const outcome = res.json<{ resourceType: string; issue: { diagnostics: string }[] }>();
      expect(outcome.resourceType).toBe('OperationOutcome');
      expect(outcome.issue[0]?.diagnostics, q).toMatch(/^Unsupported parameter/);
    }
    const json = await get(`${BASE}/Patient/${world.a.patientId}/$everything?_format=json`, bearer);
    expect(json.statusCode).toBe(200);
  });

  it('refuses a resource type the token has no scope for (403), and a missing token (401)', async () => {
    const narrow = await token(patientOnlyClient, 'system/Patient.read');
    const res = await get(`${BASE}/Observation`, narrow);
    expect(res.statusCode).toBe(403);
    expect(String(res.headers['www-authenticate'])).toContain('insufficient_scope');
    expect((await get(`${BASE}/Patient`, narrow)).statusCode).toBe(200);
    expect((await t.app.inject({ url: `${BASE}/Patient` })).statusCode).toBe(401);
  });

  it("never shows another service's records: reads answer 404, searches leave them out", async () => {
    const bearer = await token(allClient);
    for (const url of [
      `Patient/${world.b.patientId}`,
      `Appointment/${world.b.appointmentId}`,
      `EpisodeOfCare/${world.b.courseId}`,
      `Observation/${world.b.responseId}`,
      `Location/${world.b.locationId}`,
      `Patient/${world.b.patientId}/$everything`,
    ]) {
      const res = await get(`${BASE}/${url}`, bearer);
      expect(res.statusCode, url).toBe(404);
      expect(res.json<{ resourceType: string }>().resourceType).toBe('OperationOutcome');
    }
    const search = (
      await get(`${BASE}/Appointment?patient=${world.b.patientId}`, bearer)
    ).json<Bundle>();
    expect(search.total).toBe(0);
  });

  it('stops a switched-off client at once, even with a token it already holds', async () => {
    const manager = await new Sessions(t, world).as('manager');
    const extra = await t.database.db
      .insert(apiClients)
      .values({
        serviceId: t.service.id,
        name: 'Short-lived',
        scopes: ['system/*.read'],
        jwks: { keys: [key.publicJwk as { kty: string }] },
        createdAt: t.clock.now(),
        createdBy: world.a.userIds.manager,
      })
      .returning();
    const id = extra[0]!.id;
    const bearer = await token(id);
    expect((await get(`${BASE}/Patient`, bearer)).statusCode).toBe(200);
    await manager.get('/admin/api-clients');
    const off = await manager.post(`/admin/api-clients/${id}/deactivate`, {});
    expect(off.statusCode).toBe(303);
    expect((await get(`${BASE}/Patient`, bearer)).statusCode).toBe(401);
    expect((await tokenRequest(await assertion(id), 'system/*.read')).statusCode).toBe(401);
  });
});

describe('registering clients', () => {
  it('refuses a private key and missing answers, keeping what was typed', async () => {
    const manager = await new Sessions(t, world).as('manager');
    await manager.get('/admin/api-clients/new');
    const { privateKey } = await generateKeyPair('ES384', { extractable: true });
    const res = await manager.post('/admin/api-clients/new', {
      name: 'Leaky',
      scopes: ['system/Patient.read'],
      jwks: JSON.stringify(await exportJWK(privateKey)),
    });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('private key');
    expect(res.body).toContain('Leaky');
    const empty = await manager.post('/admin/api-clients/new', { name: '', jwks: '' });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('Select what the system may read');
  });

  it('is for service managers only', async () => {
    const therapist = await new Sessions(t, world).as('therapist');
    expect((await therapist.get('/admin/api-clients')).statusCode).toBe(403);
  });
});
