import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { type MessageKey, translator } from './i18n/catalogue.js';
import { chooseLocale, localeCookie } from './context.js';
import { securityHeaderValues } from './security-headers.js';
import { AppError } from './errors.js';
import { card } from './components.js';
import { html } from './html.js';

const markup = /<[^>]+>/g;

function isApi(request: FastifyRequest): boolean {
  return request.url.startsWith('/api/');
}

/**
 * Maps every error to one shape; a 5xx never shows its details, only logs them. A request the
 * server could not read gets the form's wording on a page, and what was wrong with it from the
 * API (a script sent it).
 */
export function toAppError(error: FastifyError | AppError, api = false): AppError {
  if (error instanceof AppError) return error;
  if (isCsrfTokenRefusal(error)) return new AppError('CSRF_REJECTED', 403, 'error.csrf.text');
  const status = error.statusCode ?? 500;
  const unreadable = (code: string, apiKey: MessageKey) =>
    new AppError(code, status, api ? apiKey : 'error.badRequest.text');
  if (status === 413) return unreadable('PAYLOAD_TOO_LARGE', 'error.api.tooLarge');
  if (status === 415) return unreadable('UNSUPPORTED_MEDIA_TYPE', 'error.api.mediaType');
  if (error.code === 'FST_ERR_CTP_INVALID_JSON_BODY')
    return unreadable('BAD_REQUEST', 'error.api.invalidJson');
  if (status >= 400 && status < 500) return unreadable('BAD_REQUEST', 'error.api.badRequest');
  return new AppError('INTERNAL_ERROR', 500, 'error.server.text');
}

const titles: Record<number, MessageKey> = {
  403: 'error.csrf.title',
  404: 'error.notFound.title',
  429: 'error.rateLimited.title',
  500: 'error.server.title',
};

/** Tells the client how long to wait (whole seconds, at least one) when the error says so. */
export function setRetryAfter(reply: FastifyReply, error: AppError): void {
  if (error.retryAfterMs !== undefined)
    reply.header('retry-after', Math.max(1, Math.ceil(error.retryAfterMs / 1000)));
}

export function sendError(request: FastifyRequest, reply: FastifyReply, error: AppError): FastifyReply {
  setRetryAfter(reply, error);
  const translate = request.t ?? translator('en');
  // Some catalogue texts carry a link for the pages; an error message is plain text.
  const t = (key: MessageKey) => translate(key, error.params).replace(markup, '');
  if (isApi(request)) {
    const fields = Object.fromEntries(
      Object.entries(error.fields).map(([name, key]) => [name, { code: key, message: t(key) }]),
    );
    const retryAfterSeconds =
      error.retryAfterMs !== undefined ? { retryAfterSeconds: Math.ceil(error.retryAfterMs / 1000) } : {};
    return reply
      .code(error.status)
      .send({ error: { code: error.code, message: t(error.messageKey), fields, ...retryAfterSeconds } });
  }
  const titleKey =
    titles[error.status] ?? (error.status >= 500 ? 'error.server.title' : 'error.badRequest.title');
  const body = card(
    html`<p>${t(error.messageKey)}</p><p><a class="button button--secondary" href="/">${t('error.goHome')}</a></p>`,
    { title: t(titleKey), narrow: true },
  );
  return reply.page({ title: t(titleKey), body }, error.status);
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * The form page again, with what was typed and a fresh CSRF token, for a post from our own
     * page refused only because its token went stale (the browser lost its cookies while the
     * form was open, as a phone browser restoring a tab may): a long text is not lost. Nothing
     * of the post is acted on.
     */
    staleFormPage?: (request: FastifyRequest, reply: FastifyReply) => FastifyReply;
  }
}

/**
 * A CSRF token refused by @fastify/csrf-protection (the guard has let the post through as not
 * cross-site) on a post the browser says came from our own origin. Any other, whose text could
 * be another site's, gets the generic refusal: its text is never shown back on our page.
 */
function isStaleTokenOfOwnForm(error: FastifyError | AppError, request: FastifyRequest): boolean {
  return (
    !(error instanceof AppError) &&
    isCsrfTokenRefusal(error) &&
    request.headers['sec-fetch-site'] === 'same-origin'
  );
}

/** @fastify/csrf-protection refused the form's token (missing, wrong, or its cookie gone). */
function isCsrfTokenRefusal(error: FastifyError): boolean {
  return error.code === 'FST_CSRF_INVALID_TOKEN' || error.code === 'FST_CSRF_MISSING_SECRET';
}

export const errorHandling = fp(
  async (app: FastifyInstance) => {
    app.setErrorHandler((error: FastifyError | AppError, request, reply) => {
      const appError = toAppError(error, isApi(request));
      if (appError.status >= 500) request.log.error({ err: error }, 'request failed');
      else request.log.info({ code: appError.code, status: appError.status }, 'request refused');
      const staleFormPage = request.routeOptions.config?.staleFormPage;
      if (staleFormPage && isStaleTokenOfOwnForm(error, request)) return staleFormPage(request, reply);
      return sendError(request, reply, appError);
    });
    app.setNotFoundHandler((request, reply) =>
      sendError(request, reply, new AppError('NOT_FOUND', 404, 'error.notFound.text')),
    );
  },
  { name: 'error-handling', dependencies: ['request-context'] },
);

/**
 * Errors Fastify raises before routing, such as a URL whose percent-encoding or UTF-8 is
 * broken: a friendly 400 instead of Fastify's bare JSON. No hook or reply decorator exists at
 * that point, so the answer is a small standalone page with the usual security headers.
 */
export function handleFrameworkError(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  const locale = chooseLocale(switcherChoice(request), request.headers['accept-language']);
  const t = translator(locale);
  const status =
    error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 400;
  request.log.info({ code: error.code, status }, 'request refused');
  const config = request.server.services?.config;
  reply
    .code(status)
    .headers(securityHeaderValues(config?.mode === 'production', config?.captcha.provider))
    .header('cache-control', 'no-store');
  if (isApi(request)) {
    const body = { error: { code: 'BAD_REQUEST', message: t('error.api.badRequest'), fields: {} } };
    reply.type('application/json; charset=utf-8').send(JSON.stringify(body));
    return;
  }
  const page = html`<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${t('error.badRequest.title')} · ${t('app.name')}</title>
<link rel="stylesheet" href="/assets/app.css">
</head>
<body>
<main id="main" class="site-main">
${card(html`<p>${t('error.badRequest.text')}</p><p><a class="button button--secondary" href="/">${t('error.goHome')}</a></p>`, { title: t('error.badRequest.title'), narrow: true })}
</main>
</body>
</html>`;
  reply.type('text/html; charset=utf-8').send(page.value);
}

/** The language switcher's cookie, read by hand: no hook has parsed the cookies this early. */
function switcherChoice(request: FastifyRequest): string | undefined {
  const header = request.headers.cookie;
  if (!header) return undefined;
  try {
    return request.server.parseCookie(header)[localeCookie];
  } catch {
    return undefined;
  }
}
