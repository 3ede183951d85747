import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { holdAccountRow } from '../../accounts/row-lock.js';
import { recordAuditEvent } from '../../audit/audit.js';
import { enqueueSms } from '../../courier/outbox.js';
import { constantTimeEqual, generateSixDigitCode, hmacSha256 } from '../../crypto/tokens.js';
import { precompiledInsert } from '../../db/precompiled.js';
import type { DatabaseSchema } from '../../db/schema.js';
import {
  type RateLimitCounted,
  type RateLimiter,
  type RateLimitHit,
  takenBack,
} from '../../rate-limit/limiter.js';
import type { AppServices } from '../../services.js';
import { translator } from '../../web/i18n/catalogue.js';
import type { Locale } from '../../web/i18n/locales.js';
import type { RequestContext } from '../context.js';
import { isShadowAccount } from '../context.js';
import { issueActivation } from '../email-activation/service.js';
import { FlowError, resendCooldownError } from '../flow-error.js';
import { numberChanged, wrongStep } from './errors.js';
import { waitRefusal } from '../wait-time.js';
import type { AppError } from '../../web/errors.js';
import { codeLifetimeMs, codeMaxAttempts, limits, resendCooldownMs } from './limits.js';
import { parsePhone, prefixOf } from './phone.js';

type Db = Kysely<DatabaseSchema>;

export interface SmsCapDecision {
  readonly allowed: boolean;
  readonly retryAfterMs: number;
}

export interface SmsTarget {
  readonly accountId: string;
  readonly phone: string;
  readonly ipKey: string;
}

/** The pumping caps of an account and a number, whatever address the request comes from. */
function accountAndNumberCaps(target: Omit<SmsTarget, 'ipKey'>): RateLimitHit[] {
  return [
    { rule: limits.smsPerAccount, key: target.accountId },
    { rule: limits.smsPerNumber, key: target.phone },
    { rule: limits.smsPerPrefix, key: prefixOf(target.phone) },
  ];
}

/** The pumping caps one SMS counts against, so a caller can count them with its own counters. */
export function smsCapHits(target: SmsTarget): RateLimitHit[] {
  return [...accountAndNumberCaps(target), { rule: limits.smsPerIp, key: target.ipKey }];
}

/**
 * Counts one SMS against every pumping cap; refused when any is exceeded. A refused SMS is never
 * sent, so it is taken back from every cap: the caps count what goes out, and an account past
 * its own cap cannot use up another number's, or a whole number block's, by asking again.
 */
export async function consumeSmsCaps(services: AppServices, target: SmsTarget): Promise<SmsCapDecision> {
  const hits = smsCapHits(target);
  return settleSmsCaps(services.rateLimiter, hits, await services.rateLimiter.consumeMany(hits));
}

/**
 * The SMS may go when every cap of smsCapHits() allowed it, in the decisions counted for them;
 * when one refused, the hits are taken back from `limiter`, since nothing will be sent.
 */
export async function settleSmsCaps(
  limiter: RateLimiter,
  hits: readonly RateLimitHit[],
  decisions: readonly RateLimitCounted[],
): Promise<SmsCapDecision> {
  const denied = decisions.filter((d) => !d.allowed);
  if (denied.length > 0) await limiter.releaseMany(takenBack(hits, decisions));
  return {
    allowed: denied.length === 0,
    retryAfterMs: Math.max(0, ...denied.map((d) => d.retryAfterMs)),
  };
}

function codeHmac(services: AppServices, id: string, code: string): string {
  return hmacSha256(services.config.secret, `phone-code:${id}:${code}`);
}

/** Built once (src/db/precompiled.ts): every registration and resend stores a code. */
const insertPhoneCode = precompiledInsert('phone_verifications', [
  'id',
  'account_id',
  'phone',
  'code_hmac',
  'created_at',
  'expires_at',
  'attempts',
  'consumed_at',
  'revoked_at',
]);

