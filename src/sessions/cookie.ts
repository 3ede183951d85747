import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../config/config.js';
import type { Session } from './sessions.js';

/** `__Host-` needs Secure, which a plain-http local run cannot send back; so it is used only then. */
export function sessionCookieName(config: Config): string {
  return config.secureCookies ? '__Host-gh_session' : 'gh_session';
}

export function readSessionToken(request: FastifyRequest, config: Config): string | undefined {
  const value = request.cookies[sessionCookieName(config)];
  return value && value.length <= 128 ? value : undefined;
}

export function setSessionCookie(reply: FastifyReply, config: Config, token: string, session: Session): void {
  reply.setCookie(sessionCookieName(config), token, {
    path: '/',
    httpOnly: true,
    secure: config.secureCookies,
    sameSite: 'lax',
    // A remembered session survives closing the browser; a plain one does not.
    ...(session.remember ? { expires: new Date(session.expiresAt) } : {}),
  });
}

export function clearSessionCookie(reply: FastifyReply, config: Config): void {
  reply.clearCookie(sessionCookieName(config), {
    path: '/',
    httpOnly: true,
    secure: config.secureCookies,
    sameSite: 'lax',
  });
}
