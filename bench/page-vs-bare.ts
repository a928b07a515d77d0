/**
 * Measures a signed-in page (session lookup, role guard, React render, headers) against a bare
 * Fastify route serving the same bytes, in the same run on the same machine, and prints the ratio.
 * Usage: npm run bench [-- --seconds 5 --connections 10]
 */
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import Fastify from 'fastify';
import { buildApp } from '../src/app';
import { loadConfig } from '../src/config';
import { openDatabase } from '../src/db/client';
import { insertUser } from '../src/features/auth/auth.repository';
import { hashPassword } from '../src/features/auth/passwords';
import { totpCode } from '../src/features/auth/second-factor';
import { insertFactor } from '../src/features/auth/second-factor.repository';
import { createLogger } from '../src/platform/logger';
import { LogNotifier } from '../src/platform/notifier';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '5' },
    connections: { type: 'string', default: '10' },
  },
});
const duration = Number(values.seconds);
const connections = Number(values.connections);

function run(url: string, headers: Record<string, string>): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      { url, headers, duration, connections, workers: 1 },
      (err, result) => {
        if (err) reject(err as Error);
        else resolve(result);
      },
    );
    autocannon.track(instance, {
      renderProgressBar: false,
      renderResultsTable: false,
      renderLatencyTable: false,
    });
  });
}

async function main() {
  console.log('bench: starting Rapport on an in-memory database…');
  const logger = createLogger('silent');
  const database = await openDatabase({ dataDir: 'memory://' });
  await database.migrate();
  const config = loadConfig({
    LOG_LEVEL: 'silent',
    PUBLIC_URL: 'http://localhost:3990',
    PORT: '3990',
  });
  const { app, service } = await buildApp({
    config,
    database,
    logger,
    notifier: new LogNotifier(logger),
  });
  const user = await insertUser(database.db, {
    serviceId: service.id,
    email: 'bench@example.nhs.uk',
    displayName: 'Bench Therapist',
    roles: ['therapist'],
    passwordHash: await hashPassword('bench walrus kettle'),
    createdAt: new Date(),
  });
  // Staff sign in with a second factor: give the bench therapist an authenticator-app key.
  const totpSecret = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
  await insertFactor(database.db, {
    serviceId: service.id,
    userId: user.id,
    kind: 'totp',
    name: 'Bench authenticator',
    totpSecret,
    createdAt: new Date(),
  });
  await app.listen({ port: 3990, host: '127.0.0.1' });

  // Sign in like a browser: fetch the form for its CSRF token, then post.
  const form = await fetch('http://localhost:3990/sign-in');
  const csrfCookie = form.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const token = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1];
  if (!token) throw new Error('The sign-in form has no CSRF token');
  const signIn = await fetch('http://localhost:3990/sign-in', {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: csrfCookie },
    body: new URLSearchParams({
      email: 'bench@example.nhs.uk',
      password: 'bench walrus kettle',
      _csrf: token,
    }).toString(),
  });
  const pendingCookie = [
    csrfCookie,
    ...signIn.headers.getSetCookie().map((c) => c.split(';')[0]),
  ].join('; ');
  const secondStep = await fetch('http://localhost:3990/sign-in/second-step', {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: pendingCookie },
    body: new URLSearchParams({ code: totpCode(totpSecret, new Date()), _csrf: token }).toString(),
  });
  if (secondStep.status !== 303) throw new Error(`second step answered ${secondStep.status}`);
  const cookie = [
    csrfCookie,
    ...secondStep.headers.getSetCookie().map((c) => c.split(';')[0]),
  ].join('; ');
  const page = await fetch('http://localhost:3990/home', {
    headers: { cookie },
    redirect: 'manual',
  });
  if (page.status !== 200) throw new Error(`signed-in page answered ${page.status}`);
  const bytes = await page.text();

  const bare = Fastify();
  bare.get('/home', (_req, reply) => reply.type('text/html; charset=utf-8').send(bytes));
  await bare.listen({ port: 3991, host: '127.0.0.1' });

  console.log(
    `bench: ${duration}s each, ${connections} connections, page of ${bytes.length} bytes`,
  );
  console.log('bench: 1/2 bare Fastify route (baseline)…');
  const baseline = await run('http://127.0.0.1:3991/home', {});
  console.log('bench: 2/2 Rapport signed-in /home…');
  const rapport = await run('http://127.0.0.1:3990/home', { cookie });
  if (rapport.non2xx > 0) throw new Error(`${rapport.non2xx} non-2xx answers from Rapport`);

  const ratio = rapport.requests.average / baseline.requests.average;
  console.log('');
  console.log(
    `baseline (bare route):   ${baseline.requests.average.toFixed(0)} req/s, p99 ${baseline.latency.p99} ms`,
  );
  console.log(
    `rapport (signed-in):     ${rapport.requests.average.toFixed(0)} req/s, p99 ${rapport.latency.p99} ms`,
  );
  console.log(`ratio rapport/baseline:  ${ratio.toFixed(3)} (throughput)`);
  console.log(
    `latency ratio (mean):    ${(rapport.latency.average / Math.max(baseline.latency.average, 0.01)).toFixed(1)}x`,
  );
  await bare.close();
  await app.close();
  await database.close();
}

main().catch((err: unknown) => {
  console.error('bench failed:', err);
  process.exit(1);
});
