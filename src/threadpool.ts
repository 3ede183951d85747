import { availableParallelism } from 'node:os';

/**
 * Imported first by the CLI, before anything can use libuv's thread pool (which reads its size
 * once, on first use). Password hashes take one thread per core (src/crypto/passwords.ts); two
 * more stay free for file system, DNS and crypto work. An operator's own setting wins.
 */
export const threadPoolSize = Number(process.env.UV_THREADPOOL_SIZE) || availableParallelism() + 2;
process.env.UV_THREADPOOL_SIZE = String(threadPoolSize);
