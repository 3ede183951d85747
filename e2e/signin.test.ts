import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible } from '../test/helpers/accessibility.js';
import { createTestAccount } from '../test/helpers/accounts.js';
import { launchBrowser } from '../test/helpers/browser.js';
import { startTestCourier } from '../test/helpers/courier.js';
import { startTestSmtpServer, type TestSmtpServer } from '../test/helpers/smtp-server.js';
import { buildTestApp, type TestApp } from '../test/helpers/test-app.js';

const texts = {
  en: {
    acceptLanguage: 'en-GB',
    email: 'Email',
    password: 'Password',
    logIn: 'Log in',
    forgotten: 'Forgotten password',
    submit: 'Submit',
    checkEmail: 'Check your email',
    subject: 'Forgotten login details',
    wrongBrowser: 'Open the link in the browser where you asked for it',
    startAgain: 'Start again in this browser',
    newPassword: 'New password',
    confirmPassword: 'Confirm new password',
    generate: 'Key: generate a strong password',
    setPassword: 'Set Password',
    done: 'Done!',
    invalid: 'The email or password is not correct.',
    welcome: 'Welcome, Jana Testová',
    logOut: 'Log out',
    loggedOut: 'You have been logged out.',
    endOther: /^End session: /,
    deviceLoggedOut: 'That device has been logged out.',
  },
  cs: {
    acceptLanguage: 'cs-CZ',
    email: 'E-mail',
    password: 'Heslo',
    logIn: 'Přihlásit se',
    forgotten: 'Zapomenuté heslo',
    submit: 'Odeslat',
    checkEmail: 'Zkontrolujte svůj e-mail',
    subject: 'Zapomenuté přihlašovací údaje',
    wrongBrowser: 'Otevřete odkaz v prohlížeči, kde jste o něj požádali',
    startAgain: 'Začít znovu v tomto prohlížeči',
    newPassword: 'Nové heslo',
    confirmPassword: 'Nové heslo znovu',
    generate: 'Klíč: vygenerovat silné heslo',
    setPassword: 'Nastavit heslo',
    done: 'Hotovo!',
    invalid: 'E-mail nebo heslo není správné.',
    welcome: 'Vítejte, Jana Testová',
    logOut: 'Odhlásit se',
    loggedOut: 'Byli jste odhlášeni.',
    endOther: /^Ukončit přihlášení: /,
    deviceLoggedOut: 'Zařízení bylo odhlášeno.',
  },
} as const;

type Texts = (typeof texts)[keyof typeof texts];

async function logIn(page: Page, t: TestApp, x: Texts, email: string, password: string): Promise<void> {
  await page.goto(`${t.url}/login`);
  await page.getByLabel(x.email, { exact: true }).fill(email);
  await page.getByLabel(x.password, { exact: true }).fill(password);
  await page.getByRole('button', { name: x.logIn, exact: true }).click();
}

