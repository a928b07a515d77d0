import { readFileSync } from 'node:fs';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../platform/context';
import { safeText, uuidParam } from '../../platform/edge';
import {
  ASSERTION_ALGORITHMS,
  apiUseCaseFor,
  claimedClientId,
  sendOutcome,
  type AccessTokens,
} from '../../platform/api';
import { isUuid } from '../../platform/edge';
import { capabilityStatement } from './capability';
import { activeClient, issueToken, type TokenRequest } from './clients.service';
import { everything, read, RESOURCES, search } from './fhir.service';
import { RESOURCE_TYPES, type FhirResource, type ResourceType } from './mappers';
import { pageQuery, parseNoFilters, parseSearch } from './search';
import { accessFor, REGISTRABLE_SCOPES } from './scopes';

export const FHIR_BASE = '/fhir/r4';
const FHIR_JSON = 'application/fhir+json; charset=utf-8';
const VERSION = (
  JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  }
).version;

/** Search values: repeatable (`date=ge…&date=le…`), bounded, free of control characters. */
const searchQuery = z.object({}).catchall(z.union([safeText(500), z.array(safeText(500)).max(10)]));

/** Where this request reached us: the base of every URL we give back (services differ by host). */
const origin = (request: FastifyRequest) => `${request.protocol}://${request.host}`;

/**
 * The FHIR R4 API (`/api/fhir/r4`) and its SMART token endpoint (`/api/oauth/token`). Registered
 * in the api scope: bearer tokens, OperationOutcome errors, no cookies.
 */
