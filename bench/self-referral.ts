/**
 * Sending a self-referral, 50 people at once, on PostgreSQL (issue 16): the latency of the final
 * "Send" (the referral, its scores, risk handling, audit and outbox written in one transaction),
 * against raw `pg` INSERTs of the same referral rows at the same concurrency, in the same run.
 */
import pg from 'pg';
import { sql } from 'drizzle-orm';
import type { Db } from '../src/db/client';
import { pageBySlug } from '../src/features/referral/referral.forms';
import { GOOD_ANSWERS } from '../src/features/referral/referral.test-data';
import { hashToken, newToken } from '../src/platform/tokens';
import {
  cookiesOf,
  measureLatencies,
  percentile,
  startApp,
  type BenchApp,
  type Latencies,
} from './support';

export interface SelfReferralResult {
  referrals: number;
  concurrency: number;
  rapport: Latencies;
  rawInsert: Latencies;
  /** Rapport's sends per second over raw INSERTs per second. */
  ratio: number;
}

/** Fills in one referral through its pages as a browser does; returns its cookies and CSRF token. */
async function oneDraft(app: BenchApp): Promise<{ cookies: string[]; csrf: string }> {
  const jar = new Map<string, string>();
  let csrf = '';
  const remember = async (res: Response) => {
    for (const c of cookiesOf(res)) {
      const [name, ...value] = c.split('=');
      if (name) jar.set(name, value.join('='));
    }
    const token = /name="_csrf" value="([^"]+)"/.exec(await res.text())?.[1];
    if (token) csrf = token;
    return res;
  };
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const get = async (path: string) =>
    remember(
      await fetch(`${app.base}${path}`, { headers: { cookie: cookie() }, redirect: 'manual' }),
    );
  const post = async (path: string, fields: Record<string, string | string[]>) => {
    const body = new URLSearchParams();
    for (const [k, v] of Object.entries(fields))
      for (const one of Array.isArray(v) ? v : [v]) body.append(k, one);
    body.append('_csrf', csrf);
    return remember(
      await fetch(`${app.base}${path}`, {
        method: 'POST',
        redirect: 'manual',
        headers: { cookie: cookie(), 'content-type': 'application/x-www-form-urlencoded' },
        body: body.toString(),
      }),
    );
  };
  await get('/refer');
  let url = (await post('/refer/start', {})).headers.get('location') ?? '';
  for (let i = 0; i < 40 && !url.startsWith('/refer/check'); i++) {
    const page = pageBySlug(url.split('?')[0]?.split('/')[2] ?? '');
    if (!page) throw new Error(`unexpected referral page ${url}`);
    const res = await post(url, GOOD_ANSWERS[page.key]);
    if (res.status !== 303) throw new Error(`${url} answered ${res.status}`);
    url = res.headers.get('location') ?? '';
  }
  await get('/refer/check');
  return { cookies: [...jar].map(([k, v]) => `${k}=${v}`), csrf };
}

/** Runs `count` queries at once so the pool has that many connections open before timing. */
async function openConnections(pool: pg.Pool | Db, count: number): Promise<void> {
  await Promise.all(
    Array.from({ length: count }, () =>
      pool instanceof pg.Pool
        ? pool.query('select pg_sleep(0.01)')
        : pool.execute(sql`select pg_sleep(0.01)`),
    ),
  );
}

