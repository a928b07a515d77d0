import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomUUID } from 'node:crypto';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  type preHandlerHookHandler,
} from 'fastify';
import cookie from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import formbody from '@fastify/formbody';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import type { Logger } from 'pino';
import type { Config } from './config';
import type { Database } from './db/client';
import { systemClock, type Clock } from './platform/clock';
import type { AppContext } from './platform/context';
import { createLogger } from './platform/logger';
import { ensureCookieSecret, ensureDefaultService } from './platform/instance';
import { createNotifier, type Notifier } from './platform/notifier';
import { OutboxWorker } from './platform/outbox';
import { resolveSession } from './platform/session';
import type { Access, ServiceInfo } from './platform/types';
import { CSRF_PAGE, ERROR_PAGES, ErrorPage } from './ui/error-pages';
import { sendPage, type RenderSettings } from './ui/render';
import { registerAdminRoutes } from './features/admin/admin.routes';
import { registerAppointmentRoutes } from './features/appointments/appointments.routes';
import { registerAuthRoutes } from './features/auth/auth.routes';
import { registerCaseloadRoutes } from './features/caseload/caseload.routes';
import { registerCourseRoutes } from './features/courses/courses.routes';
import { registerDiaryRoutes } from './features/diary/diary.routes';
import { registerHealthRoutes } from './features/health/health.routes';
import { registerHomeRoutes } from './features/home/home.routes';
import { registerLocationRoutes } from './features/locations/locations.routes';
import { registerOutcomeRoutes } from './features/outcomes/outcomes.routes';
import { registerPatientRecordRoutes } from './features/patients/patients.routes';
import { registerProgressRoutes } from './features/progress/progress.routes';
import { registerPublicInfoRoutes } from './features/public-info/public-info.routes';
import { registerQuestionnaireRoutes } from './features/questionnaires/questionnaires.routes';
import { registerTherapistRoutes } from './features/therapists/therapists.routes';
import { registerRiskRoutes } from './features/risk/risk.routes';
import { registerTriageRoutes } from './features/triage/triage.routes';
import { registerReferralRoutes } from './features/referral/referral.routes';
import { whenAttendanceRecorded } from './features/courses';
import { diaryEvents } from './features/diary';
import { whenAppointmentCancelled } from './features/triage';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require_ = (p: string) => resolve(ROOT, 'node_modules', p);
const NHSUK_DIST = require_('nhsuk-frontend/dist/nhsuk');
const VERSION = (
  JSON.parse(readFileSync(resolve(ROOT, 'package.json'), 'utf8')) as { version: string }
).version;

export interface BuildAppOptions {
  config: Config;
  database: Database;
  clock?: Clock;
  notifier?: Notifier;
  logger?: Logger;
}

