import { setRetryAfter } from '../../web/error-handler.js';
import { truncateCharacters } from '../../accounts/email.js';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { emailSchema } from '../../accounts/email.js';
import { AppError, ValidationError, validate } from '../../web/errors.js';
import { alert } from '../../web/components.js';
import { readDeviceTags } from '../login/known-device.js';
import { clearRecoveryCookies, readBinding, readResetToken, setBinding, setResetToken } from './cookies.js';
import { RecoveryErrorCode } from './errors.js';
import './openapi.js';
import { apiResetPasswordSchema, forgotPasswordSchema, resetPasswordSchema } from './schema.js';
import {
  checkResetToken,
  type ClientContext,
  type RecoveryDeps,
  requestPasswordReset,
  resetPassword,
} from './service.js';
import { donePage, forgotPage, invalidLinkPage, resetPage, sentPage, wrongBrowserPage } from './views.js';

const tokenQuery = z.object({ token: z.string().max(256).optional() });

function clientContext(request: FastifyRequest): ClientContext {
  const ua = request.headers['user-agent'];
  return {
    ip: request.ip,
    userAgent: typeof ua === 'string' ? ua.slice(0, 512) : null,
    locale: request.locale,
    deviceTags: readDeviceTags(request, request.server.services.config),
  };
}

/** The forgotten-password journey: ask, open the link in the same browser, set, done. */
export async function recoveryRoutes(app: FastifyInstance): Promise<void> {
  const { config } = app.services;
  const deps = (): RecoveryDeps => ({
    services: app.services,
    sessions: app.sessions,
    resetRequests: app.resetRequests,
  });
  const tokenPage = (request: FastifyRequest, reply: FastifyReply, state: 'wrong_browser' | 'invalid') =>
    state === 'wrong_browser'
      ? reply.page({ title: request.t('recovery.wrongBrowser.title'), body: wrongBrowserPage(request) }, 403)
      : reply.page({ title: request.t('recovery.invalid.title'), body: invalidLinkPage(request) }, 410);

  /** Validates the email; the same answer follows for every well-formed address. */
  const ask = async (request: FastifyRequest, reply: FastifyReply, body: unknown) => {
    const { email } = validate(forgotPasswordSchema, body);
    const parsed = emailSchema.safeParse(email);
    if (!parsed.success) throw new ValidationError({ email: 'field.email' });
    const { bindingSecret } = await requestPasswordReset(
      deps(),
      parsed.data,
      clientContext(request),
      readBinding(request, config),
    );
    setBinding(reply, config, bindingSecret);
  };

  app.get('/password/forgot', async (request, reply) =>
    reply.page({ title: request.t('recovery.forgot.title'), body: forgotPage(request, reply) }),
  );

  app.post('/password/forgot', async (request, reply) => {
    try {
      await ask(request, reply, request.body);
      return reply.redirect('/password/forgot/sent', 303);
    } catch (error) {
      if (!(error instanceof AppError) || error.status >= 500) throw error;
      setRetryAfter(reply, error);
      const fields = (request.body ?? {}) as Record<string, unknown>;
      const email = typeof fields.email === 'string' ? truncateCharacters(fields.email, 254) : '';
      return reply.page(
        {
          title: request.t('recovery.forgot.title'),
          body: forgotPage(request, reply, {
            email,
            errors: error.fields,
            formError:
              error instanceof ValidationError ? undefined : alert('error', request.t(error.messageKey)),
          }),
        },
        error.status,
      );
    }
  });

  app.get('/password/forgot/sent', async (request, reply) =>
    reply.page({ title: request.t('recovery.sent.title'), body: sentPage(request) }),
  );

  // The emailed link: keep the token in a cookie and leave the address bar at once. Nothing is
  // consumed here, so a mail scanner that follows the link spoils nothing.
  app.get('/password/reset', async (request, reply) => {
    // The address bar is emptied of its query before a page renders, whatever it holds: a token
    // repeated or malformed too (a token is kept, in a cookie, only when it can be one at all).
    if (request.url.includes('?')) {
      const query = tokenQuery.safeParse(request.query);
      const token = query.success ? query.data.token : undefined;
      if (token !== undefined && /^[A-Za-z0-9_-]{20,128}$/.test(token)) setResetToken(reply, config, token);
      return reply.header('cache-control', 'no-store').redirect('/password/reset', 303);
    }
    const check = await checkResetToken(
      deps(),
      readResetToken(request, config),
      readBinding(request, config),
    );
    if (check.state !== 'valid') return tokenPage(request, reply, check.state);
    return reply.page({
      title: request.t('recovery.reset.title'),
      body: resetPage(request, reply),
      scripts: ['/assets/password.js'],
    });
  });

  app.post('/password/reset', async (request, reply) => {
    try {
      const input = validate(resetPasswordSchema, request.body);
      await resetPassword(
        deps(),
        {
          token: readResetToken(request, config),
          bindingSecret: readBinding(request, config),
          newPassword: input.newPassword,
          confirmPassword: input.confirmPassword,
        },
        clientContext(request),
      );
      clearRecoveryCookies(reply, config);
      return reply.redirect('/password/reset/done', 303);
    } catch (error) {
      if (!(error instanceof AppError) || error.status >= 500) throw error;
      if (error.code === RecoveryErrorCode.RESET_WRONG_BROWSER)
        return tokenPage(request, reply, 'wrong_browser');
      if (error.code === RecoveryErrorCode.RESET_TOKEN_INVALID) return tokenPage(request, reply, 'invalid');
      setRetryAfter(reply, error);
      const errors = error instanceof ValidationError ? error.fields : { _form: error.messageKey };
      return reply.page(
        {
          title: request.t('recovery.reset.title'),
          body: resetPage(request, reply, errors),
          scripts: ['/assets/password.js'],
        },
        error.status,
      );
    }
  });

  app.get('/password/reset/done', async (request, reply) =>
    reply.page({ title: request.t('recovery.done.title'), body: donePage(request) }),
  );

  // JSON API: the same rules. The binding cookie set by the forgot call must accompany the reset.
  app.post('/api/password/forgot', async (request, reply) => {
    await ask(request, reply, request.body);
    return reply.code(202).send({ status: 'sent' });
  });

  app.post('/api/password/reset', async (request, reply) => {
    const input = validate(apiResetPasswordSchema, request.body);
    await resetPassword(
      deps(),
      { ...input, bindingSecret: readBinding(request, config) },
      clientContext(request),
    );
    clearRecoveryCookies(reply, config);
    return reply.code(200).send({ status: 'changed' });
  });
}
