import { extractWithRules } from '../extract/rule-extractor';
import { Geocoder } from '../geo/geocoder';
import type { LabelledItem, Prediction } from './score';

/**
 * Runs the real rule extractor and geocoder over labelled items, as a pipeline run would: the
 * extractor reads title and summary; the geocoder reads the same text with the extractor's place
 * hint. Every item is geocoded, also those the extractor missed, so the place figures measure
 * the geocoder rather than repeat the conflict decision.
 */
export function predictAll(
  items: readonly LabelledItem[],
  geocoder = new Geocoder(),
): Map<string, Prediction> {
  const predictions = new Map<string, Prediction>();
  for (const item of items) {
    const published = new Date(item.published_at);
    const extraction = extractWithRules({
      title: item.title,
      summary: item.summary,
      publishedAt: published,
      fetchedAt: published,
    });
    const geo = geocoder.geocode({
      text: `${item.title}. ${item.summary}`,
      placeHint: extraction.placeHint,
    });
    predictions.set(item.id, {
      isConflict: extraction.isConflict,
      eventType: extraction.eventType,
      fatalities: extraction.fatalities,
      injuries: extraction.injuries,
      state: geo.state,
      lga: geo.lga,
    });
  }
  return predictions;
}
