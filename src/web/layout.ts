import type { FastifyReply, FastifyRequest } from 'fastify';
import { html, type SafeHtml } from './html.js';
import { locales } from './i18n/locales.js';

export interface PageOptions {
  readonly title: string;
  readonly body: SafeHtml;
  /** Extra scripts from /assets (no inline scripts: the CSP forbids them). */
  readonly scripts?: readonly string[];
}

/**
 * For a page whose form is marked `data-keep-typed`: what was typed survives a switch of
 * language (public/keep-typed.js).
 */
export const keepTypedScript = '/assets/keep-typed.js';

const localeNames = { en: 'English', cs: 'Čeština' } as const;

/**
 * Where the language switcher brings the browser back to: this page's address, or for a page
 * that answered a form (a wrong code at /register/phone/verify, say) the nearest address above
 * it that a browser can load, since the form's own address takes only POST.
 */
function addressToReturnTo(request: FastifyRequest): string {
  if (request.method === 'GET' || request.method === 'HEAD')
    return request.url.startsWith('/') && !request.url.startsWith('//') ? request.url : '/';
  const pattern = (request.routeOptions.url ?? '').split('/');
  const path = (request.url.split('?', 1)[0] ?? '').split('/');
  if (path.length !== pattern.length) return '/';
  for (let segments = pattern.length; segments > 1; segments--) {
    if (request.server.hasRoute({ method: 'GET', url: pattern.slice(0, segments).join('/') }))
      return path.slice(0, segments).join('/');
  }
  return '/';
}

export function renderPage(request: FastifyRequest, reply: FastifyReply, page: PageOptions): string {
  const { t, locale, viewer } = request;
  const devOutbox = request.server.services.config.devOutbox;
  const here = addressToReturnTo(request);
  const switcher = html`<form class="lang-switch" method="post" action="/locale">
    ${reply.csrfInput()}
    <input type="hidden" name="next" value="${here}">
    <span class="visually-hidden">${t('nav.language')}:</span>
    ${locales.map(
      (l) =>
        html`<button type="submit" name="locale" value="${l}" lang="${l}" class="lang-switch__option"${l === locale ? html` aria-current="true"` : ''}>${localeNames[l]}</button>`,
    )}
  </form>`;
  const nav = viewer
    ? html`<a href="/account">${t('nav.account')}</a>
       <form method="post" action="/logout" class="inline-form">${reply.csrfInput()}<button type="submit" class="button button--link">${t('nav.logout')}</button></form>`
    : html`<a href="/login">${t('nav.login')}</a> <a href="/register" class="button button--secondary button--small">${t('nav.register')}</a>`;
  return html`<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${page.title} · ${t('app.name')}</title>
<link rel="stylesheet" href="/assets/app.css">
<link rel="icon" href="/assets/favicon.svg" type="image/svg+xml">
</head>
<body>
<a class="skip-link" href="#main">${t('nav.skipToContent')}</a>
${
  devOutbox.email || devOutbox.sms
    ? html`<aside class="dev-banner" aria-label="${t('dev.banner.label')}">${t('dev.banner')} <a href="/dev/outbox">${t('dev.banner.link')}</a>.</aside>`
    : ''
}
<header class="site-header">
  <div class="site-header__inner">
    <a class="brand" href="/"><span class="brand__mark" aria-hidden="true">G</span><span class="brand__name">${t('app.name')}</span></a>
    ${switcher}
    <nav class="site-nav" aria-label="${t('app.tagline')}">${nav}</nav>
  </div>
</header>
<main id="main" class="site-main" tabindex="-1">
${page.body}
</main>
<footer class="site-footer"><p>${t('footer.text')}</p></footer>
${(page.scripts ?? []).map((src) => html`<script src="${src}" defer></script>`)}
</body>
</html>`.value;
}
