import {
  boolean,
  foreignKey,
  index,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { users } from './core';

/** A public JSON Web Key as registered for a client (RFC 7517); only public members are kept. */
export interface PublicJwk {
  kty: string;
  kid?: string;
  alg?: string;
  use?: string;
  [member: string]: unknown;
}

/**
 * A system registered by a service manager to call the FHIR API (SMART Backend Services): it
 * proves who it is with a JWT signed by the private half of one of these public keys, and gets
 * only the scopes listed here. A client belongs to one service; its tokens open only that service.
 */
export const apiClients = pgTable(
  'api_clients',
  {
    serviceId: uuid('service_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    name: text('name').notNull(),
    /** SMART scopes the client may ask for, e.g. `system/Observation.read`. */
    scopes: text('scopes').array().$type<string[]>().notNull(),
    jwks: jsonb('jwks').$type<{ keys: PublicJwk[] }>().notNull(),
    active: boolean('active').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    createdBy: uuid('created_by').notNull(),
    deactivatedAt: timestamp('deactivated_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.serviceId, t.id] }),
    foreignKey({
      columns: [t.serviceId, t.createdBy],
      foreignColumns: [users.serviceId, users.id],
    }),
  ],
);

/**
 * The `jti` of every client assertion accepted, until it expires: an assertion is single use, so
 * a copied one cannot buy a second token (RFC 7523 §3, SMART Backend Services).
 */
export const apiClientAssertions = pgTable(
  'api_client_assertions',
  {
    serviceId: uuid('service_id').notNull(),
    clientId: uuid('client_id').notNull(),
    jti: text('jti').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.serviceId, t.clientId, t.jti] }),
    index('api_client_assertions_expiry_idx').on(t.serviceId, t.expiresAt),
    foreignKey({
      columns: [t.serviceId, t.clientId],
      foreignColumns: [apiClients.serviceId, apiClients.id],
    }).onDelete('cascade'),
  ],
);
