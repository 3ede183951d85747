import type { MessageKey, MessageParams } from '../web/i18n/catalogue.js';
import { AppError, type FieldErrors } from '../web/errors.js';

/** An AppError built params-first, as the sign-up flows mostly need a wait time or tries left. */
export class FlowError extends AppError {
  constructor(
    code: string,
    status: number,
    messageKey: MessageKey,
    params: MessageParams = {},
    fields: FieldErrors = {},
    retryAfterMs?: number,
  ) {
    super(code, status, messageKey, fields, retryAfterMs, params);
  }
}

/** "Wait before sending again": 429 with the seconds left, for the SMS and the email resend alike. */
export function resendCooldownError(messageKey: MessageKey, waitMs: number): FlowError {
  return new FlowError('RESEND_COOLDOWN', 429, messageKey, { seconds: Math.ceil(waitMs / 1000) }, {}, waitMs);
}
