import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { eventDateFromText } from '../src/extract/event-date';
import { parseCount } from '../src/extract/number-words';
import * as patterns from '../src/extract/patterns';
import { extractWithRules } from '../src/extract/rule-extractor';
import { Gazetteer } from '../src/geo/gazetteer';
import { Geocoder } from '../src/geo/geocoder';
import { placeKey } from '../src/geo/place-name';

// Every function of extract/ and geo/ that reads article text, and every pattern they use, must
// take time linear in the text: an outlet (or whoever controls its feed) chooses that text. A
// pattern that restarts an unbounded scan at every position ("[A-Z][\w-]+" after each "\b",
// "\d+" with no anchor) takes tens of seconds on 200 KB of "A-A-A-" or digits; a linear one takes
// milliseconds. The budget below is generous (machines are shared and slow), far from both.
const SIZE = 200_000;
const BUDGET_MS = 2_000;

const fill = (unit: string): string => unit.repeat(Math.ceil(SIZE / unit.length)).slice(0, SIZE);

const CRAFTED: Record<string, string> = {
  'A-': fill('A-'),
  'a-': fill('a-'),
  digits: fill('1'),
  'digits, commas': fill('1,'),
  'digits and spaces': fill('1 '),
  '<p': fill('<p'),
  'The post ': fill('The post '),
  'Capitalised words': fill('Kaduna Zaria '),
  'killed ': fill('killed '),
  'death toll ': fill('death toll '),
  'a ': fill('a '),
  'claim ': fill('claim '),
};

// Words the patterns look for, so generated strings reach deep into them.
const TOKENS = [
  'A',
  '-',
  ' ',
  '1',
  ',',
  '.',
  'a',
  'killed',
  'people',
  'village',
  'Kaduna',
  'State',
  'LGA',
  'death toll',
  'rose to',
  'two',
  'hundred',
  'and',
  'at least',
  'gunmen',
  "'",
  '’',
  'were',
  'injured',
  'March',
  '12',
  'of',
  'Zaria',
  'community',
  'in',
  'the',
  'troops',
  'claimed',
];

/** The text functions, each given the whole text. */
const FUNCTIONS: Record<string, (text: string) => unknown> = {
  extractWithRules: (text) =>
    extractWithRules({
      title: text.slice(0, 1000),
      summary: text,
      publishedAt: new Date('2026-03-09T10:00:00Z'),
      fetchedAt: new Date('2026-03-09T10:00:00Z'),
    }),
  eventDateFromText: (text) => eventDateFromText(text.toLowerCase(), '2026-03-09'),
  parseCount: (text) => parseCount(text),
  'Geocoder.geocode': (text) => new Geocoder().geocode({ text, placeHint: text.slice(0, 500) }),
  'Gazetteer.scan': (text) => new Gazetteer().scan(text),
  placeKey: (text) => placeKey(text),
};

// Every exported pattern of patterns.ts, run over the whole text as the extractor would.
function allPatterns(): Array<[string, RegExp]> {
  const found: Array<[string, RegExp]> = [];
  for (const [name, value] of Object.entries(patterns)) {
    if (value instanceof RegExp) found.push([name, value]);
    else if (Array.isArray(value)) {
      for (const rule of value as ReadonlyArray<ReadonlyArray<unknown>>) {
        const regex = rule.find((part): part is RegExp => part instanceof RegExp);
        const label = rule.filter((part) => typeof part === 'string').join('/');
        if (regex) found.push([`${name}:${label}`, regex]);
      }
    }
  }
  return found;
}

function elapsedMs(run: () => unknown): number {
  const start = performance.now();
  run();
  return performance.now() - start;
}

describe('text functions on 200 KB of hostile input', () => {
  it('finds the patterns to test', () => {
    expect(allPatterns().length).toBeGreaterThan(20);
  });

  for (const [inputName, input] of Object.entries(CRAFTED)) {
    it(`every function and pattern is linear on "${inputName}"`, () => {
      const slow: string[] = [];
      for (const [name, fn] of Object.entries(FUNCTIONS)) {
        const ms = elapsedMs(() => fn(input));
        if (ms > BUDGET_MS) slow.push(`${name}: ${Math.round(ms)} ms`);
      }
      for (const [name, regex] of allPatterns()) {
        const global = new RegExp(
          regex.source,
          regex.flags.includes('g') ? regex.flags : `${regex.flags}g`,
        );
        for (const text of [input, input.toLowerCase()]) {
          const ms = elapsedMs(() => [...text.matchAll(global)].length);
          if (ms > BUDGET_MS) slow.push(`${name}: ${Math.round(ms)} ms`);
        }
      }
      expect(slow).toEqual([]);
    });
  }

  it('every function is linear on generated strings of pattern words', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...TOKENS), { minLength: 1, maxLength: 40 }),
        (parts) => {
          const input = fill(parts.join(''));
          for (const [name, fn] of Object.entries(FUNCTIONS)) {
            const ms = elapsedMs(() => fn(input));
            if (ms > BUDGET_MS) throw new Error(`${name} took ${Math.round(ms)} ms`);
          }
        },
      ),
      { numRuns: 8, seed: 18 },
    );
  });
});
