import type { FastifyRequest } from 'fastify';
import type { AppContext } from './context';

/** What messages to people need to name and link to: the service's public address and name. */
export function linksFor(ctx: AppContext, request: FastifyRequest) {
  return { publicUrl: ctx.config.publicUrl, serviceName: request.service.name };
}
export type Links = ReturnType<typeof linksFor>;
