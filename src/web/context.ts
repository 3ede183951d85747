import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { AccountStatus } from '../accounts/schema.js';
import { type Translate, translator } from './i18n/catalogue.js';
import { isLocale, type Locale, localeFromAcceptLanguage } from './i18n/locales.js';
import { html, type SafeHtml } from './html.js';
import { type PageOptions, renderPage } from './layout.js';

/** Who is signed in on this request, as the session check found them. */
export interface Viewer {
  readonly accountId: string;
  readonly sessionIdHash: string;
  readonly displayName: string;
  readonly status: AccountStatus;
}

declare module 'fastify' {
  interface FastifyRequest {
    locale: Locale;
    t: Translate;
    viewer: Viewer | null;
    /**
     * Speaks `locale` (an account's language, on a page reached from its email) unless this
     * browser chose a language in the switcher.
     */
    preferLocale(locale: string): void;
  }
  interface FastifyReply {
    /** Sends a full HTML page in the request's language. */
    page(page: PageOptions, status?: number): FastifyReply;
    /** The hidden CSRF input every state-changing form carries. */
    csrfInput(): SafeHtml;
  }
}

export const localeCookie = 'gh_lang';

/** The language switcher's choice (its cookie's value) when valid, else the browser's language. */
export function chooseLocale(chosen: string | undefined, acceptLanguage: string | undefined): Locale {
  return isLocale(chosen) ? chosen : localeFromAcceptLanguage(acceptLanguage);
}

/** Language from the switcher's cookie, else Accept-Language; a translator bound to it. */
export const requestContext = fp(
  async (app: FastifyInstance) => {
    app.decorateRequest('locale', 'en');
    app.decorateRequest('t', null as unknown as Translate);
    const siteParams = { countries: app.services.config.phone.allowedCountries.join(', ') };
    app.decorateRequest('viewer', null);
    app.decorateRequest('preferLocale', function (this: FastifyRequest, locale: string) {
      if (isLocale(this.cookies[localeCookie]) || !isLocale(locale) || locale === this.locale) return;
      this.locale = locale;
      this.t = translator(locale, siteParams);
    });
    app.addHook('onRequest', async (request) => {
      request.locale = chooseLocale(request.cookies[localeCookie], request.headers['accept-language']);
      request.t = translator(request.locale, siteParams);
    });
    app.decorateReply('page', function (this: FastifyReply, page: PageOptions, status = 200) {
      return this.code(status)
        .type('text/html; charset=utf-8')
        .header('cache-control', 'no-store')
        .send(renderPage(this.request, this, page));
    });
    // One token per response: each generateCsrf() call on a cookie-less request makes a new
    // secret cookie, so a second form on the page (the language switcher) would invalidate the first.
    const tokens = new WeakMap<FastifyReply, string>();
    app.decorateReply('csrfInput', function (this: FastifyReply) {
      let token = tokens.get(this);
      if (token === undefined) {
        token = this.generateCsrf();
        tokens.set(this, token);
      }
      return html`<input type="hidden" name="_csrf" value="${token}">`;
    });
  },
  { name: 'request-context', dependencies: ['@fastify/cookie', '@fastify/csrf-protection'] },
);

export function safeNextPath(value: unknown, fallback = '/'): string {
  if (
    typeof value !== 'string' ||
    !value.startsWith('/') ||
    value.startsWith('//') ||
    value.startsWith('/\\')
  ) {
    return fallback;
  }
  // A same-origin relative path: no scheme, no host, no control characters.
  if (!/^[\x21-\x7e]*$/.test(value)) return fallback;
  // Encoded slashes and backslashes are refused too: some servers and proxies decode them
  // before routing, which turns `/%2F%2Fevil.com` into `//evil.com`.
  const path = value.split(/[?#]/, 1)[0] ?? '';
  if (/%(2f|5c)/i.test(path) || path.includes('\\')) return fallback;
  return value;
}

export type { FastifyRequest, FastifyReply };
