import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { missingSystemTool } from '../testing/system-dependencies';
import { ARTIFACTS, launchChromium, openPage } from './support/browser';
import { startMonitorServer, type MonitorServer } from './support/monitor-server';
import { ingestArticles, seedPipeline } from './support/pipeline-data';
import { startTransportGate, type TransportGate } from './support/transport-gate';

/**
 * Client settings the gate appends to the server's /config.js, as an operator could: quick
 * backoff and probes, so falling back and coming back take seconds. The order (WebSocket, SSE,
 * polling), the 5 attempts and the state machine are the client's defaults.
 */
const FAST_CLIENT = {
  reconnectBaseDelayMs: 200,
  reconnectMaxDelayMs: 1000,
  probeIntervalMs: 2000,
  pollIntervalMs: 1000,
};

let server: MonitorServer;
let gate: TransportGate;
let browser: Browser;
const contexts: BrowserContext[] = [];
/** Why these tests cannot run here (no chromium), or null; with CI=true a missing one throws. */
const noChromium = missingSystemTool('e2e: dashboard in chromium', 'chromium');

beforeAll(async () => {
  if (noChromium) return;
  server = await startMonitorServer();
  await seedPipeline(server.url);
  gate = await startTransportGate(server.url, { dashboardConfig: FAST_CLIENT });
  browser = await launchChromium();
});

// Each test's pages go away with it: live pages left open would load the two cores.
afterEach(async () => {
  await Promise.all(contexts.splice(0).map((context) => context.close()));
});

afterAll(async () => {
  await browser?.close();
  await gate?.close();
  await server?.close();
});

const openDashboard = (
  url: string,
  options: { width?: number; height?: number; colorScheme?: 'dark' | 'light' } = {},
) => openPage(browser, contexts, url, options);

const connectionLabel = (page: Page) => page.getByTestId('connection-label').textContent();

async function articleCount(page: Page): Promise<number> {
  const text = await page.getByTestId('overview-articles').locator('.tile__value').textContent();
  return Number((text ?? '').replace(/[^0-9]/g, ''));
}

