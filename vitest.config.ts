import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import { LongestFirstSequencer } from './tests/support/sequencer';

// vitest's default is one worker fewer than the cores: one worker on the 2-core CI machine, which
// left the second core idle while a file waited on its database. Two at least.
const workers = Math.max(2, availableParallelism() - 1);

// V8 without its helper threads (background compiling, parallel garbage collection) in the workers
// that run an app and its database: on 2 cores those threads only contended with the other worker
// and the database (PGlite run 147 -> 128 s, PostgreSQL 194 -> 182 s). ADR 0042.
const SINGLE_THREADED_V8 = ['--single-threaded'];

// Three projects so `npm test` can run them in order and a newcomer can run one alone.
export default defineConfig({
  // JSX for React's production runtime; integration and browser tests also load React's production
  // build (NODE_ENV below), as `npm start` does: the development build was their largest JavaScript
  // cost after the database (ADR 0042). Unit tests keep React's development build and its warnings.
  oxc: { jsx: { development: false } },
  test: {
    sequence: { sequencer: LongestFirstSequencer },
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          maxWorkers: workers,
          include: ['src/**/*.test.ts', 'src/**/*.test.tsx'],
          exclude: ['**/*.int.test.ts', '**/*.int.test.tsx', 'node_modules/**'],
          // Shared modules, as for integration below: 33 s -> 10 s.
          isolate: false,
          environment: 'node',
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          maxWorkers: workers,
          execArgv: SINGLE_THREADED_V8,
          env: { NODE_ENV: 'production' }, // see oxc above
          include: [
            'src/**/*.int.test.ts',
            'src/**/*.int.test.tsx',
            'tests/integration/**/*.test.ts',
          ],
          // Files share a worker's modules rather than load the whole app again each: imports
          // were 176 s of a 372 s run on PGlite. Every file builds its own app and database, so no
          // state crosses files that way; a module mock would (or would not take effect), so
          // tests/integration/isolation.test.ts refuses `vi.mock` in every test file.
          isolate: false,
          environment: 'node',
          testTimeout: 30_000,
          hookTimeout: 60_000,
          globalSetup: ['tests/support/global-setup.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          env: { NODE_ENV: 'production' }, // see oxc above
          include: ['tests/e2e/**/*.e2e.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // Two files at a time (each with its own app and Chromium): 515 -> 435 s. Longest first
          // (tests/support/sequencer.ts), so the run does not end on one long file alone.
          maxWorkers: 2,
          // Shared modules here too.
          isolate: false,
          globalSetup: ['tests/support/global-setup.ts'],
        },
      },
    ],
  },
});
