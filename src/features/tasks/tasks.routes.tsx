import type { FastifyInstance, FastifyRequest } from 'fastify';
import { BackLink } from 'nhsuk-react-components';
import { z } from 'zod';
import { parseReflection, parseTask } from '../../domain/notes';
import { ROLE_GROUPS } from '../../platform/access';
import type { AppContext } from '../../platform/context';
import { formBody, formText, singleQuery, uuidParam } from '../../platform/edge';
import { formRoute } from '../../platform/edge/form-route';
import { useCaseFor } from '../../platform/use-case';
import { renderNotFound } from '../../platform/web';
import { myTasks, openOwnTask, openSessionForTasks, reflectOnTask, setTask } from './tasks.service';
import { MyTasksPage, SetTaskPage, TaskPage } from './views/TaskPages';

/** Tasks between sessions: set by the therapist at a session, reflected on by the patient. */
export function registerTaskRoutes(fastify: FastifyInstance, ctx: AppContext): void {
  const useCase = (request: FastifyRequest) =>
    useCaseFor(request, { db: ctx.db, clock: ctx.clock, publicUrl: ctx.config.publicUrl });

  formRoute(fastify, ctx, {
    url: '/sessions/:appointmentId/tasks/new',
    access: ROLE_GROUPS.clinical,
    params: z.object({ appointmentId: uuidParam }),
    body: formBody({
      what: formText().default(''),
      when: formText().default(''),
      withWhom: formText().default(''),
    }),
    load: (request, { appointmentId }) => openSessionForTasks(useCase(request), appointmentId),
    initial: () => ({ what: '', when: '', withWhom: '' }),
    parse: (body) => ({ values: body, result: parseTask(body) }),
    view: ({ data, values, errors, csrfToken }) => ({
      title: `Set a task between sessions: ${data.patient.givenName} ${data.patient.familyName}`,
      backLink: (
        <BackLink href={`/notes/${data.appointment.id}`}>Back to the session note</BackLink>
      ),
      body: (
        <SetTaskPage
          csrfToken={csrfToken}
          patientName={`${data.patient.givenName} ${data.patient.familyName}`}
          sessionWhen={data.appointment.startsAt}
          values={values}
          errors={errors}
        />
      ),
    }),
    change: async (request, data, task) => {
      const saved = await setTask(useCase(request), { appointmentId: data.appointment.id, task });
      return saved ? { redirect: `/notes/${data.appointment.id}#tasks` } : null;
    },
  });

  const app = fastify.withTypeProvider();
  app.get(
    '/tasks',
    {
      config: { access: ROLE_GROUPS.patients },
      schema: { querystring: z.object({ saved: singleQuery.optional() }) },
    },
    async (request, reply) => {
      const tasks = await myTasks(useCase(request));
      if (!tasks) return renderNotFound(request, reply);
      const saved = (request.query as { saved?: string }).saved === '1';
      return ctx.page(
        request,
        reply,
        { title: 'Your tasks', backLink: <BackLink href="/home">Back to home</BackLink> },
        <MyTasksPage tasks={tasks} saved={saved} />,
      );
    },
  );

  formRoute(fastify, ctx, {
    url: '/tasks/:taskId',
    access: ROLE_GROUPS.patients,
    params: z.object({ taskId: uuidParam }),
    body: formBody({
      whatIDid: formText().default(''),
      howItWent: formText().default(''),
    }),
    load: (request, { taskId }) => openOwnTask(useCase(request), taskId),
    initial: (task) => ({ whatIDid: task.whatIDid ?? '', howItWent: task.howItWent ?? '' }),
    parse: (body) => ({ values: body, result: parseReflection(body) }),
    view: ({ data, values, errors, csrfToken }) => ({
      title: 'Your task',
      backLink: <BackLink href="/tasks">Back to your tasks</BackLink>,
      body: <TaskPage csrfToken={csrfToken} task={data} values={values} errors={errors} />,
    }),
    change: async (request, task, reflection) => {
      const saved = await reflectOnTask(useCase(request), { taskId: task.id, reflection });
      return saved ? { redirect: '/tasks?saved=1' } : null;
    },
  });
}
