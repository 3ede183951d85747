/**
 * axe-core (WCAG 2.2 A and AA, and its best practices) over the pages the journeys in
 * registration.test.ts and signin.test.ts do not pass through, in English and Czech: the journeys
 * check their own steps as they go.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible } from '../test/helpers/accessibility.js';
import { launchBrowser, pageInLanguage } from '../test/helpers/browser.js';
import { createTestAccount } from '../test/helpers/accounts.js';
import { buildTestApp, type TestApp } from '../test/helpers/test-app.js';

// Ten pages and their checks a test: under CI's load that is more than the default 30 s.
describe('pages in Chromium pass axe-core', { timeout: 60_000 }, () => {
  let browser: Browser;
  let t: TestApp;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    // No SMTP or SMS gateway: the dev outbox and its banner are on, as in the README's quick start.
    t = await buildTestApp();
    await t.listen();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await t?.close();
  });

  const newPage = (acceptLanguage: string): Promise<Page> =>
    pageInLanguage(browser, contexts, acceptLanguage);

  it('the dev outbox fits a 390 px phone: a long reset link wraps instead of scrolling the page sideways', async () => {
    const account = await createTestAccount(t);
    const asked = await fetch(`${t.url}/api/password/forgot`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: account.email }),
    });
    expect(asked.status).toBe(202);
    const page = await pageInLanguage(browser, contexts, 'cs-CZ', { viewport: { width: 390, height: 844 } });
    await page.goto(`${t.url}/dev/outbox`);
    await page.locator('.outbox__message a[href*="/password/reset"]').first().waitFor();
    const overflow = await page.evaluate(() => ({
      page: document.documentElement.scrollWidth - window.innerWidth,
      wider: [...document.querySelectorAll('main *')]
        .filter((element) => element.getBoundingClientRect().right > window.innerWidth + 1)
        .map((element) => element.outerHTML.slice(0, 80)),
    }));
    expect(overflow.wider).toEqual([]);
    expect(overflow.page).toBeLessThanOrEqual(0);
  });

  for (const acceptLanguage of ['en-GB', 'cs-CZ']) {
    it(`home, legal documents, a dead link, a missing page, the dev outbox and the support form (${acceptLanguage})`, async () => {
      const page = await newPage(acceptLanguage);
      for (const [path, step] of [
        ['/', 'the home page'],
        ['/legal/terms', 'the terms of service'],
        ['/legal/privacy', 'the privacy policy'],
        ['/legal/marketing', 'the marketing consent'],
        ['/activate/not-a-real-token-at-all-0000000000', 'an activation link that does not work'],
        ['/password/reset?token=not-a-real-token-at-all-0000000000', 'a reset link that does not work'],
        ['/no/such/page', 'a missing page'],
        ['/dev/outbox', 'the dev outbox'],
        ['/support/contact?topic=login_email', 'the support form'],
      ] as const) {
        await page.goto(`${t.url}${path}`);
        await expectAccessible(page, step);
      }
      // The support form sent empty: every mistake next to its field.
      await page.locator('main form button[type="submit"]').click();
      await page.locator('[aria-invalid="true"]').first().waitFor();
      await expectAccessible(page, 'the support form with its mistakes shown');
    });
  }
});
