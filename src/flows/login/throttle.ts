import type { RateLimitCounter, RateLimiter, RateLimitRule } from '../../rate-limit/limiter.js';

const minute = 60_000;
const hour = 60 * minute;

/**
 * Failed logins are counted under three keys, each for its own purpose:
 * - the (email, client network) pair: growing lock-outs of 15 min, 1 h, then 24 h. They stop
 *   this one guesser, never the owner elsewhere. A browser where the account logged in before
 *   (a known device) is counted as its own pair instead, so a guesser behind the owner's own
 *   address (an office, a carrier's shared IPv4) cannot lock that browser out either;
 * - the email, from anywhere: a captcha after a few failures, and past a daily hard cap only
 *   browsers where the account has logged in before may keep trying (a password reset lifts it);
 * - the client network (IPv6 by /64): a captcha for credential stuffing, then a hard cap that
 *   known devices pass.
 * Unknown emails are counted exactly like known ones, so the answers never tell them apart.
 */
export const loginRules = {
  pair: [
    { name: 'login.fail.pair.15m', limit: 5, windowMs: 15 * minute },
    { name: 'login.fail.pair.1h', limit: 10, windowMs: hour },
    { name: 'login.fail.pair.1d', limit: 20, windowMs: 24 * hour },
  ],
  accountCaptcha: { name: 'login.fail.account.1h', limit: 3, windowMs: hour },
  accountCap: { name: 'login.fail.account.1d', limit: 50, windowMs: 24 * hour },
  ipCaptcha: { name: 'login.fail.ip.15m', limit: 10, windowMs: 15 * minute },
  ipCap: { name: 'login.fail.ip.1h', limit: 100, windowMs: hour },
} as const satisfies Record<string, RateLimitRule | readonly RateLimitRule[]>;

export interface ThrottleKeys {
  /** Normalised email: the same for an account and for an email without one. */
  readonly email: string;
  /** ipRateLimitKey(request.ip). */
  readonly network: string;
  /**
   * The browser holds this account's known-device tag (src/flows/login/known-device.ts): the
   * time of the password it was issued under; null for any other browser.
   */
  readonly knownDevice: number | null;
}

export interface ThrottleState {
  /** Milliseconds to wait before this attempt may be made at all; 0 when it may. */
  readonly blockedForMs: number;
  /** The daily per-account cap is reached: only a known browser may continue. */
  readonly accountCapped: boolean;
  /** Until the daily cap's window resets (0 when not capped). */
  readonly accountCappedForMs: number;
  readonly captchaNeeded: boolean;
  /** Failures of this (email, network) pair still counted in the longest window. */
  readonly pairFailures: number;
}

const pairKey = (keys: ThrottleKeys) =>
  keys.knownDevice === null
    ? `${keys.network}|${keys.email}`
    : `known-device:${keys.knownDevice}|${keys.email}`;

/** Every counter a login attempt counts against, in a fixed order. */
function countersOf(keys: ThrottleKeys): RateLimitCounter[] {
  return [
    ...loginRules.pair.map((rule) => ({ rule, key: pairKey(keys) })),
    { rule: loginRules.accountCaptcha, key: keys.email },
    { rule: loginRules.accountCap, key: keys.email },
    { rule: loginRules.ipCaptcha, key: keys.network },
    { rule: loginRules.ipCap, key: keys.network },
  ];
}

export interface ReservedAttempt {
  /** The counters as they stood before this attempt (attempts still running included). */
  readonly before: ThrottleState;
  /** Whether the next attempt needs a captcha if this one fails. */
  readonly captchaNeededAfterFailure: boolean;
}

/**
 * Counts this attempt as a failure before the password is checked, in one atomic step, and
 * judges it by the counts before it. Attempts sent at once therefore see each other: thirty
 * parallel guesses get the three tries that one-at-a-time guessing gets, not thirty. An attempt
 * that is refused or succeeds must be released (releaseAttempt); a wrong password keeps it.
 */
export async function reserveAttempt(limiter: RateLimiter, keys: ThrottleKeys): Promise<ReservedAttempt> {
  const [pair0, pair1, pair2, accountCaptcha, accountCap, ipCaptcha, ipCap] = await limiter.consumeMany(
    countersOf(keys),
  );
  const pairs = [pair0!, pair1!, pair2!];
  // A counter whose count before this attempt had reached its limit refuses it (count > limit).
  let blockedForMs = 0;
  loginRules.pair.forEach((rule, i) => {
    // Fixed windows: a full one stays full until it resets, which is the honest wait to announce.
    if (!pairs[i]!.allowed) blockedForMs = Math.max(blockedForMs, pairs[i]!.retryAfterMs || rule.windowMs);
  });
  if (!ipCap!.allowed && keys.knownDevice === null)
    blockedForMs = Math.max(blockedForMs, ipCap!.retryAfterMs || loginRules.ipCap.windowMs);
  const accountCapped = !accountCap!.allowed;
  return {
    before: {
      pairFailures: Math.max(...pairs.map((decision) => decision.count - 1)),
      blockedForMs,
      accountCapped,
      accountCappedForMs: accountCapped ? accountCap!.retryAfterMs || loginRules.accountCap.windowMs : 0,
      captchaNeeded: !accountCaptcha!.allowed || !ipCaptcha!.allowed,
    },
    captchaNeededAfterFailure:
      accountCaptcha!.count >= loginRules.accountCaptcha.limit ||
      ipCaptcha!.count >= loginRules.ipCaptcha.limit,
  };
}

/** Takes back an attempt that was refused before its password was checked, or that succeeded. */
export async function releaseAttempt(limiter: RateLimiter, keys: ThrottleKeys): Promise<void> {
  await limiter.releaseMany(countersOf(keys));
}

/** After a successful login the guesser's pair counters no longer matter; the others stay. */
export async function clearPairFailures(limiter: RateLimiter, keys: ThrottleKeys): Promise<void> {
  await Promise.all(loginRules.pair.map((rule) => limiter.reset(rule, pairKey(keys))));
}

/**
 * A password reset proves control of the mailbox: the account-wide counters start again, and so
 * does the lock-out of the network the reset came from (where a guesser may sit with the owner).
 */
export async function clearAccountFailures(
  limiter: RateLimiter,
  email: string,
  network: string,
): Promise<void> {
  await Promise.all([
    limiter.reset(loginRules.accountCaptcha, email),
    limiter.reset(loginRules.accountCap, email),
    clearPairFailures(limiter, { email, network, knownDevice: null }),
  ]);
}
