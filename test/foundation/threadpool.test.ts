import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os, { availableParallelism } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { builtCli, freePort, operatorEnv, run, start, waitForHttp } from './cli-process.js';

interface BurstReport {
  readonly concurrentHashes: number;
  readonly results: boolean[];
}

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'gatehouse-threadpool-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

async function burst(): Promise<BurstReport> {
  const result = await run(
    ['--import', 'tsx', 'test/foundation/fixtures/hash-burst.ts'],
    operatorEnv({}),
    60_000,
  );
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as BurstReport;
}

/**
 * Threads of `gatehouse serve` once it answers, run on two cores (taskset), so the pool it picks
 * by itself (two cores plus three) differs from libuv's default of four.
 */
async function serverThreads(extra: Record<string, string>): Promise<number> {
  const port = await freePort();
  const server = start(
    ['-c', '0,1', process.execPath, ...builtCli, 'serve'],
    operatorEnv({ PORT: String(port), DATA_DIR: path.join(dataDir, 'db'), LOG_LEVEL: 'warn', ...extra }),
    '/usr/bin/taskset',
  );
  try {
    await waitForHttp(`http://127.0.0.1:${port}/readyz`, server);
    return readdirSync(`/proc/${server.child.pid}/task`).length;
  } finally {
    await server.stop();
  }
}

// How many hashes run at once is limitConcurrency's own test (test/unit/concurrency-limit.test.ts).
describe('password hashing and the thread pool', () => {
  it('hashes one per core plus one and answers a burst larger than that, each correctly', async () => {
    const report = await burst();
    expect(report.concurrentHashes).toBe(availableParallelism() + 1);
    expect(report.results).toEqual(report.results.map((_, i) => i % 2 === 1));
  });

  it("gives libuv's pool the cores plus three threads, and keeps an operator's own UV_THREADPOOL_SIZE", async () => {
    // Counted, not read back from the environment: libuv ignores the variable once the pool
    // exists, and loading an ES module already creates it.
    const onItsOwn = await serverThreads({});
    const libuvDefault = await serverThreads({ UV_THREADPOOL_SIZE: '4' });
    const fiveThreads = await serverThreads({ UV_THREADPOOL_SIZE: '5' });
    expect(onItsOwn).toBe(fiveThreads);
    expect(onItsOwn - libuvDefault).toBe(1);
  });
});
