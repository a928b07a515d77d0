import type { FastifyInstance } from 'fastify';
import { actorFrom } from '../../platform/audit';
import type { AppContext } from '../../platform/context';
import { filterRange, parseOutcomesFilter } from './outcomes.forms';
import { serviceOutcomes } from './outcomes.service';
import { ServiceOutcomesPage } from './views/OutcomePages';

export function registerOutcomeRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get<{ Querystring: Record<string, string | undefined> }>(
    '/admin/outcomes',
    { config: { access: ['service_manager'] } },
    async (request, reply) => {
      const { values, filter, errors } = parseOutcomesFilter(request.query);
      const report =
        errors.length > 0
          ? null
          : await serviceOutcomes(ctx.db, ctx.clock, actorFrom(request), filterRange(filter));
      return ctx.page(
        request,
        reply,
        { title: 'Service outcomes', hasErrors: errors.length > 0 },
        <ServiceOutcomesPage values={values} filter={filter} errors={errors} report={report} />,
      );
    },
  );
}
