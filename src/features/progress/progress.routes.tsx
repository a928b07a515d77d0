import type { FastifyInstance } from 'fastify';
import { BackLink } from 'nhsuk-react-components';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ROLE_GROUPS } from '../../platform/access';
import type { AppContext } from '../../platform/context';
import { uuidParam } from '../../platform/edge';
import { useCaseFor } from '../../platform/use-case';
import { renderNotFound } from '../../platform/web';
import { ownProgress, patientProgress } from './progress.service';
import { PatientProgressPage, StaffProgressPage } from './views/ProgressPages';

export function registerProgressRoutes(fastify: FastifyInstance, ctx: AppContext): void {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const useCase = (request: Parameters<typeof useCaseFor>[0]) =>
    useCaseFor(request, { db: ctx.db, clock: ctx.clock, publicUrl: ctx.config.publicUrl });

  app.get('/progress', { config: { access: ROLE_GROUPS.patients } }, async (request, reply) => {
    const series = await ownProgress(useCase(request));
    return ctx.page(
      request,
      reply,
      { title: 'Your progress', backLink: <BackLink href="/home">Back to home</BackLink> },
      <PatientProgressPage series={series} />,
    );
  });

  app.get(
    '/patients/:patientId/progress',
    {
      config: { access: ROLE_GROUPS.clinical },
      schema: { params: z.object({ patientId: uuidParam }) },
    },
    async (request, reply) => {
      const view = await patientProgress(useCase(request), {
        patientId: request.params.patientId,
      });
      if (!view) return renderNotFound(request, reply);
      return ctx.page(
        request,
        reply,
        {
          title: `Scores by session: ${view.patient.givenName} ${view.patient.familyName}`,
          backLink: (
            <BackLink href={`/patients/${view.patient.id}`}>
              Back to {view.patient.givenName} {view.patient.familyName}
            </BackLink>
          ),
        },
        <StaffProgressPage
          patientName={`${view.patient.givenName} ${view.patient.familyName}`}
          series={view.series}
        />,
      );
    },
  );
}
