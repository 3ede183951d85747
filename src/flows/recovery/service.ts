import type { Selectable } from 'kysely';
import { normalizeEmail } from '../../accounts/email.js';
import { checkPasswordPolicy } from '../../accounts/password-policy.js';
import { holdAccountRow } from '../../accounts/row-lock.js';
import { recordAuditEvent } from '../../audit/audit.js';
import { enqueueEmail } from '../../courier/outbox.js';
import { hashPassword, normalizePassword } from '../../crypto/passwords.js';
import { constantTimeEqual, generateToken, hashToken, isWellFormedToken } from '../../crypto/tokens.js';
import type { Db } from '../../db/database.js';
import { ipRateLimitKey } from '../../net/ip-key.js';
import type { AppServices } from '../../services.js';
import type { SessionManager } from '../../sessions/manager.js';
import { ValidationError } from '../../web/errors.js';
import { defaultLocale, isLocale, type Locale } from '../../web/i18n/locales.js';
import { isKnownDevice } from '../login/known-device.js';
import { clearAccountFailures } from '../login/throttle.js';
import { renderPasswordChangedEmail, renderResetEmail } from './emails.js';
import { resetRateLimited, resetTokenInvalid, resetWrongBrowser } from './errors.js';
import type { ResetRequestQueue } from './requests.js';
import type { PasswordResetRequestTable } from './schema.js';

const minute = 60_000;
export const resetTokenLifetimeMs = 60 * minute;

/**
 * Requests are limited per client network and per email; neither ever locks the account. A
 * browser that logged in to the account since its password was last set counts on its own: a
 * stranger who spends the email's hour cannot keep the customer's own browser from a link.
 */
export const recoveryRules = {
  requestsPerNetwork: { name: 'recovery.request.ip', limit: 20, windowMs: 60 * minute },
  requestsPerEmail: { name: 'recovery.request.email', limit: 5, windowMs: 60 * minute },
  requestsPerKnownDevice: { name: 'recovery.request.device', limit: 5, windowMs: 60 * minute },
  resetsPerNetwork: { name: 'recovery.reset.ip', limit: 30, windowMs: 15 * minute },
} as const;

export interface RecoveryDeps {
  readonly services: AppServices;
  readonly sessions: SessionManager;
  readonly resetRequests: ResetRequestQueue;
}

export interface ClientContext {
  readonly ip: string;
  readonly userAgent: string | null;
  readonly locale: Locale;
  /** Tags from the known-device cookie (src/flows/login/known-device.ts). */
  readonly deviceTags: readonly string[];
}

/** Where the emailed link points: PUBLIC_URL only, never a request header. */
export function resetLink(publicUrl: URL, token: string): string {
  const base = publicUrl.href.endsWith('/') ? publicUrl.href : `${publicUrl.href}/`;
  const url = new URL('password/reset', base);
  url.searchParams.set('token', token);
  return url.href;
}

export function supportContactLink(publicUrl: URL): string {
  const base = publicUrl.href.endsWith('/') ? publicUrl.href : `${publicUrl.href}/`;
  return new URL('support/contact', base).href;
}

/** Ties a token to its account's password and login email at issue time. */
function fingerprint(passwordHash: string, emailNormalized: string): string {
  return hashToken(`${passwordHash}\n${emailNormalized}`);
}

/**
 * "Forgotten password": returns the binding secret for the browser's cookie (the one it already
 * holds, so a request the per-email limit drops leaves its newest link working; else a fresh
 * one). The answer must not tell a known email from an unknown one, by its content or by its
 * time: both do the same reads, count against the same kind of limit and write one row, a
 * request queued for `processResetRequests` (./requests.ts), which makes the link and its
 * email, or finds no account, after the answer has gone.
 */
