/**
 * Start to `/ready` of the production start path (the built JavaScript, `npm start`) on a new and
 * on an existing data folder, against the same server started through tsx (TypeScript compiled
 * at start) in the same run.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');

async function timeToReady(args: string[], dataDir: string, port: number): Promise<number> {
  const started = performance.now();
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      DATA_DIR: dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_URL: `http://localhost:${port}`,
      LOG_LEVEL: 'warn',
      DATABASE_URL: '',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((r) => child.on('exit', r));
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`server exited: ${stderr}`);
      const ok = await fetch(`http://127.0.0.1:${port}/ready`)
        .then((r) => r.status === 200)
        .catch(() => false);
      if (ok) return performance.now() - started;
      if (performance.now() - started > 120_000) throw new Error(`no /ready in 120 s: ${stderr}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}

export interface StartupResult {
  built: { newFolderMs: number; existingFolderMs: number };
  tsx: { newFolderMs: number; existingFolderMs: number };
}

export async function startup(port: number): Promise<StartupResult> {
  const paths = {
    built: ['scripts/start.mjs', 'server'],
    tsx: ['--import', 'tsx', 'src/server.ts'],
  };
  // Build first if needed, so the figure is the start itself (a build happens once per change).
  const warm = mkdtempSync(join(tmpdir(), 'rapport-start-'));
  await timeToReady(paths.built, warm, port);
  rmSync(warm, { recursive: true, force: true });
  const result = {} as StartupResult;
  for (const [name, args] of Object.entries(paths) as [keyof typeof paths, string[]][]) {
    const dir = mkdtempSync(join(tmpdir(), 'rapport-start-'));
    try {
      const newFolderMs = await timeToReady(args, dir, port);
      const existingFolderMs = await timeToReady(args, dir, port);
      result[name] = { newFolderMs, existingFolderMs };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return result;
}

export function describeStartup(r: StartupResult): string[] {
  const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  return [
    'start-up to /ready (new data folder / existing data folder)',
    `  built (npm start):   ${s(r.built.newFolderMs)} / ${s(r.built.existingFolderMs)}`,
    `  tsx (baseline):      ${s(r.tsx.newFolderMs)} / ${s(r.tsx.existingFolderMs)}`,
  ];
}
