import type { Logger } from 'pino';
import type { AppServices } from '../services.js';
import { pruneExpiredRows } from './prune.js';

const pruneIntervalMs = 10 * 60_000;

/** Prunes expired rows at start and every ten minutes; several instances doing it is harmless. */
export function startMaintenance(services: AppServices, logger: Logger | false): { stop(): void } {
  const run = () => {
    pruneExpiredRows(services.db, services.clock.now()).then(
      (report) => {
        if (logger) logger.debug({ pruned: report }, 'maintenance');
      },
      (error: unknown) => {
        if (logger) logger.warn({ err: error }, 'maintenance failed');
      },
    );
  };
  run();
  const timer = setInterval(run, pruneIntervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
