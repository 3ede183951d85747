import { z } from 'zod';
import { registerApiOperation } from '../../web/openapi.js';
import { apiResetPasswordSchema, forgotPasswordSchema } from './schema.js';

registerApiOperation({
  method: 'post',
  path: '/api/password/forgot',
  tag: 'Forgotten password',
  summary: 'Ask for a password reset link; sets the binding cookie',
  description:
    'Always answers 202 for a well-formed email, whether or not an account has it. If one does, a message with the subject "Forgotten login details" carries a link `PUBLIC_URL/password/reset?token=…`, valid once and for 1 hour, and only together with the binding cookie this response sets. A newer request kills older links.',
  requestBody: forgotPasswordSchema,
  responses: { 202: { description: 'Accepted', schema: z.object({ status: z.literal('sent') }) } },
  errorCodes: {
    VALIDATION_FAILED: '400, not an email address',
    RESET_RATE_LIMITED: '429, too many requests from this network; see Retry-After',
  },
});

registerApiOperation({
  method: 'post',
  path: '/api/password/reset',
  tag: 'Forgotten password',
  summary: 'Set a new password with the emailed token (binding cookie required)',
  description:
    'Consumes the token once. Every session of the account ends and the holder is notified by email; nobody is logged in by it.',
  // As the policy judges it (the schema reads up to 1,024 characters, so that a longer one gets
  // the policy's own message rather than a generic one).
  requestBody: apiResetPasswordSchema.extend({
    newPassword: z
      .string()
      .min(8)
      .max(128)
      .describe('8 to 128 characters; not a commonly used password, not the email or a name'),
  }),
  responses: { 200: { description: 'Changed', schema: z.object({ status: z.literal('changed') }) } },
  errorCodes: {
    VALIDATION_FAILED: '400, the passwords differ (`password.mismatch`) or break the policy',
    RESET_WRONG_BROWSER: '403, the binding cookie of the browser that asked is missing',
    RESET_TOKEN_INVALID: '410, unknown, expired, used, superseded, or the password or email changed since',
    RESET_RATE_LIMITED: '429, too many attempts from this network',
  },
});
