import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { BackLink } from 'nhsuk-react-components';
import { z } from 'zod';
import type { users as usersTable } from '../../db/schema';
import { ROLE_GROUPS } from '../../platform/access';
import type { AppContext } from '../../platform/context';
import { formBody, formList, formText, queryOf, singleQuery, uuidParam } from '../../platform/edge';
import { formRoute } from '../../platform/edge/form-route';
import { useCaseFor } from '../../platform/use-case';
import { renderNotFound } from '../../platform/web';
import { DATE_RANGE_QUERY } from '../../ui/date-range';
import { fieldHref } from '../../ui/fields';
import {
  changeColleagueAccess,
  changeColleagueRoles,
  colleagueForAccess,
  createUserWithInvitation,
  resendStaffInvitation,
  serviceUsers,
  secondFactorKindsByUser,
  signInLinksByUser,
  userIdForEmail,
} from '../auth';
import { caseloadSizes } from '../courses';
import { openAlertCount } from '../risk';
import { superviseesNamed } from '../therapists';
import { waitingWithClinician } from '../triage';
import { StaffAccessPage } from './views/StaffAccessPage';
import { StaffRolesPage } from './views/StaffRolesPage';
import { superviseeErrors } from './views/SuperviseesCallout';
import {
  ACCESS_REASON_MAX,
  contactToValues,
  parseAccessReason,
  parseAuditFilter,
  parseContact,
  parseInvite,
  parseMessageFilter,
  parseRolesChange,
  STAFF_INVITE_ROLES,
  type InviteValues,
} from './admin.forms';
import { findServiceContact } from './admin.repository';
import { auditLog, saveContact, sentMessages } from './admin.service';
import {
  AdminHubPage,
  AuditPage,
  ContactPage,
  MessagesPage,
  UsersPage,
  invitationAnchor,
  invitationWaiting,
  type UserRow,
} from './views/AdminPages';

const PAGE_SIZE = 50;
const KEEP_A_MANAGER = 'The service must keep at least one service manager who can sign in';
const MESSAGES_PAGE_SIZE = 25;

function offsetFrom(q: { offset?: string }): number {
  const n = Number(q.offset ?? 0);
  return Number.isInteger(n) && n >= 0 && n < 1_000_000 ? n : 0;
}

/** The cut-off a first page recorded in its pager links; anything else starts afresh. */
function untilFrom(q: { until?: string }): number | undefined {
  if (!q.until || !/^\d{1,15}$/.test(q.until)) return undefined;
  return Number(q.until);
}

/** The query to carry to other pages: the filters as given, without the page offset. */
function keptQuery(query: Record<string, string | undefined>): URLSearchParams {
  const kept = new URLSearchParams();
  for (const [k, v] of Object.entries(query))
    if (k !== 'offset' && typeof v === 'string' && v !== '') kept.set(k, v);
  return kept;
}

const backToHub = <BackLink href="/admin">Back to manage the service</BackLink>;

