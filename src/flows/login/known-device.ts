import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../../config/config.js';
import { constantTimeEqual, hmacSha256 } from '../../crypto/tokens.js';

/**
 * A long-lived cookie listing the accounts that have logged in from this browser (as keyed
 * tags, never ids). Past the per-account daily cap of failures, only such a browser may keep
 * trying, so a distributed guesser cannot lock the owner out. A tag holds the time the
 * account's password was last set: a password reset makes every browser a stranger again
 * (a thief's that logged in once among them) until it logs in with the new password.
 */
const maxTags = 8;
const lifetimeSeconds = 365 * 24 * 3600;

export function knownDeviceCookieName(config: Config): string {
  return config.secureCookies ? '__Host-gh_device' : 'gh_device';
}

export function deviceTag(config: Config, accountId: string, passwordChangedAt: number): string {
  return hmacSha256(config.secret, `known-device:${accountId}:${passwordChangedAt}`).slice(0, 32);
}

export function readDeviceTags(request: FastifyRequest, config: Config): string[] {
  const value = request.cookies[knownDeviceCookieName(config)];
  if (!value || value.length > maxTags * 33) return [];
  return value.split('.').filter((tag) => /^[0-9a-f]{32}$/.test(tag));
}

export function isKnownDevice(
  tags: readonly string[],
  config: Config,
  accountId: string,
  passwordChangedAt: number,
): boolean {
  // Most logins come from a browser without the cookie: no HMAC to compute for them.
  if (tags.length === 0) return false;
  const tag = deviceTag(config, accountId, passwordChangedAt);
  return tags.some((candidate) => constantTimeEqual(candidate, tag));
}

export function rememberDevice(
  reply: FastifyReply,
  config: Config,
  tags: readonly string[],
  accountId: string,
  passwordChangedAt: number,
): void {
  const tag = deviceTag(config, accountId, passwordChangedAt);
  const next = [tag, ...tags.filter((t) => t !== tag)].slice(0, maxTags);
  reply.setCookie(knownDeviceCookieName(config), next.join('.'), {
    path: '/',
    httpOnly: true,
    secure: config.secureCookies,
    sameSite: 'lax',
    maxAge: lifetimeSeconds,
  });
}
