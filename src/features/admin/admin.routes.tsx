import type { FastifyInstance } from 'fastify';
import type { users as usersTable } from '../../db/schema';
import { actorFrom, audit } from '../../platform/audit';
import type { AppContext } from '../../platform/context';
import { londonInstants } from '../../ui/date-range';
import { listOutbox } from '../../platform/outbox';
import { createUserWithInvitation, serviceUsers, userIdForEmail } from '../auth';
import {
  parseAuditFilter,
  parseInvite,
  STAFF_INVITE_ROLES,
  type InviteValues,
} from './admin.forms';
import { searchAudit } from './admin.repository';
import { AdminHubPage, AuditPage, MessagesPage, UsersPage, type UserRow } from './views/AdminPages';

const PAGE_SIZE = 50;

function offsetFrom(q: { offset?: string }): number {
  const n = Number(q.offset ?? 0);
  return Number.isInteger(n) && n >= 0 && n < 1_000_000 ? n : 0;
}

export function registerAdminRoutes(app: FastifyInstance, ctx: AppContext): void {
  const managers = { access: ['service_manager'] as const };

  app.get('/admin', { config: managers }, async (request, reply) =>
    ctx.page(request, reply, { title: 'Manage the service' }, <AdminHubPage />),
  );

  app.get<{ Querystring: Record<string, string | undefined> }>(
    '/admin/audit',
    { config: managers },
    async (request, reply) => {
      const { values, filter, errors } = parseAuditFilter(request.query);
      const offset = offsetFrom(request.query);
      let userId: string | undefined;
      let unknownUser = false;
      if (filter.user) {
        userId = (await userIdForEmail(ctx.db, request.service.id, filter.user)) ?? undefined;
        unknownUser = userId === undefined;
      }
      const empty = errors.length > 0 || unknownUser;
      const result = empty
        ? { rows: [], total: 0 }
        : await searchAudit(ctx.db, request.service.id, {
            userId,
            patientId: filter.patientId,
            // Dates are London calendar days, so a search for one day matches what staff saw.
            ...londonInstants(filter),
            limit: PAGE_SIZE,
            offset,
          });
      // Searching the log by patient is itself a look at that patient's record.
      await audit(ctx.db, ctx.clock, actorFrom(request), {
        action: 'audit.search',
        patientId: filter.patientId ?? null,
        details: { user: filter.user ?? null, from: filter.from ?? null, to: filter.to ?? null },
      });
      const params = new URLSearchParams(
        Object.entries(request.query).filter(
          ([k, v]) => k !== 'offset' && typeof v === 'string',
        ) as [string, string][],
      );
      return ctx.page(
        request,
        reply,
        { title: 'Audit log', hasErrors: errors.length > 0 },
        <AuditPage
          values={values}
          errors={errors}
          rows={result.rows}
          total={result.total}
          offset={offset}
          limit={PAGE_SIZE}
          pagerBase={`/admin/audit?${params.toString()}`}
        />,
      );
    },
  );

  app.get<{ Querystring: { offset?: string } }>(
    '/admin/messages',
    { config: managers },
    async (request, reply) => {
      const offset = offsetFrom(request.query);
      const { rows, total } = await listOutbox(ctx.db, request.service.id, { limit: 25, offset });
      await audit(ctx.db, ctx.clock, actorFrom(request), {
        action: 'outbox.view',
        details: { offset },
      });
      return ctx.page(
        request,
        reply,
        { title: 'Sent messages' },
        <MessagesPage
          rows={rows}
          total={total}
          offset={offset}
          limit={25}
          providers={ctx.notifier.description}
        />,
      );
    },
  );

  const usersPage = async (serviceId: string) =>
    (await serviceUsers(ctx.db, serviceId)).map((u: typeof usersTable.$inferSelect): UserRow => ({
      id: u.id,
      displayName: u.displayName,
      email: u.email,
      roles: u.roles,
      active: u.active,
      hasPassword: u.passwordHash !== null,
    }));
  const emptyInvite: InviteValues = { displayName: '', email: '', roles: [] };

  app.get<{ Querystring: { invited?: string } }>(
    '/admin/users',
    { config: managers },
    async (request, reply) => {
      const users = await usersPage(request.service.id);
      return ctx.page(
        request,
        reply,
        { title: 'Users' },
        <UsersPage
          users={users}
          csrfToken={reply.generateCsrf()}
          values={emptyInvite}
          invited={request.query.invited?.slice(0, 254)}
          roleOptions={STAFF_INVITE_ROLES}
        />,
      );
    },
  );

  app.post('/admin/users', { config: managers }, async (request, reply) => {
    const { values, roles, errors } = parseInvite(request.body);
    const again = async (errs: typeof errors) =>
      ctx.page(
        request,
        reply,
        { title: 'Users', hasErrors: true },
        <UsersPage
          users={await usersPage(request.service.id)}
          csrfToken={reply.generateCsrf()}
          values={values}
          errors={errs}
          roleOptions={STAFF_INVITE_ROLES}
        />,
      );
    if (errors.length > 0) return again(errors);
    const result = await createUserWithInvitation(
      ctx.db,
      ctx.clock,
      actorFrom(request),
      {
        serviceId: request.service.id,
        email: values.email,
        displayName: values.displayName,
        roles,
      },
      { publicUrl: ctx.config.publicUrl, serviceName: request.service.name },
    );
    if (!result.ok)
      return again([
        { field: 'email', message: 'Someone already has an account with this email address' },
      ]);
    return reply.redirect(`/admin/users?invited=${encodeURIComponent(values.email)}`, 303);
  });
}
