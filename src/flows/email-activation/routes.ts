import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, validate } from '../../web/errors.js';
import { alert } from '../../web/components.js';
import { apiErrorSchema, registerApiOperation } from '../../web/openapi.js';
import { requestContextOf } from '../context.js';
import { apiViewerAt, forgetCachedViewer, redirectUnlessAt } from '../steps.js';
import { EmailActivationErrorCodes } from './errors.js';
import { activateApiSchema, activationResultSchema } from './schema.js';
import { clearSessionCookie } from '../../sessions/cookie.js';
import {
  abandonSignUp,
  activateAccount,
  inspectActivationToken,
  readEmailStep,
  resendActivation,
  resendForExpiredLink,
  type TokenState,
} from './service.js';
import {
  type LinkProblem,
  renderActivationConfirmPage,
  renderActivationDonePage,
  renderActivationProblemPage,
  renderEmailPendingPage,
} from './views.js';

registerApiOperation({
  method: 'post',
  path: '/api/registration/email/resend',
  tag: 'Registration',
  summary: 'Send the activation email again (60 s cooldown, 5 a day); older links stop working',
  session: true,
  responses: {
    200: { description: 'Sent', schema: activationResultSchema },
    429: { description: 'Cooldown or cap', schema: apiErrorSchema },
  },
  errorCodes: EmailActivationErrorCodes,
});
registerApiOperation({
  method: 'post',
  path: '/api/registration/email/abandon',
  tag: 'Registration',
  summary:
    'A mistyped email: the sign-up closes and frees the email (its links stop working, its sessions end); sign up again with the right address',
  session: true,
  responses: { 204: { description: 'Sign-up closed, email free, sessions ended' } },
  errorCodes: EmailActivationErrorCodes,
});
registerApiOperation({
  method: 'post',
  path: '/api/registration/activate',
  tag: 'Registration',
  summary: 'Activate the account with the token from the emailed link (single use, 24 hours)',
  requestBody: activateApiSchema,
  responses: {
    200: { description: 'The account is active: log in', schema: activationResultSchema },
    400: { description: 'Unknown token', schema: apiErrorSchema },
    409: { description: 'Already used', schema: apiErrorSchema },
    410: {
      description: 'Expired, replaced by a newer email, or the sign-up was cancelled',
      schema: apiErrorSchema,
    },
  },
  errorCodes: EmailActivationErrorCodes,
});

registerApiOperation({
  method: 'post',
  path: '/api/registration/activate/resend',
  tag: 'Registration',
  summary:
    "Send a new activation email for an expired link (no session needed), as the expired link's page does",
  description:
    "The new email goes to the sign-up's own address, within the same 60 s cooldown and five a day as `/api/registration/email/resend`; the expired link stays dead.",
  requestBody: activateApiSchema,
  responses: {
    200: { description: 'Sent', schema: activationResultSchema },
    400: { description: 'Unknown token', schema: apiErrorSchema },
    409: { description: 'The link was used, or still works', schema: apiErrorSchema },
    410: { description: 'The sign-up was cancelled', schema: apiErrorSchema },
    429: { description: 'Cooldown or cap', schema: apiErrorSchema },
  },
  errorCodes: EmailActivationErrorCodes,
});

/** The page's word for an activation refused by the API's code (src/flows/email-activation/service.ts). */
const linkProblemOf: Readonly<Record<string, LinkProblem>> = {
  TOKEN_USED: 'used',
  TOKEN_EXPIRED: 'expired',
  TOKEN_CANCELLED: 'cancelled',
  TOKEN_INVALID: 'invalid',
};

function tokenParam(request: FastifyRequest): string {
  const token = (request.params as { token?: unknown }).token;
  return typeof token === 'string' ? token : '';
}

