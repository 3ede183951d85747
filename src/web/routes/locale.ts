import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { localeCookie, safeNextPath } from '../context.js';
import { validate } from '../errors.js';
import { locales } from '../i18n/locales.js';

const switchLocaleSchema = z.object({ locale: z.enum(locales), next: z.string().max(2048).optional() });

/** The language switcher: remembered for a year in a cookie. */
export async function localeRoutes(app: FastifyInstance): Promise<void> {
  app.post('/locale', async (request, reply) => {
    const { locale, next } = validate(switchLocaleSchema, request.body);
    reply.setCookie(localeCookie, locale, {
      path: '/',
      sameSite: 'lax',
      httpOnly: true,
      secure: app.services.config.secureCookies,
      maxAge: 365 * 24 * 3600,
    });
    return reply.redirect(safeNextPath(next), 303);
  });
}
