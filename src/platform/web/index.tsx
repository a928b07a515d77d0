import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import { resolve } from 'node:path';
import type {
  FastifyError,
  FastifyPluginAsync,
  FastifyReply,
  FastifyRequest,
  preHandlerAsyncHookHandler,
  preHandlerHookHandler,
} from 'fastify';
import compress from '@fastify/compress';
import cookie from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import formbody from '@fastify/formbody';
import rateLimit from '@fastify/rate-limit';
import { databaseRateLimitStore } from '../rate-limit-store';
import fastifyStatic from '@fastify/static';
import helmet, { type HelmetOptions } from 'helmet';
import type { Config } from '../../config';
import type { Db } from '../../db/client';
import type { Clock } from '../clock';
import { CLIENT_BUILD_DIR, CLIENT_ENTRIES } from '../../client/build';
import {
  resolveSession,
  SESSION_ALIVE_PATH,
  SESSION_STATUS_PATH,
  type CookieSettings,
} from '../session';
import type { Access, ApiAccess, AuthUser } from '../types';
import {
  CSRF_PAGE,
  SESSION_ENDED_TITLE,
  SessionEndedPage,
  TOO_MANY_ATTEMPTS_PAGE,
  tooLongAnswerPage,
  type ErrorPageContent,
} from '../../ui/error-pages';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import type { WebPages } from './pages';
import { NHSUK_DIST, ROOT } from './paths';
import { keptAnswers, signInAgainHref } from './signed-out';

export { createWebPages, type WebPages, type PageRenderer } from './pages';
export { AssetManifest } from './assets';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const UNGUARDED_PREFIXES = ['/static/', '/assets/'];
/** Requests that never need to know who is asking (assets, the liveness probe). */
const noSessionNeeded = (url: string) =>
  UNGUARDED_PREFIXES.some((p) => url.startsWith(p)) || url === '/health';

export interface WebPlatformOptions {
  config: Config;
  db: Db;
  clock: Clock;
  cookieSecret: string;
  cookieSettings: CookieSettings;
  pages: WebPages;
}

declare module 'fastify' {
  interface FastifyReply {
    /** Sends the NHS error page for a status (pages only; the API answers OperationOutcome). */
    errorPage(status: number, content?: ErrorPageContent): FastifyReply;
  }
}

/** The signed-in person on a route that is not public (a route declaring access guarantees one). */
export function requireAuth(request: FastifyRequest): AuthUser {
  if (!request.auth)
    throw new Error(`requireAuth on ${request.method} ${request.url}: no signed-in user`);
  return request.auth;
}

/** "Page not found": for a page or a record that is missing or not this person's to see. */
export function renderNotFound(_request: FastifyRequest, reply: FastifyReply): FastifyReply {
  return reply.errorPage(404);
}

/** The configured OpenID providers' origins. */
function providerOrigins(config: Config): string[] {
  const { nhsLogin, staff } = config.oidc;
  const origins = [nhsLogin, staff].flatMap((p) => (p ? [new URL(p.issuer).origin] : []));
  return [...new Set(origins)];
}

function isPageAccess(access: Access | ApiAccess): access is Access {
  return typeof access === 'string' || access.every((a) => !a.includes('/'));
}

/**
 * Everything HTML pages need: security headers, cookies, forms, CSRF, assets, the session,
 * the access guard and the NHS error pages. Shares its scope with the caller (skip-override)
 * so the features registered beside it are guarded; keep the API outside that scope.
 */
