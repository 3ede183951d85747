import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger, redactUrl } from '../../src/logger.js';
import { extractCsrfToken, InjectBrowser } from '../helpers/forms.js';
import { buildTestApp, type TestApp } from '../helpers/test-app.js';

/** Every log line the app writes, as text, for the whole test. */
function captureLogs(): { stream: Writable; text(): string; lines(): Record<string, unknown>[] } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk.toString('utf8'));
      callback();
    },
  });
  return {
    stream,
    text: () => chunks.join(''),
    lines: () =>
      chunks
        .join('')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

const secrets = {
  sessionCookie: 'SESSION-COOKIE-SECRET-1',
  csrfCookie: 'CSRF-COOKIE-SECRET-2',
  bearer: 'BEARER-SECRET-3',
  password: 'PASSWORD-SECRET-4',
  code: '918273',
  activation: 'ACTIVATION-TOKEN-SECRET-5',
  queryToken: 'QUERY-TOKEN-SECRET-6',
  resetToken: 'RESET-TOKEN-SECRET-7',
  csrfHeader: 'CSRF-HEADER-SECRET-8',
};

describe('log redaction', () => {
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it('cuts tokens from logged paths and query strings', () => {
    expect(redactUrl('/activate/abc123')).toBe('/activate/[redacted]');
    expect(redactUrl('/activate/abc123/resend')).toBe('/activate/[redacted]/resend');
    expect(redactUrl('/password/reset/abc?x=1')).toBe('/password/reset/[redacted]?[redacted]');
    expect(redactUrl('/login?token=abc')).toBe('/login?[redacted]');
    expect(redactUrl('/register')).toBe('/register');
  });

  it('never writes a cookie, password, code or token to the log', async () => {
    const logs = captureLogs();
    t = await buildTestApp({ logger: createLogger('trace', logs.stream) });
    t.app.post('/test/fail', async () => {
      throw new Error('internal failure');
    });
    const cookie = `gh_session=${secrets.sessionCookie}; gh_csrf=${secrets.csrfCookie}`;

    await t.app.inject({ url: '/', headers: { cookie, authorization: `Bearer ${secrets.bearer}` } });
    const browser = new InjectBrowser(t.app);
    const home = await browser.get('/');
    await browser.post('/locale', {
      _csrf: extractCsrfToken(home.body),
      locale: 'cs',
      password: secrets.password,
      code: secrets.code,
    });
    await browser.post('/locale', { _csrf: 'forged', password: secrets.password, code: secrets.code });
    await t.app.inject({ url: `/activate/${secrets.activation}`, headers: { cookie } });
    await t.app.inject({ url: `/login?token=${secrets.queryToken}&code=${secrets.code}` });
    await t.app.inject({
      method: 'POST',
      url: '/api/password/reset',
      headers: { 'content-type': 'application/json', 'x-csrf-token': secrets.csrfHeader, cookie },
      payload: { token: secrets.resetToken, password: secrets.password, confirmPassword: secrets.password },
    });
    await t.app.inject({
      method: 'POST',
      url: '/test/fail',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: `password=${secrets.password}&code=${secrets.code}&_csrf=x`,
    });

    const text = logs.text();
    // The requests were logged (so the absence below means something)...
    expect(text).toContain('/activate/[redacted]');
    expect(text).toContain('/login?[redacted]');
    expect(logs.lines().some((line) => line.msg === 'incoming request')).toBe(true);
    // ...and none of their secrets were.
    for (const [name, value] of Object.entries(secrets)) expect(text, name).not.toContain(value);
  });
});
