/**
 * Courier throughput: N emails to a local SMTP server and N SMS to a local SMPP peer, each
 * drained by one worker from a fresh SQLite database (durable commits). Prints messages per
 * second, counted from the first lease until every message is recorded as sent (SMS: until
 * every delivery receipt is applied too, i.e. 'delivered').
 *
 *   npx tsx bench/courier.ts            (COURIER_BENCH_N=3000 by default)
 *
 * Tuning knobs: COURIER_BENCH_CONCURRENCY, COURIER_BENCH_BATCH, COURIER_BENCH_SMTP_CONNECTIONS.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { systemClock } from '../src/clock.js';
import { createDevChannel } from '../src/courier/channels/dev.js';
import { createSmppChannel } from '../src/courier/channels/smpp.js';
import { createSmtpChannel } from '../src/courier/channels/smtp.js';
import { enqueueEmail, enqueueSms } from '../src/courier/outbox.js';
import { countMessagesByStatus } from '../src/courier/store.js';
import { createCourierWorker } from '../src/courier/worker.js';
import { type Database, openDatabase } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { startTestSmppServer } from '../test/helpers/smpp-server.js';
import { startTestSmtpServer } from '../test/helpers/smtp-server.js';

export interface CourierBenchResult {
  readonly emailsPerSecond: number;
  readonly smsPerSecond: number;
}

/** The worker's and channel's defaults unless overridden here (for tuning experiments). */
const workerTuning = {
  ...(process.env.COURIER_BENCH_CONCURRENCY
    ? { concurrency: Number(process.env.COURIER_BENCH_CONCURRENCY) }
    : {}),
  ...(process.env.COURIER_BENCH_BATCH ? { batchSize: Number(process.env.COURIER_BENCH_BATCH) } : {}),
};
const smtpConnections = process.env.COURIER_BENCH_SMTP_CONNECTIONS
  ? { maxConnections: Number(process.env.COURIER_BENCH_SMTP_CONNECTIONS) }
  : {};

export async function benchCourier(
  n = Number(process.env.COURIER_BENCH_N ?? 3000),
): Promise<CourierBenchResult> {
  const emailsPerSecond = await withFreshDatabase((database) => benchEmail(database, n));
  const smsPerSecond = await withFreshDatabase((database) => benchSms(database, n));
  return { emailsPerSecond, smsPerSecond };
}

async function benchEmail(database: Database, n: number): Promise<number> {
  // parse: false — a real relay queues, it does not run mailparser; only the count is needed.
  const smtp = await startTestSmtpServer({ parse: false });
  try {
    await database.db.transaction().execute(async (trx) => {
      for (let i = 0; i < n; i++) {
        await enqueueEmail(trx, {
          template: 'bench.email',
          locale: 'en',
          to: `user${i}@example.com`,
          now: systemClock.now(),
          content: {
            subject: 'User account registration',
            text: `Open http://localhost:3000/activate/${i.toString(36).padStart(32, 'x')} to activate.`,
            html: `<p><a href="http://localhost:3000/activate/${i}">Activate</a></p>`,
          },
        });
      }
    });
    const worker = createCourierWorker({
      db: database.db,
      engine: database.engine,
      clock: systemClock,
      ...workerTuning,
      openChannels: () => ({
        email: createSmtpChannel({
          url: smtp.url,
          from: 'Gatehouse <no-reply@localhost>',
          ...smtpConnections,
        }),
        sms: createDevChannel(),
      }),
    });
    const started = performance.now();
    const summary = await worker.runUntilIdle();
    const seconds = (performance.now() - started) / 1000;
    await worker.stop();
    const counts = await countMessagesByStatus(database.db);
    if (summary.sent !== n || counts.sent !== n || smtp.received !== n) {
      throw new Error(
        `email bench lost messages: ${JSON.stringify({ summary, counts, received: smtp.received })}`,
      );
    }
    return n / seconds;
  } finally {
    await smtp.stop();
  }
}

async function benchSms(database: Database, n: number): Promise<number> {
  const smsc = await startTestSmppServer({ sendReceipts: 'DELIVRD' });
  try {
    await database.db.transaction().execute(async (trx) => {
      for (let i = 0; i < n; i++) {
        await enqueueSms(trx, {
          template: 'bench.sms',
          locale: 'cs',
          to: `+420601${String(i).padStart(6, '0')}`,
          now: systemClock.now(),
          content: { text: `Váš kód Gatehouse je ${String(i).padStart(6, '0')}. Platí 10 minut.` },
        });
      }
    });
    const worker = createCourierWorker({
      db: database.db,
      engine: database.engine,
      clock: systemClock,
      ...workerTuning,
      openChannels: (onReceipt) => ({
        email: createDevChannel(),
        sms: createSmppChannel({ url: smsc.url, onReceipt }),
      }),
    });
    const started = performance.now();
    const summary = await worker.runUntilIdle();
    if (process.env.COURIER_BENCH_DEBUG)
      console.log('sms drained in', (performance.now() - started).toFixed(0), 'ms');
    // Receipts are applied as they come; wait until every SMS is 'delivered'.
    for (let i = 0; i < 1500; i++) {
      const counts = await countMessagesByStatus(database.db);
      if (counts.delivered === n) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const seconds = (performance.now() - started) / 1000;
    await worker.stop();
    const counts = await countMessagesByStatus(database.db);
    if (summary.sent !== n || counts.delivered !== n || smsc.messages.length !== n) {
      throw new Error(
        `SMS bench lost messages: ${JSON.stringify({ summary, counts, received: smsc.messages.length })}`,
      );
    }
    return n / seconds;
  } finally {
    await smsc.stop();
  }
}

async function withFreshDatabase<T>(run: (database: Database) => Promise<T>): Promise<T> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'gatehouse-bench-courier-'));
  const database = openDatabase({ dataDir });
  try {
    await migrateToLatest(database, dataDir);
    return await run(database);
  } finally {
    await database.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const n = Number(process.env.COURIER_BENCH_N ?? 3000);
  const result = await benchCourier(n);
  console.log(
    `courier: ${n} emails → ${result.emailsPerSecond.toFixed(0)} emails/s to a local SMTP server (target ≥ 500)`,
  );
  console.log(
    `courier: ${n} SMS → ${result.smsPerSecond.toFixed(0)} SMS/s to a local SMPP peer, receipts applied (target ≥ 300)`,
  );
}