const webPlatformPlugin: FastifyPluginAsync<WebPlatformOptions> = async (app, options) => {
  const { config, db, clock, cookieSettings, pages } = options;
  const https = config.publicUrl.startsWith('https:');
  const renderError = pages.renderError;

  app.decorateReply('errorPage', function (this: FastifyReply, status: number, content?) {
    return renderError(this.request, this, status, content);
  });

  // The same security headers on every answer, worked out once by helmet: its Fastify plugin
  // rebuilt them (parsing the CSP) on every request, 2.7% of a signed-in page's CPU.
  const securityHeaders = helmetHeaders({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: config.nhsFonts ? ["'self'", 'https://assets.nhs.uk'] : ["'self'"],
        connectSrc: ["'self'"],
        mediaSrc: ["'self'", 'blob:'],
        // Signing out of a session from NHS login or the staff single sign-on posts the sign-out
        // form and is sent on to the provider to end its session there too.
        formAction: ["'self'", ...providerOrigins(config)],
        frameAncestors: ["'none'"],
        baseUri: ["'self'"],
        objectSrc: ["'none'"],
        ...(https ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    hsts: https ? { maxAge: 31536000, includeSubDomains: true } : false,
    crossOriginEmbedderPolicy: false,
    referrerPolicy: { policy: 'same-origin' },
  });
  app.addHook('onRequest', (_request, reply, done) => {
    reply.headers(securityHeaders);
    done();
  });
  // Pages, CSS and JavaScript go compressed (brotli, else gzip) to browsers that accept it: a
  // first visit on a poor connection. Brotli at quality 4 costs little per page.
  await app.register(compress, { global: true, encodings: ['br', 'gzip'], threshold: 1024 });
  await app.register(cookie, { secret: options.cookieSecret });
  await app.register(formbody);
  await app.register(csrf, {
    cookieKey: cookieSettings.secure ? '__Host-rapport-csrf' : 'rapport-csrf',
    cookieOpts: {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: cookieSettings.secure,
      signed: true,
    },
  });
  await app.register(rateLimit, {
    global: false,
    // Counted in the database, so the limits hold across app instances.
    store: databaseRateLimitStore(options.db, options.clock),
    errorResponseBuilder: (_req, context) => {
      const err = new Error(`Too many requests, retry in ${context.after}`) as Error & {
        statusCode: number;
        retryAfterText: string;
      };
      err.statusCode = 429;
      err.retryAfterText = context.after;
      return err;
    },
  });
  // Pages link to the content-hashed URLs (assets.ts), cached for a year. The plain URLs stay
  // for anything that names a file directly, cached briefly so an upgrade reaches browsers.
  pages.assets.register(app);
  await app.register(fastifyStatic, {
    root: resolve(ROOT, 'public/static'),
    prefix: '/static/',
    maxAge: '1h',
    index: false,
  });
  await app.register(fastifyStatic, {
    root: resolve(NHSUK_DIST, 'assets'),
    prefix: '/assets/',
    decorateReply: false,
    maxAge: '1d',
    index: false,
  });
  for (const file of [
    'nhsuk-frontend.min.css',
    'nhsuk-frontend.min.js',
    'nhsuk-frontend.min.js.map',
  ]) {
    app.get(`/static/${file}`, { config: { access: 'public' } }, (_request, reply) =>
      reply.header('cache-control', 'public, max-age=3600').sendFile(file, NHSUK_DIST),
    );
  }

  // Every route must say who may use it; a route that forgets stops the app at start-up.
  app.addHook('onRoute', (route) => {
    if (UNGUARDED_PREFIXES.some((p) => route.url.startsWith(p))) return;
    const access = route.config?.access;
    if (!access)
      throw new Error(
        `Route ${String(route.method)} ${route.url} does not declare who may use it (config.access)`,
      );
    if (!isPageAccess(access))
      throw new Error(`Route ${route.url} declares API scopes; pages declare roles`);
    // A socket is guarded at its upgrade by the realtime plugin (401/403, never a redirect).
    if (route.websocket) return;
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    // A form is checked as ours before anything else: the access guard shows a signed-out
    // person's post back to them, which must never be text another site made them send.
    const guards: (preHandlerHookHandler | preHandlerAsyncHookHandler)[] = methods.some(
      (m) => !SAFE_METHODS.has(m),
    )
      ? [app.csrfProtection.bind(app), accessGuard(access)]
      : [accessGuard(access)];
    const existing = route.preHandler
      ? Array.isArray(route.preHandler)
        ? route.preHandler
        : [route.preHandler]
      : [];
    route.preHandler = [...guards, ...existing];
  });

  // The browser code (src/client: the video call, the Wall, the session timeout), built at
  // start-up; each URL carries its content hash (clientScriptUrl), so it is cached for good.
  for (const entry of CLIENT_ENTRIES)
    app.get(`/static/client/${entry}.js`, { config: { access: 'public' } }, (_request, reply) =>
      reply
        .header('cache-control', 'public, max-age=31536000, immutable')
        .type('text/javascript; charset=utf-8')
        .sendFile(`${entry}.js`, CLIENT_BUILD_DIR),
    );
  // For the browser's session timeout script: 204 while signed in, the 401 page once not.
  for (const path of [SESSION_ALIVE_PATH, SESSION_STATUS_PATH])
    app.get(path, { config: { access: 'authenticated' } }, (_request, reply) =>
      reply.code(204).header('cache-control', 'no-store').send(),
    );

  function accessGuard(access: Access): preHandlerAsyncHookHandler {
    return async function guard(request, reply) {
      if (access === 'public') return;
      if (!request.auth) {
        if (request.method === 'GET')
          return reply.redirect(`/sign-in?next=${encodeURIComponent(request.url)}`, 303);
        // A form sent after the session ended (ADR 0043): nothing is saved, nothing is kept on
        // the server; the page shows back what was typed and the way back to the form.
        const kept = keptAnswers(request.body);
        return pages.page(
          request,
          reply,
          { title: SESSION_ENDED_TITLE, status: 401 },
          <SessionEndedPage
            answers={kept.answers}
            cut={kept.cut}
            signInHref={signInAgainHref(request)}
            help={request.routeOptions.config.signedOutHelp?.(request) ?? null}
          />,
        );
      }
      if (access === 'authenticated') return;
      if (!request.auth.roles.some((r) => access.includes(r)))
        return renderError(request, reply, 403);
    };
  }

  app.addHook('onRequest', async (request) => {
    if (noSessionNeeded(request.url)) return;
    request.auth = await resolveSession(db, clock, request, cookieSettings);
  });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    // Typed as present, but an error thrown by a handler may carry no code.
    const code = error.code as string | undefined;
    if (code?.startsWith('FST_CSRF')) {
      request.log.info({ code: error.code }, 'form refused: CSRF token missing or invalid');
      return renderError(request, reply, 403, CSRF_PAGE);
    }
    const status =
      error.statusCode && error.statusCode >= 400 && error.statusCode < 500
        ? error.statusCode
        : 500;
    if (status >= 500) request.log.error({ err: error }, 'request failed');
    else request.log.info({ code: error.code, status }, 'request refused');
    // A form answer longer than the edge lets through: say so, and how to keep what they wrote.
    const tooLong = status === 400 ? longestAllowed(error) : null;
    if (tooLong !== null) return renderError(request, reply, 400, tooLongAnswerPage(tooLong));
    if (status === 429) {
      // Say how long to wait, in words: a shared IP can hit a limit through no fault of the person.
      const after = (error as FastifyError & { retryAfterText?: string }).retryAfterText;
      const content = TOO_MANY_ATTEMPTS_PAGE;
      return renderError(
        request,
        reply,
        429,
        after ? { ...content, body: [...content.body, `You can try again in ${after}.`] } : content,
      );
    }
    return renderError(request, reply, status);
  });

  app.setNotFoundHandler({ preHandler: undefined }, (request, reply) =>
    renderError(request, reply, 404),
  );
};

