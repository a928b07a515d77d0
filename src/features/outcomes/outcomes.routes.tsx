import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { BackLink } from 'nhsuk-react-components';
import { ROLE_GROUPS } from '../../platform/access';
import type { AppContext } from '../../platform/context';
import { queryOf } from '../../platform/edge';
import { useCaseFor } from '../../platform/use-case';
import { DATE_RANGE_QUERY } from '../../ui/date-range';
import { filterRange, parseOutcomesFilter } from './outcomes.forms';
import { serviceOutcomes } from './outcomes.service';
import { ServiceOutcomesPage } from './views/OutcomePages';

export function registerOutcomeRoutes(fastify: FastifyInstance, ctx: AppContext): void {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.get(
    '/admin/outcomes',
    {
      config: { access: ROLE_GROUPS.managers },
      schema: { querystring: queryOf(DATE_RANGE_QUERY) },
    },
    async (request, reply) => {
      const { values, filter, errors } = parseOutcomesFilter(request.query);
      const uc = useCaseFor(request, {
        db: ctx.db,
        clock: ctx.clock,
        publicUrl: ctx.config.publicUrl,
      });
      const report =
        errors.length > 0 ? null : await serviceOutcomes(uc, { range: filterRange(filter) });
      return ctx.page(
        request,
        reply,
        {
          title: 'Service outcomes',
          hasErrors: errors.length > 0,
          backLink: <BackLink href="/admin">Back to manage the service</BackLink>,
        },
        <ServiceOutcomesPage values={values} filter={filter} errors={errors} report={report} />,
      );
    },
  );
}
