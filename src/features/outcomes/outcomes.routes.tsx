import type { FastifyInstance } from 'fastify';
import { ROLE_GROUPS } from '../../platform/access';
import type { AppContext } from '../../platform/context';
import { useCaseFor } from '../../platform/use-case';
import { filterRange, parseOutcomesFilter } from './outcomes.forms';
import { serviceOutcomes } from './outcomes.service';
import { ServiceOutcomesPage } from './views/OutcomePages';

export function registerOutcomeRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get<{ Querystring: Record<string, string | undefined> }>(
    '/admin/outcomes',
    { config: { access: ROLE_GROUPS.managers } },
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
        { title: 'Service outcomes', hasErrors: errors.length > 0 },
        <ServiceOutcomesPage values={values} filter={filter} errors={errors} report={report} />,
      );
    },
  );
}
