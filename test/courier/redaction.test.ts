import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { extractLink, extractSixDigitCode, runCourierUntilIdle } from '../helpers/courier.js';
import { InjectBrowser } from '../helpers/forms.js';
import { personForm, registerByForm } from '../helpers/registration.js';
import { startTestSmppServer, type TestSmppServer } from '../helpers/smpp-server.js';
import { startTestSmtpServer, type TestSmtpServer } from '../helpers/smtp-server.js';
import { buildTestApp, type TestApp } from '../helpers/test-app.js';

describe('courier: what the outbox keeps after a message has gone', () => {
  let smtp: TestSmtpServer;
  let smsc: TestSmppServer;
  let t: TestApp;
  beforeEach(async () => {
    smtp = await startTestSmtpServer();
    smsc = await startTestSmppServer({ sendReceipts: false });
    t = await buildTestApp({
      env: { SMTP_URL: smtp.url, SMS_URL: smsc.url, MAIL_FROM: 'Gatehouse <no-reply@gatehouse.test>' },
    });
  });
  afterEach(async () => {
    await t.close();
    await smtp.stop();
    await smsc.stop();
  });

  const storedContents = async () =>
    (await t.db.selectFrom('messages').select(['channel', 'status', 'content']).execute()).map((row) => ({
      ...row,
      content: JSON.parse(row.content) as Record<string, unknown>,
    }));

  it('a sent code, activation link and reset link are not in the database; the subject is', async () => {
    const form = personForm();
    const { browser } = await registerByForm(t.app, form);
    await runCourierUntilIdle(t.services);
    const code = extractSixDigitCode((await smsc.waitFor(() => true)).text);
    await browser.submit('/register/phone', '/register/phone/verify', { code });
    await runCourierUntilIdle(t.services);
    const activationMail = smtp.messages.find((m) => m.subject === 'User account registration');
    const activationLink = extractLink(activationMail?.text ?? '', '/activate/');
    const activationToken = new URL(activationLink).pathname.split('/')[2]!;

    const stranger = new InjectBrowser(t.app);
    await stranger.submit('/password/forgot', '/password/forgot', { email: form.email! });
    await t.app.resetRequests.settle();
    await runCourierUntilIdle(t.services);
    const resetMail = smtp.messages.find((m) => m.subject === 'Forgotten login details');
    const resetToken = new URL(extractLink(resetMail?.text ?? '', '/password/reset')).searchParams.get(
      'token',
    )!;

    const stored = await storedContents();
    expect(stored.map((row) => row.status).sort()).toEqual(['sent', 'sent', 'sent']);
    const dump = JSON.stringify(stored);
    for (const secret of [code, activationToken, resetToken]) {
      expect(secret.length).toBeGreaterThanOrEqual(6);
      expect(dump).not.toContain(secret);
    }
    expect(stored.filter((row) => row.channel === 'email').map((row) => row.content.subject)).toEqual(
      expect.arrayContaining(['User account registration', 'Forgotten login details']),
    );
    // The link still works: only the outbox's copy of it is gone.
    expect((await browser.get(new URL(activationLink).pathname)).body).toContain('Done!');
  });

  it('a message given up without being sent loses its body too', async () => {
    await registerByForm(t.app, personForm());
    // The code expired before the courier got to it (a long outage): it goes dead, unsent.
    t.clock.advance(10 * 60_000 + 1);
    await runCourierUntilIdle(t.services);
    expect(smsc.messages).toHaveLength(0);
    const [sms] = await storedContents();
    expect(sms?.status).toBe('dead');
    expect(sms?.content).toEqual({ redacted: true });
  });
});
