import { AppError } from '../../web/errors.js';

/** Stable codes of the recovery flow's refusals (the JSON API's `error.code`). */
export const RecoveryErrorCode = {
  RESET_TOKEN_INVALID: 'RESET_TOKEN_INVALID',
  RESET_WRONG_BROWSER: 'RESET_WRONG_BROWSER',
  RESET_RATE_LIMITED: 'RESET_RATE_LIMITED',
} as const;

/** Unknown, expired, used, superseded, or dead after a password or email change: one answer. */
export const resetTokenInvalid = () =>
  new AppError(RecoveryErrorCode.RESET_TOKEN_INVALID, 410, 'recovery.invalid.text');

export const resetWrongBrowser = () =>
  new AppError(RecoveryErrorCode.RESET_WRONG_BROWSER, 403, 'recovery.wrongBrowser.text');

export const resetRateLimited = (retryAfterMs: number) =>
  new AppError(RecoveryErrorCode.RESET_RATE_LIMITED, 429, 'recovery.throttled', {}, retryAfterMs);
