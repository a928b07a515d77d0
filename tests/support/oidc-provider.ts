import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportJWK, exportPKCS8, generateKeyPair } from 'jose';
import Provider from 'oidc-provider';

/**
 * A real OpenID provider (oidc-provider) on 127.0.0.1, standing in for NHS login and for a staff
 * single sign-on (CIS2 or Entra ID) in tests. Nothing leaves the machine. Its sign-in page is a
 * plain form: type the id of one of the test accounts.
 */
export type TestAccountClaims = Record<string, unknown>;

export const NHS_LOGIN_CLIENT = 'rapport-nhs-login';
export const STAFF_CLIENT = 'rapport-staff';
export const STAFF_SECRET = 'staff-client-secret-for-tests-only';
/** Short, so a test can move the app's clock past an ID token's expiry. */
export const ID_TOKEN_TTL_SECONDS = 120;

export interface TestOidcProvider {
  issuer: string;
  /** Environment for loadConfig: both providers configured against this one issuer. */
  env: Record<string, string>;
  /**
   * Plays the browser at the provider: follows the authorization URL, signs in as `accountId`
   * and returns the callback URL (with code, state and iss) the provider sends back to.
   */
  login(authorizationUrl: string, accountId: string): Promise<URL>;
  /** One browser with its own cookies at the provider, kept across sign-in and sign-out. */
  browser(): TestProviderBrowser;
  close(): Promise<void>;
}

export interface TestProviderBrowser {
  /** As `login`, in this browser: afterwards the provider remembers the person here. */
  login(authorizationUrl: string, accountId: string): Promise<URL>;
  /**
   * Follows a URL at the provider as a browser would, without signing in, answering "Yes, sign
   * me out" if asked. Returns where it ends: back at the app, or the provider's sign-in page.
   */
  visit(url: string): Promise<URL>;
}