export interface RapportApp {
  app: FastifyInstance;
  ctx: AppContext;
  outbox: OutboxWorker;
  service: ServiceInfo;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const UNGUARDED_PREFIXES = ['/static/', '/assets/'];

export async function buildApp(options: BuildAppOptions): Promise<RapportApp> {
  const { config, database } = options;
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? createLogger(config.logLevel);
  const notifier = options.notifier ?? createNotifier(config, logger);
  const db = database.db;

  // Features that react to the diary's changes, in the diary's transaction (ADR 0008).
  diaryEvents.on('appointment.cancelled', whenAppointmentCancelled);
  diaryEvents.on('appointment.attendance_recorded', whenAttendanceRecorded);

  const serviceRow = await ensureDefaultService(db, config.serviceName);
  const service: ServiceInfo = { id: serviceRow.id, name: serviceRow.name, slug: serviceRow.slug };
  const cookieSecret = await ensureCookieSecret(db, config.cookieSecret);
  const cookieSettings = { secure: config.secureCookies };
  const https = config.publicUrl.startsWith('https:');
  const renderSettings: RenderSettings = {
    serviceName: service.name,
    assetVersion: VERSION,
    nhsFonts: config.nhsFonts,
  };

  const app = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    trustProxy: config.trustProxy,
    bodyLimit: 256 * 1024,
    genReqId: () => randomUUID(),
    requestIdHeader: false,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
    // A malformed URL or a body we cannot parse is the sender's error: an NHS 400 page, not a 500.
    frameworkErrors: (error, request, reply) => {
      void renderError(
        request,
        reply,
        error.statusCode && error.statusCode < 500 ? error.statusCode : 400,
      );
    },
  });

  const page: AppContext['page'] = (request, reply, opts, body) =>
    sendPage(request, reply, renderSettings, opts, body);
  const renderError = (
    request: FastifyRequest,
    reply: FastifyReply,
    status: number,
    content = ERROR_PAGES[status] ?? ERROR_PAGES[500]!,
  ) => {
    // Framework errors can arrive before our onRequest hook ran.
    if (!request.service) request.service = service;
    return page(request, reply, { title: content.title, status }, <ErrorPage content={content} />);
  };

  app.decorateRequest('auth', null);
  app.decorateRequest('service', null as unknown as ServiceInfo);

  await app.register(helmet, {
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
        formAction: ["'self'"],
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
  await app.register(cookie, { secret: cookieSecret });
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
  await app.register(fastifyStatic, {
    root: resolve(ROOT, 'public/static'),
    prefix: '/static/',
    maxAge: '365d',
    immutable: true,
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
      reply
        .header('cache-control', 'public, max-age=31536000, immutable')
        .sendFile(file, NHSUK_DIST),
    );
  }

  // Every route must say who may use it; a route that forgets stops the app at start-up.
  app.addHook('onRoute', (route) => {
    if (UNGUARDED_PREFIXES.some((p) => route.url.startsWith(p))) return;
    const access = route.config?.access as Access | undefined;
    if (!access)
      throw new Error(
        `Route ${String(route.method)} ${route.url} does not declare who may use it (config.access)`,
      );
    const guards: preHandlerHookHandler[] = [accessGuard(access)];
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (methods.some((m) => !SAFE_METHODS.has(m))) guards.push(app.csrfProtection);
    const existing = route.preHandler
      ? Array.isArray(route.preHandler)
        ? route.preHandler
        : [route.preHandler]
      : [];
    route.preHandler = [...guards, ...existing];
  });

  function accessGuard(access: Access): preHandlerHookHandler {
    return async function guard(request, reply) {
      if (access === 'public') return;
      if (!request.auth) {
        if (request.method === 'GET')
          return reply.redirect(`/sign-in?next=${encodeURIComponent(request.url)}`, 303);
        return renderError(request, reply, 401, {
          title: 'Your session has ended',
          body: [
            'For your security, you were signed out after a period of inactivity.',
            'Sign in again to carry on.',
          ],
        });
      }
      if (access === 'authenticated') return;
      if (!request.auth.roles.some((r) => access.includes(r)))
        return renderError(request, reply, 403);
    };
  }

  app.addHook('onRequest', async (request) => {
    request.service = service;
    if (UNGUARDED_PREFIXES.some((p) => request.url.startsWith(p)) || request.url === '/health')
      return;
    request.auth = await resolveSession(db, clock, request, cookieSettings);
  });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error.code?.startsWith('FST_CSRF')) {
      request.log.info({ code: error.code }, 'form refused: CSRF token missing or invalid');
      return renderError(request, reply, 403, CSRF_PAGE);
    }
    const status =
      error.statusCode && error.statusCode >= 400 && error.statusCode < 500
        ? error.statusCode
        : 500;
    if (status >= 500) request.log.error({ err: error }, 'request failed');
    else request.log.info({ code: error.code, status }, 'request refused');
    if (status === 429) {
      // Say how long to wait, in words: a shared IP can hit a limit through no fault of the person.
      const after = (error as FastifyError & { retryAfterText?: string }).retryAfterText;
      const content = ERROR_PAGES[429]!;
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

  const outbox = new OutboxWorker(db, notifier, clock, logger, config.outboxPollMs);
  const ctx: AppContext = {
    config,
    database,
    db,
    clock,
    logger,
    notifier,
    page,
    cookieSettings,
    outbox,
  };

  // Features, registered explicitly so the whole app can be read here.
  registerHealthRoutes(app, ctx);
  registerPublicInfoRoutes(app, ctx);
  registerAuthRoutes(app, ctx);
  registerHomeRoutes(app, ctx);
  registerPatientRecordRoutes(app, ctx);
  registerReferralRoutes(app, ctx);
  registerProgressRoutes(app, ctx);
  registerAdminRoutes(app, ctx);
  registerTherapistRoutes(app, ctx);
  registerLocationRoutes(app, ctx);
  registerCourseRoutes(app, ctx);
  registerCaseloadRoutes(app, ctx);
  registerOutcomeRoutes(app, ctx);
  registerDiaryRoutes(app, ctx);
  registerAppointmentRoutes(app, ctx);
  registerTriageRoutes(app, ctx);
  registerRiskRoutes(app, ctx);
  registerQuestionnaireRoutes(app, ctx);

  app.addHook('onClose', async () => {
    await outbox.stop();
  });

  return { app, ctx, outbox, service };
}
