import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Source } from '../config/sources';
import { parseFeed } from '../fetch/feed-parser';
import { FeedReplay } from './feed-replay';

const source = (id: string): Source => ({
  id,
  name: id,
  kind: 'rss',
  url: `https://${id}.example/feed`,
  priority: 1,
  enabled: true,
  expected_interval_seconds: 900,
});

// Three items one hour apart; the newest at 12:00 UTC.
const FEED = `<rss version="2.0"><channel><title>t</title>
<item><title>first</title><link>https://a.example/1</link><pubDate>Tue, 10 Mar 2026 10:00:00 GMT</pubDate></item>
<item><title>second</title><link>https://a.example/2</link><pubDate>Tue, 10 Mar 2026 11:00:00 GMT</pubDate></item>
<item><title>third</title><link>https://a.example/3?x=1</link><pubDate>Tue, 10 Mar 2026 12:00:00 GMT</pubDate></item>
</channel></rss>`;

function feedsDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'replay-'));
  mkdirSync(join(dir, 'glitches'));
  writeFileSync(join(dir, 'alpha.xml'), FEED);
  writeFileSync(join(dir, 'glitches', 'alpha-502.html'), '<html><body>502</body></html>');
  writeFileSync(
    join(dir, 'replay.json'),
    JSON.stringify({
      span_hours: 2,
      glitches: [
        { source: 'alpha', from_hour: 1, to_hour: 2, file: 'glitches/alpha-502.html' },
        { source: 'beta', from_hour: 0, to_hour: 1, file: null, note: 'down' },
      ],
    }),
  );
  writeFileSync(join(dir, 'beta.xml'), FEED);
  return dir;
}

async function entriesAt(replay: FeedReplay, runStartedAt: Date) {
  const fetched = await replay.read(source('alpha'));
  if (fetched.kind !== 'body') throw new Error('expected a body');
  return replay.transform(source('alpha'), parseFeed(fetched.body).entries, runStartedAt);
}

describe('FeedReplay', () => {
  it('in "all" mode serves every item, dated so the newest is now, untagged', async () => {
    const replay = await FeedReplay.open(feedsDir(), [source('alpha')], { mode: 'all' });
    const now = new Date('2030-01-01T00:00:00Z');
    const entries = await entriesAt(replay, now);
    expect(entries.map((e) => [e.title, e.publishedAt?.toISOString(), e.url])).toEqual([
      ['third', '2030-01-01T00:00:00.000Z', 'https://a.example/3?x=1'],
      ['second', '2029-12-31T23:00:00.000Z', 'https://a.example/2'],
      ['first', '2029-12-31T22:00:00.000Z', 'https://a.example/1'],
    ]);
    expect(entries.every((e) => e.edition === null)).toBe(true);
  });

  it('in "stepped" mode reveals an hour more per run, applies glitches, and starts a new pass', async () => {
    const replay = await FeedReplay.open(feedsDir(), [source('alpha'), source('beta')], {
      mode: 'stepped',
      passPrefix: 'p',
    });
    const now = new Date('2030-01-01T00:00:00Z');
    // Hour 0 (10:00 in sample time): only the first item is published.
    const hour0 = await entriesAt(replay, now);
    expect(hour0.map((e) => [e.title, e.publishedAt?.toISOString(), e.url, e.edition])).toEqual([
      ['first', '2030-01-01T00:00:00.000Z', 'https://a.example/1?replay=p.1', 'p.1'],
    ]);
    await expect(replay.read(source('beta'))).rejects.toMatchObject({ code: 'FETCH_TIMEOUT' });

    replay.advance();
    // Hour 1: alpha serves the 502 page of the timeline.
    const glitch = await replay.read(source('alpha'));
    expect(glitch).toMatchObject({ kind: 'body' });
    expect(() => parseFeed((glitch as { body: string }).body)).toThrow(/an HTML page/);

    replay.advance();
    expect((await entriesAt(replay, now)).map((e) => e.title)).toEqual([
      'third',
      'second',
      'first',
    ]);
    expect([replay.pass, replay.hour]).toEqual([1, 2]);

    replay.advance();
    expect([replay.pass, replay.hour]).toEqual([2, 0]);
    expect((await entriesAt(replay, now)).map((e) => e.url)).toEqual([
      'https://a.example/1?replay=p.2',
    ]);
  });
});
