import { afterEach, describe, expect, it } from 'vitest';
import { enqueueEmail, enqueueSms } from '../../src/courier/outbox.js';
import { latestMessage, messagesTo, runCourierUntilIdle } from '../helpers/courier.js';
import { buildTestApp, type TestApp } from '../helpers/test-app.js';

describe('courier: the dev outbox page', () => {
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  async function queueSamples(app: TestApp): Promise<{ emailId: string; smsId: string }> {
    const base = app.config.publicUrl.origin;
    const emailId = await enqueueEmail(app.db, {
      template: 'registration.activation',
      locale: 'en',
      to: 'jana@example.com',
      now: app.clock.now(),
      content: {
        subject: 'User account registration',
        text: `Hello <script>alert(1)</script>,\nactivate your account: ${base}/activate/tok123.\nNot ours: https://evil.example/phish`,
        html: '<p>ignored here</p>',
      },
    });
    app.clock.advance(1_000);
    const smsId = await enqueueSms(app.db, {
      template: 'phone.code',
      locale: 'cs',
      to: '+420601123456',
      now: app.clock.now(),
      content: { text: 'Váš kód Gatehouse je 482913.' },
    });
    await runCourierUntilIdle(app.services);
    return { emailId, smsId };
  }

  it('lists every message newest first, with clickable own links and a readable SMS code', async () => {
    t = await buildTestApp();
    const { emailId, smsId } = await queueSamples(t);

    const page = await t.app.inject({ url: '/dev/outbox' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['cache-control']).toBe('no-store');
    const body = page.body;
    expect(body).toContain('<h1 class="card__title">Dev outbox</h1>');
    // Newest first: the SMS was queued a second after the email.
    expect(body.indexOf(`id="message-${smsId}"`)).toBeGreaterThan(0);
    expect(body.indexOf(`id="message-${smsId}"`)).toBeLessThan(body.indexOf(`id="message-${emailId}"`));

    const base = t.config.publicUrl.origin;
    expect(body).toContain(`<a href="${base}/activate/tok123">${base}/activate/tok123</a>.`);
    expect(body).not.toContain('href="https://evil.example');
    expect(body).toContain('https://evil.example/phish');
    expect(body).not.toContain('<script>alert(1)</script>');
    expect(body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(body).toContain('User account registration');
    expect(body).toContain('jana@example.com');

    expect(body).toContain('+420601123456');
    expect(body).toContain('Váš kód Gatehouse je 482913.');
    expect(body).toContain('<strong class="code-input mono" data-code="482913">482913</strong>');
    expect(body).toContain('<span class="badge badge--ok">sent</span>');
  });

  it('keeps newest first when two messages share a timestamp (the test helpers too)', async () => {
    t = await buildTestApp();
    const queue = (text: string) =>
      enqueueSms(t!.db, {
        template: 'phone.code',
        locale: 'en',
        to: '+420601123456',
        now: t!.clock.now(),
        content: { text },
      });
    const first = await queue('First code 111111');
    const second = await queue('Second code 222222');
    expect((await latestMessage(t.db, { channel: 'sms', to: '+420601123456' }))?.id).toBe(second);
    expect((await messagesTo(t.db, '+420601123456')).map((m) => m.id)).toEqual([first, second]);
    const body = (await t.app.inject({ url: '/dev/outbox' })).body;
    expect(body.indexOf(`id="message-${second}"`)).toBeLessThan(body.indexOf(`id="message-${first}"`));
  });

  it('speaks Czech', async () => {
    t = await buildTestApp();
    await queueSamples(t);
    const page = await t.app.inject({ url: '/dev/outbox', headers: { 'accept-language': 'cs' } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<html lang="cs">');
    expect(page.body).toContain('Vývojová pošta');
    expect(page.body).toContain('Komu');
    expect(page.body).toContain('Kód: <strong');
  });

  it('says so when the outbox is empty', async () => {
    t = await buildTestApp();
    const page = await t.app.inject({ url: '/dev/outbox' });
    expect(page.body).toContain('No messages yet.');
  });

  it('shows only the channel the dev outbox replaces', async () => {
    t = await buildTestApp({ env: { SMTP_URL: 'smtp://127.0.0.1:9' } });
    await enqueueSms(t.db, {
      template: 'phone.code',
      locale: 'en',
      to: '+420601123456',
      now: t.clock.now(),
      content: { text: 'Code 111222' },
    });
    await enqueueEmail(t.db, {
      template: 'x',
      locale: 'en',
      to: 'real@example.com',
      now: t.clock.now(),
      content: { subject: 'Goes to a real server', text: 'x', html: 'x' },
    });
    const page = await t.app.inject({ url: '/dev/outbox' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Code 111222');
    expect(page.body).not.toContain('Goes to a real server');
  });

  it('does not exist when real channels are configured', async () => {
    t = await buildTestApp({ env: { SMTP_URL: 'smtp://127.0.0.1:9', SMS_URL: 'https://sms.example/send' } });
    expect((await t.app.inject({ url: '/dev/outbox' })).statusCode).toBe(404);
  });

  it('does not exist in production', async () => {
    t = await buildTestApp({
      env: { NODE_ENV: 'production', SMTP_URL: 'smtp://127.0.0.1:9', SMS_URL: 'smpp://a:b@127.0.0.1:9' },
    });
    expect(t.config.mode).toBe('production');
    expect((await t.app.inject({ url: '/dev/outbox' })).statusCode).toBe(404);
  });
});
