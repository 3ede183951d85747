import { type Challenge, type Payload, solveChallenge, verifySolution } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/sha';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  altchaChallengeLifetimeMs,
  checkAltchaPayload,
  createAltchaChallenge,
  deriveAltchaKeys,
  parseAltchaPayload,
} from '../../src/captcha/altcha.js';

const keys = deriveAltchaKeys('altcha-verify-test-secret-0123456789');

/** What altcha-lib itself says of a payload: the answer the server's own check must give. */
async function libraryVerdict(payload: Payload): Promise<boolean> {
  if (!parseAltchaPayload(payload)) return false;
  try {
    const result = await verifySolution({
      challenge: payload.challenge,
      solution: payload.solution,
      deriveKey,
      hmacSignatureSecret: keys.signature,
    });
    return result.verified;
  } catch {
    return false;
  }
}

async function solved(now = Date.now()): Promise<Payload> {
  const challenge: Challenge = await createAltchaChallenge(keys, now);
  const solution = await solveChallenge({ challenge, deriveKey });
  if (!solution) throw new Error('could not solve the ALTCHA challenge');
  return { challenge, solution };
}

/** One change an attacker or a broken client could make to a solved payload. */
const tampering = fc.oneof(
  fc.record({
    field: fc.constant('counter' as const),
    value: fc.oneof(fc.integer(), fc.double(), fc.constant(2 ** 32)),
  }),
  fc.record({ field: fc.constant('counterShift' as const), value: fc.integer({ min: -3, max: 3 }) }),
  fc.record({
    field: fc.constant('derivedKey' as const),
    value: fc.oneof(
      fc.constantFrom('uppercase', 'truncate', 'flip', 'odd', 'empty'),
      fc.string({ maxLength: 70 }),
    ),
  }),
  fc.record({
    field: fc.constant('signature' as const),
    value: fc.constantFrom('flip', 'empty', 'uppercase'),
  }),
  fc.record({
    field: fc.constantFrom('nonce', 'salt', 'keyPrefix', 'expiresAt', 'keyLength', 'data', 'extra'),
    value: fc.oneof(fc.string({ maxLength: 40 }), fc.integer(), fc.constant(undefined)),
  }),
  fc.constant({ field: 'none' as const, value: 0 }),
);

function flipHex(text: string): string {
  const last = text.at(-1) ?? '0';
  return `${text.slice(0, -1)}${last === '0' ? '1' : '0'}`;
}

function tamper(original: Payload, change: { readonly field: string; readonly value: unknown }): Payload {
  // Loosely typed on purpose: tampering writes what the types forbid.
  const payload = structuredClone(original) as unknown as {
    challenge: { signature?: string; parameters: Record<string, unknown> };
    solution: Record<string, unknown>;
  };
  const { field, value } = change;
  const key = payload.solution.derivedKey as string;
  switch (field) {
    case 'counter':
      payload.solution.counter = value;
      break;
    case 'counterShift':
      payload.solution.counter = (payload.solution.counter as number) + (value as number);
      break;
    case 'derivedKey':
      payload.solution.derivedKey =
        value === 'uppercase'
          ? key.toUpperCase()
          : value === 'truncate'
            ? key.slice(0, 32)
            : value === 'flip'
              ? flipHex(key)
              : value === 'odd'
                ? key.slice(0, -1)
                : value === 'empty'
                  ? ''
                  : value;
      break;
    case 'signature':
      payload.challenge.signature =
        value === 'flip'
          ? flipHex(payload.challenge.signature ?? '')
          : value === 'empty'
            ? ''
            : (payload.challenge.signature ?? '').toUpperCase();
      break;
    case 'none':
      break;
    default:
      payload.challenge.parameters[field] = value;
  }
  return payload as unknown as Payload;
}

describe('ALTCHA verification', () => {
  it('gives altcha-lib’s own answer on solved, tampered and malformed payloads', async () => {
    const originals = await Promise.all([solved(), solved(), solved()]);
    for (const payload of originals) {
      expect((await checkAltchaPayload(keys, payload)).verified).toBe(true);
      expect(await libraryVerdict(payload)).toBe(true);
    }
    const outcomes = new Set<boolean>();
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: originals.length - 1 }), tampering, async (which, change) => {
        const payload = tamper(originals[which]!, change);
        const expected = await libraryVerdict(payload);
        const ours = await checkAltchaPayload(keys, payload);
        // The base64 form the widget posts takes the same path.
        const posted = await checkAltchaPayload(
          keys,
          Buffer.from(JSON.stringify(payload)).toString('base64'),
        );
        outcomes.add(expected);
        expect(ours.verified).toBe(expected);
        expect(posted.verified).toBe(expected);
      }),
      { numRuns: 400 },
    );
    // Both answers occurred, so the comparison above could have failed either way.
    expect(outcomes).toEqual(new Set([true, false]));
  });

  it('refuses an expired challenge, as altcha-lib does, and accepts it before its time', async () => {
    const longAgo = Date.now() - altchaChallengeLifetimeMs - 60_000;
    const expired = await solved(longAgo);
    expect(await libraryVerdict(expired)).toBe(false);
    expect((await checkAltchaPayload(keys, expired)).verified).toBe(false);
    // The same payload, checked at a moment inside its lifetime, passes: expiry is what refused it.
    expect((await checkAltchaPayload(keys, expired, longAgo + 1000)).verified).toBe(true);
  });

  it('refuses a payload signed with another key', async () => {
    const other = deriveAltchaKeys('another-installation-secret-0123456789');
    const payload = await solved();
    expect((await checkAltchaPayload(other, payload)).verified).toBe(false);
  });
});
