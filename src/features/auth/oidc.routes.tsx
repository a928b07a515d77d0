import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { OidcKind } from '../../db/schema';
import type { AppContext } from '../../platform/context';
import { formBody, formText, queryOf, safeNext } from '../../platform/edge';
import { deleteSession, sessionTokenHashFrom, setSessionCookie } from '../../platform/session';
import { useCaseFor } from '../../platform/use-case';
import { renderNotFound } from '../../platform/web';
import { fieldHref } from '../../ui/fields';
import type { ServiceContactDetails } from '../../ui/ServiceContact';
import { registerIdentityLinkRoutes } from './identity-links.routes';
import { OidcClient } from './oidc.client';
import * as oidc from './oidc.service';
import {
  ConfirmLinkPage,
  NeedsIdentityProofPage,
  NoMatchPage,
  ProviderUnavailablePage,
  SignInFailedPage,
  UnknownStaffPage,
} from './views/OidcPages';

/** What the sign-in page needs to know to offer the configured providers. */
export function oidcButtons(ctx: AppContext): { nhsLogin: boolean; staffName: string | undefined } {
  return { nhsLogin: !!ctx.config.oidc.nhsLogin, staffName: ctx.config.oidc.staff?.name };
}

const clientsByContext = new WeakMap<AppContext, Record<OidcKind, OidcClient | undefined>>();

/**
 * The configured providers' clients, one each per app: sign-in and sign-out share them, and with
 * them the provider's discovered metadata and keys.
 */
export function oidcClients(ctx: AppContext): Record<OidcKind, OidcClient | undefined> {
  let clients = clientsByContext.get(ctx);
  if (!clients) {
    const { nhsLogin, staff } = ctx.config.oidc;
    clients = {
      nhs_login: nhsLogin ? new OidcClient(nhsLogin, ctx.clock) : undefined,
      staff: staff ? new OidcClient(staff, ctx.clock) : undefined,
    };
    clientsByContext.set(ctx, clients);
  }
  return clients;
}

export interface OidcRouteDeps {
  /** The service's contact details (from the admin feature, passed in by app.tsx). */
  serviceContact: (
    db: AppContext['db'],
    serviceId: string,
  ) => Promise<ServiceContactDetails | null>;
}

const nextQuery = queryOf({
  next: z
    .unknown()
    .optional()
    .transform((v) => safeNext(typeof v === 'string' ? v : undefined)),
});
const confirmBody = formBody({ isMe: formText(10).optional() });

/**
 * NHS login for patients and the configured single sign-on for staff (ADR 0026). The routes
 * always exist, so the route table is the same everywhere; a provider that is not configured
 * answers 404.
 */
