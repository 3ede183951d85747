import type { Kysely } from 'kysely';
import { shadowEmailPrefix } from '../flows/context.js';
import type { DatabaseSchema } from '../db/schema.js';

/** A shadow account (a sign-up with an email that already had one) is kept this long for support. */
export const shadowAccountRetentionMs = 7 * 24 * 60 * 60_000;

export interface PruneReport {
  readonly rateLimits: number;
  readonly captchaUses: number;
  readonly sessions: number;
  readonly shadowAccounts: number;
}

/**
 * Deletes what can no longer matter: closed rate-limit windows, spent captcha challenges past
 * their expiry, sessions past their absolute end, and shadow accounts past their retention
 * (their codes, tokens and sessions go with them; the audit log keeps its record).
 */
export async function pruneExpiredRows(db: Kysely<DatabaseSchema>, now: number): Promise<PruneReport> {
  const rateLimits = await db.deleteFrom('rate_limits').where('reset_at', '<=', now).executeTakeFirst();
  const captchaUses = await db.deleteFrom('captcha_uses').where('expires_at', '<=', now).executeTakeFirst();
  const sessions = await db.deleteFrom('sessions').where('expires_at', '<=', now).executeTakeFirst();
  const shadowAccounts = await db
    .deleteFrom('accounts')
    .where('email_normalized', 'like', `${shadowEmailPrefix}%`)
    .where('created_at', '<=', now - shadowAccountRetentionMs)
    .executeTakeFirst();
  return {
    rateLimits: Number(rateLimits.numDeletedRows),
    captchaUses: Number(captchaUses.numDeletedRows),
    sessions: Number(sessions.numDeletedRows),
    shadowAccounts: Number(shadowAccounts.numDeletedRows),
  };
}
