import type { FastifyRequest } from 'fastify';
import type { Locale } from '../web/i18n/locales.js';

/** Who asks, for audit records, rate limits and the language of messages sent. */
export interface RequestContext {
  readonly ip: string;
  readonly userAgent: string | null;
  readonly locale: Locale;
}

export function requestContextOf(request: FastifyRequest): RequestContext {
  const userAgent = request.headers['user-agent'];
  return {
    ip: request.ip,
    userAgent: typeof userAgent === 'string' ? userAgent : null,
    locale: request.locale,
  };
}

/** Shadow accounts stand in for a registration with an email that already has an account. */
export const shadowEmailPrefix = 'shadow ';

/** The login key an abandoned sign-up keeps, so that it frees its email for a new one. */
export const abandonedEmailPrefix = 'abandoned ';

export function isShadowAccount(account: { email_normalized: string }): boolean {
  return account.email_normalized.startsWith(shadowEmailPrefix);
}
