import { readFileSync } from 'node:fs';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

// These machines run Node 20: every installed package must support the lowest Node we claim.
const root = new URL('../../', import.meta.url);
const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as {
  engines: { node: string };
};
const lock = JSON.parse(readFileSync(new URL('package-lock.json', root), 'utf8')) as {
  packages: Record<string, { version?: string; engines?: { node?: string } | string[] }>;
};

describe('Node engine support', () => {
  const lowest = semver.minVersion(pkg.engines.node);

  it('claims a Node 20 release as the lowest supported', () => {
    expect(lowest?.major).toBe(20);
  });

  it('installs no package that needs a newer Node than package.json allows', () => {
    const unsupported = Object.entries(lock.packages)
      .filter(([path]) => path !== '')
      .flatMap(([path, entry]) => {
        const range = Array.isArray(entry.engines) ? undefined : entry.engines?.node;
        if (!range || !lowest || !semver.validRange(range)) return [];
        return semver.satisfies(lowest, range)
          ? []
          : [`${path}@${entry.version ?? '?'} needs ${range}`];
      });
    expect(unsupported).toEqual([]);
  });
});
