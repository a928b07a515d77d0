import { readFile } from 'node:fs/promises';
import { importPKCS8 } from 'jose';
import * as client from 'openid-client';
import type { OidcProviderConfig } from '../../config';
import type { Clock } from '../../platform/clock';

/** What the redirect out to the provider needs to be checked on the way back. */
export interface OidcChecks {
  state: string;
  nonce: string;
  codeVerifier: string;
}

export type OidcResult =
  | { ok: true; issuer: string; subject: string; claims: Readonly<Record<string, unknown>> }
  | { ok: false; reason: string };

/** How long signing out waits for a provider it has not reached since the app started. */
const END_SESSION_WAIT_MS = 3_000;

/**
 * One configured OpenID provider, through openid-client (authorization code with PKCE, state and
 * nonce). Discovery runs on first use and again after a failure, so a provider that is down at
 * start-up does not stop the app. Each callback builds its own Configuration so the protocol checks
 * (token expiry, issued-at) use the app's clock, which tests move.
 */
export class OidcClient {
  #server: Promise<client.ServerMetadata> | null = null;
  #auth: Promise<client.ClientAuth> | null = null;
  #jwks: client.ExportedJWKSCache | undefined;

  constructor(
    readonly config: OidcProviderConfig,
    private readonly clock: Clock,
  ) {}

  get insecure(): boolean {
    return new URL(this.config.issuer).protocol === 'http:';
  }

  private clientAuth(): Promise<client.ClientAuth> {
    const auth = this.config.auth;
    this.#auth ??=
      auth.method === 'private_key_jwt'
        ? readFile(auth.keyPath, 'utf8')
            .then((pem) => importPKCS8(pem, auth.alg))
            .then((key) => client.PrivateKeyJwt(key))
        : Promise.resolve(client.ClientSecretPost(auth.secret));
    this.#auth.catch(() => (this.#auth = null));
    return this.#auth;
  }

  private serverMetadata(): Promise<client.ServerMetadata> {
    this.#server ??= this.clientAuth()
      .then((auth) =>
        client.discovery(
          new URL(this.config.issuer),
          this.config.clientId,
          undefined,
          auth,
          // Plain http only for an issuer on this machine (config refuses it elsewhere): tests.
          // eslint-disable-next-line @typescript-eslint/no-deprecated
          this.insecure ? { execute: [client.allowInsecureRequests] } : undefined,
        ),
      )
      .then((c) => c.serverMetadata());
    this.#server.catch(() => (this.#server = null));
    return this.#server;
  }

  private async configuration(): Promise<client.Configuration> {
    const [server, auth] = await Promise.all([this.serverMetadata(), this.clientAuth()]);
    const skew = Math.round((this.clock.now().getTime() - Date.now()) / 1000);
    const c = new client.Configuration(
      server,
      this.config.clientId,
      { [client.clockSkew]: skew },
      auth,
    );
    // eslint-disable-next-line @typescript-eslint/no-deprecated
    if (this.insecure) client.allowInsecureRequests(c);
    if (this.#jwks) client.setJwksCache(c, this.#jwks);
    return c;
  }

  /**
   * Where to send the browser so that its session at the provider ends too, coming back to
   * `returnTo` (which the provider must have registered). Null when that is switched off
   * (`*_END_SESSION=false`, until the URL is registered), when the provider has no
   * end-session endpoint, when that endpoint is not on the issuer's origin (the only other origin
   * the sign-out form may lead to, by the pages' Content-Security-Policy), or when the provider
   * does not answer in time: signing out of Rapport never waits on the provider.
   */
  async endSessionUrl(returnTo: string): Promise<string | null> {
    if (!this.config.endSession) return null;
    let timer: NodeJS.Timeout | undefined;
    const gaveUp = new Promise<null>((resolve) => {
      timer = setTimeout(() => {
        resolve(null);
      }, END_SESSION_WAIT_MS);
    });
    try {
      const c = await Promise.race([this.configuration(), gaveUp]);
      const endpoint = c?.serverMetadata().end_session_endpoint;
      if (!c || !endpoint || new URL(endpoint).origin !== new URL(this.config.issuer).origin)
        return null;
      return client.buildEndSessionUrl(c, { post_logout_redirect_uri: returnTo }).href;
    } catch {
      return null;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Fresh one-use values for a sign-in, and the provider address to send the browser to. */
  async start(extra: Record<string, string> = {}): Promise<{ url: string; checks: OidcChecks }> {
    const c = await this.configuration();
    const checks = {
      state: client.randomState(),
      nonce: client.randomNonce(),
      codeVerifier: client.randomPKCECodeVerifier(),
    };
    const url = client.buildAuthorizationUrl(c, {
      redirect_uri: this.config.redirectUrl,
      scope: this.config.scopes,
      response_type: 'code',
      state: checks.state,
      nonce: checks.nonce,
      code_challenge: await client.calculatePKCECodeChallenge(checks.codeVerifier),
      code_challenge_method: 'S256',
      ...extra,
    });
    return { url: url.href, checks };
  }

  /**
   * Exchanges the code from the callback's query for tokens, checks the ID token (signature,
   * issuer, audience, expiry, nonce) and returns its claims with the UserInfo claims beside them.
   */
  async finish(query: URLSearchParams, checks: OidcChecks): Promise<OidcResult> {
    try {
      const c = await this.configuration();
      const current = new URL(this.config.redirectUrl);
      current.search = query.toString();
      const tokens = await client.authorizationCodeGrant(c, current, {
        expectedState: checks.state,
        expectedNonce: checks.nonce,
        pkceCodeVerifier: checks.codeVerifier,
        idTokenExpected: true,
      });
      this.#jwks = client.getJwksCache(c);
      const idToken = tokens.claims();
      if (!idToken) return { ok: false, reason: 'no ID token' };
      const userInfo = c.serverMetadata().userinfo_endpoint
        ? await client.fetchUserInfo(c, tokens.access_token, idToken.sub)
        : {};
      // The signed ID token wins where both say something.
      return {
        ok: true,
        issuer: idToken.iss,
        subject: idToken.sub,
        claims: { ...userInfo, ...idToken },
      };
    } catch (error) {
      return { ok: false, reason: describeError(error) };
    }
  }
}

/** A short, log-safe description of why the provider's answer was refused (for the audit row). */
function describeError(error: unknown): string {
  if (!(error instanceof Error)) return 'unknown error';
  const e = error as Error & { code?: unknown; error?: unknown };
  const code = typeof e.error === 'string' ? e.error : typeof e.code === 'string' ? e.code : e.name;
  // openid-client wraps the precise reason (which claim, e.g. "exp": an expired token) as cause.
  const cause = e.cause instanceof Error ? ` (${e.cause.message})` : '';
  return `${code}: ${e.message}${cause}`.slice(0, 300);
}