/** Kills every live code of the account, stores a new one and queues its SMS, in `trx`. */
export async function issuePhoneCode(
  trx: Db,
  services: AppServices,
  input: {
    readonly accountId: string;
    readonly phone: string;
    readonly locale: Locale;
    readonly now: number;
    /** The account is being created in `trx`, so it has no codes to kill. */
    readonly newAccount?: boolean;
  },
): Promise<void> {
  const { accountId, phone, locale, now } = input;
  if (!input.newAccount)
    await trx
      .updateTable('phone_verifications')
      .set({ revoked_at: now })
      .where('account_id', '=', accountId)
      .where('consumed_at', 'is', null)
      .where('revoked_at', 'is', null)
      .execute();
  const id = randomUUID();
  const code = generateSixDigitCode();
  await insertPhoneCode.execute(trx, [
    {
      id,
      account_id: accountId,
      phone,
      code_hmac: codeHmac(services, id, code),
      created_at: now,
      expires_at: now + codeLifetimeMs,
      attempts: 0,
      consumed_at: null,
      revoked_at: null,
    },
  ]);
  await enqueueSms(trx, {
    to: phone,
    template: 'registration.phone_code',
    locale,
    accountId,
    now,
    expiresAt: now + codeLifetimeMs,
    content: { text: translator(locale)('sms.code', { code }) },
  });
}

export interface PhoneStepState {
  readonly phone: string;
  readonly codeSent: boolean;
  /** The newest code: still usable, dead (expired, used up, replaced), or none sent (a cap). */
  readonly lastCode: 'live' | 'dead' | 'none';
  readonly resendAvailableInMs: number;
  /**
   * No code was ever sent (a cap stopped the first): until the account's, the number's and its
   * block's caps allow an SMS again; 0 when they do (the address's cap is judged on Resend).
   */
  readonly smsCapWaitMs: number;
}

export async function readPhoneStep(services: AppServices, accountId: string): Promise<PhoneStepState> {
  const now = services.clock.now();
  const account = await services.db
    .selectFrom('accounts')
    .select(['phone'])
    .where('id', '=', accountId)
    .executeTakeFirstOrThrow();
  const latest = await services.db
    .selectFrom('phone_verifications')
    .select(['created_at', 'expires_at', 'consumed_at', 'revoked_at', 'attempts'])
    .where('account_id', '=', accountId)
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  const live =
    !!latest &&
    latest.consumed_at === null &&
    latest.revoked_at === null &&
    latest.expires_at > now &&
    latest.attempts < codeMaxAttempts;
  let smsCapWaitMs = 0;
  if (!latest) {
    const caps = accountAndNumberCaps({ accountId, phone: account.phone });
    const readings = await services.rateLimiter.countMany(caps);
    readings.forEach((reading, i) => {
      if (reading.count >= caps[i]!.rule.limit) smsCapWaitMs = Math.max(smsCapWaitMs, reading.msLeft);
    });
  }
  return {
    phone: account.phone,
    codeSent: live,
    lastCode: live ? 'live' : latest ? 'dead' : 'none',
    resendAvailableInMs: latest ? Math.max(0, latest.created_at + resendCooldownMs - now) : 0,
    smsCapWaitMs,
  };
}

type VerifyOutcome =
  | { kind: 'verified' }
  | { kind: 'wrong'; remaining: number }
  | { kind: 'expired' }
  | { kind: 'exhausted' }
  | { kind: 'used' }
  | { kind: 'wrongStep' };

/**
 * Checks a code. Every guess first passes the daily caps per account and per number (atomic
 * counters, so parallel guesses count), then takes one of the code's five tries with a
 * conditional UPDATE; only one request can consume a right code.
 */