export function registerOidcRoutes(
  fastify: FastifyInstance,
  ctx: AppContext,
  deps: OidcRouteDeps,
): void {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const useCase = (request: FastifyRequest) =>
    useCaseFor(request, { db: ctx.db, clock: ctx.clock, publicUrl: ctx.config.publicUrl });
  const clients = oidcClients(ctx);
  const { staff } = ctx.config.oidc;
  registerIdentityLinkRoutes(fastify, ctx);
  const cookieName = ctx.cookieSettings.secure ? '__Host-rapport-oidc' : 'rapport-oidc';
  const cookieOptions = {
    path: '/',
    httpOnly: true,
    // Lax: the provider's redirect back is a top-level GET from another site, which Lax allows.
    sameSite: 'lax' as const,
    secure: ctx.cookieSettings.secure,
    signed: true,
  };
  const flowIdFrom = (request: FastifyRequest): string | null => {
    const raw = request.cookies[cookieName];
    if (!raw) return null;
    const unsigned = request.unsignCookie(raw);
    return unsigned.valid && unsigned.value && /^[0-9a-f-]{36}$/.test(unsigned.value)
      ? unsigned.value
      : null;
  };
  const clearFlow = (reply: FastifyReply) => reply.clearCookie(cookieName, cookieOptions);

  const signIn = async (request: FastifyRequest, reply: FastifyReply, token: string) => {
    // Whatever session this browser had ends here, as with a password sign-in.
    const previous = sessionTokenHashFrom(request, ctx.cookieSettings);
    if (previous) await deleteSession(ctx.db, request.service.id, previous);
    setSessionCookie(reply, ctx.cookieSettings, token);
  };

  const noMatch = async (request: FastifyRequest, reply: FastifyReply, declined = false) =>
    ctx.page(
      request,
      reply,
      {
        title: declined
          ? 'Contact us so we can check your details'
          : 'We could not find your details',
        status: declined ? 200 : 403,
      },
      <NoMatchPage
        serviceName={request.service.name}
        contact={await deps.serviceContact(ctx.db, request.service.id)}
        declined={declined}
      />,
    );

  for (const [kind, path] of [
    ['nhs_login', '/sign-in/nhs-login'],
    ['staff', '/sign-in/staff'],
  ] as const) {
    app.get(
      path,
      {
        // Each start stores a flow row: bounded per address, generously for shared NHS networks.
        config: { access: 'public', rateLimit: { max: 60, timeWindow: '1 minute' } },
        schema: { querystring: nextQuery },
      },
      async (request, reply) => {
        const client = clients[kind];
        if (!client) return renderNotFound(request, reply);
        let started: { flowId: string; url: string };
        try {
          started = await oidc.startOidcSignIn(useCase(request), {
            client,
            kind,
            next: request.query.next,
          });
        } catch (error) {
          // The provider's discovery document could not be fetched: say so, keep passwords open.
          request.log.warn({ err: error, provider: kind }, 'OpenID provider unavailable');
          const name = kind === 'nhs_login' ? 'NHS login' : (staff?.name ?? 'single sign-on');
          return ctx.page(
            request,
            reply,
            { title: `Sorry, ${name} is not available right now`, status: 503 },
            <ProviderUnavailablePage providerName={name} />,
          );
        }
        reply.setCookie(cookieName, started.flowId, cookieOptions);
        return reply.redirect(started.url, 303);
      },
    );

    app.get(`${path}/callback`, { config: { access: 'public' } }, async (request, reply) => {
      const client = clients[kind];
      if (!client) return renderNotFound(request, reply);
      const query = new URLSearchParams(request.query as Record<string, string>);
      const outcome = await oidc.finishOidcSignIn(useCase(request), {
        client,
        kind,
        flowId: flowIdFrom(request),
        query,
        staff,
      });
      if (outcome.kind !== 'confirm') clearFlow(reply);
      switch (outcome.kind) {
        case 'signed_in':
          await signIn(request, reply, outcome.token);
          return reply.redirect(outcome.next, 303);
        case 'confirm':
          return reply.redirect('/sign-in/nhs-login/confirm', 303);
        case 'needs_p9':
          return ctx.page(
            request,
            reply,
            { title: 'You need to prove who you are with NHS login', status: 403 },
            <NeedsIdentityProofPage />,
          );
        case 'no_match':
          return noMatch(request, reply);
        case 'unknown_staff':
          return ctx.page(
            request,
            reply,
            { title: `You cannot sign in with ${staff?.name ?? 'single sign-on'}`, status: 403 },
            <UnknownStaffPage providerName={staff?.name ?? 'single sign-on'} />,
          );
        case 'failed':
          return ctx.page(
            request,
            reply,
            { title: 'Sign-in did not work', status: 400 },
            <SignInFailedPage />,
          );
      }
    });
  }

  const expired = (request: FastifyRequest, reply: FastifyReply) => {
    clearFlow(reply);
    return ctx.page(
      request,
      reply,
      { title: 'Sign-in did not work', status: 400 },
      <SignInFailedPage />,
    );
  };

  app.get(
    '/sign-in/nhs-login/confirm',
    { config: { access: 'public' } },
    async (request, reply) => {
      if (!clients.nhs_login) return renderNotFound(request, reply);
      const view = await oidc.linkToConfirm(useCase(request), { flowId: flowIdFrom(request) });
      if (!view) return expired(request, reply);
      return ctx.page(
        request,
        reply,
        { title: 'Is this you?' },
        <ConfirmLinkPage csrfToken={reply.generateCsrf()} {...view} />,
      );
    },
  );

  app.post(
    '/sign-in/nhs-login/confirm',
    { config: { access: 'public' }, schema: { body: confirmBody } },
    async (request, reply) => {
      if (!clients.nhs_login) return renderNotFound(request, reply);
      const answer = request.body.isMe;
      const flowId = flowIdFrom(request);
      if (answer !== 'yes' && answer !== 'no') {
        const view = await oidc.linkToConfirm(useCase(request), { flowId });
        if (!view) return expired(request, reply);
        return ctx.page(
          request,
          reply,
          { title: 'Is this you?', hasErrors: true, status: 400 },
          <ConfirmLinkPage
            csrfToken={reply.generateCsrf()}
            {...view}
            errors={[
              {
                field: 'isMe',
                href: fieldHref.choice('isMe'),
                message: 'Select yes if these are your details',
              },
            ]}
          />,
        );
      }
      const outcome = await oidc.confirmLink(useCase(request), { flowId, isMe: answer === 'yes' });
      clearFlow(reply);
      if (outcome.kind === 'expired') return expired(request, reply);
      if (outcome.kind === 'declined') return noMatch(request, reply, true);
      await signIn(request, reply, outcome.token);
      return reply.redirect(outcome.next, 303);
    },
  );
}
