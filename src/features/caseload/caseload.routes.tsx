import type { FastifyInstance } from 'fastify';
import { isUuid } from '../../domain/identifiers';
import { ROLE_GROUPS } from '../../platform/access';
import type { AppContext } from '../../platform/context';
import { useCaseFor } from '../../platform/use-case';
import { renderNotFound } from '../../platform/web';
import { openCaseload } from './caseload.service';
import { CaseloadPage, ChooseCaseloadPage } from './views/CaseloadPage';

export function registerCaseloadRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get<{ Querystring: { therapist?: string } }>(
    '/caseload',
    { config: { access: ROLE_GROUPS.clinical } },
    async (request, reply) => {
      const requested = request.query.therapist;
      // Anything that is not a user id cannot be someone's caseload.
      if (requested && !isUuid(requested)) return renderNotFound(request, reply);
      const uc = useCaseFor(request, {
        db: ctx.db,
        clock: ctx.clock,
        publicUrl: ctx.config.publicUrl,
      });
      const result = await openCaseload(uc, {
        therapistId: requested ? requested.toLowerCase() : null,
      });
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