export async function requestPasswordReset(
  deps: RecoveryDeps,
  email: string,
  ctx: ClientContext,
  browserBinding?: string,
): Promise<{ bindingSecret: string }> {
  const { db, clock, rateLimiter, config } = deps.services;
  const network = await rateLimiter.consume(recoveryRules.requestsPerNetwork, ipRateLimitKey(ctx.ip));
  if (!network.allowed) throw resetRateLimited(network.retryAfterMs);

  const normalized = normalizeEmail(email);
  const bindingSecret =
    browserBinding !== undefined && isWellFormedToken(browserBinding) ? browserBinding : generateToken();
  const account = await db
    .selectFrom('accounts')
    .select(['id', 'password_changed_at'])
    .where('email_normalized', '=', normalized)
    .executeTakeFirst();
  // Checked for unknown emails too (against no account), so the answer's timing stays the same.
  const knownDevice = isKnownDevice(
    ctx.deviceTags,
    config,
    account?.id ?? '',
    account?.password_changed_at ?? 0,
  );
  // The hour this request counts against: the account's known browsers', or the email's.
  const requester =
    account && knownDevice
      ? await rateLimiter.consume(
          recoveryRules.requestsPerKnownDevice,
          `${account.id}:${account.password_changed_at}`,
        )
      : await rateLimiter.consume(recoveryRules.requestsPerEmail, normalized);
  const now = clock.now();
  if (!requester.allowed) {
    await recordAuditEvent(db, {
      at: now,
      actorType: 'anonymous',
      ip: ctx.ip,
      userAgent: ctx.userAgent,
      accountId: account?.id ?? null,
      action: 'password_reset.throttled',
      outcome: 'denied',
      details: { knownDevice },
    });
    return { bindingSecret };
  }
  await queueResetRequest(db, {
    emailNormalized: normalized,
    bindingHash: hashToken(bindingSecret),
    locale: ctx.locale,
    ip: ctx.ip,
    userAgent: ctx.userAgent,
    now,
  });
  deps.resetRequests.kick();
  return { bindingSecret };
}

/** Adds a request to the queue, in one insert whatever the email. */
async function queueResetRequest(
  db: Db,
  request: {
    emailNormalized: string;
    bindingHash: string;
    locale: Locale;
    ip: string;
    userAgent: string | null;
    now: number;
  },
): Promise<void> {
  await db
    .insertInto('password_reset_requests')
    .values({
      email_normalized: request.emailNormalized,
      binding_hash: request.bindingHash,
      locale: request.locale,
      ip: request.ip,
      user_agent: request.userAgent,
      requested_at: request.now,
    })
    .execute();
}

/** Drops the queued requests for an email (an account being locked: they must make no link). */
export async function dropQueuedResetRequests(trx: Db, emailNormalized: string): Promise<void> {
  await trx.deleteFrom('password_reset_requests').where('email_normalized', '=', emailNormalized).execute();
}

/**
 * A queued request older than this makes no link: an instance stopped before processing it, and
 * its customer has asked again or gone by the time another instance picks it up.
 */
export const resetRequestStaleMs = 15 * minute;

/**
 * Turns a queued request into a link and its email, in the caller's transaction (which has just
 * claimed the request), as the request would have made it at once: only for an account that is
 * neither locked nor closed and whose password has not changed since, and alive for an hour from
 * the request (as the browser's binding cookie is). Returns whether an email was queued.
 */
export async function issueResetLink(
  trx: Db,
  services: AppServices,
  request: Selectable<PasswordResetRequestTable>,
): Promise<boolean> {
  const { clock, config } = services;
  const now = clock.now();
  const requestedAt = Number(request.requested_at);
  const audit = {
    at: now,
    actorType: 'anonymous' as const,
    ip: request.ip,
    userAgent: request.user_agent,
    action: 'password_reset.requested',
  };
  // Links are bound to the browser that asked, so a newer request kills the older links of
  // that browser only: a stranger's request (it has the email, not the mailbox) cannot kill
  // the link the customer is about to open. With the account's row held, two requests from
  // one browser run one after the other, and the second kills the first's link.
  const held = await holdAccountRow(trx, { emailNormalized: request.email_normalized });
  const refuse = async (reason: string) => {
    await recordAuditEvent(trx, {
      ...audit,
      accountId: held?.id ?? null,
      outcome: 'failure',
      details: { reason },
    });
    return false;
  };
  if (now - requestedAt > resetRequestStaleMs) return refuse('request_expired');
  if (!held) return refuse('unknown_email');
  if (held.status === 'closed' || held.status === 'locked') return refuse(`account_${held.status}`);
  const account = await trx
    .selectFrom('accounts')
    .select(['id', 'password_hash', 'email', 'email_normalized', 'password_changed_at'])
    .where('id', '=', held.id)
    .executeTakeFirstOrThrow();
  // A link asked for before a password change dies with it; so does the request.
  if (Number(account.password_changed_at) > requestedAt) return refuse('password_changed');
  // A newer request from this browser was processed first (by another instance): its link is
  // the one that lives.
  const newer = await trx
    .selectFrom('password_reset_tokens')
    .select('id_hash')
    .where('account_id', '=', account.id)
    .where('binding_hash', '=', request.binding_hash)
    .where('created_at', '>', requestedAt)
    .executeTakeFirst();
  if (newer) return refuse('superseded');
  const token = generateToken();
  const expiresAt = requestedAt + resetTokenLifetimeMs;
  await supersedeTokens(trx, account.id, now, request.binding_hash);
  await trx
    .insertInto('password_reset_tokens')
    .values({
      id_hash: hashToken(token),
      account_id: account.id,
      binding_hash: request.binding_hash,
      // When it was asked for: which of one browser's requests is the newest.
      created_at: requestedAt,
      expires_at: expiresAt,
      used_at: null,
      revoked_at: null,
      password_fingerprint: fingerprint(account.password_hash, account.email_normalized),
      email_normalized: account.email_normalized,
      ip: request.ip,
    })
    .execute();
  const locale = isLocale(request.locale) ? request.locale : defaultLocale;
  await enqueueEmail(trx, {
    to: account.email,
    template: 'recovery.reset_link',
    locale,
    accountId: account.id,
    expiresAt,
    now,
    content: renderResetEmail(locale, resetLink(config.publicUrl, token)),
  });
  await recordAuditEvent(trx, { ...audit, accountId: account.id, outcome: 'success' });
  return true;
}

