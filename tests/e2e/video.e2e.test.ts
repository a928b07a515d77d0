import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { seedVideoWorld, type VideoWorld } from '../fixtures/video-world';
import { startTurn, turnAvailable, type LocalTurn } from '../support/turn';
import {
  browserAvailable,
  expectAccessible,
  signInAs,
  startBrowserHarness,
  type BrowserHarness,
} from './browser';

const run = browserAvailable() && turnAvailable();

/**
 * Keeps each page's RTCPeerConnections reachable for getStats, and with `relay` forces them
 * through TURN as a locked-down NHS network would (iceTransportPolicy 'relay').
 */
async function watchPeerConnections(page: Page, relay = false) {
  await page.addInitScript((forceRelay: boolean) => {
    const Original = window.RTCPeerConnection;
    const all: RTCPeerConnection[] = [];
    (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs = all;
    class Watched extends Original {
      constructor(config?: RTCConfiguration) {
        super(forceRelay ? { ...config, iceTransportPolicy: 'relay' } : config);
        all.push(this);
      }
    }
    window.RTCPeerConnection = Watched;
  }, relay);
}

/** Inbound video on the page's call (not the device check's probe): frames, bytes, route. */
function inboundVideo(page: Page) {
  return page.evaluate(async () => {
    const pcs = (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs;
    let frames = 0;
    let bytes = 0;
    const candidateTypes: string[] = [];
    for (const pc of pcs) {
      if (pc.connectionState === 'closed') continue;
      const stats = await pc.getStats();
      const byId = new Map<string, Record<string, unknown>>();
      stats.forEach((s: Record<string, unknown>) => byId.set(s.id as string, s));
      stats.forEach((s: Record<string, unknown>) => {
        if (s.type === 'inbound-rtp' && s.kind === 'video') {
          frames += Number(s.framesReceived ?? 0);
          bytes += Number(s.bytesReceived ?? 0);
        }
        if (s.type === 'candidate-pair' && s.state === 'succeeded' && s.nominated) {
          const localCandidate = byId.get(s.localCandidateId as string);
          candidateTypes.push(String(localCandidate?.candidateType));
        }
      });
    }
    return { frames, bytes, candidateTypes };
  });
}

async function waitForVideo(page: Page, above = 0) {
  await expect
    .poll(async () => (await inboundVideo(page)).bytes, { timeout: 30_000, interval: 250 })
    .toBeGreaterThan(above);
  await expect
    .poll(async () => (await inboundVideo(page)).frames, { timeout: 30_000, interval: 250 })
    .toBeGreaterThan(0);
}

describe.runIf(run)('video appointments in Chromium', () => {
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
  }, 60_000);
  afterAll(async () => {
    await h.close();
    await turn.close();
  });

  async function person(email: string, relay = false) {
    const page = await h.newPage();
    await watchPeerConnections(page, relay);
    await signInAs(h, page, email);
    return page;
  }

  it('holds the patient in the waiting room until let in; then each receives the other’s video', async () => {
    const jo = await person('jo@example.nhs.uk');
    const taylor = await person('taylor@example.com');
    const url = `${h.baseUrl}/appointments/${w.appointmentId}/video`;

    await taylor.goto(url);
    await taylor.waitForSelector('#video-check-signalling:has-text("working")');
    await taylor.waitForSelector('#video-check-relay:has-text("working")');
    await taylor.waitForSelector('#video-camera-status:has-text("are working")');
    expect(await taylor.isVisible('#video-nojs')).toBe(false);
    await expectAccessible(taylor, 'video device check');
    await taylor.getByRole('button', { name: 'Join the video appointment' }).click();
    await taylor.waitForSelector('#video-waiting:not([hidden])');
    await expectAccessible(taylor, 'video waiting room');

    await jo.goto(url);
    await jo.getByRole('button', { name: 'Join the video appointment' }).click();
    await jo.waitForSelector('#video-call:not([hidden])');
    // Jo sees Taylor waiting; Taylor is still held while nobody lets them in.
    const admit = jo.getByRole('button', { name: 'Let Taylor in' });
    await admit.waitFor();
    expect(await taylor.isVisible('#video-call')).toBe(false);
    expect(await inboundVideo(taylor)).toMatchObject({ bytes: 0 });
    await admit.click();

    await taylor.waitForSelector('#video-call:not([hidden])');
    await waitForVideo(taylor);
    await waitForVideo(jo);
    await taylor.waitForSelector('#video-status:has-text("Connected to Jo Evans")');
    await expectAccessible(taylor, 'video call');

    // Mute shows on the other side.
    await taylor.getByRole('button', { name: 'Mute microphone' }).click();
    await jo.waitForSelector('text=Taylor has muted their microphone.');

    await jo.getByRole('button', { name: 'End for everyone' }).click();
    await taylor.waitForSelector('#video-ended:not([hidden])');
    await jo.context().close();
    await taylor.context().close();
  }, 120_000);

  it('refuses anyone else: the page is not found', async () => {
    const robin = await person('robin@example.com');
    const res = await robin.goto(`${h.baseUrl}/appointments/${w.appointmentId}/video`);
    expect(res?.status()).toBe(404);
    await robin.context().close();
  }, 60_000);

  it('connects through the TURN relay alone, and recovers when the relay drops', async () => {
    // The first call was ended for everyone: the same room starts a new call.
    const appointmentId = w.appointmentId;
    const jo = await person('jo@example.nhs.uk', true);
    const taylor = await person('taylor@example.com', true);
    const url = `${h.baseUrl}/appointments/${appointmentId}/video`;
    await jo.goto(url);
    await jo.getByRole('button', { name: 'Join the video appointment' }).click();
    await jo.waitForSelector('#video-call:not([hidden])');
    await taylor.goto(url);
    await taylor.getByRole('button', { name: 'Join the video appointment' }).click();
    await jo.getByRole('button', { name: 'Let Taylor in' }).click();
    await waitForVideo(taylor);
    await waitForVideo(jo);
    // Video can flow a moment before the stats report the nominated pair: wait for the pair.
    await expect
      .poll(async () => (await inboundVideo(taylor)).candidateTypes.length, {
        timeout: 30_000,
        interval: 250,
      })
      .toBeGreaterThan(0);
    const before = await inboundVideo(taylor);
    expect(before.candidateTypes).toContain('relay');
    expect(before.candidateTypes.every((c) => c === 'relay')).toBe(true);

    // The relay goes down: both sides see the drop, restart ICE and come back through it.
    await turn.stop();
    await taylor.waitForSelector('#video-status:has-text("Reconnecting")', { timeout: 30_000 });
    await turn.start();
    await taylor.waitForSelector('#video-status:has-text("Connected to Jo Evans")', {
      timeout: 45_000,
    });
    const after = (await inboundVideo(taylor)).bytes;
    await waitForVideo(taylor, after);
    await jo.context().close();
    await taylor.context().close();
  }, 150_000);
});
