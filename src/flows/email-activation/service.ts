import type { Kysely } from 'kysely';
import { holdAccountRow } from '../../accounts/row-lock.js';
import { recordAuditEvent } from '../../audit/audit.js';
import { enqueueEmail } from '../../courier/outbox.js';
import { generateToken, hashToken } from '../../crypto/tokens.js';
import type { DatabaseSchema } from '../../db/schema.js';
import type { AppServices } from '../../services.js';
import type { Locale } from '../../web/i18n/locales.js';
import { isLocale } from '../../web/i18n/locales.js';
import type { SessionManager } from '../../sessions/manager.js';
import type { RequestContext } from '../context.js';
import { abandonedEmailPrefix, isShadowAccount } from '../context.js';
import { FlowError, resendCooldownError } from '../flow-error.js';
import { waitRefusal } from '../wait-time.js';
import { renderActivationEmail } from './emails.js';
import { activationLifetimeMs, activationResendCooldownMs, limits } from './limits.js';

type Db = Kysely<DatabaseSchema>;

/** The link in the email: only ever built from PUBLIC_URL, never from a request header. */
export function activationLink(services: AppServices, token: string): string {
  return new URL(`/activate/${token}`, services.config.publicUrl).href;
}

/** Revokes older links, stores a new token's hash and queues the email, in `trx`. */
export async function issueActivation(
  trx: Db,
  services: AppServices,
  input: {
    readonly accountId: string;
    readonly email: string;
    readonly locale: Locale;
    readonly now: number;
  },
): Promise<void> {
  const { accountId, email, locale, now } = input;
  await revokeUnusedActivations(trx, accountId, now);
  const token = generateToken();
  await trx
    .insertInto('email_activations')
    .values({
      token_hash: hashToken(token),
      account_id: accountId,
      email,
      created_at: now,
      expires_at: now + activationLifetimeMs,
      used_at: null,
      revoked_at: null,
    })
    .execute();
  await enqueueEmail(trx, {
    to: email,
    template: 'registration.activation',
    locale,
    accountId,
    now,
    expiresAt: now + activationLifetimeMs,
    content: renderActivationEmail(locale, activationLink(services, token)),
  });
}

export interface EmailStepState {
  readonly email: string;
  readonly resendAvailableInMs: number;
}

export async function readEmailStep(services: AppServices, accountId: string): Promise<EmailStepState> {
  const account = await services.db
    .selectFrom('accounts')
    .select(['email', 'phone_verified_at', 'updated_at'])
    .where('id', '=', accountId)
    .executeTakeFirstOrThrow();
  const latest = await services.db
    .selectFrom('email_activations')
    .select(['created_at'])
    .where('account_id', '=', accountId)
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  // A shadow account has no tokens: its phone verification time stands in, so it looks the same.
  const lastSent = latest?.created_at ?? account.phone_verified_at ?? 0;
  return {
    email: account.email,
    resendAvailableInMs: Math.max(0, lastSent + activationResendCooldownMs - services.clock.now()),
  };
}

const resendCooldown = (waitMs: number) => resendCooldownError('emailActivation.error.cooldown', waitMs);

/** Send the email again (after a cooldown, capped a day). A shadow account gets the same answer, no email. */
export async function resendActivation(
  services: AppServices,
  accountId: string,
  ctx: RequestContext,
): Promise<void> {
  const { db, clock } = services;
  const account = await db
    .selectFrom('accounts')
    .select(['id', 'status', 'email', 'email_normalized', 'locale'])
    .where('id', '=', accountId)
    .executeTakeFirst();
  if (account?.status !== 'pending_email') throw new FlowError('WRONG_STEP', 409, 'flow.wrongStep');
  const state = await readEmailStep(services, accountId);
  if (state.resendAvailableInMs > 0) throw resendCooldown(state.resendAvailableInMs);
  const gate = await services.rateLimiter.consume(limits.resendGate, accountId);
  if (!gate.allowed) throw resendCooldown(gate.retryAfterMs);
  const cap = await services.rateLimiter.consume(limits.emailsPerAccount, accountId);
  if (!cap.allowed) {
    throw waitRefusal('EMAIL_LIMIT_REACHED', 'emailActivation.error.limit', cap.retryAfterMs, ctx.locale);
  }
  const now = clock.now();
  await db.transaction().execute(async (trx) => {
    if (isShadowAccount(account)) {
      await trx.updateTable('accounts').set({ phone_verified_at: now }).where('id', '=', accountId).execute();
    } else {
      await issueActivation(trx, services, { accountId, email: account.email, locale: ctx.locale, now });
    }
    await recordAuditEvent(trx, {
      at: now,
      actorType: 'customer',
      actorId: accountId,
      accountId,
      action: 'email.activation_sent',
      outcome: 'success',
      ip: ctx.ip,
      userAgent: ctx.userAgent,
      details: { reason: 'resend' },
    });
  });
  services.courierNotify();
}

/** Every link of the account not used yet stops working (a newer one, or none, takes over). */
async function revokeUnusedActivations(trx: Db, accountId: string, now: number): Promise<void> {
  await trx
    .updateTable('email_activations')
    .set({ revoked_at: now })
    .where('account_id', '=', accountId)
    .where('used_at', 'is', null)
    .where('revoked_at', 'is', null)
    .execute();
}

/**
 * "Sign up with another email" at the email step. The sign-up is closed and gives up its email:
 * its links stop working, every session of it ends, and whoever holds the mistyped mailbox can
 * neither activate it nor take it over by a password reset (no account has that email any
 * more), and can sign up with it as a new customer. Only a sign-up still at this step goes.
 */
