import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { enqueueEmail } from '../../src/courier/outbox.js';
import { runCourierUntilIdle } from '../helpers/courier.js';
import { startTestSmtpServer, type TestSmtpServer } from '../helpers/smtp-server.js';
import { buildTestApp, type TestApp } from '../helpers/test-app.js';
import { spawnWorkerProcess } from './fixtures/spawn-worker.js';

describe('courier: a worker killed between sending and recording', () => {
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

  it('sends the message again once the lease expires: at least once, never lost', async () => {
    const id = await enqueueEmail(t.db, {
      template: 'test.crash',
      locale: 'en',
      to: 'crash@example.com',
      now: t.clock.now(),
      content: { subject: 'Survives a crash', text: 'text', html: '<p>html</p>' },
    });

    const doomed = spawnWorkerProcess(t, {
      COURIER_MODE: 'die-after-send',
      COURIER_WORKER_ID: 'doomed',
      COURIER_LEASE_MS: '60000',
    });
    await doomed.waitForLine('READY');
    doomed.go();
    expect(await doomed.waitForLine('SENT ')).toBe(`SENT ${id}`);
    await smtp.waitForCount(1);
    doomed.child.kill('SIGKILL');
    expect(await doomed.exited).toBeNull();

    const orphan = await t.db
      .selectFrom('messages')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(orphan.status).toBe('sending');
    expect(orphan.leased_by).toMatch(/^doomed#/);
    expect(await t.db.selectFrom('message_attempts').selectAll().execute()).toEqual([]);

    // While the dead worker's lease holds, nobody else touches the message.
    t.clock.set(orphan.lease_until! - 1);
    expect((await runCourierUntilIdle(t.services)).sent).toBe(0);
    expect(smtp.received).toBe(1);

    t.clock.set(orphan.lease_until! + 1);
    expect((await runCourierUntilIdle(t.services, { workerId: 'rescuer' })).sent).toBe(1);
    await smtp.waitForCount(2);
    expect(smtp.messages.map((m) => m.messageId)).toEqual([
      `<${id}@gatehouse.test>`,
      `<${id}@gatehouse.test>`,
    ]);

    const row = await t.db.selectFrom('messages').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.status).toBe('sent');
    expect(row.attempts).toBe(2);
    const attempts = await t.db.selectFrom('message_attempts').select(['outcome', 'worker']).execute();
    expect(attempts).toEqual([{ outcome: 'sent', worker: 'rescuer' }]);
  });
});
