/**
 * Where the focus goes after a refused form, and what a screen reader is told, in a real
 * Chromium on a 390 px phone: the error summary on the sign-up form and on the phone step, the
 * reset page's fields, the server's own (translated) word on a badly typed code, stale server
 * errors under a password field, and the one announcement when Resend SMS becomes available.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible } from '../test/helpers/accessibility.js';
import { createTestAccount } from '../test/helpers/accounts.js';
import { launchBrowser, pageInLanguage } from '../test/helpers/browser.js';
import { personForm, registerByForm } from '../test/helpers/registration.js';
import { buildTestApp, type TestApp } from '../test/helpers/test-app.js';

const texts = {
  en: { acceptLanguage: 'en-GB', firstName: 'First name', email: 'Email', submit: 'Submit' },
  cs: { acceptLanguage: 'cs-CZ', firstName: 'Jméno', email: 'E-mail', submit: 'Odeslat' },
} as const;

/**
 * What has the focus: an id, or "summary" for the error summary, or the tag name. Tests poll it:
 * a page's autofocus lands at its next rendering, after the element that shows it exists.
 */
const focused = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement;
    if (!el) return null;
    if (el.classList.contains('error-summary')) return 'summary';
    return el.id || el.tagName;
  });

describe('focus and announcements after a refused form (Chromium, 390 px)', { timeout: 60_000 }, () => {
  let browser: Browser;
  let t: TestApp;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    t = await buildTestApp();
    await t.listen();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await t?.close();
  });

  const newPage = async (acceptLanguage: string): Promise<Page> => {
    const page = await pageInLanguage(browser, contexts, acceptLanguage, {
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
    });
    page.on('pageerror', (error) => {
      throw error;
    });
    return page;
  };

  /** A Chromium page signed up (through the form, as a browser would) and at the phone step. */
  const atPhoneStep = async (): Promise<Page> => {
    const { browser: signedUp } = await registerByForm(t.app, personForm(), { 'accept-language': 'cs' });
    const page = await newPage('cs-CZ');
    const cookies = signedUp.jar
      .header()
      .split('; ')
      .filter(Boolean)
      .map((pair) => {
        const at = pair.indexOf('=');
        return { name: pair.slice(0, at), value: pair.slice(at + 1), url: t.url };
      });
    await page.context().addCookies(cookies);
    await page.goto(`${t.url}/register/phone`);
    expect(new URL(page.url()).pathname).toBe('/register/phone');
    return page;
  };

  /** A Chromium page that asked for a reset link and opened it: at the new password form. */
  const atResetPage = async (): Promise<Page> => {
    const account = await createTestAccount(t, { locale: 'cs' });
    const page = await newPage('cs-CZ');
    await page.goto(`${t.url}/password/forgot`);
    await page.getByLabel('E-mail', { exact: true }).fill(account.email);
    await page.locator('#forgot-form button[type="submit"]').click();
    await page.waitForURL((url) => url.pathname !== '/password/forgot');
    await t.app.resetRequests.settle();
    const mail = await t.db
      .selectFrom('messages')
      .select('content')
      .where('recipient', '=', account.email)
      .executeTakeFirstOrThrow();
    const link = /https?:\/\/\S+\/password\/reset\?token=[A-Za-z0-9_-]+/.exec(
      JSON.parse(mail.content).text,
    )![0];
    await page.goto(link);
    expect(new URL(page.url()).pathname).toBe('/password/reset');
    return page;
  };

  it('the strength meter speaks when its verdict changes, not at every keystroke, and describes the field', async () => {
    const page = await newPage('en-GB');
    await page.goto(`${t.url}/register`);
    const said: string[] = [];
    await page.exposeFunction('heard', (text: string) => said.push(text));
    await page.evaluate(() => {
      const region = document.querySelector('.strength__announce')!;
      new MutationObserver(() =>
        (window as unknown as { heard(t: string): void }).heard(region.textContent ?? ''),
      ).observe(region, {
        childList: true,
        characterData: true,
        subtree: true,
      });
    });
    await page.locator('#f-password').pressSequentially('password1', { delay: 20 });
    await expect.poll(() => page.locator('.strength__text').textContent()).not.toBe('');
    // Nine keystrokes: "too short" once, then the verdict on the whole word, not nine times.
    expect(said.length).toBeLessThanOrEqual(3);
    expect(said[0]).toMatch(/^Too short: at least 8 characters are required/);
    expect(said.every((text) => !/^(Too short)\. Too short/.test(text))).toBe(true);
    expect(new Set(said).size).toBe(said.length);
    const describedBy = (await page.locator('#f-password').getAttribute('aria-describedby')) ?? '';
    expect(describedBy.split(' ')).toContain('f-password-strength');
  });

  it('switching the language keeps what was typed in the sign-up and support forms, never the password', async () => {
    const page = await newPage('en-GB');
    await page.goto(`${t.url}/register`);
    await page.getByLabel('Company', { exact: true }).check();
    await page.getByLabel('Company name', { exact: true }).fill('Nováková design s.r.o.');
    await page.getByLabel('Email', { exact: true }).fill('jana@example.cz');
    await page.locator('#f-password').fill('velmi dlouhé heslo na koni 42');
    await page.locator('#f-marketing').check();
    await page.getByRole('button', { name: 'Čeština' }).click();
    await page.waitForFunction(() => document.documentElement.lang === 'cs');
    expect(await page.getByLabel('Název společnosti', { exact: true }).inputValue()).toBe(
      'Nováková design s.r.o.',
    );
    expect(await page.getByLabel('E-mail', { exact: true }).inputValue()).toBe('jana@example.cz');
    expect(await page.locator('#kind-company').isChecked()).toBe(true);
    expect(await page.locator('#f-marketing').isChecked()).toBe(true);
    expect(await page.locator('#f-password').inputValue()).toBe('');
    // Kept once, for this tab only: nothing stays behind in the browser.
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);

    await page.goto(`${t.url}/support/contact`);
    await page.locator('#f-message').fill('I lost the phone with the number on my account.');
    await page.getByRole('button', { name: 'English' }).click();
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    expect(await page.locator('#f-message').inputValue()).toBe(
      'I lost the phone with the number on my account.',
    );
  });

  for (const lang of ['en', 'cs'] as const) {
    it(`sign-up: a refused Submit focuses the summary, the only alert, whose links lead to the fields (${lang})`, async () => {
      const x = texts[lang];
      const page = await newPage(x.acceptLanguage);
      await page.goto(`${t.url}/register`);
      await page.getByLabel(x.firstName, { exact: true }).fill('Jana');
      await page.getByLabel(x.email, { exact: true }).fill('not an email');
      // A good password: never sent back, it is asked for again by a note, not as a mistake.
      await page.locator('#f-password').fill('velmi dlouhé heslo na koni 42');
      await page.getByRole('button', { name: x.submit, exact: true }).click();
      // The answer is a page at the same address: wait for it, not for the page that sent the form.
      await page.locator('[aria-invalid="true"]').first().waitFor();
      await expect.poll(() => focused(page)).toBe('summary');
      expect(await page.locator('[role="alert"]').count()).toBe(1);
      // Each field with aria-invalid has its link in the summary.
      const invalid = await page
        .locator('[aria-invalid="true"]')
        .evaluateAll((els) => els.map((el) => el.id));
      const targets = await page
        .locator('.error-summary a')
        .evaluateAll((links) => links.map((a) => (a.getAttribute('href') ?? '').slice(1)));
      for (const id of invalid) expect(targets, id).toContain(id);
      expect(targets).not.toContain('f-password');
      expect(await page.locator('#f-password').getAttribute('aria-invalid')).toBeNull();
      expect(await page.locator('#f-password-note').isVisible()).toBe(true);
      await expectAccessible(page, 'the sign-up form with its error summary focused');
      await page.locator('.error-summary a[href="#f-email"]').click();
      await expect.poll(() => focused(page)).toBe('f-email');
      // The field's label and its error stay on screen above it (the field is not put at the very top).
      const label = await page.locator('label[for="f-email"]').boundingBox();
      expect(label!.y).toBeGreaterThanOrEqual(0);
    });
  }

  it('support form: summary links keep the group legend in view and reach the captcha checkbox (Czech)', async () => {
    const page = await newPage('cs-CZ');
    await page.goto(`${t.url}/support/contact?topic=sms`);
    await page.locator('main form button[type="submit"]').click();
    await page.locator('.error-summary a[href="#f-smsPhone"]').waitFor();
    await page.locator('.error-summary a[href="#f-smsPhone"]').press('Enter');
    await expect.poll(() => focused(page)).toBe('f-smsPhone');
    // The group's legend says what the SMS number is for: it stays on screen above the field.
    const legend = await page.locator('fieldset legend').boundingBox();
    expect(legend!.y).toBeGreaterThanOrEqual(0);
    await page.locator('.error-summary a[href="#f-captcha"]').press('Enter');
    // The captcha's checkbox itself takes the focus, so Space ticks it.
    expect(
      await page.evaluate(() => document.activeElement?.matches('altcha-widget input[type="checkbox"]')),
    ).toBe(true);
    const label = await page.locator('#f-captcha .field__label').boundingBox();
    expect(label!.y).toBeGreaterThanOrEqual(0);
  });

  it('phone step: a refused number change focuses a summary at the top, not the code field (Czech)', async () => {
    const page = await atPhoneStep();
    await expect.poll(() => focused(page)).toBe('f-code');
    await page.getByLabel('Nové telefonní číslo', { exact: true }).fill('12');
    await page.getByRole('button', { name: 'Změnit telefonní číslo', exact: true }).click();
    await page.locator('#f-phone[aria-invalid="true"]').waitFor();
    await expect.poll(() => focused(page)).toBe('summary');
    const summary = page.locator('.error-summary');
    expect(await summary.textContent()).toContain('Telefonní číslo se nezměnilo');
    // On the phone's first screen, not a thousand pixels down.
    const box = await summary.boundingBox();
    expect(box!.y + box!.height).toBeLessThan(844);
    await expectAccessible(page, 'the phone step with a refused number change');
    await summary.getByRole('link').click();
    await expect.poll(() => focused(page)).toBe('f-phone');
  });

  it('phone step: a badly typed code reaches the server, which answers in Czech (no browser bubble)', async () => {
    const page = await atPhoneStep();
    expect(
      await page.locator('form.code-form').evaluate((form) => (form as HTMLFormElement).noValidate),
    ).toBe(true);
    await page.getByLabel('Ověřovací kód', { exact: true }).fill('12');
    await page.getByRole('button', { name: 'Ověřit', exact: true }).click();
    await page.locator('.error-summary').waitFor();
    expect(await page.locator('#f-code-error').textContent()).toBe('Zadejte šest číslic z SMS.');
  });

  it('Resend SMS: one polite announcement in Czech when it becomes available, none while it counts', async () => {
    const page = await atPhoneStep();
    // The cooldown counts down in the page: move the server clock to 2 s before its end.
    t.clock.advance(58_000);
    await page.reload();
    const region = page.locator('[data-countdown-announce]');
    expect(await region.getAttribute('aria-live')).toBe('polite');
    expect(await region.textContent()).toBe('');
    const resend = page.getByRole('button', { name: /Znovu poslat SMS/ });
    expect(await resend.isDisabled()).toBe(true);
    await expect.poll(() => resend.isDisabled(), { timeout: 5000 }).toBe(false);
    expect(await region.textContent()).toBe(
      'SMS si teď můžete nechat poslat znovu: tlačítko Znovu poslat SMS je k dispozici.',
    );
  });

  it('reset page: New password has the focus, also after a refusal, where both are typed again (Czech)', async () => {
    const page = await atResetPage();
    await expect.poll(() => focused(page)).toBe('f-newPassword');
    await page.locator('#f-newPassword').fill('a brand new river stone');
    await page.locator('#f-confirmPassword').fill('a brand new river stones');
    await page.locator('#reset-form button[type="submit"]').click();
    await page.locator('.error-summary').waitFor();
    // Neither password came back: the fixer starts from the first, as its note says.
    await expect.poll(() => focused(page)).toBe('f-newPassword');
    expect(await page.locator('#f-newPassword-note').textContent()).toContain('do obou polí');
    await page.locator('#f-newPassword').fill('password');
    await page.locator('#f-confirmPassword').fill('password');
    await page.locator('#reset-form button[type="submit"]').click();
    await page.locator('#f-newPassword-error').waitFor();
    await expect.poll(() => focused(page)).toBe('f-newPassword');
    expect(await page.locator('[role="alert"]').count()).toBe(1);
  });

  it('reset page: a changed password field drops its stale server error, by the key button or by typing', async () => {
    const page = await atResetPage();
    const submitCommon = async () => {
      await page.locator('#f-newPassword').fill('password');
      await page.locator('#f-confirmPassword').fill('password');
      await page.locator('#reset-form button[type="submit"]').click();
      await page.locator('#f-newPassword-error').waitFor();
    };
    await submitCommon();
    const input = page.locator('#f-newPassword');
    expect(await input.getAttribute('aria-invalid')).toBe('true');
    await page.getByRole('button', { name: 'Klíč: vygenerovat silné heslo' }).click();
    await expect.poll(() => page.locator('.strength__text').textContent()).toMatch(/^Silné/);
    expect(await page.locator('#f-newPassword-error').count()).toBe(0);
    expect(await input.getAttribute('aria-invalid')).toBeNull();
    expect(await input.getAttribute('aria-describedby')).not.toContain('f-newPassword-error');
    expect(await page.locator('.field--error').count()).toBe(0);
    // Typing does the same, for the field typed in only.
    await submitCommon();
    await input.press('End');
    await input.pressSequentially('x');
    expect(await page.locator('#f-newPassword-error').count()).toBe(0);
    expect(await input.getAttribute('aria-invalid')).toBeNull();
    await expectAccessible(page, 'the reset form after the stale error went');
  });
});
