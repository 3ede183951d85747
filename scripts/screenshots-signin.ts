/**
 * Screenshots of the sign-in and recovery pages, in a real Chromium, for people to look at:
 *
 *   npx tsx scripts/screenshots-signin.ts      → docs/screenshots/signin-*.png
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { normalizeEmail } from '../src/accounts/email.js';
import { loginRules } from '../src/flows/login/throttle.js';
import { ipRateLimitKey } from '../src/net/ip-key.js';
import { createTestAccount } from '../test/helpers/accounts.js';
import { launchBrowser } from '../test/helpers/browser.js';
import { buildTestApp } from '../test/helpers/test-app.js';

const outDir = fileURLToPath(new URL('../docs/screenshots/', import.meta.url));

async function main(): Promise<void> {
  mkdirSync(outDir, { recursive: true });
  const t = await buildTestApp();
  await t.listen();
  const browser = await launchBrowser();
  try {
    const account = await createTestAccount(t, {
      email: 'jana.novakova@example.com',
      firstName: 'Jana',
      lastName: 'Nováková',
    });
    const shot = async (page: import('playwright-core').Page, name: string) => {
      await page.screenshot({ path: path.join(outDir, `signin-${name}.png`), fullPage: true });
      console.log(`docs/screenshots/signin-${name}.png`);
    };
    const open = async (locale: 'en' | 'cs') => {
      const context = await browser.newContext({
        viewport: { width: 1100, height: 760 },
        locale: locale === 'cs' ? 'cs-CZ' : 'en-GB',
        extraHTTPHeaders: { 'accept-language': locale === 'cs' ? 'cs-CZ' : 'en-GB' },
      });
      return context.newPage();
    };

    const en = await open('en');
    await en.goto(`${t.url}/login`);
    await shot(en, 'login-en');
    await en.getByLabel('Email', { exact: true }).fill(account.email);
    await en.getByLabel('Password', { exact: true }).fill('not my password');
    await en.getByRole('button', { name: 'Log in', exact: true }).click();
    await shot(en, 'login-error-en');
    await en.getByLabel('Password', { exact: true }).fill(account.password);
    await en.getByRole('button', { name: 'Log in', exact: true }).click();
    await en.waitForURL(`${t.url}/account`);
    await shot(en, 'account-en');

    const cs = await open('cs');
    await cs.goto(`${t.url}/login`);
    await shot(cs, 'login-cs');

    // Five failures from this network locked the pair out ten minutes ago: five minutes are left.
    const pairKey = `${ipRateLimitKey('127.0.0.1')}|${normalizeEmail(account.email)}`;
    await t.services.rateLimiter.consume(loginRules.pair[0], pairKey, loginRules.pair[0].limit);
    t.clock.advance(10 * 60_000);
    await cs.getByLabel('E-mail', { exact: true }).fill(account.email);
    await cs.getByLabel('Heslo', { exact: true }).fill(account.password);
    await cs.getByRole('button', { name: 'Přihlásit se', exact: true }).click();
    await cs.getByText('Zkuste to znovu za 5 minut').waitFor();
    await shot(cs, 'login-locked-cs');
    await t.services.rateLimiter.reset(loginRules.pair[0], pairKey);
    await cs.goto(`${t.url}/password/forgot`);
    await shot(cs, 'forgot-cs');
    await cs.getByLabel('E-mail', { exact: true }).fill(account.email);
    await cs.getByRole('button', { name: 'Odeslat', exact: true }).click();
    await shot(cs, 'forgot-sent-cs');
    const message = await t.db
      .selectFrom('messages')
      .select('content')
      .where('recipient', '=', account.email)
      .orderBy('created_at', 'desc')
      .executeTakeFirstOrThrow();
    const link = /https?:\/\/\S+\/password\/reset\?token=[A-Za-z0-9_-]+/.exec(
      JSON.parse(message.content).text,
    )![0];
    await cs.setContent(JSON.parse(message.content).html);
    await shot(cs, 'email-cs');

    const other = await open('cs');
    await other.goto(link);
    await shot(other, 'wrong-browser-cs');

    await cs.goto(link);
    await cs.getByRole('button', { name: 'Klíč: vygenerovat silné heslo' }).click();
    await shot(cs, 'reset-cs');
    await cs.getByRole('button', { name: 'Nastavit heslo', exact: true }).click();
    await shot(cs, 'done-cs');

    const enForgot = await open('en');
    await enForgot.goto(`${t.url}/password/forgot`);
    await shot(enForgot, 'forgot-en');
    await enForgot.goto(link);
    await shot(enForgot, 'link-used-en');
  } finally {
    await browser.close();
    await t.close();
  }
}

await main();
