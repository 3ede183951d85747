/**
 * Sign-in speed against its hard limits, on a real server process with a fresh SQLite database:
 * - logins a second (POST /api/session) against raw Argon2id verifications a second measured in
 *   the same run: the hash-bound limit (target ≥ 0.85). Raw verifications run two ways, on the
 *   server's hashing threads and through the library's own async call, and the faster counts.
 *   Both run at 2 and at 4 in flight and each is taken where it peaks; the figure with two in
 *   flight is printed as well;
 * - in the same slices, a bare route that only verifies (bench/lib/bare-route-server.ts): the
 *   ceiling this machine allows, printed with the logins as a share of it;
 * - session-checked requests a second (GET /api/session with a session cookie) against a bare
 *   route of the same server (GET /healthz) (target ≥ 0.5; the bare route above ~12,000/s).
 *
 *   npx tsx bench/login.ts    (BENCH_DURATION=8: seconds of each kind of load, in 2-second slices)
 *
 * BENCH_VERBOSE=1 adds each slice's rates and, at each number in flight, where a login's CPU goes
 * (server main thread, its other threads, the client), how long the main thread waited for a
 * core, how long the machine idled, and the ratio the CPU would allow with no core idle.
 *
 * The server is the compiled CLI (`npm run build` after changing the sources), in its own process.
 * A login is counted before its password is checked and taken back when it succeeds, so logins
 * of one account in flight count against each other: the load goes round sixteen accounts, and
 * any refusal stops the bench (a fast refusal would inflate the rate).
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { verify } from '@node-rs/argon2';
import autocannon, { type Result } from 'autocannon';
import { normalizeEmail } from '../src/accounts/email.js';
import { hashPassword, verifyPassword } from '../src/crypto/passwords.js';
import { openDatabase } from '../src/db/database.js';
import { startBareRouteServer } from './lib/bare-route.js';
import { benchServerEnv, startServerProcess, warmUpRequests } from './lib/server-process.js';
import { CpuTally, ownCpuSecondsSince } from './lib/thread-cpu.js';

export interface LoginBenchResult {
  /** At the number in flight where logins peaked (loginsInFlight). */
  loginsPerSecond: number;
  loginsInFlight: number;
  loginsTwoInFlight: number;
  /** At the number in flight where verifications peaked (2 or 4). */
  argon2VerificationsPerSecond: number;
  loginRatio: number;
  loginRatioTwoInFlight: number;
  /** A bare route that only verifies (bench/lib/bare-route-server.ts): this machine's ceiling. */
  bareVerifyPerSecond: number;
  bareVerifyRatio: number;
  sessionChecksPerSecond: number;
  bareRoutePerSecond: number;
  sessionRatio: number;
}

const password = 'bench correct horse battery staple';

