import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Config } from './config';
import type { Database } from './db/client';
import { systemClock, type Clock } from './platform/clock';
import type { AppContext } from './platform/context';
import { createLogger } from './platform/logger';
import { registerEdge } from './platform/edge';
import { ensureCookieSecret, ensureDefaultService } from './platform/instance';
import { createNotifier, type Notifier } from './platform/notifier';
import { OutboxWorker } from './platform/outbox';
import { collectRoutes, type RouteEntry } from './platform/route-table';
import type { ServiceInfo } from './platform/types';
import {
  accessTokens,
  apiPlatform,
  ensureTokenSecret,
  isApiUrl,
  sendErrorOutcome,
  type BearerVerifier,
} from './platform/api';
import {
  realtimePlatform,
  SocketRegistry,
  type Channel,
  type RealtimeLimits,
} from './platform/realtime';
import { createWebPages, webPlatform } from './platform/web';
import { installTenancy, ServiceResolver, withTenant } from './platform/tenancy';
import { registerAdminRoutes } from './features/admin/admin.routes';
import { registerAppointmentRoutes } from './features/appointments/appointments.routes';
import { registerAuthRoutes } from './features/auth/auth.routes';
// NHS login and staff single sign-on (issue 17).
import { registerOidcRoutes } from './features/auth/oidc.routes';
import { serviceContact } from './features/admin';
import { registerCaseloadRoutes } from './features/caseload/caseload.routes';
import { registerCourseRoutes } from './features/courses/courses.routes';
import { registerDiaryRoutes } from './features/diary/diary.routes';
import { registerHealthRoutes } from './features/health/health.routes';
import { registerHomeRoutes } from './features/home/home.routes';
import { registerLocationRoutes } from './features/locations/locations.routes';
import { registerOutcomeRoutes } from './features/outcomes/outcomes.routes';
import { registerReportRoutes } from './features/reports';
import { registerPatientRecordRoutes } from './features/patients/patients.routes';
import { registerProgressRoutes } from './features/progress/progress.routes';
import { registerPublicInfoRoutes } from './features/public-info/public-info.routes';
import { registerQuestionnaireRoutes } from './features/questionnaires/questionnaires.routes';
import { registerTherapistRoutes } from './features/therapists/therapists.routes';
import { registerRiskRoutes } from './features/risk/risk.routes';
import {
  alertsRaisedBy,
  raiseAlertForAppointmentReason,
  raiseAlertForTaskReflection,
  recordsWithOpenAlerts,
  whenPatientWrote,
  whenSessionMissed,
} from './features/risk';
import { registerTriageRoutes } from './features/triage/triage.routes';
import { registerReferralRoutes } from './features/referral/referral.routes';
import { registerMessageRoutes } from './features/messages/messages.routes';
// --- community (issue 13) ---
import { registerCommunityRoutes } from './features/community';
// --- end community ---
import { registerLetterRoutes } from './features/letters/letters.routes';
import { letterAttachment } from './features/letters';
import { registerRecordAccessRoutes } from './features/record-access/record-access.routes';
import { registerApiClientRoutes, registerFhirApi } from './features/fhir';
import { registerWallRoutes, wallChannel, WallHub, wallWriting } from './features/wall';
import { registerIptRoutes } from './features/ipt/ipt.routes';
import { phaseOverrideOf } from './features/ipt';
// Issue 11 part B: session notes, tasks between sessions, supervision.
import { registerSessionNoteRoutes } from './features/session-notes/session-notes.routes';
import { hasSignedNote } from './features/session-notes';
import { registerTaskRoutes } from './features/tasks/tasks.routes';
import { whenSessionAttendanceChanged } from './features/tasks';
import { registerSupervisionRoutes } from './features/supervision/supervision.routes';
// The patient's notebook (issue 11).
import { registerNotebookRoutes } from './features/notebook/notebook.routes';
import { whenAttendanceRecorded } from './features/courses';
import {
  bookedAtLocationFrom,
  bookedInRoomFrom,
  futureBookedAtLocationFrom,
  diaryEvents,
  futureBookedForTherapist,
} from './features/diary';
import { messageEvents } from './features/messages';
import { whenAppointmentCancelled } from './features/triage';
import {
  registerVideoRoutes,
  startVideoHub,
  videoChannel,
  VideoWaitingPanel,
  waitingForTherapist,
  whenVideoAppointmentCancelled,
  whenVideoAppointmentMoved,
} from './features/video';
import { clientScriptUrl, prepareClientBundles } from './client/build';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const VERSION = (
  JSON.parse(readFileSync(resolve(ROOT, 'package.json'), 'utf8')) as { version: string }
).version;

