import type { RateLimitRule } from '../../rate-limit/limiter.js';

export const activationLifetimeMs = 24 * 60 * 60_000;
export const activationResendCooldownMs = 60_000;

export const limits = {
  emailsPerAccount: { name: 'activation-email:account', limit: 5, windowMs: 24 * 60 * 60_000 },
} as const satisfies Record<string, RateLimitRule>;
