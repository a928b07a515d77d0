import { writeFileSync, rmSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import pg from 'pg';
import type { PGlite } from '@electric-sql/pglite';
import { openDatabase } from '../../src/db/client';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplatePath: string;
    postgresUrl: string;
    postgresTemplate: string;
  }
}

/**
 * Builds a migrated database once per run: a PGlite data-directory dump (initdb costs 4–6 s, a load
 * about 1 s) and, when TEST_DATABASE_URL is set, a PostgreSQL template database each test file clones.
 */
export default async function setup(project: TestProject) {
  const dir = mkdtempSync(join(tmpdir(), 'rapport-test-'));
  const database = await openDatabase({ dataDir: 'memory://' });
  await database.migrate();
  const pglite = (database as unknown as { pglite: PGlite }).pglite;
  const dump = await pglite.dumpDataDir('gzip');
  const templatePath = join(dir, 'template.tar.gz');
  writeFileSync(templatePath, Buffer.from(await dump.arrayBuffer()));
  await database.close();
  project.provide('pgliteTemplatePath', templatePath);

  // PGlite unless the PostgreSQL run asked for the real server (scripts/integration-pg.mjs).
  const url =
    process.env.RAPPORT_TEST_DB === 'postgres' ? (process.env.TEST_DATABASE_URL ?? '') : '';
  let templateName = '';
  if (url) {
    templateName = `rapport_template_${process.pid}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${templateName}`);
    await admin.query(`CREATE DATABASE ${templateName}`);
    await admin.end();
    const tpl = await openDatabase({ databaseUrl: withDatabase(url, templateName), poolSize: 1 });
    await tpl.migrate();
    await tpl.close();
  }
  project.provide('postgresUrl', url);
  project.provide('postgresTemplate', templateName);

  return async () => {
    rmSync(dir, { recursive: true, force: true });
    if (url && templateName) {
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS ${templateName} WITH (FORCE)`);
      await admin.end();
    }
  };
}

export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}
