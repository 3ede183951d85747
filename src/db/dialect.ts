import type { CreateTableBuilder } from 'kysely';

/**
 * Every difference between SQLite and PostgreSQL lives here, so migrations and queries
 * stay one set for both engines.
 */
export type Engine = 'sqlite' | 'postgres';

/** An auto-incrementing integer primary key named `id`. */
export function addSerialId<T extends string>(table: CreateTableBuilder<T, never>, engine: Engine) {
  return engine === 'postgres'
    ? table.addColumn('id', 'bigserial', (c) => c.primaryKey())
    : table.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
}

/** Epoch milliseconds need 64 bits; SQLite's integer already is. */
export const epochMsType = (engine: Engine) => (engine === 'postgres' ? 'bigint' : 'integer');

/** Row-lock suffix for a "lease the next due rows" query: SQLite has one writer anyway. */
export function supportsSkipLocked(engine: Engine): boolean {
  return engine === 'postgres';
}

/** A unique constraint refused the write (PostgreSQL 23505, SQLite SQLITE_CONSTRAINT_UNIQUE). */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}
