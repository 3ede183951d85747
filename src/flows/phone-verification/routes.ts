import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ipRateLimitKey } from '../../net/ip-key.js';
import { AppError, validate } from '../../web/errors.js';
import { raw } from '../../web/html.js';
import { apiErrorSchema, registerApiOperation } from '../../web/openapi.js';
import { requestContextOf } from '../context.js';
import { apiViewerAt, forgetCachedViewer, redirectUnlessAt } from '../steps.js';
import { PhoneVerificationErrorCodes } from './errors.js';
import {
  changePhoneInputSchema,
  codeInputSchema,
  phoneApiChangeSchema,
  phoneApiCodeSchema,
  phoneStepResultSchema,
} from './schema.js';
import { changePhoneNumber, readPhoneStep, resendPhoneCode, verifyPhoneCode } from './service.js';
import { renderPhonePage, renderPhoneVerifiedPage } from './views.js';

const errorCodes = PhoneVerificationErrorCodes;
for (const [path, summary, requestBody] of [
  ['/api/registration/phone/verify', 'Verify the phone with the six-digit SMS code', phoneApiCodeSchema],
  [
    '/api/registration/phone/resend',
    'Send a new SMS code (60 s cooldown, capped a day; the old code dies)',
    undefined,
  ],
  [
    '/api/registration/phone/change',
    'Change the phone number (typo): the old code dies, a new SMS goes to the new number (a number texted in the last minute waits out the cooldown)',
    phoneApiChangeSchema,
  ],
] as const) {
  registerApiOperation({
    method: 'post',
    path,
    tag: 'Registration',
    summary,
    session: true,
    ...(requestBody ? { requestBody } : {}),
    responses: {
      200: { description: 'Done; the status says the next step', schema: phoneStepResultSchema },
      400: { description: 'Wrong, expired or used code; invalid number', schema: apiErrorSchema },
      409: {
        description: 'Not at this step, or the number was changed while a resend was asked for',
        schema: apiErrorSchema,
      },
      429: { description: 'A cap or the cooldown; see retryAfterSeconds', schema: apiErrorSchema },
    },
    errorCodes,
  });
}

const ctxOf = (request: FastifyRequest) => ({
  ...requestContextOf(request),
  ipKey: ipRateLimitKey(request.ip),
});

/** The step's own problem (caps, cooldown) as a translated alert; field errors stay next to fields. */
function problemOf(request: FastifyRequest, error: AppError) {
  // Our own catalogue text (it may link to support); its parameters are numbers and times.
  return raw(request.t(error.messageKey, error.params));
}

export async function phoneVerificationRoutes(app: FastifyInstance): Promise<void> {
  const { services } = app;

  const page = async (
    request: FastifyRequest,
    reply: FastifyReply,
    extra: Omit<Parameters<typeof renderPhonePage>[2], 'state'> = {},
    status = 200,
  ) => {
    const state = await readPhoneStep(services, request.viewer!.accountId);
    return renderPhonePage(request, reply, { ...extra, state }, status);
  };

  app.get('/register/phone', async (request, reply) => {
    if (await redirectUnlessAt(request, reply, ['pending_phone'])) return reply;
    const notice = (request.query as Record<string, unknown>).notice;
    return page(request, reply, { notice: notice === 'resent' || notice === 'changed' ? notice : undefined });
  });

  app.post('/register/phone/verify', async (request, reply) => {
    if (await redirectUnlessAt(request, reply, ['pending_phone'])) return reply;
    try {
      const { code } = validate(codeInputSchema, request.body);
      await verifyPhoneCode(services, request.viewer!.accountId, code, requestContextOf(request));
      forgetCachedViewer(request, request.viewer!.accountId);
      return reply.redirect('/register/phone/verified', 303);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      if (error.code === 'WRONG_STEP') return reply.redirect('/register/phone/verified', 303);
      const problem = error.code === 'VALIDATION_FAILED' ? undefined : problemOf(request, error);
      return page(request, reply, { codeErrors: error.fields, problem }, error.status);
    }
  });

  app.get('/register/phone/verified', async (request, reply) => {
    if (await redirectUnlessAt(request, reply, ['pending_email', 'active'])) return reply;
    const { phone } = await readPhoneStep(services, request.viewer!.accountId);
    return renderPhoneVerifiedPage(request, reply, phone);
  });

  app.post('/register/phone/resend', async (request, reply) => {
    if (await redirectUnlessAt(request, reply, ['pending_phone'])) return reply;
    try {
      await resendPhoneCode(services, request.viewer!.accountId, ctxOf(request));
      return reply.redirect('/register/phone?notice=resent', 303);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      return page(request, reply, { problem: problemOf(request, error) }, error.status);
    }
  });

  app.post('/register/phone/change', async (request, reply) => {
    if (await redirectUnlessAt(request, reply, ['pending_phone'])) return reply;
    const typed = (request.body as Record<string, unknown> | undefined)?.phone;
    const typedPhone = typeof typed === 'string' ? typed.slice(0, 64) : '';
    try {
      const { phone } = validate(changePhoneInputSchema, request.body);
      await changePhoneNumber(services, request.viewer!.accountId, phone, ctxOf(request));
      return reply.redirect('/register/phone?notice=changed', 303);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      const fieldError = Object.keys(error.fields).length > 0;
      return page(
        request,
        reply,
        {
          changeErrors: error.fields,
          typedPhone,
          problem: fieldError ? undefined : problemOf(request, error),
        },
        error.status,
      );
    }
  });

  const apiResult = async (request: FastifyRequest) => {
    const state = await readPhoneStep(services, request.viewer!.accountId);
    return {
      status: 'pending_phone' as const,
      phone: state.phone,
      resendAvailableInSeconds: Math.ceil(state.resendAvailableInMs / 1000),
    };
  };

  app.post('/api/registration/phone/verify', async (request, reply) => {
    const { accountId } = await apiViewerAt(request, ['pending_phone']);
    const { code } = validate(codeInputSchema, request.body);
    await verifyPhoneCode(services, accountId, code, requestContextOf(request));
    forgetCachedViewer(request, accountId);
    return reply.send({ status: 'pending_email' });
  });
  app.post('/api/registration/phone/resend', async (request, reply) => {
    const { accountId } = await apiViewerAt(request, ['pending_phone']);
    await resendPhoneCode(services, accountId, ctxOf(request));
    return reply.send(await apiResult(request));
  });
  app.post('/api/registration/phone/change', async (request, reply) => {
    const { accountId } = await apiViewerAt(request, ['pending_phone']);
    const { phone } = validate(changePhoneInputSchema, request.body);
    await changePhoneNumber(services, accountId, phone, ctxOf(request));
    return reply.send(await apiResult(request));
  });
}
