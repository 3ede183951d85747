import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { recordAuditEvent } from '../../src/audit/audit.js';
import { type Database, openDatabase } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { migrations } from '../../src/db/migrations/index.js';
import {
  createEmptySchema,
  createTestDatabase,
  databaseUrlForChild,
  testDatabaseUrl,
} from '../helpers/test-database.js';
import { operatorEnv, run, sourceCli, start } from './cli-process.js';

const root = mkdtempSync(path.join(os.tmpdir(), 'gatehouse-db-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const engine = testDatabaseUrl ? 'PostgreSQL' : 'SQLite';

/** An empty database of the engine under test that several handles and processes can open. */
interface Location {
  readonly dataDir: string;
  readonly schema: string | undefined;
  /** DATABASE_URL for a child process (unset: SQLite in dataDir). */
  readonly childUrl: string | undefined;
  open(): Database;
  drop(): Promise<void>;
}

async function freshLocation(): Promise<Location> {
  const dataDir = path.join(root, randomBytes(4).toString('hex'));
  const created = testDatabaseUrl ? await createEmptySchema() : undefined;
  const schema = created?.schema;
  return {
    dataDir,
    schema,
    childUrl: schema ? databaseUrlForChild({ url: testDatabaseUrl, schema }) : undefined,
    open: () => openDatabase({ url: testDatabaseUrl, dataDir, ...(schema ? { schema } : {}) }),
    drop: async () => {
      await created?.drop();
    },
  };
}

async function auditMarkers(database: Database): Promise<string[]> {
  const rows = await database.db.selectFrom('audit_log').select('details').orderBy('id').execute();
  return rows.map((row) => (JSON.parse(row.details ?? '{}') as { marker?: string }).marker ?? '');
}

describe(`database on ${engine}`, () => {
  it('migrates a fresh database while another schema already holds Gatehouse tables', async () => {
    // On PostgreSQL, Kysely would find another schema's kysely_migration and skip creating its own.
    const first = await createTestDatabase();
    const second = await createTestDatabase();
    try {
      for (const each of [first, second]) {
        const applied = await each.database.db
          .selectFrom('kysely_migration' as never)
          .select(sql<number>`count(*)`.as('n'))
          .executeTakeFirstOrThrow();
        expect(Number(applied.n)).toBe(migrations.length);
      }
    } finally {
      await first.dispose();
      await second.dispose();
    }
  });

  // Kysely's own introspector read every schema and failed when another one was being dropped
  // (PostgreSQL); on SQLite the same churn of other databases must not disturb a migration either.
  // Fifteen whole migrations against a server that other test files load too: 4–21 s on this
  // machine, and a CI run with more load went past the suite's 30 s default (the property does
  // not depend on time, so the budget is 120 s).
  it('migrates while other databases (PostgreSQL schemas) are created and dropped', {
    timeout: 120_000,
  }, async () => {
    let churning = true;
    const churn = (async () => {
      while (churning) await (await createTestDatabase()).dispose();
    })();
    try {
      for (let i = 0; i < 15; i++) {
        const location = await freshLocation();
        const database = location.open();
        try {
          expect((await migrateToLatest(database, location.dataDir)).applied).toHaveLength(migrations.length);
        } finally {
          await database.close();
          await location.drop();
        }
      }
    } finally {
      churning = false;
      await churn;
    }
  });

  it('keeps committed data across a restart', async () => {
    const location = await freshLocation();
    try {
      const before = location.open();
      await migrateToLatest(before, location.dataDir);
      await before.db.transaction().execute((tx) =>
        recordAuditEvent(tx, {
          at: Date.UTC(2026, 0, 1),
          actorType: 'system',
          action: 'test.restart',
          outcome: 'success',
          details: { marker: 'before-restart' },
        }),
      );
      await before.close();
      const after = location.open();
      const report = await migrateToLatest(after, location.dataDir);
      expect(report.applied).toEqual([]);
      expect(await auditMarkers(after)).toEqual(['before-restart']);
      await after.close();
    } finally {
      await location.drop();
    }
  });

  // A crash of the process loses nothing either way; only a power cut may forget a deferred flush.
  it.each([
    ['waits for the disk', ''],
    ['is flushed later', '1'],
  ])('keeps a row committed just before kill -9 (a commit that %s)', async (_, flushedLater) => {
    const location = await freshLocation();
    const marker = `killed-${randomBytes(4).toString('hex')}`;
    const child = start(
      ['--import', 'tsx', 'test/foundation/fixtures/commit-audit-row.ts'],
      operatorEnv({
        FIXTURE_DATA_DIR: location.dataDir,
        FIXTURE_DATABASE_URL: testDatabaseUrl ?? '',
        FIXTURE_SCHEMA: location.schema ?? '',
        FIXTURE_MARKER: marker,
        FIXTURE_FLUSHED_LATER: flushedLater,
      }),
    );
    try {
      await child.waitForOutput(new RegExp(`committed ${marker}`));
      child.child.kill('SIGKILL');
      await new Promise((resolve) => child.child.once('close', resolve));
      expect(child.child.signalCode).toBe('SIGKILL');
      const reopened = location.open();
      expect(await auditMarkers(reopened)).toEqual([marker]);
      await reopened.close();
    } finally {
      await child.stop(0);
      await location.drop();
    }
  });

  it('commits a transaction flushed later atomically, visibly at once, and only that one', async () => {
    const { database, dispose } = await createTestDatabase();
    const event = (marker: string) => ({
      at: Date.UTC(2026, 0, 1),
      actorType: 'system' as const,
      action: 'test.flushed_later',
      outcome: 'success' as const,
      details: { marker },
    });
    const durability = async (trx: Parameters<Parameters<Database['transactionFlushedLater']>[0]>[0]) => {
      const { rows } =
        database.engine === 'sqlite'
          ? await sql<{ value: number }>`select synchronous as value from pragma_synchronous`.execute(trx)
          : await sql<{ value: string }>`select current_setting('synchronous_commit') as value`.execute(trx);
      return rows[0]?.value;
    };
    try {
      // Inside: the commit does not wait for the disk (SQLite NORMAL = 1, PostgreSQL off).
      const inside = await database.transactionFlushedLater(async (trx) => {
        await recordAuditEvent(trx, event('one'));
        await recordAuditEvent(trx, event('two'));
        return durability(trx);
      });
      expect(inside).toBe(database.engine === 'sqlite' ? 1 : 'off');
      expect(await auditMarkers(database)).toEqual(['one', 'two']);

      // A failure rolls back the whole transaction.
      await expect(
        database.transactionFlushedLater(async (trx) => {
          await recordAuditEvent(trx, event('three'));
          throw new Error('refused');
        }),
      ).rejects.toThrow('refused');
      expect(await auditMarkers(database)).toEqual(['one', 'two']);

      // A transaction started meanwhile waits for the disk as before (SQLite FULL = 2, PostgreSQL on).
      // Wait until the held transaction is inside: a fixed pause was sometimes too short on a
      // loaded machine, and then nothing released it and closing the pool waited forever.
      let release!: () => void;
      let entered!: () => void;
      const heldInside = new Promise<void>((resolve) => {
        entered = resolve;
      });
      const held = database.transactionFlushedLater(async (trx) => {
        await recordAuditEvent(trx, event('held'));
        await new Promise<void>((resolve) => {
          release = resolve;
          entered();
        });
      });
      await heldInside;
      const meanwhile = database.db.transaction().execute(durability);
      await new Promise((resolve) => setTimeout(resolve, 20));
      release();
      await held;
      expect(await meanwhile).toBe(database.engine === 'sqlite' ? 2 : 'on');
      expect(await database.db.transaction().execute(durability)).toBe(
        database.engine === 'sqlite' ? 2 : 'on',
      );
    } finally {
      await dispose();
    }
  });

  it('applies migrations once when two `gatehouse migrate` start at the same moment', async () => {
    const location = await freshLocation();
    try {
      const env = operatorEnv({
        DATA_DIR: location.dataDir,
        ...(location.childUrl ? { DATABASE_URL: location.childUrl } : {}),
      });
      const results = await Promise.all([
        run([...sourceCli, 'migrate'], env),
        run([...sourceCli, 'migrate'], env),
      ]);
      for (const result of results) expect(result.code, result.stderr).toBe(0);
      // Between them the two processes applied every migration exactly once.
      const applied = results.flatMap((result) =>
        (/^Applied: (.*)$/m.exec(result.stdout)?.[1] ?? '').split(', ').filter(Boolean),
      );
      expect(applied.sort()).toEqual(migrations.map((m) => m.name).sort());
      expect(results.some((result) => result.stdout.includes('Database is up to date.'))).toBe(true);

      const database = location.open();
      const rows = await database.db
        .selectFrom('kysely_migration' as never)
        .select(sql<string>`name`.as('name'))
        .execute();
      expect(rows.map((row) => row.name).sort()).toEqual(migrations.map((m) => m.name).sort());
      await database.close();
    } finally {
      await location.drop();
    }
  });
});

describe('SQLite settings', () => {
  it('runs in WAL mode with durable commits, a busy timeout, foreign keys and no checkpoint inside a commit', async () => {
    const dataDir = path.join(root, 'pragmas');
    const database = openDatabase({ dataDir });
    try {
      const pragma = async (name: string) => {
        const { rows } = await sql.raw(`pragma ${name}`).execute(database.db);
        return Object.values(rows[0] as Record<string, unknown>)[0];
      };
      expect(await pragma('journal_mode')).toBe('wal');
      // 2 = FULL: the WAL is synced at every commit, so a commit survives a power cut too.
      expect(await pragma('synchronous')).toBe(2);
      expect(await pragma('busy_timeout')).toBe(5000);
      expect(await pragma('foreign_keys')).toBe(1);
      // Checkpoints run on a worker thread (background-checkpoint.test.ts), never in a commit.
      expect(await pragma('wal_autocheckpoint')).toBe(0);
    } finally {
      await database.close();
    }
  });

  // Another process on the same file (`gatehouse account lock`, a courier worker started on its
  // own) commits while a request's transaction has read and not yet written. A deferred
  // transaction then fails at its first write (SQLITE_BUSY_SNAPSHOT: its snapshot is stale) and
  // the customer gets a 500; an immediate one holds the write lock from its start, so the other
  // process waits its turn (busy_timeout) instead.
  it.each([
    ['a transaction', (database: Database) => database.db.transaction()],
    ['a transaction flushed later', (database: Database) => ({ execute: database.transactionFlushedLater })],
  ] as const)(
    '%s that reads, then writes, commits though another process writes meanwhile',
    async (_, begin) => {
      const dataDir = path.join(root, randomBytes(4).toString('hex'));
      const database = openDatabase({ dataDir });
      await migrateToLatest(database, dataDir);
      const otherProcess = new SQLite(path.join(dataDir, 'gatehouse.db'));
      // No waiting: the other writer is told at once that the file is busy (a real one waits).
      otherProcess.pragma('busy_timeout = 0');
      const otherWrite = () =>
        otherProcess
          .prepare(
            "insert into audit_log (at, actor_type, action, outcome, details) values (1, 'staff', 'cli', 'success', ?)",
          )
          .run(JSON.stringify({ marker: 'other process' }));
      try {
        const otherAttempt = await begin(database).execute(async (trx) => {
          await trx.selectFrom('audit_log').select('id').execute();
          const attempt = (() => {
            try {
              otherWrite();
              return 'written';
            } catch (error) {
              return (error as { code?: string }).code;
            }
          })();
          await recordAuditEvent(trx, {
            at: 2,
            actorType: 'anonymous',
            action: 'request',
            outcome: 'success',
            details: { marker: 'request' },
          });
          return attempt;
        });
        expect(otherAttempt).toBe('SQLITE_BUSY');
        otherWrite(); // its turn, once the request committed
        expect(await auditMarkers(database)).toEqual(['request', 'other process']);
      } finally {
        otherProcess.close();
        await database.close();
      }
    },
  );
});
