import { epochMsType } from '../dialect.js';
import type { VersionedMigration } from './index.js';

export const sessions: VersionedMigration = {
  name: '0003_sessions',
  async up(db, engine) {
    const ms = epochMsType(engine);
    await db.schema
      .createTable('sessions')
      .addColumn('id_hash', 'text', (c) => c.primaryKey())
      .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
      .addColumn('created_at', ms, (c) => c.notNull())
      .addColumn('last_seen_at', ms, (c) => c.notNull())
      .addColumn('expires_at', ms, (c) => c.notNull())
      .addColumn('idle_timeout_ms', ms, (c) => c.notNull())
      .addColumn('remember', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('ip', 'text')
      .addColumn('user_agent', 'text')
      .addColumn('revoked_at', ms)
      .execute();
    await db.schema.createIndex('sessions_account').on('sessions').column('account_id').execute();
  },
};
