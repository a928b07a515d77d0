import {
  date,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';

/**
 * The dashboard's period figures per London day, kept by the reports' summary worker (ADR 0028):
 * `counts` holds every figure of the ended-courses, appointments and referrals bases for the
 * courses, appointments and referrals dated that day, counted by the very SQL the live
 * dashboard and the drill-down lists use. A table, not a materialised view, so that row-level
 * security keeps each service's figures to itself.
 */
export const reportDaily = pgTable(
  'report_daily',
  {
    serviceId: uuid('service_id').notNull(),
    day: date('day').notNull(),
    counts: jsonb('counts').$type<Record<string, number>>().notNull(),
    /** When these counts were taken: the figures are "as at" the oldest day of a period. */
    computedAt: timestamp('computed_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.serviceId, t.day] })],
);

/** One row per service: who is refreshing its summary (a lease), and when a pass last ended. */
export const reportSummaryState = pgTable('report_summary_state', {
  serviceId: uuid('service_id').primaryKey(),
  leaseHolder: text('lease_holder'),
  leaseUntil: timestamp('lease_until', { withTimezone: true }),
  refreshedAt: timestamp('refreshed_at', { withTimezone: true }),
});

/**
 * The published English Indices of Deprivation lookup: each postcode's Index of Multiple
 * Deprivation decile (1 = the most deprived tenth of neighbourhoods), via the postcode's LSOA.
 * Reference data for every service (no service_id), loaded by an operator with
 * `rapport import-imd` (docs/data-export.md); postcodes stored upper case without spaces.
 */
export const imdDeciles = pgTable('imd_deciles', {
  postcode: text('postcode').primaryKey(),
  decile: smallint('decile').notNull(),
});
