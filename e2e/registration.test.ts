import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible } from '../test/helpers/accessibility.js';
import { launchBrowser } from '../test/helpers/browser.js';
import { startTestCourier } from '../test/helpers/courier.js';
import { startTestSmppServer, type TestSmppServer } from '../test/helpers/smpp-server.js';
import { startTestSmtpServer, type TestSmtpServer } from '../test/helpers/smtp-server.js';
import { buildTestApp, type TestApp } from '../test/helpers/test-app.js';

const texts = {
  en: {
    acceptLanguage: 'en-GB',
    title: 'Create your customer account',
    person: 'Person',
    company: 'Company',
    firstName: 'First name',
    lastName: 'Last name',
    companyName: 'Company name',
    companyId: 'Company ID',
    email: 'Email',
    phone: 'Phone',
    password: 'Password',
    generate: 'Key: generate a strong password',
    personal: 'It contains your email or name',
    submit: 'Submit',
    code: 'Verification code',
    verify: 'Verify',
    verified: 'Phone number verified',
    continue: 'Continue',
    verifyEmail: 'Verify your email',
    subject: 'User account registration',
    activate: 'Activate account',
    done: 'Done!',
    logIn: 'Log in',
    resend: 'Resend SMS',
    resent: 'We sent a new code to',
    newPhone: 'New phone number',
    change: 'Change phone number',
  },
  cs: {
    acceptLanguage: 'cs-CZ',
    title: 'Založte si zákaznický účet',
    person: 'Osoba',
    company: 'Společnost',
    firstName: 'Jméno',
    lastName: 'Příjmení',
    companyName: 'Název společnosti',
    companyId: 'IČO',
    email: 'E-mail',
    phone: 'Telefon',
    password: 'Heslo',
    generate: 'Klíč: vygenerovat silné heslo',
    personal: 'Obsahuje váš e-mail nebo jméno',
    submit: 'Odeslat',
    code: 'Ověřovací kód',
    verify: 'Ověřit',
    verified: 'Telefonní číslo ověřeno',
    continue: 'Pokračovat',
    verifyEmail: 'Ověřte svůj e-mail',
    subject: 'Registrace uživatelského účtu',
    activate: 'Aktivovat účet',
    done: 'Hotovo!',
    logIn: 'Přihlásit se',
    resend: 'Znovu poslat SMS',
    resent: 'jsme poslali nový kód',
    newPhone: 'Nové telefonní číslo',
    change: 'Změnit telefonní číslo',
  },
} as const;
type Texts = (typeof texts)[keyof typeof texts];

