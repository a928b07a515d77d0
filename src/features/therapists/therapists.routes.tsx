import type { FastifyInstance } from 'fastify';
import { canDeliverIpt } from '../../domain/ipt';
import { actorFrom } from '../../platform/audit';
import type { AppContext } from '../../platform/context';
import { z } from 'zod';
import { uuidParam } from '../../platform/edge';
import { formRoute } from '../../platform/edge/form-route';
import { isUuid } from '../../domain/identifiers';
import { renderNotFound } from '../../platform/web';
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
      if (!isUuid(request.params.userId)) return renderNotFound(request, reply);
      const profile = await publicProfile(ctx.db, request.service.id, request.params.userId);
      if (!profile) return renderNotFound(request, reply);
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

  formRoute(app, ctx, {
    url: '/therapists/:userId/edit',
    access: managers.access,
    params: z.object({ userId: uuidParam }),
    load: (request, { userId }) => editPage(request.service.id, userId),
    initial: (data) => profileToValues(data.profile, data.locationIds),
    parse: (body) => {
      const { values, parsed, errors } = parseProfile(body);
      return {
        values,
        result: errors.length > 0 ? { ok: false, errors } : { ok: true, value: parsed },
      };
    },
    view: ({ data, values, errors, csrfToken }) => ({
      title: `Therapist profile: ${data.user.displayName}`,
      body: (
        <TherapistEditPage
          csrfToken={csrfToken}
          userId={data.user.id}
          displayName={data.user.displayName}
          values={values}
          errors={errors}
          supervisors={data.supervisors}
          locations={data.locations}
        />
      ),
    }),
    change: async (request, data, parsed) => {
      const result = await saveTherapistProfile(
        ctx.db,
        ctx.clock,
        actorFrom(request),
        data.user.id,
        parsed,
      );
      if (!result.ok && 'errors' in result) return { errors: result.errors };
      if (!result.ok) return null;
      return { redirect: `/therapists?saved=${data.user.id}` };
    },
  });
}
