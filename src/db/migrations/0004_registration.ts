import { epochMsType } from '../dialect.js';
import type { VersionedMigration } from './index.js';

/** Sign-up: used captcha challenges, SMS codes, email activation tokens. */
export const registration: VersionedMigration = {
  name: '0004_registration',
  async up(db, engine) {
    const ms = epochMsType(engine);
    await db.schema
      .createTable('captcha_uses')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('expires_at', ms, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('captcha_uses_expires').on('captcha_uses').column('expires_at').execute();

    await db.schema
      .createTable('phone_verifications')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
      .addColumn('phone', 'text', (c) => c.notNull())
      .addColumn('code_hmac', 'text', (c) => c.notNull())
      .addColumn('created_at', ms, (c) => c.notNull())
      .addColumn('expires_at', ms, (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('consumed_at', ms)
      .addColumn('revoked_at', ms)
      .execute();
    await db.schema
      .createIndex('phone_verifications_account')
      .on('phone_verifications')
      .columns(['account_id', 'created_at'])
      .execute();

    await db.schema
      .createTable('email_activations')
      .addColumn('token_hash', 'text', (c) => c.primaryKey())
      .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
      .addColumn('email', 'text', (c) => c.notNull())
      .addColumn('created_at', ms, (c) => c.notNull())
      .addColumn('expires_at', ms, (c) => c.notNull())
      .addColumn('used_at', ms)
      .addColumn('revoked_at', ms)
      .execute();
    await db.schema
      .createIndex('email_activations_account')
      .on('email_activations')
      .columns(['account_id', 'created_at'])
      .execute();
  },
};
