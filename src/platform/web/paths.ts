import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project's root folder (public/, node_modules/), from this file's place in src/. */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const NHSUK_DIST = resolve(ROOT, 'node_modules/nhsuk-frontend/dist/nhsuk');