// Fastify's documented opt-out of encapsulation: hooks and decorators land in the caller's scope.
export const webPlatform = Object.assign(webPlatformPlugin, {
  [Symbol.for('skip-override')]: true,
});

/**
 * The limit a form body's answer went over, when that is why the body was refused: a text field's
 * own bound, or the edge's bound on any field (checked as text or a list of texts).
 */
function longestAllowed(error: unknown): number | null {
  if (!hasZodFastifySchemaValidationErrors(error)) return null;
  if ((error as { validationContext?: string }).validationContext !== 'body') return null;
  const limits: number[] = [];
  const visit = (
    issue: { code?: string; keyword?: string; params?: unknown } & Record<string, unknown>,
  ) => {
    const code = issue.keyword ?? issue.code;
    const detail = (issue.params ?? issue) as Record<string, unknown>;
    if (code === 'too_big' && detail.origin === 'string' && typeof detail.maximum === 'number')
      limits.push(detail.maximum);
    const nested = detail.errors;
    if (Array.isArray(nested))
      for (const branch of nested)
        if (Array.isArray(branch)) for (const i of branch) visit(i as never);
  };
  for (const issue of error.validation) visit(issue as never);
  return limits.length > 0 ? Math.min(...limits) : null;
}

/** The headers helmet sets for these options (none of which depends on the request). */
function helmetHeaders(options: Readonly<HelmetOptions>): Record<string, string> {
  const request = new IncomingMessage(new Socket());
  const response = new ServerResponse(request);
  helmet(options)(request, response, (err?: unknown) => {
    if (err instanceof Error) throw err;
  });
  return Object.fromEntries(
    Object.entries(response.getHeaders()).map(([name, value]) => [name, String(value)]),
  );
}
