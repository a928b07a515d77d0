import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { describe, expect, inject, it } from 'vitest';
import pg from 'pg';
import { runCli } from './cli';
import { withDatabase } from '../tests/support/global-setup';
import { describeInEmbeddedRun } from '../tests/support/runs';

const STARTUP_LIMIT_MS = 90_000;

describeInEmbeddedRun('server process', () => {
  it(
    'starts on a data folder, prints the setup link, answers /ready, and stops cleanly on SIGTERM',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'rapport-server-'));
      const port = 3700 + Math.floor(Math.random() * 200);
      const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
        cwd: resolve(__dirname, '..'),
        env: {
          ...process.env,
          DATA_DIR: dir,
          PORT: String(port),
          LOG_LEVEL: 'warn',
          DATABASE_URL: '',
          RAPPORT_TEST_DB: '',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout.on('data', (c: Buffer) => (output += c.toString()));
      child.stderr.on('data', (c: Buffer) => (output += c.toString()));
      try {
        // Poll /ready until it answers, up to a generous limit: a loaded 2-core machine has taken
        // 26 s to start; a quiet one takes 5 s. Stop early if the process exits.
        // An object, so the loop reads what the exit listener wrote.
        const process_ = { exited: false };
        child.on('exit', () => {
          process_.exited = true;
        });
        const deadline = Date.now() + STARTUP_LIMIT_MS;
        let ready = false;
        while (!ready && !process_.exited && Date.now() < deadline) {
          ready = await fetch(`http://localhost:${port}/ready`, {
            signal: AbortSignal.timeout(2_000),
          }).then(
            (r) => r.ok,
            () => false,
          );
          if (!ready) await new Promise((r) => setTimeout(r, 250));
        }
        expect(ready, `not ready (exited: ${String(process_.exited)})\n${output}`).toBe(true);
        expect(output).toMatch(/\/setup\?token=[\w-]{20,}/);
        const exit = new Promise<number | null>((r) =>
          child.on('exit', (code) => {
            r(code);
          }),
        );
        child.kill('SIGTERM');
        expect(await exit).toBe(0);
      } finally {
        child.kill('SIGKILL');
        rmSync(dir, { recursive: true, force: true });
      }
    },
    STARTUP_LIMIT_MS + 30_000,
  );

  it('refuses to start with a bad setting, naming the variable', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
      cwd: resolve(__dirname, '..'),
      env: { ...process.env, PORT: 'not-a-port' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    const code = await new Promise<number | null>((r) =>
      child.on('exit', (c) => {
        r(c);
      }),
    );
    expect(code).toBe(1);
    expect(err).toContain('PORT');
  }, 30_000);
});

