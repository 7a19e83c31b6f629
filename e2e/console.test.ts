import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, launchChromium, type OpenPage } from './support/browser';
import { expectAccessible, openConsole, shoot } from './support/console-page';
import { startMonitorServer, type MonitorServer } from './support/monitor-server';
import { ingestArticles, seedPipeline } from './support/pipeline-data';

/**
 * The operator console (issue #16) in chromium against the real server: alert actions change
 * the served document, replay shows a past document and returns to live, the map draws 37
 * states, and axe finds no serious or critical violation on any view. Screenshots of every view
 * go to e2e/artifacts/.
 */

/**
 * The admin token (`ADMIN_TOKENS=e2e-operator:<secret>`): typed into the dialog and sent as
 * `Authorization: Bearer`. The server records the token's name as the actor.
 */
const ADMIN_TOKEN = 'e2e-admin-token-7f3a';
const OPERATOR = 'e2e-operator';

let server: MonitorServer;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  server = await startMonitorServer({ adminTokens: [{ name: OPERATOR, secret: ADMIN_TOKEN }] });
  await seedPipeline(server.url);
  browser = await launchChromium();
});

afterEach(async () => {
  await Promise.all(contexts.splice(0).map((context) => context.close()));
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const open = (
  path: string,
  options: { width?: number; colorScheme?: 'dark' | 'light' } = {},
): Promise<OpenPage> => openConsole(browser, contexts, `${server.url}${path}`, options);

async function servedDocument(): Promise<{
  alerts: Array<{ id: string; state?: string; acknowledged?: boolean; silenced?: boolean }>;
  scraping_health: { total_articles?: number };
}> {
  const response = await fetch(`${server.url}/api/v1/monitoring/pipeline-status`);
  return (await response.json()) as never;
}

async function articleCount(page: Page): Promise<number> {
  const text = await page.getByTestId('overview-articles').locator('.tile__value').textContent();
  return Number((text ?? '').replace(/[^0-9]/g, ''));
}

describe('Operator console in chromium', () => {
  it('acknowledges and silences a firing alert with an admin token, and the served document changes', async () => {
    await expect
      .poll(
        async () => (await servedDocument()).alerts.filter((a) => a.state === 'firing').length,
        {
          timeout: 30_000,
        },
      )
      .toBeGreaterThan(0);
    const { page, problems } = await open('/');
    const firing = page.getByTestId('alert').filter({ hasText: 'State: firing' }).first();
    await firing.waitFor();
    const alertId = (await servedDocument()).alerts.find((a) => a.state === 'firing')!.id;
    // The tab title counts what fires, for an operator with another tab in front.
    await expect.poll(() => page.title()).toMatch(/^\(\d+ firing\) /);

    // Without an admin token: no buttons, and the page says why and how.
    expect(await page.getByRole('button', { name: 'Acknowledge' }).count()).toBe(0);
    expect(await page.getByTestId('admin-note').textContent()).toContain(
      'Alert actions need an admin token',
    );
    await expectAccessible(page, 'overview');
    await shoot(page, 'console-overview');

    const writes: Array<{ url: string; authorization: string | undefined }> = [];
    page.on('request', (request) => {
      if (request.method() !== 'GET') {
        writes.push({ url: request.url(), authorization: request.headers().authorization });
      }
    });

    await page
      .getByTestId('admin-note')
      .getByRole('button', { name: 'Sign in for alert actions' })
      .click();
    const dialog = page.getByRole('dialog', { name: 'Sign in for alert actions' });
    await expectAccessible(page, 'sign-in dialog');
    await shoot(page, 'console-sign-in');
    await dialog.getByLabel('Admin token').fill(ADMIN_TOKEN);
    await dialog.getByRole('button', { name: 'Sign in' }).click();
    expect(await page.evaluate(() => sessionStorage.getItem('naija-monitor.admin-token'))).toBe(
      ADMIN_TOKEN,
    );
    expect(page.url()).not.toContain(ADMIN_TOKEN);

    await firing.getByRole('button', { name: 'Acknowledge' }).click();
    await expect
      .poll(async () => (await servedDocument()).alerts.find((a) => a.id === alertId)?.acknowledged)
      .toBe(true);
    await expect
      .poll(() =>
        firing
          .getByTestId('alert-acknowledged')
          .textContent()
          .catch(() => ''),
      )
      .toBe(`Acknowledged by ${OPERATOR}`);

    await firing.getByRole('button', { name: 'Silence' }).click();
    await firing.getByRole('radio', { name: '1 h' }).check();
    await firing.getByLabel('Comment (why)').fill('vendor outage, ticket 42');
    await expectAccessible(page, 'silence form');
    await firing.getByRole('button', { name: 'Silence alert' }).click();
    await expect
      .poll(async () => (await servedDocument()).alerts.find((a) => a.id === alertId)?.silenced)
      .toBe(true);
    await expect
      .poll(() =>
        firing
          .getByTestId('alert-silenced')
          .textContent()
          .catch(() => ''),
      )
      .toMatch(new RegExp(`^Silenced by ${OPERATOR} until .+ — “vendor outage, ticket 42”$`));
    await shoot(page, 'console-alert-acted');

    await firing.getByRole('button', { name: 'Unsilence' }).click();
    await expect
      .poll(async () => (await servedDocument()).alerts.find((a) => a.id === alertId)?.silenced)
      .toBe(false);
    await firing.getByRole('button', { name: 'Un-acknowledge' }).click();
    await expect
      .poll(async () => (await servedDocument()).alerts.find((a) => a.id === alertId)?.acknowledged)
      .toBe(false);

    // The alert's own history says who silenced it until when, and who lifted it.
    await page.getByRole('link', { name: 'Alert history' }).click();
    const entry = page.getByTestId('history-entry').filter({ hasText: 'unsilenced by' }).first();
    await entry.waitFor();
    const transitions = await entry.getByTestId('transition').allTextContents();
    expect(transitions.slice(0, 4)).toEqual([
      expect.stringMatching(/ unacknowledged by e2e-operator$/),
      expect.stringMatching(/ unsilenced by e2e-operator$/),
      expect.stringMatching(/ silenced by e2e-operator until .+ — “vendor outage, ticket 42”$/),
      expect.stringMatching(/ acknowledged by e2e-operator$/),
    ]);
    await expectAccessible(page, 'history with silence');
    await shoot(page, 'console-history-silence');

    // Every write carried the admin token as a Bearer header, and no URL ever held it.
    expect(writes.length).toBe(4);
    for (const write of writes) {
      expect(write.authorization).toBe(`Bearer ${ADMIN_TOKEN}`);
      expect(write.url).not.toContain(ADMIN_TOKEN);
    }
    expect(problems).toEqual([]);
  });

  it('replays a past document from the timeline and returns to live, the live client staying connected', async () => {
    // 24 h: the overview's own window, so replay shows the published document's figures.
    const { page, problems } = await open('/');
    await expect.poll(() => articleCount(page)).toBeGreaterThan(0);
    const before = await articleCount(page);
    // Publications are stored at most once a second; make sure the next one is a new moment.
    await page.waitForTimeout(1500);
    const past = new Date().toISOString();
    await page.waitForTimeout(1500);
    await ingestArticles(server.url, 'punch', 5);
    await expect.poll(() => articleCount(page), { timeout: 10_000 }).toBe(before + 5);

    // Clicking the timeline opens replay. At its right end, so a moment this young server
    // has stored (earlier ones answer 404, which the banner shows and the console logs).
    const slider = page.getByRole('slider', { name: 'Replay the status at' });
    const box = (await slider.boundingBox())!;
    await page.mouse.click(box.x + box.width - 2, box.y + box.height / 2);
    await expect.poll(() => new URL(page.url()).searchParams.has('at')).toBe(true);
    await page.getByTestId('replay-banner').waitFor();

    // A link to a moment shows that moment's numbers.
    const { page: replay } = await open(`/?at=${encodeURIComponent(past)}`);
    await replay.getByTestId('replay-banner').waitFor();
    expect(await replay.getByTestId('replay-banner').textContent()).toMatch(
      /^Viewing \d\d:\d\d(:\d\d)? — not live/,
    );
    await expect.poll(() => articleCount(replay), { timeout: 10_000 }).toBe(before);
    // Live updates keep arriving underneath: the connection stays real-time.
    expect(await replay.getByTestId('connection-label').textContent()).toContain('Real-time');
    await expectAccessible(replay, 'replay');
    await shoot(replay, 'console-replay');

    await replay.keyboard.press('Escape');
    await expect.poll(() => replay.getByTestId('replay-banner').count()).toBe(0);
    await expect.poll(() => articleCount(replay)).toBe(before + 5);
    expect(new URL(replay.url()).searchParams.has('at')).toBe(false);

    await page.getByRole('button', { name: 'Back to live' }).click();
    await expect.poll(() => articleCount(page)).toBe(before + 5);
    expect(problems).toEqual([]);
  });

  it('draws the 37 states, opens a state, and keeps the view in the address', async () => {
    const { page, problems } = await open('/?view=map&range=7d&token=read-token-1');
    // The token left the address bar for sessionStorage (issue #13 item 9).
    expect(new URL(page.url()).search).toBe('?view=map&range=7d');
    expect(await page.evaluate(() => sessionStorage.getItem('naija-monitor.token'))).toBe(
      'read-token-1',
    );
    await page.getByTestId('nigeria-map').waitFor();
    expect(await page.locator('path.map__state').count()).toBe(37);
    await expect.poll(() => page.getByTestId('states-table').locator('tbody tr').count()).toBe(37);
    await page.locator('path[data-state="Borno"]').click();
    await expect.poll(() => new URL(page.url()).searchParams.get('state')).toBe('Borno');
    await page.getByTestId('state-detail').waitFor();
    await expectAccessible(page, 'map');
    await shoot(page, 'console-map');
    expect(problems).toEqual([]);
  });

  it('drills down into a source from the sources table', async () => {
    const { page, problems } = await open('/');
    await page.getByRole('link', { name: 'Vanguard' }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('source')).toBe('vanguard');
    await page.getByTestId('source-detail').waitFor();
    expect(await page.getByTestId('run-strip').count()).toBe(1);
    expect(await page.getByRole('region', { name: 'Last errors' }).textContent()).toContain('503');
    await expectAccessible(page, 'source');
    await shoot(page, 'console-source');
    await page.goBack();
    await page.getByRole('region', { name: 'Sources' }).waitFor();

    // The quality series, where a drift's evidence links.
    await page.getByRole('link', { name: 'Quality' }).click();
    await page.getByTestId('quality-view').waitFor();
    await expect
      .poll(() => page.getByTestId('quality-table').locator('tbody tr').count())
      .toBeGreaterThan(0);
    await expectAccessible(page, 'quality');
    await shoot(page, 'console-quality');
    expect(problems).toEqual([]);
  });

  it('shows the alert history, the shortcuts, and works at 375 px in the light theme', async () => {
    const { page, problems } = await open('/?view=history');
    await page.getByRole('region', { name: 'Alert history · last 7 days' }).waitFor();
    await expect.poll(() => page.getByTestId('history-entry').count()).toBeGreaterThan(0);
    await expectAccessible(page, 'history');
    await shoot(page, 'console-history');

    await page.keyboard.press('?');
    await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
    await page.keyboard.press('Escape');
    expect(await page.getByRole('dialog').count()).toBe(0);

    // One light palette: the OS preference, an explicit choice against a dark OS, and the dark
    // default each resolve the same values.
    const palette = (page: Page) =>
      page.evaluate(() => {
        const css = getComputedStyle(document.documentElement);
        return ['--bg', '--text', '--map-b5', '--shadow'].map((name) =>
          css.getPropertyValue(name).trim(),
        );
      });
    const { page: phone } = await open('/', { width: 375, colorScheme: 'light' });
    const osLight = await palette(phone);
    expect(osLight.slice(0, 3)).toEqual(['#f3f5f9', '#1b2536', '#1d48a0']);
    expect(await palette(page)).toEqual([
      '#0a0f1c',
      '#e6ebf5',
      '#8fbaff',
      expect.stringMatching(/^0 1px 2px .+, 0 8px 24px .+/),
    ]);
    await page.evaluate(() => (document.documentElement.dataset.theme = 'light'));
    expect(await palette(page)).toEqual(osLight);
    await phone.getByRole('button', { name: /theme/ }).click();
    expect(await palette(phone)).not.toEqual(osLight);
    await phone.getByRole('button', { name: /theme/ }).click();
    expect(await phone.evaluate(() => document.documentElement.dataset.theme)).toBe('light');
    expect(await palette(phone)).toEqual(osLight);
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      375,
    );
    await phone.keyboard.press('/');
    await expect.poll(() => phone.evaluate(() => document.activeElement?.id)).toBe('source-filter');
    await expectAccessible(phone, 'phone light');
    await shoot(phone, 'console-phone-light');
    await phone.screenshot({ path: join(ARTIFACTS, 'console-phone-light-top.png') });

    // The map on a phone, in the light theme the toggle remembered.
    await phone.getByRole('link', { name: 'Map' }).click();
    await phone.getByTestId('nigeria-map').waitFor();
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      375,
    );
    await expectAccessible(phone, 'phone map');
    await phone.screenshot({ path: join(ARTIFACTS, 'console-phone-map.png') });
    expect(problems).toEqual([]);
  });
});
