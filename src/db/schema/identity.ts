import {
  foreignKey,
  index,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { users, type OidcKind } from './core';

/**
 * One sign-in through an OpenID provider, from the redirect out until it ends. The browser holds
 * the row's id in a cookie; `state`, `nonce` and the PKCE verifier stay here, so the callback can
 * only finish the flow this browser started, once. A patient's first sign-in waits here (the
 * `pending_*` columns) until they confirm that the record shown is theirs.
 */
export const oidcSignInFlows = pgTable(
  'oidc_sign_in_flows',
  {
    serviceId: uuid('service_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    kind: text('kind').$type<OidcKind>().notNull(),
    state: text('state').notNull(),
    nonce: text('nonce').notNull(),
    codeVerifier: text('code_verifier').notNull(),
    next: text('next').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    /** Set when the callback has used the flow: a second callback (a replay) is refused. */
    callbackAt: timestamp('callback_at', { withTimezone: true }),
    pendingIssuer: text('pending_issuer'),
    pendingSubject: text('pending_subject'),
    pendingUserId: uuid('pending_user_id'),
    pendingPatientId: uuid('pending_patient_id'),
  },
  (t) => [
    primaryKey({ columns: [t.serviceId, t.id] }),
    index('oidc_sign_in_flows_created_idx').on(t.serviceId, t.createdAt),
  ],
);

/**
 * A person's account at an OpenID provider (issuer + subject) linked to their Rapport account.
 * Made only when a patient confirms the record is theirs, or a staff member is matched to an
 * existing account; never silently from a name.
 */
export const identityLinks = pgTable(
  'identity_links',
  {
    serviceId: uuid('service_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    kind: text('kind').$type<OidcKind>().notNull(),
    issuer: text('issuer').notNull(),
    subject: text('subject').notNull(),
    userId: uuid('user_id').notNull(),
    /** The patient record the NHS number matched, when the link is a patient's. */
    patientId: uuid('patient_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.serviceId, t.id] }),
    uniqueIndex('identity_links_subject_idx').on(t.serviceId, t.issuer, t.subject),
    // One NHS login (or staff identity) per account: a second would be a second person.
    uniqueIndex('identity_links_user_idx').on(t.serviceId, t.kind, t.userId),
    foreignKey({ columns: [t.serviceId, t.userId], foreignColumns: [users.serviceId, users.id] }),
  ],
);
