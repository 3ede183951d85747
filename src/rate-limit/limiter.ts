import { type Kysely, sql } from 'kysely';
import type { Redis } from 'ioredis';
import type { Clock } from '../clock.js';
import { precompile, precompiledPerCount } from '../db/precompiled.js';
import type { DatabaseSchema } from '../db/schema.js';

/** A fixed-window limit: at most `limit` hits per `windowMs` for one key. */
export interface RateLimitRule {
  /** Stable prefix of the counter key, such as `login:ip`. */
  readonly name: string;
  readonly limit: number;
  readonly windowMs: number;
}

export interface RateLimitDecision {
  readonly allowed: boolean;
  /** Hits counted in this window, including this one. */
  readonly count: number;
  readonly retryAfterMs: number;
}

export interface RateLimitCounter {
  readonly rule: RateLimitRule;
  readonly key: string;
}

/** A counter to count hits against (one when `points` is not given). */
export interface RateLimitHit extends RateLimitCounter {
  readonly points?: number;
}

/**
 * A hit as counted: the decision, and the window that counted it (when it ends, in ms since the
 * epoch). A hit taken back is taken back from that window only: once it has ended, the next one
 * owes it nothing.
 */
export interface RateLimitCounted extends RateLimitDecision {
  readonly window: number;
}

/** A hit to take back, with the window that counted it (its RateLimitCounted's `window`). */
export interface RateLimitTaken extends RateLimitCounter {
  readonly window: number;
}

/** The hits `counted` counted for `counters` (in the same order), to take back. */
export function takenBack(
  counters: readonly RateLimitCounter[],
  counted: readonly RateLimitCounted[],
): RateLimitTaken[] {
  return counters.map((counter, i) => ({ rule: counter.rule, key: counter.key, window: counted[i]!.window }));
}

/** A counter as read: hits in the current window and the milliseconds until it resets. */
export interface RateLimitReading {
  readonly count: number;
  /** 0 when nothing is counted. */
  readonly msLeft: number;
}

export interface RateLimiter {
  /** Counts `points` hits against `key` under `rule` and says whether they fit. */
  consume(rule: RateLimitRule, key: string, points?: number): Promise<RateLimitCounted>;
  /** Counts hits against several counters in one round trip; decisions in the order asked. */
  consumeMany(hits: readonly RateLimitHit[]): Promise<RateLimitCounted[]>;
  /** Hits counted so far in the current window (0 when none). */
  count(rule: RateLimitRule, key: string): Promise<number>;
  /** Several counters in one round trip, in the order asked. */
  countMany(counters: readonly RateLimitCounter[]): Promise<RateLimitReading[]>;
  reset(rule: RateLimitRule, key: string): Promise<void>;
  /**
   * Takes back one hit from each counter, in the window that counted it: an attempt counted
   * before it ran (so parallel attempts see each other) that turned out not to count. Never
   * below zero, never opens a window, and nothing once that window has ended (a take-back
   * landing in the next window would give a guesser hits the cap never allowed).
   */
  releaseMany(taken: readonly RateLimitTaken[]): Promise<void>;
}

