import { availableParallelism } from 'node:os';
import { Algorithm, hash, verify } from '@node-rs/argon2';
import { limitConcurrency } from './concurrency-limit.js';

/** OWASP's Argon2id parameters: m=19 MiB, t=2, p=1. */
const argon2idOptions = {
  algorithm: Algorithm.Argon2id,
  memoryCost: 19456,
  timeCost: 2,
  parallelism: 1,
} as const;

/**
 * One hash per core plus one: the kernel shares the cores among them, so when a hash ends the
 * cores stay busy. With exactly one per core, the next hash started only once the main thread
 * (in a server, often busy with another request) had taken the finished one's result and handed
 * the next over, and a core idled meanwhile: 12% of one core in a login burst on 2 cores, 3%
 * with the extra hash. Measured on 2 cores with four verifications waiting, in a process doing
 * nothing else: 110–128 a second against 106–116. More would not finish sooner and would each
 * take 19 MiB. The pool has two threads more than the hashes (bin/thread-pool.cjs), so the file
 * system and crypto work that shares it (the deferred WAL flush among them) never waits behind
 * a burst of logins.
 */
export const concurrentHashes = availableParallelism() + 1;
const hashSlot = limitConcurrency(concurrentHashes);

/**
 * One password however its characters were encoded: composed or decomposed accents (a paste from
 * a PDF), fullwidth digits (an East Asian keyboard). NIST SP 800-63B asks for NFKC or NFKD before
 * hashing; the password policy already judges this form.
 */
export function normalizePassword(password: string): string {
  return password.normalize('NFKC');
}

/** Runs on libuv's thread pool: call it before a transaction opens, never inside one. */
export function hashPassword(password: string): Promise<string> {
  return hashSlot(() => hash(normalizePassword(password), argon2idOptions));
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  const normalized = normalizePassword(password);
  if (await verifyExactly(passwordHash, normalized)) return true;
  // Hashes stored before normalisation was added hold the characters as typed. Whether this
  // second verification runs depends only on what was typed, never on the account.
  return normalized !== password && verifyExactly(passwordHash, password);
}

async function verifyExactly(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await hashSlot(() => verify(passwordHash, password, argon2idOptions));
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
