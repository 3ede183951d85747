import type { Db } from '../../db/database.js';
import {
  decide,
  type RateLimitCounter,
  type RateLimitDecision,
  type RateLimiter,
  type RateLimitRule,
  takenBack,
} from '../../rate-limit/limiter.js';
import { type AppServices, rateLimiterIn } from '../../services.js';

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
  /** It was refused before its password was checked: it counts as not made. */
  release(): Promise<void>;
  /** Its password was wrong: it counts as a failure, in `trx`'s commit. */
  countFailure(trx: Db): Promise<void>;
  /** It succeeded: it counts as no failure, in the session's commit (`trx`). */
  countSuccess(trx: Db): Promise<void>;
  /** Called once it is over, whatever came of it (after the commits above). */
  end(): void;
}

/**
 * Counts each login attempt as a failure before its password is checked, and judges it by the
 * counts before it: attempts sent at once therefore see each other, and thirty parallel guesses
 * get the three tries that one-at-a-time guessing gets, not thirty.
 */
export interface AttemptThrottle {
  reserve(keys: ThrottleKeys): Promise<ReservedAttempt>;
}

/**
 * Many instances (PostgreSQL, Redis) share the reservation: it is counted where they all see
 * it, and taken back when the attempt is refused or succeeds. On SQLite, where one process
 * serves the database, the attempts under way are held in that process and the database is
 * only read before the hash: a wrong password is counted after it, a success writes no count.
 * That spares every login a commit and two seven-row writes on the one thread that serves all
 * requests: 1.23–1.28 ms of its CPU a login instead of 1.48–1.51 (docs/architecture.md).
 */
export function attemptThrottleFor(services: AppServices): AttemptThrottle {
  return services.redis || services.database.engine !== 'sqlite'
    ? sharedReservations(services)
    : reservationsInThisProcess(services);
}

function sharedReservations(services: AppServices): AttemptThrottle {
  return {
    async reserve(keys) {
      const counters = countersOf(keys);
      const decisions = await withCounters(services, (limiter) => limiter.consumeMany(counters));
      const taken = takenBack(counters, decisions);
      return {
        ...judge(decisions, keys),
        release: () => withCounters(services, (limiter) => limiter.releaseMany(taken)),
        // Counted already, by the reservation.
        countFailure: async () => {},
        countSuccess: (trx) => rateLimiterIn(services, trx).releaseMany(taken),
        end: () => {},
      };
    },
  };
}

function reservationsInThisProcess(services: AppServices): AttemptThrottle {
  const underWay = new Map<string, number>();
  return {
    async reserve(keys) {
      const counters = countersOf(keys);
      const ids = counters.map((counter) => `${counter.rule.name}:${counter.key}`);
      // Read before the database is, and given back only after a failure's count has committed:
      // of two attempts at once, the later sees the earlier here or in the database (for a
      // moment in both, which errs on the strict side).
      const ahead = ids.map((id) => underWay.get(id) ?? 0);
      for (const id of ids) underWay.set(id, (underWay.get(id) ?? 0) + 1);
      let ended = false;
      const end = () => {
        if (ended) return;
        ended = true;
        for (const id of ids) {
          const left = (underWay.get(id) ?? 1) - 1;
          if (left > 0) underWay.set(id, left);
          else underWay.delete(id);
        }
      };
      try {
        const readings = await services.rateLimiter.countMany(counters);
        const decisions = counters.map((counter, i) =>
          decide(
            counter.rule,
            readings[i]!.count + ahead[i]! + 1,
            readings[i]!.msLeft || counter.rule.windowMs,
          ),
        );
        return {
          ...judge(decisions, keys),
          release: async () => {},
          countFailure: async (trx) => {
            await rateLimiterIn(services, trx).consumeMany(counters);
          },
          countSuccess: async () => {},
          end,
        };
      } catch (error) {
        end();
        throw error;
      }
    },
  };
}

/** An attempt judged by its counters' decisions (this attempt counted), in countersOf's order. */
function judge(
  decisions: readonly RateLimitDecision[],
  keys: ThrottleKeys,
): Pick<ReservedAttempt, 'before' | 'captchaNeededAfterFailure'> {
  const [pair0, pair1, pair2, accountCaptcha, accountCap, ipCaptcha, ipCap] = decisions;
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

/**
 * Runs `work` with the rate-limit counters: Redis's as they are, the database's in a commit that
 * does not wait for the disk (a power cut could only forget a count, giving back one attempt).
 */
function withCounters<T>(services: AppServices, work: (limiter: RateLimiter) => Promise<T>): Promise<T> {
  return services.redis
    ? work(services.rateLimiter)
    : services.database.transactionFlushedLater((trx) => work(rateLimiterIn(services, trx)));
}

/**
 * Whether logins from this client network already need a captcha (credential stuffing seen from
 * it): the login page then shows the captcha at once, instead of after one more refused try.
 * Whether an email needs one is learnt only when it is sent, so that case still answers
 * CAPTCHA_REQUIRED first.
 */
export async function networkNeedsCaptcha(services: AppServices, network: string): Promise<boolean> {
  const [reading] = await services.rateLimiter.countMany([{ rule: loginRules.ipCaptcha, key: network }]);
  return (reading?.count ?? 0) >= loginRules.ipCaptcha.limit;
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
