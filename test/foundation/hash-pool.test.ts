import { availableParallelism } from 'node:os';
import { verify } from '@node-rs/argon2';
import { describe, expect, it } from 'vitest';
import { HashPool } from '../../src/crypto/hash-pool.js';
import { argon2idOptions as options } from '../../src/crypto/passwords.js';
import { operatorEnv, run } from './cli-process.js';

interface BurstReport {
  readonly before: number;
  readonly after: number;
  readonly size: number;
  readonly results: boolean[];
}

describe('the password hashing threads', () => {
  it('answers a burst three times their number, each correctly, on one thread per core, and lets the process end', async () => {
    const result = await run(
      ['--import', 'tsx', 'test/foundation/fixtures/hash-burst.ts'],
      operatorEnv({}),
      60_000,
    );
    // Ending by itself (code 0, within the timeout) shows that idle threads hold nothing open.
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as BurstReport;
    expect(report.size).toBe(availableParallelism());
    expect(report.results).toEqual(report.results.map((_, i) => i % 2 === 1));
    // However large the burst, only that many threads hash (each holding 19 MiB while it does).
    expect(report.after - report.before).toBe(report.size);
  });

  it("writes hashes the library's own verify accepts, and refuses a hash it cannot read as the library does", async () => {
    const pool = new HashPool(1);
    const hash = await pool.hash('a long secret phrase', options);
    expect(await verify(hash, 'a long secret phrase')).toBe(true);
    expect(await pool.verify(hash, 'a long secret phrase', options)).toBe(true);
    expect(await pool.verify(hash, 'another phrase', options)).toBe(false);
    await expect(pool.verify('$argon2id$not-a-hash', 'a long secret phrase', options)).rejects.toThrow();
    // The thread lives on after a refused job.
    expect(await pool.verify(hash, 'a long secret phrase', options)).toBe(true);
    expect(pool.threads).toBe(1);
  });

  it('fails the jobs of a thread that dies instead of leaving them waiting, and starts another for the next', async () => {
    // A thread that cannot load the library dies at once, like one that runs out of memory.
    const pool = new HashPool(1, '/nonexistent/argon2.js');
    const jobs = [pool.hash('first', options), pool.hash('second', options)];
    for (const job of jobs) await expect(job).rejects.toThrow(/hashing thread/);
    expect(pool.threads).toBe(0);
    await expect(pool.hash('third', options)).rejects.toThrow(/hashing thread/);
  });
});
