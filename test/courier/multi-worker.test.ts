import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { enqueueEmail } from '../../src/courier/outbox.js';
import type { DrainSummary } from '../../src/courier/worker.js';
import { startTestSmtpServer, type TestSmtpServer } from '../helpers/smtp-server.js';
import { buildTestApp, type TestApp } from '../helpers/test-app.js';
import { spawnWorkerProcess } from './fixtures/spawn-worker.js';

describe('courier: two worker processes on one database', () => {
  let smtp: TestSmtpServer;
  let t: TestApp;
  beforeEach(async () => {
    smtp = await startTestSmtpServer();
    t = await buildTestApp({ env: { SMTP_URL: smtp.url, MAIL_FROM: 'Gatehouse <no-reply@gatehouse.test>' } });
  });
  afterEach(async () => {
    await t.close();
    await smtp.stop();
  });

  it('deliver 1,000 emails, each exactly once', async () => {
    const total = 1_000;
    const ids = await t.db.transaction().execute(async (trx) => {
      const queued: string[] = [];
      for (let i = 0; i < total; i++) {
        queued.push(
          await enqueueEmail(trx, {
            template: 'test.bulk',
            locale: 'en',
            to: `user${i}@example.com`,
            now: t.clock.now(),
            content: { subject: `Message ${i}`, text: `Body ${i}`, html: `<p>Body ${i}</p>` },
          }),
        );
      }
      return queued;
    });

    const workers = [
      spawnWorkerProcess(t, { COURIER_WORKER_ID: 'worker-a' }),
      spawnWorkerProcess(t, { COURIER_WORKER_ID: 'worker-b' }),
    ];
    await Promise.all(workers.map((w) => w.waitForLine('READY')));
    for (const w of workers) w.go();
    const summaries = await Promise.all(
      workers.map(async (w) => JSON.parse((await w.waitForLine('DONE ', 30_000)).slice(5)) as DrainSummary),
    );
    expect(await Promise.all(workers.map((w) => w.exited))).toEqual([0, 0]);

    await smtp.waitForCount(total, 10_000);
    const received = smtp.messages.map((m) => m.messageId);
    expect(received).toHaveLength(total);
    expect(new Set(received).size).toBe(total);
    expect(new Set(received)).toEqual(new Set(ids.map((id) => `<${id}@gatehouse.test>`)));

    expect(summaries.reduce((n, s) => n + s.sent, 0)).toBe(total);
    // Both really took part: each leased and sent a share.
    for (const summary of summaries) expect(summary.sent).toBeGreaterThan(0);
    const statuses = await t.db.selectFrom('messages').select(['status', 'attempts']).execute();
    expect(statuses.every((m) => m.status === 'sent' && m.attempts === 1)).toBe(true);
    const attempts = await t.db.selectFrom('message_attempts').select(['outcome', 'worker']).execute();
    expect(attempts).toHaveLength(total);
    expect(new Set(attempts.map((a) => a.worker))).toEqual(new Set(['worker-a', 'worker-b']));
  });
});
