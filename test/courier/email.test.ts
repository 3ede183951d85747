import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { enqueueEmail } from '../../src/courier/outbox.js';
import type { Db } from '../../src/db/database.js';
import { startCourier } from '../../src/courier/start.js';
import { runCourierUntilIdle } from '../helpers/courier.js';
import { startTestSmtpServer, type TestSmtpServer } from '../helpers/smtp-server.js';
import { buildTestApp, type TestApp } from '../helpers/test-app.js';

const mailFrom = 'Gatehouse <no-reply@gatehouse.test>';

async function queueEmail(
  t: TestApp,
  to: string,
  subject: string,
  extra: { expiresAt?: number; db?: Db } = {},
): Promise<string> {
  return enqueueEmail(extra.db ?? t.db, {
    template: 'test.email',
    locale: 'en',
    to,
    now: t.clock.now(),
    expiresAt: extra.expiresAt ?? null,
    content: {
      subject,
      text: `Hello,\nopen ${t.config.publicUrl.origin}/activate/abc to continue.`,
      html: `<p>Hello,</p><p><a href="${t.config.publicUrl.origin}/activate/abc">Activate</a></p>`,
    },
  });
}

async function messageRow(t: TestApp, id: string) {
  return t.db.selectFrom('messages').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

async function attemptsOf(t: TestApp, id: string) {
  return t.db.selectFrom('message_attempts').selectAll().where('message_id', '=', id).orderBy('id').execute();
}

describe('courier: email over SMTP', () => {
  let smtp: TestSmtpServer;
  let t: TestApp;
  beforeEach(async () => {
    smtp = await startTestSmtpServer();
    t = await buildTestApp({ env: { SMTP_URL: smtp.url, MAIL_FROM: mailFrom } });
  });
  afterEach(async () => {
    await t.close();
    await smtp.stop();
  });

  it('sends an email whose transaction committed, and never one whose transaction rolled back', async () => {
    await expect(
      t.db.transaction().execute(async (trx) => {
        await queueEmail(t, 'rolled@example.com', 'Rolled back', { db: trx });
        throw new Error('the flow failed after queueing');
      }),
    ).rejects.toThrow('the flow failed');
    const id = await t.db
      .transaction()
      .execute((trx) => queueEmail(t, 'jana@example.com', 'User account registration', { db: trx }));

    const summary = await runCourierUntilIdle(t.services);

    expect(summary).toEqual({ sent: 1, retrying: 0, failed: 0, dead: 0 });
    const mail = await smtp.waitFor((m) => m.subject === 'User account registration');
    expect(mail.from?.value[0]).toEqual({ address: 'no-reply@gatehouse.test', name: 'Gatehouse' });
    expect(mail.to && !Array.isArray(mail.to) ? mail.to.text : '').toBe('jana@example.com');
    expect(mail.text).toContain(`${t.config.publicUrl.origin}/activate/abc`);
    expect(mail.html).toContain(`<a href="${t.config.publicUrl.origin}/activate/abc">Activate</a>`);
    expect(mail.messageId).toBe(`<${id}@gatehouse.test>`);
    expect(smtp.messages.map((m) => m.subject)).toEqual(['User account registration']);

    const row = await messageRow(t, id);
    expect(row.status).toBe('sent');
    expect(row.sent_at).toBe(t.clock.now());
    expect(row.lease_until).toBeNull();
    expect((await attemptsOf(t, id)).map((a) => a.outcome)).toEqual(['sent']);
    expect(await t.db.selectFrom('messages').select('id').execute()).toHaveLength(1);
  });

  it('retries with capped exponential backoff while the SMTP server is down, then delivers everything', async () => {
    await smtp.stop();
    const ids = [
      await queueEmail(t, 'a@example.com', 'First'),
      await queueEmail(t, 'b@example.com', 'Second'),
      await queueEmail(t, 'c@example.com', 'Third'),
    ];
    const retry = { baseDelayMs: 1_000, maxDelayMs: 4_000, maxAttempts: 10 };
    const delays: number[] = [];
    for (let round = 1; round <= 5; round++) {
      // random = 1: the top of each jitter window, so the growth is exact to assert.
      const summary = await runCourierUntilIdle(t.services, { retry, random: () => 1 });
      expect(summary.retrying).toBe(3);
      const row = await messageRow(t, ids[0]!);
      expect(row.status).toBe('queued');
      expect(row.attempts).toBe(round);
      expect(row.last_error).toMatch(/ECONNREFUSED|ECONNECTION|ESOCKET/);
      delays.push(row.next_attempt_at - t.clock.now());
      // Not due yet: a drain one millisecond early sends nothing.
      t.clock.advance(row.next_attempt_at - t.clock.now() - 1);
      expect((await runCourierUntilIdle(t.services, { retry })).retrying).toBe(0);
      t.clock.advance(1);
    }
    expect(delays).toEqual([1_000, 2_000, 4_000, 4_000, 4_000]);

    await smtp.start();
    const summary = await runCourierUntilIdle(t.services, { retry });
    expect(summary.sent).toBe(3);
    await smtp.waitForCount(3);
    expect(smtp.messages.map((m) => m.subject).sort()).toEqual(['First', 'Second', 'Third']);
    for (const id of ids) {
      const row = await messageRow(t, id);
      expect(row.status).toBe('sent');
      expect(row.attempts).toBe(6);
      const outcomes = (await attemptsOf(t, id)).map((a) => a.outcome);
      expect(outcomes).toEqual([...Array(5).fill('temporary_failure'), 'sent']);
    }
  });

  it('keeps jittered delays inside their window and under the cap with the default policy', async () => {
    smtp.setFailure(451);
    const id = await queueEmail(t, 'jitter@example.com', 'Jitter');
    const ceilings = [
      5_000, 10_000, 20_000, 40_000, 80_000, 160_000, 320_000, 640_000, 1_280_000, 1_800_000, 1_800_000,
    ];
    for (const ceiling of ceilings) {
      await runCourierUntilIdle(t.services);
      const row = await messageRow(t, id);
      const delay = row.next_attempt_at - t.clock.now();
      expect(delay).toBeGreaterThanOrEqual(ceiling / 2);
      expect(delay).toBeLessThanOrEqual(ceiling);
      expect(row.last_error).toContain('451');
      t.clock.set(row.next_attempt_at);
    }
    expect(smtp.messages).toHaveLength(0);
  });

  it('marks a message failed with the reason when the server answers 5xx, without retrying', async () => {
    smtp.setFailure(550);
    const id = await queueEmail(t, 'gone@example.com', 'Nobody home');
    const summary = await runCourierUntilIdle(t.services);
    expect(summary).toEqual({ sent: 0, retrying: 0, failed: 1, dead: 0 });
    const row = await messageRow(t, id);
    expect(row.status).toBe('failed');
    expect(row.last_error).toContain('550');
    expect((await attemptsOf(t, id)).map((a) => a.outcome)).toEqual(['permanent_failure']);

    smtp.setFailure(null);
    t.clock.advance(24 * 3600_000);
    expect((await runCourierUntilIdle(t.services)).sent).toBe(0);
    expect(smtp.messages).toHaveLength(0);
  });

  it('sends a message whose expiry passed to the dead letters, unsent', async () => {
    const id = await queueEmail(t, 'late@example.com', 'Your code', {
      expiresAt: t.clock.now() + 10 * 60_000,
    });
    smtp.setFailure(421);
    await runCourierUntilIdle(t.services);
    expect((await messageRow(t, id)).status).toBe('queued');

    smtp.setFailure(null);
    t.clock.advance(10 * 60_000);
    const summary = await runCourierUntilIdle(t.services);
    expect(summary).toEqual({ sent: 0, retrying: 0, failed: 0, dead: 1 });
    const row = await messageRow(t, id);
    expect(row.status).toBe('dead');
    expect(row.last_error).toBe('expired');
    expect((await attemptsOf(t, id)).map((a) => a.outcome)).toEqual(['temporary_failure', 'expired']);
    expect(smtp.messages).toHaveLength(0);
  });

  it('gives up after the maximum number of attempts', async () => {
    smtp.setFailure(452);
    const id = await queueEmail(t, 'full@example.com', 'Mailbox full');
    const retry = { baseDelayMs: 1_000, maxDelayMs: 1_000, maxAttempts: 3 };
    for (let i = 0; i < 3; i++) {
      await runCourierUntilIdle(t.services, { retry });
      t.clock.advance(1_000);
    }
    const row = await messageRow(t, id);
    expect(row.status).toBe('dead');
    expect(row.attempts).toBe(3);
    expect(row.last_error).toMatch(/^max attempts reached: 452/);
    expect((await runCourierUntilIdle(t.services, { retry })).sent).toBe(0);
  });

  it('refuses a recipient that could inject headers', async () => {
    const id = await queueEmail(t, 'a@example.com,b@example.com', 'Two at once');
    const summary = await runCourierUntilIdle(t.services);
    expect(summary.failed).toBe(1);
    expect((await messageRow(t, id)).last_error).toBe('invalid recipient address');
    expect(smtp.messages).toHaveLength(0);
  });

  it('sends to an internationalised domain in its punycode form', async () => {
    await queueEmail(t, 'Info@Příklad.eu', 'User account registration');
    expect((await runCourierUntilIdle(t.services)).sent).toBe(1);
    // nodemailer writes it in ASCII, so a relay without SMTPUTF8 takes it too.
    expect(smtp.commands.filter((line) => line.startsWith('RCPT'))).toEqual([
      'RCPT TO:<Info@xn--pklad-zsa96e.eu>',
    ]);
    expect(smtp.messages[0]!.headerLines.find((h) => h.key === 'to')?.line).toBe(
      'To: Info@xn--pklad-zsa96e.eu',
    );
  });

  it('wakes the running courier as soon as a flow notifies it', async () => {
    // The server's own start-up path; its one-second poll would be too slow for this wait.
    const courier = await startCourier(t.services, false);
    try {
      await queueEmail(t, 'now@example.com', 'Right away');
      t.services.courierNotify();
      const mail = await smtp.waitFor((m) => m.subject === 'Right away', 900);
      expect(mail.text).toContain('/activate/abc');
    } finally {
      await courier.stop();
    }
  });
});
