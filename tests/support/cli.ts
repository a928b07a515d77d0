import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { runCli } from '../../src/cli';

/**
 * The operator CLI on an embedded database in a throwaway data folder (removed after the file's
 * tests): `run(...args)` gives the exit code and what it printed.
 */
export function cliInTempFolder(prefix: string) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const env = { DATA_DIR: dir, LOG_LEVEL: 'silent' };
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });
  const run = async (...args: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(args, env, { out: (l) => out.push(l), err: (l) => err.push(l) });
    return { code, out: out.join('\n'), err: err.join('\n') };
  };
  return { dir, run };
}
