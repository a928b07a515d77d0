import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { BackLink } from 'nhsuk-react-components';
import { z } from 'zod';
import { ROLE_GROUPS } from '../../platform/access';
import type { Access } from '../../platform/types';
import type { AppContext } from '../../platform/context';
import { uuidParam } from '../../platform/edge';
import { formRoute } from '../../platform/edge/form-route';
import { useCaseFor } from '../../platform/use-case';
import { renderNotFound } from '../../platform/web';
import { parseStayingWell, stayingWellValues } from './ipt.staying-well.forms';
import * as service from './ipt.staying-well.service';
import {
  StayingWellFormPage,
  StayingWellPage,
  stayingWellUrls,
  type Audience,
} from './views/StayingWellPages';

/**
 * The staying-well plan's pages (issue 11, H26): the same plan read and written from the course
 * workspace by its therapist and from the therapy pages by the patient.
 */
export function registerStayingWellRoutes(fastify: FastifyInstance, ctx: AppContext): void {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const useCase = (request: FastifyRequest) =>
    useCaseFor(request, { db: ctx.db, clock: ctx.clock, publicUrl: ctx.config.publicUrl });
  const courseParams = z.object({ courseId: uuidParam });

  const sides: { audience: Audience; access: Access; back: (courseId: string) => string }[] = [
    { audience: 'staff', access: ROLE_GROUPS.clinical, back: (id) => `/courses/${id}/ipt` },
    { audience: 'patient', access: ROLE_GROUPS.patients, back: () => '/therapy' },
  ];

  for (const { audience, access, back } of sides) {
    const path = stayingWellUrls(audience, ':courseId');
    const backLink = (courseId: string) => (
      <BackLink href={`${back(courseId)}#staying-well`}>
        {audience === 'patient' ? 'Back to your therapy' : 'Back to the IPT workspace'}
      </BackLink>
    );

    app.get(
      path.read,
      { config: { access }, schema: { params: courseParams } },
      async (request, reply) => {
        const view = await service.openPlan(useCase(request), {
          courseId: request.params.courseId,
          page: `${audience}.read`,
        });
        // Each side opens only through its own pages: a patient reads theirs under /therapy.
        if (!view || view.readerIsPatient !== (audience === 'patient'))
          return renderNotFound(request, reply);
        return ctx.page(
          request,
          reply,
          {
            title: audience === 'patient' ? 'Your staying-well plan' : 'Staying-well plan',
            backLink: backLink(view.course.id),
          },
          <StayingWellPage view={view} audience={audience} />,
        );
      },
    );

    formRoute(fastify, ctx, {
      url: path.edit,
      access,
      params: courseParams,
      load: async (request, { courseId }) => {
        const view = await service.openPlan(useCase(request), {
          courseId,
          page: `${audience}.edit`,
        });
        if (!view || view.readerIsPatient !== (audience === 'patient')) return null;
        // An ended course goes on to `check` (its plan is read-only); otherwise readers who may
        // not write (a supervisor, a manager) get 404, as any stranger does.
        if (view.course.status !== 'active') return view;
        return view.canWrite ? view : null;
      },
      // An ended course's plan is read and printed, not changed.
      check: (view) =>
        view.course.status === 'active' ? null : stayingWellUrls(audience, view.course.id).read,
      initial: (view) => stayingWellValues(view.plan),
      parse: (body) => parseStayingWell(body),
      view: ({ data, values, errors, csrfToken }) => ({
        title: data.plan ? 'Change the staying-well plan' : 'Write the staying-well plan',
        backLink: backLink(data.course.id),
        body: (
          <StayingWellFormPage
            view={data}
            audience={audience}
            csrfToken={csrfToken}
            action={stayingWellUrls(audience, data.course.id).edit}
            values={values}
            errors={errors}
          />
        ),
      }),
      change: async (request, data, save) => {
        const result = await service.savePlan(useCase(request), { courseId: data.course.id, save });
        if (result.ok) return { redirect: stayingWellUrls(audience, data.course.id).read };
        return 'errors' in result ? { errors: result.errors } : null;
      },
    });
  }
}
