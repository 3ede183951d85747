import type { RateLimitRule } from '../../rate-limit/limiter.js';

const minute = 60_000;
const hour = 60 * minute;
const day = 24 * hour;

/** A code: 10 minutes, 5 tries; then it dies. */
export const codeLifetimeMs = 10 * minute;
export const codeMaxAttempts = 5;
/** Between two SMS to one account ("within a minute", as the help article says). */
export const resendCooldownMs = 60_000;

/**
 * Caps no resend resets. Guessing: 10 codes a day per account and per number, across every
 * resend and parallel request (1 in 100,000 for an attacker). SMS pumping: per account, per
 * number, per client IP and per number block (country code + 5 digits).
 */
export const limits = {
  guessesPerAccount: { name: 'phone-code:account', limit: 10, windowMs: day },
  guessesPerNumber: { name: 'phone-code:number', limit: 10, windowMs: day },
  smsPerAccount: { name: 'sms:account', limit: 5, windowMs: day },
  smsPerNumber: { name: 'sms:number', limit: 5, windowMs: day },
  smsPerIp: { name: 'sms:ip', limit: 20, windowMs: hour },
  smsPerPrefix: { name: 'sms:prefix', limit: 30, windowMs: hour },
  numberChangesPerAccount: { name: 'phone-change:account', limit: 3, windowMs: day },
  /**
   * One resend per cooldown, counted atomically: the cooldown read from the newest code cannot
   * stop requests that all read it before any of them sent.
   */
  resendGate: { name: 'sms:resend', limit: 1, windowMs: resendCooldownMs },
} as const satisfies Record<string, RateLimitRule>;
