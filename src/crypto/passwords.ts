import { availableParallelism } from 'node:os';
import { Algorithm, type Options, parseOptions } from '@node-rs/argon2';
import { HashPool } from './hash-pool.js';
import { constantTimeEqual } from './tokens.js';

/** OWASP's Argon2id parameters: m=19 MiB, t=2, p=1. */
export const argon2idOptions = {
  algorithm: Algorithm.Argon2id,
  memoryCost: 19456,
  timeCost: 2,
  parallelism: 1,
} as const;

/** One hashing thread per core (src/crypto/hash-pool.ts): 19 MiB each while it hashes. */
export const hashPool = new HashPool(availableParallelism());

/**
 * One password however its characters were encoded: composed or decomposed accents (a paste from
 * a PDF), fullwidth digits (an East Asian keyboard). NIST SP 800-63B asks for NFKC or NFKD before
 * hashing; the password policy already judges this form.
 */
export function normalizePassword(password: string): string {
  return password.normalize('NFKC');
}

/**
 * Runs on the hashing threads: call it before a transaction opens, never inside one. With
 * `sameSaltAs` (a hash made here), the new hash takes that one's salt, so one Argon2id run
 * checks a password against both (passwordOpens). A sign-up with an email that already has an
 * account is hashed so (src/flows/registration/service.ts): a login then checks the owner's and
 * the sign-up's passwords in the time of one, as for any other email. Only a hash of today's
 * cost lends its salt: after the cost is raised, every new password gets the new cost (a reset
 * upgrades the account), at the price of a second run where an old-cost sibling remains.
 */
export function hashPassword(password: string, sameSaltAs?: string): Promise<string> {
  const settings = sameSaltAs === undefined ? null : settingsOf(sameSaltAs);
  const options = settings && isTodaysCost(settings.options) ? settings.options : argon2idOptions;
  return hashPool.hash(normalizePassword(password), options);
}

function isTodaysCost(options: Options): boolean {
  return (
    options.memoryCost === argon2idOptions.memoryCost &&
    options.timeCost === argon2idOptions.timeCost &&
    options.parallelism === argon2idOptions.parallelism &&
    (options.outputLen ?? 32) === 32
  );
}

/** The salt and cost of an Argon2id hash in PHC form, and the text they share with its siblings. */
function settingsOf(passwordHash: string): { shared: string; options: Options } | null {
  const fields = passwordHash.split('$'); // '', 'argon2id', 'v=19', 'm=…,t=…,p=…', salt, digest
  if (fields.length !== 6 || fields[1] !== 'argon2id') return null;
  try {
    const { algorithm, version, memoryCost, timeCost, parallelism, outputLen } = parseOptions(passwordHash);
    // Compared as text, so only the form hash() writes: another (parameters in another order,
    // say) is left to verify().
    if (fields[3] !== `m=${memoryCost},t=${timeCost},p=${parallelism}`) return null;
    return {
      shared: passwordHash.slice(0, passwordHash.lastIndexOf('$')),
      options: {
        algorithm,
        version,
        memoryCost,
        timeCost,
        parallelism,
        outputLen,
        salt: Buffer.from(fields[4]!, 'base64'),
      },
    };
  } catch {
    return null;
  }
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  const [opens] = await passwordOpens([passwordHash], password);
  return opens === true;
}

/**
 * Which of `passwordHashes` the password opens, with one Argon2id run for all those that share a
 * salt and cost (made with hashPassword's `sameSaltAs`), one per other hash.
 */
export async function passwordOpens(passwordHashes: readonly string[], password: string): Promise<boolean[]> {
  const normalized = normalizePassword(password);
  const opens = await openedBy(passwordHashes, normalized);
  if (normalized === password) return opens;
  // Hashes stored before normalisation was added hold the characters as typed: each hash is
  // tried both ways (an owner's old hash must not lose to a newer sibling made from the
  // normalised form). Whether this second run happens depends only on what was typed.
  const asTyped = await openedBy(passwordHashes, password);
  return opens.map((open, i) => open || asTyped[i] === true);
}

async function openedBy(passwordHashes: readonly string[], password: string): Promise<boolean[]> {
  const opens = passwordHashes.map(() => false);
  const done = new Set<number>();
  for (const [i, passwordHash] of passwordHashes.entries()) {
    if (done.has(i)) continue;
    const settings = settingsOf(passwordHash);
    if (!settings) {
      opens[i] = await verifyExactly(passwordHash, password);
      continue;
    }
    const computed = await hashPool.hash(password, settings.options).catch(() => '');
    for (const [j, other] of passwordHashes.entries()) {
      if (done.has(j) || !other.startsWith(`${settings.shared}$`)) continue;
      done.add(j);
      opens[j] = constantTimeEqual(computed, other);
    }
  }
  return opens;
}

async function verifyExactly(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await hashPool.verify(passwordHash, password, argon2idOptions);
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | undefined;

/**
 * Verifies against a fixed hash, so an unknown email costs the same time as a known one.
 */
export async function verifyAgainstDummy(password: string): Promise<false> {
  dummyHash ??= hashPassword('gatehouse-timing-equaliser');
  await verifyPassword(await dummyHash, password);
  return false;
}
