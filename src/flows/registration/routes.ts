import { setRetryAfter } from '../../web/error-handler.js';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { captchaFailed, captchaFor, withUnsolvedCaptcha } from '../../captcha/captcha.js';
import { setSessionCookie } from '../../sessions/cookie.js';
import { AppError, type FieldErrors, validate, ValidationError } from '../../web/errors.js';
import { apiErrorSchema, registerApiOperation } from '../../web/openapi.js';
import { requestContextOf } from '../context.js';
import { readPhoneStep } from '../phone-verification/service.js';
import { readEmailStep } from '../email-activation/service.js';
import { stepPath, apiViewerAt } from '../steps.js';
import { RegistrationErrorCodes } from './errors.js';
import { registrationApiSchema, registrationInputSchema, registrationStatusSchema } from './schema.js';
import {
  type CheckedRegistration,
  checkRegistrationFields,
  phoneAndPasswordMistakes,
  registerAccount,
} from './service.js';
import { formOrder, renderRegistrationPage, type RegistrationValues } from './views.js';
import { z } from 'zod';

const registeredSchema = z.object({
  status: z.literal('pending_phone'),
  next: z.string().describe('The next API step'),
});

registerApiOperation({
  method: 'post',
  path: '/api/registration',
  tag: 'Registration',
  summary: 'Create an account (pending phone verification) and start a session',
  description:
    'Sets the session cookie the next steps need and sends a six-digit code by SMS. An email that already has an account gets exactly the same answer; its owner is told by email.',
  requestBody: registrationApiSchema,
  responses: {
    201: {
      description: 'Registered; an SMS code is on its way (unless a cap stopped it: see status)',
      schema: registeredSchema,
    },
    400: { description: 'Invalid fields or captcha', schema: apiErrorSchema },
    429: { description: 'Too many registrations from this address', schema: apiErrorSchema },
  },
  errorCodes: RegistrationErrorCodes,
});
registerApiOperation({
  method: 'get',
  path: '/api/registration/status',
  tag: 'Registration',
  summary: 'Where the signed-in account is in the sign-up journey',
  session: true,
  responses: { 200: { description: 'The current step', schema: registrationStatusSchema } },
  errorCodes: { NOT_SIGNED_IN: 'No session' },
});

/** Form bodies are flat strings; JSON bodies may carry booleans. Anything else is dropped. */
function bodyRecord(body: unknown): Record<string, unknown> {
  return body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
}

/** What the form shows back: every field typed, never the password (nor the captcha's answer). */
const keptFields = formOrder.filter((name) => name !== 'password' && name !== 'captcha');

function formValues(body: Record<string, unknown>): RegistrationValues {
  return Object.fromEntries(
    keptFields.map((k) => [k, typeof body[k] === 'string' ? (body[k] as string) : undefined]),
  );
}

/**
 * The password is never sent back into the page: when the form returns, its field says so,
 * instead of coming back empty without a word.
 */
function withPasswordAgain(fields: FieldErrors, body: Record<string, unknown>): FieldErrors {
  const typed = typeof body.password === 'string' && body.password !== '';
  return typed && !fields.password ? { ...fields, password: 'registration.password.again' } : fields;
}

/**
 * A form with several mistakes shows them all at once: to the fields the schema refused, the
 * phone, the password policy and an unsolved captcha are added when they are wrong too (a
 * solved captcha is checked, and spent, only once everything else is valid).
 */
function everyMistake(
  request: FastifyRequest,
  body: Record<string, unknown>,
  refused: ValidationError,
): ValidationError {
  const text = (key: string) => (typeof body[key] === 'string' ? (body[key] as string) : '');
  const { fields } = phoneAndPasswordMistakes(request.server.services, {
    phone: text('phone').slice(0, 64),
    password: text('password'),
    email: text('email'),
    names: body.kind === 'company' ? [text('companyName')] : [text('firstName'), text('lastName')],
  });
  // The schema's own word on a field comes first (a missing phone is "required", not "invalid").
  const every = { ...fields, ...refused.fields };
  return new ValidationError(withUnsolvedCaptcha(every, captchaFor(request.server).payloadFrom(body)));
}

async function registerFrom(request: FastifyRequest, body: Record<string, unknown>) {
  const captcha = captchaFor(request.server);
  let checked: CheckedRegistration;
  try {
    checked = checkRegistrationFields(request.server.services, validate(registrationInputSchema, body));
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    throw everyMistake(request, body, error);
  }
  const ticket = await captcha.check(captcha.payloadFrom(body), request.ip);
  if (!ticket) throw captchaFailed();
  return registerAccount(
    request.server.services,
    request.server.sessions,
    checked,
    requestContextOf(request),
    {
      captcha,
      ticket,
    },
  );
}

export async function registrationRoutes(app: FastifyInstance): Promise<void> {
  const { config } = app.services;

  app.get('/register', async (request, reply) => {
    if (request.viewer) return reply.redirect(stepPath(request.viewer.status), 303);
    return renderRegistrationPage(request, reply);
  });

  /** The form again as it was typed (never the password), with these errors. */
  const formAgain = (
    request: FastifyRequest,
    reply: FastifyReply,
    body: Record<string, unknown>,
    errors: FieldErrors,
    status: number,
  ) => renderRegistrationPage(request, reply, formValues(body), withPasswordAgain(errors, body), status);

  // A form whose token went stale (cookies lost while it was open) comes back as typed.
  const staleFormPage = (request: FastifyRequest, reply: FastifyReply) =>
    formAgain(request, reply, bodyRecord(request.body), { _form: 'error.staleForm' }, 403);

  app.post('/register', { config: { staleFormPage } }, async (request, reply: FastifyReply) => {
    const body = bodyRecord(request.body);
    try {
      const result = await registerFrom(request, body);
      setSessionCookie(reply, config, result.token, result.session);
      return reply.redirect('/register/phone', 303);
    } catch (error) {
      if (
        error instanceof ValidationError ||
        (error instanceof AppError && error.code === 'CAPTCHA_FAILED')
      ) {
        return formAgain(request, reply, body, error.fields, 400);
      }
      if (error instanceof AppError && error.status === 429) {
        setRetryAfter(reply, error);
        return formAgain(request, reply, body, { _form: 'error.rateLimited.text' }, 429);
      }
      throw error;
    }
  });

  app.post('/api/registration', async (request, reply) => {
    const result = await registerFrom(request, bodyRecord(request.body));
    setSessionCookie(reply, config, result.token, result.session);
    return reply.code(201).send({ status: 'pending_phone', next: '/api/registration/phone/verify' });
  });

  app.get('/api/registration/status', async (request, reply) => {
    const { accountId, status } = await apiViewerAt(request, ['pending_phone', 'pending_email', 'active']);
    const phone = await readPhoneStep(app.services, accountId);
    const email = await readEmailStep(app.services, accountId);
    return reply.header('cache-control', 'no-store').send({
      status,
      phone: phone.phone,
      email: email.email,
      resendAvailableInSeconds: Math.ceil(
        (status === 'pending_phone'
          ? Math.max(phone.resendAvailableInMs, phone.smsCapWaitMs)
          : email.resendAvailableInMs) / 1000,
      ),
      codeSent: phone.codeSent,
    });
  });
}
