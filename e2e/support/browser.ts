import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/** Where the browser tests' screenshots go (looked at before calling a change done). */
export const ARTIFACTS = join(import.meta.dirname, '..', 'artifacts');

/** Debian's chromium (`apt-get install chromium`); playwright-core downloads no browser. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Launches headless chromium with nothing that reaches for the network on its own
 * (no QUIC, component updates, sync or background requests: this machine has no internet).
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** A page, and the console errors and uncaught exceptions it logged (a CSP violation is one). */
export interface OpenPage {
  page: Page;
  problems: string[];
}

/** Opens `url` in a new context of `browser`, kept in `contexts` for the caller to close. */
export async function openPage(
  browser: Browser,
  contexts: BrowserContext[],
  url: string,
  options: { width?: number; height?: number; colorScheme?: 'dark' | 'light' } = {},
): Promise<OpenPage> {
  const context = await browser.newContext({
    viewport: { width: options.width ?? 1440, height: options.height ?? 900 },
    colorScheme: options.colorScheme ?? 'dark',
  });
  contexts.push(context);
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  await page.goto(url);
  return { page, problems };
}
