import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** WCAG 2.2 levels A and AA as axe-core checks them, and its best practices (landmarks, headings). */
const rules = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

interface Violation {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  readonly targets: string[];
}

/** What axe-core finds wrong on the page as it stands, one line per rule broken. */
export async function accessibilityViolations(page: Page): Promise<string[]> {
  // After a click the stylesheet may still be on its way, and colours judged without it pass.
  await page.waitForLoadState('load');
  // Evaluated through the DevTools protocol, so the page's Content-Security-Policy (no inline
  // scripts) does not refuse it, and nothing about the page has to change for the test.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  const violations = await page.evaluate(async (tags: string[]): Promise<Violation[]> => {
    const axe = (window as unknown as { axe: { run(...args: unknown[]): Promise<unknown> } }).axe;
    const result = (await axe.run(document, { runOnly: { type: 'tag', values: tags } })) as {
      violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[];
    };
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.map((node) => node.target.join(' ')),
    }));
  }, rules);
  return violations.map((v) => `${v.id} (${v.impact}): ${v.help}, at ${v.targets.join(' | ')}`);
}

/** Fails with axe-core's findings when the page breaks a rule; `step` names the page in the report. */
export async function expectAccessible(page: Page, step: string): Promise<void> {
  expect(await accessibilityViolations(page), `${step} (${page.url()})`).toEqual([]);
}
