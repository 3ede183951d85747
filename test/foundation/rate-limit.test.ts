import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import {
  createDatabaseRateLimiter,
  createRedisRateLimiter,
  type RateLimiter,
  type RateLimitRule,
} from '../../src/rate-limit/limiter.js';
import { connectTestRedis } from '../helpers/redis.js';
import { createTestDatabase, type TestDatabase, testDatabaseUrl } from '../helpers/test-database.js';

/** A rule whose name no other test (nor an earlier run) shares. */
function uniqueRule(limit: number, windowMs: number): RateLimitRule {
  return { name: `test-${randomBytes(6).toString('hex')}`, limit, windowMs };
}

describe(`rate limiter in the database (${testDatabaseUrl ? 'PostgreSQL' : 'SQLite'})`, () => {
  let t: TestDatabase;
  const clock = new ManualClock();
  let limiter: RateLimiter;
  beforeAll(async () => {
    t = await createTestDatabase({ poolSize: 10 });
    limiter = createDatabaseRateLimiter(t.database.db, clock);
  });
  afterAll(async () => {
    await t.dispose();
  });

  it('allows up to the limit in a window, then refuses with the time left', async () => {
    const rule = uniqueRule(3, 60_000);
    const decisions = [];
    for (let i = 0; i < 4; i++) decisions.push(await limiter.consume(rule, 'ip:192.0.2.1'));
    expect(decisions.map((d) => d.allowed)).toEqual([true, true, true, false]);
    expect(decisions.map((d) => d.count)).toEqual([1, 2, 3, 4]);
    expect(decisions[3]!.retryAfterMs).toBe(60_000);
    clock.advance(20_000);
    expect((await limiter.consume(rule, 'ip:192.0.2.1')).retryAfterMs).toBe(40_000);
    // Another key is counted apart.
    expect(await limiter.consume(rule, 'ip:192.0.2.2')).toMatchObject({ allowed: true, count: 1 });
    expect(await limiter.count(rule, 'ip:192.0.2.1')).toBe(5);
  });

  it('starts a new window once the old one has passed', async () => {
    const rule = uniqueRule(2, 60_000);
    await limiter.consume(rule, 'k');
    await limiter.consume(rule, 'k');
    expect((await limiter.consume(rule, 'k')).allowed).toBe(false);
    clock.advance(59_999);
    expect((await limiter.consume(rule, 'k')).allowed).toBe(false);
    clock.advance(1);
    expect(await limiter.count(rule, 'k')).toBe(0);
    expect(await limiter.consume(rule, 'k')).toMatchObject({ allowed: true, count: 1 });
  });

  it('counts points and forgets a key on reset', async () => {
    const rule = uniqueRule(10, 60_000);
    expect((await limiter.consume(rule, 'k', 7)).count).toBe(7);
    expect(await limiter.consume(rule, 'k', 4)).toMatchObject({ allowed: false, count: 11 });
    await limiter.reset(rule, 'k');
    expect(await limiter.count(rule, 'k')).toBe(0);
  });

  it('reads several counters at once with the time their windows have left, expired ones as zero', async () => {
    const short = uniqueRule(5, 1_000);
    const long = uniqueRule(5, 60_000);
    await limiter.consume(short, 'a', 2);
    await limiter.consume(long, 'a', 3);
    clock.advance(400);
    expect(
      await limiter.countMany([
        { rule: short, key: 'a' },
        { rule: long, key: 'a' },
        { rule: long, key: 'b' },
      ]),
    ).toEqual([
      { count: 2, msLeft: 600 },
      { count: 3, msLeft: 59_600 },
      { count: 0, msLeft: 0 },
    ]);
    clock.advance(600);
    expect(
      await limiter.countMany([
        { rule: short, key: 'a' },
        { rule: long, key: 'a' },
      ]),
    ).toEqual([
      { count: 0, msLeft: 0 },
      { count: 3, msLeft: 59_000 },
    ]);
  });

  it('counts several counters in one statement, each in its own window, in the order asked', async () => {
    const short = uniqueRule(2, 1_000);
    const long = uniqueRule(3, 60_000);
    await limiter.consume(long, 'a', 3);
    clock.advance(500);
    expect(
      await limiter.consumeMany([
        { rule: long, key: 'a' },
        { rule: short, key: 'a', points: 2 },
        { rule: long, key: 'b' },
      ]),
    ).toMatchObject([
      { allowed: false, count: 4, retryAfterMs: 59_500 },
      { allowed: true, count: 2, retryAfterMs: 0 },
      { allowed: true, count: 1, retryAfterMs: 0 },
    ]);
    clock.advance(1_000);
    // The short window has passed and starts again; the long one keeps counting.
    expect(
      await limiter.consumeMany([
        { rule: short, key: 'a' },
        { rule: long, key: 'b' },
      ]),
    ).toMatchObject([
      { allowed: true, count: 1, retryAfterMs: 0 },
      { allowed: true, count: 2, retryAfterMs: 0 },
    ]);
    await expect(
      limiter.consumeMany([
        { rule: short, key: 'x' },
        { rule: short, key: 'x' },
      ]),
    ).rejects.toThrow(/named twice/);
  });

  it('takes back one hit per counter in its window, never below zero, never opening a window', async () => {
    await expectReleases(limiter);
    const other = uniqueRule(5, 1_000);
    const { window } = await limiter.consume(other, 'a', 3);
    // An expired window stays expired, and an absent counter absent: neither is reopened.
    clock.advance(1_000);
    await limiter.releaseMany([
      { rule: other, key: 'a', window },
      { rule: other, key: 'absent', window },
    ]);
    expect(
      await limiter.countMany([
        { rule: other, key: 'a' },
        { rule: other, key: 'absent' },
      ]),
    ).toEqual([
      { count: 0, msLeft: 0 },
      { count: 0, msLeft: 0 },
    ]);
    expect((await limiter.consume(other, 'a')).count).toBe(1);
  });

  it('takes a hit back only from the window that counted it, never from the next', async () => {
    const rule = uniqueRule(10, 1_000);
    const late = await limiter.consume(rule, 'k');
    // The window ends while that attempt runs; the next window counts a guess of its own.
    clock.advance(1_000);
    const next = await limiter.consume(rule, 'k');
    expect(next.window).toBeGreaterThan(late.window);
    await limiter.releaseMany([{ rule, key: 'k', window: late.window }]);
    expect(await limiter.count(rule, 'k')).toBe(1);
    await limiter.releaseMany([{ rule, key: 'k', window: next.window }]);
    expect(await limiter.count(rule, 'k')).toBe(0);
  });

  it('counts 20 parallel hits exactly (atomic upsert under a connection pool)', async () => {
    const rule = uniqueRule(5, 60_000);
    const decisions = await Promise.all(Array.from({ length: 20 }, () => limiter.consume(rule, 'parallel')));
    expect(await limiter.count(rule, 'parallel')).toBe(20);
    expect(decisions.map((d) => d.count).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 20 }, (_, i) => i + 1),
    );
    expect(decisions.filter((d) => d.allowed)).toHaveLength(5);
  });
});