export function registerAdminRoutes(fastify: FastifyInstance, ctx: AppContext): void {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const managers = { access: ROLE_GROUPS.managers };
  const useCase = (request: FastifyRequest) =>
    useCaseFor(request, { db: ctx.db, clock: ctx.clock, publicUrl: ctx.config.publicUrl });

  app.get(
    '/admin',
    { config: managers, schema: { querystring: queryOf({ saved: singleQuery.optional() }) } },
    (request, reply) =>
      ctx.page(
        request,
        reply,
        { title: 'Manage the service' },
        <AdminHubPage savedContact={request.query.saved === 'contact'} />,
      ),
  );

  app.get(
    '/admin/audit',
    {
      config: managers,
      schema: {
        querystring: queryOf({
          user: singleQuery.optional(),
          patient: singleQuery.optional(),
          referral: singleQuery.optional(),
          ...DATE_RANGE_QUERY,
          offset: singleQuery.optional(),
          until: singleQuery.optional(),
        }),
      },
    },
    async (request, reply) => {
      const { values, filter, errors } = parseAuditFilter(request.query);
      const offset = offsetFrom(request.query);
      const result = await auditLog(useCase(request), {
        filter,
        searchable: errors.length === 0,
        untilId: untilFrom(request.query),
        limit: PAGE_SIZE,
        offset,
      });
      const pagerQuery = keptQuery(request.query);
      pagerQuery.set('until', String(result.untilId));
      return ctx.page(
        request,
        reply,
        { title: 'Audit log', hasErrors: errors.length > 0, backLink: backToHub },
        <AuditPage
          values={values}
          errors={errors}
          rows={result.rows}
          total={result.total}
          offset={offset}
          limit={PAGE_SIZE}
          pagerQuery={pagerQuery}
        />,
      );
    },
  );

  app.get(
    '/admin/messages',
    {
      config: managers,
      schema: {
        querystring: queryOf({
          recipient: singleQuery.optional(),
          channel: singleQuery.optional(),
          status: singleQuery.optional(),
          ...DATE_RANGE_QUERY,
          offset: singleQuery.optional(),
        }),
      },
    },
    async (request, reply) => {
      const { values, filter, errors } = parseMessageFilter(request.query);
      const offset = offsetFrom(request.query);
      const { rows, total } = await sentMessages(useCase(request), {
        filter,
        searchable: errors.length === 0,
        limit: MESSAGES_PAGE_SIZE,
        offset,
      });
      return ctx.page(
        request,
        reply,
        { title: 'Sent messages', hasErrors: errors.length > 0, backLink: backToHub },
        <MessagesPage
          values={values}
          errors={errors}
          rows={rows}
          total={total}
          offset={offset}
          limit={MESSAGES_PAGE_SIZE}
          pagerQuery={keptQuery(request.query)}
          providers={ctx.notifier.description}
        />,
      );
    },
  );

  const usersPage = async (serviceId: string) => {
    const links = await signInLinksByUser(ctx.db, serviceId);
    const secondFactors = await secondFactorKindsByUser(ctx.db, serviceId);
    return (await serviceUsers(ctx.db, serviceId)).map(
      (u: typeof usersTable.$inferSelect): UserRow => ({
        id: u.id,
        displayName: u.displayName,
        email: u.email,
        roles: u.roles,
        active: u.active,
        hasPassword: u.passwordHash !== null,
        signInLinks: links.get(u.id) ?? [],
        secondFactors: secondFactors.get(u.id) ?? [],
      }),
    );
  };
  const emptyInvite: InviteValues = { displayName: '', email: '', roles: [] };

  app.get(
    '/admin/users',
    {
      config: managers,
      schema: {
        querystring: queryOf({
          invited: singleQuery.optional(),
          unlinked: singleQuery.optional(),
          removed: singleQuery.optional(),
          restored: singleQuery.optional(),
          roles: singleQuery.optional(),
          reinvited: singleQuery.optional(),
        }),
      },
    },
    async (request, reply) => {
      const users = await usersPage(request.service.id);
      return ctx.page(
        request,
        reply,
        { title: 'Users', backLink: backToHub },
        <UsersPage
          users={users}
          csrfToken={reply.generateCsrf()}
          values={emptyInvite}
          invited={request.query.invited?.slice(0, 254)}
          unlinked={users.find((u) => u.id === request.query.unlinked)?.displayName}
          removed={users.find((u) => u.id === request.query.removed)?.displayName}
          restored={users.find((u) => u.id === request.query.restored)?.displayName}
          reinvited={users.find((u) => u.id === request.query.reinvited)}
          rolesChanged={users.find((u) => u.id === request.query.roles)}
          roleOptions={STAFF_INVITE_ROLES}
          currentUserId={request.auth?.userId}
        />,
      );
    },
  );

  app.post(
    '/admin/users',
    {
      config: managers,
      schema: {
        body: formBody({
          displayName: formText(1000).optional(),
          email: formText(1000).optional(),
          roles: z.union([formText(100), formList(100)]).optional(),
        }),
      },
    },
    async (request, reply) => {
      const { values, roles, errors } = parseInvite(request.body);
      const again = async (errs: typeof errors) =>
        ctx.page(
          request,
          reply,
          { title: 'Users', hasErrors: true, backLink: backToHub },
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
      if (!result.ok) {
        // Invited before and not yet set up (the link may have run out): sent again from the list.
        const existingId = await userIdForEmail(uc.db, uc.service.id, values.email);
        const existing = (await usersPage(request.service.id)).find((u) => u.id === existingId);
        if (existing && invitationWaiting(existing))
          return again([
            {
              field: 'email',
              href: invitationAnchor(existing.id),
              message:
                'This person has been invited already. Send the invitation again from the list',
            },
          ]);
        return again([
          { field: 'email', message: 'Someone already has an account with this email address' },
        ]);
      }
      return reply.redirect(`/admin/users?invited=${encodeURIComponent(values.email)}`, 303);
    },
  );

  // A member of staff's invitation sent again: a fresh 7-day link, the earlier one stops working.
  app.post(
    '/admin/users/:userId/invitation',
    {
      config: managers,
      schema: { params: z.object({ userId: uuidParam }), body: formBody({}) },
    },
    async (request, reply) => {
      const result = await resendStaffInvitation(useCase(request), {
        userId: request.params.userId,
      });
      if (!result.ok && result.reason === 'not_found') return renderNotFound(request, reply);
      // Set up already (another manager, or they took up the first link): the list shows it.
      if (!result.ok) return reply.redirect('/admin/users', 303);
      return reply.redirect(`/admin/users?reinvited=${result.userId}`, 303);
    },
  );

  /**
   * A colleague a manager may act on, with what of theirs needs someone else (H2, H27): people in
   * treatment with them as therapist, open risk alerts they are responsible for, and people
   * waiting (an assessment booked, or for IPT) with them as responsible clinician.
   */
  const colleagueWithCaseload = async (request: FastifyRequest, userId: string) => {
    const uc = useCase(request);
    const colleague = await colleagueForAccess(uc, userId);
    if (!colleague) return null;
    const [sizes, openAlerts, waiting, supervisees] = await Promise.all([
      caseloadSizes(uc),
      openAlertCount(uc, colleague.id),
      waitingWithClinician(uc, colleague.id),
      superviseesNamed(uc, colleague.id),
    ]);
    return { colleague, caseload: sizes.get(colleague.id) ?? 0, openAlerts, waiting, supervisees };
  };

  // A leaver's access removed (or restored), with the reason, from the users list.
  formRoute(fastify, ctx, {
    url: '/admin/users/:userId/access',
    access: managers.access,
    params: z.object({ userId: uuidParam }),
    body: formBody({
      reason: formText(ACCESS_REASON_MAX * 4).optional(),
      change: formText(20).optional(),
    }),
    load: (request, { userId }) => colleagueWithCaseload(request, userId),
    initial: (data) => ({
      reason: '',
      change: data.colleague.active ? ('remove' as const) : ('restore' as const),
    }),
    parse: (body, data) => parseAccessReason(body, data.colleague),
    view: ({ data, values, errors, csrfToken }) => ({
      title: `${data.colleague.active ? 'Remove' : 'Restore'} ${data.colleague.displayName}’s access`,
      backLink: <BackLink href="/admin/users">Back to users</BackLink>,
      body: (
        <StaffAccessPage
          colleague={data.colleague}
          caseload={data.caseload}
          openAlerts={data.openAlerts}
          waiting={data.waiting}
          supervisees={data.supervisees}
          csrfToken={csrfToken}
          values={values}
          errors={errors}
        />
      ),
    }),
    change: async (request, { colleague }, { reason, change }) => {
      const removing = change === 'remove';
      const changed = await changeColleagueAccess(useCase(request), {
        userId: colleague.id,
        active: !removing,
        reason,
        supervisees: superviseesNamed,
      });
      if (!changed.ok && changed.reason === 'not_found') return null;
      // Done already (a second click, or another manager): the list shows how it stands.
      if (!changed.ok && changed.reason === 'unchanged') return { redirect: '/admin/users' };
      if (!changed.ok && changed.reason === 'last_manager')
        return {
          errors: [
            {
              field: 'reason',
              message: KEEP_A_MANAGER,
            },
          ],
        };
      // Their trainees would be left with nobody to countersign notes or hear of risk (H17).
      if (!changed.ok && changed.reason === 'supervises')
        return {
          errors: superviseeErrors(
            'supervisees',
            changed.colleague.displayName,
            changed.supervisees,
            'remove their access',
          ),
        };
      // Their live video and Wall connections end too (no-op when restoring).
      if (removing)
        ctx.sockets.closeUserSockets(request.service.id, colleague.id, 'access removed');
      return {
        redirect: `/admin/users?${removing ? 'removed' : 'restored'}=${colleague.id}`,
      };
    },
  });

  // A colleague's roles changed (a therapist becomes a supervisor, a manager steps down).
  formRoute(fastify, ctx, {
    url: '/admin/users/:userId/roles',
    access: managers.access,
    params: z.object({ userId: uuidParam }),
    body: formBody({
      roles: z.union([formText(100), formList(100)]).optional(),
      reason: formText(ACCESS_REASON_MAX * 4).optional(),
    }),
    load: async (request, { userId }) => {
      const uc = useCase(request);
      const colleague = await colleagueForAccess(uc, userId);
      return colleague
        ? { colleague, supervisees: await superviseesNamed(uc, colleague.id) }
        : null;
    },
    initial: (data) => ({ roles: [...data.colleague.roles], reason: '' }),
    parse: (body) => parseRolesChange(body),
    view: ({ data, values, errors, csrfToken }) => ({
      title: `Change ${data.colleague.displayName}’s roles`,
      backLink: <BackLink href="/admin/users">Back to users</BackLink>,
      body: (
        <StaffRolesPage
          colleague={data.colleague}
          roleOptions={STAFF_INVITE_ROLES}
          supervisees={data.supervisees}
          csrfToken={csrfToken}
          values={values}
          errors={errors}
        />
      ),
    }),
    change: async (request, { colleague }, { roles, reason }) => {
      const changed = await changeColleagueRoles(useCase(request), {
        userId: colleague.id,
        roles,
        reason,
        patientsInTreatment: async (t, userId) => (await caseloadSizes(t)).get(userId) ?? 0,
        supervisees: superviseesNamed,
      });
      // Their trainees would be left with nobody to countersign notes or hear of risk (H17).
      if (!changed.ok && changed.reason === 'supervises')
        return {
          errors: superviseeErrors(
            'supervisees',
            changed.colleague.displayName,
            changed.supervisees,
            'take away their supervisor role',
          ),
        };
      // Their patients would be left with a therapist who may no longer look after them.
      if (!changed.ok && changed.reason === 'in_treatment')
        return {
          errors: [
            {
              field: 'roles',
              href: fieldHref.choice('roles'),
              message: `${changed.colleague.displayName} is the therapist of ${changed.patients === 1 ? '1 person' : `${changed.patients} people`} in treatment: hand their courses over to another therapist before taking away the therapist role`,
            },
          ],
        };
      if (!changed.ok && changed.reason === 'not_found') return null;
      if (!changed.ok && changed.reason === 'last_manager')
        return {
          errors: [
            {
              field: 'roles',
              href: fieldHref.choice('roles'),
              message: KEEP_A_MANAGER,
            },
          ],
        };
      return { redirect: `/admin/users?roles=${colleague.id}` };
    },
  });

  formRoute(fastify, ctx, {
    url: '/admin/contact',
    access: managers.access,
    body: formBody({
      phone: formText(100).optional(),
      email: formText(1000).optional(),
      address: formText(1000).optional(),
      postcode: formText(100).optional(),
    }),
    load: async (request) => ({ contact: await findServiceContact(ctx.db, request.service.id) }),
    initial: ({ contact }) => contactToValues(contact),
    parse: (body) => parseContact(body),
    view: ({ values, errors, csrfToken }) => ({
      title: 'Contact details',
      backLink: backToHub,
      body: <ContactPage csrfToken={csrfToken} values={values} errors={errors} />,
    }),
    change: async (request, _data, contact) => {
      await saveContact(useCase(request), contact);
      return { redirect: '/admin?saved=contact' };
    },
  });
}
