import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as Esbuild from 'esbuild';

/**
 * The browser code, bundled with esbuild into public/build/client/ (git-ignored, not linted),
 * served by the web platform at /static/client/<entry>.js. The server builds it on start, and tests on their first app, so
 * `npm start` and `npm test` need no separate step and no network; `npm run build:client` does
 * the same by hand. Without esbuild (a production install without dev dependencies) the bundle
 * already built is used.
 */
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const CLIENT_BUILD_DIR = resolve(ROOT, 'public/build/client');
const OUT_DIR = CLIENT_BUILD_DIR;
export const CLIENT_ENTRIES = ['video', 'wall', 'session'] as const;
export type ClientEntry = (typeof CLIENT_ENTRIES)[number];

const versions = new Map<ClientEntry, string>();
let building: Promise<void> | null = null;

/** Builds (once per process) and records each bundle's content hash for cache-busting URLs. */
export function prepareClientBundles(): Promise<void> {
  building ??= buildAll();
  return building;
}

/** The bundle's URL, with its content hash so a changed bundle is fetched despite long caching. */
export function clientScriptUrl(entry: ClientEntry): string {
  const v = versions.get(entry);
  return `/static/client/${entry}.js${v ? `?v=${v}` : ''}`;
}

async function buildAll(): Promise<void> {
  let esbuild: typeof Esbuild | null = null;
  try {
    esbuild = await import('esbuild');
  } catch {
    esbuild = null;
  }
  mkdirSync(OUT_DIR, { recursive: true });
  for (const entry of CLIENT_ENTRIES) {
    const target = resolve(OUT_DIR, `${entry}.js`);
    if (!esbuild) {
      if (!existsSync(target))
        throw new Error(`${target} is missing and esbuild is not installed to build it`);
      versions.set(entry, hash(readFileSync(target)));
      continue;
    }
    const result = await esbuild.build({
      entryPoints: [resolve(ROOT, `src/client/${entry}.ts`)],
      bundle: true,
      format: 'esm',
      // Current Chromium, Firefox and Safari (issue 12), and phones a few years old.
      target: ['chrome100', 'firefox100', 'safari15'],
      minify: true,
      write: false,
      logLevel: 'silent',
    });
    const code = result.outputFiles[0]?.contents;
    if (!code) throw new Error(`esbuild produced nothing for ${entry}`);
    versions.set(entry, hash(code));
    const current = existsSync(target) ? readFileSync(target) : null;
    if (current && Buffer.compare(current, Buffer.from(code)) === 0) continue;
    // Several test workers may build at once: each writes its own file and renames it in.
    const temp = `${target}.${process.pid}.${Date.now()}.tmp`;
    writeFileSync(temp, code);
    renameSync(temp, target);
  }
}

function hash(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex').slice(0, 12);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await prepareClientBundles();
  for (const entry of CLIENT_ENTRIES) console.log(clientScriptUrl(entry));
}
