import { mkdirSync } from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import {
  CompiledQuery,
  type DatabaseIntrospector,
  type DatabaseMetadata,
  type DatabaseMetadataOptions,
  Kysely,
  PostgresDialect,
  type SchemaMetadata,
  type DatabaseConnection,
  SqliteDialect,
  type SqliteDialectConfig,
  SqliteDriver,
  sql,
  type TableMetadata,
  type Transaction,
} from 'kysely';
import pg from 'pg';
import { BackgroundCheckpointer } from './background-checkpoint.js';
import { DeferredWalFlush } from './deferred-flush.js';
import type { Engine } from './dialect.js';
import type { DatabaseSchema } from './schema.js';

// int8 (bigint) holds epoch milliseconds, which fit a JS number exactly.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

export type Db = Kysely<DatabaseSchema>;

export interface Database {
  readonly db: Db;
  readonly engine: Engine;
  /**
   * A transaction whose commit does not wait for the disk: atomic and consistent like any other,
   * but a power cut (not a crash of the process) within a fraction of a second may forget it, and
   * it is forgotten whole. For records whose loss is harmless because they vanish together with
   * what depends on them (a login's session and its audit event, a new sign-up with its session)
   * or only give back an attempt (rate-limit counts); everything else waits. The full list is in
   * docs/architecture.md.
   */
  transactionFlushedLater<T>(work: (trx: Transaction<DatabaseSchema>) => Promise<T>): Promise<T>;
  /** Confirms the database answers (for /readyz). */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** `postgres://…`; unset: SQLite in `dataDir`. */
  readonly url?: string | undefined;
  readonly dataDir: string;
  /** PostgreSQL schema to use (tests give each test its own). */
  readonly schema?: string;
  /** SQLite file name inside dataDir. */
  readonly sqliteFile?: string;
  readonly poolSize?: number;
  /** Told when a deferred flush of SQLite's log fails (the disk refused a write). */
  readonly onFlushError?: (error: unknown) => void;
  /**
   * Told when a checkpoint of SQLite's log fails. When the worker doing them fails, the main
   * connection goes back to SQLite's own checkpoints; a failed catch-up of a long log is tried
   * again the next time the log is long.
   */
  readonly onCheckpointFailure?: (error: unknown) => void;
}

export function openDatabase(options: DatabaseOptions): Database {
  return options.url ? openPostgres(options.url, options) : openSqlite(options);
}

function openSqlite(options: DatabaseOptions): Database {
  mkdirSync(options.dataDir, { recursive: true });
  const file = path.join(options.dataDir, options.sqliteFile ?? 'gatehouse.db');
  const connection = new SQLite(file);
  connection.pragma('journal_mode = WAL');
  // FULL: a committed row survives a power cut as well as a kill -9, at an fsync a commit.
  connection.pragma('synchronous = FULL');
  connection.pragma('busy_timeout = 5000');
  connection.pragma('foreign_keys = ON');
  // Checkpoints run on a worker thread (src/db/background-checkpoint.ts); should it fail, this
  // connection goes back to SQLite's own, inside the commit that crosses 1,000 pages.
  connection.pragma('wal_autocheckpoint = 0');
  const checkpointer = new BackgroundCheckpointer(file, {
    onFailure: (error) => {
      if (connection.open) connection.pragma('wal_autocheckpoint = 1000');
      options.onCheckpointFailure?.(error);
    },
    // Queued like any statement, so it runs between transactions, never inside one.
    onLongLog: () => {
      sql`pragma wal_checkpoint(PASSIVE)`.execute(db).catch((error) => options.onCheckpointFailure?.(error));
    },
  });
  const db = new Kysely<DatabaseSchema>({
    dialect: new ImmediateTransactionsSqliteDialect({
      database: withStatementCache(connection, () => checkpointer.statementRan()),
    }),
  });
  const walFlush = new DeferredWalFlush(`${file}-wal`, 200, options.onFlushError);
  return {
    db,
    engine: 'sqlite',
    // One connection: while this callback holds it, no other commit can run under NORMAL.
    transactionFlushedLater: (work) =>
      db.connection().execute(async (single) => {
        await single.executeQuery(synchronousNormal);
        try {
          return await single.transaction().execute(work);
        } finally {
          await single.executeQuery(synchronousFull);
          walFlush.schedule();
        }
      }),
    ping: async () => {
      await sql`select 1`.execute(db);
    },
    close: async () => {
      await checkpointer.close();
      await walFlush.flushNow();
      await db.destroy();
    },
  };
}

// Compiled once: every login runs both (see src/db/precompiled.ts for why that matters).
const synchronousNormal = CompiledQuery.raw('pragma synchronous = normal');
const synchronousFull = CompiledQuery.raw('pragma synchronous = full');

