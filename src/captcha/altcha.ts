import { createHmac } from 'node:crypto';
import { type Challenge, createChallenge, type Payload } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/sha';
import { constantTimeEqual, hmacSha256 } from '../crypto/tokens.js';

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

export async function checkAltchaPayload(
  keys: AltchaKeys,
  input: unknown,
  nowMs: number = Date.now(),
): Promise<AltchaCheck> {
  const payload = parseAltchaPayload(input);
  if (!payload) return { verified: false, id: null, expiresAt: 0 };
  try {
    const verified = await verifyAltchaSolution(keys, payload, nowMs);
    const expiresAt = (payload.challenge.parameters.expiresAt ?? 0) * 1000;
    return { verified, id: payload.challenge.parameters.nonce, expiresAt };
  } catch {
    return { verified: false, id: null, expiresAt: 0 };
  }
}

/**
 * altcha-lib's verifySolution, step for step (expiry, the challenge's signature, the solution's
 * form, the key derived again with the library's own deriveKey, its prefix), with Node's
 * synchronous HMAC in place of the library's WebCrypto one. WebCrypto's HMAC is a job on libuv's
 * pool: while password hashes shared that pool, the hop cost each registration about 1 ms before
 * its own hash could start (bench/registration.ts), and it is still a round trip to another
 * thread for microseconds of work.
 * test/captcha/altcha-verify.test.ts holds this to the library's answer on valid, tampered and
 * malformed solutions.
 */
async function verifyAltchaSolution(keys: AltchaKeys, payload: Payload, nowMs: number): Promise<boolean> {
  const { challenge, solution } = payload;
  const { parameters } = challenge;
  if (parameters.expiresAt && parameters.expiresAt < nowMs / 1000) return false;
  const signature = createHmac('sha256', keys.signature)
    .update(JSON.stringify(sortedKeys(parameters)), 'utf8')
    .digest('hex');
  if (!constantTimeEqual(challenge.signature ?? '', signature)) return false;
  const { counter, derivedKey } = solution;
  if (typeof derivedKey !== 'string' || !/^(?:[0-9a-f]{2})+$/.test(derivedKey)) return false;
  if (!Number.isInteger(counter) || counter < 0 || counter > 0xffffffff) return false;
  const nonce = Buffer.from(parameters.nonce, 'hex');
  const password = Buffer.alloc(nonce.length + 4);
  nonce.copy(password);
  password.writeUInt32BE(counter, nonce.length);
  const derived = await deriveKey(parameters, Buffer.from(parameters.salt, 'hex'), password);
  const derivedHex = Buffer.from(derived.derivedKey).toString('hex');
  return (
    constantTimeEqual(derivedHex, derivedKey) && derivedHex.startsWith(parameters.keyPrefix.toLowerCase())
  );
}

/** The challenge's parameters as they were signed: keys sorted at every depth, undefined left out. */
function sortedKeys(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const record = value as Record<string, unknown>;
  return Object.fromEntries(
    Object.keys(record)
      .sort()
      .filter((key) => record[key] !== undefined)
      .map((key) => [key, sortedKeys(record[key])]),
  );
}
