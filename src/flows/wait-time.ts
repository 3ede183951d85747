import type { Locale } from '../web/i18n/locales.js';

/** "in 23 minutes" / "za 23 minut": when a cap lets the customer try again. */
export function formatWait(ms: number, locale: Locale): string {
  const format = new Intl.RelativeTimeFormat(locale, { numeric: 'always' });
  const minutes = Math.max(1, Math.ceil(ms / 60_000));
  if (minutes < 120) return format.format(minutes, 'minute');
  return format.format(Math.ceil(minutes / 60), 'hour');
}
