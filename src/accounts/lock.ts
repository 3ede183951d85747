import { recordAuditEvent } from '../audit/audit.js';
import type { Clock } from '../clock.js';
import type { Db } from '../db/database.js';
import { dropQueuedResetRequests, supersedeTokens } from '../flows/recovery/service.js';
import { invalidateAllSessions } from '../sessions/sessions.js';
import { normalizeEmail } from './email.js';
import { holdAccountRow } from './row-lock.js';
import type { AccountStatus } from './schema.js';

export type LockOutcome =
  | { readonly kind: 'done'; readonly accountId: string; readonly status: AccountStatus }
  | { readonly kind: 'unchanged'; readonly status: AccountStatus }
  | { readonly kind: 'not_found' };

/** Who asked, for the audit log: the operator's name on the machine that ran the command. */
export interface LockRequest {
  readonly email: string;
  readonly operator: string;
  readonly reason?: string;
}

/**
 * Locks an account: it can neither log in nor recover its password, and every session it has
 * and every unused reset link end in the same transaction (the session epoch, which both session
 * stores check). Unlocking later brings neither back.
 */
export async function lockAccount(db: Db, clock: Clock, request: LockRequest): Promise<LockOutcome> {
  return db.transaction().execute(async (trx) => {
    const emailNormalized = normalizeEmail(request.email);
    const account = await holdAccountRow(trx, { emailNormalized });
    if (!account) return { kind: 'not_found' };
    if (account.status === 'locked' || account.status === 'closed') {
      return { kind: 'unchanged', status: account.status };
    }
    const now = clock.now();
    await trx
      .updateTable('accounts')
      .set({ status: 'locked', updated_at: now })
      .where('id', '=', account.id)
      .execute();
    await invalidateAllSessions(trx, clock, account.id);
    // A reset link asked for before the lock must not work after an unlock either, nor one
    // still queued (src/flows/recovery/requests.ts).
    await supersedeTokens(trx, account.id, now);
    await dropQueuedResetRequests(trx, emailNormalized);
    await recordOperatorEvent(trx, now, account.id, 'account.locked', request, account.status);
    return { kind: 'done', accountId: account.id, status: 'locked' };
  });
}

/** Unlocks an account into the step its verifications reached (active once both are done). */
export async function unlockAccount(db: Db, clock: Clock, request: LockRequest): Promise<LockOutcome> {
  return db.transaction().execute(async (trx) => {
    const account = await holdAccountRow(trx, { emailNormalized: normalizeEmail(request.email) });
    if (!account) return { kind: 'not_found' };
    if (account.status !== 'locked') return { kind: 'unchanged', status: account.status };
    const status: AccountStatus =
      account.phone_verified_at === null
        ? 'pending_phone'
        : account.email_verified_at === null
          ? 'pending_email'
          : 'active';
    const now = clock.now();
    await trx.updateTable('accounts').set({ status, updated_at: now }).where('id', '=', account.id).execute();
    await recordOperatorEvent(trx, now, account.id, 'account.unlocked', request, status);
    return { kind: 'done', accountId: account.id, status };
  });
}

async function recordOperatorEvent(
  db: Db,
  at: number,
  accountId: string,
  action: 'account.locked' | 'account.unlocked',
  request: LockRequest,
  status: AccountStatus,
): Promise<void> {
  await recordAuditEvent(db, {
    at,
    actorType: 'staff',
    accountId,
    action,
    outcome: 'success',
    ip: null,
    userAgent: null,
    details: {
      operator: request.operator,
      via: 'cli',
      status,
      ...(request.reason ? { reason: request.reason } : {}),
    },
  });
}
