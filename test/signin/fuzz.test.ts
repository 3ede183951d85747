import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestAccount } from '../helpers/accounts.js';
import { extractCsrfToken } from '../helpers/forms.js';
import { buildTestApp, type TestApp } from '../helpers/test-app.js';

/** Any value a JSON body may carry, nested a little. */
const jsonValue = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.string(),
    fc.string({ unit: 'binary' }),
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(fc.string({ maxLength: 8 }), tie('value'), { maxKeys: 3 }),
  ),
})).value;

const nasty = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    'a@b',
    '@',
    'ｊａｎ@example.com',
    'a@example.com\r\nBcc: x@evil.com',
    'x'.repeat(5000),
    '//evil.com',
    '/\\evil.com',
    '%00',
    '__proto__',
    'constructor',
    '../../etc/passwd',
    '😀'.repeat(200),
  ),
);

const fieldNames = [
  'email',
  'password',
  'remember',
  'next',
  'captcha',
  'altcha',
  'newPassword',
  'confirmPassword',
  'token',
  '__proto__',
];

describe('fuzzing every login and recovery input never gives a 500', () => {
  let t: TestApp;
  let form: { cookie: string; token: string };
  beforeAll(async () => {
    t = await buildTestApp({ env: { TRUSTED_PROXIES: '127.0.0.1' } });
    await createTestAccount(t, { email: 'fuzz@example.com' });
    const page = await t.app.inject({ url: '/login' });
    form = {
      cookie: page.cookies.map((c) => `${c.name}=${c.value}`).join('; '),
      token: extractCsrfToken(page.body),
    };
  });
  afterAll(async () => {
    await t.close();
  });

  let n = 0;
  const ip = () => `10.9.${(n >> 8) & 255}.${n++ & 255}`;

  it('JSON API bodies', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('/api/session', '/api/password/forgot', '/api/password/reset'),
        fc.oneof(fc.dictionary(fc.constantFrom(...fieldNames), fc.oneof(nasty, jsonValue)), jsonValue),
        async (url, body) => {
          const response = await t.app.inject({
            method: 'POST',
            url,
            headers: { 'content-type': 'application/json', 'x-forwarded-for': ip() },
            payload: JSON.stringify(body),
          });
          expect(response.statusCode, `${url} ${JSON.stringify(body)}`).toBeLessThan(500);
        },
      ),
      { numRuns: 120 },
    );
  });

  it('HTML forms, query strings and cookies', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(
          '/login',
          '/password/forgot',
          '/password/reset',
          '/logout',
          '/account/logout-everywhere',
        ),
        fc.array(fc.tuple(fc.constantFrom(...fieldNames), nasty), { maxLength: 6 }),
        nasty,
        nasty,
        async (url, pairs, query, cookieValue) => {
          const params = new URLSearchParams([['_csrf', form.token], ...pairs]);
          const cookie = `${form.cookie}; gh_session=${encodeURIComponent(cookieValue)}; gh_reset_token=${encodeURIComponent(cookieValue)}; gh_reset_binding=${encodeURIComponent(cookieValue)}; gh_device=${encodeURIComponent(cookieValue)}`;
          const post = await t.app.inject({
            method: 'POST',
            url,
            headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': ip() },
            payload: params.toString(),
          });
          expect(post.statusCode, `${url} ${params}`).toBeLessThan(500);
          const get = await t.app.inject({
            url: `${url}?${new URLSearchParams({ next: query, token: query, out: query })}`,
            headers: { cookie, 'x-forwarded-for': ip() },
          });
          expect(get.statusCode, `${url} ${query}`).toBeLessThan(500);
        },
      ),
      { numRuns: 120 },
    );
  });

  it('well-formed emails with arbitrary passwords, next paths and remember flags', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.emailAddress(), fc.constant('fuzz@example.com')),
        nasty,
        nasty,
        fc.oneof(fc.boolean(), nasty),
        async (email, password, next, remember) => {
          const response = await t.app.inject({
            method: 'POST',
            url: '/api/session',
            headers: { 'x-forwarded-for': ip() },
            payload: { email, password, next, remember },
          });
          expect(response.statusCode, JSON.stringify({ email, password, next })).toBeLessThan(500);
          const forgot = await t.app.inject({
            method: 'POST',
            url: '/api/password/forgot',
            headers: { 'x-forwarded-for': ip() },
            payload: { email },
          });
          expect(forgot.statusCode).toBeLessThan(500);
        },
      ),
      { numRuns: 60 },
    );
  });
});
