import type { Logger } from 'pino';
import type { Clock } from '../clock.js';
import type { Db } from '../db/database.js';
import type { DeliveryReceipt } from './channels/channel.js';
import { createBatchWriter } from './recorder.js';
import { applyDeliveryReceipts } from './store.js';

export interface ReceiptApplier {
  /** Applies a receipt as it arrives from the SMSC. */
  accept(receipt: DeliveryReceipt): void;
  /** Forgets receipts still waiting. */
  close(): void;
}

const retryMs = 250;
const maxTries = 40;

/**
 * Writes delivery receipts with group commit. A receipt can overtake the commit of its SMS's
 * "sent" outcome (the SMSC answers in milliseconds, on the same TCP read as submit_sm_resp), so
 * each receipt first waits for `outcomesWritten()`: every outcome handed in so far is committed.
 * One that still matches nothing (sent by a process that died, say) is tried every 250 ms for
 * ten seconds, then dropped with a warning.
 */
export function createReceiptApplier(
  db: Db,
  clock: Clock,
  workerId: string,
  log: Logger | null,
  outcomesWritten: () => Promise<void>,
): ReceiptApplier {
  const waiting = new Map<string, { receipt: DeliveryReceipt; tries: number; timer: NodeJS.Timeout }>();
  let closed = false;
  const writer = createBatchWriter<DeliveryReceipt, boolean>(
    (receipts) => applyDeliveryReceipts(db, receipts, clock.now(), workerId),
    (error) => {
      log?.warn({ err: error, worker: workerId }, 'courier could not record delivery receipts');
      return false;
    },
  );

  const apply = async (receipt: DeliveryReceipt): Promise<void> => {
    const applied = await writer.submit(receipt);
    const previous = waiting.get(receipt.providerMessageId);
    if (previous) clearTimeout(previous.timer);
    if (applied) {
      waiting.delete(receipt.providerMessageId);
      return;
    }
    const tries = (previous?.tries ?? 0) + 1;
    if (tries > maxTries || closed) {
      waiting.delete(receipt.providerMessageId);
      log?.warn(
        { worker: workerId, state: receipt.state },
        'courier dropped a receipt for an unknown message',
      );
      return;
    }
    const timer = setTimeout(() => void apply(receipt), retryMs);
    timer.unref();
    waiting.set(receipt.providerMessageId, { receipt, tries, timer });
  };

  return {
    accept(receipt) {
      // setImmediate: the send that this receipt answers hands its outcome in on a microtask.
      setImmediate(() => {
        void outcomesWritten().then(() => apply(receipt));
      });
    },
    close() {
      closed = true;
      for (const entry of waiting.values()) clearTimeout(entry.timer);
      waiting.clear();
    },
  };
}
