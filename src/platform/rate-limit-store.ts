import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import { eq, lte, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { builtOnce } from '../db/statement';
import { rateLimitCounters } from '../db/schema';
import type { Clock } from './clock';

type Incr = FastifyRateLimitStore['incr'];
type Callback = Parameters<Incr>[1];

/**
 * A @fastify/rate-limit store kept in the database, so every app instance behind a load balancer
 * counts the same requests: five sign-in tries are five whichever instance answered them. One
 * upsert per limited request (limits sit on sign-in and public forms, not on signed-in pages).
 * A fixed window per key, as the library's own stores do.
 */
export function databaseRateLimitStore(db: Db, clock: Clock): FastifyRateLimitStoreCtor {
  class DatabaseRateLimitStore implements FastifyRateLimitStore {
    private readonly prefix: string;
    // The library constructs the store with its options; children are made with a key prefix.
    constructor(_options?: unknown, prefix = '') {
      this.prefix = prefix;
    }

    incr(key: string, callback: Callback, timeWindow: number, _max: number): void {
      void countHit(db, clock, this.prefix + key, timeWindow).then(
        (result) => {
          callback(null, result);
        },
        (err: unknown) => {
          callback(err instanceof Error ? err : new Error(String(err)));
        },
      );
    }

    child(routeOptions: Parameters<FastifyRateLimitStore['child']>[0]): FastifyRateLimitStore {
      // Per-route limits count separately, keyed like the library's Redis store.
      const route = routeOptions as { routeInfo?: { method?: unknown; url?: unknown } };
      const method = typeof route.routeInfo?.method === 'string' ? route.routeInfo.method : '';
      const url =
        typeof route.routeInfo?.url === 'string' ? route.routeInfo.url : routeOptions.path;
      return new DatabaseRateLimitStore(undefined, `${this.prefix}${method}${url}-`);
    }
  }
  return DatabaseRateLimitStore;
}

// Every limited request runs it (sign-in, public forms): built once (docs/adr/0031). `now` goes
// into the CASE as text, cast to the column's type; a new window's end is the proposed row's.
const hitCount = builtOnce((db) =>
  db
    .insert(rateLimitCounters)
    .values({ key: sql.placeholder('key'), hits: 1, resetsAt: sql.placeholder('resetsAt') })
    .onConflictDoUpdate({
      target: rateLimitCounters.key,
      set: {
        hits: sql`case when ${rateLimitCounters.resetsAt} <= ${sql.placeholder('now')}::timestamptz then 1 else ${rateLimitCounters.hits} + 1 end`,
        resetsAt: sql`case when ${rateLimitCounters.resetsAt} <= ${sql.placeholder('now')}::timestamptz then excluded.resets_at else ${rateLimitCounters.resetsAt} end`,
      },
    })
    .returning({ hits: rateLimitCounters.hits, resetsAt: rateLimitCounters.resetsAt }),
);

/** Counts one hit atomically; a key whose window has passed starts again at 1. */
export async function countHit(
  db: Db,
  clock: Clock,
  key: string,
  timeWindowMs: number,
): Promise<{ current: number; ttl: number }> {
  const now = clock.now();
  const resetsAt = new Date(now.getTime() + timeWindowMs);
  const [row] = await hitCount(db, {
    key,
    resetsAt,
    now: now.toISOString(),
  });
  if (!row) throw new Error('rate limit counter upsert returned no row');
  return { current: row.hits, ttl: Math.max(0, row.resetsAt.getTime() - now.getTime()) };
}

/** Takes back one hit counted under `key` in this transaction (the counted action did not happen). */
export async function uncountHit(db: Db, key: string): Promise<void> {
  await db
    .update(rateLimitCounters)
    .set({ hits: sql`greatest(${rateLimitCounters.hits} - 1, 0)` })
    .where(eq(rateLimitCounters.key, key));
}

/** Drops counters whose window has passed; run by the server's housekeeping. */
export async function purgeExpiredRateLimits(db: Db, clock: Clock): Promise<void> {
  await db.delete(rateLimitCounters).where(lte(rateLimitCounters.resetsAt, clock.now()));
}
