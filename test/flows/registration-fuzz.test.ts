import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CookieJar } from '../helpers/forms.js';
import { registerByForm } from '../helpers/registration.js';
import { buildTestApp, type TestApp } from '../helpers/test-app.js';
import { formOrder } from '../../src/flows/registration/views.js';

/** Any JSON value, strings with control characters, look-alikes and markup included. */
const nasty = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 80 }),
  fc.constantFrom(
    '',
    ' ',
    '\r\n',
    '<script>',
    "' or 1=1 --",
    '\u202e',
    'ｊａｎ@example.com',
    '601 123 456',
    '+999',
  ),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 3 }),
);
// Every field of the sign-up form, and those of the steps after it.
const fields = [...formOrder, 'code', 'token'];

describe('fuzz: registration and verification inputs never cause a 500', () => {
  let t: TestApp;
  let jar: CookieJar;
  beforeAll(async () => {
    t = await buildTestApp();
    const { browser } = await registerByForm(t.app);
    jar = browser.jar;
  });
  afterAll(async () => {
    await t.close();
  });

  it('JSON API bodies', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(
          '/api/registration',
          '/api/registration/phone/verify',
          '/api/registration/phone/resend',
          '/api/registration/phone/change',
          '/api/registration/email/resend',
          '/api/registration/activate',
        ),
        fc.oneof(fc.dictionary(fc.constantFrom(...fields), nasty), nasty),
        async (url, body) => {
          const response = await t.app.inject({
            method: 'POST',
            url,
            headers: { 'content-type': 'application/json', cookie: jar.header() },
            payload: JSON.stringify(body),
          });
          expect(response.statusCode, `${url} ${JSON.stringify(body)}`).toBeLessThan(500);
          if (response.statusCode >= 400) expect(response.json().error.code).toMatch(/^[A-Z_]+$/);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('form posts with a valid CSRF token', async () => {
    const page = await t.app.inject({ url: '/register/phone', headers: { cookie: jar.header() } });
    jar.store(page);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(
          '/register',
          '/register/phone/verify',
          '/register/phone/change',
          '/register/phone/resend',
        ),
        fc.dictionary(fc.constantFrom(...fields), fc.string({ unit: 'binary', maxLength: 60 })),
        async (url, form) => {
          const response = await t.app.inject({
            method: 'POST',
            url,
            headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: jar.header() },
            payload: new URLSearchParams({ ...form, _csrf: csrf }).toString(),
          });
          expect(response.statusCode, `${url} ${JSON.stringify(form)}`).toBeLessThan(500);
        },
      ),
      { numRuns: 120 },
    );
  });
});
