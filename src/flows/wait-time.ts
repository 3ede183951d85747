import { type AppError, rateLimited } from '../web/errors.js';
import type { MessageKey } from '../web/i18n/catalogue.js';
import type { Locale } from '../web/i18n/locales.js';

/** "in 23 minutes" / "za 23 minut": when a cap lets the customer try again. */
export function formatWait(ms: number, locale: Locale): string {
  const format = new Intl.RelativeTimeFormat(locale, { numeric: 'always' });
  const minutes = Math.max(1, Math.ceil(ms / 60_000));
  if (minutes < 120) return format.format(minutes, 'minute');
  return format.format(Math.ceil(minutes / 60), 'hour');
}

/** A cap's refusal (429, Retry-After) whose message says the wait in words: `{time}`. */
export function waitRefusal(
  code: string,
  messageKey: MessageKey,
  retryAfterMs: number,
  locale: Locale,
): AppError {
  return rateLimited(retryAfterMs, code, messageKey, { time: formatWait(retryAfterMs, locale) });
}