export interface BuildAppOptions {
  config: Config;
  database: Database;
  clock?: Clock;
  notifier?: Notifier;
  logger?: Logger;
  /** Checks `/api` bearer tokens; by default the SMART access tokens the app issues. */
  bearerVerifier?: BearerVerifier;
  /** WebSocket channels (video signalling, the Wall); tests add their own. */
  channels?: readonly Channel[];
  realtimeLimits?: Partial<RealtimeLimits>;
  /** More `/api` routes, registered after the platform's (tests use it to try the guards). */
  apiRoutes?: (api: FastifyInstance, ctx: AppContext) => void;
}

export interface RapportApp {
  app: FastifyInstance;
  ctx: AppContext;
  outbox: OutboxWorker;
  service: ServiceInfo;
  routes: RouteEntry[];
}

export async function buildApp(options: BuildAppOptions): Promise<RapportApp> {
  const { config, database } = options;
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? createLogger(config.logLevel);
  const notifier = options.notifier ?? createNotifier(config, logger);
  const db = database.db;

  // Features that react to the diary's changes, in the diary's transaction (ADR 0008).
  diaryEvents.on('appointment.cancelled', whenAppointmentCancelled);
  diaryEvents.on('appointment.attendance_recorded', whenAttendanceRecorded);
  // A missed session after a risk answer goes on the risk queue (hazard H29).
  diaryEvents.on('appointment.attendance_recorded', whenSessionMissed);
  // Tasks agreed at a session later recorded as missed leave the patient's list (hazard H11).
  diaryEvents.on('appointment.attendance_recorded', whenSessionAttendanceChanged);
  // A video call ends when its appointment is cancelled, or moved so its room is not open (H21).
  diaryEvents.on('appointment.cancelled', whenVideoAppointmentCancelled);
  diaryEvents.on('appointment.moved', whenVideoAppointmentMoved);
  // Words of crisis in a patient's message raise a risk alert at once (hazard H18).
  messageEvents.on('patient.wrote', whenPatientWrote);

  const serviceRow = await ensureDefaultService(db, config.serviceName);
  const service: ServiceInfo = { id: serviceRow.id, name: serviceRow.name, slug: serviceRow.slug };
  const cookieSecret = await ensureCookieSecret(db, config.cookieSecret);
  const cookieSettings = { secure: config.secureCookies };
  // SMART Backend Services access tokens (issue 17): issued at /api/oauth/token, checked here.
  const tokens = accessTokens({ secret: await ensureTokenSecret(db), clock });
  // The browser code (video calls) is bundled on start, so no separate build step is needed.
  await prepareClientBundles();
  const pages = createWebPages(
    {
      assetVersion: VERSION,
      nhsFonts: config.nhsFonts,
      sessionScriptUrl: clientScriptUrl('session'),
    },
    service,
  );

  // Typed as Fastify's logger so the app is a plain FastifyInstance the plugins accept.
  const loggerInstance: FastifyBaseLogger = logger;
  const app = Fastify({
    loggerInstance,
    trustProxy: config.trustProxy,
    bodyLimit: 256 * 1024,
    genReqId: () => randomUUID(),
    requestIdHeader: false,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
    // A malformed URL is the sender's error: a 400 in the shape of the surface it was aimed at.
    frameworkErrors: (error, request, reply) => {
      if (isApiUrl(request.url)) void sendErrorOutcome(error, request, reply);
      else pages.frameworkError(error, request, reply);
    },
  });

  registerEdge(app);
  const routes = collectRoutes(app);
  app.decorateRequest('auth', null);
  app.decorateRequest('apiPrincipal', null);
  app.decorateRequest('service', null as unknown as ServiceInfo);
  // The service comes from the Host header; every handler runs in its tenant's transaction.
  installTenancy(app, {
    database,
    resolver: new ServiceResolver(database, service),
    bypass: (url) => url.startsWith('/static/') || url.startsWith('/assets/'),
  });

  // Letters attached to emails are rendered at send time from the letter's id (issue 11).
  const outbox = new OutboxWorker(
    db,
    notifier,
    clock,
    logger,
    config.outboxPollMs,
    letterAttachment,
  );
  const sockets = new SocketRegistry();
  const ctx: AppContext = {
    ...{ config, database, db, clock, logger, notifier, cookieSettings, outbox, sockets },
    page: pages.page,
  };
  // The Wall's sockets on this instance; woken by every instance's commits (LISTEN/NOTIFY).
  const wallHub = new WallHub(database, clock, logger);
  await wallHub.start();
  // Video rooms on this instance; woken by every instance's commits too (ADR 0019).
  const videoHub = await startVideoHub(ctx);

  // Three surfaces, each with its own authentication, error shape and limits (ADR 0006).
  await app.register(
    async function api(api) {
      await api.register(apiPlatform, {
        database,
        clock,
        verifier: options.bearerVerifier ?? tokens.verifier,
      });
      await registerFhirApi(api, ctx, tokens);
      options.apiRoutes?.(api, ctx);
    },
    { prefix: '/api' },
  );
  await app.register(async function pagesAndSockets(web) {
    await web.register(webPlatform, { config, db, clock, cookieSecret, cookieSettings, pages });
    await web.register(realtimePlatform, {
      ...{ db, clock, publicUrl: config.publicUrl, registry: sockets },
      channels: [
        wallChannel(ctx, wallHub),
        videoChannel(ctx, videoHub),
        ...(options.channels ?? []),
      ],
      inTenant: (serviceId, fn) => withTenant(database, serviceId, fn),
      limits: options.realtimeLimits,
    });

    // Features, registered explicitly so the whole app can be read here.
    registerHealthRoutes(web, ctx);
    registerPublicInfoRoutes(web, ctx);
    registerAuthRoutes(web, ctx, { serviceContact });
    registerOidcRoutes(web, ctx, { serviceContact }); // NHS login, staff single sign-on (issue 17)
    registerHomeRoutes(web, ctx);
    registerPatientRecordRoutes(web, ctx);
    registerReferralRoutes(web, ctx);
    registerProgressRoutes(web, ctx);
    registerAdminRoutes(web, ctx);
    // A therapist's hours or locations do not change under sessions still booked with them (H10).
    registerTherapistRoutes(web, ctx, { bookedSessions: futureBookedForTherapist });
    // A room or location is not taken out of use while the diary has sessions booked in it.
    registerLocationRoutes(web, ctx, {
      bookedInRoom: bookedInRoomFrom,
      bookedAtLocation: bookedAtLocationFrom,
      futureBookedAtLocation: futureBookedAtLocationFrom,
    });
    // The course page names the phase the therapist set in the IPT workspace: ipt's, handed in.
    registerCourseRoutes(web, ctx, { phaseOverride: phaseOverrideOf });
    registerCaseloadRoutes(web, ctx);
    registerOutcomeRoutes(web, ctx);
    registerReportRoutes(web, ctx);
    // The diary shows who is waiting for a video call without depending on the video feature.
    registerDiaryRoutes(web, ctx, {
      waitingNow: async (serviceId, therapistId) => (
        <VideoWaitingPanel waiting={await waitingForTherapist(ctx, serviceId, therapistId)} />
      ),
      // A missed session after risk raises an alert (risk listens to the diary): shown on it.
      alertsOfAppointment: (db, serviceId, patientId, appointmentId) =>
        alertsRaisedBy(db, serviceId, patientId, 'attendance', appointmentId),
      // A session with a signed note is not recorded as missed behind it (H17): notes', handed in.
      signedNote: hasSignedNote,
    });
    // Words of crisis in a reason to cancel or change raise a risk alert (H18): risk's, handed in.
    registerAppointmentRoutes(web, ctx, { alertOnCrisisWords: raiseAlertForAppointmentReason });
    registerTriageRoutes(web, ctx);
    registerRiskRoutes(web, ctx);
    registerQuestionnaireRoutes(web, ctx);
    registerRecordAccessRoutes(web, ctx);
    // A question's page shows the risk alerts its words raised (H18); risk listens to messages.
    registerMessageRoutes(web, ctx, {
      alertsOfThread: (db, serviceId, patientId, threadId) =>
        alertsRaisedBy(db, serviceId, patientId, 'message', threadId),
      threadsWithOpenAlerts: (db, serviceId, threadIds) =>
        recordsWithOpenAlerts(db, serviceId, 'message', threadIds),
    });
    registerApiClientRoutes(web, ctx);
    // community (issue 13); what members wrote on the Wall is theirs to see, download and delete
    registerCommunityRoutes(web, ctx, { elsewhere: wallWriting });
    registerWallRoutes(web, ctx, { scriptUrl: () => clientScriptUrl('wall') });
    registerVideoRoutes(web, ctx);
    registerIptRoutes(web, ctx);
    // Issue 11 part B: session notes, tasks between sessions, supervision.
    registerSessionNoteRoutes(web, ctx);
    // Words of crisis written back on a task raise a risk alert (H18): risk's, handed in.
    registerTaskRoutes(web, ctx, { alertOnCrisisWords: raiseAlertForTaskReflection });
    registerSupervisionRoutes(web, ctx);
    registerLetterRoutes(web, ctx);
    registerNotebookRoutes(web, ctx); // the patient's notebook (issue 11)
  });

  app.addHook('onClose', async () => {
    await wallHub.stop();
    await videoHub.stop();
    await outbox.stop();
  });

  return { app, ctx, outbox, service, routes };
}
