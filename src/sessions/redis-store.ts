import type { Redis } from 'ioredis';
import type { SessionStore, StoredSession } from './store.js';

/**
 * Sessions in Redis, shared by every instance: one JSON value per session whose TTL is the
 * sooner of its idle and absolute end, and a set of session hashes per account for listing.
 * `prefix` keeps deployments (and tests) apart.
 */
export function createRedisSessionStore(redis: Redis, prefix = 'gatehouse:'): SessionStore {
  const sessionKey = (idHash: string) => `${prefix}session:${idHash}`;
  const accountKey = (accountId: string) => `${prefix}account-sessions:${accountId}`;
  const ttlOf = (s: StoredSession, now: number) =>
    Math.max(1, Math.min(s.expiresAt - now, s.lastSeenAt + s.idleTimeoutMs - now));

  return {
    kind: 'redis',
    async insert(s) {
      const absoluteTtl = Math.max(1, s.expiresAt - s.createdAt);
      await redis
        .multi()
        .set(sessionKey(s.idHash), JSON.stringify(s), 'PX', ttlOf(s, s.createdAt))
        .sadd(accountKey(s.accountId), s.idHash)
        .pexpire(accountKey(s.accountId), absoluteTtl, 'GT')
        .pexpire(accountKey(s.accountId), absoluteTtl, 'NX')
        .exec();
    },
    async find(idHash) {
      const value = await redis.get(sessionKey(idHash));
      return value ? parse(value) : null;
    },
    async touch(idHash, lastSeenAt, session) {
      const updated: StoredSession = { ...session, lastSeenAt };
      // XX: a session revoked meanwhile is not brought back.
      await redis.set(sessionKey(idHash), JSON.stringify(updated), 'PX', ttlOf(updated, lastSeenAt), 'XX');
    },
    async revoke(idHash) {
      const value = await redis.get(sessionKey(idHash));
      const session = value ? parse(value) : null;
      const pipeline = redis.multi().del(sessionKey(idHash));
      if (session) pipeline.srem(accountKey(session.accountId), idHash);
      const replies = await pipeline.exec();
      // DEL's count: of two revocations at once, only one removed the key.
      return Number(replies?.[0]?.[1] ?? 0) === 1;
    },
    async revokeAll(accountId) {
      const members = await redis.smembers(accountKey(accountId));
      const pipeline = redis.multi();
      for (const idHash of members) pipeline.del(sessionKey(idHash));
      pipeline.del(accountKey(accountId));
      await pipeline.exec();
    },
    async listForAccount(accountId, now) {
      const members = await redis.smembers(accountKey(accountId));
      if (members.length === 0) return [];
      const values = await redis.mget(members.map(sessionKey));
      const stale = members.filter((_, i) => !values[i]);
      if (stale.length) await redis.srem(accountKey(accountId), ...stale);
      return values
        .flatMap((value) => (value ? [parse(value)] : []))
        .filter((s): s is StoredSession => s !== null && s.expiresAt > now)
        .sort((a, b) => b.createdAt - a.createdAt)
        .slice(0, 50);
    },
  };
}

function parse(value: string): StoredSession | null {
  try {
    const s = JSON.parse(value) as StoredSession;
    return typeof s.idHash === 'string' && typeof s.accountId === 'string' ? s : null;
  } catch {
    return null;
  }
}
