import type { BuildAppOptions } from '../../src/app';
import { createTestApp, type TestApp } from './test-app';

/** Like createTestApp, with extra buildApp options (bearer verifier, channels, limits, routes). */
export function createPlatformTestApp(
  extra: Partial<Omit<BuildAppOptions, 'config' | 'database' | 'clock'>>,
  now = '2026-11-25T10:00:00Z',
): Promise<TestApp> {
  return createTestApp({ now, build: extra });
}
