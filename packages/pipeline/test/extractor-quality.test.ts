import { describe, expect, it } from 'vitest';
import { extractWithRules } from '../src/extract/rule-extractor';
import { Geocoder } from '../src/geo/geocoder';
import { LABELLED_ARTICLES, type LabelledArticle } from './fixtures/labelled-articles';

// Runs the rule extractor over the labelled set and scores it. The thresholds are the issue's:
// precision and recall of "is a conflict event" and of the event type at least 0.8, fatalities
// right on at least 90 % of the items that state a number. The scores are printed so a change
// to the patterns shows its effect.

const results = LABELLED_ARTICLES.map((article) => ({
  article,
  got: extractWithRules({
    title: article.title,
    summary: article.summary,
    publishedAt: new Date(article.publishedAt),
    fetchedAt: new Date(article.publishedAt),
  }),
}));

function describeMiss(article: LabelledArticle, got: unknown): string {
  return `${article.id} "${article.title}" → ${JSON.stringify(got)}`;
}

describe('rule extractor on the labelled set', () => {
  it('has at least 60 labelled articles, with both classes and every event type', () => {
    expect(LABELLED_ARTICLES.length).toBeGreaterThanOrEqual(60);
    expect(new Set(LABELLED_ARTICLES.map((a) => a.id)).size).toBe(LABELLED_ARTICLES.length);
    const types = new Set(LABELLED_ARTICLES.filter((a) => a.conflict).map((a) => a.type));
    expect([...types].sort()).toEqual([
      'attack',
      'bombing',
      'clash',
      'kidnapping',
      'military_operation',
      'mob_violence',
      'protest',
    ]);
    expect(LABELLED_ARTICLES.filter((a) => !a.conflict).length).toBeGreaterThanOrEqual(15);
  });

  it('tells conflict events from other news with precision and recall ≥ 0.8', () => {
    const tp = results.filter((r) => r.article.conflict && r.got.isConflict).length;
    const fp = results.filter((r) => !r.article.conflict && r.got.isConflict);
    const fn = results.filter((r) => r.article.conflict && !r.got.isConflict);
    const precision = tp / (tp + fp.length);
    const recall = tp / (tp + fn.length);
    console.info(
      `is-conflict: precision ${precision.toFixed(3)}, recall ${recall.toFixed(3)} (n=${results.length})`,
    );
    for (const r of [...fp, ...fn])
      console.info(`  miss: ${describeMiss(r.article, r.got.evidence)}`);
    expect(precision).toBeGreaterThanOrEqual(0.8);
    expect(recall).toBeGreaterThanOrEqual(0.8);
  });

  it('gives the event type with precision and recall ≥ 0.8', () => {
    // A prediction is right when the article is a conflict event of exactly that type.
    const predicted = results.filter((r) => r.got.isConflict);
    const actual = results.filter((r) => r.article.conflict);
    const right = predicted.filter((r) => r.article.conflict && r.got.eventType === r.article.type);
    const precision = right.length / predicted.length;
    const recall = right.length / actual.length;
    console.info(`event type: precision ${precision.toFixed(3)}, recall ${recall.toFixed(3)}`);
    for (const r of actual.filter((x) => x.got.isConflict && x.got.eventType !== x.article.type)) {
      console.info(
        `  wrong type: ${r.article.id} want ${r.article.type}, got ${r.got.eventType} ${r.got.evidence.join(' ')}`,
      );
    }
    expect(precision).toBeGreaterThanOrEqual(0.8);
    expect(recall).toBeGreaterThanOrEqual(0.8);
  });

  it('reads the fatalities right on at least 90 % of the articles that state them', () => {
    const stated = results.filter((r) => r.article.fatalities !== undefined);
    const right = stated.filter((r) => r.got.fatalities === r.article.fatalities);
    const share = right.length / stated.length;
    console.info(
      `fatalities: ${right.length}/${stated.length} right (${(share * 100).toFixed(1)} %)`,
    );
    for (const r of stated.filter((x) => x.got.fatalities !== x.article.fatalities)) {
      console.info(
        `  wrong count: ${r.article.id} want ${r.article.fatalities}, got ${r.got.fatalities}`,
      );
    }
    expect(stated.length).toBeGreaterThanOrEqual(30);
    expect(share).toBeGreaterThanOrEqual(0.9);
  });

  it('reads the injuries that are stated', () => {
    const stated = results.filter((r) => r.article.injuries !== undefined);
    const right = stated.filter((r) => r.got.injuries === r.article.injuries);
    expect(stated.length).toBeGreaterThanOrEqual(4);
    expect(right.length / stated.length).toBeGreaterThanOrEqual(0.75);
  });

  it('dates events from the day named in the text', () => {
    const dated = results.filter((r) => r.article.eventDate !== undefined);
    expect(dated.length).toBeGreaterThanOrEqual(5);
    for (const r of dated) expect(r.got.eventDate, r.article.id).toBe(r.article.eventDate);
  });

  it('places at least 80 % of the events whose state is known in the right state', () => {
    const geocoder = new Geocoder();
    const withState = results.filter((r) => r.article.state !== undefined);
    const right = withState.filter(
      (r) =>
        geocoder.geocode({
          text: `${r.article.title}. ${r.article.summary}`,
          placeHint: r.got.placeHint,
        }).state === r.article.state,
    );
    console.info(`geocoding: ${right.length}/${withState.length} in the right state`);
    expect(right.length / withState.length).toBeGreaterThanOrEqual(0.8);
  });
});