describe.skipIf(noChromium)('Pipeline Monitor in chromium', () => {
  it('shows "Real-time Updates" over WebSocket with the figures the server computed, under the strict CSP', async () => {
    const response = await fetch(`${gate.url}/`);
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");

    const { page, problems } = await openDashboard(`${gate.url}/`);
    await expect
      .poll(() => connectionLabel(page), { timeout: 20_000 })
      .toBe('Real-time Updates via WebSocket');

    // Figures from the seeded rows (six sources, one failing, 30 articles, timed stages).
    await expect.poll(() => page.getByTestId('overview-sources').textContent()).toContain('6 / 6');
    expect(await articleCount(page)).toBe(30);
    expect(await page.getByTestId('source-vanguard').textContent()).toContain('Failing');
    expect(await page.getByTestId('stage-collection').textContent()).toContain('14.2 s');
    expect(await page.getByTestId('stage-extraction').textContent()).toContain('41.8 s');
    expect(await page.getByTestId('quality-geocoding').textContent()).toMatch(/\d+\.\d%/);
    expect(await page.locator('.trend canvas').count()).toBe(1);
    expect(await page.getByTestId('monitor-connections').textContent()).toMatch(
      /Live connections[1-9]/,
    );

    // Data freshness counts whole seconds since the last update and stays fresh while live.
    expect(await page.getByTestId('freshness').textContent()).toMatch(/^\d+ s ago$/);
    await page.waitForTimeout(2500);
    expect(
      Number((await page.getByTestId('freshness').textContent())?.split(' ')[0]),
    ).toBeLessThanOrEqual(3);

    // The tab says it too, for an operator looking at another tab: the title names the health
    // and the firing alerts, the icon takes the health's colour and a dot while alerts fire.
    const title = await page.title();
    const [, firing, health] =
      /^(\(\d+ firing\) )?(Healthy|Degraded|Unhealthy|Unknown) · Pipeline Monitor$/.exec(title) ??
      [];
    expect(health, title).toBeDefined();
    const icon = await page.locator('link[rel="icon"]').getAttribute('href');
    expect(icon).toMatch(/^data:image\/svg\+xml,/);
    const svg = decodeURIComponent(icon!.slice('data:image/svg+xml,'.length));
    const colour = {
      Healthy: '#34d399',
      Degraded: '#fbbf24',
      Unhealthy: '#f87171',
      Unknown: '#a3b0c5',
    };
    expect(svg).toContain(`stroke="${colour[health as keyof typeof colour]}"`);
    expect(svg.includes('<circle')).toBe(firing !== undefined);

    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-desktop.png'), fullPage: true });
    expect(problems).toEqual([]);
  });

  it('shows an ingested change without a reload, within a second or so', async () => {
    const { page } = await openDashboard(`${gate.url}/`);
    await expect
      .poll(() => connectionLabel(page), { timeout: 20_000 })
      .toBe('Real-time Updates via WebSocket');
    await expect.poll(() => articleCount(page)).toBeGreaterThan(0);
    await page.evaluate(() => {
      (window as unknown as { marker: string }).marker = 'same document';
    });
    const before = await articleCount(page);

    const postedAt = Date.now();
    await ingestArticles(server.url, 'punch', 7);
    await expect.poll(() => articleCount(page), { timeout: 10_000, interval: 50 }).toBe(before + 7);
    const latencyMs = Date.now() - postedAt;

    expect(await page.evaluate(() => (window as unknown as { marker?: string }).marker)).toBe(
      'same document',
    );
    // The server pushes on change (well under a second on an idle machine); the bound is loose
    // because this machine is shared, but far below the 1 s broadcast interval plus polling.
    expect(latencyMs).toBeLessThan(5000);
    console.info(`[e2e] ingest to screen: ${latencyMs} ms`);
  });

  it('falls back to SSE, then "Polling Mode" while blocked, keeps updating, and returns to WebSocket', async () => {
    const { page } = await openDashboard(`${gate.url}/`);
    await expect
      .poll(() => connectionLabel(page), { timeout: 20_000 })
      .toBe('Real-time Updates via WebSocket');

    try {
      // A proxy that refuses WebSocket: SSE still streams, and that is still real time.
      gate.block({ websocket: true });
      await expect
        .poll(() => connectionLabel(page), { timeout: 30_000 })
        .toBe('Real-time Updates via Server-Sent Events');

      // No streaming at all: HTTP polling.
      gate.block({ websocket: true, sse: true });
      await expect
        .poll(() => connectionLabel(page), { timeout: 45_000 })
        .toBe('Polling Mode via HTTP polling');

      const before = await articleCount(page);
      await ingestArticles(server.url, 'channels', 3);
      await expect.poll(() => articleCount(page), { timeout: 15_000 }).toBe(before + 3);
      expect(await connectionLabel(page)).toBe('Polling Mode via HTTP polling');
      await page.screenshot({ path: join(ARTIFACTS, 'dashboard-polling.png') });
    } finally {
      gate.unblock();
    }

    // The client's probe finds WebSocket again by itself.
    await expect
      .poll(() => connectionLabel(page), { timeout: 30_000 })
      .toBe('Real-time Updates via WebSocket');
  });

  it('kiosk mode (?kiosk) hides the controls, stays across view changes, and Esc leaves it', async () => {
    const { page } = await openDashboard(`${gate.url}/?view=map&kiosk`);
    await expect
      .poll(() => page.getByTestId('states-table').isVisible(), { timeout: 20_000 })
      .toBe(true);
    expect(await page.getByTestId('overall-status').isVisible()).toBe(true);
    expect(await page.getByRole('button', { name: 'Refresh' }).isVisible()).toBe(false);
    expect(await page.getByRole('link', { name: 'Map' }).isVisible()).toBe(false);
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-kiosk.png') });

    // Choosing a state changes the view in the address; kiosk mode stays there.
    await page.getByTestId('states-table').getByRole('button', { name: 'Borno' }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('state')).toBe('Borno');
    expect(new URL(page.url()).searchParams.has('kiosk')).toBe(true);
    expect(await page.getByRole('button', { name: 'Refresh' }).isVisible()).toBe(false);

    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByRole('button', { name: 'Refresh' }).isVisible()).toBe(true);
    expect(new URL(page.url()).searchParams.has('kiosk')).toBe(false);
    expect(new URL(page.url()).searchParams.get('view')).toBe('map');
  });

  it('sorts the sources table from the keyboard', async () => {
    const { page } = await openDashboard(`${gate.url}/`);
    await expect
      .poll(() => page.locator('[data-testid^="source-"]').count(), { timeout: 20_000 })
      .toBe(6);
    const header = page.getByRole('columnheader', { name: /^Success rate/ });
    await header.getByRole('button').focus();
    await page.keyboard.press('Enter');
    expect(await header.getAttribute('aria-sort')).toBe('ascending');
    expect(await page.locator('.table--sources tbody tr').first().getAttribute('data-testid')).toBe(
      'source-vanguard',
    );
    await page.keyboard.press('Space');
    expect(await header.getAttribute('aria-sort')).toBe('descending');
    expect(
      await page.locator('.table--sources tbody tr').first().getAttribute('data-testid'),
    ).not.toBe('source-vanguard');
  });

  it('fits a 375 px phone screen without sideways scrolling of the page', async () => {
    const { page } = await openDashboard(`${gate.url}/`, { width: 375, height: 812 });
    await expect
      .poll(() => connectionLabel(page), { timeout: 20_000 })
      .toBe('Real-time Updates via WebSocket');
    await expect.poll(() => page.locator('[data-testid^="source-"]').count()).toBeGreaterThan(0);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      375,
    );
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-phone.png'), fullPage: true });
  });

  it('shows skeletons while the API is slow, and the data moves nothing when it arrives', async () => {
    const slowGate = await startTransportGate(server.url);
    try {
      slowGate.hold();
      const context = await browser.newContext({
        viewport: { width: 1440, height: 900 },
        colorScheme: 'light',
      });
      contexts.push(context);
      const page = await context.newPage();
      await page.addInitScript(() => {
        const shifts = { total: 0 };
        (window as unknown as { layoutShift: typeof shifts }).layoutShift = shifts;
        new PerformanceObserver((list) => {
          for (const entry of list.getEntries() as unknown as Array<{
            value: number;
            hadRecentInput: boolean;
          }>) {
            if (!entry.hadRecentInput) shifts.total += entry.value;
          }
        }).observe({ type: 'layout-shift', buffered: true });
      });
      await page.goto(`${slowGate.url}/`);
      await page.locator('section.panel').first().waitFor();
      expect(await page.locator('section.panel[aria-busy="true"]').count()).toBe(8);
      await page.screenshot({ path: join(ARTIFACTS, 'dashboard-loading.png') });
      slowGate.release();

      await expect
        .poll(() => connectionLabel(page), { timeout: 20_000 })
        .toBe('Real-time Updates via WebSocket');
      await expect.poll(() => page.locator('section.panel[aria-busy="true"]').count()).toBe(0);
      await page.waitForTimeout(500);
      const shift = await page.evaluate(
        () => (window as unknown as { layoutShift: { total: number } }).layoutShift.total,
      );
      // "Good" cumulative layout shift is below 0.1; the skeletons keep it near zero.
      expect(shift).toBeLessThan(0.02);
      console.info(`[e2e] cumulative layout shift while loading: ${shift.toFixed(4)}`);
      await page.screenshot({ path: join(ARTIFACTS, 'dashboard-light.png'), fullPage: true });
    } finally {
      await slowGate.close();
    }
  });
});

describe.skipIf(noChromium)('Pipeline Monitor against a server that requires a token', () => {
  let secured: MonitorServer;

  beforeAll(async () => {
    secured = await startMonitorServer({ authTokens: ['e2e-token'] });
  });

  afterAll(async () => {
    await secured?.close();
  });

  it('says it is unauthorized without a token, and connects with one', async () => {
    const denied = await openDashboard(`${secured.url}/`);
    await expect.poll(() => connectionLabel(denied.page), { timeout: 20_000 }).toBe('Disconnected');
    expect(await denied.page.getByRole('alert').textContent()).toContain('Unauthorized');
    await denied.page.screenshot({ path: join(ARTIFACTS, 'dashboard-unauthorized.png') });

    const allowed = await openDashboard(`${secured.url}/?token=e2e-token`);
    await expect
      .poll(() => connectionLabel(allowed.page), { timeout: 20_000 })
      .toBe('Real-time Updates via WebSocket');
    expect(await allowed.page.getByTestId('status-banner').count()).toBe(0);
  });
});
