/**
 * `npm run screenshots`: walks the sign-up journey in Chromium in English and Czech and saves
 * each step to docs/screenshots/<step>-<lang>.png (shown in the README), then the support
 * contact form.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchBrowser } from '../test/helpers/browser.js';
import { latestActivationLink, latestSmsCode } from '../test/helpers/registration.js';
import { buildTestApp } from '../test/helpers/test-app.js';

const outDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'docs', 'screenshots');
mkdirSync(outDir, { recursive: true });

const labels = {
  en: {
    generate: 'Key: generate a strong password',
    verify: 'Verify',
    activate: 'Activate account',
    firstName: 'First name',
    lastName: 'Last name',
    email: 'Email',
    phone: 'Phone',
  },
  cs: {
    generate: 'Klíč: vygenerovat silné heslo',
    verify: 'Ověřit',
    activate: 'Aktivovat účet',
    firstName: 'Jméno',
    lastName: 'Příjmení',
    email: 'E-mail',
    phone: 'Telefon',
  },
} as const;

const t = await buildTestApp();
await t.listen();
const browser = await launchBrowser();
/** A browser of its own (its own cookies) in `lang`. */
const newContext = (lang: 'en' | 'cs') =>
  browser.newContext({
    locale: lang,
    extraHTTPHeaders: { 'accept-language': lang },
    viewport: { width: 1100, height: 900 },
  });
try {
  for (const lang of ['en', 'cs'] as const) {
    const x = labels[lang];
    const context = await newContext(lang);
    const page = await context.newPage();
    const shot = (name: string) =>
      page.screenshot({ path: path.join(outDir, `signup-${name}-${lang}.png`), fullPage: true });
    const email = `jana.${lang}@example.cz`;
    const phone = lang === 'en' ? '601 123 456' : '602 123 456';
    await page.goto(`${t.url}/register`);
    await page.getByLabel(x.firstName, { exact: true }).fill('Jana');
    await page.getByLabel(x.lastName, { exact: true }).fill('Nováková');
    await page.getByLabel(x.email, { exact: true }).fill(email);
    await page.getByLabel(x.phone, { exact: true }).fill(phone);
    await page.getByRole('button', { name: x.generate }).click();
    await page.locator('#f-terms').check();
    await page.locator('#f-privacy').check();
    await page.locator('altcha-widget label').click();
    await page.waitForFunction(
      () => (document.querySelector('input[name="altcha"]') as HTMLInputElement | null)?.value,
    );
    await shot('1-register');
    await page.locator('button[type="submit"].button--large').click();
    await page.waitForURL(/\/register\/phone/);
    const e164 = `+420${phone.replace(/\s/g, '')}`;
    const code = await latestSmsCode(t.db, e164);
    await page.locator('#f-code').fill(code);
    await shot('2-phone');
    await page.getByRole('button', { name: x.verify, exact: true }).click();
    await shot('3-phone-verified');
    await page.goto(`${t.url}/register/email`);
    await shot('4-email');
    const link = await latestActivationLink(t.db, email);
    // The link opened in another browser, without the sign-up's session, asks for one click.
    const elsewhere = await newContext(lang);
    const other = await elsewhere.newPage();
    await other.goto(link);
    await other.getByRole('button', { name: x.activate, exact: true }).waitFor();
    await other.screenshot({ path: path.join(outDir, `signup-5-activate-${lang}.png`), fullPage: true });
    await elsewhere.close();
    // In the browser that signed up, the link itself activates the account.
    await page.goto(link);
    await shot('6-done');
    // The contact form every "contact support" link leads to, as someone whose SMS never came.
    await page.goto(`${t.url}/support/contact?topic=sms`);
    await page.locator('#f-name').fill('Jana Nováková');
    await page.locator('#f-contact').fill(email);
    await page.locator('#f-smsPhone').fill(phone);
    await page.screenshot({ path: path.join(outDir, `support-contact-${lang}.png`), fullPage: true });
    await context.close();
  }
  const errors = await browser.newContext({ locale: 'en', viewport: { width: 1100, height: 900 } });
  const page = await errors.newPage();
  await page.goto(`${t.url}/register`);
  await page.locator('#f-email').fill('not an email');
  await page.locator('#f-phone').fill('12');
  await page.locator('button[type="submit"].button--large').click();
  await page.screenshot({ path: path.join(outDir, 'signup-register-errors-en.png'), fullPage: true });
  await errors.close();
  console.log(`Screenshots written to ${outDir}`);
} finally {
  await browser.close();
  await t.close();
}
