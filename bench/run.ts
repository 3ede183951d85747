/**
 * `npm run bench`: runs every benchmark module that exists and prints one table of figures,
 * each with its target and the ratio to it (≥ 1× meets the target). Figures are printed, never
 * asserted: a slow CI machine must not fail the build, and a person reads the ratios.
 *
 *   npm run bench                     all of them
 *   npm run bench -- server courier   only these
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type BenchSection, judge, renderTable, toFigures } from './lib/figures.js';

const benchDir = path.dirname(fileURLToPath(import.meta.url));

/** Each benchmark: its file in bench/ and the function it exports. */
const benchmarks = [
  { title: 'server', file: 'server.ts', exportName: 'benchServer' },
  { title: 'courier', file: 'courier.ts', exportName: 'benchCourier' },
  { title: 'registration', file: 'registration.ts', exportName: 'benchRegistration' },
  { title: 'login', file: 'login.ts', exportName: 'benchLogin' },
] as const;

/** A benchmark that hangs is reported as failed, and the others still print. */
const timeoutMs = Number(process.env.BENCH_TIMEOUT_SECONDS ?? 300) * 1000;

function withTimeout<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${what} did not finish within ${timeoutMs / 1000} s`)),
      timeoutMs,
    );
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

const only = process.argv.slice(2).filter((arg) => !arg.startsWith('-'));
const sections: BenchSection[] = [];
const failures: string[] = [];
const started = performance.now();

for (const bench of benchmarks) {
  if (only.length && !only.includes(bench.title)) continue;
  const file = path.join(benchDir, bench.file);
  if (!existsSync(file)) {
    console.log(`${bench.title}: not present (bench/${bench.file} does not exist yet)`);
    continue;
  }
  console.log(`${bench.title}: running ${bench.exportName}() from bench/${bench.file}…`);
  const benchStarted = performance.now();
  try {
    const module = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
    const run = module[bench.exportName];
    if (typeof run !== 'function')
      throw new Error(`bench/${bench.file} does not export ${bench.exportName}()`);
    const figures = toFigures(await withTimeout((run as () => Promise<unknown>)(), `${bench.exportName}()`));
    sections.push({ title: bench.title, figures });
    console.log(`${bench.title}: done in ${((performance.now() - benchStarted) / 1000).toFixed(1)} s`);
  } catch (error) {
    // One broken benchmark must not hide the others' figures.
    failures.push(
      `${bench.title}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
    console.log(`${bench.title}: FAILED (details below the table)`);
  }
}

// This process ran the in-process benchmarks (courier worker, flows): its own peak RSS too.
const harnessPeakMiB = process.resourceUsage().maxRSS / 1024;
sections.push({
  title: 'harness',
  figures: [
    {
      name: 'bench process peak RSS',
      value: harnessPeakMiB,
      unit: 'MiB',
      // Not judged: this process also runs the load generators and the SMTP/SMPP test servers.
      note: 'in-process benchmarks with their load generators and test servers',
    },
  ],
});

console.log(
  `\nGatehouse benchmarks (Node ${process.version}, ${availableParallelism()} cores), ${((performance.now() - started) / 1000).toFixed(0)} s\n`,
);
console.log(renderTable(sections));
const missed = sections
  .flatMap((s) => s.figures)
  .filter((figure) => judge(figure).verdict.includes('TARGET'));
console.log(
  `\n${missed.length ? `${missed.length} figure(s) miss their target.` : 'Every figure with a target meets it.'} Ratios ≥ 1× meet the target.`,
);
if (failures.length) {
  console.log(`\n${failures.length} benchmark(s) failed:\n${failures.join('\n\n')}`);
}
// A failed or hung benchmark may leave servers and timers behind: end here.
process.exit(failures.length ? 1 : 0);