/** Counters in the application database: atomic upserts, correct under a connection pool. */
export function createDatabaseRateLimiter(db: Kysely<DatabaseSchema>, clock: Clock): RateLimiter {
  return withSingleConsume({
    async consumeMany(hits) {
      if (hits.length === 0) return [];
      const now = clock.now();
      const ids = hits.map((hit) => `${hit.rule.name}:${hit.key}`);
      if (new Set(ids).size !== ids.length) throw new Error('consumeMany: a counter is named twice');
      const values: Record<string, unknown> = { now };
      hits.forEach((hit, i) => {
        values[`k${i}`] = ids[i];
        values[`c${i}`] = hit.points ?? 1;
        values[`r${i}`] = now + hit.rule.windowMs;
      });
      const rows = await countingQuery(hits.length).execute(db, values);
      const byKey = new Map(rows.map((row) => [row.key, row]));
      return hits.map((hit, i) => {
        const row = byKey.get(ids[i]!);
        if (!row) throw new Error(`rate limit counter ${ids[i]} was not returned`);
        return {
          ...decide(hit.rule, Number(row.count), Number(row.reset_at) - now),
          window: Number(row.reset_at),
        };
      });
    },
    async count(rule, key) {
      const row = await db
        .selectFrom('rate_limits')
        .select(['count', 'reset_at'])
        .where('key', '=', `${rule.name}:${key}`)
        .executeTakeFirst();
      return row && Number(row.reset_at) > clock.now() ? Number(row.count) : 0;
    },
    async countMany(counters) {
      const ids = counters.map((c) => `${c.rule.name}:${c.key}`);
      if (ids.length === 0) return [];
      const rows = await countersQuery(ids.length).execute(
        db,
        Object.fromEntries(ids.map((id, i) => [`k${i}`, id])),
      );
      const now = clock.now();
      const live = new Map(
        rows
          .filter((r) => Number(r.reset_at) > now)
          .map((r) => [r.key, { count: Number(r.count), msLeft: Number(r.reset_at) - now }]),
      );
      return ids.map((id) => live.get(id) ?? noHits);
    },
    async reset(rule, key) {
      await db.deleteFrom('rate_limits').where('key', '=', `${rule.name}:${key}`).execute();
    },
    async releaseMany(taken) {
      if (taken.length === 0) return;
      const values: Record<string, unknown> = { now: clock.now() };
      taken.forEach((c, i) => {
        values[`k${i}`] = `${c.rule.name}:${c.key}`;
        values[`w${i}`] = c.window;
      });
      await releasingQuery(taken.length).execute(db, values);
    },
  });
}

type RateLimitRow = { key: string; count: number; reset_at: number };

/**
 * Counts hits against `count` counters in one multi-row upsert (`excluded` is the row this
 * statement offered for that key); a login failure counts seven.
 */
const countingQuery = precompiledPerCount<RateLimitRow>((count) => {
  const slots = Array.from({ length: count }, (_, i) => ({ key: `k${i}`, count: `c${i}`, resetAt: `r${i}` }));
  const names = ['now', ...slots.flatMap((slot) => [slot.key, slot.count, slot.resetAt])];
  return precompile(names, (db, p) =>
    db
      .insertInto('rate_limits')
      .values(slots.map((slot) => ({ key: p[slot.key]!, count: p[slot.count]!, reset_at: p[slot.resetAt]! })))
      .onConflict((oc) =>
        oc.column('key').doUpdateSet({
          count: sql`case when rate_limits.reset_at <= ${p.now} then excluded.count else rate_limits.count + excluded.count end`,
          reset_at: sql`case when rate_limits.reset_at <= ${p.now} then excluded.reset_at else rate_limits.reset_at end`,
        }),
      )
      .returning(['key', 'count', 'reset_at']),
  );
});

/** Reads `count` counters in one query. */
const countersQuery = precompiledPerCount<RateLimitRow>((count) => {
  const names = Array.from({ length: count }, (_, i) => `k${i}`);
  return precompile(names, (db, p) =>
    db
      .selectFrom('rate_limits')
      .select(['key', 'count', 'reset_at'])
      .where(
        'key',
        'in',
        names.map((name) => p[name]!),
      ),
  );
});

/**
 * Takes one hit back from `count` counters, each only while the window that counted it (`w…`)
 * is the one it holds; a successful login releases seven. An upsert like the counting one, so
 * both lock the rows in the order given and parallel attempts on PostgreSQL queue instead of
 * deadlocking; a counter that is absent is left as an expired row.
 */
