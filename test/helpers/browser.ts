import { existsSync } from 'node:fs';
import {
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  chromium,
  type Page,
} from 'playwright-core';

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Debian's Chromium, headless, with the flags this closed network needs. One browser per test
 * file; each test opens its own context (its own cookies: a second context is a second browser).
 */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(chromiumPath)) {
    throw new Error(
      `Chromium is missing at ${chromiumPath}: run "npm test" (it installs it) or apt-get install chromium.`,
    );
  }
  return chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/**
 * A page in a context of its own speaking `acceptLanguage` (the browser's language and its
 * Accept-Language), with 8-s waits; the context joins `contexts`, which the file closes after.
 */
export async function pageInLanguage(
  browser: Browser,
  contexts: BrowserContext[],
  acceptLanguage: string,
  options: BrowserContextOptions = {},
): Promise<Page> {
  const context = await browser.newContext({
    locale: acceptLanguage,
    extraHTTPHeaders: { 'accept-language': acceptLanguage },
    ...options,
  });
  context.setDefaultTimeout(8000);
  contexts.push(context);
  return context.newPage();
}
