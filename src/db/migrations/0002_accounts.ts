import { addSerialId, epochMsType } from '../dialect.js';
import type { VersionedMigration } from './index.js';

export const accounts: VersionedMigration = {
  name: '0002_accounts',
  async up(db, engine) {
    const ms = epochMsType(engine);
    await db.schema
      .createTable('accounts')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('first_name', 'text')
      .addColumn('last_name', 'text')
      .addColumn('company_name', 'text')
      .addColumn('company_id', 'text')
      .addColumn('vat_id', 'text')
      .addColumn('email', 'text', (c) => c.notNull())
      .addColumn('email_normalized', 'text', (c) => c.notNull().unique())
      .addColumn('phone', 'text', (c) => c.notNull())
      .addColumn('password_hash', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('locale', 'text', (c) => c.notNull())
      .addColumn('marketing_consent', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('phone_verified_at', ms)
      .addColumn('email_verified_at', ms)
      .addColumn('password_changed_at', ms, (c) => c.notNull())
      .addColumn('created_at', ms, (c) => c.notNull())
      .addColumn('updated_at', ms, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('accounts_phone').on('accounts').column('phone').execute();

    await addSerialId(db.schema.createTable('consents'), engine)
      .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
      .addColumn('document', 'text', (c) => c.notNull())
      .addColumn('version', 'text', (c) => c.notNull())
      .addColumn('accepted_at', ms, (c) => c.notNull())
      .addColumn('ip', 'text')
      .addColumn('user_agent', 'text')
      .execute();
    await db.schema.createIndex('consents_account').on('consents').column('account_id').execute();
  },
};
