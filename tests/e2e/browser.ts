import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type * as Axe from 'axe-core';
import { chromium, type Browser, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { createTestApp, TEST_PASSWORD, type TestApp } from '../support/test-app';
import { TEST_TOTP_SECRET } from '../support/second-factor';
import { totpCode, totpStep } from '../../src/features/auth/second-factor';
import { createServer } from 'node:net';

/**
 * Debian's Chromium: its headless shell when installed (the browser without its windowing layers:
 * the browser files' test time 167 -> 106 s on 2 cores, same results), else the full browser.
 */
const DEBIAN_CHROMIUMS = ['/usr/bin/chromium-headless-shell', '/usr/bin/chromium'];
export const CHROMIUM_PATH =
  process.env.CHROMIUM_PATH ??
  DEBIAN_CHROMIUMS.find((path) => existsSync(path)) ??
  '/usr/bin/chromium';
const INSTALL = 'apt-get install chromium-headless-shell (or chromium)';

/** In CI a missing browser fails the run; on a newcomer's machine the browser tests skip, saying why. */
export function browserAvailable(): boolean {
  if (existsSync(CHROMIUM_PATH)) return true;
  if (process.env.CI)
    throw new Error(`Chromium not found at ${CHROMIUM_PATH}: CI must install it (${INSTALL})`);
  console.warn(
    `\nSKIPPING browser tests: no Chromium at ${CHROMIUM_PATH}. Install it with: sudo ${INSTALL}\n`,
  );
  return false;
}

/**
 * A port the system says is free, from its ephemeral range (above Chromium's list of ports it
 * refuses to open, such as 3659: a random port below 10,000 could be one of them).
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => {
        if (address && typeof address === 'object') resolve(address.port);
        else reject(new Error('no port'));
      });
    });
  });
}

export interface BrowserHarness {
  t: TestApp;
  browser: Browser;
  baseUrl: string;
  /** A fresh browser profile (its own cookies), as a separate person would have. */
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

export async function startBrowserHarness(
  options: { now?: string; media?: boolean; env?: Record<string, string>; port?: number } = {},
): Promise<BrowserHarness> {
  const port = options.port ?? (await freePort());
  const t = await createTestApp({
    now: options.now,
    env: { PUBLIC_URL: `http://localhost:${port}`, NHS_FONTS: 'false', ...options.env },
  });
  await t.app.listen({ port, host: '127.0.0.1' });
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      // V8 without its helper threads (background compiling, parallel garbage collection): with
      // two renderers, the server and the tests on 2 cores they only contended (every-page
      // 110 -> 97 s).
      '--js-flags=--single-threaded',
      ...(options.media
        ? [
            '--use-fake-ui-for-media-stream',
            '--use-fake-device-for-media-stream',
            '--allow-loopback-in-peer-connection',
          ]
        : []),
    ],
  });
  return {
    t,
    browser,
    baseUrl: `http://localhost:${port}`,
    newPage: async () => {
      const context = await browser.newContext();
      const page = await context.newPage();
      page.setDefaultTimeout(10_000);
      return page;
    },
    close: async () => {
      await browser.close();
      await t.close();
    },
  };
}

const AXE_SOURCE = readFileSync(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
  'utf8',
);
type AxeWindow = { axe: typeof Axe };

/**
 * Runs axe for WCAG 2.2 AA on the page as it is now and fails with a readable list. Axe is put
 * into the page once per document and run there (Rapport has no frames to merge results from):
 * @axe-core/playwright evaluated its 560 KB source twice a check (every-page axe time
 * 228 -> 166 s across its two lanes, same findings; ADR 0042).
 */
export async function expectAccessible(page: Page, label = page.url()): Promise<void> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(
    async (options) => {
      const results = await (window as unknown as AxeWindow).axe.run(document, options);
      return results.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        targets: v.nodes.slice(0, 3).map((n) => n.target.join(' ')),
      }));
    },
    {
      runOnly: {
        type: 'tag' as const,
        values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'],
      },
      // Two best-practice rules besides: content outside landmarks, and headings that skip a level.
      rules: { region: { enabled: true }, 'heading-order': { enabled: true } },
      // Only violations are read: axe skips detailing what passed (a tenth of the time).
      resultTypes: ['violations' as const],
    },
  );
  const problems = violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help} — ${v.targets.join(', ')}`,
  );
  expect(problems, `axe on ${label}`).toEqual([]);
}

/**
 * The last authenticator-app step each test user signed in with, per app (each file's app has its
 * own users and database, and files share this module): the app refuses a replay.
 */
const usedStepsOf = new WeakMap<TestApp, Map<string, number>>();

/**
 * Signs in through the pages as a person would; staff then type the code their authenticator
 * app (the test key, at the test clock) shows. The app accepts one step either side, so the same
 * user can sign in three times at one fixed time; move the clock on for more.
 */
export async function signInAs(
  h: BrowserHarness,
  page: Page,
  email: string,
  options: { password?: string; next?: string } = {},
): Promise<void> {
  const next = options.next ? `?next=${encodeURIComponent(options.next)}` : '';
  await page.goto(`${h.baseUrl}/sign-in${next}`);
  await page.fill('#email', email);
  await page.fill('#password', options.password ?? TEST_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => url.pathname !== '/sign-in');
  if (new URL(page.url()).pathname === '/sign-in/second-step') {
    await page.fill('#code', nextTestCode(h, email));
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
  }
}

/** A code the test user's authenticator app would show now that has not signed them in yet. */
export function nextTestCode(h: BrowserHarness, email: string): string {
  const now = h.t.clock.now();
  let usedSteps = usedStepsOf.get(h.t);
  if (!usedSteps) usedStepsOf.set(h.t, (usedSteps = new Map<string, number>()));
  const last = usedSteps.get(email) ?? -Infinity;
  const at = [-1, 0, 1]
    .map((k) => new Date(now.getTime() + k * 30_000))
    .find((d) => totpStep(d) > last);
  if (!at) throw new Error(`${email} has used every code valid now; advance the test clock`);
  usedSteps.set(email, totpStep(at));
  return totpCode(TEST_TOTP_SECRET, at);
}
