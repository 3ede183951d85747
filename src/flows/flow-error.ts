import type { FastifyReply, FastifyRequest } from 'fastify';
import type { MessageKey, MessageParams } from '../web/i18n/catalogue.js';
import { AppError, type FieldErrors } from '../web/errors.js';

/** An AppError whose message takes parameters (a wait time, tries left), for the sign-up flows. */
export class FlowError extends AppError {
  constructor(
    code: string,
    status: number,
    messageKey: MessageKey,
    readonly params: MessageParams = {},
    fields: FieldErrors = {},
    retryAfterMs?: number,
  ) {
    super(code, status, messageKey, fields, retryAfterMs);
  }
}

const tags = /<[^>]+>/g;

/** The API's error body, with the parameters filled in and markup removed from the message. */
export function sendApiError(request: FastifyRequest, reply: FastifyReply, error: AppError): FastifyReply {
  const params = error instanceof FlowError ? error.params : {};
  const t = request.t;
  if (error.retryAfterMs !== undefined)
    reply.header('retry-after', Math.max(1, Math.ceil(error.retryAfterMs / 1000)));
  const fields = Object.fromEntries(
    Object.entries(error.fields).map(([name, key]) => [
      name,
      { code: key, message: t(key, params).replace(tags, '') },
    ]),
  );
  return reply.code(error.status).send({
    error: {
      code: error.code,
      message: t(error.messageKey, params).replace(tags, ''),
      fields,
      ...(error.retryAfterMs !== undefined
        ? { retryAfterSeconds: Math.ceil(error.retryAfterMs / 1000) }
        : {}),
    },
  });
}

/** Runs an API handler; flow errors become the documented error body, anything else the default handler's. */
export async function withApiErrors(
  request: FastifyRequest,
  reply: FastifyReply,
  run: () => Promise<FastifyReply>,
): Promise<FastifyReply> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof AppError) return sendApiError(request, reply, error);
    throw error;
  }
}
