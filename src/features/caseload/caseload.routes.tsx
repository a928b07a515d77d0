import type { FastifyInstance } from 'fastify';
import { actorFrom } from '../../platform/audit';
import type { AppContext } from '../../platform/context';
import { isUuid } from '../../domain/identifiers';
import { renderNotFound } from '../../platform/web';
import { openCaseload } from './caseload.service';
import { CaseloadPage, ChooseCaseloadPage } from './views/CaseloadPage';

export function registerCaseloadRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get<{ Querystring: { therapist?: string } }>(
    '/caseload',
    { config: { access: ['therapist', 'supervisor', 'service_manager'] } },
    async (request, reply) => {
      const requested = request.query.therapist;
      // Anything that is not a user id cannot be someone's caseload.
      if (requested && !isUuid(requested)) return renderNotFound(request, reply);
      const result = await openCaseload(
        ctx.db,
        ctx.clock,
        actorFrom(request),
        request.auth!,
        requested ? requested.toLowerCase() : null,
      );
      if (result.kind === 'not_found') return renderNotFound(request, reply);
      if (result.kind === 'choose')
        return ctx.page(
          request,
          reply,
          { title: 'Caseload' },
          <ChooseCaseloadPage options={result.options} />,
        );
      return ctx.page(
        request,
        reply,
        { title: result.heading },
        <CaseloadPage
          heading={result.heading}
          rows={result.rows}
          current={result.current}
          options={result.options}
          showTherapist={result.showTherapist}
        />,
      );
    },
  );
}