export async function abandonSignUp(
  services: AppServices,
  sessions: SessionManager,
  accountId: string,
  ctx: RequestContext,
): Promise<void> {
  const now = services.clock.now();
  await services.db.transaction().execute(async (trx) => {
    const closed = await trx
      .updateTable('accounts')
      .set({ status: 'closed', email_normalized: `${abandonedEmailPrefix}${accountId}`, updated_at: now })
      .where('id', '=', accountId)
      .where('status', '=', 'pending_email')
      .executeTakeFirst();
    if (closed.numUpdatedRows === 0n) throw new FlowError('WRONG_STEP', 409, 'flow.wrongStep');
    await revokeUnusedActivations(trx, accountId, now);
    await sessions.endAllInTransaction(trx, accountId);
    await recordAuditEvent(trx, {
      at: now,
      actorType: 'customer',
      actorId: accountId,
      accountId,
      action: 'registration.abandoned',
      outcome: 'success',
      ip: ctx.ip,
      userAgent: ctx.userAgent,
    });
  });
  await sessions.afterEndAll(accountId);
}

/** `locale`: the account's language, which its pages speak to a browser that chose none. */
export type TokenState =
  | { readonly kind: 'valid'; readonly accountId: string; readonly email: string; readonly locale: string }
  | { readonly kind: 'expired'; readonly accountId: string; readonly email: string; readonly locale: string }
  | { readonly kind: 'used'; readonly locale: string }
  /** Its sign-up was closed ("Sign up with another email"): nothing to activate or resend. */
  | { readonly kind: 'cancelled'; readonly locale: string }
  | { readonly kind: 'invalid' };

const tokenShape = /^[A-Za-z0-9_-]{43}$/;

/** What a link's token is, without changing anything (a GET by a mail scanner does no harm). */
export async function inspectActivationToken(services: AppServices, token: string): Promise<TokenState> {
  if (!tokenShape.test(token)) return { kind: 'invalid' };
  const row = await services.db
    .selectFrom('email_activations')
    .innerJoin('accounts', 'accounts.id', 'email_activations.account_id')
    .select([
      'email_activations.account_id',
      'email_activations.expires_at',
      'email_activations.used_at',
      'email_activations.revoked_at',
      'accounts.email',
      'accounts.status',
      'accounts.locale',
    ])
    .where('email_activations.token_hash', '=', hashToken(token))
    .executeTakeFirst();
  if (!row) return { kind: 'invalid' };
  const { locale } = row;
  if (row.used_at !== null || row.status === 'active') return { kind: 'used', locale };
  if (row.status === 'closed') return { kind: 'cancelled', locale };
  if (row.revoked_at !== null || row.expires_at <= services.clock.now() || row.status !== 'pending_email') {
    return { kind: 'expired', accountId: row.account_id, email: row.email, locale };
  }
  return { kind: 'valid', accountId: row.account_id, email: row.email, locale };
}

/** The one click: consumes the token (once, even when two requests race) and activates the account. */
export async function activateAccount(
  services: AppServices,
  token: string,
  ctx: RequestContext,
): Promise<string> {
  if (!tokenShape.test(token)) throw new FlowError('TOKEN_INVALID', 400, 'emailActivation.error.invalid');
  const now = services.clock.now();
  const tokenHash = hashToken(token);
  const result = await services.db.transaction().execute(async (trx) => {
    // The account's row first, as "Sign up with another email" takes it before the links: one
    // order everywhere, so the two at once never deadlock on PostgreSQL.
    const held = await holdAccountRow(trx, { activationTokenHash: tokenHash });
    if (!held) return null;
    const used = await trx
      .updateTable('email_activations')
      .set({ used_at: now })
      .where('token_hash', '=', tokenHash)
      .where('used_at', 'is', null)
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', now)
      .returning(['account_id', 'email'])
      .executeTakeFirst();
    if (!used) return null;
    const activated = await trx
      .updateTable('accounts')
      .set({ status: 'active', email_verified_at: now, updated_at: now })
      .where('id', '=', used.account_id)
      .where('status', '=', 'pending_email')
      .returning(['id'])
      .executeTakeFirst();
    if (!activated) return null;
    await recordAuditEvent(trx, {
      at: now,
      actorType: 'customer',
      actorId: used.account_id,
      accountId: used.account_id,
      action: 'account.activated',
      outcome: 'success',
      ip: ctx.ip,
      userAgent: ctx.userAgent,
    });
    return used.account_id;
  });
  if (result) return result;
  throw linkRefusal(await inspectActivationToken(services, token));
}

/** Why a link cannot activate, as the API says it (the page shows the same problem). */
function linkRefusal(state: TokenState): FlowError {
  switch (state.kind) {
    case 'used':
      return new FlowError('TOKEN_USED', 409, 'emailActivation.error.used');
    case 'expired':
      return new FlowError('TOKEN_EXPIRED', 410, 'emailActivation.error.expired');
    case 'cancelled':
      return new FlowError('TOKEN_CANCELLED', 410, 'emailActivation.error.cancelled');
    case 'valid':
      return new FlowError('TOKEN_STILL_VALID', 409, 'emailActivation.error.stillValid');
    case 'invalid':
      return new FlowError('TOKEN_INVALID', 400, 'emailActivation.error.invalid');
  }
}

/**
 * "Send a new link" from an expired link, through the API: the new email goes to the account's
 * own address, within the resend cooldown and caps. Any other link is refused for what it is.
 */
export async function resendForExpiredLink(
  services: AppServices,
  token: string,
  ctx: RequestContext,
): Promise<void> {
  const state = await inspectActivationToken(services, token);
  if (state.kind !== 'expired') throw linkRefusal(state);
  await resendActivation(services, state.accountId, ctx);
}

export function localeOf(value: string): Locale {
  return isLocale(value) ? value : 'en';
}
