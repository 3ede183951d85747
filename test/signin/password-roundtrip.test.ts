import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { personForm, registerByApi } from '../helpers/registration.js';
import { buildTestApp, type TestApp } from '../helpers/test-app.js';

/**
 * Whatever a customer's password is made of, the one the sign-up accepted opens the account,
 * also when typed in another Unicode form, and nothing else does. Each run signs up through the
 * JSON API (a solved captcha, its own address) and logs in from its own address, so no throttle
 * steps in.
 */

/** ASCII, accents composed and decomposed, fullwidth forms, ligatures, CJK, emoji, spaces. */
// biome-ignore format: a table of characters
const passwordCharacters = [
  'a', 'Z', '7', '#', ' ', '~', 'ř', 'r\u030c', 'é', 'e\u0301', 'ß', 'Ø', 'ﬁ', '²', 'Ⅻ', '７',
  'Ａ', '漢', 'ｶ', 'Ж', 'ع', '😀', '👍🏽', '\u00a0', '\u3000', '™', 'Å', 'Å',
];
const fuzzedPassword = fc
  .array(fc.constantFrom(...passwordCharacters), { minLength: 8, maxLength: 40 })
  .map((characters) => characters.join(''));

describe('a password opens its account in any Unicode form, and only it', () => {
  let t: TestApp;
  let run = 0;
  beforeAll(async () => {
    t = await buildTestApp({ env: { TRUSTED_PROXIES: '127.0.0.1' } });
  });
  afterAll(async () => {
    await t.close();
  });

  it('sign-up, then log in as typed, composed, decomposed and with one character more', async () => {
    let signedUp = 0;
    await fc.assert(
      fc.asyncProperty(fuzzedPassword, async (password) => {
        run += 1;
        const address = `10.7.${(run >> 8) & 255}.${run & 255}`;
        const form = personForm({ password, firstName: 'Jana', lastName: 'Nováková' });
        const signUp = await registerByApi(t.app, form, address);
        const seen = `${signUp.statusCode} ${signUp.body} for ${JSON.stringify(password)}`;
        // The policy may refuse a common or short one (in code points); then nothing was stored.
        if (signUp.statusCode === 400) {
          expect(Object.keys(signUp.json().error.fields), seen).toEqual(['password']);
          return;
        }
        expect(signUp.statusCode, seen).toBe(201);
        signedUp += 1;
        const login = async (typed: string) =>
          (
            await t.app.inject({
              method: 'POST',
              url: '/api/session',
              headers: { 'x-forwarded-for': address },
              payload: { email: form.email, password: typed },
            })
          ).statusCode;
        for (const typed of [password, password.normalize('NFC'), password.normalize('NFD')])
          expect(await login(typed), `${seen} typed as ${JSON.stringify(typed)}`).toBe(200);
        expect(await login(`${password}x`), seen).toBe(401);
      }),
      // Each run hashes once and verifies four times: shrinking would take minutes.
      { numRuns: 30, endOnFailure: true },
    );
    expect(signedUp).toBeGreaterThan(20);
    // About two hundred Argon2id hashes (more when NFKC changes the input); a loaded CI machine
    // running other files beside it took over 30 s once.
  }, 120_000);
});
