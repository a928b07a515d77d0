import { and, eq, not, like } from 'drizzle-orm';
import type { Db } from '../db/client';
import { services, users } from '../db/schema';

/** The demo's own data folder: never the one DATA_DIR names, which may hold a real service. */
export const DEMO_DATA_DIR = './data/demo';
export const DEMO_EMAIL_DOMAIN = '@demo.rapport.test';

/**
 * The environment `npm run demo` runs with: always its own PGlite folder, whatever DATA_DIR or
 * DATABASE_URL say, so demo people can never land in a real service's database. The notes say
 * what was set aside, so nobody wonders where the data went.
 */
export function demoEnvironment(env: NodeJS.ProcessEnv): {
  env: NodeJS.ProcessEnv;
  notes: string[];
} {
  const notes: string[] = [];
  if (env.DATA_DIR && env.DATA_DIR !== DEMO_DATA_DIR)
    notes.push(`The demo ignores DATA_DIR (${env.DATA_DIR}): it always uses ${DEMO_DATA_DIR}.`);
  if (env.DATABASE_URL)
    notes.push(`The demo ignores DATABASE_URL: it always uses its own folder, ${DEMO_DATA_DIR}.`);
  const { DATABASE_URL: _ignored, ...rest } = env;
  return { env: { ...rest, DATA_DIR: DEMO_DATA_DIR }, notes };
}

export class NotADemoService extends Error {}

/**
 * Refuses to put demo people into a service that holds real ones; marks the service as a demo
 * otherwise. A second guard behind `demoEnvironment`: a demo folder copied from, or mixed up
 * with, a real service's is refused rather than filled.
 */
export async function claimDemoService(db: Db, serviceId: string): Promise<void> {
  const [service] = await db
    .select({ isDemo: services.isDemo })
    .from(services)
    .where(eq(services.id, serviceId));
  if (service?.isDemo) return;
  const real = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.serviceId, serviceId), not(like(users.email, `%${DEMO_EMAIL_DOMAIN}`))))
    .limit(1);
  if (real.length > 0)
    throw new NotADemoService(
      'This database holds a real service (it has accounts that are not demo accounts), so the demo will not add its made-up people to it. Run the demo on its own folder.',
    );
  await db.update(services).set({ isDemo: true }).where(eq(services.id, serviceId));
}

export interface DemoSignIns {
  password: string;
  /** The authenticator-app key all demo staff share. */
  totpSecret: string;
  accounts: { role: string; email: string }[];
}

/** What the terminal shows once the demo is seeded and the server is listening. */
export function signInLines(signIns: DemoSignIns, publicUrl: string): string[] {
  return [
    '',
    `Rapport demo service is ready. Sign in at ${publicUrl}/sign-in with any of these (password for all: ${signIns.password}):`,
    ...signIns.accounts.map((s) => `  ${s.role.padEnd(28)} ${s.email}`),
    '',
    'Staff also give a code from an authenticator app. Add this key to one (all demo staff share it):',
    `  ${signIns.totpSecret}`,
    'or print the current code with:  npm run rapport -- demo-code',
    '',
  ];
}
