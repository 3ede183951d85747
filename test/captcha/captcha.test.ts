import { apiErrorSchema } from '../../src/web/openapi.js';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createCaptcha } from '../../src/captcha/captcha.js';
import { solveCaptcha } from '../helpers/captcha.js';
import { InjectBrowser } from '../helpers/forms.js';
import { personForm } from '../helpers/registration.js';
import { buildTestApp, type TestApp } from '../helpers/test-app.js';

describe('captcha', () => {
  let t: TestApp | undefined;
  let server: Server | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    server = undefined;
  });

  it('ALTCHA: a solved challenge passes once, a replay, a forgery and garbage fail', async () => {
    t = await buildTestApp();
    const captcha = createCaptcha(t.config, { db: t.db, clock: t.clock });
    const payload = await solveCaptcha(t.app);
    expect(await captcha.verify(payload, '192.0.2.1')).toBe(true);
    expect(await captcha.verify(payload, '192.0.2.1')).toBe(false);

    const fresh = JSON.parse(Buffer.from(await solveCaptcha(t.app), 'base64').toString());
    fresh.solution.counter += 1;
    expect(await captcha.verify(Buffer.from(JSON.stringify(fresh)).toString('base64'), '192.0.2.1')).toBe(
      false,
    );
    fresh.challenge.parameters.keyPrefix = '0';
    expect(await captcha.verify(fresh, '192.0.2.1')).toBe(false);
    for (const junk of [undefined, null, '', 'not base64 !', 42, {}, { challenge: {} }, 'x'.repeat(10_000)]) {
      expect(await captcha.verify(junk, '192.0.2.1')).toBe(false);
    }
  });

  it('ALTCHA: parallel submissions of one solved payload pass once', async () => {
    t = await buildTestApp();
    const captcha = createCaptcha(t.config, { db: t.db, clock: t.clock });
    const payload = await solveCaptcha(t.app);
    const results = await Promise.all(Array.from({ length: 8 }, () => captcha.verify(payload, '192.0.2.1')));
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it('serves the widget files locally with a no-store challenge', async () => {
    t = await buildTestApp();
    for (const url of [
      '/captcha/altcha.js',
      '/captcha/altcha.css',
      '/captcha/worker-sha.js',
      '/captcha/i18n/cs.js',
      '/assets/captcha.js',
    ]) {
      const response = await t.app.inject({ url });
      expect(response.statusCode, url).toBe(200);
    }
    const challenge = await t.app.inject({ url: '/captcha/challenge' });
    expect(challenge.headers['cache-control']).toBe('no-store');
    expect(challenge.json().parameters.algorithm).toBe('SHA-256');
  });

  it('Turnstile: verified through the siteverify URL, fails closed when it errs or is unreachable', async () => {
    const answers: Array<() => [number, string]> = [];
    const seen: string[] = [];
    server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => {
        seen.push(body);
        const [status, text] = (answers.shift() ?? (() => [200, '{"success":false}']))();
        response.writeHead(status, { 'content-type': 'application/json' }).end(text);
      });
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', () => resolve()));
    const port = (server.address() as AddressInfo).port;
    t = await buildTestApp({
      env: {
        CAPTCHA_PROVIDER: 'turnstile',
        CAPTCHA_SITE_KEY: 'site-key',
        CAPTCHA_SECRET_KEY: 'secret-key',
        CAPTCHA_VERIFY_URL: `http://127.0.0.1:${port}/siteverify`,
      },
    });
    // No ALTCHA challenge to hand out: the documented error body, the documented code.
    const challenge = await t.app.inject({ url: '/api/captcha/challenge' });
    expect(challenge.statusCode).toBe(404);
    expect(apiErrorSchema.parse(challenge.json()).error.code).toBe('NOT_FOUND');
    const spec = (await t.app.inject({ url: '/api/openapi.json' })).json();
    expect(spec.paths['/api/captcha/challenge'].get['x-error-codes']).toContain('NOT_FOUND');
    const captcha = createCaptcha(t.config, { db: t.db, clock: t.clock });
    answers.push(() => [200, '{"success":true}']);
    expect(await captcha.verify('token-1', '192.0.2.7')).toBe(true);
    expect(seen[0]).toContain('secret=secret-key');
    expect(seen[0]).toContain('response=token-1');
    expect(seen[0]).toContain('remoteip=192.0.2.7');
    answers.push(() => [200, '{"success":true}']);
    expect(await captcha.verify('token-1', '192.0.2.7')).toBe(false); // replay
    answers.push(() => [500, 'oops']);
    expect(await captcha.verify('token-2', '192.0.2.7')).toBe(false);
    answers.push(() => [200, 'not json']);
    expect(await captcha.verify('token-3', '192.0.2.7')).toBe(false);
    answers.push(() => [200, '{"success":"true"}']);
    expect(await captcha.verify('token-4', '192.0.2.7')).toBe(false);
    expect(await captcha.verify({ not: 'a string' }, '192.0.2.7')).toBe(false);
    await new Promise<void>((resolve) => server!.close(() => resolve()));
    server = undefined;
    expect(await captcha.verify('token-5', '192.0.2.7')).toBe(false);
    const widget = captcha.renderWidget({ t: (k: string) => k, locale: 'en' } as never).value;
    expect(widget).toContain('data-sitekey="site-key"');
  });
});

