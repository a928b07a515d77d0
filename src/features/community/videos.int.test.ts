import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, communityVideos } from '../../db/schema';
import type { TestClient } from '../../../tests/support/client';
import { FAKE_WEBM, fakeMp4, fakeWebm, TINY_VTT } from '../../../tests/fixtures/community-video';
import { createTestApp, type TestApp } from '../../../tests/support/test-app';
import { buildWorld, Sessions, type World } from '../../../tests/support/world';
import { videoDir } from './videos.storage';

/**
 * The community's video library (issue 13) through the routes: staff upload (multipart, streamed
 * to disk, type sniffed, captions required), members watch in their spaces, the files are served
 * with range requests, moderators hide. Uploads are limited to 1 MB here to test the limit.
 */

let t: TestApp;
let world: World;
let sessions: Sessions;

type Part =
  { name: string; value: string } | { name: string; filename: string; type: string; data: Buffer };

function multipart(parts: Part[]) {
  const boundary = `----rapport${randomBytes(8).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const p of parts) {
    const head =
      'value' in p
        ? `--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"\r\n\r\n`
        : `--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"; filename="${p.filename}"\r\nContent-Type: ${p.type}\r\n\r\n`;
    chunks.push(
      Buffer.from(head),
      'value' in p ? Buffer.from(p.value) : p.data,
      Buffer.from('\r\n'),
    );
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), type: `multipart/form-data; boundary=${boundary}` };
}

