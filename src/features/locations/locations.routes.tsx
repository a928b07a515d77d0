import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { BackLink } from 'nhsuk-react-components';
import { ROLE_GROUPS } from '../../platform/access';
import type { AppContext } from '../../platform/context';
import { useCaseFor } from '../../platform/use-case';
import { z } from 'zod';
import { formBody, queryOf, singleQuery, uuidParam } from '../../platform/edge';
import { formRoute } from '../../platform/edge/form-route';
import { renderNotFound } from '../../platform/web';
import { locationToValues, parseLocation, parseRoom, type RoomFormValues } from './locations.forms';
import * as service from './locations.service';
import { LocationFormPage, LocationPage, LocationsPage } from './views/LocationPages';

const NO_ROOM: RoomFormValues = { roomName: '', roomStepFree: '' };

const backToLocations = <BackLink href="/locations">Back to locations</BackLink>;
const backToLocation = (id: string) => (
  <BackLink href={`/locations/${id}`}>Back to the location</BackLink>
);

export function registerLocationRoutes(
  fastify: FastifyInstance,
  ctx: AppContext,
  diary: {
    bookedInRoom: service.BookedInRoom;
    bookedAtLocation: service.BookedInRoom;
    futureBookedAtLocation: service.FutureBookedAtLocation;
  },
): void {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const locationParams = z.object({ locationId: uuidParam });
  const managers = { access: ROLE_GROUPS.managers };
  const useCase = (request: FastifyRequest) =>
    useCaseFor(request, { db: ctx.db, clock: ctx.clock, publicUrl: ctx.config.publicUrl });

  app.get(
    '/locations',
    { config: managers, schema: { querystring: queryOf({ saved: singleQuery.optional() }) } },
    async (request, reply) => {
      const { locations, roomCounts } = await service.locationList(useCase(request));
      const saved = locations.find((l) => l.id === request.query.saved)?.name;
      return ctx.page(
        request,
        reply,
        { title: 'Locations' },
        <LocationsPage locations={locations} roomCounts={roomCounts} saved={saved} />,
      );
    },
  );

  app.get(
    '/locations/new',
    { config: managers, schema: { querystring: queryOf({}) } },
    async (request, reply) =>
      ctx.page(
        request,
        reply,
        { title: 'Add a location', backLink: backToLocations },
        <LocationFormPage
          csrfToken={reply.generateCsrf()}
          locationId={null}
          values={locationToValues(null)}
        />,
      ),
  );

  app.post(
    '/locations/new',
    { config: managers, schema: { body: formBody({}) } },
    async (request, reply) => {
      const { values, parsed, errors } = parseLocation(request.body, false);
      const again = (errs: typeof errors) =>
        ctx.page(
          request,
          reply,
          { title: 'Add a location', hasErrors: true, backLink: backToLocations },
          <LocationFormPage
            csrfToken={reply.generateCsrf()}
            locationId={null}
            values={values}
            errors={errs}
          />,
        );
      if (errors.length > 0) return again(errors);
      const result = await service.createLocation(useCase(request), { values: parsed });
      if (!result.ok)
        return 'errors' in result ? again(result.errors) : renderNotFound(request, reply);
      return reply.redirect(`/locations/${result.locationId}`, 303);
    },
  );

  const showLocation = async (
    request: Parameters<typeof renderNotFound>[0],
    reply: Parameters<typeof renderNotFound>[1],
    locationId: string,
    roomValues: RoomFormValues,
    errors?: { field: string; message: string; href?: string }[],
  ) => {
    const found = await service.locationWithRooms(useCase(request), { locationId });
    if (!found) return renderNotFound(request, reply);
    const { location, rooms } = found;
    return ctx.page(
      request,
      reply,
      { title: location.name, hasErrors: (errors?.length ?? 0) > 0, backLink: backToLocations },
      <LocationPage
        csrfToken={reply.generateCsrf()}
        location={location}
        rooms={rooms}
        roomValues={roomValues}
        errors={errors}
      />,
    );
  };

  app.get(
    '/locations/:locationId',
    { config: managers, schema: { params: locationParams } },
    async (request, reply) => {
      return showLocation(request, reply, request.params.locationId, NO_ROOM);
    },
  );

  formRoute(fastify, ctx, {
    url: '/locations/:locationId/edit',
    access: managers.access,
    params: locationParams,
    load: async (request, { locationId }) =>
      (await service.locationWithRooms(useCase(request), { locationId }))?.location ?? null,
    initial: (location) => locationToValues(location),
    parse: (body) => {
      const { values, parsed, errors } = parseLocation(body, true);
      return {
        values,
        result: errors.length > 0 ? { ok: false, errors } : { ok: true, value: parsed },
      };
    },
    view: ({ data, values, errors, csrfToken }) => ({
      title: errors ? 'Change location' : `Change ${data.name}`,
      backLink: backToLocation(data.id),
      body: (
        <LocationFormPage
          csrfToken={csrfToken}
          locationId={data.id}
          values={values}
          errors={errors}
        />
      ),
    }),
    change: async (request, location, parsed) => {
      const result = await service.updateLocation(useCase(request), {
        locationId: location.id,
        values: parsed,
        bookedAtLocation: diary.bookedAtLocation,
        futureBookedAtLocation: diary.futureBookedAtLocation,
      });
      if (!result.ok) return 'errors' in result ? { errors: result.errors } : null;
      return { redirect: `/locations?saved=${location.id}` };
    },
  });

  app.post(
    '/locations/:locationId/rooms',
    { config: managers, schema: { params: locationParams } },
    async (request, reply) => {
      const { locationId } = request.params;
      const { values, parsed, errors } = parseRoom(request.body);
      if (errors.length > 0) return showLocation(request, reply, locationId, values, errors);
      const result = await service.addRoom(useCase(request), { locationId, values: parsed });
      if (!result.ok)
        return 'errors' in result
          ? showLocation(request, reply, locationId, values, result.errors)
          : renderNotFound(request, reply);
      return reply.redirect(`/locations/${locationId}`, 303);
    },
  );

  for (const action of ['close', 'reopen'] as const) {
    app.post(
      `/locations/:locationId/rooms/:roomId/${action}`,
      { config: managers, schema: { params: locationParams.extend({ roomId: uuidParam }) } },
      async (request, reply) => {
        const { locationId, roomId } = request.params;
        const result = await service.setRoomInUse(useCase(request), {
          locationId,
          roomId,
          active: action === 'reopen',
          bookedInRoom: diary.bookedInRoom,
        });
        // Sessions still booked in it: the location page says how many, from when, and what to do.
        if (!result.ok && 'errors' in result)
          return showLocation(request, reply, locationId, NO_ROOM, result.errors);
        if (!result.ok) return renderNotFound(request, reply);
        return reply.redirect(`/locations/${locationId}`, 303);
      },
    );
  }
}
