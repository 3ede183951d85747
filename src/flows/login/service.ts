import { normalizeEmail, truncateCharacters } from '../../accounts/email.js';
import type { AccountStatus } from '../../accounts/schema.js';
import type { Locale } from '../../web/i18n/locales.js';
import { type AuditEvent, recordAuditEvent } from '../../audit/audit.js';
import { passwordOpens, verifyAgainstDummy } from '../../crypto/passwords.js';
import { precompile } from '../../db/precompiled.js';
import { ipRateLimitKey } from '../../net/ip-key.js';
import { type AppServices, rateLimiterIn } from '../../services.js';
import {
  canEnd,
  type PreparedSession,
  type SessionManager,
  sessionByReference,
  sessionReference,
} from '../../sessions/manager.js';
import { safeNextPath } from '../../web/context.js';
import { AppError } from '../../web/errors.js';
import { accountLocked, captchaRequired, invalidCredentials, loginThrottled } from './errors.js';
import { isKnownDevice } from './known-device.js';
import type { LoginInput } from './schema.js';
import {
  type AttemptThrottle,
  clearPairFailures,
  type ReservedAttempt,
  type ThrottleKeys,
} from './throttle.js';

/** The captcha as the login flow needs it (src/captcha provides it). */
export interface LoginCaptcha {
  verify(payload: unknown, ip: string): Promise<boolean>;
}

export interface LoginDeps {
  readonly services: AppServices;
  readonly sessions: SessionManager;
  readonly captcha: LoginCaptcha | null;
  /** Built once per app (attemptThrottleFor): it may hold the attempts under way. */
  readonly throttle: AttemptThrottle;
}

export interface LoginContext {
  readonly ip: string;
  /** For messages put together here (the wait after too many failures). */
  readonly locale: Locale;
  readonly userAgent: string | null;
  /** Tags from the known-device cookie. */
  readonly deviceTags: readonly string[];
  readonly captchaPayload: unknown;
}

export interface LoginSuccess {
  readonly accountId: string;
  /** When its password was last set: the known-device tag this browser gets is bound to it. */
  readonly passwordChangedAt: number;
  readonly status: AccountStatus;
  readonly prepared: PreparedSession;
  /** Where the browser goes next: the pending sign-up step, or `next`, or the dashboard. */
  readonly redirect: string;
}

/** A refusal that also says whether the next attempt needs a captcha (the page shows it). */
export class LoginRefusal extends AppError {
  constructor(
    error: AppError,
    readonly captchaNeeded: boolean,
  ) {
    super(error.code, error.status, error.messageKey, error.fields, error.retryAfterMs, error.params);
  }
}

const loginColumns = [
  'accounts.id',
  'accounts.status',
  'accounts.password_hash',
  'accounts.created_at',
  'accounts.password_changed_at',
  'session_epochs.epoch',
] as const;

/**
 * The account behind a login email and the newest sign-up made while the email had it (a shadow
 * account), each with its session epoch: one query on the hot path, the same for every email.
 */
const accountAndNewestShadow = precompile(['email'], (db, p) =>
  db
    .selectFrom('accounts')
    .leftJoin('session_epochs', 'session_epochs.account_id', 'accounts.id')
    .select([...loginColumns, 'accounts.shadow_of'])
    .where((eb) =>
      eb.or([
        eb('accounts.email_normalized', '=', p.email),
        eb(
          'accounts.id',
          '=',
          eb
            .selectFrom('accounts as shadow')
            .select('shadow.id')
            .where('shadow.shadow_of', '=', p.email)
            .orderBy('shadow.created_at', 'desc')
            .limit(1),
        ),
      ]),
    ),
);

type LoginAccount = Awaited<ReturnType<typeof accountAndNewestShadow.execute>>[number];

const isPending = (status: AccountStatus) => status === 'pending_phone' || status === 'pending_email';

/**
 * The account that this password opens for this email, if any. A sign-up may be in progress
 * under the email: the owner itself is pending, or shadows exist (sign-ups made while the email
 * had an account, which answer like new ones: src/flows/registration/service.ts). A login with
 * the password of the email's newest sign-up lands on that sign-up's step whether the email was
 * new or taken:
 * - a verified owner opens with its own password first, else the newest shadow with its own;
 * - a pending owner gives way to a newer shadow (the newest sign-up wins, as with a taken email)
 *   unless its password was reset after that shadow was made.
 * Every email costs one Argon2id run, unknown ones included: a shadow is hashed with its owner's
 * salt (which a password reset keeps), so one run checks both passwords. Only a shadow whose salt
 * is not its owner's (made before this rule, or before its email changed hands) costs a second
 * run when its owner is verified.
 */
