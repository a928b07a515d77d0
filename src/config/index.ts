import { join } from 'node:path';
import { z } from 'zod';
import type { Role } from '../db/schema';

/**
 * The one reader of process.env. Every variable is listed here (and in the README table);
 * a bad value stops start-up with a message naming the variable.
 */
const booleanString = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('localhost'),
  PUBLIC_URL: z.url().optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional(),
  DATABASE_MIGRATION_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional(),
  AUDIT_CHECKPOINT_MINUTES: z.coerce.number().int().min(1).max(1440).default(15),
  OPERATOR_TOKEN: z.string().min(32, 'must be at least 32 characters').optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SERVICE_NAME: z.string().min(1).max(120).default('NHS Talking Therapies'),
  COOKIE_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://')
    .optional(),
  SMTP_FROM: z.string().min(3).default('Rapport <no-reply@rapport.localhost>'),
  NOTIFY_API_KEY: z.string().min(10).optional(),
  NOTIFY_EMAIL_TEMPLATE_ID: z.uuid().optional(),
  NOTIFY_SMS_TEMPLATE_ID: z.uuid().optional(),
  NOTIFY_LETTER_TEMPLATE_ID: z.uuid().optional(),
  OUTBOX_POLL_MS: z.coerce.number().int().min(100).max(600_000).default(5000),
  NHS_FONTS: booleanString.default(true),
  TRUST_PROXY: booleanString.default(false),
  ALLOW_INSECURE_COOKIES: booleanString.default(false),
  VIDEO_STUN_URLS: z.string().max(2000).optional(),
  VIDEO_TURN_URLS: z.string().max(2000).optional(),
  VIDEO_TURN_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  VIDEO_TURN_TTL_SECONDS: z.coerce.number().int().min(60).max(86_400).default(3600),
  // --- community videos (issue 13) ---
  UPLOADS_DIR: z.string().min(1).optional(),
  COMMUNITY_VIDEO_MAX_MB: z.coerce.number().int().min(1).max(4096).default(200),
  // --- end community videos ---
  // --- OpenID sign-in (issue 17): NHS login for patients, single sign-on for staff ---
  NHS_LOGIN_ISSUER: z.url().optional(),
  NHS_LOGIN_CLIENT_ID: z.string().min(1).max(200).optional(),
  NHS_LOGIN_CLIENT_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  NHS_LOGIN_PRIVATE_KEY_PATH: z.string().min(1).optional(),
  NHS_LOGIN_PRIVATE_KEY_ALG: z
    .enum(['RS256', 'RS384', 'RS512', 'PS256', 'PS512', 'ES256'])
    .default('RS512'),
  NHS_LOGIN_SCOPES: z.string().max(500).default('openid profile'),
  NHS_LOGIN_REDIRECT_URL: z.url().optional(),
  NHS_LOGIN_END_SESSION: booleanString.default(true),
  STAFF_OIDC_ISSUER: z.url().optional(),
  STAFF_OIDC_CLIENT_ID: z.string().min(1).max(200).optional(),
  STAFF_OIDC_CLIENT_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  STAFF_OIDC_PRIVATE_KEY_PATH: z.string().min(1).optional(),
  STAFF_OIDC_PRIVATE_KEY_ALG: z
    .enum(['RS256', 'RS384', 'RS512', 'PS256', 'PS512', 'ES256'])
    .default('RS256'),
  STAFF_OIDC_SCOPES: z.string().max(500).default('openid profile email'),
  STAFF_OIDC_REDIRECT_URL: z.url().optional(),
  STAFF_OIDC_END_SESSION: booleanString.default(true),
  STAFF_OIDC_NAME: z.string().min(1).max(80).default('your organisation account'),
  STAFF_OIDC_USER_CLAIM: z
    .string()
    .regex(/^[A-Za-z0-9_:.-]{1,100}$/)
    .default('email'),
  STAFF_OIDC_ROLES_CLAIM: z
    .string()
    .regex(/^[A-Za-z0-9_:.-]{1,100}$/)
    .optional(),
  STAFF_OIDC_ROLE_MAP: z.string().max(2000).optional(),
  // --- end OpenID sign-in ---
});

