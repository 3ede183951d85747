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

/**
 * Processes every queued "forgotten password" request: each in its own transaction that first
 * claims it (a delete: of two instances at it at once, one gets it), then makes the link and
 * its email. A request that fails stays queued for the next run; the others go on. Returns the
 * errors met.
 */
export async function processResetRequests(services: AppServices): Promise<unknown[]> {
  const { db, database } = services;
  const errors: unknown[] = [];
  for (;;) {
    const queued = await db
      .selectFrom('password_reset_requests')
      .select('id')
      .orderBy('requested_at')
      .orderBy('id')
      .limit(batchSize)
      .execute();
    let processed = 0;
    let emailed = false;
    for (const { id } of queued) {
      try {
        emailed =
          (await database.db.transaction().execute(async (trx) => {
            const request = await trx
              .deleteFrom('password_reset_requests')
              .where('id', '=', id)
              .returningAll()
              .executeTakeFirst();
            return request ? issueResetLink(trx, services, request) : false;
          })) || emailed;
        processed += 1;
      } catch (error) {
        errors.push(error);
      }
    }
    if (emailed) services.courierNotify();
    if (queued.length < batchSize || processed === 0) return errors;
  }
}

/** The in-process runner of processResetRequests (src/flows/recovery/routes.ts owns one). */
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
  let closed = false;
  // Runs one after another in this process; other instances are kept off by the claim.
  let running: Promise<void> = Promise.resolve();
  const run = () => {
    running = running.then(async () => {
      const errors = await processResetRequests(services).catch((error: unknown) => [error]);
      if (errors.length) onErrors(errors);
    });
    return running;
  };
  const settle = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    return run();
  };
  return {
    kick() {
      if (closed || timer) return;
      timer = setTimeout(
        () => {
          timer = null;
          void run();
        },
        randomInt(maxDelayMs + 1),
      );
    },
    settle,
    async close() {
      closed = true;
      await settle();
    },
  };
}
