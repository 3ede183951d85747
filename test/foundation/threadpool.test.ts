import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { operatorEnv, run } from './cli-process.js';

interface BurstReport {
  readonly poolSize: number;
  readonly concurrentHashes: number;
  readonly results: boolean[];
}

async function burst(env: Record<string, string> = {}): Promise<BurstReport> {
  const result = await run(
    ['--import', 'tsx', 'test/foundation/fixtures/hash-burst.ts'],
    operatorEnv(env),
    60_000,
  );
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as BurstReport;
}

// How many hashes run at once is limitConcurrency's own test (test/unit/concurrency-limit.test.ts).
describe('password hashing and the thread pool', () => {
  it('hashes one per core and leaves two pool threads for file and crypto work', async () => {
    const report = await burst();
    expect(report.concurrentHashes).toBe(availableParallelism());
    expect(report.poolSize).toBe(availableParallelism() + 2);
    // A burst larger than the slots still answers every attempt, each correctly.
    expect(report.results).toEqual(report.results.map((_, i) => i % 2 === 1));
  });

  it("keeps an operator's own UV_THREADPOOL_SIZE", async () => {
    const report = await burst({ UV_THREADPOOL_SIZE: '9' });
    expect(report.poolSize).toBe(9);
  });
});
