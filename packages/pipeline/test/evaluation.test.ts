import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { predictAll } from '../src/evaluation/predict';
import {
  formatTable,
  headline,
  score,
  type Floors,
  type LabelledItem,
} from '../src/evaluation/score';

// Issue #18: the real extractor and geocoder on the hand-labelled evaluation set. Prints a
// per-field table for each split (so it shows in `npm test`), and fails when a figure of the
// test split drops below the floor recorded in evaluation/baseline.json. Rules are tuned on the
// dev split only; the test split is reported, never read while changing rules, so no
// per-article test errors are printed here.
const read = <T>(name: string): T =>
  JSON.parse(readFileSync(new URL(`../evaluation/${name}`, import.meta.url), 'utf8')) as T;

const splits = {
  dev: read<LabelledItem[]>('dev.json'),
  test: read<LabelledItem[]>('test.json'),
};
const floors = read<Floors>('baseline.json');

function evaluate(items: readonly LabelledItem[]) {
  return score(items, predictAll(items));
}

describe('evaluation set (issue #18)', () => {
  it('scores the dev split (for tuning) and prints it', () => {
    const scores = evaluate(splits.dev);
    console.log(formatTable('dev', scores));
    expect(scores.items).toBe(splits.dev.length);
  });

  it('keeps every test-split figure at or above its recorded floor', () => {
    const scores = evaluate(splits.test);
    console.log(formatTable('test', scores));
    const figures = headline(scores);
    const below = (Object.keys(floors) as Array<keyof Floors>)
      .filter((k) => figures[k] < floors[k])
      .map((k) => `${k}: ${figures[k].toFixed(3)} < floor ${floors[k]}`);
    expect(below, 'a change made the extractor or geocoder worse on the test split').toEqual([]);
  });
});
