/**
 * Registrations a second over HTTP (two in flight) against raw Argon2id hashes a second (two in
 * flight), in the same run on the same machine. Registration hashes once, so the hash rate is
 * its ceiling; the ratio shows how little else it costs and that hashing never waits inside a
 * held transaction (which would halve it on SQLite's one writer).
 *
 * Captchas are solved before the clock starts (a real client solves them in its own browser);
 * every request comes from its own address through a trusted proxy, so rate limits stay out of
 * the measure, and each uses a fresh email and phone number.
 *
 *   npx tsx bench/registration.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Challenge, solveChallenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/sha';
import { buildApp } from '../src/app.js';
import { systemClock } from '../src/clock.js';
import { loadConfig } from '../src/config/config.js';
import { hashPassword } from '../src/crypto/passwords.js';
import { openDatabase } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { createServices } from '../src/services.js';

const durationMs = Number(process.env.BENCH_DURATION_MS ?? 4000);
const concurrency = 2;

async function runFor(work: (n: number) => Promise<void>): Promise<number> {
  let done = 0;
  let next = 0;
  const end = performance.now() + durationMs;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) {
        await work(next++);
        done += 1;
      }
    }),
  );
  return done / ((performance.now() - started) / 1000);
}

function randomMobile(i: number): string {
  const block = 720 + (i % 20);
  return `+420${block}${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`;
}

export async function benchRegistration(): Promise<{
  registrationsPerSecond: number;
  argon2HashesPerSecond: number;
  ratio: number;
}> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'gatehouse-bench-registration-'));
  const database = openDatabase({ url: process.env.BENCH_DATABASE_URL, dataDir });
  await migrateToLatest(database, dataDir);
  const config = loadConfig({
    NODE_ENV: 'test',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    SECRET: 'bench-secret-bench-secret-bench-secret',
    TRUSTED_PROXIES: '127.0.0.1',
    PORT: '0',
    COURIER_WORKER: 'off',
  });
  const services = createServices({ config, database, clock: systemClock });
  const app = await buildApp({ services, logger: false });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  try {
    // Enough solved captchas for the run, made before timing starts.
    const expected = Math.ceil((durationMs / 1000) * 400);
    const payloads: string[] = [];
    for (let i = 0; i < expected; i++) {
      const challenge = (await (await fetch(`${url}/api/captcha/challenge`)).json()) as Challenge;
      const solution = await solveChallenge({ challenge, deriveKey });
      payloads.push(Buffer.from(JSON.stringify({ challenge, solution })).toString('base64'));
    }
    // Warm-up: JIT, connection, the hash function's thread pool.
    await hashPassword('warm up the thread pool');

    const stamp = Date.now().toString(36);
    const registrationsPerSecond = await runFor(async (i) => {
      const response = await fetch(`${url}/api/registration`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-forwarded-for': `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
        },
        body: JSON.stringify({
          kind: 'person',
          firstName: 'Petra',
          lastName: 'Marková',
          email: `bench.${stamp}.${i}@example.cz`,
          phone: randomMobile(i),
          password: `a long secret phrase ${i} for argon2`,
          terms: true,
          privacy: true,
          captcha: payloads[i % payloads.length],
        }),
      });
      if (response.status !== 201)
        throw new Error(`registration ${i}: ${response.status} ${await response.text()}`);
    });
    const argon2HashesPerSecond = await runFor(async (i) => {
      await hashPassword(`a long secret phrase ${i} for argon2`);
    });
    return {
      registrationsPerSecond,
      argon2HashesPerSecond,
      ratio: registrationsPerSecond / argon2HashesPerSecond,
    };
  } finally {
    await app.close();
    await database.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const result = await benchRegistration();
  console.log(
    `registrations/s (2 in flight, HTTP): ${result.registrationsPerSecond.toFixed(1)}\n` +
      `argon2id hashes/s (2 in flight):     ${result.argon2HashesPerSecond.toFixed(1)}\n` +
      `ratio: ${result.ratio.toFixed(2)} (target ≥ 0.80)`,
  );
}
