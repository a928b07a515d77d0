import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notebookNotes } from '../../src/db/schema';
import { OTHER_IDLE_MS } from '../../src/platform/session';
import { TestClient, textOf } from '../support/client';
import { insertPatient } from '../support/fixtures';
import { createTestApp, createUser, TEST_PASSWORD, type TestApp } from '../support/test-app';

/**
 * A form sent after the session ended (ADR 0043): nothing is saved, the page says so, shows back
 * what was typed (escaped, never a password or the form's own fields) and leads back to the form.
 */
let t: TestApp;
const EMAIL = 'taylor@example.com';
const NEXT = `/sign-in?next=${encodeURIComponent('/notebook/notes/new')}`;

beforeAll(async () => {
  t = await createTestApp();
  const user = await createUser(t, EMAIL, ['patient'], 'Taylor');
  await insertPatient(t, { givenName: 'Taylor', familyName: 'Reed', userId: user.id });
});
afterAll(async () => t.close());

/** A patient on the new-note page who then leaves it longer than the idle time-out. */
async function signedOutOnNotePage(): Promise<TestClient> {
  const c = new TestClient(t.app);
  expect((await c.signIn(EMAIL, TEST_PASSWORD)).statusCode).toBe(303);
  expect((await c.get('/notebook/notes/new')).statusCode).toBe(200);
  t.clock.advance(OTHER_IDLE_MS + 60_000);
  return c;
}

const NOTE =
  'I felt low after the call with my sister.\nShe said <script>alert("x")</script> & "never" again.';

describe('a form sent after the session ended', () => {
  it('is not saved, says so, and shows back what was typed, escaped', async () => {
    const c = await signedOutOnNotePage();
    const res = await c.post('/notebook/notes/new', {
      title: 'After the call',
      body: NOTE,
      folder: 'none',
      password: 'hunter2 is my password',
    });
    expect(res.statusCode).toBe(401);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['content-security-policy']).toBeDefined();
    const text = textOf(res.body);
    expect(text).toContain('You have been signed out');
    expect(text).toContain('signed out after a time without activity');
    expect(text).toContain('What you sent was not saved');
    // What was typed, in read-only boxes named for their fields, every character escaped.
    expect(res.body).toMatch(
      /<label[^>]*>Title<\/label><textarea[^>]*readonly[^>]*>After the call<\/textarea>/iu,
    );
    expect(res.body).toContain('After the call');
    expect(res.body).toContain(
      'She said &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &quot;never&quot; again.',
    );
    expect(res.body).not.toContain('<script>alert');
    expect(res.body).not.toContain('hunter2');
    // Neither the form's own fields nor its choices are shown as "what you wrote".
    expect(res.body).not.toMatch(/<label[^>]*>(Csrf|Once|Folder|Password)</u);
    // The way back to the form, and the crisis links every page has.
    expect(res.body).toContain(`href="${NEXT}"`);
    expect(text).toContain('Sign in again');
    expect(text).toContain('Get help now');
    expect(text).toContain('999');
    expect(await t.database.db.select().from(notebookNotes)).toEqual([]);

    // Signing in again from that link goes back to the form, where the note can be sent.
    const signIn = await c.get(NEXT);
    expect(signIn.statusCode).toBe(200);
    const back = await c.post('/sign-in', {
      email: EMAIL,
      password: TEST_PASSWORD,
      next: '/notebook/notes/new',
    });
    expect(back.statusCode).toBe(303);
    expect(back.headers.location).toBe('/notebook/notes/new');
    await c.get('/notebook/notes/new');
    const saved = await c.post('/notebook/notes/new', {
      title: 'After the call',
      body: NOTE,
      folder: 'none',
    });
    expect(saved.statusCode).toBe(303);
    expect(await t.database.db.select().from(notebookNotes)).toHaveLength(1);
  });

  it('with nothing typed at length, still says nothing was saved', async () => {
    const c = await signedOutOnNotePage();
    const res = await c.post('/notebook/notes/new', { title: '', body: 'ok', folder: 'none' });
    expect(res.statusCode).toBe(401);
    const text = textOf(res.body);
    expect(text).toContain('What you sent was not saved');
    expect(text).not.toContain('What you wrote');
    expect(res.body).not.toContain('<textarea');
    expect(res.body).toContain(`href="${NEXT}"`);
  });

  it('with words of crisis in a message, shows help now first: nobody has read it (H18, walk 11)', async () => {
    const c = await signedOutOnNotePage();
    const worried = await c.post('/messages/ask', {
      to: 'service',
      subject: 'This week',
      message: 'I keep thinking about ending it all.',
    });
    expect(worried.statusCode).toBe(401);
    const text = textOf(worried.body);
    const help = text.indexOf('Please do not wait');
    expect(help).toBeGreaterThan(-1);
    expect(help).toBeLessThan(text.indexOf('What you sent was not saved'));
    expect(text).toContain('It could not be sent, so nobody has read it yet.');
    expect(text).toContain('116 123');
    // The same in a reason to change an appointment; a message without such words, as before.
    const reason = await c.post(`/appointments/${crypto.randomUUID()}/cancel`, {
      reason: 'I want to kill myself',
    });
    expect(textOf(reason.body)).toContain('Please do not wait');
    const calm = await c.post('/messages/ask', {
      to: 'service',
      subject: 'This week',
      message: 'Can we move Tuesday?',
    });
    expect(calm.statusCode).toBe(401);
    expect(textOf(calm.body)).not.toContain('Please do not wait');
  });

  it('shows nothing back for a post this site did not make (no form token)', async () => {
    const stranger = new TestClient(t.app);
    const res = await stranger.post(
      '/notebook/notes/new',
      { title: 'Call 0800 000 000 now', body: 'Text another site chose to show here' },
      { csrf: false },
    );
    expect(res.statusCode).toBe(403);
    expect(res.body).not.toContain('another site chose');
    expect(res.body).not.toContain('<textarea');
  });

  it('still sends a page asked for after the time-out to sign in, then back', async () => {
    const c = await signedOutOnNotePage();
    const res = await c.get('/notebook/notes/new?folder=none');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(
      `/sign-in?next=${encodeURIComponent('/notebook/notes/new?folder=none')}`,
    );
  });
});
