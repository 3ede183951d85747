import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { type Database, openDatabase } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrate.js';

export interface TestDatabase {
  readonly database: Database;
  readonly dataDir: string;
  /** The URL and schema another process can use to reach the same database. */
  readonly url: string | undefined;
  readonly schema: string | undefined;
  dispose(): Promise<void>;
  /** Drops the schema and removes the files of a database the test has closed itself. */
  discard(): Promise<void>;
}

/** The PostgreSQL server under test, when TEST_DATABASE_URL is set; else SQLite. */
export const testDatabaseUrl = process.env.TEST_DATABASE_URL || undefined;

/**
 * A fresh, migrated database for one test: a new SQLite file in a temp dir, or a new schema
 * on the PostgreSQL server (dropped afterwards).
 */
export async function createTestDatabase(options: { poolSize?: number } = {}): Promise<TestDatabase> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'gatehouse-test-'));
  let schema: string | undefined;
  if (testDatabaseUrl) {
    schema = `t_${randomBytes(6).toString('hex')}`;
    await withAdminClient((client) => client.query(`create schema ${schema}`));
  }
  const database = openDatabase({
    url: testDatabaseUrl,
    dataDir,
    ...(schema ? { schema } : {}),
    ...(options.poolSize ? { poolSize: options.poolSize } : {}),
  });
  const discard = async () => {
    if (schema) await withAdminClient((client) => client.query(`drop schema if exists ${schema} cascade`));
    rmSync(dataDir, { recursive: true, force: true });
  };
  const dispose = async () => {
    await database.close();
    await discard();
  };
  try {
    await migrateToLatest(database, dataDir);
  } catch (error) {
    await dispose();
    throw error;
  }
  return { database, dataDir, url: testDatabaseUrl, schema, dispose, discard };
}

/**
 * A DATABASE_URL for a child process (the CLI, a fixture) that reaches this test's own schema:
 * libpq's `options` parameter sets its search_path.
 */
export function databaseUrlForChild(testDatabase: Pick<TestDatabase, 'url' | 'schema'>): string {
  if (!testDatabase.url) throw new Error('databaseUrlForChild needs a PostgreSQL test database');
  const url = new URL(testDatabase.url);
  if (testDatabase.schema) url.searchParams.set('options', `-c search_path=${testDatabase.schema}`);
  return url.href;
}

/** Creates an empty schema (no migrations) on the PostgreSQL server under test; returns a dropper. */
export async function createEmptySchema(): Promise<{ schema: string; drop(): Promise<void> }> {
  const schema = `t_${randomBytes(6).toString('hex')}`;
  await withAdminClient((client) => client.query(`create schema ${schema}`));
  return {
    schema,
    drop: async () => {
      await withAdminClient((client) => client.query(`drop schema if exists ${schema} cascade`));
    },
  };
}

async function withAdminClient<T>(run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: testDatabaseUrl, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(
      `TEST_DATABASE_URL is set (${testDatabaseUrl}) but the PostgreSQL server cannot be reached: ${(error as Error).message}`,
    );
  }
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}