/** Kills the account's unused links: all of them, or those asked for in one browser. */
export async function supersedeTokens(
  trx: Db,
  accountId: string,
  now: number,
  bindingHash?: string,
): Promise<void> {
  let update = trx
    .updateTable('password_reset_tokens')
    .set({ revoked_at: now })
    .where('account_id', '=', accountId)
    .where('used_at', 'is', null)
    .where('revoked_at', 'is', null);
  if (bindingHash !== undefined) update = update.where('binding_hash', '=', bindingHash);
  await update.execute();
}

export type TokenCheck =
  | {
      readonly state: 'valid';
      readonly accountId: string;
      readonly email: string;
      readonly names: string[];
      /** The account's current hash: the new one keeps its salt (hashPassword's `sameSaltAs`). */
      readonly passwordHash: string;
    }
  | { readonly state: 'wrong_browser' }
  | { readonly state: 'invalid' };

/**
 * Looks at a token without using it (a mail scanner's GET changes nothing): alive, not used,
 * not superseded, the account's password and email unchanged, and this browser's binding.
 */
export async function checkResetToken(
  deps: RecoveryDeps,
  token: string | undefined,
  bindingSecret: string | undefined,
): Promise<TokenCheck> {
  if (!token || !/^[A-Za-z0-9_-]{20,128}$/.test(token)) return { state: 'invalid' };
  const row = await deps.services.db
    .selectFrom('password_reset_tokens as t')
    .innerJoin('accounts as a', 'a.id', 't.account_id')
    .select([
      't.account_id',
      't.binding_hash',
      't.expires_at',
      't.used_at',
      't.revoked_at',
      't.password_fingerprint',
      't.email_normalized',
      'a.password_hash',
      'a.email_normalized as account_email',
      'a.email',
      'a.status',
      'a.first_name',
      'a.last_name',
      'a.company_name',
    ])
    .where('t.id_hash', '=', hashToken(token))
    .executeTakeFirst();
  const now = deps.services.clock.now();
  if (
    !row ||
    row.used_at !== null ||
    row.revoked_at !== null ||
    Number(row.expires_at) <= now ||
    row.status === 'closed' ||
    row.status === 'locked' ||
    row.email_normalized !== row.account_email ||
    !constantTimeEqual(row.password_fingerprint, fingerprint(row.password_hash, row.account_email))
  ) {
    return { state: 'invalid' };
  }
  if (!bindingSecret || !constantTimeEqual(hashToken(bindingSecret), row.binding_hash)) {
    return { state: 'wrong_browser' };
  }
  return {
    state: 'valid',
    accountId: row.account_id,
    email: row.email,
    names: [row.first_name, row.last_name, row.company_name].filter((n): n is string => Boolean(n)),
    passwordHash: row.password_hash,
  };
}

/**
 * Sets the new password. The token is consumed by one conditional UPDATE inside the
 * transaction (of two parallel submissions exactly one wins); the same transaction changes the
 * password only if it is still the one the token was issued for, ends every session, records
 * the event and queues the notification. Nobody is logged in by it.
 */