export async function registerFhirApi(
  fastify: FastifyInstance,
  ctx: AppContext,
  tokens: AccessTokens,
): Promise<void> {
  const api = fastify.withTypeProvider<ZodTypeProvider>();
  const appRefs = { db: ctx.db, clock: ctx.clock, publicUrl: ctx.config.publicUrl };
  const tokenUrls = (request: FastifyRequest) => [
    ...new Set([`${origin(request)}/api/oauth/token`, `${ctx.config.publicUrl}/api/oauth/token`]),
  ];

  const sendFhir = (reply: FastifyReply, body: unknown, status = 200) =>
    reply.code(status).header('cache-control', 'no-store').type(FHIR_JSON).send(body);

  /** The client behind the token, or a 401 when it has been switched off since. */
  async function clientUseCase(request: FastifyRequest, reply: FastifyReply) {
    const uc = apiUseCaseFor(request, appRefs);
    const principal = request.apiPrincipal;
    if (!principal || !(await activeClient(uc, principal.subject))) {
      await sendOutcome(
        reply.header('www-authenticate', 'Bearer realm="rapport", error="invalid_token"'),
        401,
        'The client is no longer allowed to use the API',
      );
      return null;
    }
    return { uc, scopes: principal.scopes };
  }

  api.get(`${FHIR_BASE}/metadata`, { config: { access: 'public' } }, async (request, reply) =>
    sendFhir(
      reply,
      capabilityStatement(
        `${origin(request)}/api${FHIR_BASE}`,
        `${origin(request)}/api/oauth/token`,
        RESOURCES,
        VERSION,
        ctx.clock.now(),
      ),
    ),
  );

  api.get(
    `${FHIR_BASE}/.well-known/smart-configuration`,
    { config: { access: 'public' } },
    async (request, reply) =>
      reply.header('cache-control', 'no-store').send({
        token_endpoint: `${origin(request)}/api/oauth/token`,
        token_endpoint_auth_methods_supported: ['private_key_jwt'],
        token_endpoint_auth_signing_alg_values_supported: ASSERTION_ALGORITHMS,
        grant_types_supported: ['client_credentials'],
        scopes_supported: REGISTRABLE_SCOPES,
        capabilities: ['client-confidential-asymmetric'],
      }),
  );

  // The token endpoint takes a form (RFC 6749 §4.4): parse it in this route's own scope only.
  await api.register((scope, _options, done) => {
    scope.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string', bodyLimit: 16 * 1024 },
      (_request, body, parsed) => {
        parsed(null, Object.fromEntries(new URLSearchParams(body as string)));
      },
    );
    scope.withTypeProvider<ZodTypeProvider>().post(
      '/oauth/token',
      {
        config: { access: 'public' },
        schema: { body: z.record(z.string(), z.string().max(8000)).optional() },
      },
      async (request, reply) => {
        const body = (request.body ?? {}) as TokenRequest;
        const claimed = body.client_assertion ? claimedClientId(body.client_assertion) : null;
        const uc = apiUseCaseFor(
          request,
          appRefs,
          claimed && isUuid(claimed) ? claimed : undefined,
        );
        const result = await issueToken(uc, {
          request: body,
          audiences: tokenUrls(request),
          tokens,
        });
        reply.header('cache-control', 'no-store').header('pragma', 'no-cache');
        if (!result.ok)
          return reply
            .code(result.error === 'invalid_client' ? 401 : 400)
            .send({ error: result.error, error_description: result.description });
        return reply.send({
          access_token: result.token,
          token_type: 'bearer',
          expires_in: result.expiresIn,
          scope: result.scope,
        });
      },
    );
    done();
  });

  for (const type of RESOURCE_TYPES) registerResource(type);

  function registerResource(type: ResourceType) {
    const definition = RESOURCES[type];
    api.get(
      `${FHIR_BASE}/${type}`,
      { config: { access: accessFor(type) }, schema: { querystring: searchQuery } },
      async (request, reply) => {
        const parsed = parseSearch(request.query, definition.params, definition.statuses);
        if (!parsed.ok) return sendOutcome(reply, 400, parsed.message);
        const client = await clientUseCase(request, reply);
        if (!client) return reply;
        const q = parsed.value;
        const { found, total } = await search(client.uc, type, q);
        const base = `${origin(request)}/api${FHIR_BASE}`;
        const url = (offset: number) =>
          `${base}/${type}?${pageQuery(request.query, offset, q.count)}`;
        // A count of 0 asks for the total only: no page to go on to.
        const link = [
          { relation: 'self', url: url(q.offset) },
          ...(q.count > 0 && q.offset + q.count < total
            ? [{ relation: 'next', url: url(q.offset + q.count) }]
            : []),
          ...(q.count > 0 && q.offset > 0
            ? [{ relation: 'previous', url: url(Math.max(0, q.offset - q.count)) }]
            : []),
        ];
        return sendFhir(
          reply,
          searchset(
            base,
            found.map((f) => f.resource),
            total,
            link,
          ),
        );
      },
    );

    api.get(
      `${FHIR_BASE}/${type}/:id`,
      {
        config: { access: accessFor(type) },
        schema: { params: z.object({ id: uuidParam }), querystring: searchQuery },
      },
      async (request, reply) => {
        const parsed = parseNoFilters(request.query, 'a read');
        if (!parsed.ok) return sendOutcome(reply, 400, parsed.message);
        const client = await clientUseCase(request, reply);
        if (!client) return reply;
        const resource = await read(client.uc, type, request.params.id.toLowerCase());
        if (!resource) return sendOutcome(reply, 404);
        return sendFhir(reply, resource);
      },
    );
  }

  api.get(
    `${FHIR_BASE}/Patient/:id/$everything`,
    {
      config: { access: accessFor('Patient') },
      schema: { params: z.object({ id: uuidParam }), querystring: searchQuery },
    },
    async (request, reply) => {
      const parsed = parseNoFilters(request.query, '$everything');
      if (!parsed.ok) return sendOutcome(reply, 400, parsed.message);
      const client = await clientUseCase(request, reply);
      if (!client) return reply;
      const resources = await everything(client.uc, request.params.id.toLowerCase(), client.scopes);
      if (!resources) return sendOutcome(reply, 404);
      const base = `${origin(request)}/api${FHIR_BASE}`;
      return sendFhir(
        reply,
        searchset(base, resources, resources.length, [
          { relation: 'self', url: `${base}/Patient/${request.params.id}/$everything` },
        ]),
      );
    },
  );
}

function searchset(
  base: string,
  resources: readonly FhirResource[],
  total: number,
  link: { relation: string; url: string }[],
) {
  return {
    resourceType: 'Bundle',
    type: 'searchset',
    total,
    link,
    // FHIR JSON has no empty arrays: a Bundle with nothing in it has no `entry`.
    ...(resources.length > 0
      ? {
          entry: resources.map((resource) => ({
            fullUrl: `${base}/${resource.resourceType}/${resource.id}`,
            resource,
            search: { mode: 'match' },
          })),
        }
      : {}),
  };
}
