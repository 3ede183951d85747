import { Redis } from 'ioredis';

/** The Redis server under test; CI and dev machines of this kind run one at this address. */
export const testRedisUrl = process.env.TEST_REDIS_URL || 'redis://127.0.0.1:6379';

/** Redis is part of the test environment: unreachable means failed, never skipped. */
export async function connectTestRedis(): Promise<Redis> {
  const redis = new Redis(testRedisUrl, { lazyConnect: true, maxRetriesPerRequest: 1, connectTimeout: 3000 });
  redis.on('error', () => {});
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    redis.disconnect();
    throw new Error(
      `The Redis-backed tests need a Redis server at TEST_REDIS_URL=${testRedisUrl} (default redis://127.0.0.1:6379), which cannot be reached: ${(error as Error).message}. Start redis-server or point TEST_REDIS_URL at one.`,
    );
  }
  return redis;
}
