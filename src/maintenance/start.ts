import type { Logger } from 'pino';
import type { AppServices } from '../services.js';
import { processResetRequests } from '../flows/recovery/requests.js';
import { pruneExpiredRows } from './prune.js';

const pruneIntervalMs = 10 * 60_000;

/**
 * Prunes expired rows at start and every ten minutes, and processes "forgotten password"
 * requests an instance stopped before processing (each app processes its own at once); several
 * instances doing it is harmless.
 */
export function startMaintenance(services: AppServices, logger: Logger | false): { stop(): void } {
  const run = () => {
    processResetRequests(services).then(
      (errors) => {
        if (logger)
          for (const error of errors) logger.error({ err: error }, 'a password reset request failed');
      },
      (error: unknown) => {
        if (logger) logger.warn({ err: error }, 'processing password reset requests failed');
      },
    );
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
