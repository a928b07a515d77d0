import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { BackLink } from 'nhsuk-react-components';
import { z } from 'zod';
import { ROLE_GROUPS } from '../../platform/access';
import type { AppContext } from '../../platform/context';
import { formBody, formList, formText, queryOf, singleQuery, uuidParam } from '../../platform/edge';
import { formRoute } from '../../platform/edge/form-route';
import { useCaseFor } from '../../platform/use-case';
import { renderNotFound } from '../../platform/web';
import { parseClientForm } from './clients.forms';
import * as service from './clients.service';
import { ApiClientFormPage, ApiClientsPage } from './views/ApiClientPages';

const backToHub = <BackLink href="/admin">Back to manage the service</BackLink>;
const backToClients = <BackLink href="/admin/api-clients">Back to API clients</BackLink>;

/** Service managers register the systems that may call the FHIR API, and switch them off. */
export function registerApiClientRoutes(fastify: FastifyInstance, ctx: AppContext): void {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const managers = ROLE_GROUPS.managers;
  const useCase = (request: FastifyRequest) =>
    useCaseFor(request, { db: ctx.db, clock: ctx.clock, publicUrl: ctx.config.publicUrl });
  const origin = (request: FastifyRequest) => `${request.protocol}://${request.host}`;

  app.get(
    '/admin/api-clients',
    {
      config: { access: managers },
      schema: { querystring: queryOf({ registered: singleQuery.optional() }) },
    },
    async (request, reply) => {
      const clients = await service.clientList(useCase(request));
      if (!clients) return renderNotFound(request, reply);
      return ctx.page(
        request,
        reply,
        { title: 'API clients', backLink: backToHub },
        <ApiClientsPage
          clients={clients}
          registered={clients.find((c) => c.id === request.query.registered)}
          tokenUrl={`${origin(request)}/api/oauth/token`}
          fhirBase={`${origin(request)}/api/fhir/r4`}
          csrfToken={reply.generateCsrf()}
        />,
      );
    },
  );

  formRoute(fastify, ctx, {
    url: '/admin/api-clients/new',
    access: managers,
    body: formBody({
      name: formText(1000).optional(),
      scopes: z.union([formText(100), formList(100)]).optional(),
      jwks: formText(30_000).optional(),
    }),
    load: () => Promise.resolve({}),
    initial: () => ({ name: '', scopes: [], jwks: '' }),
    parse: (body) => parseClientForm(body),
    view: ({ values, errors, csrfToken }) => ({
      title: 'Register a system',
      backLink: backToClients,
      body: <ApiClientFormPage csrfToken={csrfToken} values={values} errors={errors} />,
    }),
    change: async (request, _data, client) => {
      const result = await service.registerClient(useCase(request), client);
      if (!result.ok)
        return result.reason === 'denied'
          ? null
          : {
              errors: [
                {
                  field: 'jwks',
                  message:
                    'The key cannot be used: check it is the public key the system signs with',
                },
              ],
            };
      return { redirect: `/admin/api-clients?registered=${result.client.id}` };
    },
  });

  app.post(
    '/admin/api-clients/:clientId/deactivate',
    {
      config: { access: managers },
      schema: { params: z.object({ clientId: uuidParam }), body: formBody({}) },
    },
    async (request, reply) => {
      const client = await service.deactivateClient(useCase(request), request.params.clientId);
      if (!client) return renderNotFound(request, reply);
      return reply.redirect('/admin/api-clients', 303);
    },
  );
}
