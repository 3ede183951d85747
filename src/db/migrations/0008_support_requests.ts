import { epochMsType } from '../dialect.js';
import type { VersionedMigration } from './index.js';

/**
 * The support queue's first table: requests from the public contact form (src/support), with
 * the time each is due (one working day), read oldest-due first by status.
 */
export const supportRequests: VersionedMigration = {
  name: '0008_support_requests',
  async up(db, engine) {
    const ms = epochMsType(engine);
    await db.schema
      .createTable('support_requests')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('topic', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('contact', 'text', (c) => c.notNull())
      .addColumn('services', 'text', (c) => c.notNull())
      .addColumn('sms_phone', 'text')
      .addColumn('sms_times', 'text')
      .addColumn('message', 'text', (c) => c.notNull())
      .addColumn('locale', 'text', (c) => c.notNull())
      .addColumn('ip', 'text')
      .addColumn('user_agent', 'text')
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('created_at', ms, (c) => c.notNull())
      .addColumn('due_at', ms, (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('support_requests_queue')
      .on('support_requests')
      .columns(['status', 'due_at'])
      .execute();
  },
};