export async function verifyPhoneCode(
  services: AppServices,
  accountId: string,
  code: string,
  ctx: RequestContext,
): Promise<void> {
  const { db, clock, rateLimiter } = services;
  const account = await db
    .selectFrom('accounts')
    .select(['id', 'phone', 'status', 'email', 'email_normalized', 'locale'])
    .where('id', '=', accountId)
    .executeTakeFirst();
  if (account?.status !== 'pending_phone') throw new FlowError('WRONG_STEP', 409, 'flow.wrongStep');
  const guessCounters = [
    { rule: limits.guessesPerAccount, key: accountId },
    { rule: limits.guessesPerNumber, key: account.phone },
  ];
  const caps = await rateLimiter.consumeMany(guessCounters);
  const denied = caps.filter((d) => !d.allowed);
  if (denied.length) {
    const retryAfterMs = Math.max(...denied.map((d) => d.retryAfterMs));
    throw waitRefusal(
      'TOO_MANY_ATTEMPTS',
      'phoneVerification.error.tooManyAttempts',
      retryAfterMs,
      ctx.locale,
    );
  }
  const now = clock.now();
  const audit = (
    action: string,
    outcome: 'success' | 'failure',
    details?: Record<string, string | number>,
  ) => ({
    at: now,
    actorType: 'customer' as const,
    actorId: accountId,
    accountId,
    action,
    outcome,
    ip: ctx.ip,
    userAgent: ctx.userAgent,
    ...(details ? { details } : {}),
  });

  const outcome = await db.transaction().execute(async (trx): Promise<VerifyOutcome> => {
    // The account's row first, as a change of number and a resend take it: one order
    // everywhere, so two tabs never deadlock on PostgreSQL. It also gives the number the
    // account has now, which the code must have been sent to.
    const current = await holdAccountRow(trx, { id: accountId });
    if (current?.status !== 'pending_phone') return { kind: 'wrongStep' };
    const row = await trx
      .selectFrom('phone_verifications')
      .select(['id', 'code_hmac', 'expires_at', 'phone', 'consumed_at'])
      .where('account_id', '=', accountId)
      .where('revoked_at', 'is', null)
      .orderBy('created_at', 'desc')
      .limit(1)
      .executeTakeFirst();
    // Used by a parallel submission that committed after this one read the account.
    if (row?.consumed_at != null) return { kind: 'used' };
    // A code sent to an earlier number proves nothing about the number the account has now.
    if (!row || row.expires_at <= now || row.phone !== current.phone) {
      await recordAuditEvent(trx, audit('phone.code_failed', 'failure', { reason: 'expired' }));
      return { kind: 'expired' };
    }
    const taken = await trx
      .updateTable('phone_verifications')
      .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
      .where('id', '=', row.id)
      .where('attempts', '<', codeMaxAttempts)
      .where('consumed_at', 'is', null)
      .where('revoked_at', 'is', null)
      .returning(['attempts'])
      .executeTakeFirst();
    if (!taken) {
      // On PostgreSQL a parallel submission may have used the code (or a resend replaced it)
      // while this one waited for the row: say that, not that the tries ran out.
      const current = await trx
        .selectFrom('phone_verifications')
        .select(['consumed_at', 'revoked_at'])
        .where('id', '=', row.id)
        .executeTakeFirst();
      if (current?.consumed_at != null) return { kind: 'used' };
      if (current?.revoked_at != null) return { kind: 'expired' };
      await recordAuditEvent(trx, audit('phone.code_failed', 'failure', { reason: 'attempts_exceeded' }));
      return { kind: 'exhausted' };
    }
    if (!constantTimeEqual(codeHmac(services, row.id, code), row.code_hmac)) {
      await recordAuditEvent(
        trx,
        audit('phone.code_failed', 'failure', { reason: 'wrong', attempt: taken.attempts }),
      );
      return { kind: 'wrong', remaining: codeMaxAttempts - Number(taken.attempts) };
    }
    const consumed = await trx
      .updateTable('phone_verifications')
      .set({ consumed_at: now })
      .where('id', '=', row.id)
      .where('consumed_at', 'is', null)
      .returning(['id'])
      .executeTakeFirst();
    if (!consumed) return { kind: 'used' };
    const moved = await trx
      .updateTable('accounts')
      .set({ status: 'pending_email', phone_verified_at: now, updated_at: now })
      .where('id', '=', accountId)
      .where('status', '=', 'pending_phone')
      .where('phone', '=', row.phone)
      .returning(['id'])
      .executeTakeFirst();
    if (!moved) return { kind: 'wrongStep' };
    await recordAuditEvent(trx, audit('phone.verified', 'success', { phone: row.phone }));
    if (!isShadowAccount(account)) {
      await issueActivation(trx, services, {
        accountId,
        email: account.email,
        locale: ctx.locale,
        now,
      });
    }
    return { kind: 'verified' };
  });

  // Counted before the code was read, so parallel guesses see each other; a try that checked no
  // code (dead, expired, used) guessed nothing and is taken back, so a customer who keeps typing
  // after a code died keeps the day's guesses for the next one.
  if (outcome.kind !== 'verified' && outcome.kind !== 'wrong')
    await rateLimiter.releaseMany(takenBack(guessCounters, caps));
  switch (outcome.kind) {
    case 'verified':
      services.courierNotify();
      return;
    case 'wrong':
      // The last try: the code is dead, as for any try after it.
      if (outcome.remaining === 0) throw attemptsExceeded();
      throw new FlowError(
        'INVALID_CODE',
        400,
        'phoneVerification.error.invalidCode',
        { remaining: outcome.remaining },
        // The count of tries left is in the message above the form.
        { code: 'phoneVerification.error.invalidCodeShort' },
      );
    case 'expired':
      throw new FlowError(
        'CODE_EXPIRED',
        400,
        'phoneVerification.error.codeExpired',
        {},
        {
          code: 'phoneVerification.error.codeDeadShort',
        },
      );
    case 'exhausted':
      throw attemptsExceeded();
    case 'used':
      throw new FlowError(
        'CODE_ALREADY_USED',
        409,
        'phoneVerification.error.used',
        {},
        {
          code: 'phoneVerification.error.used',
        },
      );
    case 'wrongStep':
      throw new FlowError('WRONG_STEP', 409, 'flow.wrongStep');
  }
}

