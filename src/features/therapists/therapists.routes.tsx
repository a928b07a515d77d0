import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { BackLink } from 'nhsuk-react-components';
import { ROLE_GROUPS } from '../../platform/access';
import type { AppContext } from '../../platform/context';
import { useCaseFor } from '../../platform/use-case';
import { z } from 'zod';
import { queryOf, singleQuery, uuidParam } from '../../platform/edge';
import { formRoute } from '../../platform/edge/form-route';
import { renderNotFound, requireAuth } from '../../platform/web';
import { parseProfile, profileToValues } from './therapists.forms';
import {
  profileForEditing,
  publicProfile,
  saveTherapistProfile,
  therapistList,
  type BookedSessionsOf,
  type StrandedBooking,
} from './therapists.service';
import {
  TherapistEditPage,
  TherapistProfilePage,
  TherapistsPage,
  strandedErrors,
} from './views/TherapistPages';

/**
 * `diary.bookedSessions`: the diary's sessions still booked with a therapist, handed in from
 * app.tsx (the diary imports this feature, ADR 0041), so a change to their hours or locations
 * does not strand them (H10).
 */
export function registerTherapistRoutes(
  fastify: FastifyInstance,
  ctx: AppContext,
  diary: { bookedSessions: BookedSessionsOf },
): void {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  // The sessions a refused save would have stranded, for the page that says so.
  const strandedBy = new WeakMap<FastifyRequest, StrandedBooking[]>();
  const managers = { access: ROLE_GROUPS.managers };
  const useCase = (request: FastifyRequest) =>
    useCaseFor(request, { db: ctx.db, clock: ctx.clock, publicUrl: ctx.config.publicUrl });

  app.get(
    '/therapists',
    { config: managers, schema: { querystring: queryOf({ saved: singleQuery.optional() }) } },
    async (request, reply) => {
      const rows = await therapistList(useCase(request));
      const saved = rows.find((t) => t.userId === request.query.saved)?.displayName;
      return ctx.page(
        request,
        reply,
        { title: 'Therapists' },
        <TherapistsPage rows={rows} saved={saved} />,
      );
    },
  );

  app.get(
    '/therapists/:userId',
    {
      config: { access: 'authenticated' },
      schema: { params: z.object({ userId: uuidParam }) },
    },
    async (request, reply) => {
      const profile = await publicProfile(useCase(request), { userId: request.params.userId });
      if (!profile) return renderNotFound(request, reply);
      return ctx.page(
        request,
        reply,
        {
          title: profile.displayName,
          // Everyone signed in may read a profile; only managers have the list to go back to.
          backLink: requireAuth(request).roles.includes('service_manager') ? (
            <BackLink href="/therapists">Back to therapists</BackLink>
          ) : (
            <BackLink href="/home">Back to your home page</BackLink>
          ),
        },
        <TherapistProfilePage profile={profile} />,
      );
    },
  );

  formRoute(fastify, ctx, {
    url: '/therapists/:userId/edit',
    access: managers.access,
    params: z.object({ userId: uuidParam }),
    load: (request, { userId }) => profileForEditing(useCase(request), { userId }),
    initial: (data) => profileToValues(data.profile, data.locationIds),
    parse: (body) => {
      const { values, parsed, errors } = parseProfile(body);
      return {
        values,
        result: errors.length > 0 ? { ok: false, errors } : { ok: true, value: parsed },
      };
    },
    view: ({ request, data, values, errors, csrfToken }) => ({
      title: `Therapist profile: ${data.user.displayName}`,
      backLink: <BackLink href={`/therapists/${data.user.id}`}>Back to the profile</BackLink>,
      body: (
        <TherapistEditPage
          csrfToken={csrfToken}
          userId={data.user.id}
          displayName={data.user.displayName}
          values={values}
          errors={errors}
          supervisors={data.supervisors}
          locations={data.locations}
          stranded={strandedBy.get(request) ?? []}
        />
      ),
    }),
    change: async (request, data, parsed) => {
      const result = await saveTherapistProfile(useCase(request), {
        userId: data.user.id,
        profile: parsed,
        bookedSessions: diary.bookedSessions,
      });
      if (!result.ok && 'errors' in result) return { errors: result.errors };
      if (!result.ok && 'stranded' in result) {
        strandedBy.set(request, result.stranded);
        return { errors: strandedErrors(data.user.displayName, result.stranded) };
      }
      if (!result.ok) return null;
      return { redirect: `/therapists?saved=${data.user.id}` };
    },
  });
}
