import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../platform/context';
import { ERROR_PAGES, ErrorPage } from '../../ui/error-pages';

/** Shared by the diary's features (therapists, locations, courses, diary, appointments). */
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string | undefined | null): value is string {
  return typeof value === 'string' && UUID_RE.test(value);
}

/** "Page not found": for a record that is missing or not this person's to see. */
export function renderNotFound(ctx: AppContext, request: FastifyRequest, reply: FastifyReply) {
  return ctx.page(
    request,
    reply,
    { title: ERROR_PAGES[404]!.title, status: 404 },
    <ErrorPage content={ERROR_PAGES[404]!} />,
  );
}

export function linksFor(ctx: AppContext, request: FastifyRequest) {
  return { publicUrl: ctx.config.publicUrl, serviceName: request.service.name };
}
export type Links = ReturnType<typeof linksFor>;