describe('rate limiter in Redis', () => {
  let redis: Redis;
  let limiter: RateLimiter;
  beforeAll(async () => {
    redis = await connectTestRedis();
    limiter = createRedisRateLimiter(redis);
  });
  afterAll(() => {
    redis?.disconnect();
  });

  it('allows up to the limit, then refuses with the time left', async () => {
    const rule = uniqueRule(3, 60_000);
    const decisions = [];
    for (let i = 0; i < 4; i++) decisions.push(await limiter.consume(rule, 'ip:192.0.2.1'));
    expect(decisions.map((d) => d.allowed)).toEqual([true, true, true, false]);
    expect(decisions[3]!.retryAfterMs).toBeGreaterThan(55_000);
    expect(decisions[3]!.retryAfterMs).toBeLessThanOrEqual(60_000);
    expect(await limiter.count(rule, 'ip:192.0.2.1')).toBe(4);
    expect(await limiter.count(rule, 'ip:192.0.2.2')).toBe(0);
    await limiter.reset(rule, 'ip:192.0.2.1');
    expect(await limiter.count(rule, 'ip:192.0.2.1')).toBe(0);
  });

  it('starts a new window when the key expires', async () => {
    const rule = uniqueRule(1, 150);
    expect((await limiter.consume(rule, 'k')).allowed).toBe(true);
    expect((await limiter.consume(rule, 'k')).allowed).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(await limiter.consume(rule, 'k')).toMatchObject({ allowed: true, count: 1 });
  });

  it('reads several counters at once', async () => {
    const one = uniqueRule(5, 60_000);
    const two = uniqueRule(5, 60_000);
    await limiter.consume(one, 'a', 2);
    await limiter.consume(two, 'a');
    const readings = await limiter.countMany([
      { rule: one, key: 'a' },
      { rule: two, key: 'a' },
      { rule: two, key: 'b' },
    ]);
    expect(readings.map((r) => r.count)).toEqual([2, 1, 0]);
    for (const reading of readings.slice(0, 2)) {
      expect(reading.msLeft).toBeGreaterThan(55_000);
      expect(reading.msLeft).toBeLessThanOrEqual(60_000);
    }
    expect(readings[2]!.msLeft).toBe(0);
  });

  it('counts several counters in one transaction, in the order asked', async () => {
    const one = uniqueRule(2, 60_000);
    const two = uniqueRule(5, 60_000);
    await limiter.consume(one, 'a', 2);
    const decisions = await limiter.consumeMany([
      { rule: one, key: 'a' },
      { rule: two, key: 'a', points: 3 },
    ]);
    expect(decisions.map((d) => [d.allowed, d.count])).toEqual([
      [false, 3],
      [true, 3],
    ]);
    expect(decisions[0]!.retryAfterMs).toBeGreaterThan(55_000);
    expect(await limiter.count(two, 'a')).toBe(3);
  });

  it('takes back one hit per counter, never below zero, keeping the window', async () => {
    const rule = await expectReleases(limiter);
    // The window the first hit opened goes on.
    expect(await redis.pttl(`gatehouse:rl:${rule.name}:a`)).toBeGreaterThan(0);
  });

  it('takes a hit back only from the window that counted it, never from the next', async () => {
    const rule = uniqueRule(10, 150);
    const late = await limiter.consume(rule, 'k');
    await new Promise((resolve) => setTimeout(resolve, 250));
    const next = await limiter.consume(rule, 'k');
    expect(next.window).toBeGreaterThan(late.window);
    await limiter.releaseMany([{ rule, key: 'k', window: late.window }]);
    expect(await limiter.count(rule, 'k')).toBe(1);
    await limiter.releaseMany([{ rule, key: 'k', window: next.window }]);
    expect(await limiter.count(rule, 'k')).toBe(0);
  });

  it('counts 20 parallel hits exactly', async () => {
    const rule = uniqueRule(5, 60_000);
    const decisions = await Promise.all(Array.from({ length: 20 }, () => limiter.consume(rule, 'parallel')));
    expect(await limiter.count(rule, 'parallel')).toBe(20);
    expect(decisions.filter((d) => d.allowed)).toHaveLength(5);
    const ttl = await redis.pttl(`gatehouse:rl:${rule.name}:parallel`);
    expect(ttl).toBeGreaterThan(0);
  });
});

/** Releases take one hit back per counter, stop at zero and leave absent counters absent. */
async function expectReleases(limiter: RateLimiter): Promise<RateLimitRule> {
  const rule = uniqueRule(5, 60_000);
  const { window } = await limiter.consume(rule, 'a', 2);
  await limiter.releaseMany([
    { rule, key: 'a', window },
    { rule, key: 'never-counted', window },
  ]);
  expect(await limiter.count(rule, 'a')).toBe(1);
  expect(await limiter.count(rule, 'never-counted')).toBe(0);
  await limiter.releaseMany([{ rule, key: 'a', window }]);
  await limiter.releaseMany([{ rule, key: 'a', window }]);
  expect((await limiter.countMany([{ rule, key: 'a' }]))[0]!.count).toBe(0);
  // A hit counted after a release to zero is the first again.
  expect((await limiter.consume(rule, 'a')).count).toBe(1);
  expect((await limiter.consume(rule, 'never-counted')).count).toBe(1);
  return rule;
}
