import { setRetryAfter } from '../../web/error-handler.js';
import { truncateCharacters } from '../../accounts/email.js';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { clearSessionCookie, readSessionToken, setSessionCookie } from '../../sessions/cookie.js';
import { captchaFor } from '../../captcha/captcha.js';
import { hashToken } from '../../crypto/tokens.js';
import { safeNextPath } from '../../web/context.js';
import { AppError, validate } from '../../web/errors.js';
import { passwordScript } from '../../web/password-field.js';
import { LoginErrorCode } from './errors.js';
import { readDeviceTags, rememberDevice } from './known-device.js';
import { ipRateLimitKey } from '../../net/ip-key.js';
import { attemptThrottleFor, networkNeedsCaptcha } from './throttle.js';
import './openapi.js';
import { loginFormSchema, loginSchema } from './schema.js';
import {
  type LoginCaptcha,
  type LoginDeps,
  LoginRefusal,
  landingFor,
  endOtherSession,
  logIn,
  logOut,
  logOutEverywhere,
} from './service.js';
import { accountNotices, accountPage, loginNotices, loginPage } from './views.js';

/** A key of `notices`, or nothing: what a query parameter may name. */
const noticeOf = <Notice extends string>(notices: Record<Notice, unknown>) =>
  z.enum(Object.keys(notices) as [Notice, ...Notice[]]).optional();

const accountPageQuery = z.object({ ended: noticeOf(accountNotices) });

const loginPageQuery = z.object({
  next: z.string().max(2048).optional(),
  out: noticeOf(loginNotices),
});

function requestContext(request: FastifyRequest) {
  const ua = request.headers['user-agent'];
  return { ip: request.ip, userAgent: typeof ua === 'string' ? ua.slice(0, 512) : null };
}

