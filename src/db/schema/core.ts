import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  date,
} from 'drizzle-orm/pg-core';

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();

/** NHS login for patients; the configured single sign-on for staff. */
export const OIDC_KINDS = ['nhs_login', 'staff'] as const;
export type OidcKind = (typeof OIDC_KINDS)[number];

export interface OfficeHours {
  /** ISO weekdays, 1 = Monday. */
  days: number[];
  opens: string;
  closes: string;
  /** Extra closure dates (YYYY-MM-DD) the service sets, on top of bank holidays. */
  extraClosures: string[];
}

export interface ServiceSettings {
  minimumReferralAge: number;
  plannedIptSessions: number;
  referralDraftHours: number;
  questionnaireOpensDaysBefore: number;
  reminderOffsetsMinutes: number[];
  /** Shown on the referral confirmation page: how long people currently wait, in weeks. */
  typicalWaitWeeks: number;
  /**
   * Minutes after it is raised that an unactioned risk alert escalates to the supervisor or the
   * service managers. Absent (the default): at the end of the working day (office hours).
   */
  riskEscalationMinutes?: number | null;
  /** When the Wall is open for posting; absent: the service's office hours (issue 14). */
  wallHours?: OfficeHours | null;
  /**
   * Equity breakdowns hide cells counting fewer people than this (src/domain/outcomes
   * reporting.ts, hazard H22). Absent: the default of 5. Never below 5.
   */
  smallCellThreshold?: number | null;
}

/** How people reach the service, shown wherever a page tells them to contact it. */
export interface ServiceContact {
  /** E.164, as the phone validator gives it. */
  phone: string;
  email: string;
  addressLines: string[];
  postcode: string;
}

export const DEFAULT_SERVICE_SETTINGS: ServiceSettings = {
  minimumReferralAge: 18,
  plannedIptSessions: 16,
  referralDraftHours: 24,
  questionnaireOpensDaysBefore: 3,
  reminderOffsetsMinutes: [2 * 24 * 60, 120],
  typicalWaitWeeks: 6,
};

export const DEFAULT_OFFICE_HOURS: OfficeHours = {
  days: [1, 2, 3, 4, 5],
  opens: '09:00',
  closes: '17:00',
  extraClosures: [],
};

/** The tenant. One deployment can host many services. */
export const services = pgTable('services', {
  id: uuid('id').primaryKey().defaultRandom(),
  slug: text('slug').notNull().unique(),
  name: text('name').notNull(),
  timezone: text('timezone').notNull().default('Europe/London'),
  officeHours: jsonb('office_hours').$type<OfficeHours>().notNull(),
  settings: jsonb('settings').$type<ServiceSettings>().notNull(),
  /** Null until a manager enters them; pages then say how to find the service instead. */
  contact: jsonb('contact').$type<ServiceContact>(),
  isDemo: boolean('is_demo').notNull().default(false),
  createdAt: createdAt(),
});

/** Host names that reach a service (lower case, no port); an unknown host reaches the default service. */
export const serviceHosts = pgTable(
  'service_hosts',
  {
    host: text('host').primaryKey(),
    serviceId: uuid('service_id')
      .notNull()
      .references(() => services.id),
    createdAt: createdAt(),
  },
  (t) => [index('service_hosts_service_idx').on(t.serviceId)],
);

/** Deployment-wide secrets generated on first start (cookie signing), so restarts keep sessions. */
export const instanceSecrets = pgTable('instance_secrets', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  createdAt: createdAt(),
});

export const ROLES = [
  'patient',
  'therapist',
  'supervisor',
  'service_manager',
  'moderator',
  'community_member',
] as const;
export type Role = (typeof ROLES)[number];

