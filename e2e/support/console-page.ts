import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';
import { ARTIFACTS, openPage, type OpenPage } from './browser';

/**
 * Opens `url` in a new context of `browser` (kept in `contexts` for the caller to close) and
 * waits until the live connection is real-time.
 */
export async function openConsole(
  browser: Browser,
  contexts: BrowserContext[],
  url: string,
  options: { width?: number; colorScheme?: 'dark' | 'light' } = {},
): Promise<OpenPage> {
  const opened = await openPage(browser, contexts, url, options);
  await expect
    .poll(() => opened.page.getByTestId('connection-label').textContent(), { timeout: 20_000 })
    .toContain('Real-time Updates');
  return opened;
}

/** No serious or critical accessibility violation on what the page shows now. */
export async function expectAccessible(page: Page, view: string): Promise<void> {
  const result = await new AxeBuilder({ page }).analyze();
  const bad = result.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map(
      (violation) =>
        `${view}: ${violation.id} (${violation.impact}) ${violation.nodes
          .slice(0, 3)
          .map((node) => node.target.join(' '))
          .join(' | ')}`,
    );
  expect(bad).toEqual([]);
}

/** A full-page screenshot into {@link ARTIFACTS}, from the top (the top bar is sticky). */
export async function shoot(page: Page, name: string): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/** The number in a tile or cell, separators dropped. */
export async function numberIn(page: Page, selector: string): Promise<number> {
  const text = await page.locator(selector).first().textContent();
  return Number((text ?? '').replace(/[^0-9]/g, ''));
}
