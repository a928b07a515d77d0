import type { FastifyInstance } from 'fastify';
import { canDeliverIpt } from '../../domain/ipt';
import { actorFrom } from '../../platform/audit';
import type { AppContext } from '../../platform/context';
import { isUuid } from '../../domain/identifiers';
import { renderNotFound } from '../../platform/pages';
import { accreditationText, parseProfile, profileToValues } from './therapists.forms';
import * as repo from './therapists.repository';
import { publicProfile, saveTherapistProfile } from './therapists.service';
import {
  TherapistEditPage,
  TherapistProfilePage,
  TherapistsPage,
  type TherapistListRow,
} from './views/TherapistPages';

export function registerTherapistRoutes(app: FastifyInstance, ctx: AppContext): void {
  const managers = { access: ['service_manager'] as const };

  app.get<{ Querystring: { saved?: string } }>(
    '/therapists',
    { config: managers },
    async (request, reply) => {
      const serviceId = request.service.id;
      const list = await repo.listTherapists(ctx.db, serviceId);
      const names = await repo.displayNames(
        ctx.db,
        serviceId,
        list.flatMap((t) => (t.profile?.supervisorId ? [t.profile.supervisorId] : [])),
      );
      const rows: TherapistListRow[] = await Promise.all(
        list.map(async (t) => {
          const practitioner = repo.practitionerFrom(t.profile);
          return {
            userId: t.userId,
            displayName: t.active ? t.displayName : `${t.displayName} (inactive)`,
            jobTitle: t.profile?.jobTitle ?? null,
            accreditation: t.profile
              ? accreditationText(t.profile, names.get(t.profile.supervisorId ?? '') ?? null)
              : [],
            therapies: t.profile?.therapies ?? [],
            canDeliverIpt: practitioner ? canDeliverIpt(practitioner).ok : false,
            workingPattern: t.profile?.workingPattern ?? null,
            locations: (await repo.locationsOf(ctx.db, serviceId, t.userId)).map((l) => l.name),
          };
        }),
      );
      const saved = list.find((t) => t.userId === request.query.saved)?.displayName;
      return ctx.page(
        request,
        reply,
        { title: 'Therapists' },
        <TherapistsPage rows={rows} saved={saved} />,
      );
    },
  );

  app.get<{ Params: { userId: string } }>(
    '/therapists/:userId',
    { config: { access: 'authenticated' } },
    async (request, reply) => {
      if (!isUuid(request.params.userId)) return renderNotFound(ctx, request, reply);
      const profile = await publicProfile(ctx.db, request.service.id, request.params.userId);
      if (!profile) return renderNotFound(ctx, request, reply);
      return ctx.page(
        request,
        reply,
        { title: profile.displayName },
        <TherapistProfilePage profile={profile} />,
      );
    },
  );

  const editPage = async (serviceId: string, userId: string) => {
    const user = await repo.findUser(ctx.db, serviceId, userId);
    if (!user || !user.roles.includes('therapist')) return null;
    const [profile, locationIds, supervisors] = await Promise.all([
      repo.findProfile(ctx.db, serviceId, userId),
      repo.locationIdsOf(ctx.db, serviceId, userId),
      repo.listSupervisors(ctx.db, serviceId),
    ]);
    const locations = await repo.activeLocations(ctx.db, serviceId, locationIds);
    return { user, profile, locationIds, supervisors, locations };
  };

  app.get<{ Params: { userId: string } }>(
    '/therapists/:userId/edit',
    { config: managers },
    async (request, reply) => {
      if (!isUuid(request.params.userId)) return renderNotFound(ctx, request, reply);
      const data = await editPage(request.service.id, request.params.userId);
      if (!data) return renderNotFound(ctx, request, reply);
      return ctx.page(
        request,
        reply,
        { title: `Therapist profile: ${data.user.displayName}` },
        <TherapistEditPage
          csrfToken={reply.generateCsrf()}
          userId={data.user.id}
          displayName={data.user.displayName}
          values={profileToValues(data.profile, data.locationIds)}
          supervisors={data.supervisors}
          locations={data.locations}
        />,
      );
    },
  );

  app.post<{ Params: { userId: string } }>(
    '/therapists/:userId/edit',
    { config: managers },
    async (request, reply) => {
      if (!isUuid(request.params.userId)) return renderNotFound(ctx, request, reply);
      const data = await editPage(request.service.id, request.params.userId);
      if (!data) return renderNotFound(ctx, request, reply);
      const { values, parsed, errors } = parseProfile(request.body);
      const again = (errs: typeof errors) =>
        ctx.page(
          request,
          reply,
          { title: `Therapist profile: ${data.user.displayName}`, hasErrors: true },
          <TherapistEditPage
            csrfToken={reply.generateCsrf()}
            userId={data.user.id}
            displayName={data.user.displayName}
            values={values}
            errors={errs}
            supervisors={data.supervisors}
            locations={data.locations}
          />,
        );
      if (errors.length > 0) return again(errors);
      const result = await saveTherapistProfile(
        ctx.db,
        ctx.clock,
        actorFrom(request),
        data.user.id,
        parsed,
      );
      if (!result.ok && 'errors' in result) return again(result.errors);
      if (!result.ok) return renderNotFound(ctx, request, reply);
      return reply.redirect(`/therapists?saved=${data.user.id}`, 303);
    },
  );
}
