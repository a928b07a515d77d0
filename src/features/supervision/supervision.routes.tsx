import type { FastifyInstance, FastifyRequest } from 'fastify';
import { BackLink } from 'nhsuk-react-components';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { utcToLondon } from '../../domain/calendar';
import { parseSupervisionNote } from '../../domain/notes';
import { ROLE_GROUPS } from '../../platform/access';
import type { AppContext } from '../../platform/context';
import { formBody, formText, uuidParam } from '../../platform/edge';
import { formRoute } from '../../platform/edge/form-route';
import { useCaseFor } from '../../platform/use-case';
import { renderNotFound } from '../../platform/web';
import {
  acknowledgeNote,
  myReceivedNotes,
  openSupervisionCase,
  recordSupervisionNote,
  supervisedCourses,
} from './supervision.service';
import {
  ReceivedNotesPage,
  SupervisionCasePage,
  SupervisionListPage,
  type SupervisionNoteValues,
} from './views/SupervisionPages';

/** Supervision (issue 11 part B): supervisees' courses, supervision notes, acknowledgement. */
export function registerSupervisionRoutes(fastify: FastifyInstance, ctx: AppContext): void {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const useCase = (request: FastifyRequest) =>
    useCaseFor(request, { db: ctx.db, clock: ctx.clock, publicUrl: ctx.config.publicUrl });

  app.get(
    '/supervision',
    { config: { access: ROLE_GROUPS.supervisors } },
    async (request, reply) => {
      const { rows, supervisees, toCountersign, correctionsToCountersign } =
        await supervisedCourses(useCase(request));
      return ctx.page(
        request,
        reply,
        { title: 'Supervision' },
        <SupervisionListPage
          rows={rows}
          supervisees={supervisees}
          toCountersign={toCountersign}
          correctionsToCountersign={correctionsToCountersign}
        />,
      );
    },
  );

  formRoute(fastify, ctx, {
    url: '/supervision/courses/:courseId',
    access: ROLE_GROUPS.supervisors,
    params: z.object({ courseId: uuidParam }),
    body: formBody({
      'metOn-day': formText(10).default(''),
      'metOn-month': formText(10).default(''),
      'metOn-year': formText(10).default(''),
      discussion: formText().default(''),
      actions: formText().default(''),
    }),
    load: (request, { courseId }) => openSupervisionCase(useCase(request), courseId),
    initial: (): SupervisionNoteValues => {
      const today = utcToLondon(ctx.clock.now()).date;
      const [year = '', month = '', day = ''] = today.split('-');
      return {
        'metOn-day': String(Number(day)),
        'metOn-month': String(Number(month)),
        'metOn-year': year,
        discussion: '',
        actions: '',
      };
    },
    parse: (body, data) => ({
      values: body,
      result: parseSupervisionNote(
        {
          day: body['metOn-day'],
          month: body['metOn-month'],
          year: body['metOn-year'],
          discussion: body.discussion,
          actions: body.actions,
        },
        utcToLondon(ctx.clock.now()).date,
        utcToLondon(data.course.startedAt).date,
      ),
    }),
    view: ({ data, values, errors, csrfToken }) => ({
      title: `Supervision: ${data.course.givenName} ${data.course.familyName}`,
      backLink: <BackLink href="/supervision">Back to supervision</BackLink>,
      body: (
        <SupervisionCasePage data={data} csrfToken={csrfToken} values={values} errors={errors} />
      ),
    }),
    change: async (request, data, note) => {
      const row = await recordSupervisionNote(useCase(request), { courseId: data.course.id, note });
      return row ? { redirect: `/supervision/courses/${data.course.id}` } : null;
    },
  });

  app.get(
    '/supervision/received',
    { config: { access: ROLE_GROUPS.therapists } },
    async (request, reply) => {
      const rows = await myReceivedNotes(useCase(request));
      return ctx.page(
        request,
        reply,
        { title: 'Supervision notes for you' },
        <ReceivedNotesPage csrfToken={reply.generateCsrf()} rows={rows} />,
      );
    },
  );

  app.post(
    '/supervision/notes/:noteId/acknowledge',
    {
      config: { access: ROLE_GROUPS.therapists },
      schema: { params: z.object({ noteId: uuidParam }), body: formBody({}) },
    },
    async (request, reply) => {
      const done = await acknowledgeNote(useCase(request), request.params.noteId);
      if (!done) return renderNotFound(request, reply);
      return reply.redirect('/supervision/received', 303);
    },
  );
}