export type Env = z.infer<typeof envSchema>;

export interface Config {
  env: Env['NODE_ENV'];
  port: number;
  host: string;
  publicUrl: string;
  dataDir: string;
  databaseUrl: string | undefined;
  /** The owner's connection for migrations, when the server's own role may not migrate. */
  databaseMigrationUrl: string | undefined;
  /** How often the server writes signed checkpoints of the audit chains. */
  auditCheckpointMinutes: number;
  /** Shows /ready's details to whoever sends it as a bearer token; unset, nobody sees them. */
  operatorToken: string | undefined;
  logLevel: Env['LOG_LEVEL'];
  serviceName: string;
  cookieSecret: string | undefined;
  /** Secure cookies with the __Host- prefix: always on https, and on localhost (browsers treat it as secure). */
  secureCookies: boolean;
  smtp: { url: string; from: string } | undefined;
  notify:
    | {
        apiKey: string;
        emailTemplateId?: string;
        smsTemplateId?: string;
        /** An email template with ((subject)), ((body)) and ((link_to_file)): letters as a file. */
        letterTemplateId?: string;
      }
    | undefined;
  outboxPollMs: number;
  nhsFonts: boolean;
  trustProxy: boolean;
  /** ICE servers for video calls: STUN, and TURN with time-limited credentials (TURN REST). */
  video: {
    stunUrls: string[];
    turn: { urls: string[]; secret: string; ttlSeconds: number } | undefined;
  };
  /** Uploaded files (community videos): outside public/, served only through their routes. */
  uploads: { dir: string; videoMaxBytes: number };
  /** OpenID sign-in (issue 17); each provider is off unless its issuer and client id are set. */
  oidc: { nhsLogin: OidcProviderConfig | undefined; staff: StaffOidcConfig | undefined };
}

export interface OidcProviderConfig {
  issuer: string;
  clientId: string;
  /** private_key_jwt (NHS login requires it) when a key is set, else client_secret_post. */
  auth:
    | { method: 'private_key_jwt'; keyPath: string; alg: string }
    | { method: 'client_secret'; secret: string };
  scopes: string;
  redirectUrl: string;
  /**
   * Whether signing out sends the browser on to the provider to end its session there too
   * (`PUBLIC_URL/sign-out` must be registered with it as a post-logout redirect URL).
   */
  endSession: boolean;
}