async function loadPendingPhoneAccount(services: AppServices, accountId: string) {
  const account = await services.db
    .selectFrom('accounts')
    .select(['id', 'phone', 'status'])
    .where('id', '=', accountId)
    .executeTakeFirst();
  if (account?.status !== 'pending_phone') throw new FlowError('WRONG_STEP', 409, 'flow.wrongStep');
  return account;
}

function smsLimitError(retryAfterMs: number, locale: Locale): AppError {
  return waitRefusal('SMS_LIMIT_REACHED', 'phoneVerification.error.smsLimit', retryAfterMs, locale);
}

const resendCooldown = (waitMs: number) => resendCooldownError('phoneVerification.error.cooldown', waitMs);

/** Resend SMS: after the cooldown and within the caps, a new code replaces the old one. */
export async function resendPhoneCode(
  services: AppServices,
  accountId: string,
  ctx: RequestContext & { readonly ipKey: string },
): Promise<void> {
  const account = await loadPendingPhoneAccount(services, accountId);
  const state = await readPhoneStep(services, accountId);
  if (state.resendAvailableInMs > 0) throw resendCooldown(state.resendAvailableInMs);
  const gate = await services.rateLimiter.consume(limits.resendGate, accountId);
  if (!gate.allowed) throw resendCooldown(gate.retryAfterMs);
  const caps = await consumeSmsCaps(services, { accountId, phone: account.phone, ipKey: ctx.ipKey });
  const now = services.clock.now();
  if (!caps.allowed) {
    await recordAuditEvent(services.db, {
      at: now,
      actorType: 'customer',
      actorId: accountId,
      accountId,
      action: 'phone.code_refused',
      outcome: 'denied',
      ip: ctx.ip,
      userAgent: ctx.userAgent,
      details: { reason: 'sms_cap' },
    });
    throw smsLimitError(caps.retryAfterMs, ctx.locale);
  }
  await services.db.transaction().execute(async (trx) => {
    // The caps above were counted for the number read before them; a change of number in
    // another tab may have committed since, with its own code to the new number. This code
    // goes to the number the account has now, or nowhere.
    const current = await holdAccountRow(trx, { id: accountId });
    if (current?.status !== 'pending_phone') throw wrongStep();
    if (current.phone !== account.phone) throw numberChanged();
    await issuePhoneCode(trx, services, { accountId, phone: account.phone, locale: ctx.locale, now });
    await recordAuditEvent(trx, {
      at: now,
      actorType: 'customer',
      actorId: accountId,
      accountId,
      action: 'phone.code_sent',
      outcome: 'success',
      ip: ctx.ip,
      userAgent: ctx.userAgent,
      details: { reason: 'resend', phone: account.phone },
    });
  });
  services.courierNotify();
}

