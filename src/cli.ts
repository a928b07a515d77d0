import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from './config';
import { openDatabase, type Database } from './db/client';
import {
  checkpointKey,
  describeProblem,
  verifyAuditChains,
  writeCheckpoints,
} from './db/audit-chain';
import { prepareSchema, SchemaNotCurrentError } from './db/migrations';
import { ROLES, type Role } from './db/schema';
import { emailProblem } from './features/auth/auth.forms';
import { findUserByEmail } from './features/auth/auth.repository';
import { createUserWithInvitation, issuePasswordReset } from './features/auth/auth.service';
import { systemActor } from './platform/audit';
import { TOTP_PERIOD_S, totpCode } from './features/auth/second-factor';
import { DEMO_TOTP_SECRET } from './demo/demo-key';
import { systemClock } from './platform/clock';
import { normaliseHost } from './platform/tenancy';
import { createService, ensureDefaultService, findServiceBySlug } from './platform/instance';
import { synthesise } from './synth/generate';
import { importImd, parseImdCsv } from './features/reports/reports.imd';

const USAGE = `Usage: npm run rapport -- <command> [options]

Commands:
  create-user --email EMAIL --name "FULL NAME" --role ROLE [--role ROLE ...] [--service SLUG]
                 Create an account and print its invitation link (valid 7 days).
                 Roles: ${ROLES.join(', ')}
  reset-password --email EMAIL [--service SLUG]
                 Print a one-time password reset link (valid 1 hour).
  create-service --slug SLUG --name "SERVICE NAME" --host HOST [--host HOST ...]
                 Add a service, reached at these host names (other hosts reach the default service).
  demo-code      Print the current two-step sign-in code of the demo's staff (npm run demo).
  migrate        Apply database migrations (as DATABASE_MIGRATION_URL when set, else DATABASE_URL):
                 run it as the database owner before starting a server that may not migrate.
  audit verify [--service ID|SLUG]
                 Check every service's audit hash chain and signed checkpoints; names the first
                 row that does not match and exits non-zero.
  audit checkpoint
                 Write a signed checkpoint of each audit chain's head now (the server also does
                 this every AUDIT_CHECKPOINT_MINUTES).
  synthesise --courses N [--service SLUG] [--seed N]
                 Fill a service with N synthetic courses of care (no real person's data), for
                 benchmarks and demonstrations. Without --service, a new service is created.
  import-imd FILE.csv
                 Load the published postcode → Index of Multiple Deprivation decile lookup (columns
                 postcode and imd_decile; docs/data-export.md) for the equity breakdown by deprivation.
  version        Show the Rapport version.
  help           Show this help.`;

export class UsageError extends Error {}

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
}

