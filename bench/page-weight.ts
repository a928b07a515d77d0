/**
 * Bytes a browser receives on a first visit (HTML plus the CSS and JavaScript it loads), as sent:
 * compressed when the browser says it accepts brotli and gzip, against the same requests without
 * compression in the same run.
 */
import { request } from 'node:http';
import { insertUser } from '../src/features/auth/auth.repository';
import { hashPassword } from '../src/features/auth/passwords';
import { and, eq } from 'drizzle-orm';
import { patients } from '../src/db/schema';
import { seedCourse } from '../tests/fixtures/outcomes';
import { seedAppOf, seedFullCaseload } from './caseload';
import { csrfFor, signInStaff, startApp, type BenchApp } from './support';

const HOUR = 3_600_000;
const WEEK = 7 * 24 * HOUR;

interface Received {
  status: number;
  bytes: number;
  body: Buffer;
  encoding: string | undefined;
  location: string | undefined;
}

function get(url: string, headers: Record<string, string>): Promise<Received> {
  return new Promise((resolve, reject) => {
    request(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const body = Buffer.concat(chunks);
        resolve({
          status: res.statusCode ?? 0,
          bytes: body.length,
          body,
          encoding: res.headers['content-encoding'],
          location: res.headers.location,
        });
      });
      res.on('error', reject);
    })
      .on('error', reject)
      .end();
  });
}

/**
 * A patient half-way through a course with this therapist (eight sessions attended with scores,
 * eight booked), signed in: their home page shows what a real one does.
 */
