import { describe, expect, it } from 'vitest';
import { limitConcurrency } from '../../src/crypto/concurrency-limit.js';

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('limitConcurrency', () => {
  it('runs at most `max` tasks at once, the rest in arrival order, and finishes them all', async () => {
    const limit = limitConcurrency(2);
    let running = 0;
    let peak = 0;
    const started: number[] = [];
    const results = await Promise.all(
      Array.from({ length: 7 }, (_, i) =>
        limit(async () => {
          started.push(i);
          running++;
          peak = Math.max(peak, running);
          await tick();
          running--;
          return i * 10;
        }),
      ),
    );
    expect(peak).toBe(2);
    expect(started).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(results).toEqual([0, 10, 20, 30, 40, 50, 60]);
  });

  it('passes a failure on and frees its slot', async () => {
    const limit = limitConcurrency(1);
    const failed = limit(async () => {
      await tick();
      throw new Error('refused');
    });
    const next = limit(async () => 'ran');
    await expect(failed).rejects.toThrow('refused');
    await expect(next).resolves.toBe('ran');
    await expect(limit(async () => 'again')).resolves.toBe('again');
  });

  it('refuses a limit that is not a positive integer', () => {
    expect(() => limitConcurrency(0)).toThrow(RangeError);
    expect(() => limitConcurrency(1.5)).toThrow(RangeError);
  });
});
