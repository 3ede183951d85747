import { type Challenge, createChallenge, type Payload, verifySolution } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/sha';
import { hmacSha256 } from '../crypto/tokens.js';

/**
 * ALTCHA proof of work, self-hosted. SHA-256 with a 3-hex-digit prefix: about 4,096 hashes
 * expected, which a browser's workers solve in well under a second and a bot must pay for
 * every form it sends. Challenges are signed with a key derived from SECRET and live 10 minutes.
 */
export const altchaChallengeLifetimeMs = 10 * 60_000;
const keyPrefix = '000';

export interface AltchaKeys {
  readonly signature: string;
}

export function deriveAltchaKeys(secret: string): AltchaKeys {
  return { signature: hmacSha256(secret, 'gatehouse:altcha:signature') };
}

export async function createAltchaChallenge(keys: AltchaKeys, now: number): Promise<Challenge> {
  return createChallenge({
    algorithm: 'SHA-256',
    cost: 1,
    keyPrefix,
    deriveKey,
    expiresAt: Math.floor((now + altchaChallengeLifetimeMs) / 1000),
    hmacSignatureSecret: keys.signature,
  });
}

export interface AltchaCheck {
  readonly verified: boolean;
  /** The challenge nonce: remembered until `expiresAt` so a payload works once. */
  readonly id: string | null;
  readonly expiresAt: number;
}

/** Accepts the widget's base64 JSON string or the decoded object (API clients). */
export function parseAltchaPayload(input: unknown): Payload | null {
  let value: unknown = input;
  if (typeof input === 'string') {
    if (input.length === 0 || input.length > 8192) return null;
    try {
      value = JSON.parse(Buffer.from(input, 'base64').toString('utf8'));
    } catch {
      return null;
    }
  }
  if (!value || typeof value !== 'object') return null;
  const payload = value as Partial<Payload>;
  const parameters = payload.challenge?.parameters;
  const solution = payload.solution;
  if (!parameters || typeof parameters !== 'object' || !solution || typeof solution !== 'object') return null;
  if (typeof parameters.nonce !== 'string' || parameters.algorithm !== 'SHA-256') return null;
  if (parameters.cost !== 1 || parameters.keyPrefix !== keyPrefix) return null;
  if (typeof payload.challenge?.signature !== 'string') return null;
  return payload as Payload;
}

export async function checkAltchaPayload(keys: AltchaKeys, input: unknown): Promise<AltchaCheck> {
  const payload = parseAltchaPayload(input);
  if (!payload) return { verified: false, id: null, expiresAt: 0 };
  try {
    const result = await verifySolution({
      challenge: payload.challenge,
      solution: payload.solution,
      deriveKey,
      hmacSignatureSecret: keys.signature,
    });
    const expiresAt = (payload.challenge.parameters.expiresAt ?? 0) * 1000;
    return { verified: result.verified, id: payload.challenge.parameters.nonce, expiresAt };
  } catch {
    return { verified: false, id: null, expiresAt: 0 };
  }
}
