import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findFreePort } from '../../src/net/free-port.js';

export interface BareRouteServer {
  readonly url: string;
  readonly pid: number;
  stop(): Promise<void>;
}

/** Starts bench/lib/bare-route-server.ts in its own process, as the real server runs in its own. */
export async function startBareRouteServer(env: Record<string, string> = {}): Promise<BareRouteServer> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'gatehouse-bench-bare-'));
  const port = await findFreePort();
  const script = fileURLToPath(new URL('./bare-route-server.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    env: { ...process.env, ...env, PORT: String(port), DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = once(child, 'exit').then(([code]) => {
    throw new Error(`the bare route server exited with ${code} before it was ready`);
  });
  await Promise.race([once(child.stdout!, 'data'), exited]);
  exited.catch(() => {});
  return {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid!,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await once(child, 'exit');
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