/** Starts `src/server.ts` with `env`; `ready()` polls /ready until it answers or the process exits. */
function startServer(env: Record<string, string>) {
  const port = 3900 + Math.floor(Math.random() * 90);
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: resolve(__dirname, '..'),
    env: { ...process.env, PORT: String(port), LOG_LEVEL: 'warn', RAPPORT_TEST_DB: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const state = { output: '', exited: false, code: null as number | null };
  child.stdout.on('data', (c: Buffer) => (state.output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (state.output += c.toString()));
  const exit = new Promise<number | null>((r) =>
    child.on('exit', (code) => {
      state.exited = true;
      state.code = code;
      r(code);
    }),
  );
  const base = `http://localhost:${port}`;
  return {
    base,
    state,
    exit,
    child,
    async ready(): Promise<boolean> {
      const deadline = Date.now() + STARTUP_LIMIT_MS;
      while (!state.exited && Date.now() < deadline) {
        const ok = await fetch(`${base}/ready`, { signal: AbortSignal.timeout(2_000) }).then(
          (r) => r.ok,
          () => false,
        );
        if (ok) return true;
        await new Promise((r) => setTimeout(r, 250));
      }
      return false;
    },
  };
}

const pgUrl = inject('postgresUrl');

// CI runs this on PostgreSQL (npm run test:integration:pg): the deployment docs/operations.md
// describes, an owner that migrates and a server login role that may not change the audit trail.
describe.runIf(pgUrl)('server as a least-privilege role on PostgreSQL', () => {
  it(
    'refuses an old schema naming the command, then after `migrate` serves requests but cannot change the audit trail',
    async () => {
      const suffix = randomBytes(4).toString('hex');
      const owner = `rapport_owner_${suffix}`;
      const server = `rapport_server_${suffix}`;
      const dbName = `rapport_lp_${suffix}`;
      const password = randomBytes(12).toString('hex');
      const urlAs = (role: string) => {
        const u = new URL(withDatabase(pgUrl, dbName));
        u.username = role;
        u.password = password;
        return u.toString();
      };
      const admin = new pg.Client({ connectionString: pgUrl });
      await admin.connect();
      try {
        // As a superuser, once (docs/operations.md).
        await admin.query(`CREATE ROLE ${owner} LOGIN PASSWORD '${password}'`);
        await admin.query(`CREATE DATABASE ${dbName} OWNER ${owner}`);
        await admin.query(`DO $$ BEGIN
          IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'rapport_app') THEN
            CREATE ROLE rapport_app NOLOGIN; END IF; END $$`);
        await admin.query(`GRANT rapport_app TO ${owner}`);
        await admin.query(`CREATE ROLE ${server} LOGIN BYPASSRLS PASSWORD '${password}'`);
        await admin.query(`GRANT rapport_app TO ${server}`);

        // Not migrated yet: the server may not migrate, so it stops and says what to run.
        const early = startServer({ DATABASE_URL: urlAs(server), COOKIE_SECRET: 'x'.repeat(40) });
        expect(await early.exit, early.state.output).toBe(1);
        expect(early.state.output).toContain('npm run rapport -- migrate');
        expect(early.state.output).not.toMatch(/\n\s+at /);

        const out: string[] = [];
        const migrated = await runCli(
          ['migrate'],
          { DATABASE_URL: urlAs(owner) },
          {
            out: (l) => out.push(l),
            err: (l) => out.push(l),
          },
        );
        expect(migrated, out.join('\n')).toBe(0);
        const asOwner = new pg.Client({ connectionString: urlAs(owner) });
        await asOwner.connect();
        await asOwner.query(`GRANT SELECT, INSERT ON instance_secrets TO ${server}`);

        const app = startServer({ DATABASE_URL: urlAs(server) });
        try {
          expect(await app.ready(), app.state.output).toBe(true);
          // A request that writes an audit row as rapport_app: a failed sign-in.
          const page = await fetch(`${app.base}/sign-in`);
          expect(page.status).toBe(200);
          const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1] ?? '';
          const cookie = page.headers
            .getSetCookie()
            .map((c) => c.split(';')[0])
            .join('; ');
          const signIn = await fetch(`${app.base}/sign-in`, {
            method: 'POST',
            headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
            body: new URLSearchParams({
              _csrf: csrf,
              email: 'nobody@example.nhs.uk',
              password: 'wrong',
            }),
            redirect: 'manual',
          });
          expect(signIn.status).toBeLessThan(500);
          expect(await signIn.text()).toContain('Enter a correct email address and password');
          const audited = await asOwner.query(
            `SELECT seq FROM audit_events WHERE action = 'auth.sign_in' AND outcome = 'failure'`,
          );
          expect(audited.rowCount).toBe(1);

          // The server's own login role, and rapport_app, may not change the audit trail.
          const asServer = new pg.Client({ connectionString: urlAs(server) });
          await asServer.connect();
          try {
            for (const setRole of ['', 'SET ROLE rapport_app; ']) {
              for (const statement of [
                'UPDATE audit_events SET reason = NULL',
                'DELETE FROM audit_events',
                'TRUNCATE audit_events',
                'ALTER TABLE audit_events DISABLE TRIGGER USER',
                'DROP TRIGGER audit_events_chain ON audit_events',
                'DELETE FROM audit_checkpoints',
              ]) {
                const refused = await asServer.query(`${setRole}${statement}`).then(
                  () => null,
                  (err: unknown) => (err as Error).message,
                );
                expect(refused, `${setRole}${statement}`).toMatch(
                  /permission denied|must be owner/,
                );
                await asServer.query('RESET ROLE');
              }
            }
          } finally {
            await asServer.end();
          }
        } finally {
          app.child.kill('SIGTERM');
          expect(await app.exit, app.state.output).toBe(0);
          await asOwner.end();
        }
        // The shutdown checkpoint was written, and the chain verifies.
        const verified: string[] = [];
        const code = await runCli(
          ['audit', 'verify'],
          { DATABASE_URL: urlAs(owner) },
          {
            out: (l) => verified.push(l),
            err: (l) => verified.push(l),
          },
        );
        expect(code, verified.join('\n')).toBe(0);
        expect(verified.join('\n')).toMatch(/[1-9]\d* signed checkpoints match/);
      } finally {
        await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
        await admin.query(`DROP ROLE IF EXISTS ${server}`);
        await admin.query(`DROP ROLE IF EXISTS ${owner}`);
        await admin.end();
      }
    },
    3 * STARTUP_LIMIT_MS,
  );
});