export async function startTestOidcProvider(options: {
  appUrl: string;
  accounts: Record<string, TestAccountClaims>;
}): Promise<TestOidcProvider> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('provider did not listen');
  const issuer = `http://127.0.0.1:${address.port}`;

  // NHS login's client authenticates with private_key_jwt (RS512), as NHS login requires.
  const clientKeys = await generateKeyPair('RS512', { extractable: true });
  const dir = mkdtempSync(join(tmpdir(), 'rapport-oidc-'));
  const keyPath = join(dir, 'nhs-login-client.pem');
  writeFileSync(keyPath, await exportPKCS8(clientKeys.privateKey), { mode: 0o600 });
  const clientPublicJwk = { ...(await exportJWK(clientKeys.publicKey)), alg: 'RS512', use: 'sig' };
  const signing = await generateKeyPair('RS256', { extractable: true });
  const signingJwk = {
    ...(await exportJWK(signing.privateKey)),
    alg: 'RS256',
    use: 'sig',
    kid: 't1',
  };

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: NHS_LOGIN_CLIENT,
        redirect_uris: [`${options.appUrl}/sign-in/nhs-login/callback`],
        post_logout_redirect_uris: [`${options.appUrl}/sign-out`],
        token_endpoint_auth_method: 'private_key_jwt',
        token_endpoint_auth_signing_alg: 'RS512',
        jwks: { keys: [clientPublicJwk] },
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
      {
        client_id: STAFF_CLIENT,
        client_secret: STAFF_SECRET,
        redirect_uris: [`${options.appUrl}/sign-in/staff/callback`],
        post_logout_redirect_uris: [`${options.appUrl}/sign-out`],
        token_endpoint_auth_method: 'client_secret_post',
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    jwks: { keys: [signingJwk] },
    enabledJWA: { clientAuthSigningAlgValues: ['RS256', 'RS512', 'PS256', 'ES256'] },
    cookies: { keys: ['test-provider-cookie-key-0123456789'] },
    claims: {
      openid: ['sub'],
      profile: ['given_name', 'family_name', 'birthdate', 'nhs_number', 'identity_proofing_level'],
      email: ['email', 'email_verified'],
      roles: ['roles'],
    },
    scopes: ['openid', 'profile', 'email', 'roles'],
    features: { devInteractions: { enabled: false } },
    pkce: { required: () => true },
    ttl: { IdToken: ID_TOKEN_TTL_SECONDS, AuthorizationCode: 60, AccessToken: 300, Session: 600 },
    interactions: {
      url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}`,
    },
    findAccount: (_ctx: unknown, id: string) => {
      const claims = options.accounts[id];
      if (!claims) return undefined;
      return { accountId: id, claims: () => ({ sub: id, ...claims }) };
    },
    // Consent is not what these tests are about: every scope the client asks for is granted.
    loadExistingGrant: async (ctx: {
      oidc: {
        provider: { Grant: GrantClass };
        client: { clientId: string };
        session: { accountId?: string; grantIdFor(clientId: string): string | undefined };
        params: { scope?: string };
      };
    }) => {
      const { oidc } = ctx;
      const accountId = oidc.session.accountId;
      if (!accountId) return undefined;
      const existing = oidc.session.grantIdFor(oidc.client.clientId);
      if (existing) {
        const found = await oidc.provider.Grant.find(existing);
        if (found) return found;
      }
      const grant = new oidc.provider.Grant({ clientId: oidc.client.clientId, accountId });
      grant.addOIDCScope(oidc.params.scope ?? 'openid');
      await grant.save();
      return grant;
    },
  });
  const handle = provider.callback();

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    if (req.url?.startsWith('/interaction/')) {
      void interaction(provider, options.accounts, req, res).catch((error: unknown) => {
        res.statusCode = 500;
        res.end(String(error));
      });
      return;
    }
    handle(req, res);
  });

  const browser = (): TestProviderBrowser => {
    const jar = new Map<string, string>();
    const send = async (url: string, init: RequestInit = {}) => {
      const headers = new Headers(init.headers);
      headers.set('cookie', [...jar].map(([k, v]) => `${k}=${v}`).join('; '));
      const res = await fetch(url, { ...init, headers, redirect: 'manual' });
      for (const c of res.headers.getSetCookie()) {
        const [pair] = c.split(';');
        const eq = pair?.indexOf('=') ?? -1;
        if (pair && eq > 0) jar.set(pair.slice(0, eq), pair.slice(eq + 1));
      }
      const location = res.headers.get('location');
      const body = await res.text();
      return { next: location ? new URL(location, url) : null, body };
    };
    const postForm = (url: string, fields: Record<string, string>) =>
      send(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(fields).toString(),
      });
    const login = async (authorizationUrl: string, accountId: string): Promise<URL> => {
      let { next } = await send(authorizationUrl);
      for (let hop = 0; next && hop < 6; hop++) {
        if (next.href.startsWith(options.appUrl)) return next;
        if (next.pathname.startsWith('/interaction/'))
          ({ next } = await postForm(next.href, { login: accountId }));
        else ({ next } = await send(next.href));
      }
      throw new Error(`the provider did not send the browser back to ${options.appUrl}`);
    };
    const visit = async (url: string): Promise<URL> => {
      let at = new URL(url);
      for (let hop = 0; hop < 6; hop++) {
        if (at.href.startsWith(options.appUrl) || at.pathname.startsWith('/interaction/'))
          return at;
        const { next, body } = await send(at.href);
        // The provider's "Do you want to sign out?" page: answer yes, as the person would.
        const form =
          /<form id="op\.logoutForm" method="post" action="([^"]+)">[\s\S]*?name="xsrf" value="([^"]+)"/.exec(
            body,
          );
        const answered = form
          ? await postForm(new URL(form[1] ?? '', at).href, { xsrf: form[2] ?? '', logout: 'yes' })
          : null;
        const then = answered ? answered.next : next;
        if (!then) return at;
        at = then;
      }
      throw new Error(`too many redirects from ${url}`);
    };
    return { login, visit };
  };

  const login = (authorizationUrl: string, accountId: string) =>
    browser().login(authorizationUrl, accountId);

  return {
    issuer,
    env: {
      NHS_LOGIN_ISSUER: issuer,
      NHS_LOGIN_CLIENT_ID: NHS_LOGIN_CLIENT,
      NHS_LOGIN_PRIVATE_KEY_PATH: keyPath,
      NHS_LOGIN_PRIVATE_KEY_ALG: 'RS512',
      STAFF_OIDC_ISSUER: issuer,
      STAFF_OIDC_CLIENT_ID: STAFF_CLIENT,
      STAFF_OIDC_CLIENT_SECRET: STAFF_SECRET,
      STAFF_OIDC_NAME: 'NHS Care Identity',
    },
    login,
    browser,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => {
          if (error) reject(error);
          else resolve();
        });
      }),
  };
}

interface GrantInstance {
  addOIDCScope(scope: string): void;
  save(): Promise<string>;
}
interface GrantClass {
  new (init: { clientId: string; accountId: string }): GrantInstance;
  find(id: string): Promise<GrantInstance | undefined>;
}

const escape = (s: string) =>
  s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c);

/** The provider's own sign-in page: a form naming the test account to sign in as. */
async function interaction(
  provider: Provider,
  accounts: Record<string, TestAccountClaims>,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const details = await provider.interactionDetails(req, res);
  if (req.method === 'POST') {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const login = new URLSearchParams(Buffer.concat(chunks).toString()).get('login') ?? '';
    if (accounts[login]) {
      await provider.interactionFinished(
        req,
        res,
        { login: { accountId: login } },
        { mergeWithLastSubmission: false },
      );
      return;
    }
  }
  res.setHeader('content-type', 'text/html; charset=utf-8');
  res.end(`<!doctype html><html lang="en"><head><title>Test provider: sign in</title></head>
<body><main><h1>Test provider</h1>
<form method="post" action="/interaction/${escape(details.uid)}">
<label for="login">Test account</label> <input id="login" name="login" autocomplete="off">
<button type="submit">Sign in at the provider</button></form></main></body></html>`);
}