/** The code took its last wrong try, or a try came after that: it is dead. */
function attemptsExceeded(): FlowError {
  // The message says what to do; the field, next to it on the page, says it short.
  return new FlowError(
    'CODE_ATTEMPTS_EXCEEDED',
    400,
    'phoneVerification.error.attemptsExceeded',
    {},
    {
      code: 'phoneVerification.error.codeDeadShort',
    },
  );
}

function changeLimit(retryAfterMs: number, locale: Locale): AppError {
  return waitRefusal('PHONE_CHANGE_LIMIT', 'phoneVerification.error.changeLimit', retryAfterMs, locale);
}

/** Change phone number: the old code dies, the account gets the new number and a new SMS goes there. */
export async function changePhoneNumber(
  services: AppServices,
  accountId: string,
  typedPhone: string,
  ctx: RequestContext & { readonly ipKey: string },
): Promise<string> {
  const account = await loadPendingPhoneAccount(services, accountId);
  const parsed = parsePhone(typedPhone, services.config.phone);
  if (!parsed.ok) {
    throw new FlowError(
      'VALIDATION_FAILED',
      400,
      'error.summary',
      {
        countries: services.config.phone.allowedCountries.join(', '),
      },
      { phone: parsed.error },
    );
  }
  if (parsed.e164 === account.phone) {
    throw new FlowError(
      'PHONE_UNCHANGED',
      400,
      'phoneVerification.error.unchanged',
      {},
      {
        phone: 'phoneVerification.error.unchanged',
      },
    );
  }
  // A typo is fixed at once, but a number this account texted less than a minute ago waits out
  // the cooldown like a resend: changing to another number and straight back would send it a
  // second code within the second.
  const lastToNumber = await services.db
    .selectFrom('phone_verifications')
    .select('created_at')
    .where('account_id', '=', accountId)
    .where('phone', '=', parsed.e164)
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  const waitMs = lastToNumber ? Number(lastToNumber.created_at) + resendCooldownMs - services.clock.now() : 0;
  if (waitMs > 0) {
    // Past the day's changes the day is the wait to tell, not the minute (read without counting).
    const [changes] = await services.rateLimiter.countMany([
      { rule: limits.numberChangesPerAccount, key: accountId },
    ]);
    if (changes!.count >= limits.numberChangesPerAccount.limit)
      throw changeLimit(changes!.msLeft, ctx.locale);
    throw resendCooldown(waitMs);
  }
  const change = await services.rateLimiter.consume(limits.numberChangesPerAccount, accountId);
  if (!change.allowed) throw changeLimit(change.retryAfterMs, ctx.locale);
  const caps = await consumeSmsCaps(services, { accountId, phone: parsed.e164, ipKey: ctx.ipKey });
  if (!caps.allowed) {
    // Nothing changed and nothing was sent: the change does not count against the day's three.
    await services.rateLimiter.releaseMany([
      { rule: limits.numberChangesPerAccount, key: accountId, window: change.window },
    ]);
    throw smsLimitError(caps.retryAfterMs, ctx.locale);
  }
  const now = services.clock.now();
  await services.db.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable('accounts')
      .set({ phone: parsed.e164, updated_at: now })
      .where('id', '=', accountId)
      .where('status', '=', 'pending_phone')
      .returning(['id'])
      .executeTakeFirst();
    if (!updated) throw new FlowError('WRONG_STEP', 409, 'flow.wrongStep');
    await issuePhoneCode(trx, services, { accountId, phone: parsed.e164, locale: ctx.locale, now });
    await recordAuditEvent(trx, {
      at: now,
      actorType: 'customer',
      actorId: accountId,
      accountId,
      action: 'phone.changed',
      outcome: 'success',
      ip: ctx.ip,
      userAgent: ctx.userAgent,
      details: { from: account.phone, to: parsed.e164 },
    });
    await recordAuditEvent(trx, {
      at: now,
      actorType: 'customer',
      actorId: accountId,
      accountId,
      action: 'phone.code_sent',
      outcome: 'success',
      ip: ctx.ip,
      userAgent: ctx.userAgent,
      details: { reason: 'number_changed', phone: parsed.e164 },
    });
  });
  services.courierNotify();
  return parsed.e164;
}