/** Runs one command; returns the process exit code. Exported for tests. */
export async function runCli(
  argv: string[],
  env: Record<string, string | undefined>,
  io: CliIo,
): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'version': {
        const pkg = JSON.parse(
          readFileSync(resolve(import.meta.dirname, '../package.json'), 'utf8'),
        ) as { version: string };
        io.out(`rapport ${pkg.version}`);
        return 0;
      }
      case 'help':
      case '--help':
      case '-h':
        io.out(USAGE);
        return 0;
      case 'demo-code': {
        // The demo's shared key is public (src/demo/seed.ts), so no database is needed.
        const now = new Date();
        const left = TOTP_PERIOD_S - (Math.floor(now.getTime() / 1000) % TOTP_PERIOD_S);
        io.out(
          `Code for demo staff: ${totpCode(DEMO_TOTP_SECRET, now)} (changes in ${left} seconds)`,
        );
        return 0;
      }
      case 'migrate':
        return await withDatabase(
          env,
          async (database) => {
            await database.migrate();
            // The checkpoint signing key is made by the owner, so the server need only read it.
            await checkpointKey(database.root, true);
            io.out(`Migrations applied (${database.kind}).`);
            return 0;
          },
          { asOwner: true, migrate: false },
        );
      case 'audit':
        return await auditCommand(rest, env, io);
      case 'synthesise':
        return await synthesiseCommand(rest, env, io);
      case 'import-imd':
        return await importImdCommand(rest, env, io);
      case 'create-user': {
        const { values } = parseArgs({
          args: rest,
          options: {
            email: { type: 'string' },
            name: { type: 'string' },
            role: { type: 'string', multiple: true },
            service: { type: 'string' },
          },
          strict: true,
        });
        if (!values.email) throw new UsageError('create-user needs --email');
        const problem = emailProblem(values.email);
        if (problem) throw new UsageError(`--email: ${problem}`);
        if (!values.name?.trim()) throw new UsageError('create-user needs --name');
        // Read once checked, so the closures below see them as present.
        const email = values.email;
        const name = values.name;
        const roles = values.role ?? [];
        if (roles.length === 0)
          throw new UsageError(`create-user needs at least one --role (${ROLES.join(', ')})`);
        const bad = roles.filter((r) => !(ROLES as readonly string[]).includes(r));
        if (bad.length > 0)
          throw new UsageError(`unknown role ${bad.join(', ')}; use one of ${ROLES.join(', ')}`);
        return await withDatabase(env, async (database, config) => {
          const service = await serviceFor(database, config.serviceName, values.service);
          const result = await createUserWithInvitation(
            database.db,
            systemClock,
            systemActor(service.id, 'operator-cli'),
            {
              serviceId: service.id,
              email,
              displayName: name,
              roles: roles as Role[],
            },
            { publicUrl: config.publicUrl, serviceName: service.name },
          );
          if (!result.ok) {
            io.err(`An account with the email ${values.email} already exists.`);
            return 1;
          }
          io.out(`Created ${roles.join(', ')} account for ${values.email}.`);
          io.out(
            `Invitation link (valid 7 days, also queued by email): ${config.publicUrl}/account/set-password?token=${result.invitationToken}`,
          );
          return 0;
        });
      }
      case 'reset-password': {
        const { values } = parseArgs({
          args: rest,
          options: { email: { type: 'string' }, service: { type: 'string' } },
          strict: true,
        });
        if (!values.email) throw new UsageError('reset-password needs --email');
        const email = values.email;
        return await withDatabase(env, async (database, config) => {
          const service = await serviceFor(database, config.serviceName, values.service);
          const user = await findUserByEmail(database.db, service.id, email);
          if (!user) {
            io.err(`No account with the email ${values.email}.`);
            return 1;
          }
          const token = await issuePasswordReset(
            database.db,
            systemClock,
            systemActor(service.id, 'operator-cli'),
            user.id,
          );
          io.out(
            `Password reset link for ${user.email} (valid 1 hour): ${config.publicUrl}/account/set-password?token=${token}`,
          );
          return 0;
        });
      }
      case 'create-service': {
        const { values } = parseArgs({
          args: rest,
          options: {
            slug: { type: 'string' },
            name: { type: 'string' },
            host: { type: 'string', multiple: true },
          },
          strict: true,
        });
        if (!values.slug) throw new UsageError('create-service needs --slug');
        if (!values.name?.trim()) throw new UsageError('create-service needs --name');
        if (!values.host?.length) throw new UsageError('create-service needs at least one --host');
        const slug = values.slug;
        const name = values.name;
        const hosts = values.host;
        return await withDatabase(env, async (database) => {
          const result = await createService(database.root, {
            slug,
            name,
            hosts,
          });
          if (!result.ok) {
            io.err(`Error: ${result.problem}.`);
            return 1;
          }
          io.out(
            `Created service "${result.service.name}" (${result.service.slug}) for ${hosts.map(normaliseHost).join(', ')}.`,
          );
          io.out(
            `Create its first service manager with: npm run rapport -- create-user --service ${result.service.slug} --role service_manager --email … --name …`,
          );
          return 0;
        });
      }
      case undefined:
        throw new UsageError('no command given');
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (err) {
    if (
      err instanceof UsageError ||
      (err instanceof TypeError && 'code' in err && String(err.code).startsWith('ERR_PARSE_ARGS'))
    ) {
      io.err(`Error: ${err.message}\n\n${USAGE}`);
      return 2;
    }
    if (err instanceof ConfigError || err instanceof SchemaNotCurrentError) {
      io.err(err.message);
      return 1;
    }
    throw err;
  }
}

/** A text progress bar, one line per tenth (the CLI's output is line-based). */
export function progressLine(done: number, total: number): string {
  const width = 30;
  const filled = total === 0 ? width : Math.round((done / total) * width);
  const pct = total === 0 ? 100 : Math.floor((done / total) * 100);
  return `[${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${pct}% ${done}/${total} courses`;
}

