import type { Selectable } from 'kysely';
import { createChannels } from '../../src/courier/channels/select.js';
import type { MessageChannel, MessageStatus, MessageTable } from '../../src/courier/schema.js';
import { insertionOrder } from '../../src/courier/store.js';
import {
  type CourierWorker,
  type CourierWorkerOptions,
  createCourierWorker,
  type DrainSummary,
} from '../../src/courier/worker.js';
import type { Db } from '../../src/db/database.js';
import type { AppServices } from '../../src/services.js';

export type WorkerOverrides = Partial<Omit<CourierWorkerOptions, 'db' | 'engine' | 'clock' | 'openChannels'>>;

/** A real courier worker on the app's database, clock and configured channels (SMTP_URL, SMS_URL). */
export function createTestCourier(services: AppServices, overrides: WorkerOverrides = {}): CourierWorker {
  return createCourierWorker({
    db: services.db,
    engine: services.database.engine,
    clock: services.clock,
    openChannels: (onReceipt) => createChannels(services.config, onReceipt),
    logger: false,
    ...overrides,
  });
}

/**
 * Sends everything due at the app clock's "now" with the real worker, then stops it. Retries
 * wait for their next_attempt_at: advance the ManualClock and call again. For SMPP delivery
 * receipts keep a worker alive instead (createTestCourier + runUntilIdle, stop at the end).
 */
export async function runCourierUntilIdle(
  services: AppServices,
  overrides: WorkerOverrides = {},
): Promise<DrainSummary> {
  const worker = createTestCourier(services, overrides);
  try {
    return await worker.runUntilIdle();
  } finally {
    await worker.stop();
  }
}

/**
 * The worker running continuously, as in the server (browser tests): polls every 50 ms and
 * wakes on services.courierNotify(). Call stop() before closing the app.
 */
export function startTestCourier(
  services: AppServices,
  overrides: WorkerOverrides = {},
): { stop(): Promise<void> } {
  const worker = createTestCourier(services, { pollIntervalMs: 50, ...overrides });
  const unsubscribe = services.onCourierNotify(() => worker.wake());
  worker.start();
  return {
    async stop() {
      unsubscribe();
      await worker.stop();
    },
  };
}

export interface StoredMessage {
  readonly row: Selectable<MessageTable>;
  readonly id: string;
  readonly status: Selectable<MessageTable>['status'];
  readonly recipient: string;
  readonly template: string;
  /** Email only. */
  readonly subject: string | null;
  readonly text: string;
  /** Email only. */
  readonly html: string | null;
}

/** The newest message queued for `to` (exact recipient) on `channel`, content parsed; null if none. */
export async function latestMessage(
  db: Db,
  query: { readonly channel: MessageChannel; readonly to: string },
): Promise<StoredMessage | null> {
  const row = await db
    .selectFrom('messages')
    .selectAll()
    .where('channel', '=', query.channel)
    .where('recipient', '=', query.to)
    .orderBy('created_at', 'desc')
    .orderBy(insertionOrder(db), 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? toStoredMessage(row) : null;
}

/** Every message for `to`, oldest first. */
export async function messagesTo(db: Db, to: string): Promise<StoredMessage[]> {
  const rows = await db
    .selectFrom('messages')
    .selectAll()
    .where('recipient', '=', to)
    .orderBy('created_at', 'asc')
    .orderBy(insertionOrder(db), 'asc')
    .execute();
  return rows.map(toStoredMessage);
}

function toStoredMessage(row: Selectable<MessageTable>): StoredMessage {
  const content = JSON.parse(row.content) as { subject?: string; text?: string; html?: string };
  return {
    row,
    id: row.id,
    status: row.status,
    recipient: row.recipient,
    template: row.template,
    subject: content.subject ?? null,
    text: content.text ?? '',
    html: content.html ?? null,
  };
}

/**
 * Polls the messages table until message `id` has one of `statuses` (a delivery receipt is
 * applied asynchronously, after the SMSC answers). Throws with the last status on timeout.
 */
export async function waitForMessageStatus(
  db: Db,
  id: string,
  statuses: MessageStatus | readonly MessageStatus[],
  timeoutMs = 5_000,
): Promise<StoredMessage> {
  const wanted = typeof statuses === 'string' ? [statuses] : statuses;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const row = await db.selectFrom('messages').selectAll().where('id', '=', id).executeTakeFirst();
    if (row && wanted.includes(row.status)) return toStoredMessage(row);
    if (Date.now() > deadline) {
      throw new Error(
        `message ${id} is ${row?.status ?? 'missing'}, not ${wanted.join('/')}, after ${timeoutMs} ms`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The six-digit code in an SMS or email text; throws when there is none. */
export function extractSixDigitCode(text: string): string {
  const code = /(?<!\d)(\d{6})(?!\d)/.exec(text)?.[1];
  if (!code) throw new Error('no six-digit code in the message');
  return code;
}

/**
 * The first absolute http(s) link in `text` whose path starts with `pathPrefix` (such as
 * '/activate/'); returns the whole URL. Throws when there is none.
 */
export function extractLink(text: string, pathPrefix: string): string {
  for (const match of text.matchAll(/https?:\/\/[^\s<>"')\]]+/g)) {
    const candidate = match[0].replace(/[.,;:!?]+$/, '');
    if (new URL(candidate).pathname.startsWith(pathPrefix)) return candidate;
  }
  throw new Error(`no link to ${pathPrefix} in the message`);
}
