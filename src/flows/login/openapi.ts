import { z } from 'zod';
import { registerApiOperation } from '../../web/openapi.js';
import { loginSchema } from './schema.js';

const accountRef = z.object({
  id: z.string(),
  status: z.enum(['pending_phone', 'pending_email', 'active', 'locked', 'closed']),
});

registerApiOperation({
  method: 'post',
  path: '/api/session',
  tag: 'Login',
  summary: 'Log in with email and password; sets the session cookie',
  description:
    'A wrong email and a wrong password get the same answer. After a few failures a captcha is required (`captcha`: the ALTCHA object `{ challenge, solution }` or its base64 JSON, as `/api/captcha/challenge` describes); failures of one email from one network are locked out for growing periods. A new session token is issued at every login. `next` is followed only when it is a same-origin relative path; pending accounts go to their sign-up step.',
  requestBody: loginSchema.omit({ remember: true }).extend({ remember: z.boolean().optional() }),
  responses: {
    200: {
      description: 'Logged in',
      schema: z.object({
        account: accountRef,
        next: z.string().describe('Where a browser would go next'),
        session: z.object({ expiresAt: z.string(), remember: z.boolean() }),
      }),
    },
  },
  errorCodes: {
    VALIDATION_FAILED: '400, a field is missing, too long or not of its type (error.fields names each)',
    INVALID_CREDENTIALS: '401, the email or password is not correct',
    CAPTCHA_REQUIRED: '401, solve a captcha and send it as `captcha` (header x-captcha-required: 1)',
    ACCOUNT_LOCKED: '403, the password is right but the account is locked',
    LOGIN_THROTTLED: '429, too many failures; see Retry-After',
    CSRF_REJECTED: '403, a foreign Origin',
  },
});

registerApiOperation({
  method: 'get',
  path: '/api/session',
  tag: 'Login',
  summary: 'The current session and its account',
  session: true,
  responses: {
    200: {
      description: 'Signed in',
      schema: z.object({
        account: accountRef.extend({ displayName: z.string() }),
        session: z.object({ createdAt: z.string(), expiresAt: z.string(), remember: z.boolean() }).nullable(),
      }),
    },
  },
  errorCodes: { NOT_SIGNED_IN: '401, no live session' },
});

registerApiOperation({
  method: 'delete',
  path: '/api/session',
  tag: 'Login',
  summary: 'Log out: ends the session on the server and clears the cookie',
  session: true,
  responses: { 204: { description: 'Logged out' } },
  errorCodes: { NOT_SIGNED_IN: '401, no live session', CSRF_REJECTED: '403, a foreign Origin' },
});
