import type { Kysely } from 'kysely';
import type { Engine } from '../dialect.js';
import { foundation } from './0001_foundation.js';
import { accounts } from './0002_accounts.js';
import { sessions } from './0003_sessions.js';
import { registration } from './0004_registration.js';
import { signinRecovery } from './0004_signin_recovery.js';
import { courier } from './0005_courier.js';
import { auditAppendOnly } from './0006_audit_append_only.js';
import { shadowClaims } from './0007_shadow_claims.js';
import { supportRequests } from './0008_support_requests.js';
import { unfinishedSignUps } from './0009_unfinished_signups.js';
import { passwordResetRequests } from './0010_password_reset_requests.js';

export interface VersionedMigration {
  /** Sorted by name; never rename one that has shipped. */
  readonly name: string;
  up(db: Kysely<unknown>, engine: Engine): Promise<void>;
}

/** Every migration, in order. Add new files at the end. */
export const migrations: readonly VersionedMigration[] = [
  foundation,
  accounts,
  sessions,
  registration,
  signinRecovery,
  courier,
  auditAppendOnly,
  shadowClaims,
  supportRequests,
  unfinishedSignUps,
  passwordResetRequests,
];
