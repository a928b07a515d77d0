import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { BackLink } from 'nhsuk-react-components';
import { z } from 'zod';
import { utcToLondon } from '../../domain/calendar';
import { aimNotYetSetMessage } from '../../domain/ipt';
import { ROLE_GROUPS } from '../../platform/access';
import type { AppContext } from '../../platform/context';
import { formBody, formText, uuidParam } from '../../platform/edge';
import { formRoute } from '../../platform/edge/form-route';
import { useCaseFor } from '../../platform/use-case';
import { renderNotFound } from '../../platform/web';
import type { FieldError } from '../../ui/forms';
import {
  EMPTY_PERSON,
  EMPTY_TIMELINE,
  parseAim,
  parseFormulation,
  parsePerson,
  parsePhase,
  parseRatings,
  parseTimelineEvent,
  ratingField,
  type PersonFormValues,
} from './ipt.forms';
import * as service from './ipt.service';
import { registerStayingWellRoutes } from './ipt.staying-well.routes';
import {
  AimFormPage,
  FormulationFormPage,
  InventoryPage,
  PersonFormPage,
  PhaseFormPage,
  RateAimsPage,
  RemovePersonPage,
  TimelineFormPage,
  WorkspacePage,
} from './views/IptPages';
import { OwnTherapyPage } from './views/OwnTherapyPage';

type Change<T> = service.Outcome<T>;

/** A change's outcome as formRoute wants it: where to go, errors to show, or 404. */
function after<T>(result: Change<T>, redirect: string) {
  if (result.ok) return { redirect };
  return 'errors' in result ? { errors: result.errors } : null;
}

