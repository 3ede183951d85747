import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Config } from '../config/config.js';

/**
 * Origins a hosted captcha loads its script, frames and styles from. The default (ALTCHA) is
 * self-hosted and needs none, so the policy stays `'self'` only unless an operator chose one.
 */
const captchaOrigins: Record<Config['captcha']['provider'], string> = {
  altcha: '',
  turnstile: ' https://challenges.cloudflare.com',
  hcaptcha: ' https://hcaptcha.com https://*.hcaptcha.com',
};

function contentSecurityPolicy(captcha: Config['captcha']['provider']): string {
  const hosted = captchaOrigins[captcha];
  return [
    "default-src 'self'",
    `script-src 'self'${hosted}`,
    // The ALTCHA widget solves its proof of work in a worker built from a blob.
    "worker-src 'self' blob:",
    `style-src 'self'${hosted}`,
    "img-src 'self' data:",
    `connect-src 'self'${hosted}`,
    `frame-src ${hosted ? hosted.trim() : "'none'"}`,
    "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "object-src 'none'",
  ].join('; ');
}

/** The headers every answer carries (also those sent before any hook runs). */
export function securityHeaderValues(
  hsts: boolean,
  captcha: Config['captcha']['provider'] = 'altcha',
): Record<string, string> {
  return {
    'content-security-policy': contentSecurityPolicy(captcha),
    'referrer-policy': 'no-referrer',
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'cross-origin-opener-policy': 'same-origin',
    'permissions-policy': 'camera=(), microphone=(), geolocation=()',
    ...(hsts ? { 'strict-transport-security': 'max-age=31536000; includeSubDomains' } : {}),
  };
}

/** Strict CSP (own origin only, no inline script), no referrer, no framing; HSTS in production. */
export const securityHeaders = fp(
  async (app: FastifyInstance, opts: { hsts: boolean; captcha: Config['captcha']['provider'] }) => {
    const headers = securityHeaderValues(opts.hsts, opts.captcha);
    app.addHook('onSend', async (_request, reply, payload) => {
      reply.headers(headers);
      return payload;
    });
  },
  { name: 'security-headers' },
);
