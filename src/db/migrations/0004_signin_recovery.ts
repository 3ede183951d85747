import { epochMsType } from '../dialect.js';
import type { VersionedMigration } from './index.js';

/**
 * Sign-in and recovery: a per-account session epoch (bumping it ends every session, in the
 * same transaction as the change that demands it, whichever store holds the sessions) and
 * browser-bound password-reset tokens.
 */
export const signinRecovery: VersionedMigration = {
  name: '0004_signin_recovery',
  async up(db, engine) {
    const ms = epochMsType(engine);
    await db.schema
      .alterTable('sessions')
      .addColumn('epoch', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
    await db.schema
      .createTable('session_epochs')
      .addColumn('account_id', 'text', (c) => c.primaryKey().references('accounts.id').onDelete('cascade'))
      .addColumn('epoch', 'integer', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('password_reset_tokens')
      .addColumn('id_hash', 'text', (c) => c.primaryKey())
      .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
      .addColumn('binding_hash', 'text', (c) => c.notNull())
      .addColumn('created_at', ms, (c) => c.notNull())
      .addColumn('expires_at', ms, (c) => c.notNull())
      .addColumn('used_at', ms)
      .addColumn('revoked_at', ms)
      .addColumn('password_fingerprint', 'text', (c) => c.notNull())
      .addColumn('email_normalized', 'text', (c) => c.notNull())
      .addColumn('ip', 'text')
      .execute();
    await db.schema
      .createIndex('password_reset_tokens_account')
      .on('password_reset_tokens')
      .column('account_id')
      .execute();
  },
};
