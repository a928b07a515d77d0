import { BackLink } from 'nhsuk-react-components';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { OIDC_KINDS, type OidcKind } from '../../db/schema';
import { ROLE_GROUPS } from '../../platform/access';
import type { AppContext } from '../../platform/context';
import { formBody, formText, uuidParam } from '../../platform/edge';
import { formRoute } from '../../platform/edge/form-route';
import { useCaseFor } from '../../platform/use-case';
import { parseRemoveLink, REMOVE_LINK_REASON_MAX } from './auth.forms';
import * as links from './oidc.service';
import { RemoveLinkPage } from './views/RemoveLinkPage';

/**
 * A service manager removes an account's NHS login or single sign-on link: a wrong record linked,
 * a merged record, a member of staff who has left (ADR 0026). The users list links here.
 */
export function registerIdentityLinkRoutes(fastify: FastifyInstance, ctx: AppContext): void {
  const useCase = (request: FastifyRequest) =>
    useCaseFor(request, { db: ctx.db, clock: ctx.clock, publicUrl: ctx.config.publicUrl });
  const providerName = (kind: OidcKind) =>
    kind === 'nhs_login' ? 'NHS login' : (ctx.config.oidc.staff?.name ?? 'single sign-on');

  formRoute(fastify, ctx, {
    url: '/admin/users/:userId/sign-in-links/:kind',
    access: ROLE_GROUPS.managers,
    params: z.object({ userId: uuidParam, kind: z.enum(OIDC_KINDS) }),
    body: formBody({ reason: formText(REMOVE_LINK_REASON_MAX * 4).optional() }),
    load: (request, { userId, kind }) => links.linkForManager(useCase(request), { userId, kind }),
    initial: () => ({ reason: '' }),
    parse: (body) => parseRemoveLink(body),
    view: ({ data, values, errors, csrfToken }) => ({
      title: `Remove ${data.displayName}’s ${providerName(data.kind)} link`,
      backLink: <BackLink href="/admin/users">Back to users</BackLink>,
      body: (
        <RemoveLinkPage
          link={data}
          providerName={providerName(data.kind)}
          csrfToken={csrfToken}
          values={values}
          errors={errors}
        />
      ),
    }),
    change: async (request, link, { reason }) => {
      const ended = await links.removeLinkForManager(useCase(request), {
        userId: link.userId,
        kind: link.kind,
        reason,
      });
      if (ended === null) return null;
      for (const tokenHash of ended) ctx.sockets.closeSessionSockets(tokenHash);
      return { redirect: `/admin/users?unlinked=${link.userId}` };
    },
  });
}