/**
 * The sign-up form with each third-party provider. Cloudflare's and hCaptcha's siteverify
 * cannot be reached here, so a local HTTP server stands in for them at CAPTCHA_VERIFY_URL and
 * answers as they document; everything on Gatehouse's side is real.
 */
describe('sign-up with a third-party captcha', () => {
  for (const [provider, field] of [
    ['turnstile', 'cf-turnstile-response'],
    ['hcaptcha', 'h-captcha-response'],
  ] as const) {
    it(`${provider}: the form's token is verified before anything is stored; a refusal, a replay or an unreachable service stores nothing`, async () => {
      let answer: [number, string] = [200, '{"success":true}'];
      const seen: string[] = [];
      const verifier = createServer((request, response) => {
        let body = '';
        request.on('data', (chunk) => (body += chunk));
        request.on('end', () => {
          seen.push(body);
          response.writeHead(answer[0], { 'content-type': 'application/json' }).end(answer[1]);
        });
      });
      await new Promise<void>((resolve) => verifier.listen(0, '127.0.0.1', () => resolve()));
      const t = await buildTestApp({
        env: {
          CAPTCHA_PROVIDER: provider,
          CAPTCHA_SITE_KEY: 'site-key',
          CAPTCHA_SECRET_KEY: 'secret-key',
          CAPTCHA_VERIFY_URL: `http://127.0.0.1:${(verifier.address() as AddressInfo).port}/siteverify`,
        },
      });
      try {
        const accounts = async () => (await t.db.selectFrom('accounts').select('id').execute()).length;
        const signUp = (token: string) =>
          new InjectBrowser(t.app).submit('/register', '/register', { ...personForm(), [field]: token });

        const page = await t.app.inject({ url: '/register' });
        expect(page.body).toContain('data-sitekey="site-key"');

        const accepted = await signUp('token-accepted');
        expect(accepted.statusCode).toBe(303);
        expect(accepted.headers.location).toBe('/register/phone');
        expect(seen.at(-1)).toContain('response=token-accepted');
        expect(await accounts()).toBe(1);

        const replayed = await signUp('token-accepted');
        expect(replayed.statusCode).toBe(400);
        expect(replayed.body).toMatch(/id="f-captcha-error"/);

        answer = [200, '{"success":false,"error-codes":["invalid-input-response"]}'];
        expect((await signUp('token-refused')).statusCode).toBe(400);
        answer = [503, 'unavailable'];
        expect((await signUp('token-outage')).statusCode).toBe(400);
        await new Promise<void>((resolve) => verifier.close(() => resolve()));
        expect((await signUp('token-unreachable')).statusCode).toBe(400);
        expect(await accounts()).toBe(1);
      } finally {
        await t.close();
        if (verifier.listening) await new Promise<void>((resolve) => verifier.close(() => resolve()));
      }
    });
  }
});
