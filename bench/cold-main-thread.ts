/**
 * Why a flow's own work weighs more in the ratio benchmarks than back to back: the server's main
 * thread runs it cold, after sleeping while the hash ran. This starts the server (the compiled
 * CLI) and the bare route (bench/lib/bare-route-server.ts) with Argon2id replaced by a timer
 * (bench/lib/argon2-timer.mjs), sends one request at a time, and prints the main thread's CPU
 * time per request when the "hash" takes 0 ms and when it takes about as long as a real one. No
 * hashing runs, so nothing competes for the caches but the thread's own sleep.
 *
 *   npx tsx bench/cold-main-thread.ts     (BENCH_TIMER_MS=0,15 BENCH_DURATION=4)
 *
 * A diagnostic, not part of `npm run bench`: it has no target.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { startBareRouteServer } from './lib/bare-route.js';
import { benchServerEnv, startServerProcess } from './lib/server-process.js';
import { threadCpuSeconds } from './lib/thread-cpu.js';
import { insertAccount } from './login.js';

const timerHook = fileURLToPath(new URL('./lib/argon2-timer.mjs', import.meta.url));
const waits = (process.env.BENCH_TIMER_MS ?? '0,15').split(',').map(Number);
const duration = Number(process.env.BENCH_DURATION ?? 4);
const email = 'cold@example.com';
const body = JSON.stringify({ email, password: 'any password at all' });

/** Main-thread CPU µs per request of `pid`, one request at a time, after a warm-up. */
async function perRequest(pid: number, url: string): Promise<string> {
  const options = {
    url,
    method: 'POST' as const,
    body,
    headers: { 'content-type': 'application/json' },
    connections: 1,
  };
  await autocannon({ ...options, duration: 2 });
  const before = threadCpuSeconds(pid);
  const result = await autocannon({ ...options, duration });
  if (result.non2xx) throw new Error(`${url}: ${result.non2xx} requests were refused`);
  const us = ((threadCpuSeconds(pid) - before) / result.requests.total) * 1e6;
  return `${us.toFixed(0).padStart(5)} µs (${(result.requests.total / result.duration).toFixed(0)}/s)`;
}

for (const waitMs of waits) {
  const env = { NODE_OPTIONS: `--import ${timerHook}`, ARGON2_TIMER_MS: String(waitMs) };
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'gatehouse-bench-cold-'));
  const server = await startServerProcess(benchServerEnv(dataDir, env));
  const bare = await startBareRouteServer(env);
  try {
    // The stand-in accepts any password against any stored hash.
    await insertAccount(dataDir, email, '$argon2id$v=19$m=19456,t=2,p=1$stand-in');
    const login = await perRequest(server.pid, `${server.url}/api/session`);
    const bareVerify = await perRequest(bare.pid, `${bare.url}/verify`);
    console.log(
      `"hash" of ${String(waitMs).padStart(2)} ms, main-thread CPU per request: login ${login}, bare verify route ${bareVerify}`,
    );
  } finally {
    await bare.stop();
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
