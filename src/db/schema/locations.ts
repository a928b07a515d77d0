import {
  boolean,
  index,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';

export interface WeeklyHours {
  /** ISO weekday (1 = Monday) → opening and closing local times; a missing day is closed. */
  [isoWeekday: string]: { opens: string; closes: string } | undefined;
}

/** Where face-to-face sessions happen. Managed by a service manager. */
export const locations = pgTable(
  'locations',
  {
    serviceId: uuid('service_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    name: text('name').notNull(),
    address: text('address').notNull(),
    postcode: text('postcode').notNull(),
    stepFreeAccess: boolean('step_free_access').notNull().default(false),
    /** Parking, hearing loop, accessible toilet, how to find the entrance… shown to patients. */
    accessInformation: text('access_information').notNull().default(''),
    openingHours: jsonb('opening_hours').$type<WeeklyHours>().notNull(),
    active: boolean('active').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.serviceId, t.id] }),
    index('locations_name_idx').on(t.serviceId, t.name),
  ],
);

export const rooms = pgTable(
  'rooms',
  {
    serviceId: uuid('service_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    locationId: uuid('location_id').notNull(),
    name: text('name').notNull(),
    stepFreeAccess: boolean('step_free_access').notNull().default(false),
    active: boolean('active').notNull().default(true),
  },
  (t) => [
    primaryKey({ columns: [t.serviceId, t.id] }),
    index('rooms_location_idx').on(t.serviceId, t.locationId),
  ],
);
