// Builds the production start path (docs/adr/0015): src/server.ts and src/cli.ts bundled by
// esbuild into dist/, so `npm start` runs plain JavaScript instead of compiling TypeScript at
// every start. Run by `npm install` (prepare) and, when sources changed since, by `npm start`.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const DIST = join(ROOT, 'dist');
const STAMP = join(DIST, '.build-stamp');
const ENTRIES = ['server', 'cli'];

function* files(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else if (/\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name)) yield path;
  }
}

/** What the build depends on: every source file's size and time, the config, this script. */
export function sourceStamp() {
  const hash = createHash('sha256').update(ROOT).update(process.version);
  const inputs = [
    ...files(join(ROOT, 'src')),
    join(ROOT, 'package.json'),
    join(ROOT, 'tsconfig.json'),
    fileURLToPath(import.meta.url),
  ].sort();
  for (const path of inputs) {
    const s = statSync(path);
    hash.update(`${relative(ROOT, path)}\0${s.size}\0${s.mtimeMs}\n`);
  }
  return hash.digest('hex');
}

export function isCurrent() {
  return (
    existsSync(STAMP) &&
    ENTRIES.every((e) => existsSync(join(DIST, `${e}.js`))) &&
    readFileSync(STAMP, 'utf8') === sourceStamp()
  );
}

/**
 * Modules find files beside them (migrations, public/, content/) from import.meta.url. In one
 * bundle that would be dist/: give every module but the entries its own source location.
 */
const keepSourceLocations = {
  name: 'keep-source-locations',
  setup(build) {
    build.onLoad({ filter: /\.tsx?$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      const loader = args.path.endsWith('x') ? 'tsx' : 'ts';
      const isEntry = ENTRIES.some((e) => args.path === join(ROOT, 'src', `${e}.ts`));
      if (isEntry || !text.includes('import.meta')) return { contents: text, loader };
      const contents = text
        .replaceAll('import.meta.dirname', JSON.stringify(dirname(args.path)))
        .replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href));
      return { contents, loader };
    });
  },
};

export async function buildAll() {
  const { build } = await import('esbuild');
  const stamp = sourceStamp();
  await build({
    entryPoints: Object.fromEntries(ENTRIES.map((e) => [e, join(ROOT, 'src', `${e}.ts`)])),
    outdir: DIST,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: true,
    logLevel: 'warning',
    tsconfig: join(ROOT, 'tsconfig.json'),
    plugins: [keepSourceLocations],
  });
  writeFileSync(STAMP, stamp);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const started = Date.now();
  await buildAll();
  console.log(`built dist/ in ${Date.now() - started} ms`);
}
