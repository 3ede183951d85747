import { fileURLToPath } from 'node:url';
import fastifyCookie from '@fastify/cookie';
import fastifyCsrf from '@fastify/csrf-protection';
import fastifyFormbody from '@fastify/formbody';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { resetRequestQueuePlugin } from './flows/recovery/queue-plugin.js';
import { featureRoutes } from './routes.js';
import type { AppServices } from './services.js';
import { viewerPlugin } from './sessions/viewer-plugin.js';
import { requestContext } from './web/context.js';
import { csrfGuard } from './web/csrf-guard.js';
import { errorHandling, handleFrameworkError } from './web/error-handler.js';
import { metricsRoutes } from './web/routes/metrics.js';
import { securityHeaders } from './web/security-headers.js';

declare module 'fastify' {
  interface FastifyInstance {
    services: AppServices;
  }
}

export interface BuildAppOptions {
  readonly services: AppServices;
  readonly logger: Logger | false;
}

const publicDir = fileURLToPath(new URL('../public/', import.meta.url));

/** A body of nothing but white space (stops at its first other character). */
const blank = /^\s*$/;

/** Wires the layers: external plugins, then the app's own, then the feature routes. */
export async function buildApp({ services, logger }: BuildAppOptions): Promise<FastifyInstance> {
  const { config } = services;
  const app = Fastify({
    loggerInstance: logger || undefined,
    logger: logger ? undefined : false,
    trustProxy: config.trustedProxies.length ? [...config.trustedProxies] : false,
    bodyLimit: 64 * 1024,
    routerOptions: { maxParamLength: 200 },
    frameworkErrors: handleFrameworkError,
  }) as unknown as FastifyInstance;
  app.decorate('services', services);
  // An empty (or blank) body sent as JSON is no body: HTTP clients that set the type on every call (a
  // DELETE /api/session) would otherwise be refused. Any other body goes to Fastify's own parser.
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) =>
    // Tested in place, not trimmed: every login's body passes here, and a copy of it would be waste.
    blank.test(body as string) ? done(null, undefined) : parseJson(request, body as string, done),
  );

  // External layer.
  await app.register(fastifyCookie);
  await app.register(fastifyFormbody, { bodyLimit: 64 * 1024 });
  await app.register(fastifyCsrf, {
    cookieKey: config.secureCookies ? '__Host-gh_csrf' : 'gh_csrf',
    cookieOpts: { path: '/', sameSite: 'lax', httpOnly: true, secure: config.secureCookies, signed: false },
  });
  await app.register(fastifyStatic, {
    root: publicDir,
    prefix: '/assets/',
    maxAge: '1h',
    decorateReply: false,
  });

  // App layer.
  await app.register(requestContext);
  await app.register(securityHeaders, {
    hsts: config.mode === 'production',
    captcha: config.captcha.provider,
  });
  await app.register(errorHandling);
  await app.register(viewerPlugin);
  await app.register(resetRequestQueuePlugin);
  await app.register(csrfGuard, { publicOrigin: config.publicUrl.origin });
  await app.register(metricsRoutes);

  // Feature routes.
  for (const routes of featureRoutes) await app.register(routes);
  return app;
}
