import { describe, expect, it } from 'vitest';
import { FeedParseError } from '../errors';
import { MAX_ENTRY_TEXT_CHARS, MAX_FEED_ENTRIES, MAX_QUOTED_TITLE_CHARS } from './feed-limits';
import { parseFeed, parseFeedDate } from './feed-parser';

const RSS = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel>
    <title>Punch Newspapers</title>
    <link>https://punchng.com</link>
    <item>
      <title>Gunmen kill 12 in Plateau &amp; burn houses</title>
      <link>https://punchng.com/gunmen-kill-12-in-plateau/</link>
      <guid isPermaLink="false">https://punchng.com/?p=1001</guid>
      <pubDate>Mon, 02 Mar 2026 08:10:00 +0100</pubDate>
      <description><![CDATA[<p>Gunmen on Sunday night attacked <strong>Hurum</strong> village&nbsp;in Bokkos.</p><p>The post appeared first on Punch.</p>]]></description>
    </item>
    <item>
      <title>Item with only a permalink guid</title>
      <guid>https://punchng.com/permalink-only/</guid>
      <pubDate>Mon, 02 Mar 2026 09:00:00 WAT</pubDate>
    </item>
    <item>
      <title>Item with no link at all</title>
      <description>Should be counted as invalid.</description>
    </item>
    <item>
      <link>https://punchng.com/no-title/</link>
    </item>
  </channel>
</rss>`;

const ATOM = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title type="text">HumAngle</title>
  <id>https://humanglemedia.com/</id>
  <entry>
    <title type="html">Inside the &lt;em&gt;Lake Chad&lt;/em&gt; fishing economy</title>
    <link rel="alternate" type="text/html" href="https://humanglemedia.com/lake-chad-fishing/"/>
    <link rel="replies" href="https://humanglemedia.com/lake-chad-fishing/#comments"/>
    <id>https://humanglemedia.com/?p=55</id>
    <updated>2026-03-05T10:00:00Z</updated>
    <published>2026-03-05T09:00:00+01:00</published>
    <summary type="html">Fishermen in Baga describe &lt;b&gt;levies&lt;/b&gt; imposed by insurgents.</summary>
  </entry>
  <entry>
    <title>Second entry, id only</title>
    <id>https://humanglemedia.com/second/</id>
    <updated>2026-03-04T10:00:00Z</updated>
    <content type="html">&lt;p&gt;Body text.&lt;/p&gt;</content>
  </entry>
</feed>`;

const RDF = `<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="https://allafrica.com/nigeria/"><title>AllAfrica: Nigeria</title></channel>
  <item rdf:about="https://allafrica.com/stories/202603050001.html">
    <title>Nigeria: Troops Rescue 25 Hostages</title>
    <link>https://allafrica.com/stories/202603050001.html</link>
    <description>Troops rescued 25 hostages in Borno.</description>
    <dc:date>2026-03-05T07:00:00Z</dc:date>
  </item>
</rdf:RDF>`;

describe('parseFeed', () => {
  it('reads RSS 2.0 items: link, guid, date, and the description as plain text', () => {
    const feed = parseFeed(RSS);
    expect(feed.format).toBe('rss');
    expect(feed.title).toBe('Punch Newspapers');
    expect(feed.entries).toHaveLength(2);
    expect(feed.invalidEntries).toBe(2);
    const [first, second] = feed.entries;
    expect(first).toEqual({
      guid: 'https://punchng.com/?p=1001',
      url: 'https://punchng.com/gunmen-kill-12-in-plateau/',
      title: 'Gunmen kill 12 in Plateau & burn houses',
      summary:
        'Gunmen on Sunday night attacked Hurum village in Bokkos. The post appeared first on Punch.',
      publishedAt: new Date('2026-03-02T07:10:00Z'),
    });
    // A permalink guid stands in for a missing <link>; WAT is UTC+1.
    expect(second?.url).toBe('https://punchng.com/permalink-only/');
    expect(second?.publishedAt).toEqual(new Date('2026-03-02T08:00:00Z'));
  });

  it('reads Atom entries: the alternate link, published before updated, HTML titles as text', () => {
    const feed = parseFeed(ATOM);
    expect(feed.format).toBe('atom');
    expect(feed.title).toBe('HumAngle');
    expect(feed.entries).toHaveLength(2);
    expect(feed.entries[0]).toEqual({
      guid: 'https://humanglemedia.com/?p=55',
      url: 'https://humanglemedia.com/lake-chad-fishing/',
      title: 'Inside the Lake Chad fishing economy',
      summary: 'Fishermen in Baga describe levies imposed by insurgents.',
      publishedAt: new Date('2026-03-05T08:00:00Z'),
    });
    expect(feed.entries[1]).toMatchObject({
      url: 'https://humanglemedia.com/second/',
      summary: 'Body text.',
    });
  });

  it('reads RSS 1.0 (RDF), as AllAfrica publishes', () => {
    const feed = parseFeed(RDF);
    expect(feed.format).toBe('rdf');
    expect(feed.entries).toEqual([
      {
        guid: null,
        url: 'https://allafrica.com/stories/202603050001.html',
        title: 'Nigeria: Troops Rescue 25 Hostages',
        summary: 'Troops rescued 25 hostages in Borno.',
        publishedAt: new Date('2026-03-05T07:00:00Z'),
      },
    ]);
  });

  it('gives an empty channel as a feed with no entries, not an error', () => {
    const feed = parseFeed('<rss version="2.0"><channel><title>Quiet</title></channel></rss>');
    expect(feed.entries).toEqual([]);
    expect(feed.invalidEntries).toBe(0);
  });

  it('fails on malformed XML with the line and column of the error', () => {
    const truncated = RSS.slice(0, RSS.indexOf('</item>') + 30);
    const error = catchError(() => parseFeed(truncated));
    expect(error).toBeInstanceOf(FeedParseError);
    expect(error).toMatchObject({ code: 'FEED_MALFORMED' });
    expect((error as Error).message).toMatch(/not well-formed XML at line \d+, column \d+/);
  });

  it('fails on mismatched tags and on an empty body', () => {
    expect(
      catchError(() => parseFeed('<rss><channel><item><title>x</title></channel></rss>')),
    ).toMatchObject({
      code: 'FEED_MALFORMED',
    });
    expect(catchError(() => parseFeed('   '))).toMatchObject({ code: 'FEED_MALFORMED' });
  });

  it('tells an HTML error page or other XML apart from a feed', () => {
    const html =
      '<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>';
    const error = catchError(() => parseFeed(html));
    expect(error).toMatchObject({ code: 'FEED_NOT_A_FEED' });
    expect((error as Error).message).toBe('an HTML page ("502 Bad Gateway") instead of a feed');
    // Not well-formed HTML (an unclosed <hr>) is still an HTML page, not "malformed XML".
    const nginx =
      '<html>\n<head><title>502 Bad Gateway</title></head>\n<body>\n<hr><center>nginx</center>\n</body>\n</html>';
    expect(catchError(() => parseFeed(nginx))).toMatchObject({ code: 'FEED_NOT_A_FEED' });
    expect(
      catchError(() => parseFeed('<!DOCTYPE html><html><body>maintenance</body></html>')),
    ).toMatchObject({
      code: 'FEED_NOT_A_FEED',
      message: 'an HTML page instead of a feed',
    });
    expect(
      catchError(() => parseFeed('<svg xmlns="http://www.w3.org/2000/svg"></svg>')),
    ).toMatchObject({
      code: 'FEED_NOT_A_FEED',
      message: expect.stringContaining('<svg>'),
    });
    expect(catchError(() => parseFeed('<rss version="2.0"></rss>'))).toMatchObject({
      code: 'FEED_NOT_A_FEED',
    });
  });
});

