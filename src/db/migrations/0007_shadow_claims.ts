import type { VersionedMigration } from './index.js';

/**
 * A shadow account (a sign-up with an email that already had an account) remembers the
 * normalised email it claimed, so a login with that email and the sign-up's password lands on
 * its pending step exactly as a new account's would (src/flows/login/service.ts). Shadows made
 * before this migration keep no claim; they expire within a week (src/maintenance/prune.ts).
 */
export const shadowClaims: VersionedMigration = {
  name: '0007_shadow_claims',
  async up(db) {
    await db.schema.alterTable('accounts').addColumn('shadow_of', 'text').execute();
    await db.schema
      .createIndex('accounts_shadow_of')
      .on('accounts')
      .columns(['shadow_of', 'created_at'])
      .execute();
  },
};