export interface StaffOidcConfig extends OidcProviderConfig {
  /** Shown on the sign-in button: "Continue with …". */
  name: string;
  /** The claim matched to a Rapport account's email; `email` also needs `email_verified`. */
  userClaim: string;
  /** When set, roles come from this claim through roleMap instead of the Rapport account. */
  roles: { claim: string; map: Record<string, Role> } | undefined;
}

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(
      `Rapport cannot start: configuration is not valid.\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
    this.name = 'ConfigError';
  }
}

/** This machine: browsers treat it as a secure context, and nothing reaches it from outside. */
function isLocalHost(hostname: string): boolean {
  return ['localhost', '127.0.0.1', '[::1]'].includes(hostname);
}

export function loadConfig(source: Record<string, string | undefined> = process.env): Config {
  // Empty strings count as unset, so `FOO= npm start` behaves like leaving FOO out.
  const cleaned = Object.fromEntries(
    Object.entries(source).filter(([, v]) => v !== undefined && v !== ''),
  );
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`),
    );
  }
  const e = parsed.data;
  const problems: string[] = [];
  if (e.NOTIFY_API_KEY && !e.NOTIFY_EMAIL_TEMPLATE_ID && !e.NOTIFY_SMS_TEMPLATE_ID) {
    problems.push(
      'NOTIFY_EMAIL_TEMPLATE_ID / NOTIFY_SMS_TEMPLATE_ID: set at least one when NOTIFY_API_KEY is set',
    );
  }
  const publicUrl = (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, '');
  const url = new URL(publicUrl);
  const secureCookies = url.protocol === 'https:' || isLocalHost(url.hostname);
  // Over plain http to another host the session cookie would travel unencrypted and lose
  // __Host-: that must be a decision someone wrote down, never a silent fallback.
  if (!secureCookies && !e.ALLOW_INSECURE_COOKIES) {
    problems.push(
      `PUBLIC_URL: ${publicUrl} is plain http on a host other than localhost, so session cookies could not be Secure. Use https, or set ALLOW_INSECURE_COOKIES=true to accept cookies sent unencrypted (a closed test network only)`,
    );
  }
  const urlList = (v: string | undefined) =>
    (v ?? '')
      .split(',')
      .map((u) => u.trim())
      .filter((u) => u !== '');
  const stunUrls = urlList(e.VIDEO_STUN_URLS);
  const turnUrls = urlList(e.VIDEO_TURN_URLS);
  for (const [name, urls, schemes] of [
    ['VIDEO_STUN_URLS', stunUrls, ['stun:', 'stuns:']],
    ['VIDEO_TURN_URLS', turnUrls, ['turn:', 'turns:']],
  ] as const)
    for (const u of urls)
      if (!schemes.some((s) => u.startsWith(s)))
        problems.push(`${name}: ${u} must start with ${schemes.join(' or ')}`);
  if (turnUrls.length > 0 && !e.VIDEO_TURN_SECRET)
    problems.push(
      "VIDEO_TURN_SECRET: set it (the TURN server's static-auth-secret) with VIDEO_TURN_URLS",
    );
  const oidc = oidcConfig(e, publicUrl, problems);
  if (problems.length > 0) throw new ConfigError(problems);

  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    publicUrl,
    dataDir: e.DATA_DIR,
    databaseUrl: e.DATABASE_URL,
    databaseMigrationUrl: e.DATABASE_MIGRATION_URL,
    auditCheckpointMinutes: e.AUDIT_CHECKPOINT_MINUTES,
    operatorToken: e.OPERATOR_TOKEN,
    logLevel: e.LOG_LEVEL,
    serviceName: e.SERVICE_NAME,
    cookieSecret: e.COOKIE_SECRET,
    secureCookies,
    smtp: e.SMTP_URL ? { url: e.SMTP_URL, from: e.SMTP_FROM } : undefined,
    notify: e.NOTIFY_API_KEY
      ? {
          apiKey: e.NOTIFY_API_KEY,
          emailTemplateId: e.NOTIFY_EMAIL_TEMPLATE_ID,
          smsTemplateId: e.NOTIFY_SMS_TEMPLATE_ID,
          letterTemplateId: e.NOTIFY_LETTER_TEMPLATE_ID,
        }
      : undefined,
    outboxPollMs: e.OUTBOX_POLL_MS,
    nhsFonts: e.NHS_FONTS,
    trustProxy: e.TRUST_PROXY,
    video: {
      stunUrls,
      turn:
        turnUrls.length > 0 && e.VIDEO_TURN_SECRET
          ? { urls: turnUrls, secret: e.VIDEO_TURN_SECRET, ttlSeconds: e.VIDEO_TURN_TTL_SECONDS }
          : undefined,
    },
    uploads: {
      dir: e.UPLOADS_DIR ?? join(e.DATA_DIR, 'uploads'),
      videoMaxBytes: e.COMMUNITY_VIDEO_MAX_MB * 1024 * 1024,
    },
    oidc,
  };
}

/** Staff roles a provider's claim may grant; never `patient` (patients come through NHS login). */
const SSO_ROLES = ['therapist', 'supervisor', 'service_manager', 'moderator'] as const;

