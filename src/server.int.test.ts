import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const STARTUP_LIMIT_MS = 90_000;

describe('server process', () => {
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
