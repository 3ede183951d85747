import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InjectBrowser } from '../helpers/forms.js';
import { buildTestApp, type TestApp } from '../helpers/test-app.js';

describe('web shell', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await buildTestApp();
  });
  afterEach(async () => {
    await t.close();
  });

  it('serves the home page in English by default and Czech by Accept-Language', async () => {
    const en = await t.app.inject({ url: '/' });
    expect(en.statusCode).toBe(200);
    expect(en.body).toContain('<html lang="en">');
    expect(en.body).toContain('Your customer account');
    const cs = await t.app.inject({ url: '/', headers: { 'accept-language': 'cs-CZ,cs;q=0.9,en;q=0.5' } });
    expect(cs.body).toContain('<html lang="cs">');
    expect(cs.body).toContain('Váš zákaznický účet');
  });

  it('remembers the language chosen in the switcher', async () => {
    const browser = new InjectBrowser(t.app);
    const switched = await browser.submit('/', '/locale', { locale: 'cs', next: '/' });
    expect(switched.statusCode).toBe(303);
    expect(switched.headers.location).toBe('/');
    const page = await browser.get('/');
    expect(page.body).toContain('<html lang="cs">');
  });

  it('refuses a state-changing form without a valid CSRF token', async () => {
    const browser = new InjectBrowser(t.app);
    await browser.get('/');
    const forged = await browser.post('/locale', { locale: 'cs', _csrf: 'forged' });
    expect(forged.statusCode).toBe(403);
    expect(forged.body).toContain('This form has expired');
    const missing = await t.app.inject({ method: 'POST', url: '/locale', payload: { locale: 'cs' } });
    expect(missing.statusCode).toBe(403);
  });

  it('refuses a cross-site form post even with a token', async () => {
    const browser = new InjectBrowser(t.app, {
      origin: 'https://evil.example',
      'sec-fetch-site': 'cross-site',
    });
    const response = await browser.submit('/', '/locale', { locale: 'cs' });
    expect(response.statusCode).toBe(403);
  });

  it('sends strict security headers', async () => {
    const response = await t.app.inject({ url: '/' });
    expect(response.headers['content-security-policy']).toContain("script-src 'self'");
    expect(response.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(response.headers['referrer-policy']).toBe('no-referrer');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['strict-transport-security']).toBeUndefined();
  });

  it('opens the CSP only to the hosted captcha an operator chose', async () => {
    const strict = (await t.app.inject({ url: '/register' })).headers['content-security-policy'] as string;
    expect(strict).toContain("script-src 'self';");
    expect(strict).toContain("frame-src 'none'");
    const turnstile = await buildTestApp({
      env: { CAPTCHA_PROVIDER: 'turnstile', CAPTCHA_SITE_KEY: 'site', CAPTCHA_SECRET_KEY: 'secret' },
    });
    try {
      const page = await turnstile.app.inject({ url: '/register' });
      const csp = page.headers['content-security-policy'] as string;
      expect(csp).toContain("script-src 'self' https://challenges.cloudflare.com;");
      expect(csp).toContain('frame-src https://challenges.cloudflare.com');
      expect(page.body).toContain('https://challenges.cloudflare.com/turnstile/v0/api.js');
      expect(csp).not.toContain('hcaptcha');
    } finally {
      await turnstile.close();
    }
  });

  it('answers unknown pages with a friendly 404 in the user language', async () => {
    const response = await t.app.inject({ url: '/no/such/page', headers: { 'accept-language': 'cs' } });
    expect(response.statusCode).toBe(404);
    expect(response.body).toContain('Stránka nenalezena');
    const api = await t.app.inject({ url: '/api/nothing' });
    expect(api.statusCode).toBe(404);
    expect(api.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
  });

  it('reports health and readiness', async () => {
    expect((await t.app.inject({ url: '/healthz' })).json()).toEqual({ status: 'ok' });
    expect((await t.app.inject({ url: '/readyz' })).json()).toEqual({ status: 'ready' });
  });

  it('exposes Prometheus metrics', async () => {
    await t.app.inject({ url: '/' });
    const metrics = await t.app.inject({ url: '/metrics' });
    expect(metrics.statusCode).toBe(200);
    expect(metrics.body).toContain('gatehouse_http_requests_total{method="GET",route="/",status="200"}');
  });

  it('shows the dev outbox banner outside production', async () => {
    const response = await t.app.inject({ url: '/' });
    expect(response.body).toContain('href="/dev/outbox"');
  });

  it('serves its own stylesheet, never a CDN', async () => {
    const css = await t.app.inject({ url: '/assets/app.css' });
    expect(css.statusCode).toBe(200);
    expect(css.body).toContain('--color-primary');
    const home = await t.app.inject({ url: '/' });
    expect(home.body).not.toMatch(/https?:\/\/(?!127\.0\.0\.1|localhost)[^"']*\.(css|js)/);
  });

  it('turns malformed requests into clear 4xx answers, never a 500', async () => {
    const badJson = await t.app.inject({
      method: 'POST',
      url: '/api/anything',
      headers: { 'content-type': 'application/json' },
      payload: '{not json',
    });
    expect(badJson.statusCode).toBeGreaterThanOrEqual(400);
    expect(badJson.statusCode).toBeLessThan(500);
    const huge = await t.app.inject({
      method: 'POST',
      url: '/locale',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `locale=${'x'.repeat(200_000)}`,
    });
    expect(huge.statusCode).toBe(413);
    const weirdType = await t.app.inject({
      method: 'POST',
      url: '/locale',
      headers: { 'content-type': 'application/xml' },
      payload: '<x/>',
    });
    expect(weirdType.statusCode).toBe(415);
  });
});
