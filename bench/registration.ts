/**
 * Registrations a second over HTTP (two in flight) against raw Argon2id hashes a second (two in
 * flight), in the same run on the same machine. Registration hashes once, so the hash rate is
 * its ceiling; the ratio shows how little else it costs and that hashing never waits inside a
 * held transaction (which would halve it on SQLite's one writer).
 *
 * Raw hashes run two ways, on the server's hashing threads and through the library's own async
 * call, and the faster counts. The server runs in its own process (the compiled CLI). The hash
 * reference, the registrations (sent by autocannon) and a bare route that only hashes and
 * inserts one row (this machine's ceiling, bench/lib/bare-route-server.ts) are measured in
 * alternating two-second slices.
 * Captchas are solved before the clock starts (a real client solves them in its own browser);
 * every request comes from its own address through a trusted proxy, so rate limits stay out of
 * the measure, and each uses a fresh email and phone number.
 *
 *   npx tsx bench/registration.ts
 *
 * BENCH_VERBOSE=1 adds each slice's rates and latency, where a registration's CPU goes (server
 * main thread, its other threads, the client), how long the main thread waited for a core, how
 * long the machine idled, and the ratio the CPU would allow with no core idle.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { hash } from '@node-rs/argon2';
import { type Challenge, solveChallenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/sha';
import autocannon from 'autocannon';
import { argon2idOptions, hashPassword } from '../src/crypto/passwords.js';
import { startBareRouteServer } from './lib/bare-route.js';
import { benchServerEnv, startServerProcess, warmUpRequests } from './lib/server-process.js';
import { CpuTally, ownCpuSecondsSince } from './lib/thread-cpu.js';

const durationMs = Number(process.env.BENCH_DURATION_MS ?? 8000);
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 2);

const sliceMs = 2000;
const slices = Math.max(2, Math.round(durationMs / sliceMs));

/** Calls of `work` done with `concurrency` in flight for `ms` milliseconds, and their rate. */
async function runFor(
  work: (n: number) => Promise<void>,
  ms: number,
): Promise<{ requests: number; perSecond: number }> {
  let done = 0;
  let next = 0;
  const end = performance.now() + ms;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) {
        await work(next++);
        done += 1;
      }
    }),
  );
  return { requests: done, perSecond: done / ((performance.now() - started) / 1000) };
}

function randomMobile(i: number): string {
  const block = 720 + (i % 20);
  return `+420${block}${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`;
}

