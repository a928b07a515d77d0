import { defineConfig } from 'vitest/config';

// The video bench runs in vitest for its global setup (a migrated database template).
export default defineConfig({
  test: {
    include: ['bench/video-join.ts'],
    environment: 'node',
    testTimeout: 600_000,
    hookTimeout: 120_000,
    globalSetup: ['tests/support/global-setup.ts'],
  },
});
