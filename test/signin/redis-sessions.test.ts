import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SessionManager, sessionByReference, sessionReference } from '../../src/sessions/manager.js';
import { createRedisSessionStore } from '../../src/sessions/redis-store.js';
import { invalidateAllSessions } from '../../src/sessions/sessions.js';
import { createTestAccount } from '../helpers/accounts.js';
import { connectTestRedis, testRedisUrl } from '../helpers/redis.js';
import { buildTestApp, type TestApp } from '../helpers/test-app.js';

describe('sessions on Redis', () => {
  let redis: Redis;
  let t: TestApp;
  beforeAll(async () => {
    redis = await connectTestRedis();
    t = await buildTestApp({ env: { REDIS_URL: testRedisUrl } });
  });
  afterAll(async () => {
    await t?.close();
    redis?.disconnect();
  });

  it('keeps records under its prefix with a TTL, lists, revokes one and all', async () => {
    const prefix = `gatehouse-test:${randomBytes(6).toString('hex')}:`;
    const store = createRedisSessionStore(redis, prefix);
    const manager = new SessionManager(t.db, store, t.clock, t.config, 0);
    const account = await createTestAccount(t);
    const sessions = [];
    for (let i = 0; i < 3; i++) {
      const prepared = await manager.prepare({
        accountId: account.id,
        remember: i === 0,
        ip: '192.0.2.1',
        userAgent: 'ua',
      });
      await manager.persistAfterCommit(prepared);
      sessions.push(prepared);
    }
    const ttl = await redis.pttl(`${prefix}session:${sessions[1]!.record.idHash}`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(t.config.sessions.idleMs);
    expect((await manager.list(account.id)).length).toBe(3);
    expect((await manager.viewerFor(sessions[0]!.token))?.viewer.accountId).toBe(account.id);

    await manager.end(sessions[0]!.record.idHash);
    expect(await manager.viewerFor(sessions[0]!.token)).toBeNull();
    expect((await manager.list(account.id)).length).toBe(2);
    // The account page's reference finds a live session of this account only.
    const live = await manager.list(account.id);
    const second = sessionReference(sessions[1]!.record.idHash);
    expect(sessionByReference(live, second)?.idHash).toBe(sessions[1]!.record.idHash);
    expect(sessionByReference(live, sessionReference(sessions[0]!.record.idHash))).toBeUndefined();
    const stranger = await createTestAccount(t);
    expect(sessionByReference(await manager.list(stranger.id), second)).toBeUndefined();

    // Ending all: the epoch bump in the transaction is what counts, clean-up follows.
    await t.db.transaction().execute((trx) => manager.endAllInTransaction(trx, account.id));
    expect(await manager.viewerFor(sessions[1]!.token)).toBeNull();
    await manager.afterEndAll(account.id);
    expect(await redis.exists(`${prefix}session:${sessions[2]!.record.idHash}`)).toBe(0);
    expect(await redis.keys(`${prefix}*`)).toEqual([]);
  });

  it('serves the app: login, session check, logout and reset-style revocation through REDIS_URL', async () => {
    expect(t.app.sessions.store.kind).toBe('redis');
    const account = await createTestAccount(t);
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/session',
      headers: { 'x-forwarded-for': '192.0.2.9' },
      payload: { email: account.email, password: account.password },
    });
    expect(login.statusCode).toBe(200);
    const token = login.cookies.find((c) => c.name === 'gh_session')!.value;
    const check = () => t.app.inject({ url: '/api/session', headers: { cookie: `gh_session=${token}` } });
    expect((await check()).statusCode).toBe(200);
    expect(await t.app.sessions.viewerFor(token)).not.toBeNull();
    // Another instance bumps the epoch (a reset elsewhere): honoured once the cache lapses.
    await invalidateAllSessions(t.db, t.clock, account.id);
    t.app.sessions.cache.clear();
    expect((await check()).statusCode).toBe(401);
    expect(await t.app.sessions.viewerFor(token)).toBeNull();
  });
});