async function accountForPassword(
  owner: LoginAccount | undefined,
  shadow: LoginAccount | undefined,
  password: string,
): Promise<LoginAccount | undefined> {
  if (!owner) {
    await verifyAgainstDummy(password);
    return undefined;
  }
  if (!isPending(owner.status)) {
    const [ownerOpens, shadowOpens] = await passwordOpens(
      shadow ? [owner.password_hash, shadow.password_hash] : [owner.password_hash],
      password,
    );
    return ownerOpens ? owner : shadowOpens ? shadow : undefined;
  }
  // A shadow is made only once its owner exists: at the same millisecond it is still the newer.
  // A password reset proves the mailbox, so the owner's password, once reset after the shadow
  // was made, is the newer one: someone who repeats a customer's unfinished sign-up cannot keep
  // that customer out.
  const newest = shadow && shadow.created_at >= owner.password_changed_at ? shadow : owner;
  const [opens] = await passwordOpens([newest.password_hash], password);
  return opens ? newest : undefined;
}

/** Where an account in a given state belongs after logging in. */
export function landingFor(status: AccountStatus, next: string | undefined): string {
  if (status === 'pending_phone') return '/register/phone';
  if (status === 'pending_email') return '/register/email';
  return safeNextPath(next, '/account');
}

/**
 * Checks email and password under the throttles. Unknown and known emails take the same path
 * and the same time (a dummy Argon2id verification); the session record is written with the
 * audit event in one transaction (flushed to disk just after the answer), and the password is
 * verified before that transaction opens.
 */
export async function logIn(deps: LoginDeps, input: LoginInput, ctx: LoginContext): Promise<LoginSuccess> {
  const { services } = deps;
  const email = truncateCharacters(normalizeEmail(input.email), 254);
  const rows = await accountAndNewestShadow.execute(services.db, { email });
  const owner = rows.find((row) => row.shadow_of !== email);
  const shadow = rows.find((row) => row.shadow_of === email);
  const knownDevice =
    owner && isKnownDevice(ctx.deviceTags, services.config, owner.id, owner.password_changed_at)
      ? owner.password_changed_at
      : null;
  const keys: ThrottleKeys = { email, network: ipRateLimitKey(ctx.ip), knownDevice };
  // Counted before the password is checked, so attempts sent at once see each other.
  const attempt = await deps.throttle.reserve(keys);
  try {
    return await checkAttempt(deps, input, ctx, { owner, shadow, keys, attempt });
  } finally {
    attempt.end();
  }
}

async function checkAttempt(
  deps: LoginDeps,
  input: LoginInput,
  ctx: LoginContext,
  found: {
    owner: LoginAccount | undefined;
    shadow: LoginAccount | undefined;
    keys: ThrottleKeys;
    attempt: ReservedAttempt;
  },
): Promise<LoginSuccess> {
  const { services } = deps;
  const { db, clock } = services;
  const { owner, shadow, attempt } = found;
  const audit = {
    actorType: 'anonymous' as const,
    ip: ctx.ip,
    userAgent: ctx.userAgent,
  };
  const throttle = attempt.before;

  const refuse = async (error: AppError, action: string, captchaNeeded: boolean): Promise<never> => {
    // A refused attempt checked no password: it does not count as a failure.
    await attempt.release();
    await recordAuditEvent(db, {
      ...audit,
      at: clock.now(),
      accountId: owner?.id ?? null,
      action,
      outcome: 'denied',
      details: { reason: error.code },
    });
    throw new LoginRefusal(error, captchaNeeded);
  };

  if (throttle.blockedForMs > 0) {
    await refuse(
      loginThrottled(throttle.blockedForMs, ctx.locale),
      'login.throttled',
      throttle.captchaNeeded,
    );
  }
  if (throttle.accountCapped && found.keys.knownDevice === null) {
    await refuse(loginThrottled(throttle.accountCappedForMs, ctx.locale), 'login.throttled', true);
  }
  if (throttle.captchaNeeded) {
    const solved = deps.captcha ? await deps.captcha.verify(ctx.captchaPayload, ctx.ip) : false;
    if (!solved) await refuse(captchaRequired(), 'login.captcha_required', true);
  }

  // Hashing happens here, before any transaction (see accountForPassword for how many).
  const account = await accountForPassword(owner, shadow, input.password);

  if (!account || account.status === 'closed') {
    await db.transaction().execute(async (trx) => {
      await attempt.countFailure(trx);
      await recordAuditEvent(trx, {
        ...audit,
        at: clock.now(),
        accountId: owner?.id ?? null,
        action: 'login.failed',
        outcome: 'failure',
        details: { reason: owner ? 'bad_password' : 'unknown_email' },
      });
    });
    throw new LoginRefusal(invalidCredentials(), attempt.captchaNeededAfterFailure);
  }
  if (account.status === 'locked') {
    await refuse(accountLocked(), 'login.refused_locked', false);
  }

  const prepared = await deps.sessions.prepare({
    accountId: account.id,
    epoch: Number(account.epoch ?? 0),
    remember: input.remember,
    ip: ctx.ip,
    userAgent: ctx.userAgent,
  });
  await deps.sessions.commitFor(services.database)(async (trx) => {
    // A login that succeeds counts as no failure, in the session's own commit. The pair's
    // failures are forgiven only when the email's own password opened it: a stand-in's password
    // is whatever its maker chose, so logging into it proves nothing.
    await attempt.countSuccess(trx);
    if (throttle.pairFailures > 0 && account.id === owner?.id)
      await clearPairFailures(rateLimiterIn(services, trx), found.keys);
    await deps.sessions.persistInTransaction(trx, prepared);
    await recordAuditEvent(trx, {
      ...audit,
      actorType: 'customer',
      actorId: account.id,
      at: clock.now(),
      accountId: account.id,
      action: 'login.succeeded',
      outcome: 'success',
      details: { remember: input.remember },
    });
  });
  await deps.sessions.persistAfterCommit(prepared);
  return {
    accountId: account.id,
    passwordChangedAt: account.password_changed_at,
    status: account.status,
    prepared,
    redirect: landingFor(account.status, input.next),
  };
}

