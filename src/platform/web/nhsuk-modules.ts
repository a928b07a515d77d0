import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import type * as Esbuild from 'esbuild';

/**
 * The NHS.UK design system's JavaScript, one module per component with shared chunks, so a page
 * loads only what its components need (issue 16): init.js looks for each component's
 * `data-module` and imports its module. Every file name carries a hash of its content, so the
 * files are cached for a year and an upgrade changes every name.
 */

/** `data-module` value → the component's file (under dist/nhsuk/components) and init function. */
export const NHSUK_COMPONENT_MODULES: Readonly<Record<string, readonly [string, string]>> = {
  'nhsuk-button': ['button/button.mjs', 'initButtons'],
  'nhsuk-character-count': ['character-count/character-count.mjs', 'initCharacterCounts'],
  'nhsuk-checkboxes': ['checkboxes/checkboxes.mjs', 'initCheckboxes'],
  'nhsuk-error-summary': ['error-summary/error-summary.mjs', 'initErrorSummary'],
  'nhsuk-file-upload': ['file-upload/file-upload.mjs', 'initFileUploads'],
  'nhsuk-header': ['header/header.mjs', 'initHeader'],
  'nhsuk-notification-banner': [
    'notification-banner/notification-banner.mjs',
    'initNotificationBanners',
  ],
  'nhsuk-password-input': ['password-input/password-input.mjs', 'initPasswordInputs'],
  'nhsuk-radios': ['radios/radios.mjs', 'initRadios'],
  'nhsuk-skip-link': ['skip-link/skip-link.mjs', 'initSkipLinks'],
  'nhsuk-table': ['tables/table.mjs', 'initTables'],
  'nhsuk-tabs': ['tabs/tabs.mjs', 'initTabs'],
};

export interface NhsukModules {
  /** File name (hashed) → contents, served under `/static/nhsuk/`. */
  files: Map<string, Buffer>;
  /** `data-module` → [URL, init function name], written into init.js. */
  components: Record<string, [string, string]>;
}

export const NHSUK_MODULES_PREFIX = '/static/nhsuk/';

interface Manifest {
  components: Record<string, [string, string]>;
  files: string[];
}

/**
 * Builds the per-component modules with esbuild, once per nhsuk-frontend version (kept in
 * `buildDir`); without esbuild (a production install without dev dependencies) uses a build
 * made earlier, and with neither answers null: init.js then loads the whole bundle as before.
 */
export function nhsukModules(nhsukDist: string, buildDir: string): NhsukModules | null {
  const version = createHash('sha256')
    .update(readFileSync(join(nhsukDist, 'nhsuk-frontend.min.js')))
    .update(JSON.stringify(NHSUK_COMPONENT_MODULES))
    .digest('hex')
    .slice(0, 12);
  const outDir = resolve(buildDir, `nhsuk-${version}`);
  const manifestPath = join(outDir, 'manifest.json');
  if (!existsSync(manifestPath) && !build(nhsukDist, outDir)) return null;
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest;
  const files = new Map(manifest.files.map((f) => [f, readFileSync(join(outDir, f))]));
  return { files, components: manifest.components };
}

function build(nhsukDist: string, outDir: string): boolean {
  let esbuild: typeof Esbuild;
  try {
    esbuild = createRequire(import.meta.url)('esbuild') as typeof Esbuild;
  } catch {
    return false;
  }
  const entryPoints = Object.fromEntries(
    Object.entries(NHSUK_COMPONENT_MODULES).map(([module, [file]]) => [
      module.replace(/^nhsuk-/, ''),
      join(nhsukDist, 'components', file),
    ]),
  );
  const result = esbuild.buildSync({
    entryPoints,
    bundle: true,
    splitting: true,
    format: 'esm',
    target: ['chrome100', 'firefox100', 'safari15'],
    minify: true,
    write: false,
    outdir: outDir,
    entryNames: '[name]-[hash]',
    chunkNames: 'chunk-[hash]',
    metafile: true,
    logLevel: 'silent',
  });
  // Several test workers may build at once: each writes its own folder and renames it in.
  const temp = `${outDir}.${process.pid}.${Date.now()}.tmp`;
  mkdirSync(temp, { recursive: true });
  const files: string[] = [];
  const components: Record<string, [string, string]> = {};
  for (const out of result.outputFiles) {
    const name = out.path.slice(outDir.length + 1);
    writeFileSync(join(temp, name), out.contents);
    files.push(name);
  }
  for (const [output, meta] of Object.entries(result.metafile.outputs)) {
    if (!meta.entryPoint) continue;
    const name = output.slice(output.lastIndexOf('/') + 1);
    const module = Object.entries(NHSUK_COMPONENT_MODULES).find(([, [file]]) =>
      meta.entryPoint?.endsWith(`components/${file}`),
    );
    if (module) components[module[0]] = [`${NHSUK_MODULES_PREFIX}${name}`, module[1][1]];
  }
  writeFileSync(join(temp, 'manifest.json'), JSON.stringify({ components, files }));
  try {
    renameSync(temp, outDir);
  } catch {
    // Another process renamed its identical build in first.
    rmSync(temp, { recursive: true, force: true });
  }
  return existsSync(join(outDir, 'manifest.json')) && readdirSync(outDir).length > 1;
}
