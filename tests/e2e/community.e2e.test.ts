import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { insertCourse, insertPatient } from '../support/fixtures';
import { createUser } from '../support/test-app';
import { TINY_VTT } from '../fixtures/community-video';
import {
  browserAvailable,
  expectAccessible,
  signInAs,
  startBrowserHarness,
  type BrowserHarness,
} from './browser';

const run = browserAvailable();

/**
 * The peer-support community in Chromium (issue 13): a therapist invites their patient, who joins
 * under a pseudonym, posts in a forum and writes a blog post that a clinician moderator approves;
 * a carer joins and sees only their spaces; crisis language shows the author urgent help and
 * reaches the queue; a video with captions, uploaded through the form, plays and seeks with range
 * requests. Axe runs on every page visited.
 */

const PATIENT = { email: 'pat.walker@example.com', name: 'Pat Walker' };
const CARER = { email: 'cary.carer@example.com', name: 'Cary Carer' };
const MOD = { email: 'morgan.mod@example.nhs.uk', name: 'Morgan Mod' };
const THERAPIST = 'theo.therapist@example.nhs.uk';
const MANAGER = 'mina.manager@example.nhs.uk';

let h: BrowserHarness;
let patientId: string;
const pages: Page[] = [];

async function person(email: string): Promise<Page> {
  const page = await h.newPage();
  pages.push(page);
  await signInAs(h, page, email);
  return page;
}

async function visit(page: Page, path: string) {
  await page.goto(`${h.baseUrl}${path}`);
  await expectAccessible(page);
}

async function submit(page: Page, button: string) {
  await Promise.all([
    page.waitForEvent('load'),
    page.getByRole('button', { name: button, exact: true }).click(),
  ]);
  await expectAccessible(page);
}

async function join(page: Page, pseudonym: string) {
  await visit(page, '/community');
  expect(new URL(page.url()).pathname).toBe('/community/join');
  await page.fill('#pseudonym', pseudonym);
  await page.check('#avatar-2');
  await page.check('#adult-1');
  await page.check('#rules-1');
  await submit(page, 'Join the community');
  expect(new URL(page.url()).pathname).toBe('/community');
}

/** A real WebM recorded by Chromium itself (a moving square, about two seconds), as bytes. */
async function recordWebm(): Promise<Buffer> {
  const page = await h.newPage();
  const base64 = await page.evaluate(async () => {
    const canvas = document.createElement('canvas');
    canvas.width = 160;
    canvas.height = 120;
    document.body.append(canvas);
    const g = canvas.getContext('2d')!;
    let frame = 0;
    const draw = () => {
      g.fillStyle = '#005eb8';
      g.fillRect(0, 0, 160, 120);
      g.fillStyle = '#fff';
      g.fillRect((frame * 4) % 140, 50, 20, 20);
      frame++;
    };
    draw();
    const timer = setInterval(draw, 40);
    const recorder = new MediaRecorder(canvas.captureStream(25), { mimeType: 'video/webm' });
    const chunks: Blob[] = [];
    recorder.ondataavailable = (e) => chunks.push(e.data);
    const stopped = new Promise((resolve) => (recorder.onstop = resolve));
    recorder.start(250);
    // The length of the recording, not a wait for readiness: the video is two seconds long.
    await new Promise((resolve) => setTimeout(resolve, 2000));
    recorder.stop();
    await stopped;
    clearInterval(timer);
    const bytes = new Uint8Array(await new Blob(chunks).arrayBuffer());
    let binary = '';
    for (const b of bytes) binary += String.fromCharCode(b);
    return btoa(binary);
  });
  await page.close();
  return Buffer.from(base64, 'base64');
}

