import { Redis } from 'ioredis';
import type { Clock } from './clock.js';
import type { Config } from './config/config.js';
import type { Database, Db } from './db/database.js';
import { createDatabaseRateLimiter, createRedisRateLimiter, type RateLimiter } from './rate-limit/limiter.js';

/** What every route and flow may use; built once per app. */
export interface AppServices {
  readonly config: Config;
  readonly database: Database;
  readonly db: Db;
  readonly clock: Clock;
  readonly rateLimiter: RateLimiter;
  /** Shared state for many instances, when REDIS_URL is set. */
  readonly redis: Redis | null;
  /** Wakes the in-process courier worker after a flow queued a message. */
  readonly courierNotify: () => void;
  /** Subscribes the courier worker to courierNotify(); returns the unsubscribe. */
  readonly onCourierNotify: (listener: () => void) => () => void;
}

/**
 * The rate limiter whose counts commit with `db` (a transaction): the database's on it, or
 * Redis's when REDIS_URL is set (Redis counts at once; it has no part in the transaction).
 */
export function rateLimiterIn(services: AppServices, db: Db): RateLimiter {
  return services.redis ? services.rateLimiter : createDatabaseRateLimiter(db, services.clock);
}

export interface ServiceOptions {
  readonly config: Config;
  readonly database: Database;
  readonly clock: Clock;
}

export function createServices(options: ServiceOptions): AppServices {
  const redis = options.config.redisUrl
    ? new Redis(options.config.redisUrl, {
        lazyConnect: false,
        maxRetriesPerRequest: 2,
        enableOfflineQueue: true,
      })
    : null;
  redis?.on('error', () => {});
  const listeners = new Set<() => void>();
  const services: AppServices = {
    config: options.config,
    database: options.database,
    db: options.database.db,
    clock: options.clock,
    rateLimiter: redis
      ? createRedisRateLimiter(redis)
      : createDatabaseRateLimiter(options.database.db, options.clock),
    redis,
    courierNotify: () => {
      for (const listener of listeners) listener();
    },
    onCourierNotify: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return services;
}
