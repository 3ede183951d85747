import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { BackgroundCheckpointer } from '../../src/db/background-checkpoint.js';
import { openDatabase } from '../../src/db/database.js';

const root = mkdtempSync(path.join(os.tmpdir(), 'gatehouse-checkpoint-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('SQLite checkpoints on a worker thread', () => {
  it('copies the log into the database file and keeps it short under a steady stream of writes, while commits never checkpoint', async () => {
    const dataDir = path.join(root, 'steady');
    const failures: unknown[] = [];
    const database = openDatabase({ dataDir, onCheckpointFailure: (error) => failures.push(error) });
    const file = path.join(dataDir, 'gatehouse.db');
    try {
      const { rows } = await sql<{ wal_autocheckpoint: number }>`pragma wal_autocheckpoint`.execute(
        database.db,
      );
      expect(rows[0]?.wal_autocheckpoint).toBe(0);
      await sql`create table filler (id integer primary key, text text not null)`.execute(database.db);
      // 12,000 commits of 1 KB: at least one 4 KiB page of log each, so 48 MB of log if nothing
      // started it again. Requests come and go as in a server: the event loop turns between them.
      const rowText = 'x'.repeat(1024);
      for (let i = 0; i < 12_000; i++) {
        await sql`insert into filler (text) values (${rowText})`.execute(database.db);
        if (i % 20 === 0) await new Promise((resolve) => setImmediate(resolve));
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(failures).toEqual([]);
      // The rows reached the database file, which only a checkpoint writes in WAL mode.
      expect(statSync(file).size).toBeGreaterThan(12_000 * 1024);
      // The log started again from its beginning: about 16 MiB at most, not 48 MB.
      expect(statSync(`${file}-wal`).size).toBeLessThan(30_000_000);
      const [count] = await database.db
        .selectFrom('filler' as never)
        .select(sql<number>`count(*)`.as('n'))
        .execute();
      expect(Number((count as { n: number }).n)).toBe(12_000);
    } finally {
      await database.close();
    }
    // 12,000 commits take about 4 s here, and 15 s with three hashes and two more copies running.
  }, 90_000);

  it('reports a worker that cannot work, once, stops asking it and still closes', async () => {
    const failures: unknown[] = [];
    let longLogs = 0;
    const checkpointer = new BackgroundCheckpointer(path.join(root, 'missing', 'gatehouse.db'), {
      onFailure: (error) => failures.push(error),
      onLongLog: () => longLogs++,
    });
    checkpointer.checkpointSoon();
    await expect.poll(() => failures.length, { timeout: 10_000 }).toBe(1);
    expect(String(failures[0])).toMatch(/unable to open database file|directory does not exist/i);
    checkpointer.checkpointSoon();
    for (let i = 0; i < 500; i++) checkpointer.statementRan();
    // By now the worker has ended: close() must not wait for an exit that already happened.
    await new Promise((resolve) => setTimeout(resolve, 300));
    await checkpointer.close();
    expect(failures).toHaveLength(1);
    expect(longLogs).toBe(0);
    expect(checkpointer.completed).toBe(0);
  });
});