export async function benchRegistration(): Promise<{
  registrationsPerSecond: number;
  argon2HashesPerSecond: number;
  registrationRatio: number;
  bareHashRoutePerSecond: number;
  bareHashRouteRatio: number;
}> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'gatehouse-bench-registration-'));
  // The server runs as operators run it, in its own process, so the client's work here is not
  // counted against it (and the hash reference below runs while the server idles).
  const server = await startServerProcess(benchServerEnv(dataDir, { TRUSTED_PROXIES: '127.0.0.1' }));
  const url = server.url;
  const bare = await startBareRouteServer();
  try {
    // Warm-up: JIT, connection, the hash function's thread pool.
    await hashPassword('warm up the thread pool');
    // Enough solved captchas for the run, made before timing starts. Registrations cannot
    // outrun the hashes, so the raw hash rate (with a wide margin) bounds how many are needed.
    const { perSecond: roughHashRate } = await runFor(
      (i) => hashPassword(`a long secret phrase ${i} for argon2`).then(() => {}),
      500,
    );
    const expected = Math.ceil((roughHashRate * 1.5 * (slices * sliceMs)) / 1000) + 100 + warmUpRequests;
    const payloads: string[] = [];
    for (let i = 0; i < expected; i++) {
      const challenge = (await (await fetch(`${url}/api/captcha/challenge`)).json()) as Challenge;
      const solution = await solveChallenge({ challenge, deriveKey });
      payloads.push(Buffer.from(JSON.stringify({ challenge, solution })).toString('base64'));
    }

    const stamp = Date.now().toString(36);
    let next = 0;
    // Registrations take their own solved captchas in turn: `next` also counts the bare route's
    // requests, and a captcha used twice is refused as a replay.
    let solved = 0;
    const takeCaptcha = () => {
      const payload = payloads[solved++];
      if (payload === undefined) throw new Error(`only ${payloads.length} captchas were solved`);
      return payload;
    };
    const registrationBody = (i: number) =>
      JSON.stringify({
        kind: 'person',
        firstName: 'Petra',
        lastName: 'Marková',
        email: `bench.${stamp}.${i}@example.cz`,
        phone: randomMobile(i),
        password: `a long secret phrase ${i} for argon2`,
        terms: true,
        privacy: true,
        captcha: takeCaptcha(),
      });
    // autocannon, as in bench/login.ts: a light client, so its own work weighs little on the
    // two cores the server shares with it. Each request gets its own body and address.
    const postFor = async (
      target: string,
      body: (i: number) => string,
      options: { duration: number } | { amount: number },
    ) => {
      const result = await autocannon({
        url: target,
        method: 'POST',
        connections: concurrency,
        headers: { 'content-type': 'application/json' },
        requests: [
          {
            setupRequest: (request) => {
              const i = next++;
              return {
                ...request,
                headers: {
                  ...request.headers,
                  'x-forwarded-for': `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
                },
                body: body(i),
              };
            },
          },
        ],
        ...options,
      });
      if (result.non2xx || result.errors || result.timeouts)
        throw new Error(
          `${target} failed: ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts`,
        );
      return {
        requests: result.requests.total,
        perSecond: result.requests.total / result.duration,
        latency: result.latency,
      };
    };
    const registerFor = (options: { duration: number } | { amount: number }) =>
      postFor(`${url}/api/registration`, registrationBody, options);
    const latencies: { p50: number; p99: number; max: number }[] = [];
    // The ceiling on this machine: a bare route that only hashes and inserts one row.
    const bareBody = (i: number) =>
      JSON.stringify({
        email: `bare.${stamp}.${i}@example.cz`,
        password: `a long secret phrase ${i} for argon2`,
      });
    const bareFor = (options: { duration: number } | { amount: number }) =>
      postFor(`${bare.url}/hash`, bareBody, options);
    await registerFor({ amount: warmUpRequests });
    await bareFor({ amount: warmUpRequests });
    // Alternating slices, so a change in the machine's speed weighs on both figures alike.
    let registrations = 0;
    let bareRegistrations = 0;
    // Raw hashes two ways, the limit being whichever is faster here: on the hashing threads the
    // server uses (src/crypto/hash-pool.ts), and through the library's own async call on libuv's
    // pool (how the library is usually run). Their CPU too (BENCH_VERBOSE=1).
    const rawWays = {
      'hashing threads': (i: number) => hashPassword(`a long secret phrase ${i} for argon2`),
      "library's async hash": (i: number) => hash(`a long secret phrase ${i} for argon2`, argon2idOptions),
    } as const;
    const raw = new Map(Object.keys(rawWays).map((way) => [way, { rates: 0, hashes: 0, cpuSeconds: 0 }]));
    // Where the CPU goes during the registration slices.
    const cpu = new CpuTally(server.pid);
    for (let slice = 0; slice < slices; slice++) {
      const hashRates: string[] = [];
      for (const [way, hashOnce] of Object.entries(rawWays)) {
        const rawCpuBefore = process.cpuUsage();
        const measured = await runFor((i) => hashOnce(i).then(() => {}), sliceMs);
        const tally = raw.get(way)!;
        tally.cpuSeconds += ownCpuSecondsSince(rawCpuBefore);
        tally.hashes += measured.requests;
        tally.rates += measured.perSecond;
        hashRates.push(`${way} ${measured.perSecond.toFixed(1)}`);
      }
      const { perSecond: rate, latency } = await cpu.measure(() => registerFor({ duration: sliceMs / 1000 }));
      registrations += rate;
      latencies.push(latency);
      const { perSecond: bareRate } = await bareFor({ duration: sliceMs / 1000 });
      bareRegistrations += bareRate;
      if (process.env.BENCH_VERBOSE)
        console.log(
          `slice ${slice}: hashes/s (${hashRates.join(', ')}), ${rate.toFixed(1)} registrations/s ` +
            `(latency p50 ${latency.p50} ms, p99 ${latency.p99} ms, max ${latency.max} ms), ` +
            `bare route ${bareRate.toFixed(1)}/s`,
        );
    }
    const fastest = [...raw.values()].reduce((best, each) => (each.rates > best.rates ? each : best));
    if (process.env.BENCH_VERBOSE) {
      console.log(cpu.describe('registration', fastest.cpuSeconds / fastest.hashes));
      // A registration's own time is mostly its hash; a stall of the main thread (a commit
      // waiting for the disk, a checkpoint) shows in the tail.
      console.log(
        `registration latency: p99 ${Math.max(...latencies.map((l) => l.p99))} ms in the worst slice, ` +
          `max ${Math.max(...latencies.map((l) => l.max))} ms`,
      );
    }
    const registrationsPerSecond = registrations / slices;
    const argon2HashesPerSecond = fastest.rates / slices;
    const bareHashRoutePerSecond = bareRegistrations / slices;
    return {
      registrationsPerSecond,
      argon2HashesPerSecond,
      registrationRatio: registrationsPerSecond / argon2HashesPerSecond,
      bareHashRoutePerSecond,
      bareHashRouteRatio: bareHashRoutePerSecond / argon2HashesPerSecond,
    };
  } finally {
    await bare.stop();
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const result = await benchRegistration();
  console.log(
    `registrations/s (${concurrency} in flight, HTTP): ${result.registrationsPerSecond.toFixed(1)}\n` +
      `argon2id hashes/s (${concurrency} in flight):     ${result.argon2HashesPerSecond.toFixed(1)}\n` +
      `ratio: ${result.registrationRatio.toFixed(2)} (target ≥ 0.80)\n` +
      `bare route (hash + one insert, nothing else): ${result.bareHashRoutePerSecond.toFixed(1)}/s, ratio ${result.bareHashRouteRatio.toFixed(2)} (this machine's ceiling)\n` +
      `registrations / bare route: ${(result.registrationsPerSecond / result.bareHashRoutePerSecond).toFixed(2)}`,
  );
}
