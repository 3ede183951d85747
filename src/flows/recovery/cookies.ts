import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../../config/config.js';

/**
 * Two short-lived HttpOnly cookies: the binding secret set by the browser that asked for the
 * reset (the token works only beside it), and the token itself once the emailed link was
 * opened, so the token leaves the address bar before any page renders.
 */
const lifetimeSeconds = 60 * 60;

export function bindingCookieName(config: Config): string {
  return config.secureCookies ? '__Host-gh_reset_binding' : 'gh_reset_binding';
}

export function tokenCookieName(config: Config): string {
  return config.secureCookies ? '__Host-gh_reset_token' : 'gh_reset_token';
}

const options = (config: Config) => ({
  path: '/',
  httpOnly: true,
  secure: config.secureCookies,
  sameSite: 'lax' as const,
});

function readBounded(request: FastifyRequest, name: string): string | undefined {
  const value = request.cookies[name];
  return value && value.length <= 128 ? value : undefined;
}

export function readBinding(request: FastifyRequest, config: Config): string | undefined {
  return readBounded(request, bindingCookieName(config));
}

export function readResetToken(request: FastifyRequest, config: Config): string | undefined {
  return readBounded(request, tokenCookieName(config));
}

export function setBinding(reply: FastifyReply, config: Config, secret: string): void {
  reply.setCookie(bindingCookieName(config), secret, { ...options(config), maxAge: lifetimeSeconds });
}

export function setResetToken(reply: FastifyReply, config: Config, token: string): void {
  reply.setCookie(tokenCookieName(config), token, { ...options(config), maxAge: lifetimeSeconds });
}

export function clearRecoveryCookies(reply: FastifyReply, config: Config): void {
  reply.clearCookie(bindingCookieName(config), options(config));
  reply.clearCookie(tokenCookieName(config), options(config));
}
