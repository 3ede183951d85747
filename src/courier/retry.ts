export interface RetryPolicy {
  /** Delay after the first temporary failure; it doubles with each further one. */
  readonly baseDelayMs: number;
  /** The doubling stops here. */
  readonly maxDelayMs: number;
  /** Sending attempts before a message goes dead. */
  readonly maxAttempts: number;
}

/**
 * 5 s, 10 s, 20 s … capped at 30 min, 15 attempts: about four hours of trying, enough to ride
 * out a mail relay's maintenance window, while a code's own expiry stops it earlier.
 */
export const defaultRetryPolicy: RetryPolicy = Object.freeze({
  baseDelayMs: 5_000,
  maxDelayMs: 30 * 60_000,
  maxAttempts: 15,
});

/**
 * Capped exponential backoff with "equal jitter": half the delay is fixed, half random, so
 * workers that failed together do not retry together, and each delay is at least as long as
 * the previous one's maximum until the cap.
 */
export function computeRetryDelay(failedAttempts: number, policy: RetryPolicy, random: () => number): number {
  const exponent = Math.max(0, failedAttempts - 1);
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.min(exponent, 30));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