export async function benchLogin(): Promise<LoginBenchResult> {
  const duration = Number(process.env.BENCH_DURATION ?? 8);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'gatehouse-bench-login-'));
  // The compiled CLI in its own process, as operators run it (npm ci builds it through prepare).
  const server = await startServerProcess(benchServerEnv(dataDir, { TRUSTED_PROXIES: '127.0.0.1' }));
  const url = server.url;
  const bareServer = await startBareRouteServer();
  try {
    // Customers log in one at a time each: logins in flight count against their account until
    // they succeed (src/flows/login/throttle.ts), so the load goes round sixteen accounts.
    const stamp = randomUUID().slice(0, 8);
    const emails = Array.from({ length: 16 }, (_, i) => `bench-${stamp}-${i}@example.com`);
    const email = emails[0]!;
    const passwordHash = await hashPassword(password);
    for (const each of emails) await insertAccount(dataDir, each, passwordHash);

    // 1–2. The hash-bound limit (raw Argon2id verifications in this process) and logins through
    // the whole stack, each at 2 and at 4 in flight, in alternating slices so that load from
    // anything else on the machine weighs on all alike. Each is judged where it peaks: the raw
    // limit with as many verifications as cores (or one more), logins when two more wait in HTTP and the database
    // while two are hashing (two in flight leaves a core idle whenever both are outside the hash).
    const body = JSON.stringify({ email, password });
    const bodies = emails.map((each) => JSON.stringify({ email: each, password }));
    let next = 0;
    const loginOptions = {
      url: `${url}/api/session`,
      method: 'POST',
      body,
      headers: { ...jsonHeaders(), 'x-forwarded-for': '10.0.0.1' },
      requests: [
        { setupRequest: (request: object) => ({ ...request, body: bodies[next++ % bodies.length] }) },
      ],
    };
    await autocannon({ ...loginOptions, connections: 4, amount: warmUpRequests });
    // The same password sent to a route that does nothing but verify it.
    const bareOptions = { ...loginOptions, url: `${bareServer.url}/verify` };
    await autocannon({ ...bareOptions, connections: 4, amount: warmUpRequests });
    const slices = Math.max(2, Math.round(duration / 2));
    const inFlight = [2, 4] as const;
    // Raw verifications two ways, the limit being whichever is faster here: on the hashing threads
    // the server uses (src/crypto/hash-pool.ts), and through the library's own async call on
    // libuv's pool (how the library is usually run).
    const rawWays = {
      'hashing threads': () => verifyPassword(passwordHash, password),
      "library's async verify": () => verify(passwordHash, password),
    } as const;
    const raw = new Map(
      inFlight.map((n) => [
        n,
        new Map(Object.keys(rawWays).map((way) => [way, { count: 0, seconds: 0, cpuSeconds: 0 }])),
      ]),
    );
    const rate = (t: { count: number; seconds: number }) => t.count / t.seconds;
    /** The faster way at `n` in flight. */
    const rawAtBest = (n: (typeof inFlight)[number]) =>
      [...raw.get(n)!.values()].reduce((best, each) => (rate(each) > rate(best) ? each : best));
    const logins = new Map(inFlight.map((n) => [n, { count: 0, seconds: 0, cpu: new CpuTally(server.pid) }]));
    const bareVerify = new Map(inFlight.map((n) => [n, { count: 0, seconds: 0 }]));
    let last: Result | undefined;
    for (let i = 0; i < slices; i++) {
      for (const n of inFlight) {
        for (const [way, verifyOnce] of Object.entries(rawWays)) {
          const measured = await measureVerifications(verifyOnce, n, 2);
          const tally = raw.get(n)!.get(way)!;
          tally.count += measured.count;
          tally.seconds += measured.seconds;
          tally.cpuSeconds += measured.cpuSeconds;
        }
      }
      for (const n of inFlight) {
        const tally = logins.get(n)!;
        const run = await tally.cpu.measure(async () => {
          const result = await autocannon({ ...loginOptions, connections: n, duration: 2 });
          return { result, requests: result.requests.total };
        });
        last = run.result;
        tally.count += last.requests.total;
        tally.seconds += last.duration;
        report('logins', last);
        const bareRun = await autocannon({ ...bareOptions, connections: n, duration: 2 });
        report('bare /verify', bareRun);
        bareVerify.get(n)!.count += bareRun.requests.total;
        bareVerify.get(n)!.seconds += bareRun.duration;
      }
      if (process.env.BENCH_VERBOSE) console.log(`slice ${i}: ${describeRates(raw, logins)}`);
    }
    const rawAt = inFlight.map((n) => rate(rawAtBest(n)));
    const loginsAt = inFlight.map((n) => rate(logins.get(n)!));
    const argon2VerificationsPerSecond = Math.max(...rawAt);
    const loginsPerSecond = Math.max(...loginsAt);
    const loginsInFlight = inFlight[loginsAt.indexOf(loginsPerSecond)]!;
    const bareVerifyPerSecond = Math.max(...inFlight.map((n) => rate(bareVerify.get(n)!)));
    if (process.env.BENCH_VERBOSE) {
      console.log(describeRates(raw, logins));
      for (const n of inFlight) {
        const rawCpu = rawAtBest(n).cpuSeconds / rawAtBest(n).count;
        console.log(logins.get(n)!.cpu.describe(`login at ${n} in flight`, rawCpu));
      }
    }

    // 3. Session-checked requests against the bare route of the same server.
    const login = await fetch(`${url}/api/session`, { method: 'POST', headers: jsonHeaders(), body });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
    if (!cookie.startsWith('gh_session='))
      throw new Error(`login failed: ${login.status} ${await login.text()}`);
    const connections = 16;
    await autocannon({ url: `${url}/healthz`, connections, duration: 1 });
    await autocannon({ url: `${url}/api/session`, connections, duration: 1, headers: { cookie } });
    // Alternating slices again, so a slow moment of the machine weighs on both alike.
    let bareCount = 0;
    let bareSeconds = 0;
    let checkedCount = 0;
    let checkedSeconds = 0;
    for (let i = 0; i < slices; i++) {
      const bare = await autocannon({ url: `${url}/healthz`, connections, duration: 2 });
      const checked = await autocannon({
        url: `${url}/api/session`,
        connections,
        duration: 2,
        headers: { cookie },
      });
      report('/healthz', bare);
      report('/api/session', checked);
      if (checked.non2xx) throw new Error('session checks were refused: the session did not hold');
      bareCount += bare.requests.total;
      bareSeconds += bare.duration;
      checkedCount += checked.requests.total;
      checkedSeconds += checked.duration;
    }
    const sessionChecksPerSecond = checkedCount / checkedSeconds;
    const bareRoutePerSecond = bareCount / bareSeconds;
    return {
      loginsPerSecond: round(loginsPerSecond),
      loginsInFlight,
      loginsTwoInFlight: round(loginsAt[0]!),
      argon2VerificationsPerSecond: round(argon2VerificationsPerSecond),
      loginRatio: round(loginsPerSecond / argon2VerificationsPerSecond, 3),
      loginRatioTwoInFlight: round(loginsAt[0]! / argon2VerificationsPerSecond, 3),
      bareVerifyPerSecond: round(bareVerifyPerSecond),
      bareVerifyRatio: round(bareVerifyPerSecond / argon2VerificationsPerSecond, 3),
      sessionChecksPerSecond: round(sessionChecksPerSecond),
      bareRoutePerSecond: round(bareRoutePerSecond),
      sessionRatio: round(sessionChecksPerSecond / bareRoutePerSecond, 3),
    };
  } finally {
    await bareServer.stop();
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function describeRates(
  raw: Map<number, Map<string, { count: number; seconds: number }>>,
  logins: Map<number, { count: number; seconds: number }>,
): string {
  const perSecond = (t: { count: number; seconds: number }) => (t.count / t.seconds).toFixed(0);
  return [...raw.keys()]
    .map((n) => {
      const ways = [...raw.get(n)!].map(([way, tally]) => `${way} ${perSecond(tally)}/s`).join(', ');
      return `${n} in flight: raw (${ways}), logins ${perSecond(logins.get(n)!)}/s`;
    })
    .join('; ');
}

function jsonHeaders(): Record<string, string> {
  return { 'content-type': 'application/json' };
}

async function measureVerifications(
  verifyOnce: () => Promise<boolean>,
  inFlight: number,
  seconds: number,
): Promise<{ count: number; seconds: number; cpuSeconds: number }> {
  await verifyOnce();
  const until = performance.now() + seconds * 1000;
  let done = 0;
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (performance.now() < until) {
        if (!(await verifyOnce())) throw new Error('verification failed');
        done++;
      }
    }),
  );
  return {
    count: done,
    seconds: (performance.now() - started) / 1000,
    cpuSeconds: ownCpuSecondsSince(cpuBefore),
  };
}