// A whole journey takes 10–25 s while the other test files load both cores; the limit only
// catches a journey that hangs.
describe('sign-up journey in Chromium', { timeout: 60_000 }, () => {
  let browser: Browser;
  let t: TestApp;
  let smtp: TestSmtpServer;
  let smpp: TestSmppServer;
  let courier: { stop(): Promise<void> };
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    smtp = await startTestSmtpServer();
    smpp = await startTestSmppServer();
    t = await buildTestApp({
      env: { SMTP_URL: smtp.url, SMS_URL: smpp.url, MAIL_FROM: 'Gatehouse <hello@gatehouse.test>' },
    });
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
    await smpp?.stop();
  });

  const newPage = async (x: Texts): Promise<Page> => {
    const context = await browser.newContext({
      locale: x.acceptLanguage,
      extraHTTPHeaders: { 'accept-language': x.acceptLanguage },
    });
    context.setDefaultTimeout(10_000);
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (error) => {
      throw error;
    });
    return page;
  };

  /** Fills the form, uses the key button, solves the captcha and submits; returns the password. */
  async function fillRegistration(
    page: Page,
    x: Texts,
    holder: { kind: 'person' | 'company'; email: string; phone: string },
    checkPages: boolean,
  ): Promise<string> {
    const check = (step: string) => (checkPages ? expectAccessible(page, step) : Promise.resolve());
    await page.goto(`${t.url}/register`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(x.title);
    await check('the empty sign-up form');
    if (holder.kind === 'person') {
      await page.getByLabel(x.person, { exact: true }).check();
      await page.getByLabel(x.firstName, { exact: true }).fill('Jana');
      await page.getByLabel(x.lastName, { exact: true }).fill('Svobodová');
      await expect.poll(() => page.getByLabel(x.companyName, { exact: true }).isVisible()).toBe(false);
    } else {
      await page.getByLabel(x.company, { exact: true }).check();
      await expect.poll(() => page.getByLabel(x.firstName, { exact: true }).isVisible()).toBe(false);
      await page.getByLabel(x.companyName, { exact: true }).fill('Příklad Hosting s.r.o.');
      await page.getByLabel(x.companyId, { exact: true }).fill('27074358');
    }
    await page.getByLabel(x.email, { exact: true }).fill(holder.email);
    await page.getByLabel(x.phone, { exact: true }).fill(holder.phone);
    // A password with the holder's own name in it: the meter says why it will be refused.
    const ownName = holder.kind === 'person' ? 'Svobodová' : 'Hosting';
    await page.getByLabel(x.password, { exact: true }).fill(`${ownName}-Zahrada-Kolo-2026!`);
    await expect.poll(() => page.locator('.strength__text').textContent()).toContain(x.personal);
    await page.getByRole('button', { name: x.generate }).click();
    const passwordInput = page.getByLabel(x.password, { exact: true });
    expect(await passwordInput.getAttribute('type')).toBe('text');
    const password = await passwordInput.inputValue();
    expect(password).toHaveLength(20);
    expect(await page.locator('.strength__text').textContent()).toMatch(/\w/);
    // The company's form has other fields: it is checked in the company's journey.
    if (checkPages || holder.kind === 'company')
      await expectAccessible(page, `the ${holder.kind}'s sign-up form with a generated password shown`);
    await page.locator('#f-terms').check();
    await page.locator('#f-privacy').check();
    await page.locator('altcha-widget label').click();
    await expect
      .poll(() => page.locator('input[name="altcha"]').inputValue(), { timeout: 10_000 })
      .toMatch(/^[A-Za-z0-9+/=]{40,}$/);
    await check('the sign-up form with the captcha solved');
    await page.getByRole('button', { name: x.submit, exact: true }).click();
    await page.waitForURL(`${t.url}/register/phone`).catch(async (error) => {
      throw new Error(
        `${error}: ${await page.locator('.field__error, .alert').allTextContents()} at ${page.url()}`,
      );
    });
    await check('the phone step');
    return password;
  }

  async function smsCodeFor(phone: string, after = 0): Promise<string> {
    const sms = await smpp.waitFor((m) => m.to === phone && m.at >= after);
    return /(\d{6})/.exec(sms.text)![1]!;
  }

  async function finishFromPhoneStep(
    page: Page,
    x: Texts,
    phone: string,
    email: string,
    password: string,
    checkPages: boolean,
    after = 0,
  ) {
    const check = (on: Page, step: string) => (checkPages ? expectAccessible(on, step) : Promise.resolve());
    const code = await smsCodeFor(phone, after);
    await page.getByLabel(x.code, { exact: true }).fill(code);
    await page.getByRole('button', { name: x.verify, exact: true }).click();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(x.verified);
    await check(page, 'phone verified');
    await page.getByRole('link', { name: x.continue, exact: true }).click();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(x.verifyEmail);
    await check(page, 'the email step');
    const mail = await smtp.waitFor((m) => JSON.stringify(m.to ?? '').includes(email));
    expect(mail.subject).toBe(x.subject);
    expect(mail.from?.text).toContain('hello@gatehouse.test');
    const link = /https?:\/\/\S+\/activate\/[A-Za-z0-9_-]+/.exec(mail.text ?? '')![0];
    expect(link.startsWith(`${t.config.publicUrl.origin}/activate/`)).toBe(true);
    // A browser without this sign-up's session (a mail scanner, the customer's phone) gets a
    // button to press, and opening the link there changes nothing.
    const elsewhere = await newPage(x);
    await elsewhere.goto(link);
    await elsewhere.getByRole('button', { name: x.activate, exact: true }).waitFor();
    await check(elsewhere, 'the activation link in another browser');
    // The customer clicks the link in the browser that signed up: Done, with nothing more to press.
    await page.goto(link);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(x.done);
    await check(page, 'activation done');
    // This browser still holds the sign-up session: Log in leads straight to the account.
    await page.getByRole('main').getByRole('link', { name: x.logIn, exact: true }).click();
    await page.waitForURL(`${t.url}/account`);
    // Another browser logs in with the email and the generated password.
    const other = await newPage(x);
    await other.goto(`${t.url}/login`);
    await check(other, 'the login form');
    await other.getByLabel(x.email, { exact: true }).fill(email);
    await other.getByLabel(x.password, { exact: true }).fill(password);
    await other.getByRole('main').getByRole('button', { name: x.logIn, exact: true }).click();
    await other.waitForURL(`${t.url}/account`);
    await check(other, 'the account page');
  }

  for (const [lang, language, phone] of [
    ['en', 'English', '601 201 301'],
    ['cs', 'Czech', '601 201 311'],
  ] as const) {
    it(`a person registers in ${language}: key button, SMS code, Continue, email link, Done, log in`, async () => {
      const x = texts[lang];
      const page = await newPage(x);
      const email = `jana.${lang}.${Date.now()}@example.cz`;
      // Each step's page is checked with axe-core here, once a language.
      const password = await fillRegistration(page, x, { kind: 'person', email, phone }, true);
      const e164 = `+420${phone.replace(/ /g, '')}`;
      expect(await page.textContent('main')).toContain(`+420 ${phone}`);
      await finishFromPhoneStep(page, x, e164, email, password, true);
      const account = await t.db
        .selectFrom('accounts')
        .selectAll()
        .where('email', '=', email)
        .executeTakeFirstOrThrow();
      expect(account.status).toBe('active');
    });
  }

  it('shows each mistake next to its field (Czech): announced, outlined in red, what was typed kept', async () => {
    const x = texts.cs;
    const page = await newPage(x);
    await page.goto(`${t.url}/register`);
    await page.getByLabel(x.firstName, { exact: true }).fill('Jana');
    await page.getByLabel(x.email, { exact: true }).fill('not an email');
    await page.getByLabel(x.phone, { exact: true }).fill('12');
    await page.getByRole('button', { name: x.submit, exact: true }).click();
    // The answer is a page at the same address: wait for it, not for the page that sent the form.
    await page.locator('[aria-invalid="true"]').first().waitFor();
    await expectAccessible(page, 'the sign-up form with its mistakes shown');
    const expectations = [
      [x.email, 'Zadejte e-mailovou adresu, například jmeno@example.com.', 'not an email'],
      [x.phone, 'Zadejte platné telefonní číslo, například 601 123 456 nebo +420 601 123 456.', '12'],
      [x.lastName, 'Toto pole je povinné.', ''],
    ] as const;
    for (const [label, message, typed] of expectations) {
      const input = page.getByLabel(label, { exact: true });
      expect(await input.inputValue()).toBe(typed);
      expect(await input.getAttribute('aria-invalid'), label).toBe('true');
      // The error is the field's description, so a screen reader reads it with the field.
      const described = (await input.getAttribute('aria-describedby')) ?? '';
      const texts = await Promise.all(
        described.split(' ').map((id) => page.locator(`[id="${id}"]`).textContent()),
      );
      expect(texts.join(' ')).toContain(message);
      // Outlined in the error colour, not only the text below it.
      expect(await input.evaluate((el) => getComputedStyle(el).borderTopColor)).toBe('rgb(179, 38, 30)');
    }
    const firstName = page.getByLabel(x.firstName, { exact: true });
    expect(await firstName.inputValue()).toBe('Jana');
    expect(await firstName.getAttribute('aria-invalid')).toBeNull();
    expect(await firstName.evaluate((el) => getComputedStyle(el).borderTopColor)).not.toBe(
      'rgb(179, 38, 30)',
    );
  });

  for (const [lang, language, phone] of [
    ['en', 'English', '+421 901 202 312'],
    ['cs', 'Czech', '+421 901 202 302'],
  ] as const) {
    it(`a company registers in ${language}`, async () => {
      const x = texts[lang];
      const page = await newPage(x);
      const email = `firma.${lang}.${Date.now()}@example.cz`;
      const password = await fillRegistration(page, x, { kind: 'company', email, phone }, false);
      await finishFromPhoneStep(page, x, phone.replace(/ /g, ''), email, password, false);
      const account = await t.db
        .selectFrom('accounts')
        .selectAll()
        .where('email', '=', email)
        .executeTakeFirstOrThrow();
      expect(account).toMatchObject({ kind: 'company', company_id: '27074358', status: 'active' });
    });
  }

  for (const [lang, language, number] of [
    ['en', 'English', '602 303 41'],
    ['cs', 'Czech', '602 303 40'],
  ] as const) {
    it(`a typo fixed by Change phone number, then Resend SMS after the countdown (${language})`, async () => {
      const x = texts[lang];
      const page = await newPage(x);
      const email = `preklep.${lang}.${Date.now()}@example.cz`;
      const typo = `+420${number.replace(/ /g, '')}4`;
      const fixed = `+420${number.replace(/ /g, '')}5`;
      const password = await fillRegistration(page, x, { kind: 'person', email, phone: `${number}4` }, false);
      await smsCodeFor(typo);
      await page.getByLabel(x.newPhone, { exact: true }).fill(`${number}5`);
      await page.getByRole('button', { name: x.change, exact: true }).click();
      expect(await page.textContent('main')).toContain(`+420 ${number}5`);
      await smsCodeFor(fixed);
      await expectAccessible(page, 'the phone step after Change phone number');
      // The cooldown counts down in the page: move the server clock to 2 s before its end.
      t.clock.advance(58_000);
      await page.reload();
      const resend = page.getByRole('button', { name: new RegExp(x.resend) });
      expect(await resend.isDisabled()).toBe(true);
      // The sentence under the button counts down with it, then goes.
      const hint = page.locator('[data-countdown-hint]');
      await expect.poll(() => hint.textContent(), { timeout: 3000 }).toMatch(/ 1\u00a0s\.$/);
      await expect.poll(() => resend.isDisabled(), { timeout: 5000 }).toBe(false);
      expect(await resend.textContent()).toBe(x.resend);
      expect(await hint.isVisible()).toBe(false);
      t.clock.advance(2_000); // the server's manual clock lives through the same two seconds
      const before = Date.now();
      await resend.click();
      await page.waitForURL(/notice=resent/).catch(async (error) => {
        throw new Error(`${error}: ${await page.locator('main').textContent()}`);
      });
      expect(await page.textContent('main')).toContain(x.resent);
      await expectAccessible(page, 'the phone step after Resend SMS');
      await finishFromPhoneStep(page, x, fixed, email, password, false, before);
      const sms = smpp.messages.filter((m) => m.to === typo || m.to === fixed);
      expect(sms.map((m) => m.to)).toEqual([typo, fixed, fixed]);
      // Czech texts go out as UCS-2 (70 characters a part), English as plain text: one part each.
      expect(
        sms.every((m) => (lang === 'cs' ? m.dataCoding === 8 && m.text.length <= 70 : m.text.length <= 160)),
      ).toBe(true);
    });
  }
});