export const users = pgTable(
  'users',
  {
    serviceId: uuid('service_id')
      .notNull()
      .references(() => services.id),
    id: uuid('id').notNull().defaultRandom(),
    email: text('email').notNull(),
    emailNormalised: text('email_normalised').notNull(),
    displayName: text('display_name').notNull(),
    passwordHash: text('password_hash'),
    roles: text('roles').array().$type<Role[]>().notNull(),
    active: boolean('active').notNull().default(true),
    passwordChangedAt: timestamp('password_changed_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.serviceId, t.id] }),
    uniqueIndex('users_service_email_idx').on(t.serviceId, t.emailNormalised),
  ],
);

export const sessions = pgTable(
  'sessions',
  {
    serviceId: uuid('service_id').notNull(),
    tokenHash: text('token_hash').notNull(),
    userId: uuid('user_id').notNull(),
    createdAt: createdAt(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull(),
    ip: text('ip'),
    /** Staff after the password, before the second factor: no page but the second step opens. */
    secondStepPending: boolean('second_step_pending').notNull().default(false),
    /** The WebAuthn challenge this session was last given (single use). */
    webauthnChallenge: text('webauthn_challenge'),
    /** An authenticator-app secret shown for enrolment, until a code from it confirms it. */
    pendingTotpSecret: text('pending_totp_secret'),
    /** The OpenID provider this session was signed in through, so signing out can end it there. */
    signedInWith: text('signed_in_with').$type<OidcKind>(),
  },
  (t) => [
    primaryKey({ columns: [t.serviceId, t.tokenHash] }),
    index('sessions_service_user_idx').on(t.serviceId, t.userId),
    foreignKey({
      columns: [t.serviceId, t.userId],
      foreignColumns: [users.serviceId, users.id],
    }).onDelete('cascade'),
  ],
);

export const SECOND_FACTOR_KINDS = ['totp', 'passkey'] as const;
export type SecondFactorKind = (typeof SECOND_FACTOR_KINDS)[number];

/** Staff second factors: one authenticator app (TOTP) and any number of passkeys. */
export const userSecondFactors = pgTable(
  'user_second_factors',
  {
    serviceId: uuid('service_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    userId: uuid('user_id').notNull(),
    kind: text('kind').$type<SecondFactorKind>().notNull(),
    name: text('name').notNull(),
    totpSecret: text('totp_secret'),
    /** The last RFC 6238 time step accepted: a code from that step or earlier is a replay. */
    totpLastStep: bigint('totp_last_step', { mode: 'number' }),
    credentialId: text('credential_id'),
    publicKey: text('public_key'),
    signCount: bigint('sign_count', { mode: 'number' }).notNull().default(0),
    transports: text('transports').array().$type<string[]>(),
    createdAt: createdAt(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.serviceId, t.id] }),
    index('user_second_factors_user_idx').on(t.serviceId, t.userId),
    uniqueIndex('user_second_factors_credential_idx').on(t.serviceId, t.credentialId),
    foreignKey({
      columns: [t.serviceId, t.userId],
      foreignColumns: [users.serviceId, users.id],
    }).onDelete('cascade'),
  ],
);

/** Single-use recovery codes, stored hashed (argon2id). */
export const userRecoveryCodes = pgTable(
  'user_recovery_codes',
  {
    serviceId: uuid('service_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    userId: uuid('user_id').notNull(),
    codeHash: text('code_hash').notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.serviceId, t.id] }),
    index('user_recovery_codes_user_idx').on(t.serviceId, t.userId),
    foreignKey({
      columns: [t.serviceId, t.userId],
      foreignColumns: [users.serviceId, users.id],
    }).onDelete('cascade'),
  ],
);

export const TOKEN_PURPOSES = ['invitation', 'password_reset', 'setup'] as const;
export type TokenPurpose = (typeof TOKEN_PURPOSES)[number];

/**
 * Invitation, password-reset and first-run setup links: stored hashed, single use, expiring.
 * A setup link has no user yet: it creates the first service manager.
 */
export const userTokens = pgTable(
  'user_tokens',
  {
    serviceId: uuid('service_id').notNull(),
    tokenHash: text('token_hash').notNull(),
    userId: uuid('user_id'),
    purpose: text('purpose').$type<TokenPurpose>().notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.serviceId, t.tokenHash] }),
    index('user_tokens_service_user_idx').on(t.serviceId, t.userId),
    foreignKey({
      columns: [t.serviceId, t.userId],
      foreignColumns: [users.serviceId, users.id],
    }).onDelete('cascade'),
  ],
);

export const signInFailures = pgTable(
  'sign_in_failures',
  {
    serviceId: uuid('service_id').notNull(),
    id: bigint('id', { mode: 'number' }).generatedAlwaysAsIdentity(),
    emailNormalised: text('email_normalised').notNull(),
    ip: text('ip').notNull(),
    /** Failures from a browser that has signed in to this account before are counted apart. */
    knownDevice: boolean('known_device').notNull().default(false),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.serviceId, t.id] }),
    index('sign_in_failures_email_idx').on(t.serviceId, t.emailNormalised, t.at),
    index('sign_in_failures_ip_idx').on(t.serviceId, t.ip, t.at),
  ],
);

/** Append-only: a trigger refuses UPDATE and DELETE, and on PostgreSQL the app role has no grant. */
export const auditEvents = pgTable(
  'audit_events',
  {
    serviceId: uuid('service_id').notNull(),
    id: bigint('id', { mode: 'number' }).generatedAlwaysAsIdentity(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    userId: uuid('user_id'),
    role: text('role'),
    action: text('action').notNull(),
    patientId: uuid('patient_id'),
    recordType: text('record_type'),
    recordId: text('record_id'),
    outcome: text('outcome').notNull().default('success'),
    reason: text('reason'),
    ip: text('ip'),
    requestId: text('request_id'),
    details: jsonb('details').$type<Record<string, unknown>>(),
    // The hash chain (docs/adr/0010): set by the database's insert trigger, never by the app.
    seq: bigint('seq', { mode: 'number' }),
    prevHash: text('prev_hash'),
    hash: text('hash'),
  },
  (t) => [
    primaryKey({ columns: [t.serviceId, t.id] }),
    uniqueIndex('audit_events_chain_idx').on(t.serviceId, t.seq),
    index('audit_events_at_idx').on(t.serviceId, t.at),
    index('audit_events_user_idx').on(t.serviceId, t.userId, t.at),
    index('audit_events_patient_idx').on(t.serviceId, t.patientId, t.at),
  ],
);

/**
 * Signed checkpoints of each service's audit chain head (docs/adr/0010): insert-only, written on a
 * schedule by the server (and copied to its log), checked by `rapport audit verify`.
 */
export const auditCheckpoints = pgTable(
  'audit_checkpoints',
  {
    serviceId: uuid('service_id').notNull(),
    id: bigint('id', { mode: 'number' }).generatedAlwaysAsIdentity(),
    seq: bigint('seq', { mode: 'number' }).notNull(),
    headHash: text('head_hash').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    signature: text('signature').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.serviceId, t.id] }),
    index('audit_checkpoints_seq_idx').on(t.serviceId, t.seq),
  ],
);

