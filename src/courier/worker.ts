import { randomBytes } from 'node:crypto';
import os from 'node:os';
import type { Logger } from 'pino';
import type { Clock } from '../clock.js';
import type { Db } from '../db/database.js';
import type { Engine } from '../db/dialect.js';
import type {
  Channel,
  DeliveryReceipt,
  OutgoingMessage,
  ReceiptListener,
  SendResult,
} from './channels/channel.js';
import type { Channels } from './channels/select.js';
import { createOutcomeRecorder } from './recorder.js';
import { computeRetryDelay, defaultRetryPolicy, type RetryPolicy } from './retry.js';
import { applyDeliveryReceipt, leaseDueMessages, type MessageOutcome, type MessageRow } from './store.js';

export interface CourierWorkerOptions {
  readonly db: Db;
  readonly engine: Engine;
  readonly clock: Clock;
  /** Opens the channels; the worker passes where delivery receipts go and closes them on stop. */
  readonly openChannels: (onReceipt: ReceiptListener) => Channels;
  readonly workerId?: string;
  /** How long a leased message is ours; after that another worker may take it (we died). */
  readonly leaseMs?: number;
  /** Messages leased per query. */
  readonly batchSize?: number;
  /** Sends in flight at once. */
  readonly concurrency?: number;
  /** How often an idle worker looks for due messages without being woken. */
  readonly pollIntervalMs?: number;
  readonly retry?: Partial<RetryPolicy>;
  readonly random?: () => number;
  readonly logger?: Logger | false;
}

/** How many leased messages ended how, during one drain. */
export interface DrainSummary {
  sent: number;
  retrying: number;
  failed: number;
  dead: number;
}

export interface CourierWorker {
  readonly id: string;
  /** Sends everything due now and returns when nothing is due or in flight (tests, CLI). */
  runUntilIdle(): Promise<DrainSummary>;
  /** Runs until stop(): polls, and wakes at once on wake(). */
  start(): void;
  /** Something was queued: look now instead of at the next poll. */
  wake(): void;
  /** Stops leasing, lets in-flight sends finish and record, closes the channels. */
  stop(): Promise<void>;
}

const receiptRetryMs = 250;
const receiptMaxTries = 40;

