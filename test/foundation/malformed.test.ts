import { createTestAccount } from '../helpers/accounts.js';
import { connect } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractCsrfToken, InjectBrowser } from '../helpers/forms.js';
import { buildTestApp, type TestApp } from '../helpers/test-app.js';

/** Sends raw bytes over TCP and returns the status line of the answer. */
function rawRequest(url: string, request: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    let answer = '';
    socket.on('data', (chunk) => {
      answer += chunk.toString('latin1');
    });
    socket.on('error', reject);
    socket.on('close', () => resolve(answer.split('\r\n')[0] ?? ''));
    socket.setTimeout(5000, () => socket.destroy());
    socket.end(request);
  });
}

const stackTrace = /\n\s+at |\.ts:\d+|node_modules|FST_ERR/;

describe('malformed requests get a clear 4xx, never a 500', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp();
    await t.listen();
  });
  afterAll(async () => {
    await t.close();
  });

  it('bad JSON, a huge body and an unsupported content type', async () => {
    const json = { 'content-type': 'application/json' };
    const badJson = await t.app.inject({
      method: 'POST',
      url: '/api/session',
      headers: json,
      payload: '{"a":',
    });
    expect(badJson.statusCode).toBe(400);
    expect(badJson.json()).toMatchObject({ error: { code: 'BAD_REQUEST' } });
    // An API client is told what was wrong with its request, not to fill in a form again.
    expect(badJson.json().error.message).toMatch(/^The body is not valid JSON/);
    const badJsonCs = await t.app.inject({
      method: 'POST',
      url: '/api/session',
      headers: { ...json, 'accept-language': 'cs' },
      payload: '{"a":',
    });
    expect(badJsonCs.json().error.message).toMatch(/^Tělo požadavku není platný JSON/);
    const invalidUtf8 = await t.app.inject({
      method: 'POST',
      url: '/api/session',
      headers: json,
      payload: Buffer.from([0x7b, 0xff, 0xfe, 0x7d]),
    });
    expect(invalidUtf8.statusCode).toBe(400);
    const hugeJson = await t.app.inject({
      method: 'POST',
      url: '/api/session',
      headers: json,
      payload: JSON.stringify({ a: 'x'.repeat(100_000) }),
    });
    expect(hugeJson.statusCode).toBe(413);
    expect(hugeJson.json()).toMatchObject({ error: { code: 'PAYLOAD_TOO_LARGE' } });
    expect(hugeJson.json().error.message).toBe('The body is larger than 64 KiB.');
    const xml = await t.app.inject({
      method: 'POST',
      url: '/api/session',
      headers: { 'content-type': 'application/xml' },
      payload: '<a/>',
    });
    expect(xml.statusCode).toBe(415);
    expect(xml.json().error.message).toBe('Send the body as JSON, with Content-Type: application/json.');
    const hugeForm = await t.app.inject({
      method: 'POST',
      url: '/locale',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `locale=${'x'.repeat(100_000)}`,
    });
    expect(hugeForm.statusCode).toBe(413);
    expect(hugeForm.body).toContain('The request could not be read');
    for (const type of ['application/xml', 'multipart/form-data; boundary=x', 'image/png']) {
      const response = await t.app.inject({
        method: 'POST',
        url: '/locale',
        headers: { 'content-type': type },
        payload: '--x--',
      });
      expect(response.statusCode, type).toBe(415);
    }
  });

  it('an empty body sent as JSON is no body: HTTP clients that always set the type can log out', async () => {
    const account = await createTestAccount(t);
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/session',
      payload: { email: account.email, password: account.password },
    });
    const cookie = login.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    const logout = await t.app.inject({
      method: 'DELETE',
      url: '/api/session',
      headers: { cookie, 'content-type': 'application/json' },
    });
    expect(logout.statusCode).toBe(204);
    const after = await t.app.inject({ url: '/api/session', headers: { cookie } });
    expect(after.statusCode).toBe(401);
    // An empty body where fields are needed names the fields, as a body without them does.
    const empty = await t.app.inject({
      method: 'POST',
      url: '/api/session',
      headers: { 'content-type': 'application/json' },
      payload: '',
    });
    expect(empty.statusCode).toBe(400);
    expect(Object.keys(empty.json().error.fields).sort()).toEqual(['email', 'password']);
    const blank = await t.app.inject({
      method: 'POST',
      url: '/api/session',
      headers: { 'content-type': 'application/json' },
      payload: ' \r\n ',
    });
    expect(Object.keys(blank.json().error.fields).sort()).toEqual(['email', 'password']);
  });

  it('invalid percent-encoding and invalid UTF-8 in the URL: a friendly 400 page or API error', async () => {
    for (const url of ['/%E0%A4%A', '/%C3%28', '/activate/%FF%FE', '/register/%']) {
      const page = await t.app.inject({ url, headers: { 'accept-language': 'cs' } });
      expect(page.statusCode, url).toBe(400);
      expect(page.headers['content-type'], url).toMatch(/^text\/html/);
      expect(page.body).toContain('Požadavek nelze přečíst');
      expect(page.headers['content-security-policy']).toContain("default-src 'self'");
      expect(page.body).not.toMatch(stackTrace);
    }
    const api = await t.app.inject({ url: '/api/%E0%A4%A' });
    expect(api.statusCode).toBe(400);
    expect(api.json()).toMatchObject({ error: { code: 'BAD_REQUEST' } });
    // The language switch's choice wins over the browser's language here too, as on every page.
    const chosen = { cookie: 'gh_lang=cs', 'accept-language': 'en' };
    const switched = await t.app.inject({ url: '/%E0%A4%A', headers: chosen });
    expect(switched.body).toContain('Požadavek nelze přečíst');
    const switchedApi = await t.app.inject({ url: '/api/%C3%28', headers: chosen });
    expect(switchedApi.json().error.message).toBe(
      (await t.app.inject({ url: '/api/%C3%28', headers: { 'accept-language': 'cs' } })).json().error.message,
    );
    expect(switchedApi.json().error.message).not.toBe(api.json().error.message);
    // A cookie header that does not parse leaves the browser's language.
    const garbled = await t.app.inject({
      url: '/%E0%A4%A',
      headers: { cookie: 'gh_lang=%E0%A4%A; =;;', 'accept-language': 'cs' },
    });
    expect(garbled.body).toContain('Požadavek nelze přečíst');
    // Odd but decodable query strings are simply ignored.
    for (const url of ['/?a=%', '/?%ZZ=1', '/login?next=%FF', '/?&&==&']) {
      expect((await t.app.inject({ url })).statusCode, url).toBe(200);
    }
  });

  it('a value of the wrong type is called not valid, not missing; a body that is not an object is a bad request', async () => {
    const cs = { 'accept-language': 'cs', 'content-type': 'application/json' };
    const post = (url: string, body: unknown) =>
      t.app.inject({ method: 'POST', url, headers: cs, payload: JSON.stringify(body) });
    const wrongTypes = [
      ['/api/session', { email: ['a@example.com'], password: 'x' }, 'email'],
      ['/api/session', { email: 'a@example.com', password: 12 }, 'password'],
      ['/api/password/forgot', { email: { at: 'example.com' } }, 'email'],
      [
        '/api/password/reset',
        { token: 5, newPassword: 'a long new password', confirmPassword: 'x' },
        'token',
      ],
    ] as const;
    for (const [url, body, field] of wrongTypes) {
      const response = await post(url, body);
      expect(response.statusCode, url).toBe(400);
      expect(response.json().error.fields[field], `${url} ${field}`).toMatchObject({
        code: 'field.invalid',
        message: 'Tato hodnota není platná.',
      });
    }
    // Missing is still called missing.
    const missing = await post('/api/session', { email: 'a@example.com' });
    expect(missing.json().error.fields.password).toMatchObject({ code: 'field.required' });
    for (const body of [[], 'text', 12, true]) {
      const response = await post('/api/session', body);
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
      expect(response.json().error, JSON.stringify(body)).toMatchObject({
        code: 'BAD_REQUEST',
        message: 'Tělo požadavku musí být objekt JSON s poli popsanými na /api/docs.',
      });
    }
  });

  it('a form posted by a script with a body that is not an object gets the page that says it could not be read', async () => {
    const browser = new InjectBrowser(t.app, { 'accept-language': 'cs' });
    const page = await browser.get('/login');
    for (const body of [[], 'text', 12]) {
      const response = await t.app.inject({
        method: 'POST',
        url: '/login',
        headers: {
          'accept-language': 'cs',
          'content-type': 'application/json',
          'x-csrf-token': extractCsrfToken(page.body),
          cookie: browser.jar.header(),
        },
        payload: JSON.stringify(body),
      });
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
      expect(response.headers['content-type']).toMatch(/^text\/html/);
      expect(response.body, JSON.stringify(body)).toContain('Požadavek nelze přečíst');
    }
  });

  it('overlong headers and URLs, and garbage on the wire, are refused by the server itself', async () => {
    const base = t.url;
    expect(
      await rawRequest(base, `GET / HTTP/1.1\r\nHost: x\r\nCookie: ${'a'.repeat(20_000)}\r\n\r\n`),
    ).toMatch(/^HTTP\/1\.1 431/);
    expect(await rawRequest(base, `GET /${'a'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`)).toMatch(
      /^HTTP\/1\.1 431/,
    );
    expect(await rawRequest(base, 'NOT AN HTTP REQUEST\r\n\r\n')).toMatch(/^HTTP\/1\.1 400/);
    expect(await rawRequest(base, 'GET / HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n')).toMatch(
      /^HTTP\/1\.1 400/,
    );
    // The server still answers afterwards.
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
  });

  it('odd cookies and Accept-Language headers never break a page', async () => {
    const headerText = fc.string({
      unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
    });
    await fc.assert(
      fc.asyncProperty(headerText, headerText, async (cookie, language) => {
        const response = await t.app.inject({ url: '/', headers: { cookie, 'accept-language': language } });
        expect(response.statusCode).toBe(200);
        expect(response.body).toMatch(/<html lang="(en|cs)">/);
      }),
      { numRuns: 150 },
    );
  });

  it('fuzz: arbitrary paths and query strings answer below 500, without a stack trace', async () => {
    const piece = fc.oneof(
      fc.constantFrom(
        '%',
        '%2F',
        '%2e%2e',
        '%E0%A4',
        '%C3%28',
        '%00',
        '%FF',
        '..',
        '/',
        '//',
        '?',
        '&',
        '=',
        ';',
        '+',
      ),
      fc.constantFrom('activate', 'api', 'assets', 'register', 'login', 'password', 'reset', 'dev', 'outbox'),
      fc.string({ maxLength: 12 }).map(encodeURIComponent),
      fc.string({ unit: 'grapheme', maxLength: 6 }).map(encodeURIComponent),
    );
    const url = fc.array(piece, { maxLength: 12 }).map((pieces) => `/${pieces.join('')}`);
    await fc.assert(
      fc.asyncProperty(url, fc.constantFrom('GET', 'HEAD', 'POST', 'DELETE'), async (path, method) => {
        const response = await t.app.inject({
          method: method as 'GET',
          url: path,
          headers: method === 'POST' ? { 'content-type': 'application/json' } : {},
          ...(method === 'POST' ? { payload: '{}' } : {}),
        });
        expect(response.statusCode, `${method} ${path}`).toBeLessThan(500);
        expect(response.body, `${method} ${path}`).not.toMatch(stackTrace);
      }),
      { numRuns: 300 },
    );
  });

  it('fuzz: the language switcher accepts only en/cs and only redirects within the site', async () => {
    const browser = new InjectBrowser(t.app);
    const token = extractCsrfToken((await browser.get('/')).body);
    const next = fc.oneof(
      fc.string(),
      fc.webPath(),
      fc.webUrl(),
      fc.constantFrom(
        '//evil.example',
        '/\\evil.example',
        '/\\/evil',
        'https://evil.example/',
        '/%0d%0aSet-Cookie:x',
      ),
      fc.string({ unit: 'grapheme' }).map((s) => `/${s}`),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.constantFrom('en', 'cs'), fc.string()),
        fc.option(next, { nil: undefined }),
        fc.boolean(),
        async (locale, nextPath, twice) => {
          const fields = new URLSearchParams({ _csrf: token, locale });
          if (nextPath !== undefined) fields.append('next', nextPath);
          if (twice) fields.append('locale', locale);
          const response = await t.app.inject({
            method: 'POST',
            url: '/locale',
            headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: browser.jar.header() },
            payload: fields.toString(),
          });
          const valid = (locale === 'en' || locale === 'cs') && !twice && (nextPath ?? '').length <= 2048;
          expect(response.statusCode).toBe(valid ? 303 : 400);
          if (response.statusCode === 303) {
            const location = String(response.headers.location);
            expect(location).toMatch(/^\/(?![/\\])[\x21-\x7e]*$/);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
