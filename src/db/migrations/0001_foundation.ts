import { addSerialId, epochMsType } from '../dialect.js';
import type { VersionedMigration } from './index.js';

export const foundation: VersionedMigration = {
  name: '0001_foundation',
  async up(db, engine) {
    const ms = epochMsType(engine);
    await addSerialId(db.schema.createTable('audit_log'), engine)
      .addColumn('at', ms, (c) => c.notNull())
      .addColumn('actor_type', 'text', (c) => c.notNull())
      .addColumn('actor_id', 'text')
      .addColumn('account_id', 'text')
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('outcome', 'text', (c) => c.notNull())
      .addColumn('ip', 'text')
      .addColumn('user_agent', 'text')
      .addColumn('details', 'text')
      .execute();
    await db.schema.createIndex('audit_log_account').on('audit_log').columns(['account_id', 'at']).execute();

    await db.schema
      .createTable('rate_limits')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('count', 'integer', (c) => c.notNull())
      .addColumn('reset_at', ms, (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('messages')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('channel', 'text', (c) => c.notNull())
      .addColumn('recipient', 'text', (c) => c.notNull())
      .addColumn('template', 'text', (c) => c.notNull())
      .addColumn('locale', 'text', (c) => c.notNull())
      .addColumn('content', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('next_attempt_at', ms, (c) => c.notNull())
      .addColumn('lease_until', ms)
      .addColumn('leased_by', 'text')
      .addColumn('expires_at', ms)
      .addColumn('last_error', 'text')
      .addColumn('provider_message_id', 'text')
      .addColumn('account_id', 'text')
      .addColumn('created_at', ms, (c) => c.notNull())
      .addColumn('sent_at', ms)
      .addColumn('delivered_at', ms)
      .execute();
    await db.schema
      .createIndex('messages_due')
      .on('messages')
      .columns(['status', 'next_attempt_at'])
      .execute();
    await db.schema.createIndex('messages_created').on('messages').columns(['created_at']).execute();
    await db.schema
      .createIndex('messages_provider_id')
      .on('messages')
      .column('provider_message_id')
      .execute();
    await db.schema
      .createIndex('messages_recipient')
      .on('messages')
      .columns(['recipient', 'created_at'])
      .execute();

    await addSerialId(db.schema.createTable('message_attempts'), engine)
      .addColumn('message_id', 'text', (c) => c.notNull().references('messages.id').onDelete('cascade'))
      .addColumn('at', ms, (c) => c.notNull())
      .addColumn('worker', 'text', (c) => c.notNull())
      .addColumn('outcome', 'text', (c) => c.notNull())
      .addColumn('detail', 'text')
      .execute();
    await db.schema
      .createIndex('message_attempts_message')
      .on('message_attempts')
      .column('message_id')
      .execute();
  },
};
