import { randomBytes, randomUUID } from 'node:crypto';
import {
  createLocalJWKSet,
  errors as joseErrors,
  jwtVerify,
  SignJWT,
  type JSONWebKeySet,
  type JWTPayload,
} from 'jose';
import type { FastifyRequest } from 'fastify';
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { instanceSecrets } from '../../db/schema';
import type { Clock } from '../clock';
import type { ApiPrincipal, ApiScope } from '../types';

/**
 * SMART Backend Services (https://hl7.org/fhir/smart-app-launch/backend-services.html), the
 * crypto half: checking a client's signed assertion against its registered public keys, and
 * issuing and verifying the short-lived access tokens that buy. Which clients exist, and their
 * keys, live in the database (features/fhir); nothing here reads it.
 */

/** Access tokens live five minutes, as SMART recommends; a client asks again with a new assertion. */
export const ACCESS_TOKEN_SECONDS = 300;
/** The longest an assertion may be valid for (SMART: exp no more than five minutes ahead). */
export const ASSERTION_MAX_SECONDS = 300;
/** The algorithms SMART Backend Services requires servers to support. */
export const ASSERTION_ALGORITHMS = ['RS384', 'ES384'];
export const CLIENT_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

const TOKEN_ISSUER = 'rapport';
const TOKEN_AUDIENCE = 'rapport-api';
const SCOPE_PATTERN = /^(system|user|patient)\/[A-Za-z*]+\.[a-z*]+$/;

export const isApiScope = (s: string): s is ApiScope => SCOPE_PATTERN.test(s);

export interface VerifiedAssertion {
  jti: string;
  expiresAt: Date;
}

export type AssertionFailure =
  | 'malformed'
  | 'bad_signature'
  | 'wrong_issuer'
  | 'wrong_audience'
  | 'expired'
  | 'too_long'
  | 'no_jti';

/**
 * Checks a client assertion (RFC 7523): signed by one of the client's keys with an allowed
 * algorithm, `iss` and `sub` both the client id, `aud` the token endpoint, not expired, at most
 * five minutes long, with a `jti` (the caller refuses a `jti` seen before).
 */
export async function verifyClientAssertion(
  assertion: string,
  options: { clientId: string; jwks: JSONWebKeySet; audiences: readonly string[]; now: Date },
): Promise<{ ok: true; value: VerifiedAssertion } | { ok: false; reason: AssertionFailure }> {
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(assertion, createLocalJWKSet(options.jwks), {
      algorithms: ASSERTION_ALGORITHMS,
      currentDate: options.now,
      requiredClaims: ['iss', 'sub', 'aud', 'exp'],
      clockTolerance: 30,
    }));
  } catch (error) {
    if (error instanceof joseErrors.JWTExpired) return { ok: false, reason: 'expired' };
    if (
      error instanceof joseErrors.JWSSignatureVerificationFailed ||
      error instanceof joseErrors.JWKSNoMatchingKey ||
      error instanceof joseErrors.JOSEAlgNotAllowed
    )
      return { ok: false, reason: 'bad_signature' };
    return { ok: false, reason: 'malformed' };
  }
  if (payload.iss !== options.clientId || payload.sub !== options.clientId)
    return { ok: false, reason: 'wrong_issuer' };
  const audiences = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
  if (!audiences.some((a) => a !== undefined && options.audiences.includes(a)))
    return { ok: false, reason: 'wrong_audience' };
  const exp = payload.exp ?? 0;
  if (exp - options.now.getTime() / 1000 > ASSERTION_MAX_SECONDS + 30)
    return { ok: false, reason: 'too_long' };
  if (typeof payload.jti !== 'string' || payload.jti.length === 0 || payload.jti.length > 200)
    return { ok: false, reason: 'no_jti' };
  return { ok: true, value: { jti: payload.jti, expiresAt: new Date(exp * 1000) } };
}

/** The client id a still-unverified assertion claims (`iss`), to find its keys; null if unreadable. */
export function claimedClientId(assertion: string): string | null {
  const parts = assertion.split('.');
  if (parts.length !== 3 || !parts[1]) return null;
  try {
    const payload = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as unknown;
    if (typeof payload !== 'object' || payload === null) return null;
    const iss = (payload as { iss?: unknown }).iss;
    return typeof iss === 'string' ? iss : null;
  } catch {
    return null;
  }
}

/**
 * Access tokens: JWTs signed with a deployment secret (HS256), naming the client, its service and
 * the granted scopes. Verifying them needs no database, so the bearer guard runs before the
 * request's tenant transaction; the token's service must be the service the request reached.
 */
export function accessTokens(options: { secret: string; clock: Clock }) {
  const key = new TextEncoder().encode(options.secret);

  async function issue(grant: {
    clientId: string;
    serviceId: string;
    scopes: readonly ApiScope[];
  }): Promise<{ token: string; expiresIn: number }> {
    const now = Math.floor(options.clock.now().getTime() / 1000);
    const token = await new SignJWT({ svc: grant.serviceId, scope: grant.scopes.join(' ') })
      .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt' })
      .setIssuer(TOKEN_ISSUER)
      .setAudience(TOKEN_AUDIENCE)
      .setSubject(grant.clientId)
      .setIssuedAt(now)
      .setExpirationTime(now + ACCESS_TOKEN_SECONDS)
      .setJti(randomUUID())
      .sign(key);
    return { token, expiresIn: ACCESS_TOKEN_SECONDS };
  }

  // The shape of the api plugin's BearerVerifier.
  const verifier = {
    async verify(token: string, request: FastifyRequest): Promise<ApiPrincipal | null> {
      try {
        const { payload } = await jwtVerify(token, key, {
          algorithms: ['HS256'],
          issuer: TOKEN_ISSUER,
          audience: TOKEN_AUDIENCE,
          typ: 'at+jwt',
          currentDate: options.clock.now(),
          requiredClaims: ['sub', 'exp'],
        });
        // A token from one service is worth nothing at another service's address.
        if (payload.svc !== request.service.id || typeof payload.sub !== 'string') return null;
        const scopes = typeof payload.scope === 'string' ? payload.scope.split(' ') : [];
        return { subject: payload.sub, scopes: scopes.filter(isApiScope) };
      } catch {
        return null;
      }
    },
  };

  return { issue, verifier };
}
export type AccessTokens = ReturnType<typeof accessTokens>;

/** The access-token signing secret: generated once per deployment and kept in the database. */
export async function ensureTokenSecret(db: Db): Promise<string> {
  await db
    .insert(instanceSecrets)
    .values({ key: 'api_token_secret', value: randomBytes(32).toString('base64url') })
    .onConflictDoNothing();
  const rows = await db
    .select()
    .from(instanceSecrets)
    .where(eq(instanceSecrets.key, 'api_token_secret'));
  const value = rows[0]?.value;
  if (!value) throw new Error('API token secret could not be stored');
  return value;
}
