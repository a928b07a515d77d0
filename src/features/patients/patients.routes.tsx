import type { FastifyInstance } from 'fastify';
import { BackLink } from 'nhsuk-react-components';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ROLE_GROUPS } from '../../platform/access';
import type { AppContext } from '../../platform/context';
import { uuidParam } from '../../platform/edge';
import { useCaseFor } from '../../platform/use-case';
import { renderNotFound, requireAuth } from '../../platform/web';
import { openPatientSummary } from './patient-summary';
import { PatientRecordPage } from './views/PatientRecordPage';

export function registerPatientRecordRoutes(fastify: FastifyInstance, ctx: AppContext): void {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.get(
    '/patients/:patientId',
    {
      config: { access: [...ROLE_GROUPS.patients, ...ROLE_GROUPS.clinical] },
      schema: { params: z.object({ patientId: uuidParam }) },
    },
    async (request, reply) => {
      const uc = useCaseFor(request, {
        db: ctx.db,
        clock: ctx.clock,
        publicUrl: ctx.config.publicUrl,
      });
      const summary = await openPatientSummary(uc, { patientId: request.params.patientId });
      if (!summary) return renderNotFound(request, reply);
      return ctx.page(
        request,
        reply,
        {
          title: summary.isOwnRecord ? 'Your details' : 'Patient record',
          backLink: summary.isOwnRecord ? (
            <BackLink href="/home">Back to home</BackLink>
          ) : (
            <BackLink href="/caseload">Back to the caseload</BackLink>
          ),
        },
        <PatientRecordPage
          summary={summary}
          showRecordViews={requireAuth(request).roles.includes('service_manager')}
        />,
      );
    },
  );
}