export async function resetPassword(
  deps: RecoveryDeps,
  input: {
    token: string | undefined;
    bindingSecret: string | undefined;
    newPassword: string;
    confirmPassword: string;
  },
  ctx: ClientContext,
): Promise<void> {
  const { db, clock, rateLimiter, config } = deps.services;
  const limit = await rateLimiter.consume(recoveryRules.resetsPerNetwork, ipRateLimitKey(ctx.ip));
  if (!limit.allowed) throw resetRateLimited(limit.retryAfterMs);
  const check = await checkResetToken(deps, input.token, input.bindingSecret);
  if (check.state !== 'valid') {
    await recordAuditEvent(db, {
      at: clock.now(),
      actorType: 'anonymous',
      action: 'password_reset.refused',
      outcome: 'denied',
      ip: ctx.ip,
      userAgent: ctx.userAgent,
      details: { reason: check.state },
    });
    throw check.state === 'wrong_browser' ? resetWrongBrowser() : resetTokenInvalid();
  }
  if (normalizePassword(input.newPassword) !== normalizePassword(input.confirmPassword)) {
    throw new ValidationError({ confirmPassword: 'password.mismatch' });
  }
  const policy = checkPasswordPolicy(input.newPassword, { email: check.email, names: check.names });
  if (policy) throw new ValidationError({ newPassword: policy });

  // Argon2id before the transaction opens. With the account's salt: the shadows of sign-ups made
  // with its email share it, so a login still checks theirs and its own in one run.
  const passwordHash = await hashPassword(input.newPassword, check.passwordHash);
  const tokenHash = hashToken(input.token!);
  const bindingHash = hashToken(input.bindingSecret!);
  const account = await db.transaction().execute(async (trx) => {
    const now = clock.now();
    // The account's row before any link's: two browsers resetting at once with their own links
    // then run one after the other (the second finds its link killed), and never deadlock.
    const held = await holdAccountRow(trx, { id: check.accountId });
    // Locked or closed while the new password was hashed: the link opens nothing now.
    if (!held || held.status === 'locked' || held.status === 'closed') return null;
    const consumed = await trx
      .updateTable('password_reset_tokens')
      .set({ used_at: now })
      .where('id_hash', '=', tokenHash)
      .where('binding_hash', '=', bindingHash)
      .where('used_at', 'is', null)
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', now)
      .returning(['account_id', 'password_fingerprint', 'email_normalized'])
      .executeTakeFirst();
    if (!consumed) return null;
    const current = await trx
      .selectFrom('accounts')
      .select(['id', 'email', 'email_normalized', 'password_hash', 'locale'])
      .where('id', '=', consumed.account_id)
      .executeTakeFirst();
    if (
      !current ||
      current.email_normalized !== consumed.email_normalized ||
      fingerprint(current.password_hash, current.email_normalized) !== consumed.password_fingerprint
    ) {
      return null;
    }
    const changed = await trx
      .updateTable('accounts')
      .set({ password_hash: passwordHash, password_changed_at: now, updated_at: now })
      .where('id', '=', current.id)
      .where('password_hash', '=', current.password_hash)
      .executeTakeFirst();
    if (Number(changed.numUpdatedRows) !== 1) return null;
    await supersedeTokens(trx, current.id, now);
    await deps.sessions.endAllInTransaction(trx, current.id);
    // In the holder's language, as every notice to an account holder is.
    const holderLocale = isLocale(current.locale) ? current.locale : defaultLocale;
    await enqueueEmail(trx, {
      to: current.email,
      template: 'recovery.password_changed',
      locale: holderLocale,
      accountId: current.id,
      now,
      content: renderPasswordChangedEmail(holderLocale, supportContactLink(config.publicUrl)),
    });
    await recordAuditEvent(trx, {
      at: now,
      actorType: 'customer',
      actorId: current.id,
      accountId: current.id,
      action: 'password_reset.completed',
      outcome: 'success',
      ip: ctx.ip,
      userAgent: ctx.userAgent,
    });
    return current;
  });
  if (!account) {
    await recordAuditEvent(db, {
      at: clock.now(),
      actorType: 'anonymous',
      accountId: check.accountId,
      action: 'password_reset.refused',
      outcome: 'denied',
      ip: ctx.ip,
      userAgent: ctx.userAgent,
      details: { reason: 'consumed_or_changed' },
    });
    throw resetTokenInvalid();
  }
  await deps.sessions.afterEndAll(account.id);
  await clearAccountFailures(rateLimiter, account.email_normalized, ipRateLimitKey(ctx.ip));
  deps.services.courierNotify();
}