/** Ends one session (logout) and records it. */
export async function logOut(
  deps: Pick<LoginDeps, 'services' | 'sessions'>,
  viewer: { accountId: string; sessionIdHash: string },
  ctx: { ip: string; userAgent: string | null },
): Promise<void> {
  await endSessionOnRecord(deps, viewer.accountId, viewer.sessionIdHash, ctx, 'logout');
}

/**
 * Ends one of the account's other sessions from the account page (a device left signed in).
 * Only a session that began before the viewer's own: someone holding a stolen session cookie
 * could otherwise end each new login of the owner and keep the account to themselves, while a
 * fresh login of the owner can always end the thief's. 'viewerGone' when the viewer's session is
 * no longer live (another instance's cache still passed it), 'current' for the viewer's own
 * session (the caller logs out instead), 'newer' for one that began after it, 'unknown' for a
 * reference that names no live session of this account.
 */
export async function endOtherSession(
  deps: Pick<LoginDeps, 'services' | 'sessions'>,
  viewer: { accountId: string; sessionIdHash: string },
  reference: string,
  ctx: { ip: string; userAgent: string | null },
): Promise<'ended' | 'viewerGone' | 'current' | 'newer' | 'unknown'> {
  const sessions = await deps.sessions.list(viewer.accountId);
  const own = sessions.find((s) => s.idHash === viewer.sessionIdHash);
  if (!own) return 'viewerGone';
  const found = sessionByReference(sessions, reference);
  if (!found) return 'unknown';
  if (found === own) return 'current';
  if (!canEnd(own, found)) return 'newer';
  // Of two tabs ending it at once, only the one that ended it records it and says so.
  const ended = await endSessionOnRecord(deps, viewer.accountId, found.idHash, ctx, 'logout.other_session', {
    byRef: sessionReference(own.idHash),
    endedRef: sessionReference(found.idHash),
    endedIp: found.ip,
    endedUserAgent: found.userAgent,
    endedCreatedAt: found.createdAt,
  });
  return ended ? 'ended' : 'unknown';
}

/** Ends one session of the customer's account and records it as the customer's doing. */
async function endSessionOnRecord(
  deps: Pick<LoginDeps, 'services' | 'sessions'>,
  accountId: string,
  idHash: string,
  ctx: { ip: string; userAgent: string | null },
  action: string,
  details?: AuditEvent['details'],
): Promise<boolean> {
  if (!(await deps.sessions.end(idHash))) return false;
  await recordAuditEvent(deps.services.db, {
    at: deps.services.clock.now(),
    actorType: 'customer',
    actorId: accountId,
    accountId,
    action,
    outcome: 'success',
    ip: ctx.ip,
    userAgent: ctx.userAgent,
    ...(details ? { details } : {}),
  });
  return true;
}

/** "Log out everywhere": the epoch bump and its audit event in one transaction. */
export async function logOutEverywhere(
  deps: Pick<LoginDeps, 'services' | 'sessions'>,
  accountId: string,
  ctx: { ip: string; userAgent: string | null },
): Promise<void> {
  const { db, clock } = deps.services;
  await db.transaction().execute(async (trx) => {
    await deps.sessions.endAllInTransaction(trx, accountId);
    await recordAuditEvent(trx, {
      at: clock.now(),
      actorType: 'customer',
      actorId: accountId,
      accountId,
      action: 'logout.everywhere',
      outcome: 'success',
      ip: ctx.ip,
      userAgent: ctx.userAgent,
    });
  });
  await deps.sessions.afterEndAll(accountId);
}
