import type { FastifyPluginAsync, FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import { systemClock, type Clock } from '../clock';
import { databaseRateLimitStore } from '../rate-limit-store';
import type { Database } from '../../db/client';
import type { Access, ApiAccess, ApiPrincipal } from '../types';
import { sendErrorOutcome, sendOutcome } from './outcome';

export { isApiUrl, operationOutcome, sendOutcome, sendErrorOutcome } from './outcome';
export type { OperationOutcome, IssueCode } from './outcome';

/** Turns a bearer token into a caller, or null when the token is not valid (wrong, expired, revoked). */
export interface BearerVerifier {
  verify(token: string, request: FastifyRequest): Promise<ApiPrincipal | null>;
}

/** Until the FHIR work provides real tokens, no token is valid. */
export const refuseAllTokens: BearerVerifier = { verify: () => Promise.resolve(null) };

export interface ApiPlatformOptions {
  database: Database;
  verifier?: BearerVerifier;
  clock?: Clock;
  /** Requests per minute per client address. */
  rateLimitPerMinute?: number;
}

// RFC 6750 token68 syntax; anything else is not a bearer token at all.
const BEARER = /^Bearer ([A-Za-z0-9\-._~+/]+=*)$/i;

function isApiAccess(access: Access | ApiAccess): access is ApiAccess {
  return typeof access === 'string' || access.every((a) => a.includes('/'));
}

/**
 * JSON under /api: bearer tokens only (cookies are never read, so no CSRF), every route
 * declares `config.access`, every error is an OperationOutcome. Shares its scope with the
 * caller (skip-override): register it first in a scope with `prefix: '/api'`, then the routes.
 */
const apiPlatformPlugin: FastifyPluginAsync<ApiPlatformOptions> = async (api, options) => {
  const verifier = options.verifier ?? refuseAllTokens;

  await api.register(rateLimit, {
    global: true,
    // Shared by every app instance on the database.
    store: databaseRateLimitStore(options.database.db, options.clock ?? systemClock),
    max: options.rateLimitPerMinute ?? 300,
    timeWindow: 60_000,
    errorResponseBuilder: (_request, context) => {
      const err = new Error(`Too many requests, retry in ${context.after}`) as Error & {
        statusCode: number;
      };
      err.statusCode = 429;
      return err;
    },
  });

  api.addHook('onRoute', (route) => {
    const access = route.config?.access;
    if (!access)
      throw new Error(
        `Route ${String(route.method)} ${route.url} does not declare who may use it (config.access)`,
      );
    if (!isApiAccess(access))
      throw new Error(`API route ${route.url} declares roles; API routes declare scopes`);
    if (access === 'public') return;
    const existing = route.onRequest
      ? Array.isArray(route.onRequest)
        ? route.onRequest
        : [route.onRequest]
      : [];
    // At onRequest, before the body is read (a caller without a token costs no parsing), and
    // after the rate limiter's hook (added when the route was declared), so guessing is limited.
    route.onRequest = [...existing, bearerGuard(access)];
  });

  function bearerGuard(access: Exclude<ApiAccess, 'public'>): onRequestAsyncHookHandler {
    return async function guard(request, reply) {
      const match = BEARER.exec(request.headers.authorization ?? '');
      const principal = match?.[1] ? await verifier.verify(match[1], request) : null;
      if (!principal) {
        return sendOutcome(
          reply.header(
            'www-authenticate',
            match ? 'Bearer realm="rapport", error="invalid_token"' : 'Bearer realm="rapport"',
          ),
          401,
        );
      }
      if (access !== 'authenticated' && !principal.scopes.some((s) => access.includes(s))) {
        return sendOutcome(
          reply.header('www-authenticate', 'Bearer realm="rapport", error="insufficient_scope"'),
          403,
        );
      }
      request.apiPrincipal = principal;
    };
  }

  api.setErrorHandler(sendErrorOutcome);
  api.setNotFoundHandler((_request, reply) => sendOutcome(reply, 404));

  api.get('/health', { config: { access: 'public' } }, async (_request, reply) => {
    const ok = await options.database.ping();
    return reply
      .code(ok ? 200 : 503)
      .header('cache-control', 'no-store')
      .send({
        status: ok ? 'ok' : 'database unavailable',
        database: { kind: options.database.kind, ok },
      });
  });
};

// Fastify's documented opt-out of encapsulation: hooks and handlers land in the caller's scope.
export const apiPlatform = Object.assign(apiPlatformPlugin, {
  [Symbol.for('skip-override')]: true,
});

export { apiActor, apiClientRole, apiUseCaseFor } from './use-case';
export {
  ACCESS_TOKEN_SECONDS,
  ASSERTION_ALGORITHMS,
  CLIENT_ASSERTION_TYPE,
  accessTokens,
  claimedClientId,
  ensureTokenSecret,
  isApiScope,
  verifyClientAssertion,
  type AccessTokens,
  type AssertionFailure,
} from './smart';