export function createCourierWorker(options: CourierWorkerOptions): CourierWorker {
  const { db, engine, clock } = options;
  const id = options.workerId ?? `${os.hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  const leaseMs = options.leaseMs ?? 60_000;
  const concurrency = options.concurrency ?? 16;
  const batchSize = options.batchSize ?? concurrency;
  const pollIntervalMs = options.pollIntervalMs ?? 1_000;
  const retry: RetryPolicy = { ...defaultRetryPolicy, ...options.retry };
  const random = options.random ?? Math.random;
  const log = options.logger || null;

  let leaseSeq = 0;
  let running: Promise<void> | null = null;
  let stopping = false;
  let wakeRequested = false;
  let wakeUp: (() => void) | null = null;
  const sending = new Set<Promise<void>>();
  // Receipts that came before their SMS's "sent" row was committed; retried shortly.
  const pendingReceipts = new Map<
    string,
    { receipt: DeliveryReceipt; tries: number; timer: NodeJS.Timeout }
  >();
  let summary: DrainSummary = emptySummary();

  const recorder = createOutcomeRecorder(db, {
    onCommitted(outcomes) {
      for (const outcome of outcomes) {
        if (outcome.update.status === 'sent' && outcome.update.providerMessageId) {
          const pending = pendingReceipts.get(outcome.update.providerMessageId);
          if (pending) void applyReceipt(pending.receipt);
        }
      }
    },
    onError(error) {
      // The messages stay leased and are sent again once the lease expires: at least once.
      log?.error({ err: error, worker: id }, 'courier could not record outcomes');
    },
  });

  const applyReceipt = async (receipt: DeliveryReceipt): Promise<void> => {
    let applied = false;
    try {
      applied = await applyDeliveryReceipt(db, receipt, clock.now(), id);
    } catch (error) {
      log?.warn({ err: error, worker: id }, 'courier could not record a delivery receipt');
    }
    const pending = pendingReceipts.get(receipt.providerMessageId);
    if (applied) {
      if (pending) {
        clearTimeout(pending.timer);
        pendingReceipts.delete(receipt.providerMessageId);
      }
      return;
    }
    const tries = (pending?.tries ?? 0) + 1;
    if (pending) clearTimeout(pending.timer);
    if (tries > receiptMaxTries || stopping) {
      pendingReceipts.delete(receipt.providerMessageId);
      log?.warn({ worker: id, state: receipt.state }, 'courier dropped a receipt for an unknown message');
      return;
    }
    const timer = setTimeout(() => void applyReceipt(receipt), receiptRetryMs);
    timer.unref();
    pendingReceipts.set(receipt.providerMessageId, { receipt, tries, timer });
  };

  const channels = options.openChannels((receipt) => void applyReceipt(receipt));

  const decide = async (row: MessageRow, leaseId: string): Promise<MessageOutcome> => {
    const common = { messageId: row.id, leaseId, worker: id };
    const now = clock.now();
    if (row.expires_at !== null && row.expires_at <= now) {
      return {
        ...common,
        at: now,
        attempt: 'expired',
        detail: null,
        update: { status: 'dead', error: 'expired' },
      };
    }
    if (row.attempts > retry.maxAttempts) {
      // Leased again and again without an outcome: the worker keeps dying on this one.
      const error = 'max attempts reached';
      return {
        ...common,
        at: now,
        attempt: 'permanent_failure',
        detail: error,
        update: { status: 'dead', error },
      };
    }
    const channel = row.channel === 'email' ? channels.email : channels.sms;
    const result = await sendSafely(channel, row);
    const at = clock.now();
    const detail = result.outcome === 'sent' ? channel.name : `${channel.name}: ${result.reason}`;
    if (result.outcome === 'sent') {
      return {
        ...common,
        at,
        attempt: 'sent',
        detail,
        update: { status: 'sent', providerMessageId: result.providerMessageId },
      };
    }
    if (result.outcome === 'permanent_failure') {
      return {
        ...common,
        at,
        attempt: 'permanent_failure',
        detail,
        update: { status: 'failed', error: result.reason },
      };
    }
    if (row.attempts >= retry.maxAttempts) {
      const error = `max attempts reached: ${result.reason}`;
      return { ...common, at, attempt: 'temporary_failure', detail, update: { status: 'dead', error } };
    }
    const nextAttemptAt = at + computeRetryDelay(row.attempts, retry, random);
    return {
      ...common,
      at,
      attempt: 'temporary_failure',
      detail,
      update: { status: 'queued', nextAttemptAt, error: result.reason },
    };
  };

  const deliver = async (row: MessageRow, leaseId: string): Promise<void> => {
    const outcome = await decide(row, leaseId);
    count(summary, outcome);
    log?.info(
      {
        worker: id,
        messageId: row.id,
        template: row.template,
        channel: row.channel,
        outcome: outcome.attempt,
        attempts: row.attempts,
      },
      'courier attempt',
    );
    await recorder.record(outcome);
  };

  /** Leases and dispatches until nothing is due; in run mode then waits for a wake-up or the poll. */
  const pump = async (mode: 'drain' | 'run'): Promise<void> => {
    while (!stopping) {
      if (sending.size >= concurrency) {
        await Promise.race(sending);
        continue;
      }
      wakeRequested = false;
      const leaseId = `${id}#${++leaseSeq}`;
      let rows: MessageRow[];
      try {
        rows = await leaseDueMessages(db, engine, {
          now: clock.now(),
          leaseMs,
          limit: Math.min(batchSize, concurrency - sending.size),
          leaseId,
        });
      } catch (error) {
        if (mode === 'drain') throw error;
        log?.error({ err: error, worker: id }, 'courier could not lease messages');
        await waitForWake(pollIntervalMs);
        continue;
      }
      for (const row of rows) {
        const task = deliver(row, leaseId).finally(() => sending.delete(task));
        sending.add(task);
      }
      if (rows.length > 0) continue;
      if (mode === 'drain') {
        if (sending.size === 0) return;
        await Promise.race(sending);
        continue;
      }
      if (!wakeRequested) await waitForWake(pollIntervalMs);
    }
  };

  const waitForWake = (timeoutMs: number): Promise<void> =>
    new Promise((resolve) => {
      const timer = setTimeout(finish, timeoutMs);
      function finish() {
        clearTimeout(timer);
        wakeUp = null;
        resolve();
      }
      wakeUp = finish;
    });

  const settle = async () => {
    await Promise.allSettled([...sending]);
    await recorder.flushed();
  };

  return {
    id,
    async runUntilIdle() {
      summary = emptySummary();
      await pump('drain');
      await settle();
      return summary;
    },
    start() {
      if (running) return;
      running = pump('run').catch((error) =>
        log?.error({ err: error, worker: id }, 'courier worker stopped'),
      );
    },
    wake() {
      wakeRequested = true;
      wakeUp?.();
    },
    async stop() {
      stopping = true;
      wakeUp?.();
      await running;
      await settle();
      for (const pending of pendingReceipts.values()) clearTimeout(pending.timer);
      pendingReceipts.clear();
      await Promise.allSettled([channels.email.close(), channels.sms.close()]);
    },
  };
}

async function sendSafely(channel: Channel, row: MessageRow): Promise<SendResult> {
  let content: Record<string, unknown>;
  try {
    content = JSON.parse(row.content) as Record<string, unknown>;
  } catch {
    return { outcome: 'permanent_failure', reason: 'malformed content' };
  }
  const message: OutgoingMessage = { id: row.id, channel: row.channel, recipient: row.recipient, content };
  try {
    return await channel.send(message);
  } catch (error) {
    // A channel should not throw; if one does, trying again later is the safe reading.
    return { outcome: 'temporary_failure', reason: `channel error: ${(error as Error).message}` };
  }
}

function emptySummary(): DrainSummary {
  return { sent: 0, retrying: 0, failed: 0, dead: 0 };
}

function count(summary: DrainSummary, outcome: MessageOutcome): void {
  const status = outcome.update.status;
  if (status === 'sent') summary.sent++;
  else if (status === 'queued') summary.retrying++;
  else if (status === 'failed') summary.failed++;
  else summary.dead++;
}
