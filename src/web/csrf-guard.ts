import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { AppError } from './errors.js';

const unsafeMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Every state-changing request must prove it comes from our own pages:
 * forms carry a token bound to a cookie (double submit, signed by @fastify/csrf-protection);
 * the JSON API accepts only `application/json`, which a cross-site page cannot send without a
 * CORS preflight we never grant, and refuses a foreign Origin outright.
 */
export const csrfGuard = fp(
  async (app: FastifyInstance, opts: { publicOrigin: string }) => {
    app.addHook('preHandler', (request: FastifyRequest, reply: FastifyReply, done: (err?: Error) => void) => {
      if (!unsafeMethods.has(request.method)) return done();
      const site = request.headers['sec-fetch-site'];
      const origin = request.headers.origin;
      const foreignOrigin =
        origin !== undefined &&
        origin !== 'null' &&
        origin !== opts.publicOrigin &&
        !sameHost(origin, request);
      // Under `Referrer-Policy: no-referrer` browsers send `Origin: null` even for our own forms;
      // then Sec-Fetch-Site (sent by every current browser) must vouch for the request.
      const opaqueOrigin = origin === 'null' && site !== 'same-origin';
      if (site === 'cross-site' || foreignOrigin || opaqueOrigin) {
        return done(new AppError('CSRF_REJECTED', 403, 'error.csrf.text'));
      }
      const api = request.url.startsWith('/api/');
      if (api) {
        const type = request.headers['content-type'] ?? '';
        if (request.body !== undefined && !type.toLowerCase().startsWith('application/json')) {
          return done(new AppError('UNSUPPORTED_MEDIA_TYPE', 415, 'error.api.mediaType'));
        }
      }
      // Every body carries named fields: a list or a bare value (JSON a script sent) has no
      // field an error could point at. Checked here once, so no schema has to.
      const body = request.body;
      if (body !== undefined && (typeof body !== 'object' || body === null || Array.isArray(body))) {
        return done(
          new AppError('BAD_REQUEST', 400, api ? 'error.bodyNotAnObject.text' : 'error.badRequest.text'),
        );
      }
      if (api) return done();
      app.csrfProtection(request, reply, done);
    });
  },
  { name: 'csrf-guard', dependencies: ['@fastify/csrf-protection'] },
);

/** The browser's Origin matches the host it talked to (a local run on another port). */
function sameHost(origin: string, request: FastifyRequest): boolean {
  try {
    return new URL(origin).host === request.headers.host;
  } catch {
    return false;
  }
}
