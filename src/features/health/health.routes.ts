import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../platform/context';

export function registerHealthRoutes(app: FastifyInstance, ctx: AppContext): void {
  // Alive: the process answers. Ready: the database answers too (for load balancers).
  app.get('/health', { config: { access: 'public' } }, async (_request, reply) =>
    reply.header('cache-control', 'no-store').send({ status: 'ok' }),
  );
  app.get('/ready', { config: { access: 'public' } }, async (_request, reply) => {
    const ok = await ctx.database.ping();
    return reply
      .code(ok ? 200 : 503)
      .header('cache-control', 'no-store')
      .send({ status: ok ? 'ready' : 'database unavailable', database: ctx.database.kind });
  });
}
