import { eq } from 'drizzle-orm';
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteHandlerMethod } from 'fastify';
import { withTenant, type Database } from '../../db/client';
import { serviceHosts, services } from '../../db/schema';
import type { ServiceInfo } from '../types';
import { FormAlreadySent, firstLocation, onceKeyOf, recordSubmission } from './repeat-submissions';

export { withTenant } from '../../db/client';

/** Host names are case-insensitive and reach us with or without a trailing dot. */
export function normaliseHost(host: string): string {
  return host.trim().toLowerCase().replace(/\.$/, '');
}

const CACHE_MS = 30_000;
/** Any Host header can be sent: bound the cache so strangers cannot grow it without limit. */
const CACHE_MAX = 1000;

/** Maps a request's host name to its service; unknown hosts reach the default service. */
export class ServiceResolver {
  private readonly cache = new Map<string, { service: ServiceInfo; until: number }>();

  constructor(
    private readonly database: Pick<Database, 'root'>,
    private readonly fallback: ServiceInfo,
  ) {}

  get defaultService(): ServiceInfo {
    return this.fallback;
  }

  async forHost(rawHost: string | undefined): Promise<ServiceInfo> {
    if (!rawHost) return this.fallback;
    const host = normaliseHost(rawHost);
    const now = Date.now();
    const hit = this.cache.get(host);
    if (hit && hit.until > now) return hit.service;
    // The owner's connection: the lookup runs before the request's tenant is known.
    const rows = await this.database.root
      .select({ id: services.id, name: services.name, slug: services.slug })
      .from(serviceHosts)
      .innerJoin(services, eq(services.id, serviceHosts.serviceId))
      .where(eq(serviceHosts.host, host))
      .limit(1);
    const service = rows[0] ?? this.fallback;
    if (this.cache.size >= CACHE_MAX) this.cache.clear();
    this.cache.set(host, { service, until: now + CACHE_MS });
    return service;
  }

  /** Forget cached answers (after adding a host in this process). */
  clear(): void {
    this.cache.clear();
  }
}

export interface TenancyOptions {
  database: Database;
  resolver: ServiceResolver;
  /** Requests that need neither a service lookup nor a transaction (static files, probes). */
  bypass: (url: string) => boolean;
}

interface RequestTenancy {
  /** Resolved when the reply starts to be sent: the handler has given its answer. */
  replying: () => void;
  /** Settles when the request's transaction has committed or rolled back. */
  finished: Promise<void>;
  /** The handler itself failed: its error is already on its way to the error handler. */
  handlerFailed: boolean;
  sendSeen: boolean;
}

const kTenancy = Symbol('rapport.tenancy');
type WithTenancy = FastifyRequest & { [kTenancy]?: RequestTenancy };

/**
 * Sets `request.service` from the Host header and runs every route handler in one tenant
 * transaction (rapport_app, row-level security keyed to the request's service). The transaction
 * commits before the response is written; a handler error rolls it back. Call before routes are
 * added: it wraps handlers as they are registered.
 */
export function installTenancy(app: FastifyInstance, options: TenancyOptions): void {
  const { database, resolver, bypass } = options;

  // Probes must answer without the database's help to say whether it is up.
  const untenanted = (url: string) => bypass(url) || url === '/health' || url === '/ready';

  app.addHook('onRequest', async (request) => {
    request.service = untenanted(request.routeOptions.url ?? request.url)
      ? resolver.defaultService
      : await resolver.forHost(request.hostname);
  });

  app.addHook('onRoute', (route) => {
    // A WebSocket lives for minutes: holding a transaction open for it would block the database.
    // Channels run each message through `withTenant` instead.
    if (untenanted(route.url) || (route as { websocket?: boolean }).websocket) return;
    const handler = route.handler;
    route.handler = function tenantHandler(this: FastifyInstance, request, reply) {
      return runInTenant(this, handler, request, reply);
    };
  });

  app.addHook('onSend', async (request: WithTenancy, reply, payload) => {
    const state = request[kTenancy];
    if (!state || state.sendSeen) return payload;
    state.sendSeen = true;
    state.replying();
    try {
      await state.finished;
    } catch (err) {
      // The same form pressed again: nothing of this request was kept; go where the first went.
      if (err instanceof FormAlreadySent) {
        const first = await withTenant(database, request.service.id, (tx) =>
          firstLocation(tx, request.service.id, err.once),
        );
        if (first) void reply.code(303).header('location', first);
        return '';
      }
      // A failed handler's error is being rendered now; a failed COMMIT must not be acknowledged.
      if (!state.handlerFailed) throw err;
    }
    return payload;
  });

  async function runInTenant(
    instance: FastifyInstance,
    handler: RouteHandlerMethod,
    request: WithTenancy,
    reply: FastifyReply,
  ): Promise<unknown> {
    let replying!: () => void;
    const replyStarted = new Promise<'replying'>((resolve) => {
      replying = () => {
        resolve('replying');
      };
    });
    let settle!: (err?: Error) => void;
    const state: RequestTenancy = {
      replying,
      finished: new Promise<void>((resolve, reject) => {
        settle = (err) => {
          if (err === undefined) resolve();
          else reject(err);
        };
      }),
      handlerFailed: false,
      sendSeen: false,
    };
    // Awaited only by onSend, which may never run (a hijacked reply); never an unhandled rejection.
    state.finished.catch(() => undefined);
    request[kTenancy] = state;

    let result!: Promise<unknown>;
    const once = onceKeyOf(request);
    try {
      await withTenant(database, request.service.id, async (tx) => {
        result = Promise.resolve(handler.call(instance, request, reply));
        // `return reply.send(x)` settles only once the response is written, which waits for this
        // commit: so commit as soon as the handler returns or starts its reply, whichever is first.
        const first = await Promise.race([
          result.then(
            () => 'returned' as const,
            (err: unknown) => {
              state.handlerFailed = true;
              throw err;
            },
          ),
          replyStarted,
        ]);
        if (first === 'replying') result.catch(() => undefined);
        // A form answered with a redirect is kept as answered, in this transaction (ADR 0039).
        if (once) await recordSubmission(tx, request.service.id, once, reply, new Date());
      });
      settle();
    } catch (err) {
      // Whatever the handler threw, passed on as it was.
      settle(err as Error);
      if (!state.sendSeen) throw err;
    }
    if (state.sendSeen) {
      // The reply is in flight: let Fastify see it finished rather than send a second answer.
      await awaitReply(reply);
      return undefined;
    }
    return result;
  }
}

async function awaitReply(reply: FastifyReply): Promise<void> {
  try {
    await reply;
  } catch {
    // The client went away; nothing more to send.
  }
}
