/**
 * Join-to-first-remote-frame for video calls through a local coturn, relay only (as on an NHS
 * network that blocks direct paths): 20 calls in Chromium with fake camera and microphone,
 * printing the median and p95. Goal (issue 12): median under 1 s.
 * Usage: npx vitest run --config bench/vitest.video.config.ts (CALLS=5 before it for fewer calls)
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { seedVideoWorld, type VideoWorld } from '../tests/fixtures/video-world';
import { startTurn, type LocalTurn } from '../tests/support/turn';
import { signInAs, startBrowserHarness, type BrowserHarness } from '../tests/e2e/browser';

const CALLS = Number(process.env.CALLS ?? 20);
let h: BrowserHarness;
let turn: LocalTurn;
let w: VideoWorld;

beforeAll(async () => {
  turn = await startTurn();
  h = await startBrowserHarness({
    media: true,
    env: { VIDEO_TURN_URLS: turn.url, VIDEO_TURN_SECRET: turn.secret },
  });
  w = await seedVideoWorld(h.t);
});
afterAll(async () => {
  await h.close();
  await turn.close();
});

async function relayOnly(page: Page) {
  await page.addInitScript(() => {
    const Original = window.RTCPeerConnection;
    window.RTCPeerConnection = class extends Original {
      constructor(config?: RTCConfiguration) {
        super({ ...config, iceTransportPolicy: 'relay' });
      }
    };
  });
}

/** Clicks Join and resolves with the milliseconds until the first remote video frame. */
function timeJoin(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        const remotes = document.getElementById('video-remotes');
        const join = document.getElementById('video-join');
        if (!remotes || !join) throw new Error('not the video page');
        const start = performance.now();
        const watch = (v: HTMLVideoElement) => {
          v.addEventListener('loadeddata', () => {
            resolve(performance.now() - start);
          });
        };
        new MutationObserver(() => {
          const v = remotes.querySelector('video');
          if (v) watch(v);
        }).observe(remotes, { childList: true, subtree: true });
        join.click();
      }),
  );
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.max(0, Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;

it(`join to first remote frame, ${CALLS} calls through TURN`, async () => {
  const jo = await h.newPage();
  const taylor = await h.newPage();
  await relayOnly(jo);
  await relayOnly(taylor);
  await signInAs(h, jo, 'jo@example.nhs.uk');
  await signInAs(h, taylor, 'taylor@example.com');
  const url = `${h.baseUrl}/appointments/${w.appointmentId}/video`;
  await jo.goto(url);
  await jo.getByRole('button', { name: 'Join the video appointment' }).click();
  await jo.waitForSelector('#video-call:not([hidden])');
  // Let Taylor in once; after that each rejoin goes straight into the call.
  await taylor.goto(url);
  await taylor.waitForSelector('#video-camera-status:has-text("are working")');
  await taylor.getByRole('button', { name: 'Join the video appointment' }).click();
  await jo.getByRole('button', { name: 'Let Taylor in' }).click();
  await taylor.waitForSelector('#video-call:not([hidden])');

  const times: number[] = [];
  for (let i = 0; i < CALLS; i++) {
    await taylor.goto(url);
    // Camera and socket ready first: the figure is the call, not the device check.
    await taylor.waitForSelector('#video-camera-status:has-text("are working")');
    await taylor.waitForSelector('#video-check-signalling:has-text("working")');
    times.push(await timeJoin(taylor));
  }
  const sorted = [...times].sort((a, b) => a - b);
  const median = percentile(sorted, 50);
  const p95 = percentile(sorted, 95);
  console.log(
    `\nvideo join → first remote frame over ${CALLS} relay-only calls: median ${median.toFixed(0)} ms, p95 ${p95.toFixed(0)} ms (min ${percentile(sorted, 0).toFixed(0)}, max ${percentile(sorted, 100).toFixed(0)})\n`,
  );
  expect(times).toHaveLength(CALLS);
});
