import type { Logger } from 'pino';
import type { AppServices } from '../services.js';
import { processResetRequests } from '../flows/recovery/requests.js';
import { pruneExpiredRows } from './prune.js';

const pruneIntervalMs = 10 * 60_000;

/**
 * Prunes expired rows at start and every ten minutes, and processes the "forgotten password"
 * requests still queued (any instance's: one that stopped before processing its own leaves them
 * to the others); several instances doing it is harmless. `stop()` resolves once a run under way
 * has ended, so the database can close after it.
 */
export function startMaintenance(services: AppServices, logger: Logger | false): { stop(): Promise<void> } {
  let inFlight: Promise<unknown> = Promise.resolve();
  const run = () => {
    const requests = processResetRequests(services).then(
      (errors) => {
        if (logger)
          for (const error of errors) logger.error({ err: error }, 'a password reset request failed');
      },
      (error: unknown) => {
        if (logger) logger.warn({ err: error }, 'processing password reset requests failed');
      },
    );
    const pruning = pruneExpiredRows(services.db, services.clock.now()).then(
      (report) => {
        if (logger) logger.debug({ pruned: report }, 'maintenance');
      },
      (error: unknown) => {
        if (logger) logger.warn({ err: error }, 'maintenance failed');
      },
    );
    inFlight = Promise.all([inFlight, requests, pruning]);
  };
  run();
  const timer = setInterval(run, pruneIntervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await inFlight;
    },
  };
}
