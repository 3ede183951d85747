import { randomBytes } from 'node:crypto';
import os from 'node:os';
import type { Logger } from 'pino';
import type { Clock } from '../clock.js';
import type { Db } from '../db/database.js';
import type { Engine } from '../db/dialect.js';
import type { Channel, OutgoingMessage, ReceiptListener, SendResult } from './channels/channel.js';
import type { Channels } from './channels/select.js';
import { createReceiptApplier } from './receipts.js';
import { createBatchWriter } from './recorder.js';
import { computeRetryDelay, defaultRetryPolicy, type RetryPolicy } from './retry.js';
import { redactContent } from './redact.js';
import { leaseDueMessages, type MessageOutcome, type MessageRow, recordOutcomes } from './store.js';

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

export function createCourierWorker(options: CourierWorkerOptions): CourierWorker {
  const { db, engine, clock } = options;
  const id = options.workerId ?? `${os.hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  const leaseMs = options.leaseMs ?? 60_000;
  const concurrency = options.concurrency ?? 32;
  const batchSize = options.batchSize ?? concurrency;
  const refillThreshold = Math.max(1, Math.ceil(Math.min(batchSize, concurrency) / 2));
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
  let summary: DrainSummary = emptySummary();
  const recorder = createBatchWriter<MessageOutcome, void>(
    async (outcomes) => {
      await recordOutcomes(db, outcomes);
      return outcomes.map(() => undefined);
    },
    (error) => {
      // The messages stay leased and are sent again once the lease expires: at least once.
      log?.error({ err: error, worker: id }, 'courier could not record outcomes');
    },
  );
  const receipts = createReceiptApplier(db, clock, id, log, () => recorder.flushed());
  const channels = options.openChannels((receipt) => receipts.accept(receipt));

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
    const channel = channelFor(row);
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

  const channelFor = (row: MessageRow): Channel => (row.channel === 'email' ? channels.email : channels.sms);

  const deliver = async (row: MessageRow, leaseId: string): Promise<void> => {
    const decided = await decide(row, leaseId);
    // Gone for good: the body (a live link or code) is not kept past this point.
    const outcome =
      decided.update.status === 'queued' || channelFor(row).name === 'dev'
        ? decided
        : { ...decided, redactedContent: redactContent(row.content) };
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
    await recorder.submit(outcome);
  };

  /** Leases and dispatches until nothing is due; in run mode then waits for a wake-up or the poll. */
  const pump = async (mode: 'drain' | 'run'): Promise<void> => {
    while (!stopping) {
      // Lease in batches: topping up one free slot at a time would cost a write (and on
      // SQLite an fsync) per message.
      const free = concurrency - sending.size;
      if (sending.size > 0 && free < refillThreshold) {
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
          limit: Math.min(batchSize, free),
          leaseId,
        });
      } catch (error) {
        if (mode === 'drain') throw error;
        log?.error({ err: error, worker: id }, 'courier could not lease messages');
        await waitForWake(pollIntervalMs);
        continue;
      }
      for (const row of rows) {
        const task = deliver(row, leaseId)
          .catch((error) => log?.error({ err: error, worker: id }, 'courier delivery failed unexpectedly'))
          .finally(() => sending.delete(task));
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
      receipts.close();
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
