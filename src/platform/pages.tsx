import type { FastifyReply, FastifyRequest } from 'fastify';
import { ERROR_PAGES, ErrorPage } from '../ui/error-pages';
import type { AppContext } from './context';

/** "Page not found": for a record that is missing or not this person's to see. */
export function renderNotFound(ctx: AppContext, request: FastifyRequest, reply: FastifyReply) {
  return ctx.page(
    request,
    reply,
    { title: ERROR_PAGES[404]!.title, status: 404 },
    <ErrorPage content={ERROR_PAGES[404]!} />,
  );
}

/** What messages to people need to name and link to: the service's public address and name. */
export function linksFor(ctx: AppContext, request: FastifyRequest) {
  return { publicUrl: ctx.config.publicUrl, serviceName: request.service.name };
}
export type Links = ReturnType<typeof linksFor>;
