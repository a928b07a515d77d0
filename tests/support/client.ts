import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { totpCode } from '../../src/features/auth/second-factor';
import type { OidcKind } from '../../src/db/schema';
import { createSession, sessionCookieName } from '../../src/platform/session';
import { testPasskeyAssertion } from './second-factor';
import type { TestApp } from './test-app';

/** A tiny browser for app.inject: keeps cookies and the latest CSRF token from pages it saw. */
export class TestClient {
  cookies = new Map<string, string>();
  csrf: string | null = null;
  ip = '127.0.0.1';

  /** `host` picks the service (tenancy by host name); unset, the default service answers. */
  constructor(
    private readonly app: FastifyInstance,
    private readonly host?: string,
  ) {}

  private cookieHeader(): Record<string, string> {
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    return this.host ? { cookie, host: this.host } : { cookie };
  }

  private remember(res: LightMyRequestResponse): void {
    for (const c of res.cookies as {
      name: string;
      value: string;
      maxAge?: number;
      expires?: Date;
    }[]) {
      const expired =
        c.maxAge === 0 || (c.expires && c.expires.getTime() < Date.now() - 1000) || c.value === '';
      if (expired) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    const m = /name="_csrf" value="([^"]+)"/.exec(res.body);
    if (m?.[1]) this.csrf = m[1];
  }

  /** Gets a page; `headers` adds what a browser would send besides the cookie (a Referer, say). */
  async get(url: string, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    const res = await this.app.inject({
      method: 'GET',
      url,
      headers: { ...headers, ...this.cookieHeader() },
      remoteAddress: this.ip,
    });
    this.remember(res);
    return res;
  }

  /** Posts a form; adds the CSRF token from the last page unless `csrf: false`. */
  async post(
    url: string,
    form: Record<string, string | string[]>,
    opts: { csrf?: boolean } = {},
  ): Promise<LightMyRequestResponse> {
    const body = new URLSearchParams();
    for (const [k, v] of Object.entries(form))
      for (const item of Array.isArray(v) ? v : [v]) body.append(k, item);
    if (opts.csrf !== false && !('_csrf' in form) && this.csrf) body.append('_csrf', this.csrf);
    const res = await this.app.inject({
      method: 'POST',
      url,
      payload: body.toString(),
      headers: { ...this.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' },
      remoteAddress: this.ip,
    });
    this.remember(res);
    return res;
  }

  /**
   * Signs in; for staff, completes the second step with the test passkey (tests/support/
   * second-factor.ts) and answers what that last step answered.
   */
  async signIn(email: string, password: string): Promise<LightMyRequestResponse> {
    await this.get('/sign-in');
    const res = await this.post('/sign-in', { email, password });
    const location = res.headers.location;
    if (res.statusCode !== 303 || typeof location !== 'string') return res;
    if (!location.startsWith('/sign-in/second-step')) return res;
    return this.completeSecondStep(location);
  }

  /** The second step with the test passkey, from the page at `location`. */
  async completeSecondStep(location = '/sign-in/second-step'): Promise<LightMyRequestResponse> {
    const page = await this.get(location);
    const options = /data-passkey-options="([^"]+)"/.exec(page.body)?.[1];
    const next = /name="next" value="([^"]*)"/.exec(page.body)?.[1] ?? '/home';
    if (!options) {
      if (!this.totp) return page;
      return this.post('/sign-in/second-step', {
        code: totpCode(this.totp.secret, this.totp.clock.now()),
        next: unescapeHtml(next),
      });
    }
    const parsed = JSON.parse(unescapeHtml(options)) as { challenge: string; rpId?: string };
    return this.post('/sign-in/passkey', {
      credential: JSON.stringify(testPasskeyAssertion(parsed, this.origin)),
      next: unescapeHtml(next),
    });
  }

  /** The address the test app believes it is at (its PUBLIC_URL): passkeys are bound to it. */
  origin = 'http://localhost:3000';

  /** For staff with an authenticator app but no passkey (the demo's): its key and the app's clock. */
  totp: { secret: string; clock: { now(): Date } } | null = null;
}

/**
 * A browser already signed in as this account: a session made directly, as signing in leaves
 * one (with a password, or through an OpenID provider when `signedInWith` says which).
 */
export async function signedInClient(
  t: TestApp,
  userId: string,
  options: { signedInWith?: OidcKind } = {},
): Promise<TestClient> {
  const token = await createSession(t.database.db, t.clock, t.service.id, userId, '127.0.0.1', {
    ...options,
  });
  const client = new TestClient(t.app);
  client.cookies.set(sessionCookieName(t.ctx.cookieSettings), token);
  return client;
}

function unescapeHtml(s: string): string {
  return s
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** The text of the page, tags removed, for readable assertions. */
export function textOf(html: string): string {
  return (
    html
      .replace(/<script[\s\S]*?<\/script>/g, '')
      // The column headings responsive tables repeat in each cell for small screens: hidden from
      // screen readers (aria-hidden), and left out here so a row reads as its values.
      .replace(/<span class="nhsuk-table-responsive__heading"[^>]*>[\s\S]*?<\/span>/g, '')
      .replace(/<[^>]+>/g, ' ')
      .replace(/&#x27;|&#39;/g, "'")
      .replace(/&quot;/g, '"')
      .replace(/&amp;/g, '&')
      .replace(/\s+/g, ' ')
  );
}
