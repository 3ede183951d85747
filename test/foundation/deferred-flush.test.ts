import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DeferredWalFlush } from '../../src/db/deferred-flush.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'gatehouse-flush-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('deferred WAL flush (SQLite commits that do not wait for the disk)', () => {
  it('flushes once, within the delay, for every commit made meanwhile', async () => {
    const flushed: string[] = [];
    const walPath = path.join(dir, 'a.db-wal');
    const flush = new DeferredWalFlush(walPath, 30, undefined, async (file) => {
      flushed.push(file);
    });
    for (let i = 0; i < 5; i++) flush.schedule();
    expect(flushed).toEqual([]);
    await sleep(80);
    expect(flushed).toEqual([walPath]);
    flush.schedule();
    await sleep(80);
    expect(flushed).toHaveLength(2);
  });

  it('runs a pending flush at once when asked (closing the database)', async () => {
    let flushes = 0;
    const flush = new DeferredWalFlush(path.join(dir, 'b.db-wal'), 60_000, undefined, async () => {
      flushes++;
    });
    await flush.flushNow();
    expect(flushes).toBe(0);
    flush.schedule();
    await flush.flushNow();
    expect(flushes).toBe(1);
  });

  it('syncs a real file, ignores a log a checkpoint removed and reports any other failure', async () => {
    const errors: unknown[] = [];
    const walPath = path.join(dir, 'c.db-wal');
    writeFileSync(walPath, 'frames');
    const real = new DeferredWalFlush(walPath, 1, (error) => errors.push(error));
    real.schedule();
    await real.flushNow();
    const missing = new DeferredWalFlush(path.join(dir, 'gone.db-wal'), 1, (error) => errors.push(error));
    missing.schedule();
    await missing.flushNow();
    expect(errors).toEqual([]);
    const broken = new DeferredWalFlush(path.join(walPath, 'not-a-dir'), 1, (error) => errors.push(error));
    broken.schedule();
    await broken.flushNow();
    expect(errors).toHaveLength(1);
    expect((errors[0] as NodeJS.ErrnoException).code).toBe('ENOTDIR');
  });
});