const releasingQuery = precompiledPerCount((count) => {
  const slots = Array.from({ length: count }, (_, i) => ({ key: `k${i}`, window: `w${i}` }));
  return precompile(['now', ...slots.flatMap((slot) => [slot.key, slot.window])], (db, p) => {
    const windowOf = sql.join(
      slots.map((slot) => sql`when ${p[slot.key]} then cast(${p[slot.window]} as bigint)`),
      sql` `,
    );
    return db
      .insertInto('rate_limits')
      .values(slots.map((slot) => ({ key: p[slot.key]!, count: 0, reset_at: p.now! })))
      .onConflict((oc) =>
        oc.column('key').doUpdateSet({
          count: sql`case when rate_limits.reset_at > ${p.now} and rate_limits.reset_at = (case rate_limits.key ${windowOf} end) and rate_limits.count > 0 then rate_limits.count - 1 else rate_limits.count end`,
        }),
      );
  });
});

/**
 * Decrements each key that holds a positive count in the window that counted the hit (its
 * expiry time, ARGV in the same order); an expired (absent) key stays absent.
 */
const releaseScript = `for i, key in ipairs(KEYS) do
  local count = tonumber(redis.call('GET', key) or '0')
  if count and count > 0 and redis.call('PEXPIRETIME', key) == tonumber(ARGV[i]) then
    redis.call('DECR', key)
  end
end
return 0`;

/** Counters shared by many instances through Redis. */
export function createRedisRateLimiter(redis: Redis): RateLimiter {
  const redisKey = (rule: RateLimitRule, key: string) => `gatehouse:rl:${rule.name}:${key}`;
  return withSingleConsume({
    async consumeMany(hits) {
      if (hits.length === 0) return [];
      // One MULTI: each counter starts its window on first use, then counts.
      const multi = redis.multi();
      for (const hit of hits) {
        const id = redisKey(hit.rule, hit.key);
        multi
          .set(id, 0, 'PX', hit.rule.windowMs, 'NX')
          .incrby(id, hit.points ?? 1)
          .pttl(id)
          .pexpiretime(id);
      }
      const replies = await multi.exec();
      if (!replies) throw new Error('Redis transaction aborted');
      return hits.map((hit, i) => {
        const count = Number(replies[4 * i + 1]?.[1]);
        const ttl = Number(replies[4 * i + 2]?.[1]);
        // The window's end as Redis keeps it, so a take-back compares like with like.
        const window = Number(replies[4 * i + 3]?.[1]);
        return { ...decide(hit.rule, count, ttl > 0 ? ttl : hit.rule.windowMs), window };
      });
    },
    async count(rule, key) {
      return Number((await redis.get(redisKey(rule, key))) ?? 0);
    },
    async countMany(counters) {
      if (counters.length === 0) return [];
      const pipeline = redis.pipeline();
      for (const c of counters) pipeline.get(redisKey(c.rule, c.key)).pttl(redisKey(c.rule, c.key));
      const replies = (await pipeline.exec()) ?? [];
      return counters.map((_, i) => {
        const count = Number(replies[2 * i]?.[1] ?? 0);
        const ttl = Number(replies[2 * i + 1]?.[1]);
        return count > 0 ? { count, msLeft: Math.max(ttl || 0, 0) } : noHits;
      });
    },
    async reset(rule, key) {
      await redis.del(redisKey(rule, key));
    },
    async releaseMany(taken) {
      if (taken.length === 0) return;
      await redis.eval(
        releaseScript,
        taken.length,
        ...taken.map((c) => redisKey(c.rule, c.key)),
        ...taken.map((c) => String(c.window)),
      );
    },
  });
}

/** `consume` is `consumeMany` of one counter, for every store. */
function withSingleConsume(store: Omit<RateLimiter, 'consume'>): RateLimiter {
  return {
    ...store,
    async consume(rule, key, points = 1) {
      const [decision] = await store.consumeMany([{ rule, key, points }]);
      return decision!;
    },
  };
}

const noHits: RateLimitReading = { count: 0, msLeft: 0 };

/** The decision on `count` hits (this one included) in a window with `msLeft` to run. */
export function decide(rule: RateLimitRule, count: number, msLeft: number): RateLimitDecision {
  const allowed = count <= rule.limit;
  return { allowed, count, retryAfterMs: allowed ? 0 : Math.max(0, msLeft) };
}
