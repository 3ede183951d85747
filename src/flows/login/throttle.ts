import type { RateLimiter, RateLimitRule } from '../../rate-limit/limiter.js';

const minute = 60_000;
const hour = 60 * minute;

/**
 * Failed logins are counted under three keys, each for its own purpose:
 * - the (email, client network) pair: growing lock-outs of 15 min, 1 h, then 24 h. They stop
 *   this one guesser, never the owner elsewhere;
 * - the email, from anywhere: a captcha after a few failures, and past a daily hard cap only
 *   browsers where the account has logged in before may keep trying (a password reset lifts it);
 * - the client network (IPv6 by /64): a captcha for credential stuffing, then a hard cap.
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

const pairKey = (keys: ThrottleKeys) => `${keys.network}|${keys.email}`;

/** Reads the counters before an attempt (nothing is counted). */
export async function readThrottle(limiter: RateLimiter, keys: ThrottleKeys): Promise<ThrottleState> {
  const [pair0, pair1, pair2, accountCaptcha, accountCap, ipCaptcha, ipCap] = await limiter.countMany([
    ...loginRules.pair.map((rule) => ({ rule, key: pairKey(keys) })),
    { rule: loginRules.accountCaptcha, key: keys.email },
    { rule: loginRules.accountCap, key: keys.email },
    { rule: loginRules.ipCaptcha, key: keys.network },
    { rule: loginRules.ipCap, key: keys.network },
  ]);
  const pairs = [pair0, pair1, pair2].map((reading) => reading ?? { count: 0, msLeft: 0 });
  let blockedForMs = 0;
  loginRules.pair.forEach((rule, i) => {
    // Fixed windows: a full one stays full until it resets, which is the honest wait to announce.
    if (pairs[i]!.count >= rule.limit)
      blockedForMs = Math.max(blockedForMs, pairs[i]!.msLeft || rule.windowMs);
  });
  if ((ipCap?.count ?? 0) >= loginRules.ipCap.limit)
    blockedForMs = Math.max(blockedForMs, ipCap!.msLeft || loginRules.ipCap.windowMs);
  const accountCapped = (accountCap?.count ?? 0) >= loginRules.accountCap.limit;
  return {
    pairFailures: Math.max(...pairs.map((reading) => reading.count)),
    blockedForMs,
    accountCapped,
    accountCappedForMs: accountCapped ? accountCap!.msLeft || loginRules.accountCap.windowMs : 0,
    captchaNeeded:
      (accountCaptcha?.count ?? 0) >= loginRules.accountCaptcha.limit ||
      (ipCaptcha?.count ?? 0) >= loginRules.ipCaptcha.limit,
  };
}

/** Counts one failed attempt under every key. */
export async function countFailure(limiter: RateLimiter, keys: ThrottleKeys): Promise<void> {
  await limiter.consumeMany([
    ...loginRules.pair.map((rule) => ({ rule, key: pairKey(keys) })),
    { rule: loginRules.accountCaptcha, key: keys.email },
    { rule: loginRules.accountCap, key: keys.email },
    { rule: loginRules.ipCaptcha, key: keys.network },
    { rule: loginRules.ipCap, key: keys.network },
  ]);
}

/** After a successful login the guesser's pair counters no longer matter; the others stay. */
export async function clearPairFailures(limiter: RateLimiter, keys: ThrottleKeys): Promise<void> {
  await Promise.all(loginRules.pair.map((rule) => limiter.reset(rule, pairKey(keys))));
}

/** A password reset proves control of the mailbox: the account-wide counters start again. */
export async function clearAccountFailures(limiter: RateLimiter, email: string): Promise<void> {
  await Promise.all([
    limiter.reset(loginRules.accountCaptcha, email),
    limiter.reset(loginRules.accountCap, email),
  ]);
}
