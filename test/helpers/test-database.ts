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
  await migrateToLatest(database, dataDir);
  return {
    database,
    dataDir,
    url: testDatabaseUrl,
    schema,
    async dispose() {
      await database.close();
      if (schema) await withAdminClient((client) => client.query(`drop schema if exists ${schema} cascade`));
      rmSync(dataDir, { recursive: true, force: true });
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
