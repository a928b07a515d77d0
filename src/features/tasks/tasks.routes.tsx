import type { FastifyInstance, FastifyRequest } from 'fastify';
import { BackLink } from 'nhsuk-react-components';
import { z } from 'zod';
import { parseReflection, parseTask } from '../../domain/notes';
import { ROLE_GROUPS } from '../../platform/access';
import type { AppContext } from '../../platform/context';
import { formBody, formText, singleQuery, uuidParam } from '../../platform/edge';
import { formRoute } from '../../platform/edge/form-route';
import { helpIfCrisisWords } from '../../ui/PleaseDoNotWait';
import { useCaseFor } from '../../platform/use-case';
import { renderNotFound } from '../../platform/web';
import {
  myTasks,
  openOwnTask,
  openSessionForTasks,
  reflectOnTask,
  setTask,
  TASK_ENDED_ERROR,
  type AlertOnCrisisWords,
} from './tasks.service';
import { MyTasksPage, SetTaskPage, TaskPage } from './views/TaskPages';

/** What app.tsx hands in: risk's alert on words of crisis in a reflection (H18, ADR 0041). */
export interface TaskRisk {
  alertOnCrisisWords: AlertOnCrisisWords;
}

/** Tasks between sessions: set by the therapist at a session, reflected on by the patient. */
export function registerTaskRoutes(
  fastify: FastifyInstance,
  ctx: AppContext,
  risk: TaskRisk,
): void {
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
      schema: {
        querystring: z.object({ saved: singleQuery.optional(), help: singleQuery.optional() }),
      },
    },
    async (request, reply) => {
      const tasks = await myTasks(useCase(request));
      if (!tasks) return renderNotFound(request, reply);
      const query = request.query as { saved?: string; help?: string };
      return ctx.page(
        request,
        reply,
        { title: 'Your tasks', backLink: <BackLink href="/home">Back to home</BackLink> },
        <MyTasksPage tasks={tasks} saved={query.saved === '1'} helpNow={query.help === 'now'} />,
      );
    },
  );

  formRoute(fastify, ctx, {
    url: '/tasks/:taskId',
    access: ROLE_GROUPS.patients,
    signedOutHelp: helpIfCrisisWords(['whatIDid', 'howItWent'], 'your next session'),
    params: z.object({ taskId: uuidParam }),
    body: formBody({
      whatIDid: formText().default(''),
      howItWent: formText().default(''),
    }),
    load: (request, { taskId }) => openOwnTask(useCase(request), taskId),
    initial: (task) => ({ whatIDid: task.whatIDid ?? '', howItWent: task.howItWent ?? '' }),
    // Once the course has ended the task is read only: a reflection sent anyway is refused by
    // the service (which still alerts on words of crisis in it) and the task's page says so
    // kindly, without the form.
    parse: (body, task) => {
      const result = parseReflection(body);
      return {
        values: body,
        result:
          task.courseEnded && !result.ok
            ? { ok: false as const, errors: [TASK_ENDED_ERROR] }
            : result,
      };
    },
    view: ({ data, values, errors, csrfToken }) => ({
      title: 'Your task',
      backLink: <BackLink href="/tasks">Back to your tasks</BackLink>,
      body: <TaskPage csrfToken={csrfToken} task={data} values={values} errors={errors} />,
    }),
    change: async (request, task, reflection) => {
      const saved = await reflectOnTask(
        useCase(request),
        { taskId: task.id, reflection },
        risk.alertOnCrisisWords,
      );
      // Not theirs: the service audited the refusal; answered as not found.
      if (!saved) return null;
      // Their course has ended: the page says so, with what they wrote kept on screen; words of
      // crisis in it lead with where to get help now, as when it is saved.
      if (!saved.ok)
        return saved.crisis ? { redirect: '/tasks?help=now#help-now' } : { errors: saved.errors };
      // Words of crisis (H18): the next page leads with where to get help now.
      return { redirect: saved.crisis ? '/tasks?saved=1&help=now#help-now' : '/tasks?saved=1' };
    },
  });
}
