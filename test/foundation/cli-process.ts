import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The repository root (where package.json is). */
export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/** Runs the CLI from source through tsx, as `npm run dev` does. */
export const sourceCli = ['--import', 'tsx', 'src/main.ts'] as const;
/** The compiled CLI that `npm ci` builds through `prepare` (what `npx gatehouse` runs). */
export const builtCli = ['bin/gatehouse.js'] as const;

/**
 * A minimal environment: nothing of the test runner's own (no TEST_DATABASE_URL, no NODE_ENV=test)
 * leaks into the child, so each case sets exactly what an operator would.
 */
export function operatorEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', ...extra };
}

export interface Finished {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a command to its end (killed after `timeoutMs`) and collects its output. */
export function run(
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  timeoutMs = 20_000,
  command = process.execPath,
): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** A long-running child whose output lines a test can wait for. */
export interface Running {
  readonly child: ChildProcess;
  /** stdout and stderr, interleaved. */
  readonly output: () => string;
  readonly stdout: () => string;
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves with the exit code. */
  stop(graceMs?: number): Promise<number | null>;
}

export function start(args: readonly string[], env: NodeJS.ProcessEnv, command = process.execPath): Running {
  const child = spawn(command, args, { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  let stdout = '';
  const waiters = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    output += chunk.toString('utf8');
    for (const waiter of [...waiters]) waiter();
  };
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
    onData(chunk);
  });
  child.stderr?.on('data', onData);
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  child.on('close', () => {
    for (const waiter of [...waiters]) waiter();
  });
  return {
    child,
    output: () => output,
    stdout: () => stdout,
    waitForOutput(pattern, timeoutMs = 20_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const match = output.match(pattern);
          if (match) {
            done();
            resolve(match);
          } else if (child.exitCode !== null || child.signalCode !== null) {
            done();
            reject(new Error(`process exited before printing ${pattern}; output:\n${output}`));
          }
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`no ${pattern} within ${timeoutMs} ms; output:\n${output}`));
        }, timeoutMs);
        const done = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
    async stop(graceMs = 5000) {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}

/** Polls `url` until it answers 2xx; returns the milliseconds it took. Fails fast if `process` exits. */
export async function waitForHttp(url: string, process?: Running, timeoutMs = 20_000): Promise<number> {
  const started = Date.now();
  for (;;) {
    const child = process?.child;
    if (child && (child.exitCode !== null || child.signalCode !== null)) {
      throw new Error(
        `the server exited (${child.exitCode ?? child.signalCode}) before ${url} answered:\n${process.output()}`,
      );
    }
    try {
      const response = await fetch(url);
      if (response.ok) return Date.now() - started;
    } catch {
      // not listening yet
    }
    if (Date.now() - started > timeoutMs) throw new Error(`${url} did not answer within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export { findFreePort as freePort } from '../../src/net/free-port.js';