export async function emailActivationRoutes(app: FastifyInstance): Promise<void> {
  const { services } = app;

  const pendingPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    extra: { resent?: boolean; problem?: string } = {},
    status = 200,
  ) => {
    const state = await readEmailStep(services, request.viewer!.accountId);
    return renderEmailPendingPage(request, reply, { ...state, ...extra }, status);
  };

  app.get('/register/email', async (request, reply) => {
    if (await redirectUnlessAt(request, reply, ['pending_email'])) return reply;
    return pendingPage(request, reply, {
      resent: (request.query as Record<string, unknown>).notice === 'resent',
    });
  });

  app.post('/register/email/resend', async (request, reply) => {
    if (await redirectUnlessAt(request, reply, ['pending_email'])) return reply;
    try {
      await resendActivation(services, request.viewer!.accountId, requestContextOf(request));
      return reply.redirect('/register/email?notice=resent', 303);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      const params = error.params;
      return pendingPage(request, reply, { problem: request.t(error.messageKey, params) }, error.status);
    }
  });

  /** A mistyped address: the sign-up closes and frees the email; this browser starts anew. */
  const abandon = async (request: FastifyRequest, reply: FastifyReply) => {
    await abandonSignUp(services, app.sessions, request.viewer!.accountId, requestContextOf(request));
    clearSessionCookie(reply, services.config);
  };

  app.post('/register/email/abandon', async (request, reply) => {
    if (await redirectUnlessAt(request, reply, ['pending_email'])) return reply;
    await abandon(request, reply);
    return reply.redirect('/register', 303);
  });

  app.post('/api/registration/email/abandon', async (request, reply) => {
    await apiViewerAt(request, ['pending_email']);
    await abandon(request, reply);
    return reply.code(204).send();
  });

  /**
   * The link's own state, its pages in the account's language: the link comes from an email in
   * that language and may be opened in a browser that asks for another.
   */
  const inspectLink = async (request: FastifyRequest, token: string): Promise<TokenState> => {
    const state = await inspectActivationToken(services, token);
    if (state.kind !== 'invalid') request.preferLocale(state.locale);
    return state;
  };

  /** Why a link (in `state`) no longer works, with the status that state calls for. */
  const linkProblemPage = (
    request: FastifyRequest,
    reply: FastifyReply,
    token: string,
    state: Exclude<TokenState, { kind: 'valid' }>,
  ) =>
    renderActivationProblemPage(
      request,
      reply,
      { problem: state.kind, token, ...(state.kind === 'expired' ? { email: state.email } : {}) },
      state.kind === 'invalid' ? 404 : state.kind === 'expired' || state.kind === 'cancelled' ? 410 : 409,
    );

  /**
   * Consumes the token of a link found valid (`state`, read once) and says Done, or says why the
   * link no longer works. A link that turned out not to be valid is shown as it is, without an
   * attempt; one that stopped being so in between (used in another tab) by the refusal's code.
   */
  const activateFromLink = async (
    request: FastifyRequest,
    reply: FastifyReply,
    token: string,
    state: TokenState,
  ) => {
    if (state.kind !== 'valid') return linkProblemPage(request, reply, token, state);
    try {
      const accountId = await activateAccount(services, token, requestContextOf(request));
      forgetCachedViewer(request, accountId);
      return renderActivationDonePage(request, reply);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      const problem = linkProblemOf[error.code] ?? 'invalid';
      return renderActivationProblemPage(
        request,
        reply,
        { problem, token, ...(problem === 'expired' ? { email: state.email } : {}) },
        error.status,
      );
    }
  };

  app.get('/activate/:token', async (request, reply) => {
    const token = tokenParam(request);
    const state = await inspectLink(request, token);
    reply.header('referrer-policy', 'no-referrer');
    if (state.kind === 'valid') {
      // The browser that signed up brings the link from the mailbox: the click on it is the one
      // click the customer makes. A mail scanner, or any browser without this sign-up's session,
      // only sees the button, so fetching the link changes nothing. Nor does a HEAD (a preview or
      // a prefetch, which Fastify answers with this handler), whatever cookie it carries.
      if (request.method === 'GET' && request.viewer?.accountId === state.accountId)
        return activateFromLink(request, reply, token, state);
      return renderActivationConfirmPage(request, reply, token, state.email);
    }
    return linkProblemPage(request, reply, token, state);
  });

  app.post('/activate/:token', async (request, reply) => {
    const token = tokenParam(request);
    return activateFromLink(request, reply, token, await inspectLink(request, token));
  });

  app.post('/activate/:token/resend', async (request, reply) => {
    const token = tokenParam(request);
    // Read once: its language for the page, its state for what to do and what to show.
    const state = await inspectLink(request, token);
    if (state.kind !== 'expired') {
      const problem = state.kind === 'valid' ? 'invalid' : state.kind;
      return renderActivationProblemPage(request, reply, { problem, token }, 400);
    }
    const page = { problem: 'expired', token, email: state.email } as const;
    try {
      await resendActivation(services, state.accountId, requestContextOf(request));
      return renderActivationProblemPage(
        request,
        reply,
        {
          ...page,
          notice: alert('success', request.t('emailActivation.resent', { email: state.email })),
        },
        200,
      );
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      return renderActivationProblemPage(
        request,
        reply,
        {
          ...page,
          notice: alert('error', request.t(error.messageKey, error.params).replace(/<[^>]+>/g, '')),
        },
        error.status,
      );
    }
  });

  app.post('/api/registration/email/resend', async (request, reply) => {
    const { accountId } = await apiViewerAt(request, ['pending_email']);
    await resendActivation(services, accountId, requestContextOf(request));
    return reply.send({ status: 'pending_email' });
  });

  app.post('/api/registration/activate/resend', async (request, reply) => {
    const { token } = validate(activateApiSchema, request.body);
    await resendForExpiredLink(services, token, requestContextOf(request));
    return reply.send({ status: 'pending_email' });
  });

  app.post('/api/registration/activate', async (request, reply) => {
    const { token } = validate(activateApiSchema, request.body);
    const accountId = await activateAccount(services, token, requestContextOf(request));
    forgetCachedViewer(request, accountId);
    return reply.send({ status: 'active' });
  });
}