export function registerIptRoutes(fastify: FastifyInstance, ctx: AppContext): void {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const staff = ROLE_GROUPS.clinical;
  const useCase = (request: FastifyRequest) =>
    useCaseFor(request, { db: ctx.db, clock: ctx.clock, publicUrl: ctx.config.publicUrl });
  const courseParams = z.object({ courseId: uuidParam });
  const personParams = z.object({ courseId: uuidParam, personId: uuidParam });
  const workspaceUrl = (courseId: string) => `/courses/${courseId}/ipt`;
  const backToWorkspace = (courseId: string) => (
    <BackLink href={workspaceUrl(courseId)}>Back to the IPT workspace</BackLink>
  );
  const patientName = (o: service.StaffOpened) => `${o.patient.givenName} ${o.patient.familyName}`;
  // Forms change only an active course; an ended one goes back to its (read-only) workspace.
  const activeOnly = (o: Pick<service.StaffOpened, 'course'>) =>
    o.course.status === 'active' ? null : workspaceUrl(o.course.id);
  const opener =
    (page: string) =>
    (request: FastifyRequest, { courseId }: { courseId: string }) =>
      service.openForStaff(useCase(request), { courseId, page });

  app.get(
    '/courses/:courseId/ipt',
    { config: { access: staff }, schema: { params: courseParams } },
    async (request, reply) => {
      const view = await service.openWorkspace(useCase(request), request.params);
      if (!view) return renderNotFound(request, reply);
      return ctx.page(
        request,
        reply,
        {
          title: `IPT workspace: ${patientName(view)}`,
          backLink: <BackLink href={`/courses/${view.course.id}`}>Back to the course</BackLink>,
        },
        <WorkspacePage view={view} csrfToken={reply.generateCsrf()} />,
      );
    },
  );

  app.get(
    '/courses/:courseId/ipt/inventory',
    { config: { access: staff }, schema: { params: courseParams } },
    async (request, reply) => {
      const view = await service.openInventory(useCase(request), request.params);
      if (!view) return renderNotFound(request, reply);
      return ctx.page(
        request,
        reply,
        {
          title: `Interpersonal inventory: ${patientName(view)}`,
          backLink: backToWorkspace(view.course.id),
        },
        <InventoryPage view={view} today={utcToLondon(ctx.clock.now()).date} />,
      );
    },
  );

  formRoute(fastify, ctx, {
    url: '/courses/:courseId/ipt/phase',
    access: staff,
    params: courseParams,
    load: opener('phase'),
    check: (o) => activeOnly(o),
    initial: (o) => ({
      phase: o.phase.override?.phase ?? 'automatic',
      reason: o.phase.override?.reason ?? '',
    }),
    parse: (body) => parsePhase(body),
    view: ({ data, values, errors, csrfToken }) => ({
      title: 'Change the IPT phase',
      backLink: backToWorkspace(data.course.id),
      body: (
        <PhaseFormPage
          view={data}
          csrfToken={csrfToken}
          action={`${workspaceUrl(data.course.id)}/phase`}
          values={values}
          errors={errors}
          patientName={patientName(data)}
        />
      ),
    }),
    change: async (request, data, override) =>
      after(
        await service.setPhaseOverride(useCase(request), { courseId: data.course.id, override }),
        `${workspaceUrl(data.course.id)}#phase`,
      ),
  });

  // ---- Inventory -------------------------------------------------------------------------------

  formRoute(fastify, ctx, {
    url: '/courses/:courseId/ipt/people/new',
    access: staff,
    params: courseParams,
    load: opener('person.add'),
    check: (o) => activeOnly(o),
    initial: (): PersonFormValues => EMPTY_PERSON,
    parse: (body) => parsePerson(body),
    view: ({ data, values, errors, csrfToken }) => ({
      title: 'Add a person to the inventory',
      backLink: backToWorkspace(data.course.id),
      body: (
        <PersonFormPage
          editing={null}
          csrfToken={csrfToken}
          action={`${workspaceUrl(data.course.id)}/people/new`}
          values={values}
          errors={errors}
          patientName={patientName(data)}
        />
      ),
    }),
    change: async (request, data, person) =>
      after(
        await service.addPerson(useCase(request), { courseId: data.course.id, person }),
        `${workspaceUrl(data.course.id)}#inventory`,
      ),
  });

  const openPerson =
    (page: string) => (request: FastifyRequest, params: { courseId: string; personId: string }) =>
      service.openPerson(useCase(request), { ...params, page });

  formRoute(fastify, ctx, {
    url: '/courses/:courseId/ipt/people/:personId/edit',
    access: staff,
    params: personParams,
    load: openPerson('person.edit'),
    check: (o) => activeOnly(o),
    initial: ({ person }): PersonFormValues => ({
      name: person.name,
      relationship: person.relationship,
      closeness: String(person.closeness),
      contact: person.contact,
      supportive: person.supportive,
      difficult: person.difficult,
      theyExpect: person.theyExpect,
      patientExpects: person.patientExpects,
      wishedChange: person.wishedChange,
    }),
    parse: (body) => parsePerson(body),
    view: ({ data, values, errors, csrfToken }) => ({
      title: `Change ${data.person.name}`,
      backLink: backToWorkspace(data.course.id),
      body: (
        <PersonFormPage
          editing={data.person.name}
          csrfToken={csrfToken}
          action={`${workspaceUrl(data.course.id)}/people/${data.person.id}/edit`}
          values={values}
          errors={errors}
          patientName={patientName(data)}
        />
      ),
    }),
    change: async (request, data, person) =>
      after(
        await service.editPerson(useCase(request), {
          courseId: data.course.id,
          personId: data.person.id,
          person,
        }),
        `${workspaceUrl(data.course.id)}#inventory`,
      ),
  });

  formRoute(fastify, ctx, {
    url: '/courses/:courseId/ipt/people/:personId/remove',
    access: staff,
    params: personParams,
    load: openPerson('person.remove'),
    check: (o) => activeOnly(o),
    initial: () => ({}),
    parse: () => ({ values: {}, result: { ok: true, value: null } }),
    view: ({ data, errors, csrfToken }) => ({
      title: `Remove ${data.person.name}`,
      backLink: backToWorkspace(data.course.id),
      body: (
        <RemovePersonPage
          csrfToken={csrfToken}
          action={`${workspaceUrl(data.course.id)}/people/${data.person.id}/remove`}
          person={data.person}
          patientName={patientName(data)}
          courseId={data.course.id}
          errors={errors}
        />
      ),
    }),
    change: async (request, data) =>
      after(
        await service.removePerson(useCase(request), {
          courseId: data.course.id,
          personId: data.person.id,
        }),
        `${workspaceUrl(data.course.id)}#inventory`,
      ),
  });

  // ---- Timeline --------------------------------------------------------------------------------

  formRoute(fastify, ctx, {
    url: '/courses/:courseId/ipt/timeline/new',
    access: staff,
    params: courseParams,
    load: opener('timeline.add'),
    check: (o) => activeOnly(o),
    initial: () => EMPTY_TIMELINE,
    parse: (body, data) =>
      parseTimelineEvent(body, utcToLondon(ctx.clock.now()).date, data.patient.dateOfBirth),
    view: ({ data, values, errors, csrfToken }) => ({
      title: 'Add a life event',
      backLink: backToWorkspace(data.course.id),
      body: (
        <TimelineFormPage
          csrfToken={csrfToken}
          action={`${workspaceUrl(data.course.id)}/timeline/new`}
          values={values}
          errors={errors}
          patientName={patientName(data)}
        />
      ),
    }),
    change: async (request, data, event) =>
      after(
        await service.addTimelineEvent(useCase(request), { courseId: data.course.id, event }),
        `${workspaceUrl(data.course.id)}#timeline`,
      ),
  });

  // Removing from the workspace page: a one-button form; on refusal the workspace shows again.
  const removeFromWorkspace = async (
    request: FastifyRequest,
    reply: FastifyReply,
    courseId: string,
    result: Change<string>,
    anchor: string,
  ) => {
    if (result.ok) return reply.redirect(`${workspaceUrl(courseId)}#${anchor}`, 303);
    if (!('errors' in result)) return renderNotFound(request, reply);
    return showWorkspaceWithErrors(request, reply, courseId, result.errors);
  };
  const showWorkspaceWithErrors = async (
    request: FastifyRequest,
    reply: FastifyReply,
    courseId: string,
    errors: FieldError[],
  ) => {
    const view = await service.openWorkspace(useCase(request), { courseId });
    if (!view) return renderNotFound(request, reply);
    return ctx.page(
      request,
      reply,
      { title: `IPT workspace: ${patientName(view)}`, hasErrors: true, status: 400 },
      <WorkspacePage view={view} csrfToken={reply.generateCsrf()} errors={errors} />,
    );
  };

  app.post(
    '/courses/:courseId/ipt/timeline/:eventId/remove',
    {
      config: { access: staff },
      schema: {
        params: z.object({ courseId: uuidParam, eventId: uuidParam }),
        body: formBody({}),
      },
    },
    async (request, reply) => {
      const { courseId, eventId } = request.params;
      const result = await service.removeTimelineEvent(useCase(request), { courseId, eventId });
      return removeFromWorkspace(request, reply, courseId, result, 'timeline');
    },
  );

  // ---- Focal area and formulation ----------------------------------------------------------------

  formRoute(fastify, ctx, {
    url: '/courses/:courseId/ipt/formulation',
    access: staff,
    params: courseParams,
    load: opener('formulation'),
    check: (o) => activeOnly(o),
    // The form opens on the draft when there is one, else on what the patient sees.
    initial: ({ workspace }) => {
      const draft = workspace?.draftAt ? workspace : null;
      const focalArea = draft ? draft.draftFocalArea : (workspace?.focalArea ?? null);
      const second = draft ? draft.draftSecondFocalArea : (workspace?.secondFocalArea ?? null);
      return {
        focalArea: focalArea ?? '',
        secondFocalArea: focalArea ? (second ?? 'none') : '',
        formulation: (draft ? draft.draftFormulation : workspace?.formulation) ?? '',
        basedOn: String(workspace?.formulationVersion ?? 0),
        draftBasedOn: String(workspace?.draftRevision ?? 0),
      };
    },
    parse: (body) => parseFormulation(body),
    view: ({ data, values, errors, csrfToken }) => ({
      title: 'Focal area and formulation',
      backLink: backToWorkspace(data.course.id),
      body: (
        <FormulationFormPage
          csrfToken={csrfToken}
          action={`${workspaceUrl(data.course.id)}/formulation`}
          values={values}
          errors={errors}
          patientName={patientName(data)}
          patientFirstName={data.patient.givenName}
          draftSavedAt={data.workspace?.draftAt ?? null}
          draftWriter={data.draftWriter}
        />
      ),
    }),
    change: async (request, data, formulation) =>
      after(
        await service.saveFormulation(useCase(request), { courseId: data.course.id, formulation }),
        `${workspaceUrl(data.course.id)}#formulation`,
      ),
  });

  // ---- Aims ------------------------------------------------------------------------------------

  formRoute(fastify, ctx, {
    url: '/courses/:courseId/ipt/aims/new',
    access: staff,
    params: courseParams,
    load: opener('aim.add'),
    check: (o) => activeOnly(o),
    initial: () => ({ aim: '' }),
    parse: (body) => parseAim(body),
    view: ({ data, values, errors, csrfToken }) => ({
      title: 'Add a treatment aim',
      backLink: backToWorkspace(data.course.id),
      body: (
        <AimFormPage
          csrfToken={csrfToken}
          action={`${workspaceUrl(data.course.id)}/aims/new`}
          values={values}
          errors={errors}
          patientName={patientName(data)}
        />
      ),
    }),
    change: async (request, data, aim) =>
      after(
        await service.addAim(useCase(request), { courseId: data.course.id, aim }),
        `${workspaceUrl(data.course.id)}#aims`,
      ),
  });

  /** The aims set after session `n`'s day, each with why it is not rated at that session. */
  const notYetSetAt = (
    o: NonNullable<Awaited<ReturnType<typeof service.openAims>>>,
    n: number,
  ): ReadonlyMap<string, string> => {
    const session = o.sessions.find((x) => x.number === n);
    if (!session) return new Map();
    const rated = new Set(
      service.aimsRatedAt(
        o.aims.map(({ aim }) => aim),
        o.sessions,
        n,
      ),
    );
    return new Map(
      o.aims.flatMap(({ aim }, i) =>
        rated.has(aim) ? [] : [[aim.id, aimNotYetSetMessage(i + 1, aim, session)] as const],
      ),
    );
  };

  formRoute(fastify, ctx, {
    url: '/courses/:courseId/ipt/aims/rate',
    access: staff,
    params: courseParams,
    load: (request, { courseId }) => service.openAims(useCase(request), { courseId }),
    // Nothing to rate yet: back to the workspace, where aims are added.
    check: (o) =>
      activeOnly(o) ?? (o.aims.length === 0 ? `${workspaceUrl(o.course.id)}#aims` : null),
    initial: (o) => ({
      sessionNumber: String(Math.max(1, o.course.attendedSessions)),
      ...Object.fromEntries(o.aims.map(({ aim }) => [ratingField(aim.id), ''])),
    }),
    parse: (body, o) =>
      parseRatings(
        body,
        o.aims.map(({ aim }) => aim.id),
        o.course.plannedSessions,
        (n) => notYetSetAt(o, n),
      ),
    view: ({ data, values, errors, csrfToken }) => ({
      title: 'Rate progress on the aims',
      backLink: backToWorkspace(data.course.id),
      body: (
        <RateAimsPage
          aims={data.aims}
          notYetSet={notYetSetAt(data, Number(values.sessionNumber))}
          csrfToken={csrfToken}
          action={`${workspaceUrl(data.course.id)}/aims/rate`}
          values={values}
          errors={errors}
          patientName={patientName(data)}
        />
      ),
    }),
    change: async (request, data, input) =>
      after(
        await service.rateAims(useCase(request), { courseId: data.course.id, input }),
        `${workspaceUrl(data.course.id)}#aims`,
      ),
  });

  app.post(
    '/courses/:courseId/ipt/aims/:aimId/remove',
    {
      config: { access: staff },
      schema: {
        params: z.object({ courseId: uuidParam, aimId: uuidParam }),
        body: formBody({}),
      },
    },
    async (request, reply) => {
      const { courseId, aimId } = request.params;
      const result = await service.removeAim(useCase(request), { courseId, aimId });
      return removeFromWorkspace(request, reply, courseId, result, 'aims');
    },
  );

  // ---- The patient's own page ------------------------------------------------------------------

  const patients = ROLE_GROUPS.patients;
  const showOwn = async (request: FastifyRequest, reply: FastifyReply, errors?: FieldError[]) => {
    const therapy = await service.ownTherapy(useCase(request));
    const hasErrors = (errors?.length ?? 0) > 0;
    return ctx.page(
      request,
      reply,
      {
        title: 'Your therapy',
        hasErrors,
        ...(hasErrors ? { status: 400 } : {}),
        backLink: <BackLink href="/home">Back to home</BackLink>,
      },
      <OwnTherapyPage therapy={therapy} csrfToken={reply.generateCsrf()} errors={errors} />,
    );
  };

  app.get('/therapy', { config: { access: patients } }, (request, reply) =>
    showOwn(request, reply),
  );

  app.post(
    '/therapy/:courseId/agree',
    {
      config: { access: patients },
      schema: { params: courseParams, body: formBody({ version: formText(10).default('') }) },
    },
    async (request, reply) => {
      const version = Number(request.body.version);
      if (!/^\d{1,9}$/.test(request.body.version)) return renderNotFound(request, reply);
      const result = await service.agreeFormulation(useCase(request), {
        courseId: request.params.courseId,
        version,
      });
      if (result.ok) return reply.redirect('/therapy#formulation', 303);
      if (!('errors' in result)) return renderNotFound(request, reply);
      return showOwn(request, reply, result.errors);
    },
  );

  // The staying-well plan (issue 11, H26): workspace and therapy pages.
  registerStayingWellRoutes(fastify, ctx);
}