const cookieOf = (c: TestClient) => [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; ');

async function upload(c: TestClient, parts: Part[], opts: { csrf?: boolean } = {}) {
  await c.get('/community/videos/new');
  const form = multipart([
    ...(opts.csrf === false ? [] : [{ name: '_csrf', value: c.csrf ?? '' }]),
    ...parts,
  ]);
  return t.app.inject({
    method: 'POST',
    url: '/community/videos/new',
    headers: { cookie: cookieOf(c), 'content-type': form.type },
    payload: form.body,
  });
}

const fields = (overrides: Record<string, string> = {}): Part[] => [
  { name: 'title', value: overrides.title ?? 'Finding my feet again' },
  { name: 'description', value: 'A recovery story.' },
  { name: 'spaces', value: world.a.communitySpaceId },
  { name: 'transcript', value: overrides.transcript ?? '' },
];
const captions = (text = TINY_VTT): Part => ({
  name: 'captions',
  filename: 'captions.vtt',
  type: 'text/vtt',
  data: Buffer.from(text),
});
const video = (data: Buffer, type = 'video/webm', filename = 'story.webm'): Part => ({
  name: 'video',
  filename,
  type,
  data,
});

const tempFiles = () => {
  const dir = join(t.config.uploads.dir, 'tmp');
  return existsSync(dir) ? readdirSync(dir) : [];
};
const videoCount = async () =>
  (await t.database.db.select().from(communityVideos)).filter(
    (v) => v.serviceId === world.a.service.id,
  ).length;

beforeAll(async () => {
  t = await createTestApp({ env: { COMMUNITY_VIDEO_MAX_MB: '1' } });
  world = await buildWorld(t);
  sessions = new Sessions(t, world);
}, 120_000);
afterAll(async () => t.close());

describe('uploading a video', () => {
  it('keeps the video and captions under new names, the transcript from the captions, audited', async () => {
    const manager = await sessions.as('manager');
    const data = fakeWebm(300_000);
    const res = await upload(manager, [...fields(), captions(), video(data)]);
    expect(res.statusCode).toBe(303);
    const id = /^\/community\/videos\/([0-9a-f-]{36})$/.exec(String(res.headers.location))?.[1];
    expect(id).toBeDefined();
    const [row] = await t.database.db
      .select()
      .from(communityVideos)
      .where(eq(communityVideos.id, id!));
    expect(row).toMatchObject({
      title: 'Finding my feet again',
      transcript: 'Walking helps.\nOne step at a time.',
      videoType: 'video/webm',
      videoBytes: 300_000,
      hiddenAt: null,
    });
    // Rapport's own names, never the uploader's; the bytes as sent; no temporary file left.
    expect(row!.videoFile).toMatch(/^[0-9a-f-]{36}\.webm$/);
    expect(row!.captionsFile).toMatch(/^[0-9a-f-]{36}\.vtt$/);
    expect(readFileSync(join(videoDir(t.config.uploads.dir), row!.videoFile)).equals(data)).toBe(
      true,
    );
    expect(tempFiles()).toEqual([]);
    const audit = await t.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'community.video_upload'), eq(auditEvents.recordId, id!)));
    expect(audit).toHaveLength(1);

    // A member of the space sees it: the player with default captions, and the transcript.
    const patient = await sessions.as('patient');
    const list = await patient.get('/community/videos');
    expect(list.body).toContain('Finding my feet again');
    const page = await patient.get(`/community/videos/${id!}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toMatch(/<track kind="captions" src="\/community\/videos\/[^"]+\/captions"/);
    expect(page.body).toContain('default=""');
    expect(page.body).toContain('One step at a time.');
    expect(page.body).toContain(`href="/community/videos/${id!}/media" download`);
    const vtt = await patient.get(`/community/videos/${id!}/captions`);
    expect(vtt.statusCode).toBe(200);
    expect(vtt.headers['content-type']).toMatch(/^text\/vtt/);
    expect(vtt.body).toBe(TINY_VTT);
  });

  it('keeps a typed transcript and accepts MP4', async () => {
    const manager = await sessions.as('manager');
    const res = await upload(manager, [
      ...fields({ title: 'Skills: noticing', transcript: 'Typed by the clinician.' }),
      captions(),
      video(fakeMp4(2048), 'video/mp4', 'skills.mp4'),
    ]);
    expect(res.statusCode).toBe(303);
    const rows = await t.database.db
      .select()
      .from(communityVideos)
      .where(eq(communityVideos.title, 'Skills: noticing'));
    expect(rows[0]).toMatchObject({
      transcript: 'Typed by the clinician.',
      videoType: 'video/mp4',
    });
    expect(rows[0]!.videoFile).toMatch(/\.mp4$/);
  });

  it('refuses a file that is not a video whatever it claims, with the answers kept', async () => {
    const manager = await sessions.as('manager');
    const before = await videoCount();
    const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(5000)]);
    const res = await upload(manager, [
      ...fields({ title: 'Kept title' }),
      captions(),
      video(pdf, 'video/mp4', 'story.mp4'),
    ]);
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('nhsuk-error-summary');
    expect(res.body).toContain('The video must be an MP4 or WebM file');
    expect(res.body).toContain('href="#video"');
    expect(res.body).toContain('value="Kept title"');
    expect(await videoCount()).toBe(before);
    expect(tempFiles()).toEqual([]);
  });

  it('requires captions, and WebVTT ones whose timings parse', async () => {
    const manager = await sessions.as('manager');
    const before = await videoCount();
    const missing = await upload(manager, [...fields(), video(FAKE_WEBM)]);
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain('Select a captions file');
    const srt = await upload(manager, [
      ...fields(),
      captions('1\n00:00:00,000 --> 00:00:01,000\nHello\n'),
      video(FAKE_WEBM),
    ]);
    expect(srt.statusCode).toBe(400);
    expect(srt.body).toContain('it must start with WEBVTT');
    const timings = await upload(manager, [
      ...fields(),
      captions('WEBVTT\n\n00:00.000 --> 00:0x.000\nHello\n'),
      video(FAKE_WEBM),
    ]);
    expect(timings.statusCode).toBe(400);
    expect(timings.body).toContain('timing does not parse');
    expect(await videoCount()).toBe(before);
    expect(tempFiles()).toEqual([]);
  });

  it('refuses a video over the size limit with a 400 summary, and removes the partial file', async () => {
    const manager = await sessions.as('manager');
    const before = await videoCount();
    const res = await upload(manager, [
      ...fields({ title: 'Too long' }),
      captions(),
      video(fakeWebm(1024 * 1024 + 50_000)),
    ]);
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('The video must be smaller than 1 MB');
    expect(res.body).toContain('value="Too long"');
    expect(await videoCount()).toBe(before);
    expect(tempFiles()).toEqual([]);
  });

  it('refuses a multipart form without its CSRF token, and staff who may not publish', async () => {
    const manager = await sessions.as('manager');
    const before = await videoCount();
    const forged = await upload(manager, [...fields(), captions(), video(FAKE_WEBM)], {
      csrf: false,
    });
    expect(forged.statusCode).toBe(403);
    // A therapist is staff but neither a manager nor a clinician moderator: told nothing.
    const therapist = await sessions.as('therapist');
    expect((await therapist.get('/community/videos/new')).statusCode).toBe(404);
    const res = await upload(therapist, [...fields(), captions(), video(FAKE_WEBM)]);
    expect(res.statusCode).toBe(404);
    // A patient is not staff at all.
    const patient = await sessions.as('patient');
    expect((await upload(patient, [...fields(), captions(), video(FAKE_WEBM)])).statusCode).toBe(
      403,
    );
    expect(await videoCount()).toBe(before);
    expect(tempFiles()).toEqual([]);
  });
});

describe('watching', () => {
  const base = () => `/community/videos/${world.a.communityVideoId}`;

  it('answers 404 to non-members and to another service', async () => {
    for (const persona of ['otherPatient', 'therapist'] as const) {
      const c = await sessions.as(persona);
      for (const url of [base(), `${base()}/media`, `${base()}/captions`, '/community/videos'])
        expect((await c.get(url)).statusCode, `${persona} ${url}`).toBe(404);
    }
    const patient = await sessions.as('patient');
    expect(
      (await patient.get(`/community/videos/${world.b.communityVideoId}/media`)).statusCode,
    ).toBe(404);
  });

  it('serves byte ranges (206) so a phone can seek, and 416 for a range past the end', async () => {
    const patient = await sessions.as('patient');
    const cookie = cookieOf(patient);
    const whole = await t.app.inject({ url: `${base()}/media`, headers: { cookie } });
    expect(whole.statusCode).toBe(200);
    expect(whole.headers['accept-ranges']).toBe('bytes');
    expect(whole.headers['content-type']).toBe('video/webm');
    expect(whole.headers['content-encoding']).toBeUndefined();
    expect(whole.rawPayload.equals(FAKE_WEBM)).toBe(true);

    const part = await t.app.inject({
      url: `${base()}/media`,
      headers: { cookie, range: 'bytes=100-199', 'accept-encoding': 'gzip, br' },
    });
    expect(part.statusCode).toBe(206);
    expect(part.headers['content-range']).toBe(`bytes 100-199/${FAKE_WEBM.length}`);
    expect(part.headers['content-length']).toBe('100');
    expect(part.headers['content-encoding']).toBeUndefined();
    expect(part.rawPayload.equals(FAKE_WEBM.subarray(100, 200))).toBe(true);

    const tail = await t.app.inject({
      url: `${base()}/media`,
      headers: { cookie, range: 'bytes=-10' },
    });
    expect(tail.statusCode).toBe(206);
    expect(tail.rawPayload.equals(FAKE_WEBM.subarray(FAKE_WEBM.length - 10))).toBe(true);

    const past = await t.app.inject({
      url: `${base()}/media`,
      headers: { cookie, range: `bytes=${FAKE_WEBM.length + 10}-${FAKE_WEBM.length + 20}` },
    });
    expect(past.statusCode).toBe(416);
    expect(past.headers['content-range']).toBe(`bytes */${FAKE_WEBM.length}`);
  });
});

describe('hiding a video', () => {
  it('lets a moderator hide it with a reason (audited); members then get 404; shown again after', async () => {
    const url = `/community/videos/${world.a.communityVideoId}`;
    const patient = await sessions.as('patient');
    expect((await patient.get(`${url}/visibility`)).statusCode).toBe(404);

    const moderator = await sessions.as('moderator');
    await moderator.get(`${url}/visibility`);
    const empty = await moderator.post(`${url}/visibility`, { reason: '' });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('Enter why the video is being hidden');
    const hidden = await moderator.post(`${url}/visibility`, { reason: 'Out of date advice' });
    expect(hidden.statusCode).toBe(303);
    expect((await patient.get(url)).statusCode).toBe(404);
    expect((await patient.get(`${url}/media`)).statusCode).toBe(404);
    expect((await patient.get('/community/videos')).body).not.toContain('A morning walk');
    const seen = await moderator.get(url);
    expect(seen.body).toContain('Out of date advice');

    await moderator.get(`${url}/visibility`);
    expect((await moderator.post(`${url}/visibility`, { reason: '' })).statusCode).toBe(303);
    expect((await patient.get(url)).statusCode).toBe(200);
    const audit = await t.database.db
      .select()
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.action, 'community.video_hide'),
          eq(auditEvents.recordId, world.a.communityVideoId),
        ),
      );
    expect(audit.map((a) => (a.details as { hidden: boolean }).hidden)).toEqual([true, false]);
  });
});
