import { setRetryAfter } from '../web/error-handler.js';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { captchaFailed, captchaFor, withUnsolvedCaptcha } from '../captcha/captcha.js';
import { requestContextOf } from '../flows/context.js';
import { alert } from '../web/components.js';
import { keepTypedScript } from '../web/layout.js';
import { AppError, ValidationError, validate } from '../web/errors.js';
import { type ContactRequest, contactRequestSchemaFor, supportTopics } from './schema.js';
import { requestNumber, submitContactRequest } from './service.js';
import { type ContactValues, contactPage, formatDue, sentPage } from './views.js';

const keptFields = ['topic', 'name', 'contact', 'services', 'smsPhone', 'smsTimes', 'message'] as const;

/**
 * What the form shows back after an error: the customer's own text, whole (the body limit
 * bounds it), so a message too long is shortened by its writer, not cut where we choose.
 */
function keptValues(body: unknown): ContactValues {
  const record = body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  return Object.fromEntries(
    keptFields.map((name) => [name, typeof record[name] === 'string' ? (record[name] as string) : undefined]),
  );
}

const topicQuery = z.object({ topic: z.enum(supportTopics).optional().catch(undefined) });
const sentParams = z.object({ id: z.string().uuid() });

/** The public contact form: the support desk's door for customers who cannot log in. */
export async function supportRoutes(app: FastifyInstance): Promise<void> {
  const contactRequest = contactRequestSchemaFor(app.services.config.phone.defaultRegion);
  const title = (request: FastifyRequest) => request.t('support.contact.title');

  /** The form page; what is typed in it survives a switch of language. */
  const formPage = (
    request: FastifyRequest,
    reply: FastifyReply,
    state: Parameters<typeof contactPage>[2],
    status = 200,
  ) =>
    reply.page(
      { title: title(request), body: contactPage(request, reply, state), scripts: [keepTypedScript] },
      status,
    );

  app.get('/support/contact', async (request, reply) => {
    const { topic } = topicQuery.parse(request.query ?? {});
    return formPage(request, reply, { values: { topic } });
  });

  // A customer who cannot log in may have written a long message: a stale form gives it back.
  const staleFormPage = (request: FastifyRequest, reply: FastifyReply) =>
    formPage(
      request,
      reply,
      { values: keptValues(request.body), formError: alert('warning', request.t('error.staleForm')) },
      403,
    );

  app.post(
    '/support/contact',
    { config: { staleFormPage } },
    async (request: FastifyRequest, reply: FastifyReply) => {
      const captcha = captchaFor(app);
      const payload = captcha.payloadFrom(request.body);
      try {
        let input: ContactRequest;
        try {
          input = validate(contactRequest, request.body);
        } catch (error) {
          // Every mistake at once, an unsolved captcha among them.
          if (error instanceof ValidationError)
            throw new ValidationError(withUnsolvedCaptcha(error.fields, payload));
          throw error;
        }
        const ticket = await captcha.check(payload, request.ip);
        if (!ticket) throw captchaFailed();
        const ctx = requestContextOf(request);
        const { id } = await submitContactRequest(app.services, input, ctx, { captcha, ticket });
        return reply.redirect(`/support/contact/sent/${id}`, 303);
      } catch (error) {
        if (!(error instanceof AppError) || error.status >= 500) throw error;
        setRetryAfter(reply, error);
        const formError =
          error instanceof ValidationError || error.code === 'CAPTCHA_FAILED'
            ? undefined
            : alert('error', request.t(error.messageKey, error.params));
        return formPage(
          request,
          reply,
          { values: keptValues(request.body), errors: error.fields, formError },
          error.status,
        );
      }
    },
  );

  app.get('/support/contact/sent/:id', async (request, reply) => {
    const parsed = sentParams.safeParse(request.params);
    const row = parsed.success
      ? await app.services.db
          .selectFrom('support_requests')
          .select(['id', 'due_at'])
          .where('id', '=', parsed.data.id)
          .executeTakeFirst()
      : undefined;
    if (!row) return reply.callNotFound();
    const due = formatDue(Number(row.due_at), request.locale);
    return reply
      .header('cache-control', 'no-store')
      .page({ title: request.t('support.sent.title'), body: sentPage(request, requestNumber(row.id), due) });
  });
}
