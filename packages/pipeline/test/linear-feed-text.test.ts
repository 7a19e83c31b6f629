import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  canonicalUrl,
  contentHash,
  stableUuid,
  withoutPostBoilerplate,
} from '../src/articles/article-identity';
import { parseFeed, parseFeedDate } from '../src/fetch/feed-parser';
import { htmlToText } from '../src/fetch/html-text';
import { storedErrorText } from '../src/run/stored-text';

// Every function of fetch/ and articles/ that reads feed text runs on 200 KB built to make a
// backtracking pattern rescan the rest of the input from each position. The quadratic versions
// took tens of seconds on these (50 KB of `<`: 1.6 s; 200 KB: about 26 s); a linear one takes
// milliseconds. The budget is far above the linear time even on a loaded 2-core machine, so it
// can only fail on super-linear behaviour.
const SIZE = 200_000;
const BUDGET_MS = 1000;

const repeat = (unit: string) => unit.repeat(Math.ceil(SIZE / unit.length)).slice(0, SIZE);

const HOSTILE: Record<string, string> = {
  '<': repeat('<'),
  '<p': repeat('<p'),
  '</p': repeat('</p'),
  '<script': repeat('<script'),
  '<style>': repeat('<style>'),
  '<![CDATA[': repeat('<![CDATA['),
  '&lt;': repeat('&lt;'),
  '&#': repeat('&#'),
  '&': repeat('&'),
  '<title ': repeat('<title '),
  'The post ': repeat('The post '),
  'The post  appeared first on ': repeat('The post appeared first on '),
  digits: repeat('1234567890'),
  'spaces then x': `${' \t\n'.repeat(SIZE / 3)}x`,
  'A-': repeat('A-'),
};

// Each text function, given hostile text where a feed would put it.
const FUNCTIONS: Record<string, (text: string) => unknown> = {
  htmlToText,
  withoutPostBoilerplate,
  contentHash: (text) => contentHash(text, text),
  canonicalUrl: (text) => canonicalUrl(`https://example.com/${text}?${text}#${text}`),
  stableUuid: (text) => stableUuid('article', text),
  parseFeedDate,
  storedErrorText,
  'parseFeed (HTML page)': (text) => catching(() => parseFeed(`<!doctype html><html>${text}`)),
  'parseFeed (XML text)': (text) => catching(() => parseFeed(rssWith(escapeXml(text)))),
  'parseFeed (CDATA)': (text) =>
    catching(() => parseFeed(rssWith(`<![CDATA[${text.replaceAll(']]>', '')}]]>`))),
  'parseFeed (raw body)': (text) => catching(() => parseFeed(text)),
};

// The budget grows with what a function is given. parseFeed validates and parses a whole XML
// document (fast-xml-parser, linear: about 0.3 s for 200 KB of `<` escaped to 800 KB of
// `&lt;`, 0.6 s for twice that), and escaping makes its input up to 5 times as long: 3 s.
// canonicalUrl gets the text three times (path, query, fragment), contentHash twice.
const budgetMs = (fn: string) =>
  fn.startsWith('parseFeed') || fn === 'canonicalUrl'
    ? 3 * BUDGET_MS
    : fn === 'contentHash'
      ? 2 * BUDGET_MS
      : BUDGET_MS;

function rssWith(description: string): string {
  return (
    '<rss version="2.0"><channel><title>t</title><item><title>x</title>' +
    `<link>https://example.com/a</link><description>${description}</description>` +
    `<pubDate>${description.slice(0, 1000)}</pubDate></item></channel></rss>`
  );
}

function escapeXml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

function catching(run: () => unknown): unknown {
  try {
    return run();
  } catch (error) {
    return error; // a refusal is fine: only the time matters here
  }
}

function elapsedMs(run: () => unknown): number {
  const started = performance.now();
  run();
  return performance.now() - started;
}

describe('feed text functions on hostile 200 KB input', () => {
  for (const [fn, run] of Object.entries(FUNCTIONS)) {
    it.each(Object.keys(HOSTILE))(`${fn}: %s`, (name) => {
      expect(elapsedMs(() => run(HOSTILE[name]!))).toBeLessThan(budgetMs(fn));
    });
  }

  it('stay within the budget on generated mixes of tag, entity and boilerplate fragments', () => {
    const fragment = fc.constantFrom(
      '<',
      '>',
      '<p',
      '</p>',
      '<script',
      '</script>',
      '<![CDATA[',
      ']]>',
      '&lt;',
      '&amp',
      '&#',
      ';',
      '<title ',
      'The post ',
      ' appeared first on ',
      '7',
      'a',
      ' ',
      '\n',
      'İ',
    );
    fc.assert(
      fc.property(
        fc.array(fragment, { minLength: 20_000, maxLength: 20_000 }),
        fc.string({ unit: 'grapheme', minLength: 0, maxLength: 50 }),
        (parts, noise) => {
          const text = (parts.join('') + noise).slice(0, SIZE);
          for (const [fn, run] of Object.entries(FUNCTIONS)) {
            expect(
              elapsedMs(() => run(text)),
              fn,
            ).toBeLessThan(budgetMs(fn));
          }
        },
      ),
      { numRuns: 5 },
    );
  });
});
