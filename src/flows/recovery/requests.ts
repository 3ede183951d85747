import { randomInt } from 'node:crypto';
import type { AppServices } from '../../services.js';
import { issueResetLink } from './service.js';

/** Requests claimed and processed per read of the queue. */
const batchSize = 100;

/**
 * Up to this long after the answer, a request is processed. A random moment, not the next
 * tick: the work a known email costs then lands on whichever request the server answers next,
 * not always on the requester's own next one, where a caller timing pairs of requests could
 * see it. A customer reading their mailbox does not notice a tenth of a second.
 */
const maxDelayMs = 100;

/** After a run in which a request failed (the database away, say), the next one is this soon. */
const retryAfterFailureMs = 5_000;

/**
 * Processes every queued "forgotten password" request, oldest first: each in its own transaction
 * that first claims it (a delete: of two instances at it at once, one gets it), then makes the
 * link and its email. A request that fails stays queued for a later run, and the run goes on with
 * the ones after it. Returns the errors met.
 */
export async function processResetRequests(services: AppServices): Promise<unknown[]> {
  const { db } = services;
  const errors: unknown[] = [];
  let after = 0;
  for (;;) {
    const queued = await db
      .selectFrom('password_reset_requests')
      .select('id')
      .where('id', '>', after)
      .orderBy('id')
      .limit(batchSize)
      .execute();
    let emailed = false;
    for (const { id } of queued) {
      after = id;
      try {
        emailed =
          (await db.transaction().execute(async (trx) => {
            const request = await trx
              .deleteFrom('password_reset_requests')
              .where('id', '=', id)
              .returningAll()
              .executeTakeFirst();
            return request ? issueResetLink(trx, services, request) : false;
          })) || emailed;
      } catch (error) {
        errors.push(error);
      }
    }
    if (emailed) services.courierNotify();
    if (queued.length < batchSize) return errors;
  }
}

/** The in-process runner of processResetRequests (src/flows/recovery/queue-plugin.ts owns one). */
export interface ResetRequestQueue {
  /** A request was queued: process the queue shortly, off the answer's path. */
  kick(): void;
  /** Processes the queue now and resolves once it is empty (tests; shutdown). */
  settle(): Promise<void>;
  /** Settles and takes no more kicks. */
  close(): Promise<void>;
}

export function createResetRequestQueue(
  services: AppServices,
  onErrors: (errors: unknown[]) => void,
): ResetRequestQueue {
  let timer: NodeJS.Timeout | null = null;
  let timerDueAt = 0;
  let closed = false;
  /** Runs the queue in `delayMs`, or sooner if a run is due sooner already. */
  const schedule = (delayMs: number) => {
    if (closed || (timer && timerDueAt <= Date.now() + delayMs)) return;
    if (timer) clearTimeout(timer);
    timerDueAt = Date.now() + delayMs;
    timer = setTimeout(() => {
      timer = null;
      void run();
    }, delayMs);
  };
  // Runs one after another in this process; other instances are kept off by the claim.
  let running: Promise<void> = Promise.resolve();
  const run = () => {
    running = running.then(async () => {
      const errors = await processResetRequests(services).catch((error: unknown) => [error]);
      if (!errors.length) return;
      try {
        onErrors(errors);
      } catch {
        // Reporting failed; the retry below matters more.
      }
      schedule(retryAfterFailureMs);
    });
    return running;
  };
  const settle = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    return run();
  };
  return {
    kick: () => schedule(randomInt(maxDelayMs + 1)),
    settle,
    async close() {
      closed = true;
      await settle();
    },
  };
}
