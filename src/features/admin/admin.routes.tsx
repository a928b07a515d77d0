import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { users as usersTable } from '../../db/schema';
import { ROLE_GROUPS } from '../../platform/access';
import type { AppContext } from '../../platform/context';
import { useCaseFor } from '../../platform/use-case';
import { createUserWithInvitation, serviceUsers } from '../auth';
import {
  parseAuditFilter,
  parseInvite,
  STAFF_INVITE_ROLES,
  type InviteValues,
} from './admin.forms';
import { auditLog, sentMessages } from './admin.service';
import { AdminHubPage, AuditPage, MessagesPage, UsersPage, type UserRow } from './views/AdminPages';

const PAGE_SIZE = 50;

function offsetFrom(q: { offset?: string }): number {
  const n = Number(q.offset ?? 0);
  return Number.isInteger(n) && n >= 0 && n < 1_000_000 ? n : 0;
}

export function registerAdminRoutes(app: FastifyInstance, ctx: AppContext): void {
  const managers = { access: ROLE_GROUPS.managers };
  const useCase = (request: FastifyRequest) =>
    useCaseFor(request, { db: ctx.db, clock: ctx.clock, publicUrl: ctx.config.publicUrl });

  app.get('/admin', { config: managers }, async (request, reply) =>
    ctx.page(request, reply, { title: 'Manage the service' }, <AdminHubPage />),
  );

  app.get<{ Querystring: Record<string, string | undefined> }>(
    '/admin/audit',
    { config: managers },
    async (request, reply) => {
      const { values, filter, errors } = parseAuditFilter(request.query);
      const offset = offsetFrom(request.query);
      const result = await auditLog(useCase(request), {
        filter,
        searchable: errors.length === 0,
        limit: PAGE_SIZE,
        offset,
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
      const { rows, total } = await sentMessages(useCase(request), { limit: 25, offset });
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
          currentUserId={request.auth?.userId}
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
          currentUserId={request.auth?.userId}
        />,
      );
    if (errors.length > 0) return again(errors);
    const uc = useCase(request);
    const result = await createUserWithInvitation(
      uc.db,
      uc.clock,
      uc.actor,
      { serviceId: uc.service.id, email: values.email, displayName: values.displayName, roles },
      uc.links,
    );
    if (!result.ok)
      return again([
        { field: 'email', message: 'Someone already has an account with this email address' },
      ]);
    return reply.redirect(`/admin/users?invited=${encodeURIComponent(values.email)}`, 303);
  });
}