export const OUTBOX_CHANNELS = ['email', 'sms'] as const;
export type OutboxChannel = (typeof OUTBOX_CHANNELS)[number];
export const OUTBOX_STATUSES = ['pending', 'sent', 'logged', 'failed', 'cancelled'] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

export const outboxMessages = pgTable(
  'outbox_messages',
  {
    serviceId: uuid('service_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    channel: text('channel').$type<OutboxChannel>().notNull(),
    recipient: text('recipient').notNull(),
    subject: text('subject'),
    body: text('body').notNull(),
    template: text('template').notNull(),
    /** Set when the message concerns a patient, so it can be found and audited with their record. */
    patientId: uuid('patient_id'),
    /**
     * A letter attached by reference (issue 11): the PDF is rendered from the letter when the
     * message is sent, so no letter text sits in the outbox.
     */
    attachmentLetterId: uuid('attachment_letter_id'),
    idempotencyKey: text('idempotency_key').notNull(),
    status: text('status').$type<OutboxStatus>().notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    notBefore: timestamp('not_before', { withTimezone: true }).notNull(),
    /**
     * The earliest appointment time the message is about (`about` when queued), kept so a text
     * retried after a failure keeps the quiet hours by the same rule as when it was queued (H10).
     */
    aboutFirstAt: timestamp('about_first_at', { withTimezone: true }),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull(),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    lastError: text('last_error'),
    providerReference: text('provider_reference'),
    createdAt: createdAt(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.serviceId, t.id] }),
    uniqueIndex('outbox_idempotency_idx').on(t.serviceId, t.idempotencyKey),
    index('outbox_due_idx').on(t.serviceId, t.status, t.nextAttemptAt),
    index('outbox_created_idx').on(t.serviceId, t.createdAt),
  ],
);

/** The clinical record of a person the service is caring for; an account is optional. */
export const patients = pgTable(
  'patients',
  {
    serviceId: uuid('service_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    nhsNumber: text('nhs_number'),
    givenName: text('given_name').notNull(),
    familyName: text('family_name').notNull(),
    dateOfBirth: date('date_of_birth', { mode: 'string' }).notNull(),
    postcode: text('postcode'),
    email: text('email'),
    mobile: text('mobile'),
    address: text('address'),
    gpPractice: text('gp_practice'),
    /** Channels the person allowed (from the referral): reminders use only these. */
    allowEmail: boolean('allow_email').notNull().default(false),
    allowSms: boolean('allow_sms').notNull().default(false),
    allowVoicemail: boolean('allow_voicemail').notNull().default(false),
    /** The GP practice's email for letters (issue 11), recorded at the assessment. */
    gpEmail: text('gp_email'),
    /** The person agreed to get their letters as email attachments, not only in Rapport. */
    allowLettersByEmail: boolean('allow_letters_by_email').notNull().default(false),
    /**
     * Access and communication needs (Accessible Information Standard codes, the self-referral's
     * options: `step_free_access`, `bsl_interpreter`…), gathered from their referrals.
     */
    accessNeeds: text('access_needs')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    /** What "Something else" (the `other` need) is, in their words; null without that need. */
    accessNeedsOther: text('access_needs_other'),
    userId: uuid('user_id'),
    /** The clinician responsible for this patient: the one whose queue risk alerts land on. */
    responsibleClinicianId: uuid('responsible_clinician_id'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.serviceId, t.id] }),
    index('patients_nhs_number_idx').on(t.serviceId, t.nhsNumber),
    index('patients_name_dob_idx').on(t.serviceId, t.familyName, t.dateOfBirth),
    uniqueIndex('patients_user_idx')
      .on(t.serviceId, t.userId)
      .where(sql`${t.userId} is not null`),
    index('patients_clinician_idx').on(t.serviceId, t.responsibleClinicianId),
    foreignKey({ columns: [t.serviceId, t.userId], foreignColumns: [users.serviceId, users.id] }),
    foreignKey({
      columns: [t.serviceId, t.responsibleClinicianId],
      foreignColumns: [users.serviceId, users.id],
    }),
  ],
);