/** An active account with this email and password hash, written straight to the server's SQLite file. */
export async function insertAccount(dataDir: string, email: string, passwordHash: string): Promise<void> {
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

/** A refused request answers fast and would inflate the rate: any refusal stops the bench. */
function report(name: string, result: Result): void {
  if (result.errors || result.non2xx || result.timeouts) {
    throw new Error(
      `${name}: ${result.errors} errors, ${result.non2xx} non-2xx, ${result.timeouts} timeouts`,
    );
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
      `logins/s (${result.loginsInFlight} in flight):             ${result.loginsPerSecond}`,
      `logins/s (2 in flight):             ${result.loginsTwoInFlight}`,
      `Argon2id verifications/s (best):    ${result.argon2VerificationsPerSecond}`,
      `login ratio (target >= 0.85):       ${result.loginRatio}`,
      `  with 2 in flight:                 ${result.loginRatioTwoInFlight}`,
      `bare verify route/s (ceiling):      ${result.bareVerifyPerSecond}, ratio ${result.bareVerifyRatio}`,
      `logins / bare verify route:         ${round(result.loginsPerSecond / result.bareVerifyPerSecond, 3)}`,
      `session-checked requests/s:         ${result.sessionChecksPerSecond}`,
      `bare route /healthz requests/s:     ${result.bareRoutePerSecond}`,
      `session ratio (target >= 0.5):      ${result.sessionRatio}`,
    ].join('\n'),
  );
}