async function synthesiseCommand(
  args: string[],
  env: Record<string, string | undefined>,
  io: CliIo,
): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      courses: { type: 'string' },
      service: { type: 'string' },
      seed: { type: 'string' },
    },
    strict: true,
  });
  const courses = Number(values.courses);
  if (!Number.isInteger(courses) || courses < 1 || courses > 5_000_000)
    throw new UsageError('--courses must be a whole number from 1 to 5000000');
  const seed = values.seed === undefined ? 1 : Number(values.seed);
  if (!Number.isInteger(seed)) throw new UsageError('--seed must be a whole number');
  return withDatabase(env, async (database, config) => {
    let serviceId: string;
    if (values.service !== undefined) {
      const service = await findServiceBySlug(database.root, values.service);
      if (!service) throw new UsageError(`no service with the slug "${values.service}"`);
      serviceId = service.id;
    } else {
      const slug = `synthetic-${Date.now().toString(36)}`;
      const created = await createService(database.root, {
        slug,
        name: `Synthetic service (${courses} courses)`,
        hosts: [],
      });
      if (!created.ok) throw new UsageError(created.problem);
      serviceId = created.service.id;
      io.out(`Created service ${slug}.`);
    }
    const started = Date.now();
    let shown = -1;
    await synthesise(database.root, serviceId, {
      courses,
      now: new Date(),
      seed,
      // PostgreSQL writes several batches at once, one connection each; PGlite has one.
      parallel: config.databaseUrl ? 4 : 1,
      onProgress: (done, total) => {
        const tenth = Math.floor((done / total) * 10);
        if (tenth !== shown) {
          shown = tenth;
          io.out(progressLine(done, total));
        }
      },
    });
    io.out(`Wrote ${courses} courses in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
    return 0;
  });
}

async function importImdCommand(
  args: string[],
  env: Record<string, string | undefined>,
  io: CliIo,
): Promise<number> {
  const [file, ...extra] = args;
  if (!file || extra.length > 0) throw new UsageError('import-imd takes one CSV file');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new UsageError(`cannot read ${file}`);
  }
  const parsed = parseImdCsv(text);
  if (!parsed.ok) throw new UsageError(`${file}: ${parsed.problem}`);
  // As the owner: the app's role may only read the lookup (migration 0033).
  return withDatabase(
    env,
    async (database) => {
      const n = await importImd(database.root, parsed.rows);
      io.out(`Imported the IMD decile of ${n} postcodes.`);
      return 0;
    },
    { asOwner: true },
  );
}

/** The default service, or the one named by --service (which must exist). */
async function serviceFor(database: Database, defaultName: string, slug: string | undefined) {
  if (slug === undefined) return ensureDefaultService(database.root, defaultName);
  const service = await findServiceBySlug(database.root, slug);
  if (!service) throw new UsageError(`no service with the slug "${slug}"`);
  return service;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function auditCommand(
  args: string[],
  env: Record<string, string | undefined>,
  io: CliIo,
): Promise<number> {
  const [sub, ...rest] = args;
  const { values } = parseArgs({
    args: rest,
    options: { service: { type: 'string' } },
    strict: true,
  });
  if (sub === 'checkpoint') {
    return withDatabase(
      env,
      async (database) => {
        const key = await checkpointKey(database.root, true);
        if (!key) throw new UsageError('this database role may not read the signing key');
        const written = await writeCheckpoints(database.root, key, systemClock.now());
        for (const c of written)
          io.out(
            `Checkpoint: service ${c.serviceId} sequence ${c.seq} hash ${c.headHash} at ${c.at.toISOString()} signature ${c.signature}`,
          );
        if (written.length === 0) io.out('No audit chain has moved since its last checkpoint.');
        return 0;
      },
      { asOwner: true },
    );
  }
  if (sub !== 'verify') throw new UsageError('audit needs verify or checkpoint');
  return withDatabase(
    env,
    async (database) => {
      let serviceId: string | undefined;
      if (values.service !== undefined) {
        const service = UUID.test(values.service)
          ? { id: values.service }
          : await findServiceBySlug(database.root, values.service);
        if (!service) throw new UsageError(`no service with the slug "${values.service}"`);
        serviceId = service.id;
      }
      const key = await checkpointKey(database.root, false).catch(() => null);
      if (!key)
        io.err(
          'Warning: checkpoint signatures not checked (this role may not read the signing key).',
        );
      const results = await verifyAuditChains(database.root, {
        serviceId,
        key,
        onProgress: (id, n) => {
          io.out(`service ${id}: ${n} rows checked…`);
        },
      });
      let failed = 0;
      for (const r of results) {
        if (r.problem) {
          failed++;
          io.err(`FAILED ${describeProblem(r.serviceId, r.problem)}`);
        } else {
          io.out(
            `ok: service ${r.serviceId}: ${r.rows} audit rows chained, ${r.checkpoints} signed checkpoints match`,
          );
        }
      }
      if (results.length === 0) io.out('No audit rows yet.');
      if (failed > 0) {
        io.err(`The audit trail of ${failed} service(s) does not verify.`);
        return 1;
      }
      return 0;
    },
    { asOwner: true },
  );
}

async function withDatabase(
  env: Record<string, string | undefined>,
  fn: (db: Database, config: ReturnType<typeof loadConfig>) => Promise<number>,
  options: { asOwner?: boolean; migrate?: boolean } = {},
): Promise<number> {
  const config = loadConfig(env);
  const database = await openDatabase({
    databaseUrl:
      options.asOwner && config.databaseUrl
        ? (config.databaseMigrationUrl ?? config.databaseUrl)
        : config.databaseUrl,
    dataDir: resolve(config.dataDir),
  });
  try {
    // Applies migrations when this role may, else refuses on an old schema, saying what to run.
    if (options.migrate !== false) await prepareSchema(database);
    return await fn(database, config);
  } finally {
    await database.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  runCli(process.argv.slice(2), process.env, {
    out: (l) => {
      console.log(l);
    },
    err: (l) => {
      console.error(l);
    },
  })
    .then((code) => process.exit(code))
    .catch((err: unknown) => {
      console.error('rapport:', err instanceof Error ? err.message : err);
      process.exit(1);
    });
}
