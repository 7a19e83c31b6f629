import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/browser';
import { expectAccessible, numberIn, openConsole, shoot } from './support/console-page';
import { startMonitorServer, type MonitorServer } from './support/monitor-server';
import { ingestSourceRun, seedPipeline } from './support/pipeline-data';

/**
 * Issue #16 in chromium against the real server: every overview panel follows the time range
 * (1 h, 24 h, 7 d), and a replayed moment applies to the map and the source drill-down too,
 * then returns to live. Screenshots of each go to e2e/artifacts/.
 */

const HOUR_MS = 3_600_000;
let server: MonitorServer;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  server = await startMonitorServer();
  await seedPipeline(server.url);
  // Older activity, so the ranges differ: 3 articles 5 h ago (in 24 h, not in 1 h) and
  // 4 articles 3 days ago (in 7 d only).
  await ingestSourceRun(server.url, {
    sourceId: 'punch',
    startedMs: Date.now() - 5 * HOUR_MS,
    articles: 3,
  });
  await ingestSourceRun(server.url, {
    sourceId: 'channels',
    startedMs: Date.now() - 72 * HOUR_MS,
    articles: 4,
  });
  browser = await launchChromium();
});

afterEach(async () => {
  await Promise.all(contexts.splice(0).map((context) => context.close()));
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const open = (path: string, options: { width?: number } = {}) =>
  openConsole(browser, contexts, `${server.url}${path}`, options);

const articles = (page: Page) => numberIn(page, '[data-testid="overview-articles"] .tile__value');
const rangeLabel = (page: Page) => page.getByTestId('overview-range').textContent();
const bornoEvents = async (page: Page) => {
  const row = page
    .getByTestId('states-table')
    .locator('tbody tr')
    .filter({ has: page.getByRole('button', { name: 'Borno', exact: true }) });
  return Number(((await row.locator('td').first().textContent()) ?? '').replace(/[^0-9]/g, ''));
};
const runs = (page: Page) => page.locator('rect.run-strip__run').count();

/** A moment the server has stored a publication for, with nothing ingested since. */
async function pastMoment(page: Page): Promise<string> {
  // Publications are stored at most once a second: make sure the next one is a new moment.
  await page.waitForTimeout(1500);
  const past = new Date().toISOString();
  await page.waitForTimeout(1500);
  return past;
}

describe('Console range and replay in chromium', () => {
  it('changes the overview figures with the range, and labels every windowed panel', async () => {
    const { page, problems } = await open('/');
    await expect.poll(() => articles(page)).toBeGreaterThan(0);
    const day = await articles(page);
    expect(await rangeLabel(page)).toBe('last 24 h');

    const rangeButton = (name: string) =>
      page.getByRole('group', { name: 'Time range' }).getByRole('button', { name });
    await rangeButton('7 d').click();
    await expect.poll(() => rangeLabel(page)).toBe('last 7 d');
    await expect.poll(() => articles(page)).toBe(day + 4);
    expect(new URL(page.url()).searchParams.get('range')).toBe('7d');
    expect(await page.getByRole('region', { name: 'Sources' }).textContent()).toContain('last 7 d');
    expect(await page.getByRole('region', { name: 'Data quality' }).textContent()).toContain(
      'last 7 d',
    );
    await expectAccessible(page, 'overview 7 d');
    await shoot(page, 'console-range-7d');

    await rangeButton('1 h').click();
    await expect.poll(() => rangeLabel(page)).toBe('last 1 h');
    await expect.poll(() => articles(page)).toBe(day - 3);
    await expectAccessible(page, 'overview 1 h');
    await shoot(page, 'console-range-1h');

    // A link keeps the range; on a phone too.
    const { page: phone } = await open('/?range=7d', { width: 375 });
    await expect.poll(() => articles(phone)).toBe(day + 4);
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      375,
    );
    await shoot(phone, 'console-range-7d-phone');
    expect(problems).toEqual([]);
  });

  it('replays the map and the source drill-down at a past moment, then returns to live', async () => {
    const { page: map, problems } = await open('/?view=map');
    await expect.poll(() => bornoEvents(map)).toBeGreaterThan(0);
    const before = await bornoEvents(map);
    const { page: source } = await open('/?view=source&source=punch');
    await expect.poll(() => runs(source)).toBeGreaterThan(0);
    const runsBefore = await runs(source);

    const past = await pastMoment(map);
    await ingestSourceRun(server.url, {
      sourceId: 'punch',
      startedMs: Date.now(),
      articles: 2,
      events: 2,
      state: 'Borno',
    });
    // Live views follow the new run.
    await expect.poll(() => bornoEvents(map), { timeout: 10_000 }).toBe(before + 2);
    await expect.poll(() => runs(source), { timeout: 10_000 }).toBe(runsBefore + 1);

    // The same views at the past moment show the numbers of then.
    const at = encodeURIComponent(past);
    const { page: replayMap } = await open(`/?view=map&at=${at}`);
    await replayMap.getByTestId('replay-banner').waitFor();
    await expect.poll(() => bornoEvents(replayMap), { timeout: 10_000 }).toBe(before);
    expect(
      await replayMap.getByRole('heading', { name: /^Events per state · 24 h to / }).count(),
    ).toBe(1);
    await expectAccessible(replayMap, 'replayed map');
    await shoot(replayMap, 'console-replay-map');

    const { page: replaySource } = await open(`/?view=source&source=punch&at=${at}`);
    await replaySource.getByTestId('replay-banner').waitFor();
    await expect.poll(() => runs(replaySource), { timeout: 10_000 }).toBe(runsBefore);
    expect(await replaySource.getByRole('heading', { name: /^Runs · 24 h to / }).count()).toBe(1);
    await expectAccessible(replaySource, 'replayed source');
    await shoot(replaySource, 'console-replay-source');

    const { page: replayQuality } = await open(`/?view=quality&at=${at}`);
    await replayQuality.getByTestId('quality-table').waitFor();
    expect(
      await replayQuality.getByRole('heading', { name: /^Quality series · 24 h to / }).count(),
    ).toBe(1);
    await expectAccessible(replayQuality, 'replayed quality');
    await shoot(replayQuality, 'console-replay-quality');

    // Back to live: the newer numbers again, and the address loses `at`.
    await replayMap.getByRole('button', { name: 'Back to live' }).click();
    await expect.poll(() => bornoEvents(replayMap)).toBe(before + 2);
    expect(new URL(replayMap.url()).searchParams.has('at')).toBe(false);
    await replaySource.keyboard.press('Escape');
    await expect.poll(() => runs(replaySource)).toBe(runsBefore + 1);
    expect(problems).toEqual([]);
  });
});