// A journey with its axe-core checks takes longer than 30 s when the other test files load both
// cores; the limit only catches one that hangs.
describe('sign-in and recovery in Chromium', { timeout: 60_000 }, () => {
  let browser: Browser;
  let t: TestApp;
  let smtp: TestSmtpServer;
  let courier: { stop(): Promise<void> };
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    smtp = await startTestSmtpServer();
    t = await buildTestApp({ env: { SMTP_URL: smtp.url } });
    await t.listen();
    courier = startTestCourier(t.services);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await courier?.stop();
    await t?.close();
    await smtp?.stop();
  });

  const newContext = async (x: Texts) => {
    const context = await browser.newContext({
      locale: x.acceptLanguage,
      extraHTTPHeaders: { 'accept-language': x.acceptLanguage },
    });
    context.setDefaultTimeout(8000);
    contexts.push(context);
    return context.newPage();
  };

  it('on a 320 px phone: Tab follows the page, fingers fit the header, a generated password shows whole', async () => {
    const context = await browser.newContext({
      locale: 'cs-CZ',
      extraHTTPHeaders: { 'accept-language': 'cs-CZ' },
      viewport: { width: 320, height: 667 },
      isMobile: true,
      hasTouch: true,
    });
    context.setDefaultTimeout(8000);
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`${t.url}/register`);
    const stops: { text: string; top: number; left: number; height: number }[] = [];
    await page.keyboard.press('Tab'); // the skip link, shown over the page while focused
    while (!stops.some((stop) => stop.text === 'Založit účet') && stops.length < 10) {
      await page.keyboard.press('Tab');
      stops.push(
        await page.evaluate(() => {
          const focused = document.activeElement as HTMLElement;
          const box = focused.getBoundingClientRect();
          return {
            text: (focused.textContent ?? '').trim(),
            top: box.top,
            left: box.left,
            height: box.height,
          };
        }),
      );
    }
    expect(stops.map((stop) => stop.text)).toEqual(
      expect.arrayContaining(['English', 'Čeština', 'Přihlásit se', 'Založit účet']),
    );
    // Each stop is on the same row to the right of the one before, or on a lower row.
    for (const [i, stop] of stops.entries()) {
      if (i === 0) continue;
      const before = stops[i - 1]!;
      const sameRow = Math.abs(stop.top + stop.height / 2 - (before.top + before.height / 2)) < 12;
      expect(sameRow ? stop.left > before.left : stop.top > before.top, JSON.stringify([before, stop])).toBe(
        true,
      );
    }
    for (const stop of stops.filter((s) =>
      ['English', 'Čeština', 'Přihlásit se', 'Založit účet'].includes(s.text),
    ))
      expect(stop.height, stop.text).toBeGreaterThanOrEqual(44);

    await page.getByRole('button', { name: texts.cs.generate, exact: true }).click();
    const passwordBox = page.getByLabel(texts.cs.password, { exact: true });
    expect(await passwordBox.evaluate((input) => (input as HTMLInputElement).value.length)).toBe(20);
    // Any 20 characters fit, the widest ones too (shown passwords are set in a monospace font).
    await passwordBox.fill('WM%W@MW#MWM&WMW%MWMW');
    expect(await passwordBox.evaluate((input) => input.scrollWidth - input.clientWidth)).toBeLessThanOrEqual(
      0,
    );
  });

  for (const locale of ['en', 'cs'] as const) {
    const x = texts[locale];

    it(`logs in and out (${locale})`, async () => {
      const account = await createTestAccount(t, { locale });
      const page = await newContext(x);
      await logIn(page, t, x, account.email, 'wrong password here');
      await expect.poll(() => page.getByRole('alert').first().textContent()).toContain(x.invalid);
      await expectAccessible(page, 'the login form refusing a wrong password');
      await page.getByLabel(x.password, { exact: true }).fill(account.password);
      await page.getByRole('button', { name: x.logIn, exact: true }).click();
      await page.waitForURL(`${t.url}/account`);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(x.welcome);
      await page.getByRole('button', { name: x.logOut, exact: true }).click();
      await page.waitForURL(/\/login\?out=1$/);
      expect(await page.textContent('main')).toContain(x.loggedOut);
      await expectAccessible(page, 'logged out');
      await page.goto(`${t.url}/account`);
      expect(new URL(page.url()).pathname).toBe('/login');
    });

    it(`logs out another device from the account page, by a button named for it (${locale})`, async () => {
      const account = await createTestAccount(t, { locale });
      const other = await newContext(x);
      await logIn(other, t, x, account.email, account.password);
      await other.waitForURL(`${t.url}/account`);
      // Only a session that began before this one can be ended from it.
      t.clock.advance(60_000);
      const page = await newContext(x);
      await logIn(page, t, x, account.email, account.password);
      await page.waitForURL(`${t.url}/account`);
      await expectAccessible(page, 'the account page with two devices signed in');
      // One button: this device is left to Log out.
      const end = page.getByRole('button', { name: x.endOther });
      expect(await end.count()).toBe(1);
      await end.click();
      await page.waitForURL(/\/account\?ended=1$/);
      expect(await page.getByRole('status').first().textContent()).toContain(x.deviceLoggedOut);
      expect(await page.getByRole('button', { name: x.endOther }).count()).toBe(0);
      await expectAccessible(page, 'the account page after logging out another device');
      await other.reload();
      expect(new URL(other.url()).pathname).toBe('/login');
    });

    it(`resets a forgotten password only in the browser that asked (${locale})`, async () => {
      const account = await createTestAccount(t, { locale });
      // Browser C: a session open elsewhere, which the reset must end.
      const c = await newContext(x);
      await logIn(c, t, x, account.email, account.password);
      await c.waitForURL(`${t.url}/account`);

      // Browser A asks, from the login page's link.
      const a = await newContext(x);
      await a.goto(`${t.url}/login`);
      await a.getByRole('link', { name: x.forgotten, exact: true }).click();
      await expectAccessible(a, 'forgotten password');
      await a.getByLabel(x.email, { exact: true }).fill(account.email);
      await a.getByRole('button', { name: x.submit, exact: true }).click();
      expect(await a.getByRole('heading', { level: 1 }).textContent()).toBe(x.checkEmail);
      await expectAccessible(a, 'forgotten password: check your email');

      const mail = await smtp.waitFor(
        (m) => m.to !== undefined && JSON.stringify(m.to).includes(account.email),
      );
      expect(mail.subject).toBe(x.subject);
      const link = /https?:\/\/\S+\/password\/reset\?token=[A-Za-z0-9_-]+/.exec(mail.text ?? '')![0];
      expect(link.startsWith(`${t.config.publicUrl.origin}/`)).toBe(true);

      // Browser B: refused, with the explanation and a way to start again there.
      const b = await newContext(x);
      await b.goto(link);
      expect(new URL(b.url()).search).toBe('');
      expect(await b.getByRole('heading', { level: 1 }).textContent()).toBe(x.wrongBrowser);
      expect(await b.getByRole('link', { name: x.startAgain }).getAttribute('href')).toBe('/password/forgot');
      await expectAccessible(b, 'a reset link in another browser');

      // Browser A: the token leaves the address bar; the key button fills both fields.
      await a.goto(link);
      expect(a.url()).toBe(`${t.url}/password/reset`);
      await a.getByRole('button', { name: x.generate }).click();
      const generated = await a.getByLabel(x.newPassword, { exact: true }).inputValue();
      expect(generated.length).toBeGreaterThanOrEqual(15);
      expect(await a.getByLabel(x.confirmPassword, { exact: true }).inputValue()).toBe(generated);
      await expectAccessible(a, 'the new password form with a generated password');
      await a.getByRole('button', { name: x.setPassword, exact: true }).click();
      await a.waitForURL(`${t.url}/password/reset/done`);
      expect(await a.getByRole('heading', { level: 1 }).textContent()).toBe(x.done);
      await expectAccessible(a, 'password set');
      await a.locator('main').getByRole('link', { name: x.logIn, exact: true }).click();

      // Old password refused, new one accepted.
      await a.getByLabel(x.email, { exact: true }).fill(account.email);
      await a.getByLabel(x.password, { exact: true }).fill(account.password);
      await a.getByRole('button', { name: x.logIn, exact: true }).click();
      await expect.poll(() => a.getByRole('alert').first().textContent()).toContain(x.invalid);
      await a.getByLabel(x.password, { exact: true }).fill(generated);
      await a.getByRole('button', { name: x.logIn, exact: true }).click();
      await a.waitForURL(`${t.url}/account`);

      // The session in browser C is gone.
      await c.reload();
      expect(new URL(c.url()).pathname).toBe('/login');
      await smtp.waitFor((m) => JSON.stringify(m.to).includes(account.email) && m.subject !== x.subject);
    });
  }
});
