import type { RateLimitRule } from '../../rate-limit/limiter.js';

export const activationLifetimeMs = 24 * 60 * 60_000;
export const activationResendCooldownMs = 60_000;

export const limits = {
  emailsPerAccount: { name: 'activation-email:account', limit: 5, windowMs: 24 * 60 * 60_000 },
  /**
   * One resend per cooldown, counted atomically: the cooldown read from the newest link cannot
   * stop requests that all read it before any of them sent (as the phone step's resendGate).
   */
  resendGate: { name: 'activation-email:resend', limit: 1, windowMs: activationResendCooldownMs },
} as const satisfies Record<string, RateLimitRule>;
