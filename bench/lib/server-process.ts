import { findFreePort } from '../../src/net/free-port.js';
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/** A `gatehouse serve` child process, started from the compiled CLI as operators run it. */
export interface ServerProcess {
  readonly child: ChildProcess;
  readonly pid: number;
  readonly url: string;
  /** Milliseconds from spawn until /readyz first answered 200. */
  readonly readyMs: number;
  /** The kernel's high-water mark of the process's resident memory (VmHWM), in MiB. */
  peakRssMiB(): number;
  stop(): Promise<void>;
}

export function builtCliPath(): string {
  const cli = path.join(repoRoot, 'bin/gatehouse.js');
  if (!existsSync(path.join(repoRoot, 'dist/main.js'))) {
    throw new Error('dist/main.js is missing: run `npm run build` (npm ci does it through prepare).');
  }
  return cli;
}

/** Reads VmHWM (peak resident set) of a live process from /proc, in MiB. */
export function readPeakRssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = Number(/^VmHWM:\s+(\d+)\s+kB/m.exec(status)?.[1] ?? Number.NaN);
  return kib / 1024;
}

/**
 * The environment the flow benchmarks run the server in: SQLite in `dataDir`, request logs off,
 * the delivery worker off (it would compete for the cores), plus `extra`.
 */
export function benchServerEnv(dataDir: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    DATA_DIR: dataDir,
    NODE_ENV: 'development',
    LOG_LEVEL: 'warn',
    SECRET: 'bench-secret-bench-secret-bench-secret',
    COURIER_WORKER: 'off',
    // A diagnostic hook, e.g. BENCH_SERVER_NODE_OPTIONS=--perf-basic-prof (Node refuses --cpu-prof here).
    ...(process.env.BENCH_SERVER_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_SERVER_NODE_OPTIONS } : {}),
    ...extra,
  };
}

/**
 * Spawns `bin/gatehouse.js serve` with `env` and polls /readyz every 5 ms: the time it
 * reports is what an operator waits for after starting the process.
 */
export async function startServerProcess(
  env: Record<string, string>,
  timeoutMs = 30_000,
): Promise<ServerProcess> {
  const port = await findFreePort();
  // Warm up this process's HTTP client so its first-use cost is not counted as server start-up.
  await fetch(`http://127.0.0.1:${await findFreePort()}/`).catch(() => undefined);
  const started = performance.now();
  // Executed through its shebang, exactly as `npx gatehouse serve` runs it (with its V8 flags).
  const child = spawn(builtCliPath(), ['serve'], {
    cwd: repoRoot,
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: process.env.HOME ?? '/tmp',
      PORT: String(port),
      ...env,
    },
    // Request logs go to /dev/null, as fast as a log shipper reading stdout; errors stay visible.
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  const url = `http://127.0.0.1:${port}`;
  let readyMs = Number.NaN;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`gatehouse serve exited with ${child.exitCode}: ${stderr}`);
    try {
      const response = await fetch(`${url}/readyz`);
      if (response.ok) {
        readyMs = performance.now() - started;
        break;
      }
    } catch {
      // not listening yet
    }
    if (performance.now() - started > timeoutMs) {
      child.kill('SIGKILL');
      throw new Error(`gatehouse serve was not ready within ${timeoutMs} ms: ${stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  const pid = child.pid!;
  return {
    child,
    pid,
    url,
    readyMs,
    peakRssMiB: () => readPeakRssMiB(pid),
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('close', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

export { findFreePort as freePort };

/**
 * Requests sent to each server before the clock starts (BENCH_WARM, 1500 by default). A portal
 * that has been up for a while runs V8's optimised code; a few dozen requests leave much of the
 * path in the interpreter, and logins measured that way ran about 9% slower (104–106/s against
 * 115/s after 3000 warm-up logins, same machine, same minute). Every server in a benchmark gets
 * the same warm-up, the bare routes included.
 */
export const warmUpRequests = Number(process.env.BENCH_WARM ?? 1500);
