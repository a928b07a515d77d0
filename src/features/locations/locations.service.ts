import { formatLondonDateTime } from '../../domain/calendar';
import { outsideWorkingPattern } from '../../domain/diary';
import type { UseCase } from '../../platform/use-case';
import { fieldHref } from '../../ui/fields';
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
  uc: UseCase,
  { values }: { values: repo.LocationValues },
): Promise<LocationResult> {
  const { actor } = uc;
  return uc.transaction(async (t) => {
    const tx = t.db;
    const clock = t.clock;
    if (await repo.findLocationByName(tx, actor.serviceId, values.name))
      return { ok: false as const, errors: [nameTaken] };
    const row = await repo.insertLocation(tx, actor.serviceId, values, clock.now());
    await t.audit({
      action: 'location.create',
      recordType: 'location',
      recordId: row.id,
      details: { name: values.name },
    });
    return { ok: true as const, locationId: row.id };
  });
}

/**
 * Saves a location's details. Not taken out of use while sessions are still booked there: they
 * would be left at a place nobody expects to be used, and nobody would be told (as for rooms).
 */
export async function updateLocation(
  uc: UseCase,
  {
    locationId,
    values,
    bookedAtLocation,
    futureBookedAtLocation,
  }: {
    locationId: string;
    values: repo.LocationValues;
    bookedAtLocation: BookedInRoom;
    futureBookedAtLocation: FutureBookedAtLocation;
  },
): Promise<LocationResult> {
  const { actor } = uc;
  return uc.transaction(async (t) => {
    const tx = t.db;
    const existing = await repo.findLocation(tx, actor.serviceId, locationId);
    if (!existing) return { ok: false as const, notFound: true as const };
    const same = await repo.findLocationByName(tx, actor.serviceId, values.name);
    if (same && same.id !== locationId) return { ok: false as const, errors: [nameTaken] };
    if (existing.active && !values.active) {
      const booked = await bookedAtLocation(tx, actor.serviceId, locationId, t.clock.now());
      if (booked.count > 0)
        return {
          ok: false as const,
          errors: [
            {
              field: 'active',
              href: fieldHref.choice('active'),
              message: stillBookedMessage(existing.name, booked),
            },
          ],
        };
    }
    // Sessions booked face to face here must not be left at a time it would be shut (H10): the
    // rule booking checks (a location's hours, as a therapist's: `outsideWorkingPattern`), before
    // and after. Sessions booked outside the hours with a recorded reason are left alone.
    if (values.active) {
      const booked = (
        await futureBookedAtLocation(tx, actor.serviceId, locationId, t.clock.now())
      ).filter((s) => !s.outsideHoursReason);
      const before = new Set(outsideWorkingPattern(existing.openingHours, booked));
      const stranded = outsideWorkingPattern(values.openingHours, booked).filter(
        (s) => !before.has(s),
      );
      if (stranded.length > 0)
        return {
          ok: false as const,
          errors: stranded.map((s) => ({
            field: 'openingHours',
            href: 'opening-1-opens',
            message: `${formatLondonDateTime(s.startsAt)}, ${s.patientName}: ${existing.name} would be closed then. Rearrange this session first, or keep the opening hours`,
          })),
        };
    }
    await repo.updateLocation(tx, actor.serviceId, locationId, values);
    await t.audit({
      action: 'location.update',
      recordType: 'location',
      recordId: locationId,
      details: { name: values.name, active: values.active },
    });
    return { ok: true as const, locationId };
  });
}

export async function addRoom(
  uc: UseCase,
  { locationId, values }: { locationId: string; values: { name: string; stepFreeAccess: boolean } },
): Promise<LocationResult> {
  const { actor } = uc;
  return uc.transaction(async (t) => {
    const tx = t.db;
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
    await t.audit({
      action: 'room.create',
      recordType: 'room',
      recordId: room.id,
      details: { locationId, name: values.name },
    });
    return { ok: true as const, locationId };
  });
}

/** Why a room or location cannot be taken out of use yet, and what to do first. */
function stillBookedMessage(
  name: string,
  booked: { count: number; first: Date | null },
  kind: 'room' | 'location' = 'location',
): string {
  const sessions = booked.count === 1 ? '1 session' : `${booked.count} sessions`;
  const from = booked.first ? ` from ${formatLondonDateTime(booked.first)}` : '';
  const them = booked.count === 1 ? 'it' : 'them';
  return `${name} has ${sessions} booked${from}. Move ${them} to another ${kind} or to video first, then take ${name} out of use`;
}

/**
 * The diary's answer (asked through the app, as the diary depends on locations): the room's
 * booked appointments that have not ended, and when the first of them starts.
 */
/** The diary's sessions still booked at a location after now (handed in from app.tsx, ADR 0041). */
export type FutureBookedAtLocation = (
  db: UseCase['db'],
  serviceId: string,
  locationId: string,
  now: Date,
) => Promise<
  {
    id: string;
    startsAt: Date;
    endsAt: Date;
    outsideHoursReason: string | null;
    patientName: string;
  }[]
>;

export type BookedInRoom = (
  db: UseCase['db'],
  serviceId: string,
  roomId: string,
  now: Date,
) => Promise<{ count: number; first: Date | null }>;

/**
 * Takes a room out of use (it stays on past appointments) or brings it back. Not while sessions
 * are still booked in it: they would be left in a room nobody expects to be used, and nobody
 * would be told. They are moved first.
 */
export async function setRoomInUse(
  uc: UseCase,
  {
    locationId,
    roomId,
    active,
    bookedInRoom,
  }: { locationId: string; roomId: string; active: boolean; bookedInRoom: BookedInRoom },
): Promise<LocationResult> {
  const { actor } = uc;
  return uc.transaction(async (t) => {
    const tx = t.db;
    const room = await repo.findRoom(tx, actor.serviceId, roomId);
    if (!room || room.locationId !== locationId)
      return { ok: false as const, notFound: true as const };
    if (!active && room.active) {
      const booked = await bookedInRoom(tx, actor.serviceId, roomId, t.clock.now());
      if (booked.count > 0)
        return {
          ok: false as const,
          errors: [
            {
              field: `room-${roomId}`,
              message: stillBookedMessage(room.name, booked, 'room'),
            },
          ],
        };
    }
    await repo.setRoomActive(tx, actor.serviceId, roomId, active);
    await t.audit({
      action: active ? 'room.reopen' : 'room.close',
      recordType: 'room',
      recordId: roomId,
    });
    return { ok: true as const, locationId };
  });
}

/** The managers' list: every location with how many of its rooms are in use. */
export async function locationList({ db, service }: UseCase) {
  const [locations, rooms] = await Promise.all([
    repo.listLocations(db, service.id),
    repo.listAllRooms(db, service.id),
  ]);
  const roomCounts = new Map<string, number>();
  for (const r of rooms)
    if (r.room.active) roomCounts.set(r.location.id, (roomCounts.get(r.location.id) ?? 0) + 1);
  return { locations, roomCounts };
}

/** One location and its rooms; null when there is no such location in this service. */
export async function locationWithRooms(
  { db, service }: UseCase,
  { locationId }: { locationId: string },
) {
  const location = await repo.findLocation(db, service.id, locationId);
  if (!location) return null;
  return { location, rooms: await repo.listRooms(db, service.id, locationId) };
}

// ---- What other features may ask about locations and rooms (through index.ts) -------------------

export type { LocationRow, RoomRow } from './locations.repository';
export const listLocations = repo.listLocations;
export const findLocation = repo.findLocation;
export const listAllRooms = repo.listAllRooms;
export const findRoom = repo.findRoom;
