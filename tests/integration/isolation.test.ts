import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const filesUnder = (dir: string, pattern: RegExp) =>
  readdirSync(join(root, dir), { recursive: true, encoding: 'utf8' })
    .map((f) =>
      relative(root, join(root, dir, f))
        .split('\\')
        .join('/'),
    )
    .filter((f) => pattern.test(f));

describe('test files', () => {
  // Unit, integration and browser files share their worker's modules (`isolate: false`):
  // a module mock in one would not take effect if another file loaded the module first, or would
  // leak into the next.
  it('never mock a module', () => {
    const files = [...filesUnder('src', /\.test\.tsx?$/), ...filesUnder('tests', /\.test\.ts$/)];
    expect(files.length).toBeGreaterThan(150);
    const mocking = files.filter((f) =>
      /\bvi\.(do)?[mM]ock\(/.test(readFileSync(join(root, f), 'utf8')),
    );
    expect(mocking).toEqual([]);
  });
});
