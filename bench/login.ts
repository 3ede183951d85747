/**
 * Sign-in speed against its hard limits, on a real server process with a fresh SQLite database:
 * - logins a second (POST /api/session, two in flight) against raw Argon2id verifications a
 *   second (two in flight) measured in the same run: the hash-bound limit (target ≥ 0.85);
 * - session-checked requests a second (GET /api/session with a session cookie) against a bare
 *   route of the same server (GET /healthz) (target ≥ 0.5; the bare route above ~12,000/s).
 *
 *   npx tsx bench/login.ts            (BENCH_DURATION=8 seconds per load run by default)
 *
 * The server runs from the TypeScript sources (tsx) so the figures match the working tree.
 * Successful logins count no failures, so no throttle engages (failures alone are counted).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import autocannon, { type Result } from 'autocannon';
import { normalizeEmail } from '../src/accounts/email.js';
import { hashPassword, verifyPassword } from '../src/crypto/passwords.js';
import { openDatabase } from '../src/db/database.js';
import { freePort } from './lib/server-process.js';
import { threadCpuSeconds } from './lib/thread-cpu.js';

export interface LoginBenchResult {
  loginsPerSecond: number;
  argon2VerificationsPerSecond: number;
  loginRatio: number;
  sessionChecksPerSecond: number;
  bareRoutePerSecond: number;
  sessionRatio: number;
}

const repoRoot = fileURLToPath(new URL('../', import.meta.url));
const password = 'bench correct horse battery staple';

export async function benchLogin(): Promise<LoginBenchResult> {
  const duration = Number(process.env.BENCH_DURATION ?? 8);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'gatehouse-bench-login-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', 'serve'], {
    cwd: repoRoot,
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: process.env.HOME ?? '/tmp',
      PORT: String(port),
      DATA_DIR: dataDir,
      NODE_ENV: 'development',
      LOG_LEVEL: 'warn',
      COURIER_WORKER: 'off',
      TRUSTED_PROXIES: '127.0.0.1',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    await waitForReady(child, url);
    const email = `bench-${randomUUID().slice(0, 8)}@example.com`;
    const passwordHash = await hashPassword(password);
    await insertAccount(dataDir, email, passwordHash);

    // 1–2. The hash-bound limit (raw Argon2id verifications in this process, two in flight) and
    // logins through the whole stack (two in flight), in alternating slices so that load from
    // anything else on the machine weighs on both alike.
    const body = JSON.stringify({ email, password });
    const loginOptions = {
      url: `${url}/api/session`,
      method: 'POST',
      connections: 2,
      body,
      headers: { ...jsonHeaders(), 'x-forwarded-for': '10.0.0.1' },
    };
    await autocannon({ ...loginOptions, amount: 20 });
    const slices = Math.max(2, Math.round(duration / 2));
    let verifications = 0;
    let verifySeconds = 0;
    let loginCount = 0;
    let loginSeconds = 0;
    let logins: Result | undefined;
    let mainThreadSeconds = 0;
    for (let i = 0; i < slices; i++) {
      const raw = await measureVerifications(passwordHash, 2, 2);
      verifications += raw.count;
      verifySeconds += raw.seconds;
      const cpuBefore = threadCpuSeconds(child.pid!);
      logins = await autocannon({ ...loginOptions, duration: 2 });
      mainThreadSeconds += threadCpuSeconds(child.pid!) - cpuBefore;
      loginCount += logins.requests.total;
      loginSeconds += logins.duration;
      if (process.env.BENCH_VERBOSE)
        console.log(
          `slice ${i}: raw ${(raw.count / raw.seconds).toFixed(0)}/s, logins ${(logins.requests.total / logins.duration).toFixed(0)}/s`,
        );
    }
    const argon2VerificationsPerSecond = verifications / verifySeconds;
    const loginsPerSecond = loginCount / loginSeconds;
    report('logins', logins!);
    if (process.env.BENCH_VERBOSE) {
      const one = await autocannon({ ...loginOptions, connections: 1, duration: 2 });
      const t0 = performance.now();
      for (let i = 0; i < 100; i++) await verifyPassword(passwordHash, password);
      console.log(
        `1 in flight: login p50 ${one.latency.p50} ms mean ${one.latency.mean}; verify ${((performance.now() - t0) / 100).toFixed(2)} ms`,
      );
    }
    if (process.env.BENCH_VERBOSE)
      console.log(
        `server main-thread CPU per login: ${((mainThreadSeconds / loginCount) * 1000).toFixed(2)} ms`,
      );

    // 3. Session-checked requests against the bare route of the same server.
    const login = await fetch(`${url}/api/session`, { method: 'POST', headers: jsonHeaders(), body });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
    if (!cookie.startsWith('gh_session='))
      throw new Error(`login failed: ${login.status} ${await login.text()}`);
    const connections = 16;
    await autocannon({ url: `${url}/healthz`, connections, duration: 1 });
    await autocannon({ url: `${url}/api/session`, connections, duration: 1, headers: { cookie } });
    const bare = await autocannon({ url: `${url}/healthz`, connections, duration });
    const checked = await autocannon({
      url: `${url}/api/session`,
      connections,
      duration,
      headers: { cookie },
    });
    report('/healthz', bare);
    report('/api/session', checked);
    if (checked.non2xx) throw new Error('session checks were refused: the session did not hold');

    const sessionChecksPerSecond = checked.requests.average;
    const bareRoutePerSecond = bare.requests.average;
    return {
      loginsPerSecond: round(loginsPerSecond),
      argon2VerificationsPerSecond: round(argon2VerificationsPerSecond),
      loginRatio: round(loginsPerSecond / argon2VerificationsPerSecond, 3),
      sessionChecksPerSecond: round(sessionChecksPerSecond),
      bareRoutePerSecond: round(bareRoutePerSecond),
      sessionRatio: round(sessionChecksPerSecond / bareRoutePerSecond, 3),
    };
  } finally {
    const exited = new Promise((resolve) => child.once('close', resolve));
    if (child.exitCode === null) child.kill('SIGTERM');
    await exited;
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function jsonHeaders(): Record<string, string> {
  return { 'content-type': 'application/json' };
}

async function measureVerifications(
  hash: string,
  inFlight: number,
  seconds: number,
): Promise<{ count: number; seconds: number }> {
  await verifyPassword(hash, password);
  const until = performance.now() + seconds * 1000;
  let done = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (performance.now() < until) {
        if (!(await verifyPassword(hash, password))) throw new Error('verification failed');
        done++;
      }
    }),
  );
  return { count: done, seconds: (performance.now() - started) / 1000 };
}

async function insertAccount(dataDir: string, email: string, passwordHash: string): Promise<void> {
  const database = openDatabase({ dataDir });
  const now = Date.now();
  await database.db
    .insertInto('accounts')
    .values({
      id: randomUUID(),
      kind: 'person',
      first_name: 'Bench',
      last_name: 'Mark',
      company_name: null,
      company_id: null,
      vat_id: null,
      email,
      email_normalized: normalizeEmail(email),
      phone: '+420601000000',
      password_hash: passwordHash,
      status: 'active',
      locale: 'en',
      marketing_consent: 0,
      phone_verified_at: now,
      email_verified_at: now,
      password_changed_at: now,
      created_at: now,
      updated_at: now,
    })
    .execute();
  await database.close();
}

async function waitForReady(child: ChildProcess, url: string): Promise<void> {
  const started = performance.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${url}/readyz`)).ok) return;
    } catch {
      // not listening yet
    }
    if (performance.now() - started > 60_000) throw new Error('server not ready within 60 s');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function report(name: string, result: Result): void {
  if (result.errors || result.non2xx || result.timeouts) {
    console.warn(`  ${name}: ${result.errors} errors, ${result.non2xx} non-2xx, ${result.timeouts} timeouts`);
  }
}

function round(value: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const result = await benchLogin();
  console.log(
    [
      `logins/s (2 in flight):             ${result.loginsPerSecond}`,
      `Argon2id verifications/s (2):       ${result.argon2VerificationsPerSecond}`,
      `login ratio (target >= 0.85):       ${result.loginRatio}`,
      `session-checked requests/s:         ${result.sessionChecksPerSecond}`,
      `bare route /healthz requests/s:     ${result.bareRoutePerSecond}`,
      `session ratio (target >= 0.5):      ${result.sessionRatio}`,
    ].join('\n'),
  );
}
