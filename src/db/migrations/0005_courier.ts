import { sql } from 'kysely';
import type { VersionedMigration } from './index.js';

/**
 * Insertion order for messages, so "newest first" is exact when created_at ties (a burst
 * within one millisecond, a test's manual clock). SQLite's rowid already is that order;
 * PostgreSQL gets a serial column. Read it through `newestFirst` in src/courier/store.ts.
 */
export const courier: VersionedMigration = {
  name: '0005_courier',
  async up(db, engine) {
    if (engine === 'postgres') await sql`alter table messages add column seq bigserial`.execute(db);
  },
};
