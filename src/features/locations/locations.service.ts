import type { Db } from '../../db/client';
import { audit, type Actor } from '../../platform/audit';
import type { Clock } from '../../platform/clock';
import type { FieldError } from '../../ui/forms';
import * as repo from './locations.repository';

export type LocationResult =
  | { ok: true; locationId: string }
  | { ok: false; errors: FieldError[] }
  | { ok: false; notFound: true };

const nameTaken: FieldError = {
  field: 'name',
  message: 'There is already a location with this name. Enter a different name',
};

export async function createLocation(
  db: Db,
  clock: Clock,
  actor: Actor,
  values: repo.LocationValues,
): Promise<LocationResult> {
  return db.transaction(async (tx) => {
    if (await repo.findLocationByName(tx, actor.serviceId, values.name))
      return { ok: false as const, errors: [nameTaken] };
    const row = await repo.insertLocation(tx, actor.serviceId, values, clock.now());
    await audit(tx, clock, actor, {
      action: 'location.create',
      recordType: 'location',
      recordId: row.id,
      details: { name: values.name },
    });
    return { ok: true as const, locationId: row.id };
  });
}

export async function updateLocation(
  db: Db,
  clock: Clock,
  actor: Actor,
  locationId: string,
  values: repo.LocationValues,
): Promise<LocationResult> {
  return db.transaction(async (tx) => {
    const existing = await repo.findLocation(tx, actor.serviceId, locationId);
    if (!existing) return { ok: false as const, notFound: true as const };
    const same = await repo.findLocationByName(tx, actor.serviceId, values.name);
    if (same && same.id !== locationId) return { ok: false as const, errors: [nameTaken] };
    await repo.updateLocation(tx, actor.serviceId, locationId, values);
    await audit(tx, clock, actor, {
      action: 'location.update',
      recordType: 'location',
      recordId: locationId,
      details: { name: values.name, active: values.active },
    });
    return { ok: true as const, locationId };
  });
}

export async function addRoom(
  db: Db,
  clock: Clock,
  actor: Actor,
  locationId: string,
  values: { name: string; stepFreeAccess: boolean },
): Promise<LocationResult> {
  return db.transaction(async (tx) => {
    const location = await repo.findLocation(tx, actor.serviceId, locationId);
    if (!location) return { ok: false as const, notFound: true as const };
    const existing = await repo.listRooms(tx, actor.serviceId, locationId);
    if (existing.some((r) => r.name.toLowerCase() === values.name.toLowerCase()))
      return {
        ok: false as const,
        errors: [
          {
            field: 'roomName',
            message: `${location.name} already has a room called ${values.name}. Enter a different name`,
          },
        ],
      };
    const room = await repo.insertRoom(tx, actor.serviceId, { locationId, ...values });
    await audit(tx, clock, actor, {
      action: 'room.create',
      recordType: 'room',
      recordId: room.id,
      details: { locationId, name: values.name },
    });
    return { ok: true as const, locationId };
  });
}

/** Takes a room out of use (it stays on past appointments) or brings it back. */
export async function setRoomInUse(
  db: Db,
  clock: Clock,
  actor: Actor,
  locationId: string,
  roomId: string,
  active: boolean,
): Promise<LocationResult> {
  return db.transaction(async (tx) => {
    const room = await repo.findRoom(tx, actor.serviceId, roomId);
    if (!room || room.locationId !== locationId)
      return { ok: false as const, notFound: true as const };
    await repo.setRoomActive(tx, actor.serviceId, roomId, active);
    await audit(tx, clock, actor, {
      action: active ? 'room.reopen' : 'room.close',
      recordType: 'room',
      recordId: roomId,
    });
    return { ok: true as const, locationId };
  });
}

// ---- What other features may ask about locations and rooms (through index.ts) -------------------

export type { LocationRow, RoomRow } from './locations.repository';
export const listLocations = repo.listLocations;
export const findLocation = repo.findLocation;
export const listAllRooms = repo.listAllRooms;
export const findRoom = repo.findRoom;
