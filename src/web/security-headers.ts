import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

const csp = [
  "default-src 'self'",
  "script-src 'self'",
  // The ALTCHA widget solves its proof of work in a worker built from a blob.
  "worker-src 'self' blob:",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "object-src 'none'",
].join('; ');

/** The headers every answer carries (also those sent before any hook runs). */
export function securityHeaderValues(hsts: boolean): Record<string, string> {
  return {
    'content-security-policy': csp,
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
  async (app: FastifyInstance, opts: { hsts: boolean }) => {
    const headers = securityHeaderValues(opts.hsts);
    app.addHook('onSend', async (_request, reply, payload) => {
      reply.headers(headers);
      return payload;
    });
  },
  { name: 'security-headers' },
);
