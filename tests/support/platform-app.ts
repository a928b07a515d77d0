import { buildApp, type BuildAppOptions } from '../../src/app';
import { loadConfig } from '../../src/config';
import { FixedClock } from '../../src/platform/clock';
import { createLogger } from '../../src/platform/logger';
import { CapturingNotifier, openTestDatabase, type TestApp } from './test-app';

/** Like createTestApp, with extra buildApp options (bearer verifier, channels, limits, routes). */
export async function createPlatformTestApp(
  extra: Partial<Omit<BuildAppOptions, 'config' | 'database' | 'clock'>>,
  now = '2026-11-25T10:00:00Z',
): Promise<TestApp> {
  const { database, drop } = await openTestDatabase();
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    PUBLIC_URL: 'http://localhost:3000',
  });
  const clock = new FixedClock(now);
  const notifier = new CapturingNotifier();
  const built = await buildApp({
    config,
    database,
    clock,
    notifier,
    logger: createLogger('silent'),
    ...extra,
  });
  await built.app.ready();
  return {
    ...built,
    clock,
    notifier,
    database,
    config,
    close: async () => {
      await built.app.close();
      await drop();
    },
  };
}
