import { existsSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { extractCsrfToken, InjectBrowser } from '../helpers/forms.js';
import { buildTestApp, type TestApp } from '../helpers/test-app.js';

const leak = 'LEAKY-DETAIL-d41d8cd9';

/** Routes a test registers on the app before its first request. */
function addTestRoutes(t: TestApp): void {
  t.app.get('/test/boom', async () => {
    throw new Error(`database password is ${leak}`);
  });
  t.app.get('/api/test/boom', async () => {
    const error = new TypeError(`cannot read ${leak}`) as TypeError & { statusCode?: number };
    throw error;
  });
  t.app.post('/test/form', async () => ({ ok: true }));
  t.app.post('/api/test/echo', async (request) => ({ received: request.body ?? null }));
}

describe('web shell: errors, headers, CSRF, health and metrics', () => {
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it('shows a friendly 500 page that leaks nothing, in English and Czech', async () => {
    t = await buildTestApp();
    addTestRoutes(t);
    const en = await t.app.inject({ url: '/test/boom' });
    expect(en.statusCode).toBe(500);
    expect(en.headers['content-type']).toMatch(/^text\/html/);
    expect(en.body).toContain('Something went wrong');
    const cs = await t.app.inject({ url: '/test/boom', headers: { 'accept-language': 'cs' } });
    expect(cs.statusCode).toBe(500);
    expect(cs.body).toContain('Něco se pokazilo');
    const api = await t.app.inject({ url: '/api/test/boom', headers: { 'accept-language': 'cs' } });
    expect(api.statusCode).toBe(500);
    expect(api.json()).toEqual({
      error: { code: 'INTERNAL_ERROR', message: expect.stringMatching(/Zkuste to/), fields: {} },
    });
    for (const response of [en, cs, api]) {
      expect(response.body).not.toContain(leak);
      expect(response.body).not.toMatch(/Error|TypeError|\bat \S+ \(|\.ts:\d+|node_modules|stack/);
    }
  });

  it('sends HSTS and __Host- secure cookies only in production', async () => {
    t = await buildTestApp();
    const dev = await t.app.inject({ url: '/' });
    expect(dev.headers['strict-transport-security']).toBeUndefined();
    expect(dev.cookies.find((c) => c.name === 'gh_csrf')).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
    await t.close();

    t = await buildTestApp({
      env: {
        NODE_ENV: 'production',
        PUBLIC_URL: 'https://account.example.com',
        SMTP_URL: 'smtp://127.0.0.1:2525',
        SMS_URL: 'smpp://sys:pass@127.0.0.1:2775',
      },
    });
    const prod = await t.app.inject({ url: '/' });
    expect(prod.statusCode).toBe(200);
    expect(prod.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    const csrf = prod.cookies.find((c) => c.name === '__Host-gh_csrf');
    expect(csrf).toMatchObject({ secure: true, httpOnly: true, path: '/' });
    expect(csrf?.domain).toBeUndefined();
    expect(prod.body).not.toContain('/dev/outbox');
  });

  it('requires a CSRF token on every form post', async () => {
    t = await buildTestApp();
    addTestRoutes(t);
    const browser = new InjectBrowser(t.app);
    const page = await browser.get('/');
    expect((await browser.post('/test/form', {})).statusCode).toBe(403);
    expect((await browser.post('/test/form', { _csrf: 'x' })).statusCode).toBe(403);
    expect((await browser.post('/test/form', { _csrf: extractCsrfToken(page.body) })).statusCode).toBe(200);
    // A token without its cookie (another browser's) is refused.
    const stranger = new InjectBrowser(t.app);
    expect((await stranger.post('/test/form', { _csrf: extractCsrfToken(page.body) })).statusCode).toBe(403);
  });

  it('lets the JSON API through only as application/json and never from a foreign origin', async () => {
    t = await buildTestApp();
    addTestRoutes(t);
    const post = (headers: Record<string, string>, payload: string) =>
      t!.app.inject({ method: 'POST', url: '/api/test/echo', headers, payload });
    const json = { 'content-type': 'application/json' };

    const ok = await post(json, '{"a":1}');
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({ received: { a: 1 } });
    expect((await post({ ...json, origin: t.config.publicUrl.origin }, '{}')).statusCode).toBe(200);
    expect((await post({ ...json, 'sec-fetch-site': 'same-origin' }, '{}')).statusCode).toBe(200);

    // What a cross-site page can send without a preflight: forms and text/plain.
    const form = await post({ 'content-type': 'application/x-www-form-urlencoded' }, 'a=1');
    expect(form.statusCode).toBe(415);
    expect(form.json()).toMatchObject({ error: { code: 'UNSUPPORTED_MEDIA_TYPE' } });
    expect((await post({ 'content-type': 'text/plain' }, '{"a":1}')).statusCode).toBe(415);

    const foreign: Record<string, string>[] = [
      { origin: 'https://evil.example' },
      { origin: 'null' },
      { 'sec-fetch-site': 'cross-site' },
    ];
    for (const headers of foreign) {
      const refused = await post({ ...json, ...headers }, '{}');
      expect(refused.statusCode, JSON.stringify(headers)).toBe(403);
      expect(refused.json()).toMatchObject({ error: { code: 'CSRF_REJECTED' } });
    }
  });

  it('answers /readyz 503 (and /healthz 200) when the database is gone', async () => {
    t = await buildTestApp();
    expect((await t.app.inject({ url: '/readyz' })).statusCode).toBe(200);
    await t.testDatabase.database.close();
    const ready = await t.app.inject({ url: '/readyz' });
    expect(ready.statusCode).toBe(503);
    expect(ready.json()).toEqual({ status: 'unavailable' });
    expect((await t.app.inject({ url: '/healthz' })).statusCode).toBe(200);
    // close() would close the database a second time.
    await t.app.close();
    t.services.redis?.disconnect();
    await t.testDatabase.discard();
    expect(existsSync(t.testDatabase.dataDir)).toBe(false);
    t = undefined;
  });

  it('exposes request metrics by route template, never by raw URL', async () => {
    t = await buildTestApp();
    await t.app.inject({ url: '/' });
    await t.app.inject({ url: '/activate/SECRET-TOKEN-IN-PATH' });
    await t.app.inject({ url: '/no/such/page?token=SECRET-QUERY' });
    const metrics = await t.app.inject({ url: '/metrics' });
    expect(metrics.statusCode).toBe(200);
    expect(metrics.headers['content-type']).toMatch(/^text\/plain/);
    expect(metrics.body).toContain('gatehouse_http_requests_total{method="GET",route="/",status="200"} 1');
    expect(metrics.body).toContain('route="/activate/:token"');
    expect(metrics.body).toMatch(
      /gatehouse_http_requests_total\{method="GET",route="unmatched",status="404"\} 1/,
    );
    expect(metrics.body).toContain('gatehouse_http_request_duration_seconds_bucket');
    expect(metrics.body).toContain('gatehouse_process_resident_memory_bytes');
    expect(metrics.body).not.toContain('SECRET');
  });
});
