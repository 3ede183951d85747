import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/** Strict CSP (own origin only, no inline script), no referrer, no framing; HSTS in production. */
export const securityHeaders = fp(
  async (app: FastifyInstance, opts: { hsts: boolean }) => {
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
    app.addHook('onSend', async (_request, reply, payload) => {
      reply.header('content-security-policy', csp);
      reply.header('referrer-policy', 'no-referrer');
      reply.header('x-content-type-options', 'nosniff');
      reply.header('x-frame-options', 'DENY');
      reply.header('cross-origin-opener-policy', 'same-origin');
      reply.header('permissions-policy', 'camera=(), microphone=(), geolocation=()');
      if (opts.hsts) reply.header('strict-transport-security', 'max-age=31536000; includeSubDomains');
      return payload;
    });
  },
  { name: 'security-headers' },
);
