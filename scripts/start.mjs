// `npm start` and `npm run rapport`: runs the built JavaScript in dist/, building it first when
// a source file changed since the last build (or there is none). docs/adr/0015.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildAll, DIST, isCurrent } from './build.mjs';

const [target = 'server', ...rest] = process.argv.slice(2);
if (!isCurrent()) {
  const started = Date.now();
  await buildAll();
  console.log(`Rapport: built dist/ from src/ in ${Date.now() - started} ms`);
}
process.setSourceMapsEnabled(true);
const entry = join(DIST, `${target}.js`);
// The entry sees itself as the program, as if started directly (the CLI checks argv[1]).
process.argv = [process.argv[0] ?? 'node', entry, ...rest];
await import(pathToFileURL(entry).href);
