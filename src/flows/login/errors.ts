import { AppError } from '../../web/errors.js';
import type { Locale } from '../../web/i18n/locales.js';
import { formatWait } from '../wait-time.js';

/** Stable codes of the login flow's refusals (the JSON API's `error.code`). */
export const LoginErrorCode = {
  INVALID_CREDENTIALS: 'INVALID_CREDENTIALS',
  LOGIN_THROTTLED: 'LOGIN_THROTTLED',
  CAPTCHA_REQUIRED: 'CAPTCHA_REQUIRED',
  ACCOUNT_LOCKED: 'ACCOUNT_LOCKED',
  // The same code as the sign-up steps' (src/flows/steps.ts): one "no session" across the API.
  NOT_SIGNED_IN: 'NOT_SIGNED_IN',
} as const;

/** Wrong email and wrong password get exactly this: same status, same text. */
export const invalidCredentials = () =>
  new AppError(LoginErrorCode.INVALID_CREDENTIALS, 401, 'login.invalid', { _form: 'login.invalid' });

/** The wait is said in words too ("in 5 minutes"), in the customer's language. */
export const loginThrottled = (retryAfterMs: number, locale: Locale) =>
  new AppError(
    LoginErrorCode.LOGIN_THROTTLED,
    429,
    'login.throttled',
    { _form: 'login.throttled' },
    retryAfterMs,
    { time: formatWait(retryAfterMs, locale) },
  );

export const captchaRequired = () =>
  new AppError(LoginErrorCode.CAPTCHA_REQUIRED, 401, 'login.captchaRequired', {
    _form: 'login.captchaRequired',
  });

export const accountLocked = () =>
  new AppError(LoginErrorCode.ACCOUNT_LOCKED, 403, 'login.locked', { _form: 'login.locked' });