/**
 * Every transaction starts as a writer (`begin immediate`). Kysely's `begin` is deferred: a
 * transaction that reads and then writes fails at its first write (SQLITE_BUSY_SNAPSHOT, which
 * no busy timeout waits out) when another process on the file (`gatehouse account …`, a courier
 * worker of its own) committed in between. Holding the write lock from the start, it waits for
 * such a process instead, and such a process waits for it. This process has one connection, so
 * its own transactions ran one at a time already.
 */
class ImmediateTransactionsSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig;

  constructor(config: SqliteDialectConfig) {
    super(config);
    this.#config = config;
  }

  override createDriver() {
    return new ImmediateTransactionsSqliteDriver(this.#config);
  }
}

class ImmediateTransactionsSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(beginImmediate);
  }
}

const beginImmediate = CompiledQuery.raw('begin immediate');

/**
 * Kysely prepares every query anew; on a hot path (a login runs about ten statements) that
 * costs more than running them. The same SQL text reuses its prepared statement. Kysely asks
 * for a statement each time it runs one, so `onStatement` counts them.
 */
function withStatementCache(connection: SQLite.Database, onStatement: () => void, capacity = 512) {
  const statements = new Map<string, SQLite.Statement>();
  return {
    close: () => connection.close(),
    prepare(text: string): SQLite.Statement {
      onStatement();
      let statement = statements.get(text);
      if (!statement) {
        statement = connection.prepare(text);
        if (statements.size >= capacity) statements.delete(statements.keys().next().value!);
        statements.set(text, statement);
      }
      return statement;
    },
  };
}

function openPostgres(url: string, options: DatabaseOptions): Database {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: 5000,
    ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
  });
  // An idle client losing its server must not crash the process; the pool replaces it.
  pool.on('error', () => {});
  const db = new Kysely<DatabaseSchema>({ dialect: new CurrentSchemaPostgresDialect({ pool }) });
  return {
    db,
    engine: 'postgres',
    // The server's WAL writer flushes it within three wal_writer_delay (600 ms by default).
    transactionFlushedLater: (work) =>
      db.transaction().execute(async (trx) => {
        await sql`set local synchronous_commit = off`.execute(trx);
        return work(trx);
      }),
    ping: async () => {
      await sql`select 1`.execute(db);
    },
    close: () => db.destroy(),
  };
}

/**
 * Kysely's PostgreSQL introspector (which its migrator uses) reads every schema of the
 * database and calls pg_get_serial_sequence() by name on each column, so it fails when another
 * schema is being dropped or altered at that moment (another app, another test). This one reads
 * only the connection's current schema, from the catalogs, with no lookups by name.
 */
class CurrentSchemaPostgresDialect extends PostgresDialect {
  override createIntrospector(db: Kysely<unknown>): DatabaseIntrospector {
    return new CurrentSchemaIntrospector(db);
  }
}

class CurrentSchemaIntrospector implements DatabaseIntrospector {
  constructor(private readonly db: Kysely<unknown>) {}

  async getSchemas(): Promise<SchemaMetadata[]> {
    const { rows } = await sql<{ name: string }>`select nspname as name from pg_catalog.pg_namespace`.execute(
      this.db,
    );
    return rows;
  }

  async getTables(
    options: DatabaseMetadataOptions = { withInternalKyselyTables: false },
  ): Promise<TableMetadata[]> {
    const { rows } = await sql<{
      schema: string;
      table: string;
      kind: string;
      column: string;
      type: string;
      not_null: boolean;
      has_default: boolean;
    }>`select ns.nspname as schema, c.relname as table, c.relkind as kind, a.attname as column,
        pg_catalog.format_type(a.atttypid, null) as type, a.attnotnull as not_null, a.atthasdef as has_default
      from pg_catalog.pg_class c
      join pg_catalog.pg_namespace ns on ns.oid = c.relnamespace
      join pg_catalog.pg_attribute a on a.attrelid = c.oid
      where ns.nspname = current_schema() and c.relkind in ('r', 'v', 'p')
        and a.attnum > 0 and not a.attisdropped
      order by c.relname, a.attnum`.execute(this.db);
    const tables = new Map<string, TableMetadata & { columns: TableMetadata['columns'][number][] }>();
    for (const row of rows) {
      if (!options.withInternalKyselyTables && row.table.startsWith('kysely_migration')) continue;
      let table = tables.get(row.table);
      if (!table) {
        table = { name: row.table, schema: row.schema, isView: row.kind === 'v', columns: [] };
        tables.set(row.table, table);
      }
      table.columns.push({
        name: row.column,
        dataType: row.type,
        isNullable: !row.not_null,
        hasDefaultValue: row.has_default,
        isAutoIncrementing: false,
      });
    }
    return [...tables.values()];
  }

  async getMetadata(options?: DatabaseMetadataOptions): Promise<DatabaseMetadata> {
    return { tables: await this.getTables(options) };
  }
}
