import type { FastifyInstance, RouteOptions } from 'fastify';
import type { Access, ApiAccess } from './types';

/** One registered route, as the meta-tests see it. */
export interface RouteEntry {
  method: string;
  url: string;
  access: Access | ApiAccess | undefined;
  /** Whether the URL has path parameters (`:id`, `*`), i.e. names a record or a file. */
  hasParams: boolean;
}

/**
 * Records every route registered after it, one entry per method, so tests can be generated from
 * the table and fail when a new route has no case. Register it before any feature.
 */
export function collectRoutes(app: FastifyInstance): RouteEntry[] {
  const routes: RouteEntry[] = [];
  app.addHook('onRoute', (route: RouteOptions) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      // Fastify adds a HEAD twin for every GET: the same handler, so not a case of its own.
      if (method === 'HEAD') continue;
      routes.push({
        method,
        url: route.url,
        access: route.config?.access,
        hasParams: /[:*]/.test(route.url),
      });
    }
  });
  return routes;
}
