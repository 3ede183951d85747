import path from 'node:path';
import SQLite from 'better-sqlite3';
import { type Kysely, type Migration, type MigrationResultSet, Migrator, sql } from 'kysely';
import type { Database } from './database.js';
import { migrations } from './migrations/index.js';

export interface MigrationReport {
  readonly applied: string[];
}

/**
 * Applies pending migrations. Safe when two processes start at once: PostgreSQL serialises
 * them with Kysely's advisory lock; on SQLite an exclusive transaction on a lock file does.
 */
export async function migrateToLatest(database: Database, dataDir: string): Promise<MigrationReport> {
  const migrator = new Migrator({
    db: database.db as unknown as Kysely<unknown>,
    // Kysely looks for its bookkeeping tables in every schema unless told which one: another
    // schema's `kysely_migration` (another app, another test) would make it skip creating ours.
    ...(database.engine === 'postgres' ? { migrationTableSchema: await currentSchema(database) } : {}),
    provider: {
      getMigrations: async () =>
        Object.fromEntries(
          migrations.map((m): [string, Migration] => [m.name, { up: (db) => m.up(db, database.engine) }]),
        ),
    },
  });
  const run = () => migrator.migrateToLatest();
  const result = database.engine === 'sqlite' ? await withSqliteFileLock(dataDir, run) : await run();
  if (result.error) throw result.error;
  return {
    applied: (result.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName),
  };
}

async function currentSchema(database: Database): Promise<string> {
  const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(database.db);
  const schema = rows[0]?.schema;
  if (!schema) throw new Error('PostgreSQL has no current schema: check search_path');
  return schema;
}

async function withSqliteFileLock(
  dataDir: string,
  run: () => Promise<MigrationResultSet>,
): Promise<MigrationResultSet> {
  const lock = new SQLite(path.join(dataDir, 'migrate.lock'));
  lock.pragma('busy_timeout = 30000');
  lock.exec('BEGIN EXCLUSIVE');
  try {
    return await run();
  } finally {
    lock.exec('COMMIT');
    lock.close();
  }
}
