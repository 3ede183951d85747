/**
 * The server itself: bare request rate (autocannon on /healthz and on the home page) against a
 * real `gatehouse serve` process on a fresh SQLite database; time from process start to ready
 * on an EXISTING SQLite database; the server's peak RSS (VmHWM) through it all.
 *
 *   npx tsx bench/server.ts          (BENCH_DURATION=10 seconds per load run by default)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { type Figure, renderTable } from './lib/figures.js';
import { type ServerProcess, startServerProcess } from './lib/server-process.js';

export interface ServerBenchOptions {
  /** Seconds of load per autocannon run. */
  readonly durationSeconds?: number;
  readonly connections?: number;
  /** How many restarts on the existing database to take the start-up median from. */
  readonly restarts?: number;
}

export async function benchServer(options: ServerBenchOptions = {}): Promise<Figure[]> {
  const duration = options.durationSeconds ?? Number(process.env.BENCH_DURATION ?? 10);
  const connections = options.connections ?? 32;
  const restarts = options.restarts ?? 5;
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'gatehouse-bench-server-'));
  const env = { DATA_DIR: dataDir, NODE_ENV: 'development', LOG_LEVEL: 'info' };
  const peaks: number[] = [];
  let server: ServerProcess | undefined;
  try {
    // 1. A fresh database: the first start creates it and applies every migration.
    server = await startServerProcess(env);
    const freshStartMs = server.readyMs;
    await server.stop();

    // 2. Start-up on the existing database, the figure with a target: median of a few restarts.
    const startups: number[] = [];
    for (let i = 0; i < restarts; i++) {
      server = await startServerProcess(env);
      startups.push(server.readyMs);
      peaks.push(server.peakRssMiB());
      if (i < restarts - 1) await server.stop();
    }
    startups.sort((a, b) => a - b);
    const startupMedian = startups[Math.floor(startups.length / 2)]!;
    const startupWorst = startups[startups.length - 1]!;

    // 3. Load on the last server started.
    const running = server!;
    const health = await autocannon({ url: `${running.url}/healthz`, connections, duration });
    const home = await autocannon({
      url: `${running.url}/`,
      connections,
      duration,
      headers: { 'accept-language': 'cs' },
    });
    const peakRss = Math.max(...peaks, running.peakRssMiB());
    await running.stop();
    server = undefined;

    for (const [name, result] of [
      ['/healthz', health],
      ['/ (home page, cs)', home],
    ] as const) {
      if (result.errors || result.non2xx || result.timeouts) {
        console.warn(
          `  ${name}: ${result.errors} errors, ${result.non2xx} non-2xx, ${result.timeouts} timeouts during the run`,
        );
      }
    }
    return [
      {
        name: 'GET /healthz',
        value: health.requests.average,
        unit: 'req/s',
        note: `${connections} connections`,
      },
      { name: 'GET /healthz p99 latency', value: health.latency.p99, unit: 'ms' },
      { name: 'GET / (page rendering)', value: home.requests.average, unit: 'req/s' },
      { name: 'GET / p99 latency', value: home.latency.p99, unit: 'ms' },
      {
        name: 'ready after start, fresh database',
        value: freshStartMs,
        unit: 'ms',
        note: 'migrations applied',
      },
      {
        name: 'ready after start, existing SQLite',
        value: startupMedian,
        unit: 'ms',
        target: { max: 1000 },
        note: `median of ${restarts}, worst ${Math.round(startupWorst)} ms`,
      },
      { name: 'server peak RSS (VmHWM)', value: peakRss, unit: 'MiB', target: { max: 150 } },
    ];
  } finally {
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const figures = await benchServer();
  console.log(renderTable([{ title: 'server', figures }]));
}
