import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { BackLink } from 'nhsuk-react-components';
import { z } from 'zod';
import { ROLE_GROUPS } from '../../platform/access';
import type { AppContext } from '../../platform/context';
import { queryOf, safeText, uuidParam } from '../../platform/edge';
import { useCaseFor } from '../../platform/use-case';
import { renderNotFound, requireAuth } from '../../platform/web';
import { offsetFrom } from '../../ui/pager';
import { whoViewedMyRecord, whoViewedRecord } from './record-access.service';
import { RecordAccessPage } from './views/RecordAccessPage';

const PAGE_SIZE = 25;

/** "Who has viewed my record" for patients, and the same list per patient for service managers. */
export function registerRecordAccessRoutes(fastify: FastifyInstance, ctx: AppContext): void {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const useCase = (request: FastifyRequest) =>
    useCaseFor(request, { db: ctx.db, clock: ctx.clock, publicUrl: ctx.config.publicUrl });

  app.get<{ Querystring: { offset?: string } }>(
    '/record-views',
    { config: { access: ROLE_GROUPS.patients } },
    async (request, reply) => {
      const offset = offsetFrom(request.query);
      const page = await whoViewedMyRecord(useCase(request), { limit: PAGE_SIZE, offset });
      if (!page) return renderNotFound(request, reply);
      return ctx.page(
        request,
        reply,
        {
          title: 'Who has viewed your record',
          backLink: <BackLink href="/home">Back to home</BackLink>,
        },
        <RecordAccessPage
          own
          patientName={`${page.patient.givenName} ${page.patient.familyName}`}
          entries={page.entries}
          total={page.total}
          offset={offset}
          limit={PAGE_SIZE}
          pagerBase="/record-views"
        />,
      );
    },
  );

  app.get(
    '/patients/:patientId/record-views',
    {
      // The policy decides: the patient themselves or a service manager; anyone else gets 404.
      config: { access: [...ROLE_GROUPS.patients, ...ROLE_GROUPS.clinical] },
      schema: {
        params: z.object({ patientId: uuidParam }),
        querystring: queryOf({ offset: safeText(20).optional() }),
      },
    },
    async (request, reply) => {
      const offset = offsetFrom(request.query);
      const page = await whoViewedRecord(useCase(request), {
        patientId: request.params.patientId,
        limit: PAGE_SIZE,
        offset,
      });
      if (!page) return renderNotFound(request, reply);
      const name = `${page.patient.givenName} ${page.patient.familyName}`;
      const own = page.patient.userId === requireAuth(request).userId;
      return ctx.page(
        request,
        reply,
        {
          title: own ? 'Who has viewed your record' : `Who has viewed ${name}’s record`,
          backLink: own ? (
            <BackLink href="/home">Back to home</BackLink>
          ) : (
            <BackLink href={`/patients/${page.patient.id}`}>Back to {name}</BackLink>
          ),
        },
        <RecordAccessPage
          own={own}
          patientName={name}
          entries={page.entries}
          total={page.total}
          offset={offset}
          limit={PAGE_SIZE}
          pagerBase={`/patients/${page.patient.id}/record-views`}
        />,
      );
    },
  );
}
