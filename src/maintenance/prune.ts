import type { Expression, ExpressionBuilder, Kysely, SqlBool } from 'kysely';
import { recordAuditEvent } from '../audit/audit.js';
import { abandonedEmailPrefix, shadowEmailPrefix } from '../flows/context.js';
import type { DatabaseSchema } from '../db/schema.js';

const dayMs = 24 * 60 * 60_000;

/** A shadow account (a sign-up with an email that already had one) is kept this long for support. */
export const shadowAccountRetentionMs = 7 * dayMs;

/** A sign-up abandoned at the email step ("Sign up with another email") is kept as long. */
export const abandonedSignUpRetentionMs = 7 * dayMs;

/**
 * A sign-up whose phone or email was never verified is kept this long after the last thing its
 * customer did (a login, a code or link sent again, a verified phone, a changed number: any
 * event of theirs in the audit log) or the account last changed: a customer who comes back
 * within it goes on where they stopped; after it they sign up again.
 */
export const unfinishedSignUpRetentionMs = 30 * dayMs;

export interface PruneReport {
  readonly rateLimits: number;
  readonly captchaUses: number;
  readonly sessions: number;
  readonly shadowAccounts: number;
  readonly abandonedSignUps: number;
  readonly unfinishedSignUps: number;
}

/**
 * Deletes what can no longer matter: closed rate-limit windows, spent captcha challenges past
 * their expiry, sessions past their absolute end, and sign-ups that never became an account
 * past their retention: shadow accounts, abandoned and unfinished sign-ups. Their consents,
 * codes, tokens and sessions go with them; the audit log keeps its record of them and gets one
 * more line for each deleted sign-up.
 */
export async function pruneExpiredRows(
  db: Kysely<DatabaseSchema>,
  now: number,
  { batchSize = 500 }: { batchSize?: number } = {},
): Promise<PruneReport> {
  const rateLimits = await db.deleteFrom('rate_limits').where('reset_at', '<=', now).executeTakeFirst();
  const captchaUses = await db.deleteFrom('captcha_uses').where('expires_at', '<=', now).executeTakeFirst();
  const sessions = await db.deleteFrom('sessions').where('expires_at', '<=', now).executeTakeFirst();
  const signUps = await pruneSignUps(db, now, batchSize);
  return {
    rateLimits: Number(rateLimits.numDeletedRows),
    captchaUses: Number(captchaUses.numDeletedRows),
    sessions: Number(sessions.numDeletedRows),
    ...signUps,
  };
}

type SignUpCounts = Pick<PruneReport, 'shadowAccounts' | 'abandonedSignUps' | 'unfinishedSignUps'>;

async function pruneSignUps(
  db: Kysely<DatabaseSchema>,
  now: number,
  batchSize: number,
): Promise<SignUpCounts> {
  const total = { shadowAccounts: 0, abandonedSignUps: 0, unfinishedSignUps: 0 };
  // A batch a transaction: a backlog of thousands (the first run of a release) never holds the
  // writer, SQLite's only one, for long while logins wait.
  for (;;) {
    const { counts, full } = await db.transaction().execute((trx) => pruneSignUpBatch(trx, now, batchSize));
    total.shadowAccounts += counts.shadowAccounts;
    total.abandonedSignUps += counts.abandonedSignUps;
    total.unfinishedSignUps += counts.unfinishedSignUps;
    if (!full) return total;
  }
}

/**
 * Up to `batchSize` sign-ups of each kind. Each deletion returns what it deleted, so two
 * instances pruning at once record each sign-up once: the second finds nothing left.
 */
async function pruneSignUpBatch(
  trx: Kysely<DatabaseSchema>,
  now: number,
  batchSize: number,
): Promise<{ counts: SignUpCounts; full: boolean }> {
  const unfinishedCutoff = now - unfinishedSignUpRetentionMs;
  const shadows = await deleteAccounts(trx, batchSize, (eb) =>
    eb.and([
      eb('email_normalized', 'like', `${shadowEmailPrefix}%`),
      eb('created_at', '<=', now - shadowAccountRetentionMs),
    ]),
  );
  const abandoned = await deleteAccounts(trx, batchSize, (eb) =>
    eb.and([
      eb('status', '=', 'closed'),
      eb('email_normalized', 'like', `${abandonedEmailPrefix}%`),
      eb('updated_at', '<=', now - abandonedSignUpRetentionMs),
    ]),
  );
  const unfinished = await deleteAccounts(trx, batchSize, (eb) =>
    eb.and([
      eb('status', 'in', ['pending_phone', 'pending_email']),
      eb('updated_at', '<=', unfinishedCutoff),
      eb.not(
        eb.exists(
          eb
            .selectFrom('audit_log')
            .select('audit_log.id')
            .whereRef('audit_log.account_id', '=', 'accounts.id')
            // The customer's own doings only: a stranger's failed logins keep nothing alive.
            .where('audit_log.actor_type', '=', 'customer')
            .where('audit_log.at', '>', unfinishedCutoff),
        ),
      ),
    ]),
  );
  // Sign-ups made with a deleted one's email while it held it go too: without their owner a
  // login no longer finds them (src/flows/login/service.ts), and the email is free again.
  const ownerless = unfinished.length
    ? await trx
        .deleteFrom('accounts')
        .where(
          'shadow_of',
          'in',
          unfinished.map((account) => account.email_normalized),
        )
        .returning('id')
        .execute()
    : [];
  const deleted = [
    ...[...shadows, ...ownerless].map(({ id }) => ({ id, reason: 'shadow' })),
    ...abandoned.map(({ id }) => ({ id, reason: 'abandoned' })),
    ...unfinished.map(({ id }) => ({ id, reason: 'unfinished' })),
  ];
  // One line each: a statement is built once per number of rows (src/db/precompiled.ts).
  for (const { id, reason } of deleted)
    await recordAuditEvent(trx, {
      at: now,
      actorType: 'system',
      accountId: id,
      action: 'registration.pruned',
      outcome: 'success',
      details: { reason },
    });
  return {
    counts: {
      shadowAccounts: shadows.length + ownerless.length,
      abandonedSignUps: abandoned.length,
      unfinishedSignUps: unfinished.length,
    },
    full: [shadows, abandoned, unfinished].some((rows) => rows.length === batchSize),
  };
}

/** Deletes up to `batchSize` accounts that `which` picks; returns their ids and login keys. */
function deleteAccounts(
  trx: Kysely<DatabaseSchema>,
  batchSize: number,
  which: (eb: ExpressionBuilder<DatabaseSchema, 'accounts'>) => Expression<SqlBool>,
) {
  return trx
    .deleteFrom('accounts')
    .where('id', 'in', (eb) => eb.selectFrom('accounts').select('id').where(which).limit(batchSize))
    .returning(['id', 'email_normalized'])
    .execute();
}