function oidcConfig(e: Env, publicUrl: string, problems: string[]): Config['oidc'] {
  const provider = (
    prefix: 'NHS_LOGIN' | 'STAFF_OIDC',
    path: string,
  ): OidcProviderConfig | undefined => {
    const issuer = e[`${prefix}_ISSUER`];
    const clientId = e[`${prefix}_CLIENT_ID`];
    const secret = e[`${prefix}_CLIENT_SECRET`];
    const keyPath = e[`${prefix}_PRIVATE_KEY_PATH`];
    if (!issuer && !clientId) return undefined;
    if (!issuer || !clientId) {
      problems.push(`${prefix}_ISSUER / ${prefix}_CLIENT_ID: set both, or neither`);
      return undefined;
    }
    const url = new URL(issuer);
    // Tokens and keys travel over this connection: plain http only to this machine (tests).
    if (url.protocol !== 'https:' && !isLocalHost(url.hostname))
      problems.push(`${prefix}_ISSUER: ${issuer} must use https`);
    if (!secret === !keyPath) {
      problems.push(
        `${prefix}_CLIENT_SECRET / ${prefix}_PRIVATE_KEY_PATH: set exactly one (the key for private_key_jwt)`,
      );
      return undefined;
    }
    return {
      issuer,
      clientId,
      auth: keyPath
        ? { method: 'private_key_jwt', keyPath, alg: e[`${prefix}_PRIVATE_KEY_ALG`] }
        : { method: 'client_secret', secret: secret ?? '' },
      scopes: e[`${prefix}_SCOPES`],
      redirectUrl: e[`${prefix}_REDIRECT_URL`] ?? `${publicUrl}${path}`,
      endSession: e[`${prefix}_END_SESSION`],
    };
  };
  const nhsLogin = provider('NHS_LOGIN', '/sign-in/nhs-login/callback');
  if (nhsLogin && !nhsLogin.scopes.split(' ').includes('openid'))
    problems.push('NHS_LOGIN_SCOPES: must include openid');
  const staffBase = provider('STAFF_OIDC', '/sign-in/staff/callback');
  let roles: StaffOidcConfig['roles'];
  if (e.STAFF_OIDC_ROLES_CLAIM || e.STAFF_OIDC_ROLE_MAP) {
    const map: Record<string, Role> = {};
    for (const pair of (e.STAFF_OIDC_ROLE_MAP ?? '').split(',').filter((p) => p.trim() !== '')) {
      const [value, role] = pair.split('=').map((s) => s.trim());
      if (!value || !role || !(SSO_ROLES as readonly string[]).includes(role))
        problems.push(
          `STAFF_OIDC_ROLE_MAP: "${pair}" must be claim-value=role, with role one of ${SSO_ROLES.join(', ')}`,
        );
      else map[value] = role as Role;
    }
    if (!e.STAFF_OIDC_ROLES_CLAIM || Object.keys(map).length === 0)
      problems.push('STAFF_OIDC_ROLES_CLAIM / STAFF_OIDC_ROLE_MAP: set both, or neither');
    else roles = { claim: e.STAFF_OIDC_ROLES_CLAIM, map };
  }
  const staff = staffBase
    ? { ...staffBase, name: e.STAFF_OIDC_NAME, userClaim: e.STAFF_OIDC_USER_CLAIM, roles }
    : undefined;
  return { nhsLogin, staff };
}

/**
 * Settings that start but will let people down in use, said once at start-up. A public address
 * with no TURN relay: video calls fail wherever a firewall blocks direct connections, as most NHS
 * networks do, and the patient is left in the waiting room (docs/operations.md).
 */
export function configWarnings(config: Config): string[] {
  return !isLocalHost(new URL(config.publicUrl).hostname) && !config.video.turn
    ? [
        'video calls have no TURN relay: calls across firewalls (most NHS networks) will not connect; set VIDEO_TURN_URLS and VIDEO_TURN_SECRET (docs/operations.md)',
      ]
    : [];
}

/** Documented in the README; kept beside the schema so the two are checked together in a test. */
export const CONFIG_VARIABLES = Object.keys(envSchema.shape);