async function signInPatient(app: BenchApp, therapistId: string): Promise<string> {
  const email = 'patient@example.com';
  const user = await insertUser(app.bench.database.db, {
    serviceId: app.service.id,
    email,
    displayName: 'Bench Patient',
    roles: ['patient'],
    passwordHash: await hashPassword('bench walrus kettle'),
    createdAt: new Date(),
  });
  const attended = 8;
  const course = await seedCourse(seedAppOf(app), {
    givenName: 'Bench',
    familyName: 'Patient',
    therapistId,
    sessions: Array.from({ length: 16 }, (_, i) => (i < attended ? 'attended' : 'booked')),
    // 45 hours into each week: clear of the caseload's sessions (its patients are hours 0–39).
    firstSessionAt: new Date(Date.now() - attended * WEEK + 45 * HOUR),
    scores: Array.from({ length: attended }, (_, i) => [
      { measureId: 'phq9' as const, total: 18 - i, context: 'session' as const, session: i + 1 },
      { measureId: 'gad7' as const, total: 14 - i, context: 'session' as const, session: i + 1 },
    ]).flat(),
  });
  await app.bench.database.db
    .update(patients)
    .set({ userId: user.id })
    .where(and(eq(patients.serviceId, app.service.id), eq(patients.id, course.patientId)));
  const { cookie, token } = await csrfFor(app.base);
  const res = await fetch(`${app.base}/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
    body: new URLSearchParams({ email, password: 'bench walrus kettle', _csrf: token }).toString(),
  });
  if (res.status !== 303) throw new Error(`patient sign-in answered ${res.status}`);
  return [cookie, ...res.headers.getSetCookie().map((c) => c.split(';')[0])].join('; ');
}

/** A self-referral begun as a browser begins it: the start page's form, then its first question. */
async function startReferral(app: BenchApp): Promise<string> {
  const { cookie, token } = await csrfFor(app.base, '/refer');
  const res = await fetch(`${app.base}/refer/start`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
    body: new URLSearchParams({ _csrf: token }).toString(),
  });
  if (res.status !== 303) throw new Error(`starting a referral answered ${res.status}`);
  return [cookie, ...res.headers.getSetCookie().map((c) => c.split(';')[0])].join('; ');
}

export interface PageWeight {
  page: string;
  html: { compressed: number; plain: number };
  /** HTML plus every CSS and JS file it loads (first visit, nothing cached). */
  firstVisit: { compressed: number; plain: number };
}

// A URL may carry its content hash as a query (the bundles in src/client: `session.js?v=…`).
const ASSET =
  /(?:href|src)="(\/static\/[^"?]+\.(?:css|js)(?:\?[^"]*)?)"|from '(\/static\/[^']+\.js)'/g;

async function firstVisit(
  base: string,
  path: string,
  cookie: string,
  compressed: boolean,
  shows: string,
) {
  const headers: Record<string, string> = { cookie };
  if (compressed) headers['accept-encoding'] = 'br, gzip';
  const page = await get(`${base}${path}`, headers);
  if (page.status !== 200) throw new Error(`${path} answered ${page.status}`);
  const plainHtml = (await get(`${base}${path}`, { cookie })).body.toString('utf8');
  if (!plainHtml.includes(shows)) throw new Error(`${path} does not show "${shows}"`);
  let total = page.bytes;
  const seen = new Set<string>();
  const queue = [...plainHtml.matchAll(ASSET)].map((m) => m[1] ?? m[2] ?? '');
  while (queue.length > 0) {
    const url = queue.shift() ?? '';
    if (seen.has(url)) continue;
    seen.add(url);
    total += (await get(`${base}${url}`, headers)).bytes;
    // Modules import others (init.js imports the design system).
    const text = (await get(`${base}${url}`, {})).body.toString('utf8');
    if (url.endsWith('.js')) queue.push(...[...text.matchAll(ASSET)].map((m) => m[2] ?? ''));
    // init.js imports the modules of the components this page has, by their data-module.
    const listed = /const COMPONENTS = (\{.*?\});/.exec(text)?.[1];
    if (listed) {
      const components = JSON.parse(listed) as Record<string, [string, string]>;
      for (const [, module] of plainHtml.matchAll(/data-module="([^"]+)"/g))
        if (module && components[module]) queue.push(components[module][0]);
    }
    // Those modules share chunks, imported by relative names.
    const dir = url.slice(0, url.lastIndexOf('/') + 1);
    for (const [, chunk] of text.matchAll(/(?:from|import)\s*"\.\/([^"]+\.js)"/g))
      if (chunk) queue.push(`${dir}${chunk}`);
  }
  return { html: page.bytes, total };
}

export async function pageWeight(port: number): Promise<PageWeight[]> {
  const app = await startApp('pglite', port);
  try {
    // A therapist with a full caseload, and one of their patients half-way through a course.
    const staff = await signInStaff(app, 'weight@example.nhs.uk', ['therapist']);
    await seedFullCaseload(app, staff.userId);
    const patient = await signInPatient(app, staff.userId);
    // Each with something it must show, so an empty page cannot pass for a light one.
    const pages: [string, string, string, string][] = [
      ['home page (public)', '/', '', 'Refer yourself'],
      ['referral question', '/refer/name', '', 'name'],
      ['patient home', '/home', patient, 'Your next appointment'],
      ['caseload (therapist)', '/caseload', staff.cookie, 'Bench39'],
    ];
    const results: PageWeight[] = [];
    for (const [name, path, cookie, shows] of pages) {
      // The referral questions need the referral's cookie from its start page.
      let jar = cookie;
      if (path.startsWith('/refer/')) jar = await startReferral(app);
      const zipped = await firstVisit(app.base, path, jar, true, shows);
      const plain = await firstVisit(app.base, path, jar, false, shows);
      results.push({
        page: `${name} ${path}`,
        html: { compressed: zipped.html, plain: plain.html },
        firstVisit: { compressed: zipped.total, plain: plain.total },
      });
    }
    return results;
  } finally {
    await app.close();
  }
}

export function describePageWeight(results: PageWeight[]): string[] {
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  return [
    'page weight: first visit (HTML + CSS + JS), compressed as sent / uncompressed',
    ...results.map(
      (r) =>
        `  ${r.page.padEnd(38)} ${kb(r.firstVisit.compressed)} / ${kb(r.firstVisit.plain)}  (HTML ${kb(r.html.compressed)} / ${kb(r.html.plain)})`,
    ),
  ];
}
