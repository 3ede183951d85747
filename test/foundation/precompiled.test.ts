import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { precompile, precompiledInsert, precompiledPerCount } from '../../src/db/precompiled.js';
import { createTestDatabase, type TestDatabase, testDatabaseUrl } from '../helpers/test-database.js';

describe(`queries built once (${testDatabaseUrl ? 'PostgreSQL' : 'SQLite'})`, () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => {
    await t.dispose();
  });

  const insertCounter = precompile(['key', 'count'], (db, p) =>
    db.insertInto('rate_limits').values({ key: p.key, count: p.count, reset_at: 1_000 }),
  );
  const countersAbove = precompile(['min', 'prefix'], (db, p) =>
    db
      .selectFrom('rate_limits')
      .select(['key', 'count', 'reset_at'])
      .where('count', '>=', p.min)
      .where('key', 'like', p.prefix)
      .orderBy('key')
      .limit(2),
  );

  it('runs with new values each time, keeping the values fixed in the query', async () => {
    const db = t.database.db;
    for (const [key, count] of [
      ['pre:a', 1],
      ['pre:b', 5],
      ['pre:c', 7],
      ['pre:d', 9],
    ] as const)
      await insertCounter.execute(db, { key, count });
    expect(await countersAbove.execute(db, { min: 5, prefix: 'pre:%' })).toEqual([
      { key: 'pre:b', count: 5, reset_at: 1_000 },
      { key: 'pre:c', count: 7, reset_at: 1_000 },
    ]);
    // The same query, other values: the limit of 2 stays, the threshold moves.
    expect((await countersAbove.execute(db, { min: 8, prefix: 'pre:%' })).map((r) => r.key)).toEqual([
      'pre:d',
    ]);
    // A value that looks like SQL is only ever a value.
    expect(await countersAbove.execute(db, { min: 0, prefix: "x' or '1'='1" })).toEqual([]);
  });

  it('runs inside a transaction and rolls back with it', async () => {
    const db = t.database.db;
    await expect(
      db.transaction().execute(async (trx) => {
        await insertCounter.execute(trx, { key: 'tx:a', count: 3 });
        expect(await countersAbove.execute(trx, { min: 0, prefix: 'tx:%' })).toHaveLength(1);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await countersAbove.execute(db, { min: 0, prefix: 'tx:%' })).toEqual([]);
  });

  it('refuses a placeholder the query does not use', async () => {
    const forgetful = precompile(['key', 'unused'], (db, p) =>
      db.selectFrom('rate_limits').select('key').where('key', '=', p.key),
    );
    await expect(forgetful.execute(t.database.db, { key: 'k', unused: 1 })).rejects.toThrow(
      /placeholder\(s\) unused not in the query/,
    );
  });

  it('builds one query per count for IN lists and reuses it', async () => {
    const db = t.database.db;
    for (const key of ['in:a', 'in:b', 'in:c']) await insertCounter.execute(db, { key, count: 1 });
    const keysIn = precompiledPerCount<{ key: string }>((count) => {
      const names = Array.from({ length: count }, (_, i) => `k${i}`);
      return precompile(names, (db, p) =>
        db
          .selectFrom('rate_limits')
          .select('key')
          .where(
            'key',
            'in',
            names.map((name) => p[name]!),
          )
          .orderBy('key'),
      );
    });
    expect(keysIn(2)).toBe(keysIn(2));
    expect(keysIn(2)).not.toBe(keysIn(3));
    expect(await keysIn(2).execute(db, { k0: 'in:c', k1: 'in:a' })).toEqual([
      { key: 'in:a' },
      { key: 'in:c' },
    ]);
    expect(await keysIn(3).execute(db, { k0: 'in:b', k1: 'in:x', k2: 'in:c' })).toEqual([
      { key: 'in:b' },
      { key: 'in:c' },
    ]);
  });

  it('inserts any number of rows with one statement built per number', async () => {
    const db = t.database.db;
    const insertCounters = precompiledInsert('rate_limits', ['key', 'count', 'reset_at']);
    await insertCounters.execute(db, []);
    await insertCounters.execute(db, [
      { key: 'rows:a', count: 1, reset_at: 10 },
      { key: 'rows:b', count: 2, reset_at: 20 },
    ]);
    await insertCounters.execute(db, [{ key: 'rows:c', count: 3, reset_at: 30 }]);
    expect(await countersAbove.execute(db, { min: 0, prefix: 'rows:%' })).toEqual([
      { key: 'rows:a', count: 1, reset_at: 10 },
      { key: 'rows:b', count: 2, reset_at: 20 },
    ]);
    expect(await countersAbove.execute(db, { min: 3, prefix: 'rows:%' })).toEqual([
      { key: 'rows:c', count: 3, reset_at: 30 },
    ]);
  });
});