describe('parseFeed on hostile feeds', () => {
  const item = (n: number, description = 'text') =>
    `<item><title>Story ${n}</title><link>https://example.com/${n}</link><description>${description}</description></item>`;
  const rss = (items: string) =>
    `<rss version="2.0"><channel><title>t</title>${items}</channel></rss>`;

  it(`reads the first ${MAX_FEED_ENTRIES} items and counts the rest`, () => {
    const items = Array.from({ length: MAX_FEED_ENTRIES + 37 }, (_, i) => item(i)).join('');
    const feed = parseFeed(rss(items));
    expect(feed.entries).toHaveLength(MAX_FEED_ENTRIES);
    expect(feed.entries[0]!.title).toBe('Story 0');
    expect(feed.overflowEntries).toBe(37);
  });

  it(`cuts each item's text to ${MAX_ENTRY_TEXT_CHARS} characters before reading it`, () => {
    const long = 'word '.repeat(10_000); // 50 000 characters
    const feed = parseFeed(rss(item(1, `<![CDATA[<p>${long}</p>]]>`)));
    const summary = feed.entries[0]!.summary!;
    expect(summary.length).toBeLessThanOrEqual(MAX_ENTRY_TEXT_CHARS);
    expect(summary.length).toBeGreaterThan(MAX_ENTRY_TEXT_CHARS - 10);
    expect(summary.startsWith('word word')).toBe(true);
  });

  it("quotes an HTML page's title cut short, and finds it without a regex", () => {
    const page = (title: string) =>
      `<!doctype html><html><head><title>${title}</title></head></html>`;
    const message = (body: string) => (catchError(() => parseFeed(body)) as Error).message;
    expect(message(page('x'.repeat(5000)))).toBe(
      `an HTML page ("${'x'.repeat(MAX_QUOTED_TITLE_CHARS)}") instead of a feed`,
    );
    expect(message(page('Internal &amp; <b>admin</b>'))).toBe(
      'an HTML page ("Internal & admin") instead of a feed',
    );
    expect(message('<html><TITLE lang="en">Upper</TITLE>')).toContain('("Upper")');
    expect(message('<html><titles>no</titles><title>yes</title>')).toContain('("yes")');
    expect(message('<html><title ')).toBe('an HTML page instead of a feed');
  });
});

describe('parseFeedDate', () => {
  it.each([
    ['Mon, 02 Mar 2026 08:10:00 +0100', '2026-03-02T07:10:00.000Z'],
    ['Mon, 02 Mar 2026 08:10:00 GMT', '2026-03-02T08:10:00.000Z'],
    ['Mon, 02 Mar 2026 08:10:00 WAT', '2026-03-02T07:10:00.000Z'],
    ['2026-03-05T09:00:00+01:00', '2026-03-05T08:00:00.000Z'],
    ['2026-03-05T09:00:00Z', '2026-03-05T09:00:00.000Z'],
  ])('reads %s', (input, iso) => {
    expect(parseFeedDate(input)?.toISOString()).toBe(iso);
  });

  it('gives null for an unreadable date rather than guessing', () => {
    expect(parseFeedDate('yesterday afternoon')).toBeNull();
    expect(parseFeedDate(null)).toBeNull();
  });
});

function catchError(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}
