import type { VersionedMigration } from './index.js';

/**
 * Pruning finds sign-ups that never finished by status and last change every ten minutes
 * (src/maintenance/prune.ts); without this index each run scans every account.
 */
export const unfinishedSignUps: VersionedMigration = {
  name: '0009_unfinished_signups',
  async up(db) {
    await db.schema
      .createIndex('accounts_status_updated')
      .on('accounts')
      .columns(['status', 'updated_at'])
      .execute();
  },
};
