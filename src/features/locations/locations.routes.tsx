import type { FastifyInstance } from 'fastify';
import { actorFrom } from '../../platform/audit';
import type { AppContext } from '../../platform/context';
import { z } from 'zod';
import { uuidParam } from '../../platform/edge';
import { formRoute } from '../../platform/edge/form-route';
import { isUuid } from '../../domain/identifiers';
import { renderNotFound } from '../../platform/web';
import { locationToValues, parseLocation, parseRoom, type RoomFormValues } from './locations.forms';
import * as repo from './locations.repository';
import * as service from './locations.service';
import { LocationFormPage, LocationPage, LocationsPage } from './views/LocationPages';

const NO_ROOM: RoomFormValues = { roomName: '', roomStepFree: '' };

export function registerLocationRoutes(app: FastifyInstance, ctx: AppContext): void {
  const managers = { access: ['service_manager'] as const };

  app.get<{ Querystring: { saved?: string } }>(
    '/locations',
    { config: managers },
    async (request, reply) => {
      const [locations, rooms] = await Promise.all([
        repo.listLocations(ctx.db, request.service.id),
        repo.listAllRooms(ctx.db, request.service.id),
      ]);
      const roomCounts = new Map<string, number>();
      for (const r of rooms)
        if (r.room.active) roomCounts.set(r.location.id, (roomCounts.get(r.location.id) ?? 0) + 1);
      const saved = locations.find((l) => l.id === request.query.saved)?.name;
      return ctx.page(
        request,
        reply,
        { title: 'Locations' },
        <LocationsPage locations={locations} roomCounts={roomCounts} saved={saved} />,
      );
    },
  );

  app.get('/locations/new', { config: managers }, async (request, reply) =>
    ctx.page(
      request,
      reply,
      { title: 'Add a location' },
      <LocationFormPage
        csrfToken={reply.generateCsrf()}
        locationId={null}
        values={locationToValues(null)}
      />,
    ),
  );

  app.post('/locations/new', { config: managers }, async (request, reply) => {
    const { values, parsed, errors } = parseLocation(request.body, false);
    const again = (errs: typeof errors) =>
      ctx.page(
        request,
        reply,
        { title: 'Add a location', hasErrors: true },
        <LocationFormPage
          csrfToken={reply.generateCsrf()}
          locationId={null}
          values={values}
          errors={errs}
        />,
      );
    if (errors.length > 0) return again(errors);
    const result = await service.createLocation(ctx.db, ctx.clock, actorFrom(request), parsed);
    if (!result.ok)
      return 'errors' in result ? again(result.errors) : renderNotFound(request, reply);
    return reply.redirect(`/locations/${result.locationId}`, 303);
  });

  const showLocation = async (
    request: Parameters<typeof renderNotFound>[0],
    reply: Parameters<typeof renderNotFound>[1],
    locationId: string,
    roomValues: RoomFormValues,
    errors?: { field: string; message: string; href?: string }[],
  ) => {
    const location = await repo.findLocation(ctx.db, request.service.id, locationId);
    if (!location) return renderNotFound(request, reply);
    const rooms = await repo.listRooms(ctx.db, request.service.id, locationId);
    return ctx.page(
      request,
      reply,
      { title: location.name, hasErrors: (errors?.length ?? 0) > 0 },
      <LocationPage
        csrfToken={reply.generateCsrf()}
        location={location}
        rooms={rooms}
        roomValues={roomValues}
        errors={errors}
      />,
    );
  };

  app.get<{ Params: { locationId: string } }>(
    '/locations/:locationId',
    { config: managers },
    async (request, reply) => {
      if (!isUuid(request.params.locationId)) return renderNotFound(request, reply);
      return showLocation(request, reply, request.params.locationId, NO_ROOM);
    },
  );

  formRoute(app, ctx, {
    url: '/locations/:locationId/edit',
    access: managers.access,
    params: z.object({ locationId: uuidParam }),
    load: (request, { locationId }) => repo.findLocation(ctx.db, request.service.id, locationId),
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
      const result = await service.updateLocation(
        ctx.db,
        ctx.clock,
        actorFrom(request),
        location.id,
        parsed,
      );
      if (!result.ok) return 'errors' in result ? { errors: result.errors } : null;
      return { redirect: `/locations?saved=${location.id}` };
    },
  });

  app.post<{ Params: { locationId: string } }>(
    '/locations/:locationId/rooms',
    { config: managers },
    async (request, reply) => {
      const { locationId } = request.params;
      if (!isUuid(locationId)) return renderNotFound(request, reply);
      const { values, parsed, errors } = parseRoom(request.body);
      if (errors.length > 0) return showLocation(request, reply, locationId, values, errors);
      const result = await service.addRoom(
        ctx.db,
        ctx.clock,
        actorFrom(request),
        locationId,
        parsed,
      );
      if (!result.ok)
        return 'errors' in result
          ? showLocation(request, reply, locationId, values, result.errors)
          : renderNotFound(request, reply);
      return reply.redirect(`/locations/${locationId}`, 303);
    },
  );

  for (const action of ['close', 'reopen'] as const) {
    app.post<{ Params: { locationId: string; roomId: string } }>(
      `/locations/:locationId/rooms/:roomId/${action}`,
      { config: managers },
      async (request, reply) => {
        const { locationId, roomId } = request.params;
        if (!isUuid(locationId) || !isUuid(roomId)) return renderNotFound(request, reply);
        const result = await service.setRoomInUse(
          ctx.db,
          ctx.clock,
          actorFrom(request),
          locationId,
          roomId,
          action === 'reopen',
        );
        if (!result.ok) return renderNotFound(request, reply);
        return reply.redirect(`/locations/${locationId}`, 303);
      },
    );
  }
}
