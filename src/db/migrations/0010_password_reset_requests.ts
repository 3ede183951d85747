import { addSerialId, epochMsType } from '../dialect.js';
import type { VersionedMigration } from './index.js';

/**
 * "Forgotten password" requests waiting to be turned into a link (src/flows/recovery/requests.ts):
 * the request itself only adds a row here, the same for a known and an unknown email, so its
 * answer takes the same time for both.
 */
export const passwordResetRequests: VersionedMigration = {
  name: '0010_password_reset_requests',
  async up(db, engine) {
    const ms = epochMsType(engine);
    // Processed in the order of a serial id, not of a clock: of two requests from one browser in
    // one millisecond (or on two instances whose clocks differ), the later one's link survives.
    await addSerialId(db.schema.createTable('password_reset_requests'), engine)
      .addColumn('email_normalized', 'text', (c) => c.notNull())
      .addColumn('binding_hash', 'text', (c) => c.notNull())
      .addColumn('locale', 'text', (c) => c.notNull())
      .addColumn('ip', 'text', (c) => c.notNull())
      .addColumn('user_agent', 'text')
      .addColumn('requested_at', ms, (c) => c.notNull())
      .execute();
  },
};