export async function selfReferral(options: {
  referrals: number;
  concurrency: number;
  port: number;
  onProgress?: (line: string) => void;
}): Promise<SelfReferralResult> {
  // Each sender has its own address (behind a trusted proxy), as 50 people would.
  const app = await startApp('postgres', options.port, { TRUST_PROXY: 'true' });
  const rawPool = new pg.Pool({
    connectionString: app.bench.url ?? '',
    max: options.concurrency,
  });
  try {
    const { cookies, csrf } = await oneDraft(app);
    const draftCookie = cookies.find((c) => /^(__Host-)?rapport-referral=/.test(c));
    if (!draftCookie)
      throw new Error(`no referral cookie after filling in the form: ${cookies.join(', ')}`);
    const otherCookies = cookies.filter((c) => c !== draftCookie);
    const draftName = draftCookie.split('=')[0] ?? '';
    const tokens = Array.from({ length: options.referrals }, () => newToken());
    // Copies of the finished draft, one per sender: filling in 50 × 25 pages is not the figure.
    await rawPool.query(
      `insert into referral_drafts (service_id, token_hash, answers, created_at, updated_at, expires_at)
       select d.service_id, t.hash, d.answers, d.created_at, d.updated_at, d.expires_at
       from referral_drafts d, unnest($1::text[]) as t(hash)
       where d.token_hash = $2`,
      [tokens.map(hashToken), hashToken(draftCookie.split('=')[1] ?? '')],
    );
    options.onProgress?.(`self-referral: ${tokens.length} finished drafts ready`);
    // Both sides start with their connections open: opening one (a new backend, SCRAM) takes
    // milliseconds, and 50 of them in the first sends were most of the raw INSERTs' p99.
    await openConnections(app.bench.database.root, 10);
    await openConnections(rawPool, options.concurrency);

    const bodies = tokens.map((token, i) => ({
      body: new URLSearchParams({ _csrf: csrf }).toString(),
      headers: {
        cookie: [...otherCookies, `${draftName}=${token}`].join('; '),
        'content-type': 'application/x-www-form-urlencoded',
        'x-forwarded-for': `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
      },
    }));
    const rapport = await measureLatencies({
      url: `${app.base}/refer/check`,
      method: 'POST',
      connections: options.concurrency,
      bodies,
    });
    const counted = await rawPool.query<{ n: number }>('select count(*)::int as n from referrals');
    const count = counted.rows[0]?.n ?? 0;
    if (rapport.failures > 0 || count !== tokens.length)
      throw new Error(
        `${rapport.failures} sends failed; ${count} of ${tokens.length} referrals stored`,
      );
    options.onProgress?.(
      `self-referral: ${count} referrals sent; now raw INSERTs of the same rows`,
    );

    // The same referral rows, written by plain INSERTs into a copy of the table and its indexes.
    await rawPool.query('create table bench_referrals (like referrals including all)');
    const rows = (await rawPool.query('select to_jsonb(r) as row from referrals r')).rows as {
      row: unknown;
    }[];
    const samples: number[] = [];
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: options.concurrency }, async () => {
        while (next < rows.length) {
          const row = rows[next++]?.row;
          const t = performance.now();
          await rawPool.query(
            'insert into bench_referrals select * from jsonb_populate_record(null::bench_referrals, $1)',
            [row],
          );
          samples.push(performance.now() - t);
        }
      }),
    );
    const elapsed = performance.now() - started;
    samples.sort((a, b) => a - b);
    const rawInsert: Latencies = {
      count: samples.length,
      rps: (samples.length / elapsed) * 1000,
      p50: percentile(samples, 0.5),
      p95: percentile(samples, 0.95),
      p99: percentile(samples, 0.99),
      failures: 0,
    };
    return {
      referrals: count,
      concurrency: options.concurrency,
      rapport,
      rawInsert,
      ratio: rapport.rps / rawInsert.rps,
    };
  } finally {
    await rawPool.end();
    await app.close();
  }
}

export function describeSelfReferral(r: SelfReferralResult): string[] {
  const ms = (n: number) => `${n.toFixed(1)} ms`;
  return [
    `self-referral (postgres): ${r.referrals} referrals sent, ${r.concurrency} at once`,
    `  raw pg INSERT of the rows: ${r.rawInsert.rps.toFixed(0)}/s, p50 ${ms(r.rawInsert.p50)}, p99 ${ms(r.rawInsert.p99)}`,
    `  rapport "Send":            ${r.rapport.rps.toFixed(0)}/s, p50 ${ms(r.rapport.p50)}, p99 ${ms(r.rapport.p99)}`,
    `  rate against raw INSERTs:  ${r.ratio.toFixed(3)}; p99 against the goal of 50 ms: ${(r.rapport.p99 / 50).toFixed(2)}×`,
  ];
}