/** Login, logout, the dashboard placeholder and the session API. */
export async function loginRoutes(app: FastifyInstance): Promise<void> {
  const { config } = app.services;
  const throttle = attemptThrottleFor(app.services);
  const deps = (): LoginDeps => ({
    services: app.services,
    sessions: app.sessions,
    captcha: loginCaptcha(app),
    throttle,
  });

  const signIn = async (
    request: FastifyRequest,
    reply: FastifyReply,
    body: unknown,
    schema: typeof loginSchema | typeof loginFormSchema,
  ) => {
    const input = validate(schema, body);
    const tags = readDeviceTags(request, config);
    const result = await logIn(deps(), input, {
      ...requestContext(request),
      locale: request.locale,
      deviceTags: tags,
      captchaPayload: captchaPayloadFrom(app, body),
    });
    // Session fixation: whatever session this browser had ends; the new token is fresh.
    const previous = readSessionToken(request, config);
    if (previous) await app.sessions.end(hashToken(previous));
    setSessionCookie(reply, config, result.prepared.token, result.prepared.session);
    rememberDevice(reply, config, tags, result.accountId, result.passwordChangedAt);
    return result;
  };

  app.get('/login', async (request, reply) => {
    const query = loginPageQuery.safeParse(request.query);
    const next = query.success ? query.data.next : undefined;
    if (request.viewer) return reply.redirect(landingFor(request.viewer.status, next), 303);
    const notice = query.success ? query.data.out : undefined;
    const safeNext = next && safeNextPath(next, '') ? next : undefined;
    const captcha = (await networkNeedsCaptcha(app.services, ipRateLimitKey(request.ip)))
      ? renderCaptcha(app, request)
      : undefined;
    return reply.page({
      title: request.t('login.title'),
      body: loginPage(request, reply, { next: safeNext, notice, captcha }),
      scripts: [passwordScript],
    });
  });

  app.post('/login', async (request, reply) => {
    const fields = (request.body ?? {}) as Record<string, unknown>;
    const email = typeof fields.email === 'string' ? truncateCharacters(fields.email, 254) : '';
    const next = typeof fields.next === 'string' && safeNextPath(fields.next, '') ? fields.next : undefined;
    const remember = fields.remember === 'on';
    try {
      const result = await signIn(request, reply, request.body, loginFormSchema);
      return reply.redirect(result.redirect, 303);
    } catch (error) {
      if (!(error instanceof AppError) || error.status >= 500) throw error;
      setRetryAfter(reply, error);
      // A refusal for another reason (a field left empty, a locked account) keeps the captcha the
      // network needs, so the next try is not refused for the lack of it.
      const needsCaptcha =
        (error instanceof LoginRefusal && error.captchaNeeded) ||
        (await networkNeedsCaptcha(app.services, ipRateLimitKey(request.ip)));
      return reply.page(
        {
          title: request.t('login.title'),
          body: loginPage(request, reply, {
            email,
            remember,
            next,
            errors: error.fields,
            errorParams: error.params,
            captcha: needsCaptcha ? renderCaptcha(app, request) : undefined,
          }),
          scripts: [passwordScript],
        },
        error.status,
      );
    }
  });

  app.post('/logout', async (request, reply) => {
    if (request.viewer) await logOut(deps(), request.viewer, requestContext(request));
    clearSessionCookie(reply, config);
    return reply.redirect('/login?out=1', 303);
  });

  app.get('/account', async (request, reply) => {
    const viewer = request.viewer;
    if (!viewer) return reply.redirect('/login?next=%2Faccount', 303);
    if (viewer.status !== 'active') return reply.redirect(landingFor(viewer.status, undefined), 303);
    const [account, sessions] = await Promise.all([
      app.services.db
        .selectFrom('accounts')
        .select(['email', 'phone'])
        .where('id', '=', viewer.accountId)
        .executeTakeFirstOrThrow(),
      app.sessions.list(viewer.accountId),
    ]);
    const query = accountPageQuery.safeParse(request.query);
    return reply.page({
      title: request.t('account.title'),
      body: accountPage(request, reply, {
        notice: query.success ? query.data.ended : undefined,
        displayName: viewer.displayName,
        email: account.email,
        phone: account.phone,
        sessions,
        currentIdHash: viewer.sessionIdHash,
      }),
    });
  });

  // One device's session ended from the account page (its row's End button).
  app.post('/account/sessions/end', async (request, reply) => {
    const viewer = request.viewer;
    // A tab whose own session ended meanwhile ends nothing, and says so after the login.
    const nothingEnded = () => {
      clearSessionCookie(reply, config);
      return reply.redirect('/login?next=%2Faccount&out=expired-end', 303);
    };
    if (!viewer) return nothingEnded();
    if (viewer.status !== 'active') return reply.redirect(landingFor(viewer.status, undefined), 303);
    const fields = (request.body ?? {}) as Record<string, unknown>;
    const reference = typeof fields.session === 'string' ? fields.session.slice(0, 64) : '';
    const outcome = await endOtherSession(deps(), viewer, reference, requestContext(request));
    if (outcome === 'viewerGone') return nothingEnded();
    if (outcome === 'current') {
      await logOut(deps(), viewer, requestContext(request));
      clearSessionCookie(reply, config);
      return reply.redirect('/login?out=1', 303);
    }
    const ended = outcome === 'ended' ? '1' : outcome === 'newer' ? 'newer' : '0';
    return reply.redirect(`/account?ended=${ended}`, 303);
  });

  app.post('/account/logout-everywhere', async (request, reply) => {
    clearSessionCookie(reply, config);
    // A tab left open past its session's end can end nothing: say so and ask to log in, rather
    // than "logged out on every device" while the other sessions live on.
    if (!request.viewer) return reply.redirect('/login?next=%2Faccount&out=expired', 303);
    await logOutEverywhere(deps(), request.viewer.accountId, requestContext(request));
    return reply.redirect('/login?out=all', 303);
  });

  // JSON API: the same rules, stable error codes.
  app.post('/api/session', async (request, reply) => {
    try {
      const result = await signIn(request, reply, request.body, loginSchema);
      return reply.code(200).send({
        account: { id: result.accountId, status: result.status },
        next: result.redirect,
        session: {
          expiresAt: new Date(result.prepared.session.expiresAt).toISOString(),
          remember: result.prepared.session.remember,
        },
      });
    } catch (error) {
      if (error instanceof LoginRefusal && error.captchaNeeded) reply.header('x-captcha-required', '1');
      throw error;
    }
  });

  app.get('/api/session', async (request, reply) => {
    const viewer = request.viewer;
    if (!viewer) throw notAuthenticated();
    const found = app.sessions.cache.get(viewer.sessionIdHash);
    return reply.header('cache-control', 'no-store').send({
      account: { id: viewer.accountId, status: viewer.status, displayName: viewer.displayName },
      session: found
        ? {
            createdAt: new Date(found.session.createdAt).toISOString(),
            expiresAt: new Date(found.session.expiresAt).toISOString(),
            remember: found.session.remember,
          }
        : null,
    });
  });

  app.delete('/api/session', async (request, reply) => {
    if (!request.viewer) throw notAuthenticated();
    await logOut(deps(), request.viewer, requestContext(request));
    clearSessionCookie(reply, config);
    return reply.code(204).send();
  });
}

function notAuthenticated(): AppError {
  return new AppError(LoginErrorCode.NOT_SIGNED_IN, 401, 'login.required');
}

function loginCaptcha(app: FastifyInstance): LoginCaptcha {
  return captchaFor(app);
}

function captchaPayloadFrom(app: FastifyInstance, body: unknown): unknown {
  return captchaFor(app).payloadFrom(body);
}

function renderCaptcha(app: FastifyInstance, request: FastifyRequest) {
  return captchaFor(app).renderWidget(request);
}
