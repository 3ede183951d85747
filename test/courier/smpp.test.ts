import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { enqueueSms } from '../../src/courier/outbox.js';
import type { CourierWorker } from '../../src/courier/worker.js';
import { createTestCourier, waitForMessageStatus } from '../helpers/courier.js';
import { startTestSmppServer, type TestSmppServer } from '../helpers/smpp-server.js';
import { buildTestApp, type TestApp } from '../helpers/test-app.js';

function queueSms(t: TestApp, to: string, text: string): Promise<string> {
  return enqueueSms(t.db, { template: 'test.sms', locale: 'cs', to, now: t.clock.now(), content: { text } });
}

async function attemptOutcomes(t: TestApp, id: string): Promise<string[]> {
  const rows = await t.db
    .selectFrom('message_attempts')
    .select('outcome')
    .where('message_id', '=', id)
    .orderBy('id')
    .execute();
  return rows.map((r) => r.outcome);
}

describe('courier: SMS over SMPP', () => {
  let smsc: TestSmppServer;
  let t: TestApp;
  let worker: CourierWorker;
  beforeEach(async () => {
    smsc = await startTestSmppServer();
    t = await buildTestApp({ env: { SMS_URL: smsc.url } });
    // One worker kept alive per test: delivery receipts come back on its SMPP session.
    worker = createTestCourier(t.services);
  });
  afterEach(async () => {
    await worker.stop();
    await t.close();
    await smsc.stop();
  });

  it('delivers an SMS to the SMSC and turns it delivered on its DELIVRD receipt', async () => {
    const id = await queueSms(t, '+420601123456', 'Your Gatehouse code is 482913.');
    expect((await worker.runUntilIdle()).sent).toBe(1);

    const sms = await smsc.waitFor((m) => m.to === '+420601123456');
    expect(sms.text).toBe('Your Gatehouse code is 482913.');
    expect(sms.dataCoding).toBe(0);
    const delivered = await waitForMessageStatus(t.db, id, 'delivered');
    expect(delivered.row.provider_message_id).toBe(sms.messageId);
    expect(delivered.row.delivered_at).toBe(t.clock.now());
    expect(await attemptOutcomes(t, id)).toEqual(['sent', 'delivered']);
  });

  it('turns an SMS failed when its receipt says UNDELIV', async () => {
    smsc.sendReceipts = 'UNDELIV';
    const id = await queueSms(t, '+420601000111', 'Code 111222');
    await worker.runUntilIdle();
    const failed = await waitForMessageStatus(t.db, id, 'failed');
    expect(failed.row.last_error).toBe('not delivered: UNDELIV');
    expect(failed.row.delivered_at).toBeNull();
    expect(await attemptOutcomes(t, id)).toEqual(['sent', 'undelivered']);
  });

  it('sends Czech diacritics as UCS-2 and keeps them intact', async () => {
    const text = 'Váš ověřovací kód Gatehouse je 123456. Platí 10 minut.';
    const id = await queueSms(t, '+420777888999', text);
    await worker.runUntilIdle();
    const sms = await smsc.waitFor((m) => m.to === '+420777888999');
    expect(sms.dataCoding).toBe(8);
    expect(sms.text).toBe(text);
    await waitForMessageStatus(t.db, id, 'delivered');
  });

  it('reconnects after the SMSC drops the connection and still delivers the queued SMS', async () => {
    await queueSms(t, '+420601000001', 'before the drop');
    await worker.runUntilIdle();
    await smsc.waitForCount(1);

    smsc.dropConnections();
    const ids = await Promise.all(
      [2, 3, 4, 5, 6].map((n) => queueSms(t, `+42060100000${n}`, `after the drop ${n}`)),
    );
    // A submit racing the drop fails temporarily; its retry is due once the clock moves on.
    for (let round = 0; round < 5 && smsc.messages.length < 6; round++) {
      await worker.runUntilIdle();
      t.clock.advance(60_000);
    }
    await smsc.waitForCount(6);
    for (const id of ids) await waitForMessageStatus(t.db, id, 'delivered');
    expect(new Set(smsc.messages.map((m) => m.to)).size).toBe(6);
    expect(smsc.boundSessions).toBe(1);
  });

  it('fails an SMS to a number that is not E.164, and retries when the SMSC throttles', async () => {
    const bad = await queueSms(t, '601123456', 'no country code');
    smsc.setSubmitStatus(0x58);
    const throttled = await queueSms(t, '+420601222333', 'slow down');
    const first = await worker.runUntilIdle();
    expect(first).toEqual({ sent: 0, retrying: 1, failed: 1, dead: 0 });
    expect((await waitForMessageStatus(t.db, bad, 'failed')).row.last_error).toBe(
      'recipient is not an E.164 number',
    );

    smsc.setSubmitStatus(null);
    t.clock.advance(60_000);
    expect((await worker.runUntilIdle()).sent).toBe(1);
    await waitForMessageStatus(t.db, throttled, 'delivered');
    expect(smsc.messages.map((m) => m.text)).toEqual(['slow down']);
  });
});
