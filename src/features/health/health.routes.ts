import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../../platform/context';

/** Equal-length digests, so the comparison takes the same time whatever was sent. */
const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/** Whether the request carries OPERATOR_TOKEN as a bearer token (never, when none is set). */
function isOperator(request: FastifyRequest, token: string | undefined): boolean {
  const header = request.headers.authorization;
  if (!token || !header?.startsWith('Bearer ')) return false;
  return timingSafeEqual(digest(header.slice('Bearer '.length)), digest(token));
}

export function registerHealthRoutes(app: FastifyInstance, ctx: AppContext): void {
  // Alive: the process answers. Ready: the database answers too (for load balancers).
  app.get('/health', { config: { access: 'public' } }, async (_request, reply) =>
    reply.header('cache-control', 'no-store').send({ status: 'ok' }),
  );
  // Strangers learn only ok or not: which database runs is for operators (OPERATOR_TOKEN).
  app.get('/ready', { config: { access: 'public' } }, async (request, reply) => {
    const ok = await ctx.database.ping();
    const status = ok ? 'ok' : 'unavailable';
    reply.code(ok ? 200 : 503).header('cache-control', 'no-store');
    if (!isOperator(request, ctx.config.operatorToken)) return reply.send({ status });
    return reply.send({ status, database: ctx.database.kind, databaseAnswers: ok });
  });
}
