import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { formSubmissions, messageThreads, riskAlerts } from '../../src/db/schema';
import { TestClient } from '../support/client';
import { insertPatient } from '../support/fixtures';
import { createTestApp, createUser, TEST_PASSWORD, type TestApp } from '../support/test-app';

/** A form pressed twice makes one change (ADR 0039): walk 4 found eleven forms that made two. */
let t: TestApp;
let patientId: string;

const ASK = {
  to: 'therapist',
  subject: 'About Thursday',
  message: 'I want to kill myself tonight.',
};

async function signedIn(email: string) {
  const client = new TestClient(t.app);
  expect((await client.signIn(email, TEST_PASSWORD)).statusCode).toBe(303);
  return client;
}

/** The form's one-time key, as a browser would send it back. */
async function onceOf(client: TestClient, url: string): Promise<string> {
  const page = await client.get(url);
  const once = /name="_once" value="([^"]+)"/.exec(page.body)?.[1];
  if (!once) throw new Error(`${url} has no one-time key`);
  return once;
}

const threads = async () =>
  t.database.db.select().from(messageThreads).where(eq(messageThreads.patientId, patientId));
const alerts = async () =>
  t.database.db.select().from(riskAlerts).where(eq(riskAlerts.patientId, patientId));

beforeAll(async () => {
  t = await createTestApp({ now: '2026-11-25T10:00:00Z' });
  const tess = await createUser(t, 'tess@example.nhs.uk', ['therapist'], 'Tess Therapist');
  const alice = await createUser(t, 'alice@example.com', ['patient'], 'Alice');
  patientId = (
    await insertPatient(t, {
      givenName: 'Alice',
      familyName: 'Ames',
      userId: alice.id,
      responsibleClinicianId: tess.id,
      email: 'alice@example.com',
      allowEmail: true,
    })
  ).id;
});
afterAll(async () => t.close());

describe('a form sent twice', () => {
  it('makes one question and one risk alert, the second press going where the first went', async () => {
    const alice = await signedIn('alice@example.com');
    const once = await onceOf(alice, '/messages/ask');
    const first = await alice.post('/messages/ask', { ...ASK, _once: once });
    expect(first.statusCode).toBe(303);
    const second = await alice.post('/messages/ask', { ...ASK, _once: once });
    expect(second.statusCode).toBe(303);
    expect(second.headers.location).toBe(first.headers.location);
    expect(await threads()).toHaveLength(1);
    expect(await alerts()).toHaveLength(1);
  });

  it('makes one when both presses arrive at once', async () => {
    const alice = await signedIn('alice@example.com');
    const before = (await threads()).length;
    const once = await onceOf(alice, '/messages/ask');
    const [a, b] = await Promise.all([
      alice.post('/messages/ask', { ...ASK, subject: 'Twice at once', _once: once }),
      alice.post('/messages/ask', { ...ASK, subject: 'Twice at once', _once: once }),
    ]);
    expect([a.statusCode, b.statusCode]).toEqual([303, 303]);
    expect(a.headers.location).toBe(b.headers.location);
    expect((await threads()).length).toBe(before + 1);
  });

  it('is sent afresh with other answers, or after a form with errors', async () => {
    const alice = await signedIn('alice@example.com');
    const before = (await threads()).length;
    const once = await onceOf(alice, '/messages/ask');
    // Errors store nothing: the same key with the mistake put right goes through.
    const wrong = await alice.post('/messages/ask', { ...ASK, message: '', _once: once });
    expect(wrong.statusCode).toBe(400);
    const right = await alice.post('/messages/ask', { ...ASK, subject: 'One', _once: once });
    expect(right.statusCode).toBe(303);
    // The same page sent again with different words is a new question, not a repeat.
    const other = await alice.post('/messages/ask', { ...ASK, subject: 'Two', _once: once });
    expect(other.statusCode).toBe(303);
    expect(other.headers.location).not.toBe(right.headers.location);
    expect((await threads()).length).toBe(before + 2);
    // What is kept is the key, a hash and where it led: never the answers.
    const kept = await t.database.db.select().from(formSubmissions);
    expect(JSON.stringify(kept)).not.toContain('kill myself');
  });

  it('goes where the first press went when the second is refused only because of the first (walk 6)', async () => {
    const [alert] = await t.database.db
      .insert(riskAlerts)
      .values({
        serviceId: t.service.id,
        source: 'questionnaire',
        reason: 'PHQ-9 question 9 answered',
        patientId,
        raisedAt: t.clock.now(),
      })
      .returning();
    const tess = await signedIn('tess@example.nhs.uk');
    const url = `/staff/risk/${alert!.id}`;
    const once = await onceOf(tess, url);
    // A colleague's page, opened at the same time: its own key.
    const colleagues = await onceOf(tess, url);
    const close = { actionTaken: 'Phoned Alice; safe tonight.', outcome: 'closed', _once: once };
    const first = await tess.post(url, close);
    expect(first.statusCode).toBe(303);
    // Without the key this would be "already closed … your text was not saved" (409).
    const second = await tess.post(url, close);
    expect(second.statusCode).toBe(303);
    expect(second.headers.location).toBe(first.headers.location);
    // A colleague's own press, with its own key, is still told it was closed before them.
    const other = await tess.post(url, { ...close, _once: colleagues });
    expect(other.statusCode).toBe(409);
  });
});