beforeAll(async () => {
  if (!run) return;
  h = await startBrowserHarness();
  const therapist = await createUser(h.t, THERAPIST, ['therapist'], 'Theo Therapist');
  const patientUser = await createUser(h.t, PATIENT.email, ['patient'], PATIENT.name);
  await createUser(h.t, CARER.email, ['community_member'], CARER.name);
  await createUser(h.t, MOD.email, ['moderator'], MOD.name);
  await createUser(h.t, MANAGER, ['service_manager'], 'Mina Manager');
  const p = await insertPatient(h.t, {
    givenName: 'Pat',
    familyName: 'Walker',
    email: PATIENT.email,
    userId: patientUser.id,
  });
  patientId = p.id;
  await insertCourse(h.t, patientId, therapist.id);
}, 120_000);

afterAll(async () => {
  if (run) await h.close();
});

describe.skipIf(!run)('the peer-support community in a browser', () => {
  let patient: Page;
  let moderator: Page;
  let carer: Page;

  it('a therapist invites their patient, who joins under a pseudonym and posts', async () => {
    const therapist = await person(THERAPIST);
    await visit(therapist, `/patients/${patientId}/community-invitation`);
    await therapist.check('#confirm-1');
    await submit(therapist, 'Send invitation');
    expect(await therapist.textContent('.nhsuk-inset-text')).toContain('emailed them');

    patient = await person(PATIENT.email);
    await join(patient, 'Quiet Heron');
    expect(await patient.textContent('main')).toContain('Quiet Heron');

    await patient.getByRole('link', { name: 'Staying well after therapy' }).click();
    await patient.waitForURL(/\/community\/spaces\//);
    await expectAccessible(patient);
    await patient.getByRole('link', { name: /Start a conversation/ }).click();
    await patient.waitForURL(/\/new-topic$/);
    await expectAccessible(patient);
    await patient.fill('#title', 'Morning walks');
    await patient.fill('#body', 'Walking by the river **helps** me.');
    await submit(patient, 'Post');
    expect(new URL(patient.url()).pathname).toMatch(/^\/community\/topics\//);
    expect(await patient.innerHTML('main')).toContain('<strong>helps</strong>');

    await visit(patient, '/community/blogs/new');
    await patient.fill('#title', 'What I learnt');
    await patient.fill('#body', 'Small steps add up.');
    await submit(patient, 'Post');
  });

  it('a clinician moderator added by a manager approves the blog post', async () => {
    const manager = await person(MANAGER);
    await visit(manager, '/community/moderators');
    await manager.fill('#name', MOD.name);
    await manager.fill('#email', MOD.email);
    await manager.check('input[name="badge"][value="clinician"]');
    await submit(manager, 'Send invitation');

    moderator = await person(MOD.email);
    await join(moderator, 'Calm Harbour');
    await visit(moderator, '/community/moderation');
    expect(await moderator.textContent('main')).toContain('Awaiting approval');
    await moderator.locator('a[href^="/community/moderation/posts/"]').first().click();
    await moderator.waitForURL(/\/community\/moderation\/posts\//);
    await expectAccessible(moderator);
    await moderator.check('input[name="action"][value="approve"]');
    await moderator.fill('#reason', 'Kind and helpful');
    await submit(moderator, 'Save');
    await visit(patient, '/community/blogs');
    expect(await patient.textContent('main')).toContain('What I learnt');
  });

  it('a carer invited by the patient sees only the carers’ and shared spaces', async () => {
    await visit(patient, '/community/invite');
    await patient.fill('#name', CARER.name);
    await patient.fill('#email', CARER.email);
    await submit(patient, 'Send invitation');

    carer = await person(CARER.email);
    await join(carer, 'Kind Kestrel');
    const home = (await carer.textContent('main')) ?? '';
    expect(home).toContain('Supporting someone');
    expect(home).toContain('Everyone');
    expect(home).not.toContain('Staying well after therapy');
    // The patient's forum topic is in the former patients' space: the carer is told nothing.
    await visit(patient, '/community/search?q=river');
    const topicHref = await patient
      .locator('a[href^="/community/topics/"]')
      .first()
      .getAttribute('href');
    const answer = await carer.goto(`${h.baseUrl}${topicHref!}`);
    expect(answer?.status()).toBe(404);
    await expectAccessible(carer);
  });

  it('crisis language shows the author urgent help and reaches the top of the queue', async () => {
    await visit(patient, '/community');
    await patient.getByRole('link', { name: 'Staying well after therapy' }).click();
    await patient.waitForURL(/\/community\/spaces\//);
    await patient.getByRole('link', { name: /Start a conversation/ }).click();
    await patient.waitForURL(/\/new-topic$/);
    await patient.fill('#title', 'Tonight');
    await patient.fill('#body', 'I cannot cope and I want to end my life.');
    await submit(patient, 'Post');
    expect(new URL(patient.url()).pathname).toBe('/community/urgent-help');
    const help = (await patient.textContent('main')) ?? '';
    expect(help).toContain('999');
    expect(help).toContain('111');
    await visit(moderator, '/community/moderation');
    expect(await moderator.locator('main strong.nhsuk-tag').first().textContent()).toBe(
      'Crisis language',
    );
  });

  it('a video with captions, uploaded by the moderator, plays and seeks with range requests', async () => {
    const webm = await recordWebm();
    expect(webm.subarray(0, 4).equals(Buffer.from([0x1a, 0x45, 0xdf, 0xa3]))).toBe(true);

    await visit(moderator, '/community/videos');
    await moderator.getByRole('link', { name: 'Add a video' }).click();
    await moderator.waitForURL(/\/community\/videos\/new$/);
    await expectAccessible(moderator);
    await moderator.fill('#title', 'A walk by the river');
    await moderator.fill('#description', 'A short film about getting outside.');
    await moderator.getByLabel('Staying well after therapy', { exact: true }).check();
    await moderator.setInputFiles('#captions', {
      name: 'walk.vtt',
      mimeType: 'text/vtt',
      buffer: Buffer.from(TINY_VTT),
    });
    await moderator.setInputFiles('#video', {
      name: 'walk.webm',
      mimeType: 'video/webm',
      buffer: webm,
    });
    await submit(moderator, 'Add the video');
    const videoPath = new URL(moderator.url()).pathname;
    expect(videoPath).toMatch(/^\/community\/videos\/[0-9a-f-]{36}$/);

    // The carer's spaces do not include it.
    await visit(carer, '/community/videos');
    expect(await carer.textContent('main')).not.toContain('A walk by the river');

    const ranges: { range: string | undefined; status: number }[] = [];
    patient.on('response', (res) => {
      if (res.url().endsWith('/media'))
        ranges.push({ range: res.request().headers().range, status: res.status() });
    });
    await visit(patient, videoPath);
    expect(await patient.textContent('main')).toContain('One step at a time.');
    const track = patient.locator('video track[kind="captions"]');
    expect(await track.getAttribute('default')).not.toBeNull();

    const played = await patient.evaluate(async () => {
      const video = document.querySelector('video')!;
      video.muted = true;
      const once = (name: string) =>
        new Promise<void>((resolve) => {
          video.addEventListener(
            name,
            () => {
              resolve();
            },
            { once: true },
          );
        });
      if (video.readyState < 1) await once('loadedmetadata');
      await video.play();
      video.pause();
      const seeked = once('seeked');
      video.currentTime = 1;
      await seeked;
      const track = video.textTracks[0];
      return {
        currentTime: video.currentTime,
        error: video.error?.code ?? null,
        captionsMode: track?.mode ?? null,
      };
    });
    expect(played.error).toBeNull();
    expect(played.currentTime).toBeGreaterThan(0.5);
    expect(played.captionsMode).toBe('showing');
    expect(ranges.length).toBeGreaterThan(0);
    expect(ranges.some((r) => r.range?.startsWith('bytes=') && r.status === 206)).toBe(true);
  });
});
